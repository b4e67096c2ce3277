#!/usr/bin/env bash
# Runs the wasm-bindgen-test browser tests in headless Chromium against a real
# sandbox: starts one on a free port with a fresh database (--cors for the
# test page's origin, --faults for the fault-injection tests), runs the tests,
# and stops it whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --locked -p account-sandbox
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
data="$(mktemp -d)"
log="$data/sandbox.log"

target/debug/account-sandbox --addr "127.0.0.1:$port" --data "$data" --demo 20 --cors --faults >"$log" 2>&1 &
sandbox=$!
cleanup() {
    kill "$sandbox" 2>/dev/null || true
    wait "$sandbox" 2>/dev/null || true
    rm -rf "$data"
}
trap cleanup EXIT

for _ in $(seq 1 100); do
    if curl -s -o /dev/null "http://127.0.0.1:$port/api/account/types"; then
        break
    fi
    if ! kill -0 "$sandbox" 2>/dev/null; then
        echo "the sandbox did not start:" >&2
        cat "$log" >&2
        exit 1
    fi
    sleep 0.1
done

echo "browser tests against the sandbox on http://127.0.0.1:$port/api"
# wasm-bindgen-test-runner gives chromedriver 5 s to start and the whole run
# 20 s by default: too little on a loaded 2-core machine.
export WASM_BINDGEN_TEST_DRIVER_TIMEOUT="${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-60}"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-600}"
SANDBOX_API="http://127.0.0.1:$port/api" CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}" \
    cargo test --locked -p account-admin --target wasm32-unknown-unknown --test browser "$@"
