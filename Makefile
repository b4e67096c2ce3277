# account-admin: the two commands are `make run` and `make test`.
#
#   make run      build and serve the sandbox API with demo data (and the console
#                 once it is built), print the URL and the demo sign-in
#   make test     everything CI runs: fmt check, clippy -D warnings, all tests
#   make bench    the sandbox benchmark on 100,000 accounts (p50/p99)
#   make sandbox  the sandbox alone, for a `trunk serve` workflow

PORT ?= 8080
DATA ?= .data/sandbox
DEMO ?= 250
SANDBOX := target/server/account-sandbox

.PHONY: run test bench sandbox build-sandbox toolchain fmt-check lint test-native clean-data

run: build-sandbox
	@echo "Starting the sandbox on http://127.0.0.1:$(PORT) (Ctrl-C stops it)"
	$(SANDBOX) --addr 127.0.0.1:$(PORT) --data $(DATA) --demo $(DEMO)

sandbox: run

build-sandbox: toolchain
	cargo build --locked -p account-sandbox --profile server

test: toolchain fmt-check lint test-native

fmt-check:
	cargo fmt --all -- --check

lint:
	cargo clippy --locked --workspace --all-targets -- -D warnings

test-native:
	cargo test --locked --workspace

bench: toolchain
	cargo bench --locked -p account-sandbox --profile server --bench api

# rustfmt and clippy come with rustup's default profile; add them where missing.
toolchain:
	@rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
	@rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy

clean-data:
	rm -rf $(DATA)
