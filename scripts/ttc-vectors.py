#!/usr/bin/python3
"""ttc-vectors.py: convert the TTC test vectors (JSON) to tests/data/ttc.

usage: scripts/ttc-vectors.py [VECTORS.json] > tests/data/ttc/vectors.txt

VECTORS.json defaults to ../shared/bench/ttc/vectors.json. Each entry has
prefs (agent -> houses, best first), tenant_of, priority and expected, with
1-based labels. tenant_of is keyed by HOUSE (house -> the agent living in
it, null = vacant), as the `houses` argument of R matchingMarkets::ttc it
comes from, whatever the README says: read by agent, 20 of the 25 expected
outcomes are wrong, and some keys are agents that do not exist. The script
re-derives every expected outcome with the literal YRMH-IGYT queue of
Abdulkadiroglu and Sonmez (1999) and stops (exit 1) on any disagreement.

The output is line-based, 0-based (label k becomes k - 1, none is -1):
  vector NAME / size NAGENTS NHOUSES / pref AGENT HOUSE... (every agent) /
  tenant AGENT HOUSE (every agent) / priority AGENT... / expect AGENT HOUSE
  (every agent) / end. Lines starting with # are comments.
"""
import json
import sys


def die(msg):
    sys.stderr.write("ttc-vectors.py: %s\n" % msg)
    sys.exit(1)


def market(v):
    """The vector as 0-based lists: prefs, home (agent -> house or -1)..."""
    na = len(v["prefs"])
    if sorted(int(a) for a in v["prefs"]) != list(range(1, na + 1)):
        die("%s: agents are not 1..%d" % (v["name"], na))
    prefs = [[h - 1 for h in v["prefs"][str(a + 1)]] for a in range(na)]
    home = [-1] * na
    for h, a in v["tenant_of"].items():
        if a is None:
            continue
        if not 1 <= a <= na or home[a - 1] != -1:
            die("%s: tenant_of[%s] = %s: no such agent, or twice"
                % (v["name"], h, a))
        home[a - 1] = int(h) - 1
    labels = [int(h) for h in v["tenant_of"]]
    labels += [h + 1 for p in prefs for h in p]
    nh = max(labels, default=0)
    if min(labels, default=1) < 1:
        die("%s: a house label below 1" % v["name"])
    prio = [a - 1 for a in v["priority"]]
    if sorted(prio) != list(range(na)):
        die("%s: priority is not a permutation of the agents" % v["name"])
    exp = [-1 if v["expected"].get(str(a + 1)) is None
           else v["expected"][str(a + 1)] - 1 for a in range(na)]
    return prefs, home, nh, prio, exp


def yrmh_igyt(prefs, home, prio):
    """The literal queue algorithm: the first agent in line requests its
    best remaining house; a tenant still there whose house is requested
    goes to the head of the line; a loop of requests trades."""
    owner = {h: a for a, h in enumerate(home) if h >= 0}
    taken, gone = set(), set()
    out = [-1] * len(prefs)

    def best(a):
        for h in prefs[a]:
            if h not in taken:
                return h          # own house: never taken while a stays
        return home[a]

    def give(a, h):
        out[a] = h
        gone.add(a)
        if h >= 0:
            taken.add(h)

    for head in prio:
        line = [] if head in gone else [head]
        while line:
            h = best(line[-1])
            t = owner.get(h, -1) if h >= 0 else -1
            if h < 0:                          # newcomer, nothing left
                give(line.pop(), -1)
            elif t in line:                    # a loop of requests
                i = line.index(t)
                for a in line[i:]:
                    give(a, best(a))
                del line[i:]
            elif t < 0 or t in gone:           # free house: take it
                give(line.pop(), h)
            else:                              # you request my house...
                line.append(t)
    return out


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else \
        "../shared/bench/ttc/vectors.json"
    with open(path, encoding="utf-8") as f:
        vectors = json.load(f)
    w = sys.stdout.write
    w("# TTC test vectors for tests/unit/test_ttc.c, made by\n"
      "# scripts/ttc-vectors.py from bench/ttc/vectors.json (%d markets).\n"
      "# Do not edit: run the script again. 0-based ids, -1 = none;\n"
      "# format in the script's docstring and in README.md here.\n"
      % len(vectors))
    for v in vectors:
        prefs, home, nh, prio, exp = market(v)
        if yrmh_igyt(prefs, home, prio) != exp:
            die("%s: expected outcome differs from YRMH-IGYT" % v["name"])
        w("\n# source: %s\nvector %s\nsize %d %d\n"
          % (v["source"], v["name"], len(prefs), nh))
        for a, p in enumerate(prefs):
            w("pref %d%s\n" % (a, "".join(" %d" % h for h in p)))
        for a, h in enumerate(home):
            w("tenant %d %d\n" % (a, h))
        w("priority%s\n" % "".join(" %d" % a for a in prio))
        for a, h in enumerate(exp):
            w("expect %d %d\n" % (a, h))
        w("end\n")


if __name__ == "__main__":
    main()
