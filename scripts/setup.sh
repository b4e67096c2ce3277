#!/usr/bin/env bash
# Installs, on a fresh machine, what building and testing the console needs, and
# skips whatever is already present. Safe to run again and again.
#
# Usage: scripts/setup.sh [build|test|e2e|bench|all]
#   build    wasm32 target, trunk, wasm-bindgen-cli, wasm-split-cli, wasm-opt (binaryen from npm),
#            brotli (to precompress the bundle and report its size)
#   test     wasm32 target, wasm-bindgen-cli (its test runner), Debian's
#            chromium and chromium-driver for the browser tests
#   e2e      Debian's nginx (with its brotli_static module), openssl and curl,
#            chromium and chromium-driver, and axe-core from npm into .tools/,
#            for the end-to-end tests (e2e/)
#   bench    Debian's chromium and brotli, and playwright-core from npm into
#            .tools/ (its CDP client drives that chromium; it downloads none),
#            for `make bench`
#   all      everything (the default)
set -euo pipefail

cd "$(dirname "$0")/.."
what="${1:-all}"

TRUNK_VERSION="0.21.14"
WASM_SPLIT_VERSION="0.2.4"
BINARYEN_VERSION="132.0.0"
AXE_CORE_VERSION="4.14.1"
PLAYWRIGHT_VERSION="1.65.1"
TOOLS_DIR="$PWD/.tools"

say() { printf '[setup] %s\n' "$*"; }

# wasm-bindgen-cli must be the very version Cargo.lock resolves wasm-bindgen to.
wasm_bindgen_version() {
    grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p'
}

setup_wasm_target() {
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        say "adding the wasm32-unknown-unknown target"
        rustup target add wasm32-unknown-unknown
    fi
}

setup_wasm_bindgen() {
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
}

setup_build() {
    setup_wasm_target
    setup_wasm_bindgen
    if ! command -v trunk >/dev/null || ! trunk --version | grep -q "$TRUNK_VERSION"; then
        say "installing trunk $TRUNK_VERSION (takes about 15 minutes on 2 cores)"
        cargo install trunk --version "$TRUNK_VERSION" --locked
    fi

    # Cuts the release wasm at its split points (scripts/split-dist.sh).
    if ! cargo install --list | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
        say "installing wasm-split-cli $WASM_SPLIT_VERSION (takes about 4 minutes on 2 cores)"
        cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked
    fi

    # Debian's binaryen 108 builds a wasm that crashes in Chromium: use npm's binaryen.
    if [ ! -x "$TOOLS_DIR/node_modules/.bin/wasm-opt" ] \
        || ! "$TOOLS_DIR/node_modules/.bin/wasm-opt" --version | grep -q "version ${BINARYEN_VERSION%%.*}"; then
        say "installing wasm-opt from npm binaryen@$BINARYEN_VERSION into .tools/"
        mkdir -p "$TOOLS_DIR"
        npm install --silent --no-audit --no-fund --prefix "$TOOLS_DIR" "binaryen@$BINARYEN_VERSION"
    fi

    apt_install brotli brotli
}

# apt_install COMMAND PACKAGE...: installs the packages when COMMAND is missing
# (a command name, or the path of a file the packages install).
apt_install() {
    local command="$1"
    shift
    if { [[ "$command" == /* ]] && [ ! -e "$command" ]; } || { [[ "$command" != /* ]] && ! command -v "$command" >/dev/null; }; then
        say "installing Debian's $*"
        if [ -z "${APT_UPDATED:-}" ]; then
            apt-get update -qq
            APT_UPDATED=1
        fi
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    fi
}

setup_test() {
    setup_wasm_target
    setup_wasm_bindgen
    apt_install chromium chromium chromium-driver
    apt_install chromedriver chromium-driver
}

# npm_install PACKAGE VERSION: installs the package into .tools/ unless that
# version is there.
npm_install() {
    local package="$1" version="$2" manifest="$TOOLS_DIR/node_modules/$1/package.json"
    if [ ! -f "$manifest" ] || ! grep -q "\"version\": \"$version\"" "$manifest"; then
        say "installing $package@$version from npm into .tools/"
        mkdir -p "$TOOLS_DIR"
        npm install --silent --no-audit --no-fund --prefix "$TOOLS_DIR" "$package@$version"
    fi
}

setup_e2e() {
    # Debian's nginx, started by the tests with the shipped configuration; the
    # brotli module is optional in production, installed here to test it too.
    apt_install /usr/sbin/nginx nginx
    apt_install /usr/lib/nginx/modules/ngx_http_brotli_static_module.so libnginx-mod-http-brotli-static
    apt_install openssl openssl
    apt_install curl curl
    apt_install chromium chromium chromium-driver
    apt_install chromedriver chromium-driver
    npm_install axe-core "$AXE_CORE_VERSION"
}

setup_bench() {
    apt_install chromium chromium
    apt_install brotli brotli
    npm_install playwright-core "$PLAYWRIGHT_VERSION"
}

case "$what" in
    build) setup_build ;;
    test) setup_test ;;
    e2e) setup_e2e ;;
    bench) setup_bench ;;
    all) setup_build; setup_test; setup_e2e; setup_bench ;;
    *) echo "usage: $0 [build|test|e2e|bench|all]" >&2; exit 2 ;;
esac
