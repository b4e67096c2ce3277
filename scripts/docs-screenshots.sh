#!/usr/bin/env bash
# Refreshes the README's screenshots from the last end-to-end run. make e2e
# writes target/e2e-screenshots/NAME-WIDTH-SCHEME.png for every page and
# dialog a flow checks, at widths 1400, 1024 and 390, light and dark; they
# stay there. The README's pictures, the docs/NAME.png that README.md shows,
# are the 1400-pixel light ones: README.md is the one list of them, and only
# they are kept in git.
set -euo pipefail
cd "$(dirname "$0")/.."

shots="${E2E_SCREENSHOTS:-target/e2e-screenshots}"
readme_width=1400
names=$(grep -o '](docs/[a-z0-9-]*\.png)' README.md | sed 's#](docs/\(.*\)\.png)#\1#' | sort -u)
if [ -z "$names" ]; then
    echo "README.md shows no docs/NAME.png" >&2
    exit 1
fi

copied=0 missing=0
for name in $names; do
    shot="$shots/$name-$readme_width-light.png"
    if [ ! -f "$shot" ]; then
        echo "missing $shot (make e2e takes it: run the whole suite)" >&2
        missing=$((missing + 1))
        continue
    fi
    cp "$shot" "docs/$name.png"
    copied=$((copied + 1))
done
echo "refreshed $copied screenshots of README.md in docs/"
[ "$missing" -eq 0 ]
