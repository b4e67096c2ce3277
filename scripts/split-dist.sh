#!/usr/bin/env bash
# Cuts the release console in dist/ into the wasm it starts with and the
# chunks of its split points (the pages other than the list: see src/app/mod.rs),
# optimizes them, and writes dist/bundle.json, the one list of the bundle's
# files. `make console` runs it after `trunk build --release --features split`,
# which links with --emit-relocs (wasm-split-cli reads the linker's
# relocations) and runs no wasm-opt (index.html: data-wasm-opt="0"), since its
# wasm is replaced here.
#   1. wasm-split-cli on cargo's wasm writes the main module, one module per
#      split point and per code they share, and the loader they are fetched
#      through (__wasm_split.js, which the main imports);
#   2. wasm-bindgen (--keep-lld-exports: the loader reads the main's function
#      table) and wasm-opt (with WASM_OPT below, the build's only wasm-opt)
#      replace trunk's unsplit pair under the same hashed names; wasm-opt runs
#      on every chunk too;
#   3. the loader and the chunks take the build's hash into their names, as
#      trunk's files do, so that a tab opened before a release never loads
#      the next release's chunks (the proxy caches hashed names for a year);
#   4. the integrity attributes of dist/index.html follow the new files;
#   5. dist/bundle.json names the files the console downloads at start and
#      the chunks, by split point ("pages") and all of them ("chunks"), for
#      scripts/bundle-size.sh, make e2e and make bench.
set -euo pipefail
cd "$(dirname "$0")/.."

# wasm-opt's options. One-caller inlining is capped: uncapped, wasm-opt
# inlined every function that has one caller, however large, and the screen
# match became one 57 KB function that V8 compiled whole on the first route.
# A cap of 300 keeps the pages apart, and the wasm smaller.
WASM_OPT=(-Oz --one-caller-inline-max-function-size 300)

input="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/account-admin.wasm"
glue=$(cd dist && ls account-admin-*.js)
name="${glue%.js}"
hash="${name#account-admin-}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

wasm-split-cli --target web --out-name "$name" "$input" "$work/split" 2>"$work/split.log" \
    || { cat "$work/split.log" >&2; exit 1; }
wasm-bindgen --target web --no-typescript --keep-lld-exports \
    --out-dir "$work/bindgen" --out-name "$name" "$work/split/$name.wasm"

# The files of an earlier split, named in its dist/bundle.json.
if [ -f dist/bundle.json ]; then
    python3 -c 'import json, sys; print("\n".join(json.load(open(sys.argv[1]))["chunks"]))' dist/bundle.json \
        | while read -r old; do rm -f "dist/$old" "dist/$old".*; done
    rm -f dist/__wasm_split-*.js*
fi
wasm-opt "${WASM_OPT[@]}" -o "dist/${name}_bg.wasm" "$work/bindgen/${name}_bg.wasm"
# The glue imports the loader; the wasm's import names stay as they are.
sed "s#from \"./__wasm_split.js\"#from \"./__wasm_split-$hash.js\"#" "$work/bindgen/$name.js" >"dist/$name.js"
loader="$work/split/__wasm_split.js"
chunks=()
for chunk in "$work"/split/*.wasm; do
    base=$(basename "$chunk" .wasm)
    [ "$base" = "$name" ] && continue
    wasm-opt "${WASM_OPT[@]}" -o "dist/$base-$hash.wasm" "$chunk"
    sed -i "s#\"./$base.wasm\"#\"./$base-$hash.wasm\"#g" "$loader"
    chunks+=("$base")
done
if grep -o '"\./[^"]*\.wasm"' "$loader" | grep -qv -- "-$hash\.wasm\"\$"; then
    echo "split-dist: the loader names a chunk this script did not rename" >&2
    exit 1
fi
cp "$loader" "dist/__wasm_split-$hash.js"

python3 - "$name" "$hash" "${chunks[@]}" <<'PY'
import base64, glob, hashlib, json, os, re, sys

name, hash, chunks = sys.argv[1], sys.argv[2], sorted(sys.argv[3:])
page = open("dist/index.html").read()
for file in (f"{name}.js", f"{name}_bg.wasm"):
    digest = base64.b64encode(hashlib.sha384(open(f"dist/{file}", "rb").read()).digest()).decode()
    pattern = r'(href="/' + re.escape(file) + r'"[^>]*integrity=")sha384-[^"]*"'
    page, count = re.subn(pattern, r"\g<1>sha384-" + digest + '"', page)
    if count != 1:
        sys.exit(f"split-dist: dist/index.html has no integrity attribute for {file}")
open("dist/index.html", "w").write(page)

# wasm-split-cli names a split point's module split_<point> (the name given
# to #[wasm_split] in src/app/mod.rs) and the code split points share chunk_<n>.
styles = sorted(os.path.basename(path) for path in glob.glob("dist/*.css"))
manifest = {
    "start": [f"{name}.js", f"{name}_bg.wasm", f"__wasm_split-{hash}.js", *styles],
    "pages": {chunk.removeprefix("split_"): f"{chunk}-{hash}.wasm" for chunk in chunks if chunk.startswith("split_")},
    "chunks": [f"{chunk}-{hash}.wasm" for chunk in chunks],
}
with open("dist/bundle.json", "w") as out:
    json.dump(manifest, out, indent=2)
    out.write("\n")
PY
