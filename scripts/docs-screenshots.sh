#!/usr/bin/env bash
# Refreshes the README's screenshots in docs/ from the last end-to-end run
# (make e2e writes target/e2e-screenshots/NAME-light.png and NAME-dark.png):
# NAME-light.png becomes docs/NAME.png, NAME-dark.png docs/NAME-dark.png, for
# every NAME already in docs/ (add a file there to publish another page).
set -euo pipefail
cd "$(dirname "$0")/.."

shots="${E2E_SCREENSHOTS:-target/e2e-screenshots}"
if [ ! -d "$shots" ]; then
    echo "no $shots: run make e2e first" >&2
    exit 1
fi
copied=0
for doc in docs/*.png; do
    name="$(basename "$doc" .png)"
    name="${name%-dark}"
    for scheme in light dark; do
        shot="$shots/$name-$scheme.png"
        [ -f "$shot" ] || { echo "missing $shot (make e2e takes it: run the whole suite)" >&2; continue; }
        if [ "$scheme" = light ]; then target="docs/$name.png"; else target="docs/$name-dark.png"; fi
        cp "$shot" "$target"
        copied=$((copied + 1))
    done
done
echo "copied $copied screenshots into docs/"
