#!/usr/bin/env python3
"""check.py TEXT CSV HTML: the figures of the terminal summary and of the
HTML page (its data-t/data-g/data-k elements) equal those of the tidy
CSV, for the same input."""
import csv, re, sys
from html.parser import HTMLParser

want = {(r['table'], r['group'], r['key']): r['value']
        for r in csv.DictReader(open(sys.argv[2], newline=''))}
# the terminal summary: "label  value" and "label  value  value" lines
single = {
    'households served with a priority reason': ('summary', 'all', 'priority_households'),
    'over-occupied, moved to a home that fits': ('summary', 'all', 'over_fixed'),
    'under-occupied, moved to a home that fits': ('summary', 'all', 'under_fixed'),
    'rooms given up (moves to a smaller home)': ('rooms', 'all', 'freed'),
    'rooms gained (moves to a larger home)': ('rooms', 'all', 'gained'),
    '4+ room homes freed by under-occupiers': ('rooms', 'all', 'large_homes_freed'),
    '4+ room homes to families of 3+ dependants': ('rooms', 'all', 'large_homes_to_large_families'),
    'households whose rents are known': ('rent', 'all', 'known'),
    'mean before': ('rent', 'all', 'before_mean'),
    'mean after': ('rent', 'all', 'after_mean'),
    'mean change': ('rent', 'all', 'change_mean'),
    'pay more': ('rent', 'all', 'up'), 'pay less': ('rent', 'all', 'down'),
    'pay the same': ('rent', 'all', 'same'),
    'moves to another landlord': ('across', 'landlords', 'moves'),
    'of moves with both landlords known': ('across', 'landlords', 'known'),
    'moves to another reservataire': ('across', 'reservataires', 'moves'),
    'of moves with both reservataires known': ('across', 'reservataires', 'known'),
}
section, seen, bad = None, 0, []
for line in open(sys.argv[1], encoding='utf-8'):
    if not line.startswith('  '):
        section = line.split()[0] if line.strip() else section
        continue
    parts = re.split(r'\s{2,}', line.strip())
    label, vals = parts[0], parts[1:]
    if label in single:
        keys = [single[label]]
    elif section == 'Exchanges':
        t = ('summary', 'all') if label == 'all' else ('kind', label)
        keys = [t + ('exchanges',), t + ('households',)]
    elif section == 'Priority':
        if label.startswith('households ('):
            keys = [('summary', 'all', 'waiting'), ('summary', 'all', 'households')]
        else:
            keys = [('reason', label, 'waiting'), ('reason', label, 'served')]
    elif section == 'Households':
        d = label.split()[0]
        keys = [('departement', d, 'left'), ('departement', d, 'taken')]
    else:
        bad.append(('unknown line', line))
        continue
    for k, v in zip(keys, vals):
        seen += 1
        if want.get(k) != v:
            bad.append((k, v, want.get(k)))
print(f'text: {seen} figures, {len(bad)} differ from -f csv', bad[:3])

class Figs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cur, self.figs = None, []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if 'data-t' in a:
            self.cur = [(a['data-t'], a['data-g'], a['data-k']), '']
    def handle_data(self, d):
        if self.cur:
            self.cur[1] += d
    def handle_endtag(self, tag):
        if self.cur:
            self.figs.append(tuple(self.cur))
            self.cur = None
p = Figs()
p.feed(open(sys.argv[3], encoding='utf-8').read())
hbad = [(k, v, want.get(k)) for k, v in p.figs if want.get(k) != v]
print(f'html: {len(p.figs)} figures, {len(hbad)} differ from -f csv', hbad[:3])
sys.exit(1 if bad or hbad else 0)
