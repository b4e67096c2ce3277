#!/usr/bin/env bash
# Refreshes the screenshots in docs/ from the last end-to-end run. make e2e
# writes target/e2e-screenshots/NAME-WIDTH-SCHEME.png for every page and
# dialog a flow checks, at widths 1400, 1024 and 390, light and dark:
# - every one of them is copied into docs/screenshots/ (emptied first, so a
#   page no flow checks any more leaves no stale picture);
# - the README's pictures, docs/NAME.png and docs/NAME-dark.png for every
#   NAME already there, are the 1400-pixel ones.
set -euo pipefail
cd "$(dirname "$0")/.."

shots="${E2E_SCREENSHOTS:-target/e2e-screenshots}"
readme_width=1400
if ! compgen -G "$shots/*-light.png" >/dev/null; then
    echo "no screenshots in $shots: run make e2e first" >&2
    exit 1
fi

mkdir -p docs/screenshots
rm -f docs/screenshots/*.png
all=0
for shot in "$shots"/*-light.png "$shots"/*-dark.png; do
    case "$(basename "$shot")" in failed-*) continue ;; esac
    cp "$shot" docs/screenshots/
    all=$((all + 1))
done

readme=0
for doc in docs/*.png; do
    [ -e "$doc" ] || continue
    name="$(basename "$doc" .png)"
    name="${name%-dark}"
    for scheme in light dark; do
        shot="$shots/$name-$readme_width-$scheme.png"
        [ -f "$shot" ] || { echo "missing $shot (make e2e takes it: run the whole suite)" >&2; continue; }
        if [ "$scheme" = light ]; then target="docs/$name.png"; else target="docs/$name-dark.png"; fi
        cp "$shot" "$target"
        readme=$((readme + 1))
    done
done
echo "copied $all screenshots into docs/screenshots/ and $readme into docs/ for the README"
