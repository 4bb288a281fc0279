#!/usr/bin/python3
"""kep-peer.py: the peer of troc's exchange optimiser, for tests and bench.

Solves the exchange problem of SPEC.md 3.5 on a graph (NAME.nodes.csv
`id,kind` and NAME.arcs.csv `from,to,weight`) the textbook way and prints
the optimal objective on stdout:

  - K = 2 without chains: networkx max_weight_matching on the swaps;
  - otherwise: the cycle formulation (one binary per cycle of at most K
    households) plus position-indexed chain arcs (PICEF, Dickerson et al.
    2016) for chains of at most L households, or with K = 0 arc variables
    with flow conservation (cycles of any length), built with PuLP and
    solved by CBC (Debian coinor-cbc through pulp.COIN_CMD).

usage: kep-peer.py [-k K] [-L L] [--mip | --lp] [-v] GRAPH
       kep-peer.py [-k K] [-L L] [--mip | --lp] [-v] NODES.csv ARCS.csv

GRAPH is the common prefix (DIR/NAME). --mip uses PuLP even for K = 2.
--lp prints the optimum of the same model's linear relaxation instead:
the bound no Lagrangian or LP method on this formulation goes below
(the LP values in troc-match(1) CAVEATS are its, for parts of a graph).
-v prints sizes, solve status and times on stderr. Exit 0 when the optimum
is proven, 1 when the solver says otherwise, 2 on bad usage or input.
"""
import argparse
import csv
import sys
import time
from collections import deque

HOUSEHOLD = {"household", "pair"}
VACANCY = {"vacancy", "ndd"}


def die(msg):
    print("kep-peer: " + msg, file=sys.stderr)
    sys.exit(2)


def load(nodes_path, arcs_path):
    """Return (ids, vac, arcs): ids in file order, vac[i] True for a
    vacancy, arcs {(u, v): w} with indices, the heaviest of duplicates,
    without arcs into vacancies or loops."""
    ids, vac, index = [], [], {}
    with open(nodes_path, newline="") as f:
        for row in csv.DictReader(f):
            kind = row["kind"].strip().lower()
            if kind not in HOUSEHOLD | VACANCY:
                die("%s: unknown kind %r" % (nodes_path, kind))
            index[row["id"]] = len(ids)
            ids.append(row["id"])
            vac.append(kind in VACANCY)
    arcs = {}
    with open(arcs_path, newline="") as f:
        for row in csv.DictReader(f):
            try:
                u, v = index[row["from"]], index[row["to"]]
            except KeyError as e:
                die("%s: unknown node %s" % (arcs_path, e))
            w = float(row["weight"])
            if u == v or vac[v]:
                continue
            if arcs.get((u, v), -1.0) < w:
                arcs[(u, v)] = w
    return ids, vac, arcs


def out_lists(n, arcs):
    out = [[] for _ in range(n)]
    for (u, v) in sorted(arcs):
        out[u].append(v)
    return out


def cycles(n, vac, arcs, k):
    """Every cycle of 2..k households, from its smallest node, weight > 0."""
    out = out_lists(n, arcs)
    found = []
    for s in range(n):
        if vac[s]:
            continue
        path = [s]
        onpath = {s}

        def dfs(x, w):
            for y in out[x]:
                if y == s and len(path) >= 2:
                    tot = w + arcs[(x, s)]
                    if tot > 0:
                        found.append((tuple(path), tot))
                elif y > s and not vac[y] and y not in onpath and \
                        len(path) < k:
                    path.append(y)
                    onpath.add(y)
                    dfs(y, w + arcs[(x, y)])
                    path.pop()
                    onpath.discard(y)
        dfs(s, 0.0)
    return found


def chain_depth(n, vac, arcs, L):
    """Fewest arcs from a vacancy to each node, up to L."""
    out = out_lists(n, arcs)
    d = [0 if vac[v] else None for v in range(n)]
    q = deque(v for v in range(n) if vac[v])
    while q:
        v = q.popleft()
        if d[v] >= L:
            continue
        for w in out[v]:
            if d[w] is None:
                d[w] = d[v] + 1
                q.append(w)
    return d


def sccs(n, vac, arcs):
    """Strongly connected components of household arcs (Kosaraju)."""
    out = [[] for _ in range(n)]
    inn = [[] for _ in range(n)]
    for (u, v) in arcs:
        if not vac[u]:
            out[u].append(v)
            inn[v].append(u)
    order, seen = [], [False] * n
    for r in range(n):
        if seen[r]:
            continue
        seen[r] = True
        stack = [(r, iter(out[r]))]
        while stack:
            v, it = stack[-1]
            for w in it:
                if not seen[w]:
                    seen[w] = True
                    stack.append((w, iter(out[w])))
                    break
            else:
                stack.pop()
                order.append(v)
    comp, c = [None] * n, 0
    for r in reversed(order):
        if comp[r] is not None:
            continue
        comp[r] = c
        stack = [r]
        while stack:
            v = stack.pop()
            for w in inn[v]:
                if comp[w] is None:
                    comp[w] = c
                    stack.append(w)
        c += 1
    return comp


def by_matching(n, vac, arcs, verbose):
    import networkx as nx
    g = nx.Graph()
    for (u, v), w in arcs.items():
        if u < v and (v, u) in arcs and not vac[u] and not vac[v]:
            tot = w + arcs[(v, u)]
            if tot > 0:
                g.add_edge(u, v, weight=tot)
    t = time.perf_counter()
    mate = nx.max_weight_matching(g, maxcardinality=False)
    if verbose:
        print("kep-peer: matching: %d edges, %.3f s" %
              (g.number_of_edges(), time.perf_counter() - t),
              file=sys.stderr)
    return sum(g[u][v]["weight"] for u, v in mate), True


def by_mip(n, vac, arcs, k, L, verbose, relax=False):
    import pulp
    cat = "Continuous" if relax else "Binary"
    prob = pulp.LpProblem("kep", pulp.LpMaximize)
    obj, inflow = [], [[] for _ in range(n)]
    cyc = cycles(n, vac, arcs, k) if k >= 2 else []
    x = []
    for i, (nodes, w) in enumerate(cyc):
        var = pulp.LpVariable("c%d" % i, 0, 1, cat)
        x.append((var, w))
        obj.append(w * var)
        for v in nodes:
            inflow[v].append(var)
    z = []
    if k == 0:
        comp = sccs(n, vac, arcs)
        zin = [[] for _ in range(n)]
        zout = [[] for _ in range(n)]
        for (u, v), w in sorted(arcs.items()):
            if vac[u] or comp[u] != comp[v]:
                continue
            var = pulp.LpVariable("z%d_%d" % (u, v), 0, 1, cat)
            z.append((var, w))
            obj.append(w * var)
            inflow[v].append(var)
            zin[v].append(var)
            zout[u].append(var)
        for v in range(n):
            if zin[v] or zout[v]:
                prob += pulp.lpSum(zin[v]) == pulp.lpSum(zout[v])
    y = []
    if L >= 1 and any(vac):
        d = chain_depth(n, vac, arcs, L)
        yin = {}
        yout = {}
        for (u, v), w in sorted(arcs.items()):
            if d[u] is None or d[u] >= L:
                continue
            hi = 1 if vac[u] else L
            for p in range(d[u] + 1, hi + 1):
                var = pulp.LpVariable("y%d_%d_%d" % (u, v, p), 0, 1,
                                       cat)
                y.append((var, w))
                obj.append(w * var)
                inflow[v].append(var)
                yin.setdefault((v, p), []).append(var)
                yout.setdefault((u, p), []).append(var)
        for v in range(n):
            if vac[v]:
                if yout.get((v, 1)):
                    prob += pulp.lpSum(yout[(v, 1)]) <= 1
                continue
            for p in range(1, L):
                if yout.get((v, p + 1)):
                    prob += pulp.lpSum(yin.get((v, p), [])) >= \
                        pulp.lpSum(yout[(v, p + 1)])
    for v in range(n):
        if len(inflow[v]) > 1:
            prob += pulp.lpSum(inflow[v]) <= 1
    if not obj:
        return 0.0, True
    prob += pulp.lpSum(obj)
    t = time.perf_counter()
    status = prob.solve(pulp.COIN_CMD(msg=False, threads=1))
    proven = pulp.LpStatus[status] == "Optimal"
    if verbose:
        print("kep-peer: %s: %d cycles, %d arc, %d chain variables, "
              "%s, %.3f s" % ("lp" if relax else "mip", len(cyc), len(z),
                              len(y),
                              pulp.LpStatus[status],
                              time.perf_counter() - t), file=sys.stderr)
    if relax:
        return pulp.value(prob.objective) or 0.0, proven
    total = sum(w for var, w in x + z + y if (var.value() or 0) > 0.5)
    return total, proven


def main():
    ap = argparse.ArgumentParser(
        prog="kep-peer.py",
        description="optimal exchanges by networkx / PuLP + CBC")
    ap.add_argument("-k", type=int, default=3,
                    help="longest cycle (0: any length, 1: none)")
    ap.add_argument("-L", type=int, default=None,
                    help="longest chain (default 3 with vacancies)")
    ap.add_argument("--mip", action="store_true",
                    help="PuLP + CBC even for K = 2")
    ap.add_argument("--lp", action="store_true",
                    help="the optimum of the linear relaxation instead")
    ap.add_argument("-v", action="store_true", help="details on stderr")
    ap.add_argument("files", nargs="+", help="GRAPH or NODES ARCS")
    a = ap.parse_args()
    if len(a.files) == 1:
        nodes, arcs_path = a.files[0] + ".nodes.csv", a.files[0] + ".arcs.csv"
    elif len(a.files) == 2:
        nodes, arcs_path = a.files
    else:
        ap.print_usage(sys.stderr)
        sys.exit(2)
    if a.k < 0 or (a.L is not None and a.L < 0):
        die("k and L must be >= 0")
    try:
        ids, vac, arcs = load(nodes, arcs_path)
    except (OSError, KeyError, ValueError) as e:
        die(str(e))
    L = a.L if a.L is not None else (3 if any(vac) else 0)
    n = len(ids)
    if a.mip and a.lp:
        die("--mip and --lp exclude each other")
    if a.k == 2 and (L == 0 or not any(vac)) and not a.mip and not a.lp:
        total, proven = by_matching(n, vac, arcs, a.v)
    else:
        total, proven = by_mip(n, vac, arcs, a.k, L, a.v, a.lp)
    print("%.10g" % total)
    sys.exit(0 if proven else 1)


if __name__ == "__main__":
    main()
