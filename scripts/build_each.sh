#!/usr/bin/env bash
# Build the seed article, examples/ (as one graph, as `make demo` does) and each article of
# ../shared/corpus/dev into its own graph: OUT/NAME/graph.ttl. Used by `make eval` and to check
# that a refactoring leaves every graph byte-identical:
#   scripts/build_each.sh /tmp/before   (on the old commit)
#   scripts/build_each.sh /tmp/after    (on the new one)
#   diff -r --brief /tmp/before /tmp/after   (no output: nothing changed; compare graph.ttl only)
# --only seed|examples|corpus builds just that part (`make eval` keeps the seed and the corpus in
# folders of their own, so that each is scored against its own gold directory).
set -euo pipefail
usage="usage: scripts/build_each.sh [--only seed|examples|corpus] OUT_DIR [CORPUS_DIR]"
only=all
if [ "${1:-}" = --only ]; then
    only=${2:?$usage}
    case $only in seed|examples|corpus) ;; *) echo "$usage" >&2; exit 2 ;; esac
    shift 2
fi
out=${1:?$usage}
corpus=${2:-../shared/corpus/dev}
kgbuild=${KGBUILD:-.venv/bin/kgbuild}
mkdir -p "$out"
if [ "$only" = all ] || [ "$only" = seed ]; then
    $kgbuild build ../shared/corpus/afp-kyivpost-tinzaouaten.txt -o "$out/afp-kyivpost-tinzaouaten" >/dev/null
fi
if [ "$only" = all ] || [ "$only" = examples ]; then
    $kgbuild build examples -o "$out/examples" >/dev/null
fi
if [ "$only" = all ] || [ "$only" = corpus ]; then
    for article in "$corpus"/*.txt; do
        name=$(basename "$article" .txt)
        $kgbuild build "$article" -o "$out/$name" >/dev/null
    done
fi
find "$out" -name graph.html -delete
echo "built $(find "$out" -name graph.ttl | wc -l) graphs into $out"
