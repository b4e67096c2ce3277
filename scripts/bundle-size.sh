#!/usr/bin/env bash
# Prints the size of the release bundle in dist/ (or in the directory given):
# raw, gzip -9 and brotli -q 11, per file (wasm, js, css) and in total.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-dist}"

shopt -s nullglob
files=("$dir"/*.wasm "$dir"/*.js "$dir"/*.css)
if [ ${#files[@]} -eq 0 ]; then
    echo "no bundle in $dir/: run make console first" >&2
    exit 1
fi
printf '%-48s %10s %10s %10s\n' "release bundle" "raw" "gzip" "brotli"
total_raw=0 total_gzip=0 total_brotli=0
for file in "${files[@]}"; do
    raw=$(wc -c <"$file")
    gz=$(gzip -9 -c "$file" | wc -c)
    br=$(brotli -q 11 -c "$file" | wc -c)
    total_raw=$((total_raw + raw)) total_gzip=$((total_gzip + gz)) total_brotli=$((total_brotli + br))
    printf '%-48s %10s %10s %10s\n' "$(basename "$file")" "$raw" "$gz" "$br"
done
printf '%-48s %10s %10s %10s\n' "total (bytes)" "$total_raw" "$total_gzip" "$total_brotli"
