#!/usr/bin/env bash
# Prints the size of the release bundle in dist/ (or in the directory given):
# raw, gzip -9 and brotli -q 11, per file, in total (the whole console, every
# page's chunk included) and at start (what the console downloads before it
# shows the list: the main wasm, its JS, the chunk loader and the CSS). The
# files and which of them come at start are those the directory's bundle.json
# names (scripts/split-dist.sh writes it). Fails when the brotli total exceeds
# the budget in bench/budget, unless BUNDLE_GATE=report (which `make bench`
# sets: it reports, it does not judge).
#   scripts/bundle-size.sh [--json] [DIR]
# --json prints the same figures as one JSON object, for programs (bench/run.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
format=table
if [ "${1:-}" = --json ]; then
    format=json
    shift
fi
dir="${1:-dist}"
if [ ! -f "$dir/bundle.json" ]; then
    echo "no bundle in $dir/ (no bundle.json): run make console first" >&2
    exit 1
fi

# shellcheck source=../bench/budget
source bench/budget
exec python3 - "$dir" "$format" "$BUNDLE_BUDGET_BROTLI" "${BUNDLE_GATE:-enforce}" <<'PY'
import json, os, subprocess, sys

dir, format, budget, gate = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
manifest = json.load(open(os.path.join(dir, "bundle.json")))


def compressed(command, path):
    return len(subprocess.run([*command, path], check=True, capture_output=True).stdout)


def sizes(path):
    return {
        "raw": os.path.getsize(path),
        "gzip": compressed(["gzip", "-9", "-c"], path),
        "brotli": compressed(["brotli", "-q", "11", "-c"], path),
    }


files = [{"file": name, "start": True, **sizes(os.path.join(dir, name))} for name in manifest["start"]]
files += [{"file": name, "start": False, **sizes(os.path.join(dir, name))} for name in manifest["chunks"]]
total = {key: sum(f[key] for f in files) for key in ("raw", "gzip", "brotli")}
at_start = {key: sum(f[key] for f in files if f["start"]) for key in ("raw", "gzip", "brotli")}
over = total["brotli"] > budget

if format == "json":
    report = {"files": files, "total": total, "atStart": at_start, "budgetBrotli": budget}
    print(json.dumps(report, indent=2))
else:
    row = "{:<48} {:>10} {:>10} {:>10}"
    print(row.format("release bundle", "raw", "gzip", "brotli"))
    for f in files:
        print(row.format(f["file"], f["raw"], f["gzip"], f["brotli"]))
    print(row.format("total (bytes)", total["raw"], total["gzip"], total["brotli"]))
    print(row.format("at start (bytes)", at_start["raw"], at_start["gzip"], at_start["brotli"]))
    if not over:
        print(f"within the budget of {budget} bytes (bench/budget): {budget - total['brotli']} to spare")
if over:
    print(f"the bundle is {total['brotli']} bytes with brotli, over the budget of {budget} in bench/budget", file=sys.stderr)
    if gate != "report":
        sys.exit(1)
PY
