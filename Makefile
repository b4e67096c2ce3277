# account-admin: the two commands are `make run` and `make test`.
#
#   make run      install what is missing, build the console and the sandbox,
#                 serve both with demo data on http://127.0.0.1:$(PORT)
#   make test     everything CI runs: fmt check, clippy -D warnings (native and
#                 wasm), native tests, browser tests in headless Chromium against
#                 a sandbox started and stopped here, and the release build
#   make bench    the sandbox benchmark on 100,000 accounts, then the bundle size
#   make sandbox  the sandbox alone on $(PORT), for `trunk serve` (see README)
#   make console  the release console in dist/, with its size

PORT ?= 8080
DATA ?= .data/sandbox
DEMO ?= 250
SANDBOX := target/server/account-sandbox
# trunk finds wasm-bindgen (cargo install) and wasm-opt (npm binaryen) here.
TOOLS_PATH := $(CURDIR)/.tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: run test bench sandbox console build-sandbox setup-build setup-test toolchain \
	fmt-check lint test-native test-browser clean-data

run: console build-sandbox
	@echo
	@echo "The console: http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
	@echo "Sign in with client DEMO, user sysadmin (or superuser, manager), password demo, access token demo-token."
	@echo
	$(SANDBOX) --addr 127.0.0.1:$(PORT) --data $(DATA) --demo $(DEMO) --static dist

sandbox: build-sandbox
	$(SANDBOX) --addr 127.0.0.1:$(PORT) --data $(DATA) --demo $(DEMO)

console: setup-build
	PATH="$(TOOLS_PATH)" trunk build --release
	scripts/bundle-size.sh

build-sandbox: toolchain
	cargo build --locked -p account-sandbox --profile server

test: toolchain setup-test fmt-check lint test-native test-browser console

fmt-check:
	cargo fmt --all -- --check

lint:
	cargo clippy --locked --workspace --all-targets -- -D warnings
	cargo clippy --locked -p account-admin --target wasm32-unknown-unknown --all-targets -- -D warnings

test-native:
	cargo test --locked --workspace
	cargo build --locked -p account-model --target wasm32-unknown-unknown

test-browser: setup-test
	scripts/browser-tests.sh

bench: toolchain
	cargo bench --locked -p account-sandbox --profile server --bench api
	@if [ -d dist ]; then scripts/bundle-size.sh; else echo "(run make console to add the bundle size)"; fi

setup-build:
	scripts/setup.sh build

setup-test:
	scripts/setup.sh test

# rustfmt and clippy come with rustup's default profile; add them where missing.
toolchain:
	@rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
	@rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy

clean-data:
	rm -rf $(DATA)
