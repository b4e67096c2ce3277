#!/usr/bin/env bash
# Installs, on a fresh machine, what building and testing the console needs, and
# skips whatever is already present. Safe to run again and again.
#
# Usage: scripts/setup.sh [build|browser|all]
#   build    wasm32 target, trunk, wasm-bindgen-cli, wasm-opt (binaryen from npm)
#   browser  Debian's chromium and chromium-driver for the browser tests
#   all      both (the default)
set -euo pipefail

cd "$(dirname "$0")/.."
what="${1:-all}"

TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132.0.0"
TOOLS_DIR="$PWD/.tools"

say() { printf '[setup] %s\n' "$*"; }

# wasm-bindgen-cli must be the very version Cargo.lock resolves wasm-bindgen to.
wasm_bindgen_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[version="]/, "", $0); gsub(/ /, "", $0); print; exit }' Cargo.lock
}

setup_build() {
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        say "adding the wasm32-unknown-unknown target"
        rustup target add wasm32-unknown-unknown
    fi

    if ! command -v trunk >/dev/null || ! trunk --version | grep -q "$TRUNK_VERSION"; then
        say "installing trunk $TRUNK_VERSION (takes about 15 minutes on 2 cores)"
        cargo install trunk --version "$TRUNK_VERSION" --locked
    fi

    local wbg
    wbg="$(wasm_bindgen_version)"
    if [ -z "$wbg" ]; then
        say "Cargo.lock names no wasm-bindgen yet: run cargo generate-lockfile first" >&2
        exit 1
    fi
    if ! command -v wasm-bindgen >/dev/null || ! wasm-bindgen --version | grep -q "$wbg"; then
        # Its --locked install fails here: one of its locked crates is gone from the registry.
        say "installing wasm-bindgen-cli $wbg"
        cargo install wasm-bindgen-cli --version "$wbg" --force
    fi

    # Debian's binaryen 108 builds a wasm that crashes in Chromium: use npm's binaryen.
    if [ ! -x "$TOOLS_DIR/node_modules/.bin/wasm-opt" ] \
        || ! "$TOOLS_DIR/node_modules/.bin/wasm-opt" --version | grep -q "version ${BINARYEN_VERSION%%.*}"; then
        say "installing wasm-opt from npm binaryen@$BINARYEN_VERSION into .tools/"
        mkdir -p "$TOOLS_DIR"
        npm install --silent --no-audit --no-fund --prefix "$TOOLS_DIR" "binaryen@$BINARYEN_VERSION"
    fi
}

setup_browser() {
    if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
        say "installing Debian's chromium and chromium-driver"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
    fi
}

case "$what" in
    build) setup_build ;;
    browser) setup_browser ;;
    all) setup_build; setup_browser ;;
    *) echo "usage: $0 [build|browser|all]" >&2; exit 2 ;;
esac
