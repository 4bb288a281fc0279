#!/bin/bash
# tests/browser/report-dom.sh: troc-report's HTML page rendered by
# headless Chromium (--dump-dom), then its DOM checked by report-dom.py,
# with hostile household ids and commune names in the data, and a local
# web server that counts any request the page makes. Exit 0 when all
# holds, 77 (skip) when Chromium cannot be found or run, 1 otherwise.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
D="$top/tests/data/report"
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
	echo "report-dom: skipped: no chromium (scripts/install-deps installs it)"
	exit 77
fi
w=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$w"' EXIT

# a web server on a free port: any request the page makes is logged
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$w" && exec python3 -m http.server "$port" --bind 127.0.0.1 \
    >/dev/null 2>"$w/requests.log") &
server=$!

# hostile strings: two household ids, a commune and a département name
h1='<script>document.title="pwned"</script>'
h2="\"><img src=http://127.0.0.1:$port/leak onerror=alert(1)>"
c1="<script>alert(2)</script>Paris 11e"
c2="<svg onload=alert(4)>Montreuil"
d1="\"><img src=http://127.0.0.1:$port/dep onerror=alert(3)>"
python3 - "$D" "$w" "$h1" "$h2" "$c1" "$c2" "$d1" "$top/data" <<'PY'
import csv, gzip, os, shutil, sys
D, w, h1, h2, c1, c2, d1, data = sys.argv[1:]
prop = list(csv.reader(open(f'{D}/proposals.csv', newline='')))
rename = {prop[1][4]: h1, prop[2][4]: h2}
for r in prop[1:]:
    r[4] = rename.get(r[4], r[4])
csv.writer(open(f'{w}/proposals.csv', 'w', newline=''), lineterminator='\n').writerows(prop)
hh = list(csv.reader(gzip.open(f'{D}/households.ok.csv.gz', 'rt', newline='')))
for r in hh[1:]:
    r[0] = rename.get(r[0], r[0])
csv.writer(open(f'{w}/households.csv', 'w', newline=''), lineterminator='\n').writerows(hh)
os.mkdir(f'{w}/data')
rows = list(csv.reader(open(f'{data}/idf-communes.csv', newline='')))
for r in rows[1:]:
    if r[0] == '75111':
        r[2] = c1
    if r[0] == '93048':
        r[2] = c2
    if r[3] == '92':
        r[4] = d1
csv.writer(open(f'{w}/data/idf-communes.csv', 'w', newline=''), lineterminator='\n').writerows(rows)
shutil.copy(f'{data}/idf-communes-2018-outlines.csv.gz', f'{w}/data/')
PY
units="$D/units.csv.gz"
# the first two households of the proposals must show the hostile commune
export TROC_DATA="$w/data"
troc-report -q -f html -H "$w/households.csv" -u "$units" \
    -o "$w/report.html" "$w/proposals.csv" || exit 1
troc-report -q -f csv -H "$w/households.csv" -u "$units" \
    -o "$w/report.csv" "$w/proposals.csv" || exit 1
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update \
    --disable-sync --no-first-run --user-data-dir="$w/profile" \
    --dump-dom "file://$w/report.html" > "$w/dom.html" 2>"$w/chromium.err"
if [ ! -s "$w/dom.html" ]; then
	echo "report-dom: skipped: chromium does not run here:"
	tail -3 "$w/chromium.err"
	exit 77
fi
grep -q "<svg" "$w/dom.html" || { echo "FAIL no DOM"; exit 1; }
sleep 0.5
python3 "$top/tests/browser/report-dom.py" "$w/dom.html" "$w/report.csv" \
    "$h1" "$h2" "75111 $c1" "92 $d1" "93048 $c2" || exit 1
if [ -s "$w/requests.log" ]; then
	echo "FAIL the page made requests:"; cat "$w/requests.log"; exit 1
fi
echo "ok   no request reached the local web server"
