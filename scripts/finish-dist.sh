#!/usr/bin/env bash
# Finishes a release build in dist/ for the nginx of deploy/nginx/:
#   - writes .gz (gzip -9) and .br (brotli -q 11) beside each hashed asset, for
#     gzip_static and brotli_static (same modification time as the asset);
#   - writes deploy/nginx/csp.conf from csp.conf.in with the sha256 of every
#     inline script of dist/index.html (trunk's bootstrap, and index.html's
#     start watcher), and refuses a build
#     with anything else inline that the policy forbids.
# `make console` runs it after `trunk build --release`.
set -euo pipefail
cd "$(dirname "$0")/.."

shopt -s nullglob
assets=(dist/*.js dist/*.wasm dist/*.css dist/snippets/*/*.js)
if [ ${#assets[@]} -eq 0 ] || [ ! -f dist/index.html ]; then
    echo "no release build in dist/: run trunk build --release first" >&2
    exit 1
fi
for asset in "${assets[@]}"; do
    gzip -9 -n -c "$asset" >"$asset.gz"
    brotli -q 11 -f -o "$asset.br" "$asset"
    touch -r "$asset" "$asset.gz" "$asset.br"
done
scripts/csp.py dist/index.html deploy/nginx/csp.conf.in deploy/nginx/csp.conf
