#!/usr/bin/env bash
# Browser tests of the public catalogue (issue 14): builds the site from the sample library with the debug binary (release under make test),
# then drives Debian's chromium through /usr/bin/chromedriver with selenium. Nothing is downloaded at test time.
# Needs (installed by .ci/run): chromium chromium-driver python3-pip, and `pip install selenium`.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PY=${PYTHON:-/usr/bin/python3}
[ -x "$PY" ] || PY=python3
for f in /usr/bin/chromium /usr/bin/chromedriver; do
  [ -x "$f" ] || { echo "missing $f: apt-get install -y chromium chromium-driver" >&2; exit 1; }
done
"$PY" -c "import selenium" 2>/dev/null || {
  echo "missing selenium for $PY: $PY -m pip install --break-system-packages selenium" >&2; exit 1; }

# PROFILE=release (make test) reuses the release build the Rust tests just made.
PROFILE=${PROFILE:-debug}
if [ "$PROFILE" = release ]; then cargo build --release --bin stockfirst; else cargo build --bin stockfirst; fi
BIN="$ROOT/target/$PROFILE/stockfirst"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
LIBRARY="$ROOT/sample-data/jiaozuo-stock-sample.gpkg"
# A fixed date, so the screenshot and the site do not change from day to day.
sed 's/date: None,/date: Some("2026-12-01"),/' assets/publish.example.ron > "$WORK/publish.ron"
"$BIN" publish --library "$LIBRARY" --config "$WORK/publish.ron" --out "$WORK/site"

SITE="$WORK/site" LIBRARY="$LIBRARY" BIN="$BIN" SHOTS="$ROOT/docs/screenshots" \
  "$PY" tests/browser/test_publish.py "$@"
