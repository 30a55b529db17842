#!/usr/bin/env bash
# Tests the built .deb as an officer would use it (docs/packaging.md). Run as root on a Debian 12 machine after
# `make package`; CI runs it through `make package-test`. It installs the package, uses it from outside the source
# tree, starts the app under Xvfb and screenshots it, then removes the package and checks nothing is left.
set -euo pipefail
cd "$(dirname "$0")/.."
TREE=$PWD
ARCH=$(dpkg --print-architecture)
DEB=${DEB:-$(ls -t target/debian/stockfirst_*_"$ARCH".deb 2>/dev/null | head -n1 || true)}
[ -n "$DEB" ] || { echo "no target/debian/stockfirst_*_$ARCH.deb: run make package first" >&2; exit 1; }
DEB=$(realpath "$DEB") # apt-get takes a local package by a path with a slash
OUT=$TREE/target/package/test
rm -rf "$OUT" && mkdir -p "$OUT"
export DEBIAN_FRONTEND=noninteractive

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
has() { grep -qE -- "$1" "$2" || fail "$3 (no /$1/ in $2)"; }

step "dpkg-deb -I $DEB"
dpkg-deb -I "$DEB" | tee "$OUT/info.txt"
has '^ Package: stockfirst$' "$OUT/info.txt" "package name"
has "^ Architecture: $ARCH$" "$OUT/info.txt" "architecture"
has '^ Depends: .*libgdal[0-9]+' "$OUT/info.txt" "GDAL runtime library in Depends"
has '^ Depends: .*libproj[0-9]+' "$OUT/info.txt" "PROJ runtime library in Depends"
has '^ Depends: .*libc6' "$OUT/info.txt" "libc6 in Depends (dpkg-shlibdeps ran)"
has '^ Recommends: .*fonts-noto-cjk' "$OUT/info.txt" "fonts-noto-cjk recommended"
grep -E '^ (Pre-)?Depends:' "$OUT/info.txt" | grep -qE -- '-dev\b' && fail "a -dev package in Depends"

step "dpkg-deb -c (contents)"
dpkg-deb -c "$DEB" | awk '{print $NF}' | sed 's|^\./|/|' > "$OUT/contents.txt"
for f in /usr/bin/stockfirst \
	/usr/share/stockfirst/assets/matching.ron /usr/share/stockfirst/assets/counties.ron \
	/usr/share/stockfirst/assets/rules/jiaozuo-2026.ron /usr/share/stockfirst/assets/land_use/ydyh-2023.ron \
	/usr/share/stockfirst/sample-data/jiaozuo-stock-sample.gpkg /usr/share/stockfirst/sample-data/scenario-2026.ron \
	/usr/share/stockfirst/sample-data/footprints/xiuwu-industrial.txt \
	/usr/share/applications/stockfirst.desktop /usr/share/mime/packages/stockfirst.xml \
	/usr/share/icons/hicolor/scalable/apps/stockfirst.svg \
	/usr/share/man/man1/stockfirst.1.gz /usr/share/man/man1/stockfirst-info.1.gz \
	/usr/share/bash-completion/completions/stockfirst /usr/share/zsh/vendor-completions/_stockfirst \
	/usr/share/fish/vendor_completions.d/stockfirst.fish /usr/share/doc/stockfirst/README.md; do
	grep -qxF "$f" "$OUT/contents.txt" || fail "$f missing from the package"
done
for s in 16 32 48 64 128 256; do
	grep -qxF "/usr/share/icons/hicolor/${s}x${s}/apps/stockfirst.png" "$OUT/contents.txt" || fail "${s}px icon missing"
done
wc -l < "$OUT/contents.txt" | xargs echo "entries:"
BIN_SIZE=$(dpkg-deb -c "$DEB" | awk '$NF == "./usr/bin/stockfirst" {print $3}')
echo "/usr/bin/stockfirst: $BIN_SIZE bytes"
[ "$BIN_SIZE" -lt 100000000 ] || fail "the binary is not stripped ($BIN_SIZE bytes)"

step "desktop entry, icon sizes, man page (from the package, before installing)"
X=$OUT/extract && dpkg-deb -x "$DEB" "$X"
desktop-file-validate "$X/usr/share/applications/stockfirst.desktop"
has '^Name=存量优先 · 用地套核与指标模拟$' "$X/usr/share/applications/stockfirst.desktop" "Chinese name"
has '^Name\[en\]=' "$X/usr/share/applications/stockfirst.desktop" "English name"
has '^Exec=stockfirst %f$' "$X/usr/share/applications/stockfirst.desktop" "Exec with %f"
has '^MimeType=application/x-stockfirst-project;text/plain;$' "$X/usr/share/applications/stockfirst.desktop" "MIME types"
for s in 16 32 48 64 128 256; do
	[ "$(identify -format '%wx%h' "$X/usr/share/icons/hicolor/${s}x${s}/apps/stockfirst.png")" = "${s}x${s}" ] ||
		fail "icon ${s}x${s} has the wrong size"
done
MANPAGER=cat man -l "$X/usr/share/man/man1/stockfirst.1.gz" 2>/dev/null > "$OUT/man.txt"
has 'stockfirst' "$OUT/man.txt" "man page renders"
has '/usr/share/stockfirst/sample-data' "$OUT/man.txt" "man page FILES section"

step "apt-get install ./$(basename "$DEB") pulls only runtime libraries"
dpkg -s stockfirst >/dev/null 2>&1 && apt-get remove -y stockfirst >/dev/null
apt-get install -s "$DEB" > "$OUT/apt-sim.txt"
grep '^Inst ' "$OUT/apt-sim.txt" | awk '{print $2}' | tee "$OUT/apt-pulls.txt"
grep -E -- '-dev(:|$)' "$OUT/apt-pulls.txt" && fail "installing would pull -dev packages"
apt-get install -y "$DEB"
dpkg -s stockfirst | grep -q '^Status: install ok installed' || fail "stockfirst not installed"

step "the command line, from a directory outside the tree"
cd "$(mktemp -d)"
command -v stockfirst | grep -qx /usr/bin/stockfirst || fail "stockfirst is not /usr/bin/stockfirst"
stockfirst --version | tee "$OUT/version.txt"
has '^stockfirst [0-9]+\.[0-9]+\.[0-9]+' "$OUT/version.txt" "--version"
stockfirst info /usr/share/stockfirst/sample-data/jiaozuo-stock-sample.gpkg > "$OUT/info-sample.txt"
head -n 8 "$OUT/info-sample.txt"
has '3000' "$OUT/info-sample.txt" "info counts the 3000 sample parcels"
has 'EPSG:4526' "$OUT/info-sample.txt" "info names the CRS"
stockfirst quota run /usr/share/stockfirst/sample-data/scenario-2026.ron > "$OUT/quota.txt" ||
	fail "quota run on the installed scenario"
if grep -rqs '^path-exclude.*/usr/share/man' /etc/dpkg/dpkg.cfg.d/; then
	# Slim container images tell dpkg to drop every man page; the page is in the package (checked above).
	echo "dpkg here excludes /usr/share/man (slim image): man -w skipped, the page was checked with man -l"
else
	man -w stockfirst | tee "$OUT/man-w.txt"
	has '/usr/share/man/man1/stockfirst.1' "$OUT/man-w.txt" "man -w stockfirst"
fi

step "desktop integration: MIME type, desktop database, icon"
[ -f /usr/share/mime/application/x-stockfirst-project.xml ] || fail "update-mime-database did not register the type"
if [ -f /usr/share/applications/mimeinfo.cache ]; then
	has '^application/x-stockfirst-project=.*stockfirst.desktop' /usr/share/applications/mimeinfo.cache "desktop database"
fi
if command -v gio >/dev/null; then
	# A project as the app writes it, under a plain name, and a RON file that is not a project.
	printf '(\n    version: 1,\n    library: Some(Sample(\n        parcels: 3000,\n        seed: 2026,\n    )),\n    sketch: [],\n' > project.ron
	printf '(\n    counties: [],\n)\n' > other.ron
	cp project.ron named.stockfirst.ron
	for f in project.ron named.stockfirst.ron other.ron; do
		printf '%s: ' "$f"; gio info -a standard::content-type "$f" | awk '/content-type/ {print $2}'
	done | tee "$OUT/mime.txt"
	has '^project.ron: application/x-stockfirst-project$' "$OUT/mime.txt" "project recognised by content"
	has '^named.stockfirst.ron: application/x-stockfirst-project$' "$OUT/mime.txt" "*.stockfirst.ron recognised"
	grep -q '^other.ron: application/x-stockfirst-project$' "$OUT/mime.txt" && fail "a RON file that is no project was claimed"
fi

step "the app from its desktop entry, under Xvfb, on the installed sample library (+ a 界址点 TXT via %f)"
EXEC=$(sed -n 's/^Exec=//p' /usr/share/applications/stockfirst.desktop)
TXT=/usr/share/stockfirst/sample-data/footprints/xiuwu-industrial.txt
CMD=${EXEC/\%f/$TXT}
SHOT=$OUT/app-installed.png
xvfb-run -a -s "-screen 0 1600x1000x24" bash -c "
	$CMD > '$OUT/app.log' 2>&1 & pid=\$!
	sleep \${APP_WAIT:-15}
	kill -0 \$pid || { echo 'the app exited early'; exit 1; }
	import -window root '$SHOT'
	kill \$pid; wait \$pid 2>/dev/null || true
" || { cat "$OUT/app.log"; fail "the app did not start"; }
COLOURS=$(identify -format '%k' "$SHOT")
echo "screenshot $SHOT: $COLOURS colours"
[ "$COLOURS" -ge "${MIN_COLOURS:-500}" ] || { cat "$OUT/app.log"; fail "the screenshot looks blank ($COLOURS colours)"; }

step "apt-get remove"
cd /
apt-get remove -y stockfirst
[ ! -e /usr/bin/stockfirst ] || fail "/usr/bin/stockfirst left behind"
[ ! -e /usr/share/stockfirst ] || fail "/usr/share/stockfirst left behind"
[ ! -e /usr/share/applications/stockfirst.desktop ] || fail "desktop entry left behind"
[ ! -e /usr/share/mime/application/x-stockfirst-project.xml ] || fail "MIME type left registered"
dpkg -s stockfirst 2>/dev/null | grep -q '^Status: install ok installed' && fail "still installed"
echo
echo "package test passed: $DEB"
