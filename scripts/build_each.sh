#!/usr/bin/env bash
# Build the seed article, examples/ (as one graph, as `make demo` does) and each article of
# ../shared/corpus/dev into its own graph: OUT/NAME/graph.ttl. Used by `make eval` and to check
# that a refactoring leaves every graph byte-identical:
#   scripts/build_each.sh /tmp/before   (on the old commit)
#   scripts/build_each.sh /tmp/after    (on the new one)
#   diff -r --brief /tmp/before /tmp/after   (no output: nothing changed; compare graph.ttl only)
set -euo pipefail
out=${1:?usage: scripts/build_each.sh OUT_DIR [CORPUS_DIR]}
corpus=${2:-../shared/corpus/dev}
kgbuild=${KGBUILD:-.venv/bin/kgbuild}
mkdir -p "$out"
$kgbuild build ../shared/corpus/afp-kyivpost-tinzaouaten.txt -o "$out/afp-kyivpost-tinzaouaten" >/dev/null
$kgbuild build examples -o "$out/examples" >/dev/null
for article in "$corpus"/*.txt; do
    name=$(basename "$article" .txt)
    $kgbuild build "$article" -o "$out/$name" >/dev/null
done
find "$out" -name graph.html -delete
echo "built $(find "$out" -name graph.ttl | wc -l) graphs into $out"
