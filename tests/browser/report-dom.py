#!/usr/bin/env python3
"""report-dom.py DOM.html REPORT.csv HOSTILE...: check the DOM that
headless Chromium made of troc-report's page: the charts are SVG, every
figure shown equals the -f csv table's, nothing may load or run, and the
hostile strings of the data came out as text."""
import csv, sys
from html.parser import HTMLParser

class Dom(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.figs, self.svgs, self.tags = [], [], {}, []
        self.texts, self.metas, self.cur_svg = [], [], None
        self.paths = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == 'meta':
            self.metas.append(a)
        if tag == 'svg':
            self.cur_svg = a.get('id')
            self.svgs[self.cur_svg] = 0
        if tag == 'rect' and self.cur_svg:
            self.svgs[self.cur_svg] += 1
        if tag == 'path' and self.cur_svg == 'chart-map':
            self.paths += 1
        if tag in ('meta', 'rect', 'link', 'img', 'br', 'input'):
            return          # void (or self-closed in SVG)
        self.stack.append([tag, a, ''])

    def handle_endtag(self, tag):
        if tag == 'svg':
            self.cur_svg = None
        while self.stack:
            t, a, text = self.stack.pop()
            if 'data-t' in a:
                self.figs.append((a['data-t'], a['data-g'], a['data-k'], text))
            if t in ('td', 'text', 'title'):
                self.texts.append(text)
            if self.stack:
                self.stack[-1][2] += text
            if t == tag:
                break

    def handle_data(self, data):
        if self.stack:
            self.stack[-1][2] += data

dom = Dom()
dom.feed(open(sys.argv[1], encoding='utf-8').read())
want = {(r['table'], r['group'], r['key']): r['value']
        for r in csv.DictReader(open(sys.argv[2], newline=''))}
fail = 0
def check(ok, what):
    global fail
    print(('ok   ' if ok else 'FAIL ') + what)
    fail += not ok

for chart in ['chart-kind', 'chart-reason', 'chart-occupancy',
              'chart-departement', 'chart-flow']:
    check(dom.svgs.get(chart, 0) > 0, f'{chart}: an inline SVG with bars or cells')
check(dom.paths > 1000, f'chart-map: an inline SVG map of {dom.paths} communes')
wrong = [(t, g, k, v, want.get((t, g, k))) for t, g, k, v in dom.figs
         if want.get((t, g, k)) != v]
check(len(dom.figs) >= 60 and not wrong,
      f'{len(dom.figs)} figures on the page, each equal to -f csv\'s'
      + (f': {wrong[:3]}' if wrong else ''))
shown = {(t, g, k) for t, g, k, _ in dom.figs}
for t in ['summary', 'kind', 'reason', 'rent', 'rooms', 'across', 'flow',
          'departement', 'landlord']:
    rows = [k for k in want if k[0] == t]
    check(all(k in shown for k in rows), f'every figure of table {t} shown ({len(rows)})')
csp = [m.get('content', '') for m in dom.metas
       if m.get('http-equiv', '').lower() == 'content-security-policy']
check(len(csp) == 1 and "default-src 'none'" in csp[0]
      and 'unsafe' not in csp[0],
      'a Content-Security-Policy that forbids loading anything')
bad = [(t, a) for t, a in dom.tags
       if t in ('script', 'img', 'iframe', 'object', 'embed', 'link')
       or any(k.startswith('on') for k in a)
       or any(k in ('src', 'href') for k in a)]
check(not bad, 'no script, image, frame or link element, no on* handler, '
      'no src or href' + (f': {bad[:3]}' if bad else ''))
for h in sys.argv[3:]:
    check(any(h in t for t in dom.texts), f'shown as text: {h!r}')
sys.exit(1 if fail else 0)
