#!/usr/bin/python3
"""kep-cut.py: cut a part of an exchange graph by commune, for measuring the
optimiser on a region an LP solver can take (README, Status).

usage: scripts/kep-cut.py [-s] [-v FRACTION] HOUSEHOLDS.csv GRAPH COMMUNES OUT

HOUSEHOLDS.csv: the validated households the graph was built from
(troc-validate output: household_id, home_commune). GRAPH: a directory
holding nodes.csv and arcs.csv (troc-match -E, SPEC.md 3.5). COMMUNES: INSEE
codes, comma-separated. OUT: the directory to write nodes.csv and arcs.csv
to (created if needed).

The part keeps the households of the graph whose home is in COMMUNES, the
arcs among them, and the vacancies of a sample with their arcs into them:
a vacancy is kept when the first 8 hex digits of the MD5 of its id, read
as a number, fall below FRACTION * 2^32 (default 1: every vacancy), so the
same FRACTION keeps the same vacancies on every run and machine. Rows keep the
graph's order; nodes are written households first, each kind sorted by id.

With -s (--separate), one part per commune, in OUT/CODE: the households
whose home is in that commune and the arcs among them, and the vacancies
(of the sample) each in one part only, the one whose households it has the
most arcs into (on a tie, the smallest code), with those arcs. So the parts
are disjoint and their answers, put together, are an answer on the whole:
the sum of their optima is at most the optimum of the communes together.
Prints "N households, N vacancies, N arcs" on stderr. Exit 0, or 1 with a
message on a missing file or column.

The README's Paris 20th part: troc-gen --units 1400000 --households 260000,
troc-validate, troc-match -E, then kep-cut.py -v 0.04 ... 75120 OUT.
"""
import argparse
import csv
import hashlib
import os
import sys


def die(msg):
    sys.stderr.write("kep-cut.py: %s\n" % msg)
    sys.exit(1)


def sampled(vid, fraction):
    """Whether vacancy vid is in the sample of share fraction."""
    h = int(hashlib.md5(vid.encode("utf-8")).hexdigest()[:8], 16)
    return h < fraction * 2 ** 32


def households_in(path, communes):
    """The households whose home_commune is in communes: id -> commune."""
    keep = {}
    with open(path, newline="", encoding="utf-8-sig") as f:
        rd = csv.DictReader(f)
        for col in ("household_id", "home_commune"):
            if col not in (rd.fieldnames or []):
                die("%s: no column %s" % (path, col))
        for r in rd:
            if r["home_commune"] in communes:
                keep[r["household_id"]] = r["home_commune"]
    return keep


def main():
    ap = argparse.ArgumentParser(
        prog="kep-cut.py",
        description="Cut the part of an exchange graph whose households "
        "live in the given communes.")
    ap.add_argument("-v", "--vacancies", type=float, default=1.0,
                    metavar="FRACTION",
                    help="share of the vacancies kept (default 1)")
    ap.add_argument("-s", "--separate", action="store_true",
                    help="one part per commune, in OUT/CODE")
    ap.add_argument("households")
    ap.add_argument("graph")
    ap.add_argument("communes")
    ap.add_argument("out")
    a = ap.parse_args()
    if not 0 <= a.vacancies <= 1:
        die("-v %g: a share between 0 and 1" % a.vacancies)
    try:
        keep = households_in(a.households, set(a.communes.split(",")))
    except OSError as e:
        die("%s: %s" % (e.filename, e.strerror))
    vac, hh = set(), set()
    try:
        with open(os.path.join(a.graph, "nodes.csv"), newline="",
                  encoding="utf-8") as f:
            for r in csv.DictReader(f):
                (vac if r["kind"] in ("vacancy", "ndd") else hh).add(r["id"])
        keep = {h: c for h, c in keep.items() if h in hh}
        arcs, used = [], set()
        with open(os.path.join(a.graph, "arcs.csv"), newline="",
                  encoding="utf-8") as f:
            rd = csv.reader(f)
            header = next(rd, None)
            for r in rd:
                u, v = r[0], r[1]
                if v not in keep:
                    continue
                if (u in keep and (not a.separate or keep[u] == keep[v])) \
                        or (u in vac and sampled(u, a.vacancies)):
                    arcs.append(r)
                    if u in vac:
                        used.add(u)
    except OSError as e:
        die("%s: %s" % (e.filename, e.strerror))
    except (KeyError, IndexError):
        die("%s: not an exchange graph (SPEC.md 3.5)" % a.graph)
    if header is None:
        die("%s: empty arcs.csv" % a.graph)
    if not a.separate:
        write(a.out, header, sorted(keep), sorted(used), arcs)
        return
    # each vacancy to the commune it has the most arcs into
    count = {}
    for r in arcs:
        if r[0] in vac:
            n = count.setdefault(r[0], {})
            n[keep[r[1]]] = n.get(keep[r[1]], 0) + 1
    owner = {u: min(n, key=lambda c: (-n[c], c)) for u, n in count.items()}
    for code in sorted(set(a.communes.split(","))):
        write(os.path.join(a.out, code), header,
              sorted(h for h, c in keep.items() if c == code),
              sorted(u for u in used if owner[u] == code),
              [r for r in arcs if keep[r[1]] == code and
               (r[0] not in vac or owner[r[0]] == code)], code + ": ")


def write(out, header, households, vacancies, arcs, what=""):
    """A part: its nodes.csv and arcs.csv in out."""
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "nodes.csv"), "w", newline="",
              encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "kind"])
        w.writerows([h, "household"] for h in households)
        w.writerows([v, "vacancy"] for v in vacancies)
    with open(os.path.join(out, "arcs.csv"), "w", newline="",
              encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(arcs)
    sys.stderr.write("%s%d households, %d vacancies, %d arcs\n"
                     % (what, len(households), len(vacancies), len(arcs)))


if __name__ == "__main__":
    main()
