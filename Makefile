# stockfirst — two commands on a fresh Debian 12 machine (as root, or with sudo):
#   make run    install system packages, build, open the app on the bundled sample library
#   make test   install system packages, run every test
.PHONY: run test deps lint bench sample cli-demo fuzz

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

test: deps
	cargo test --no-fail-fast

lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings

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
