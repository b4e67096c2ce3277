# account-admin: the two commands are `make run` and `make test`.
#
#   make run      install what is missing, build the console and the sandbox,
#                 serve both with demo data on http://127.0.0.1:$(PORT)
#   make test     everything CI runs: fmt check, clippy -D warnings (native and
#                 wasm), native tests, browser tests in headless Chromium against
#                 a sandbox started and stopped here, the release build, and the
#                 end-to-end tests through nginx (make e2e)
#   make e2e      the end-to-end tests: the release console behind Debian's nginx
#                 with the shipped configuration (deploy/), proxying to a sandbox,
#                 driven in headless Chromium; screenshots in target/e2e-screenshots/
#   make bench    every performance figure in one table (bench/run.mjs): bundle,
#                 cold start, 1000-row render against plain JS, keystroke,
#                 JSON decoding of 1000 rows, memory over page changes, sandbox
#                 p50/p99; JSON in target/bench/
#   make sandbox  the sandbox alone on $(PORT), for `trunk serve` (see README)
#   make console  the release console in dist/, with its size

PORT ?= 8080
DATA ?= .data/sandbox
DEMO ?= 250
SANDBOX := target/server/account-sandbox
DECODE_BENCH := target/bench/decode/decode-bench.js
# trunk finds wasm-bindgen (cargo install) and wasm-opt (npm binaryen) here.
TOOLS_PATH := $(CURDIR)/.tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: run test bench sandbox console build-sandbox setup-build setup-test setup-e2e setup-bench toolchain \
	fmt-check lint test-native test-browser e2e docs-screenshots clean-data

run: console build-sandbox
	@echo
	@echo "The console: http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
	@echo "Sign in with client DEMO, user sysadmin (or superuser, manager; expiring sees the password warning), password demo, access token demo-token."
	@echo
	$(SANDBOX) --addr 127.0.0.1:$(PORT) --data $(DATA) --demo $(DEMO) --static dist

sandbox: build-sandbox
	$(SANDBOX) --addr 127.0.0.1:$(PORT) --data $(DATA) --demo $(DEMO)

# The release wasm is linked with its relocations (--emit-relocs), which
# scripts/split-dist.sh needs to cut it at the split points of `--features split`.
RELEASE_WASM_FLAGS := CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C link-arg=--emit-relocs"

console: setup-build
	PATH="$(TOOLS_PATH)" $(RELEASE_WASM_FLAGS) trunk build --release --features split
	PATH="$(TOOLS_PATH)" scripts/split-dist.sh
	scripts/finish-dist.sh
	scripts/bundle-size.sh

# The release build, remade by `make e2e` and `make bench` only when a source is newer.
CONSOLE_SOURCES := $(shell find src style model/src -type f 2>/dev/null) index.html config.json \
	Cargo.toml Cargo.lock Trunk.toml deploy/nginx/csp.conf.in scripts/split-dist.sh
dist/index.html deploy/nginx/csp.conf &: $(CONSOLE_SOURCES)
	$(MAKE) console

build-sandbox: toolchain
	cargo build --locked -p account-sandbox --profile server

test: toolchain setup-test fmt-check lint test-native test-browser console e2e

fmt-check:
	cargo fmt --all -- --check

lint:
	cargo clippy --locked --workspace --all-targets -- -D warnings
	cargo clippy --locked -p account-admin -p decode-bench --target wasm32-unknown-unknown --all-targets -- -D warnings
	cargo clippy --locked -p account-admin --target wasm32-unknown-unknown --features split -- -D warnings

# The end-to-end tests need the release build and nginx: `make e2e` runs them.
test-native:
	cargo test --locked --workspace --exclude account-e2e
	cargo build --locked -p account-model --target wasm32-unknown-unknown

test-browser: setup-test
	scripts/browser-tests.sh

# One flow at a time: one headless Chromium is what two cores take.
e2e: toolchain setup-e2e dist/index.html deploy/nginx/csp.conf
	cargo build --locked -p account-sandbox
	cargo test --locked -p account-e2e -- --test-threads=1

# Refreshes the README's screenshots (docs/) from the last `make e2e`.
docs-screenshots:
	scripts/docs-screenshots.sh

# BENCH_URL=http://host:port measures a console served elsewhere instead of dist/.
bench: toolchain setup-bench build-sandbox $(DECODE_BENCH) $(if $(BENCH_URL),,dist/index.html)
	node bench/run.mjs

# The JSON decoding figure's wasm (bench/decode): the console's release
# profile and wasm-bindgen, without wasm-opt.
$(DECODE_BENCH): bench/decode/src/main.rs bench/decode/Cargo.toml $(shell find model/src -type f) Cargo.lock | setup-build
	$(RELEASE_WASM_FLAGS) cargo build --locked --release --target wasm32-unknown-unknown -p decode-bench
	PATH="$(TOOLS_PATH)" wasm-bindgen --target web --no-typescript --out-dir target/bench/decode \
		target/wasm32-unknown-unknown/release/decode-bench.wasm

setup-build:
	scripts/setup.sh build

setup-test:
	scripts/setup.sh test

setup-e2e:
	scripts/setup.sh e2e

setup-bench:
	scripts/setup.sh bench

# rustfmt and clippy come with rustup's default profile; add them where missing.
toolchain:
	@rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
	@rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy

clean-data:
	rm -rf $(DATA)
