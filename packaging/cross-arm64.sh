#!/usr/bin/env bash
# Cross-builds the arm64 (aarch64: Phytium, Kunpeng) .deb on an x86-64 Debian 12 machine, as root, without
# installing any arm64 package into the machine (docs/packaging.md says why: Debian 12's libgdal32/libgdal-dev are
# not Multi-Arch: same, so `apt-get install libgdal-dev:arm64` would remove the amd64 GDAL the native build needs).
# Instead the arm64 GDAL/PROJ development closure is downloaded with a private, empty dpkg status and unpacked into
# a sysroot that only the cross linker, pkg-config and bindgen see.
set -euo pipefail
cd "$(dirname "$0")/.."
TRIPLE=aarch64-unknown-linux-gnu
WORK=${ARM64_WORK:-/tmp/stockfirst-arm64}
SYSROOT=$WORK/sysroot
export DEBIAN_FRONTEND=noninteractive

# 1. Rust target and the cross C toolchain (amd64 packages; nothing arm64 is installed).
rustup target add $TRIPLE
dpkg -s gcc-aarch64-linux-gnu libc6-dev-arm64-cross >/dev/null 2>&1 ||
	apt-get install -y --no-install-recommends gcc-aarch64-linux-gnu libc6-dev-arm64-cross

# 2. The arm64 sysroot: GDAL, PROJ and libc development files with everything they need, downloaded only.
if [ ! -f "$SYSROOT/usr/lib/aarch64-linux-gnu/pkgconfig/gdal.pc" ]; then
	mkdir -p "$WORK/debs/partial" "$WORK/lists/partial" "$SYSROOT"
	: > "$WORK/empty-status"
	APT=(-o Dir::State::status="$WORK/empty-status" -o Dir::State::Lists="$WORK/lists"
		-o APT::Architecture=arm64 -o APT::Architectures::=arm64 -o Dir::Cache::archives="$WORK/debs")
	apt-get "${APT[@]}" update
	apt-get "${APT[@]}" --download-only -y install libgdal-dev libproj-dev libc6-dev libgcc-12-dev
	for d in "$WORK"/debs/*.deb; do dpkg-deb -x "$d" "$SYSROOT"; done
	# Absolute symlinks (libfoo.so -> /lib/...) must point inside the sysroot, not at the host's amd64 files.
	find "$SYSROOT" -type l -lname '/*' | while read -r l; do ln -sfn "$SYSROOT$(readlink "$l")" "$l"; done
	# What update-alternatives would have done in the packages' postinst: BLAS and LAPACK (GDAL -> armadillo).
	for lib in blas lapack; do
		ln -sfn "$lib/lib$lib.so.3" "$SYSROOT/usr/lib/aarch64-linux-gnu/lib$lib.so.3"
	done
fi

# 3. Cross build: linker, pkg-config and bindgen (proj-sys) all look in the sysroot.
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
L=$SYSROOT/usr/lib/aarch64-linux-gnu
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUSTFLAGS="-C link-arg=--sysroot=$SYSROOT -C link-arg=-L$L \
-C link-arg=-Wl,-rpath-link,$L -C link-arg=-Wl,-rpath-link,$SYSROOT/lib/aarch64-linux-gnu"
export PKG_CONFIG_SYSROOT_DIR=$SYSROOT
export PKG_CONFIG_LIBDIR=$L/pkgconfig:$SYSROOT/usr/share/pkgconfig
export PKG_CONFIG_ALLOW_CROSS=1
export BINDGEN_EXTRA_CLANG_ARGS_aarch64_unknown_linux_gnu="--target=aarch64-linux-gnu --sysroot=$SYSROOT \
-I$SYSROOT/usr/include/aarch64-linux-gnu"
export CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc
export CXX_aarch64_unknown_linux_gnu=aarch64-linux-gnu-g++
cargo build --release --target $TRIPLE
# cargo-deb's own strip is the host's (x86-64) one; strip with the cross binutils, as the amd64 package is stripped.
aarch64-linux-gnu-strip target/$TRIPLE/release/stockfirst

# 4. The package. Icons, man pages and completions come from the host build (same clap definitions); the arm64
#    binary cannot run here. dpkg-shlibdeps cannot see arm64 packages that are not installed, so the arm64 Depends
#    are the amd64 ones' names (the same Debian 12 sonames) via the `arm64` variant in Cargo.toml.
[ -x target/release/stockfirst ] || cargo build --release
make package-files
cargo deb --no-build --no-strip --target $TRIPLE --variant arm64
DEB=$(ls target/$TRIPLE/debian/stockfirst_*_arm64.deb)
ls -l "$DEB"
dpkg-deb -I "$DEB"

# 5. Would it install on a clean arm64 Debian 12? apt resolves the package's Depends against Debian's arm64 archive
#    with an empty dpkg status (a machine with nothing installed): it must find every one, and no -dev package.
APT=(-o Dir::State::status="$WORK/empty-status" -o Dir::State::Lists="$WORK/lists"
	-o APT::Architecture=arm64 -o APT::Architectures::=arm64 -o Dir::Cache::archives="$WORK/debs")
apt-get "${APT[@]}" -s install --no-install-recommends "./$DEB" > "$WORK/install-simulation.txt"
grep -c '^Inst' "$WORK/install-simulation.txt"
if grep '^Inst' "$WORK/install-simulation.txt" | grep -q -- '-dev '; then
	echo "arm64 install would pull a -dev package" >&2
	exit 1
fi

# 6. Optional: run the packaged arm64 binary here under qemu-user (apt-get install qemu-user), the package unpacked
#    into the sysroot, which holds Debian's arm64 GDAL 3.6 and PROJ 9.1 runtime libraries.
if command -v qemu-aarch64 >/dev/null; then
	dpkg-deb -x "$DEB" "$SYSROOT"
	export QEMU_LD_PREFIX=$SYSROOT
	DATA=$SYSROOT/usr/share/stockfirst/sample-data
	qemu-aarch64 "$SYSROOT/usr/bin/stockfirst" --version
	# (to files, then head: a pipe into head would end the script under pipefail)
	qemu-aarch64 "$SYSROOT/usr/bin/stockfirst" info "$DATA/jiaozuo-stock-sample.gpkg" > "$WORK/info.txt"
	head -n 7 "$WORK/info.txt"
	qemu-aarch64 "$SYSROOT/usr/bin/stockfirst" match --library "$DATA/jiaozuo-stock-sample.gpkg" \
		--footprint "$DATA/footprints/xiuwu-industrial.txt" --use 100101 \
		--layers "$DATA/jiaozuo-controls-sample.gpkg" > "$WORK/match.txt"
	head -n 24 "$WORK/match.txt"
fi
