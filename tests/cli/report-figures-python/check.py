#!/usr/bin/env python3
"""check.py PROPOSALS HOUSEHOLDS.gz UNITS.gz REPORT.csv: every figure of
troc-report -f csv computed again here, independently (Python's csv and
the definitions of troc-report(1)), and compared row by row."""
import csv, gzip, io, sys
from collections import Counter, defaultdict

def rows(path):
    op = gzip.open if path.endswith('.gz') else open
    with op(path, 'rt', encoding='utf-8', newline='') as f:
        return list(csv.DictReader(f))

def num(s):
    return float(s) if s != '' else None

def ivl(s):
    return int(s) if s != '' else None

prop, hh, units = rows(sys.argv[1]), rows(sys.argv[2]), rows(sys.argv[3])
H = {h['household_id']: h for h in hh}
home = {}
for h in hh:
    home.setdefault(h['unit_id'], dict(landlord=h['home_landlord'],
        commune=h['home_commune'], rooms=ivl(h['home_rooms']),
        surface=num(h['home_surface']), rent=num(h['home_rent']),
        charges=num(h['home_charges']), resv=None))
for u in units:                       # -u wins over -H
    home[u['unit_id']] = dict(landlord=u['landlord'], commune=u['commune'],
        rooms=ivl(u['rooms']), surface=num(u['surface']),
        rent=num(u['rent']), charges=num(u['charges']),
        resv=u['reservataire'] or None)

def min_surface(n):
    return 9 if n <= 1 else min(70, 16 + 9 * (n - 2))

def occ(persons, h):
    if persons is None or (h['rooms'] is None and h['surface'] is None):
        return 'unknown'
    if h['surface'] is not None and h['surface'] < min_surface(persons):
        return 'over'
    if h['rooms'] is not None and h['rooms'] > persons + 1:
        return 'under'
    return 'normal'

def dep(c):
    if not c:
        return 'unknown'
    return c[:3] if c.startswith('97') else c[:2]

R = ['handicap', 'ageing', 'overcrowded', 'underoccupied', 'job', 'rent', 'mix']
fig = {}
def put(t, g, k, v):
    fig[(t, g, k)] = v

ex, n = Counter(), Counter()
last = None
served, occm = Counter(), Counter()
prio = freed = gained = large_freed = large_fam = 0
before = after = []
rent = []
ll_known = ll_moves = rs_known = rs_moves = 0
left, taken, flow = Counter(), Counter(), Counter()
cleft, ctaken = Counter(), Counter()
lleft, ltaken = Counter(), Counter()
weight = 0.0
for p in prop:
    if p['exchange'] != last:
        ex[p['kind']] += 1
    last = p['exchange']
    n[p['kind']] += 1
    weight += float(p['weight'])
    h = H[p['household']]
    a, b = home[p['from_unit']], home[p['to_unit']]
    reasons = [r for r in h['priority_reasons'].split('|') if r]
    served.update(reasons)
    prio += bool(reasons)
    persons = int(h['persons'])
    occm[(h['occupancy'], occ(persons, b))] += 1
    if a['rooms'] is not None and b['rooms'] is not None:
        if b['rooms'] < a['rooms']:
            freed += a['rooms'] - b['rooms']
        else:
            gained += b['rooms'] - a['rooms']
    if a['rooms'] is not None and a['rooms'] >= 4 and h['occupancy'] == 'under':
        large_freed += 1
    if b['rooms'] is not None and b['rooms'] >= 4 and int(h['dependants']) >= 3:
        large_fam += 1
    if a['rent'] is not None and b['rent'] is not None:
        rent.append((round(a['rent'] + (a['charges'] or 0), 2),
                     round(b['rent'] + (b['charges'] or 0), 2)))
    ll_known += 1
    ll_moves += a['landlord'] != b['landlord']
    if a['resv'] and b['resv']:
        rs_known += 1
        rs_moves += a['resv'] != b['resv']
    if a['commune']:
        cleft[a['commune']] += 1
    if b['commune']:
        ctaken[b['commune']] += 1
    left[dep(a['commune'])] += 1
    taken[dep(b['commune'])] += 1
    flow[(dep(a['commune']), dep(b['commune']))] += 1
    lleft[a['landlord']] += 1
    ltaken[b['landlord']] += 1

for k in ['swap', 'cycle', 'chain']:
    put('kind', k, 'exchanges', ex[k]); put('kind', k, 'households', n[k])
put('summary', 'all', 'exchanges', sum(ex.values()))
put('summary', 'all', 'households', len(prop))
put('summary', 'all', 'weight', round(weight, 3))
waiting = [h for h in hh if not h['blocked']]
put('summary', 'all', 'waiting', len(waiting))
put('summary', 'all', 'priority_households', prio)
put('summary', 'all', 'over_fixed', occm[('over', 'normal')])
put('summary', 'all', 'under_fixed', occm[('under', 'normal')])
for r in R:
    put('reason', r, 'waiting',
        sum(r in h['priority_reasons'].split('|') for h in waiting))
    put('reason', r, 'served', served[r])
O = ['normal', 'over', 'under', 'unknown']
for x in O:
    for y in O:
        put('occupancy', x, y, occm[(x, y)])
put('rooms', 'all', 'freed', freed); put('rooms', 'all', 'gained', gained)
put('rooms', 'all', 'large_homes_freed', large_freed)
put('rooms', 'all', 'large_homes_to_large_families', large_fam)
put('rent', 'all', 'known', len(rent))
if rent:
    bm = round(sum(x for x, _ in rent) / len(rent), 2)
    am = round(sum(y for _, y in rent) / len(rent), 2)
    put('rent', 'all', 'before_mean', bm); put('rent', 'all', 'after_mean', am)
    put('rent', 'all', 'change_mean', round(am - bm, 2))
put('rent', 'all', 'up', sum(y > x for x, y in rent))
put('rent', 'all', 'down', sum(y < x for x, y in rent))
put('rent', 'all', 'same', sum(y == x for x, y in rent))
put('across', 'landlords', 'known', ll_known)
put('across', 'landlords', 'moves', ll_moves)
put('across', 'reservataires', 'known', rs_known)
put('across', 'reservataires', 'moves', rs_moves)
for c in set(cleft) | set(ctaken):
    put('commune', c, 'left', cleft[c]); put('commune', c, 'taken', ctaken[c])
for d in set(left) | set(taken):
    put('departement', d, 'left', left[d]); put('departement', d, 'taken', taken[d])
for (x, y), v in flow.items():
    put('flow', x, y, v)
for l in set(lleft) | set(ltaken):
    put('landlord', l, 'left', lleft[l]); put('landlord', l, 'taken', ltaken[l])

got = {(r['table'], r['group'], r['key']): float(r['value'])
       for r in rows(sys.argv[4])}
bad = 0
for k in sorted(set(fig) | set(got)):
    if k not in got or k not in fig or abs(got[k] - fig[k]) > 1e-9:
        print('differs:', k, 'troc-report', got.get(k), 'python', fig.get(k))
        bad += 1
print(f'{len(fig)} figures computed, {len(got)} reported, {bad} differ')
sys.exit(1 if bad else 0)
