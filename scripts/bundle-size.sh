#!/usr/bin/env bash
# Prints the size of the release bundle in dist/ (or in the directory given):
# raw, gzip -9 and brotli -q 11, per file (wasm, js, css), in total (the whole
# console, every page's chunk included) and at start (what the console
# downloads before it shows the list: the main wasm, its JS, the chunk loader
# and the CSS), and fails when the brotli total exceeds the budget in
# bench/budget (unless BUNDLE_GATE=report, which `make bench` sets: it reports,
# it does not judge).
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
total_raw=0 total_gzip=0 total_brotli=0 start_raw=0 start_gzip=0 start_brotli=0
for file in "${files[@]}"; do
    raw=$(wc -c <"$file")
    gz=$(gzip -9 -c "$file" | wc -c)
    br=$(brotli -q 11 -c "$file" | wc -c)
    total_raw=$((total_raw + raw)) total_gzip=$((total_gzip + gz)) total_brotli=$((total_brotli + br))
    case "$(basename "$file")" in
    # The chunks of the split points, fetched when their page first opens.
    split_*.wasm | chunk_*.wasm) ;;
    *) start_raw=$((start_raw + raw)) start_gzip=$((start_gzip + gz)) start_brotli=$((start_brotli + br)) ;;
    esac
    printf '%-48s %10s %10s %10s\n' "$(basename "$file")" "$raw" "$gz" "$br"
done
printf '%-48s %10s %10s %10s\n' "total (bytes)" "$total_raw" "$total_gzip" "$total_brotli"
printf '%-48s %10s %10s %10s\n' "at start (bytes)" "$start_raw" "$start_gzip" "$start_brotli"

# shellcheck source=../bench/budget
source bench/budget
if [ "$total_brotli" -gt "$BUNDLE_BUDGET_BROTLI" ] && [ "${BUNDLE_GATE:-enforce}" != report ]; then
    echo "the bundle is $total_brotli bytes with brotli, over the budget of $BUNDLE_BUDGET_BROTLI in bench/budget" >&2
    exit 1
fi
echo "within the budget of $BUNDLE_BUDGET_BROTLI bytes (bench/budget): $((BUNDLE_BUDGET_BROTLI - total_brotli)) to spare"
