# stockfirst — two commands on a fresh Debian 12 machine (as root, or with sudo):
#   make run    install system packages, build, open the app on the bundled sample library
#   make test   install system packages, run every test
#   make package        the release .deb in target/debian/ (docs/packaging.md); make package-test installs and tests it
.PHONY: run test test-deps deps lint bench sample cli-demo fuzz package package-deps package-files package-test

APT_PACKAGES = pkg-config libgdal-dev libclang-dev clang gdal-bin \
	xvfb xauth libgl1-mesa-dri libegl1 mesa-vulkan-drivers fonts-noto-cjk \
	libxkbcommon-x11-0 libx11-xcb1 libxcursor1 libxrandr2 libxi6 imagemagick

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

deps:
	@if ! dpkg -s $(APT_PACKAGES) >/dev/null 2>&1; then \
		$(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $(APT_PACKAGES); \
	fi

run: deps
	cargo build --release
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		echo "No display: running under Xvfb"; \
		xvfb-run -a -s "-screen 0 1600x1000x24" ./target/release/stockfirst; \
	else ./target/release/stockfirst; fi

# The browser tests of the public catalogue need Debian's chromium + chromidriver and selenium from PyPI
# (tests/browser/run.sh; nothing is downloaded while they run). The shared-library tests run against a throwaway
# PostgreSQL + PostGIS cluster (tests/pg/cluster.sh, docs/shared-library.md). The decision document's test converts
# the .docx with LibreOffice and reads the PDF with poppler (tests/report_docx.rs).
TEST_APT_PACKAGES = chromium chromium-driver python3-pip postgresql-15 postgresql-15-postgis-3 \
	libreoffice-writer-nogui poppler-utils
PYTHON ?= /usr/bin/python3

test-deps: deps
	@if ! dpkg -s $(TEST_APT_PACKAGES) >/dev/null 2>&1; then \
		$(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $(TEST_APT_PACKAGES); \
	fi
	@$(PYTHON) -c "import selenium" 2>/dev/null || $(SUDO) $(PYTHON) -m pip install --break-system-packages selenium \
		|| $(SUDO) $(PYTHON) -m pip install selenium

# Tests run on the release build: the one build then serves `make test`, `make run` and `make package`, so a fresh
# machine compiles the dependency graph once instead of three times (CI stays under its 45 minutes). Our own code keeps
# its overflow checks in release (Cargo.toml), so an area or index that wraps still fails loudly in the tests.
# Under --release cargo builds the test crates (and the library's unit tests) with the `bench` profile, everything
# they link with `release`: TEST_PROFILE_ENV makes those test crates quick to compile and checks debug assertions in
# them, while the library, the binary and the dependencies stay the release build. Examples are built by the benches
# that use them (and checked by clippy), not here.
TEST_PROFILE_ENV = CARGO_PROFILE_BENCH_OPT_LEVEL=1 CARGO_PROFILE_BENCH_DEBUG_ASSERTIONS=true \
	CARGO_PROFILE_BENCH_OVERFLOW_CHECKS=true
test: test-deps
	$(TEST_PROFILE_ENV) tests/pg/with-cluster.sh cargo test --release --no-fail-fast --lib --bins --tests
	$(TEST_PROFILE_ENV) cargo test --release --doc
	PYTHON=$(PYTHON) PROFILE=release tests/browser/run.sh

# --- Debian package (docs/packaging.md) ---
# Tools to build and test the .deb: icons rendered from the SVG, the .desktop checked, man pages read, the app
# screenshotted under Xvfb.
PACKAGE_APT_PACKAGES = librsvg2-bin desktop-file-utils man-db dpkg-dev libglib2.0-bin
CARGO_DEB_VERSION = 3.8.0
PKG = target/package
ICON_SIZES = 16 32 48 64 128 256
# The binary whose clap definitions make the man pages and completions (the host build, also for arm64).
PACKAGE_BIN ?= target/release/stockfirst

package-deps: deps
	@if ! dpkg -s $(PACKAGE_APT_PACKAGES) >/dev/null 2>&1; then \
		$(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $(PACKAGE_APT_PACKAGES); \
	fi
	@cargo deb --version 2>/dev/null | grep -q '$(CARGO_DEB_VERSION)' || cargo install cargo-deb --locked --version $(CARGO_DEB_VERSION)

# Icons, man pages and completions, made from the SVG and from the release binary's own clap definitions.
package-files:
	rm -rf $(PKG) && mkdir -p $(PKG)/man $(PKG)/completions
	for s in $(ICON_SIZES); do mkdir -p $(PKG)/icons/$${s}x$${s} && \
		rsvg-convert -w $$s -h $$s packaging/stockfirst.svg -o $(PKG)/icons/$${s}x$${s}/stockfirst.png || exit 1; done
	./$(PACKAGE_BIN) man $(PKG)/man
	gzip -9n $(PKG)/man/*.1
	./$(PACKAGE_BIN) completions $(PKG)/completions

# One release build, reused by cargo-deb (--no-build). The release profile keeps line tables for backtraces; the
# package gets a stripped binary and the symbols go to stockfirst-dbgsym_*.ddeb beside it (Debian's way).
package: package-deps
	cargo build --release
	$(MAKE) package-files
	cargo deb --no-build --dbgsym
	@ls -l target/debian/stockfirst_*.deb

# Installs the .deb on this machine (root), checks it as an officer would use it, then removes it.
package-test: package
	packaging/test-deb.sh

lint:
	cargo fmt --check
	cargo clippy --release --all-targets -- -D warnings
	python3 tools/import_cycles.py

bench:
	cargo bench

# Regenerates the synthetic sample library and its synthetic control layers (deterministic: same seed, same data).
# The committed control layers are small (about 5 600 图斑); the 100k-图斑 version goes to target/sample/.
sample:
	cargo run --release -- generate-sample --parcels 3000 --seed 20260116 --out sample-data/jiaozuo-stock-sample.gpkg --footprints sample-data/footprints \
		--controls sample-data/jiaozuo-controls-sample.gpkg --dltb 4000
	cargo run --release -- generate-sample --parcels 3000 --seed 20260116 --out target/sample/jiaozuo-stock-sample.gpkg \
		--controls target/sample/jiaozuo-controls-100k.gpkg --dltb 100000

# Fuzz one target for FUZZ_TIME seconds (see docs/reliability.md). Needs `cargo install cargo-fuzz`.
FUZZ_TARGET ?= boundary_txt
FUZZ_TIME ?= 600
fuzz:
	mkdir -p target/fuzz-corpus/$(FUZZ_TARGET)
	RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=target/fuzz cargo fuzz run -s none -a $(FUZZ_TARGET) \
		target/fuzz-corpus/$(FUZZ_TARGET) fuzz/corpus/$(FUZZ_TARGET) -- -max_total_time=$(FUZZ_TIME) -rss_limit_mb=4096
