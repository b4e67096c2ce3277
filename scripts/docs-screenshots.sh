#!/usr/bin/env bash
# Refreshes the screenshots in docs/ from the last end-to-end run. make e2e
# writes target/e2e-screenshots/NAME-WIDTH-SCHEME.png for every page and
# dialog a flow checks, at widths 1400, 1024 and 390, light and dark:
# - every one of them up to 150 KB is copied into docs/screenshots/ (emptied
#   first, so a page no flow checks any more leaves no stale picture); larger
#   ones (dense tables at 1400 pixels) stay in target/, to keep the
#   repository small, and are named;
# - the README's pictures, docs/NAME.png and docs/NAME-dark.png for every
#   NAME.png already there, are the 1400-pixel ones.
set -euo pipefail
cd "$(dirname "$0")/.."

shots="${E2E_SCREENSHOTS:-target/e2e-screenshots}"
readme_width=1400
max_bytes="${DOCS_SCREENSHOT_MAX_BYTES:-153600}"
if ! compgen -G "$shots/*-light.png" >/dev/null; then
    echo "no screenshots in $shots: run make e2e first" >&2
    exit 1
fi

mkdir -p docs/screenshots
rm -f docs/screenshots/*.png
all=0
too_large=()
for shot in "$shots"/*-light.png "$shots"/*-dark.png; do
    case "$(basename "$shot")" in failed-*) continue ;; esac
    if [ "$(stat -c %s "$shot")" -gt "$max_bytes" ]; then
        too_large+=("$(basename "$shot")")
        continue
    fi
    cp "$shot" docs/screenshots/
    all=$((all + 1))
done
if [ "${#too_large[@]}" -gt 0 ]; then
    echo "left in $shots (over $max_bytes bytes): ${too_large[*]}"
fi

readme=0
for doc in docs/*.png; do
    [ -e "$doc" ] || continue
    case "$doc" in *-dark.png) continue ;; esac
    name="$(basename "$doc" .png)"
    for scheme in light dark; do
        shot="$shots/$name-$readme_width-$scheme.png"
        [ -f "$shot" ] || { echo "missing $shot (make e2e takes it: run the whole suite)" >&2; continue; }
        if [ "$scheme" = light ]; then target="docs/$name.png"; else target="docs/$name-dark.png"; fi
        cp "$shot" "$target"
        readme=$((readme + 1))
    done
done
echo "copied $all screenshots into docs/screenshots/ and $readme into docs/ for the README"
