"""SPARQL and export speed of kgbuild against bare pyoxigraph, on a generated 1,000,000-triple graph.

Generates (deterministically, from a seed) a Turtle graph in kgbuild's vocabulary with the shape a
large build has: documents with their metadata, entities of every class with a label, altLabels and
one ``kg:Evidence`` node per mention (sentence, offsets, words, confidence, document, extractor),
events with actors, attackers, targets, a place and a time, and relations with reified evidence.
Then times, best of ``--repeat`` runs, each in a fresh Python process:

(a) a three-pattern join with a fourth for the document (the sentences that mention each armed
    group, with the file they come from):
    ``kgbuild query GRAPH.ttl QUERY --format tsv`` against a bare script that loads the same file
    into a ``pyoxigraph.Store`` and writes the same query's results as TSV;
(b) ``kgbuild export GRAPH.ttl --format turtle -o OUT`` against a bare script that loads the file
    into a ``pyoxigraph.Store`` and dumps it as Turtle (unsorted: pyoxigraph's own order).

Both sides of each comparison include interpreter start-up, imports and parsing the file, because
that is what a user waits for. Prints the times, the ratios kgbuild / pyoxigraph (target: at most
1.5) and the peak memory (maximum resident set size) of every process.

    python bench/sparql.py [--triples 1000000] [--repeat 3] [--seed 7] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

KG = "https://w3id.org/kgbuild/ns#"
KGID = "https://w3id.org/kgbuild/id/"
PREFIX_LINES = (
    "@prefix kg: <https://w3id.org/kgbuild/ns#> .\n"
    "@prefix kgid: <https://w3id.org/kgbuild/id/> .\n"
    "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
    "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix schema: <https://schema.org/> .\n"
    "@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\n"
)

QUERY = """SELECT ?group ?words ?sentence ?file
WHERE {
  ?g a kg:ArmedGroup ;
     rdfs:label ?group ;
     kg:evidence ?ev .
  ?ev kg:mentionText ?words ;
      kg:sentence ?sentence ;
      prov:wasDerivedFrom ?doc .
  ?doc kg:sourceFile ?file .
}"""

ENTITY_CLASSES = (
    ("ArmedGroup", "armedgroup", 0.20),
    ("StateForce", "stateforce", 0.10),
    ("Person", "person", 0.30),
    ("Government", "government", 0.05),
    ("Organization", "organization", 0.10),
    ("Place", "place", 0.25),
)
EVENT_CLASSES = ("Battle", "Attack", "AirStrike", "Capture", "Withdrawal", "Deployment")
RELATIONS = ("leaderOf", "spokespersonOf", "memberOf", "allyOf", "enemyOf", "affiliatedWith", "controls", "locatedIn")
EXTRACTORS = ("kgbuild.mentions.v1", "kgbuild.events.v1", "kgbuild.relations.v1")
SYLLABLES = ("ka", "ta", "zou", "mar", "din", "el", "ag", "ou", "sa", "ben", "ti", "na", "gao", "ki", "dal", "men")
WORDS = (
    "fighters", "clashed", "with", "soldiers", "near", "the", "town", "of", "on", "Saturday", "according", "to",
    "a", "local", "official", "who", "said", "that", "at", "least", "people", "were", "killed", "in", "fighting",
    "convoy", "ambushed", "drone", "strike", "army", "base", "rebels", "seized", "control", "northern", "region",
)


def _name(rng: random.Random) -> str:
    return " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
                    for _ in range(rng.randint(1, 2)))


def _sentence(rng: random.Random, name: str) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(14, 28))]
    words.insert(rng.randrange(len(words)), name)
    return " ".join(words).capitalize() + "."


def generate(path: Path, triples: int, seed: int) -> int:
    """Write a Turtle graph of exactly ``triples`` triples to ``path``; returns the count."""
    rng = random.Random(seed)
    n_docs = max(10, triples // 2000)
    n_entities = max(20, triples // 40)  # more than are used: no entity is written twice
    count = 0
    out = []

    def emit(subject: str, pairs: list[tuple[str, str]]) -> bool:
        nonlocal count
        take = pairs[: max(0, triples - count)]
        if not take:
            return False
        out.append(subject + " " + " ;\n    ".join(f"{p} {o}" for p, o in take) + " .\n")
        count += len(take)
        return count < triples

    docs = [f"<{KGID}document/{rng.getrandbits(80):020x}>" for _ in range(n_docs)]
    for i, doc in enumerate(docs):
        emit(doc, [
            ("a", "kg:Document"),
            ("kg:sha256", f'"{doc[-21:-1]}{rng.getrandbits(176):044x}"'),
            ("kg:sourceFile", f'"article-{i:05d}.txt"'),
            ("schema:headline", f'"{_sentence(rng, "Mali")[:60]}"'),
            ("schema:datePublished", f'"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"^^xsd:date'),
            ("schema:publisher", f'"{rng.choice(("AFP", "Reuters", "AP", "RFI", "Al Jazeera"))}"'),
        ])
    for name in EXTRACTORS:
        emit(f"<{KGID}extractor/{name}>", [("a", "kg:Extractor"), ("a", "prov:Activity"), ("rdfs:label", f'"{name}"')])

    entities: list[tuple[str, str]] = []
    weights = [w for _, _, w in ENTITY_CLASSES]
    for i in range(n_entities):
        cls, slug, _ = rng.choices(ENTITY_CLASSES, weights)[0]
        entities.append((f"<{KGID}{slug}/{_name(rng).lower().replace(' ', '-')}-{i}>", cls))
    places = [e for e in entities if e[1] == "Place"] or entities
    actors = [e for e in entities if e[1] != "Place"] or entities

    def evidence(subject: str, name: str | None, extractor: str, extra: list[tuple[str, str]]) -> str:
        ev = f"<{KGID}evidence/{rng.getrandbits(80):020x}>"
        start = rng.randint(0, 8000)
        pairs = [
            ("a", "kg:Evidence"),
            ("rdf:subject", subject),
            *extra,
            ("prov:wasDerivedFrom", rng.choice(docs)),
            ("prov:wasGeneratedBy", f"<{KGID}extractor/{extractor}>"),
            ("kg:sentence", f'"{_sentence(rng, name or "Mali")}"'),
            ("kg:charStart", f'"{start}"^^xsd:integer'),
            ("kg:charEnd", f'"{start + rng.randint(4, 30)}"^^xsd:integer'),
            ("kg:confidence", f'"0.{rng.randint(50, 99)}"^^xsd:decimal'),
        ]
        if name is not None:
            pairs.append(("kg:mentionText", f'"{name}"'))
        emit(ev, pairs)
        return ev

    # Entities, events and relations interleaved until the count is reached.
    relations: set[tuple[str, str, str]] = set()
    i = 0
    while count < triples:
        iri, cls = entities[i % len(entities)]
        label = iri[:-1].rsplit("/", 1)[1].rsplit("-", 1)[0].replace("-", " ").title()
        alts = list(dict.fromkeys(_name(rng) for _ in range(rng.randint(0, 3))))
        evs = [evidence(iri, rng.choice([label, *alts]), EXTRACTORS[0], []) for _ in range(rng.randint(1, 8))]
        if not emit(iri, [("a", f"kg:{cls}"), ("rdfs:label", f'"{label} {i}"'),
                          *(("skos:altLabel", f'"{a}"') for a in alts), *(("kg:evidence", ev) for ev in evs)]):
            break
        if i % 4 == 0:
            event = f"<{KGID}event/{rng.getrandbits(64):016x}>"
            cls = rng.choice(EVENT_CLASSES)
            attacker, target = rng.sample(actors, 2)
            place = rng.choice(places)
            evs = [evidence(event, None, EXTRACTORS[1], []) for _ in range(rng.randint(1, 3))]
            emit(event, [
                ("a", "kg:Event"), ("a", f"kg:{cls}"), ("rdfs:label", f'"{cls} at {place[0][:-1].rsplit("/", 1)[1]}"'),
                ("sem:hasActor", attacker[0]), ("sem:hasActor", target[0]),
                ("kg:attacker", attacker[0]), ("kg:target", target[0]), ("sem:hasPlace", place[0]),
                ("sem:hasTimeStamp", f'"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"^^xsd:date'),
                *(("kg:evidence", ev) for ev in evs),
            ])
        if i % 3 == 0:
            s, o = rng.sample(actors, 2)
            p = f"kg:{rng.choice(RELATIONS)}"
            if (s[0], p, o[0]) not in relations:
                relations.add((s[0], p, o[0]))
                emit(s[0], [(p, o[0])])
                evidence(s[0], None, EXTRACTORS[2], [("rdf:predicate", p), ("rdf:object", o[0])])
        i += 1
    with path.open("w", encoding="utf-8") as handle:
        handle.write(PREFIX_LINES)
        handle.writelines(out)
    return count


BARE_QUERY = """
import sys
import pyoxigraph as ox
store = ox.Store()
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.TURTLE)
prefixes = {"kg": "https://w3id.org/kgbuild/ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "prov": "http://www.w3.org/ns/prov#"}
store.query(sys.argv[2], prefixes=prefixes).serialize(sys.stdout.buffer, ox.QueryResultsFormat.TSV)
"""

BARE_EXPORT = """
import sys
import pyoxigraph as ox
store = ox.Store()
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.TURTLE)
prefixes = {"kg": "https://w3id.org/kgbuild/ns#", "kgid": "https://w3id.org/kgbuild/id/"}
store.dump(sys.argv[2], format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=prefixes)
"""


def run(cmd: list[str], stdout_path: Path) -> tuple[float, int]:
    """Run ``cmd`` with stdout to a file; its wall time (s) and maximum resident set size (MiB)."""
    with stdout_path.open("wb") as stdout:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage, not all children's
        elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd[:5])} failed ({proc.returncode}):\n{stderr}")
    return elapsed, usage.ru_maxrss // 1024  # Linux: kilobytes


def best_of(commands: dict[str, tuple[list[str], Path]], repeat: int) -> dict[str, tuple[float, int]]:
    """The best time and the peak memory of each command over ``repeat`` rounds. Each round runs
    every command once, in turn, so that a machine busy with something else slows both sides of a
    comparison alike."""
    runs: dict[str, list[tuple[float, int]]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, (cmd, stdout_path) in commands.items():
            runs[name].append(run(cmd, stdout_path))
    return {name: (min(t for t, _ in r), max(m for _, m in r)) for name, r in runs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best time counts")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, default=None, help="write the files here and keep them")
    args = parser.parse_args()
    import pyoxigraph

    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        graph = work / "bench.ttl"
        start = time.perf_counter()
        count = generate(graph, args.triples, args.seed)
        made = time.perf_counter() - start
        print(f"graph: {count:,} triples, {graph.stat().st_size / 2**20:.1f} MiB of Turtle, generated in {made:.1f} s "
              f"(seed {args.seed})")
        print(f"python {sys.version.split()[0]}, pyoxigraph {pyoxigraph.__version__}, {os.cpu_count()} CPUs; "
              f"best of {args.repeat}; every time includes process start, imports and parsing the file")
        py = sys.executable
        results = best_of({
            "query kgbuild": ([py, "-m", "kgbuild", "query", str(graph), QUERY, "--format", "tsv"], work / "kgbuild.tsv"),
            "query pyoxigraph": ([py, "-c", BARE_QUERY, str(graph), QUERY], work / "bare.tsv"),
            "export kgbuild": (
                [py, "-m", "kgbuild", "export", str(graph), "--format", "turtle", "-o", str(work / "kgbuild-out.ttl")],
                work / "export.log",
            ),
            "export pyoxigraph": ([py, "-c", BARE_EXPORT, str(graph), str(work / "bare-out.ttl")], work / "bare-export.log"),
        }, args.repeat)
        ours = sorted((work / "kgbuild.tsv").read_bytes().splitlines())
        theirs = sorted((work / "bare.tsv").read_bytes().splitlines())
        if ours != theirs:
            sys.exit("bench: kgbuild query and pyoxigraph give different results")
        rows = len(ours) - 1

    print(f"(a) three-pattern join plus the document ({rows:,} rows, TSV):")
    print(f"    kgbuild query        {results['query kgbuild'][0]:6.2f} s   peak {results['query kgbuild'][1]:5d} MiB")
    print(f"    pyoxigraph directly  {results['query pyoxigraph'][0]:6.2f} s   peak {results['query pyoxigraph'][1]:5d} MiB")
    print(f"    ratio {results['query kgbuild'][0] / results['query pyoxigraph'][0]:.2f} (target <= 1.5)")
    print("(b) Turtle out (kgbuild: sorted and deduplicated; pyoxigraph: store order):")
    print(f"    kgbuild export       {results['export kgbuild'][0]:6.2f} s   peak {results['export kgbuild'][1]:5d} MiB")
    print(f"    pyoxigraph directly  {results['export pyoxigraph'][0]:6.2f} s   peak {results['export pyoxigraph'][1]:5d} MiB")
    print(f"    ratio {results['export kgbuild'][0] / results['export pyoxigraph'][0]:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
