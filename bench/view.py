"""How fast the HTML view is written and drawn, for generated graphs of 1,000 and 5,000 nodes.

The graphs are made in kgbuild's vocabulary, deterministically (a seeded generator): entities of
every class with aliases, a few Wikidata ids and mentions (kg:Evidence with sentences, offsets and
documents), relations between them with reified evidence (some read only inside claims), and
events (about 30% of the nodes) with attackers, targets, other participants, a place, a date or a
date range, casualty figures from named or described sources, and evidence.

For each size it prints:

* render: seconds ``render_html`` takes (graph → page text: reading the graph, centrality,
  layout, JSON), and the page's size;
* drawn: seconds from ``page.goto`` until the page has drawn the graph, in Debian's headless
  Chromium with the network cut off (browser already started). "Drawn" is precise: the page sets
  ``window.kgbuildDrawn = true`` inside vis-network's first ``afterDrawing`` event after which
  every node is at its final position: the first frame for a graph above
  ``LARGE_GRAPH_NODES`` nodes (positions computed in Python, physics off), the first frame after
  the bounded physics stabilisation below it. ``load`` is when the page's load event fired.

Target: the 1,000-node graph drawn in under 3 seconds.

    python bench/view.py [--sizes 1000 5000] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kgbuild.export.view import LARGE_GRAPH_NODES, render_html
from kgbuild.graph.store import new_graph
from kgbuild.ontology import ID_IRI, KG, OWL, PROV, RDF, RDFS, SCHEMA, SEM, SKOS, WD

CHROMIUM = Path(os.environ.get("KGBUILD_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

# (class, share of the entities)
ENTITY_MIX = (("Person", 0.22), ("ArmedGroup", 0.12), ("StateForce", 0.06), ("Government", 0.04),
              ("Organization", 0.08), ("EthnicGroup", 0.03), ("Country", 0.05), ("Place", 0.40))
EVENT_TYPES = ("Battle", "Attack", "AirStrike", "Capture", "Withdrawal", "Arrest", "Deployment",
               "ViolenceAgainstCivilians")
SYLLABLES = ("ta", "ki", "dal", "mou", "zaw", "ten", "ga", "ou", "ba", "ko", "ra", "nia", "sa", "bel",
             "ag", "in", "dou", "far", "me", "hou", "lo", "ser", "ma", "ri")
ACTORS = ("Person", "ArmedGroup", "StateForce", "Government", "Organization", "EthnicGroup", "Country")


def _iri(path: str) -> URIRef:
    return URIRef(ID_IRI + path)


def _name(rng: random.Random, parts: int) -> str:
    return " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
                    for _ in range(parts))


def generate_graph(nodes: int, seed: int = 1) -> Graph:
    """A graph of ``nodes`` entities and events (about 70% / 30%), the same for the same arguments."""
    rng = random.Random(seed)
    triples: set[tuple] = set()
    add = triples.add
    n_events = nodes * 3 // 10
    n_entities = nodes - n_events

    docs = []
    for d in range(max(1, nodes // 25)):
        doc = _iri(f"document/bench{d:05d}")
        docs.append(doc)
        add((doc, RDF.type, KG.Document))
        add((doc, KG.sourceFile, Literal(f"bench-{d:05d}.txt")))
        add((doc, SCHEMA.headline, Literal(f"Fighting near {_name(rng, 1)} as {_name(rng, 1)} forces advance")))
        add((doc, SCHEMA.publisher, Literal(rng.choice(("AFP", "Reuters", "RFI", "Al Jazeera", "BBC")))))
        add((doc, SCHEMA.datePublished, Literal(f"202{rng.randint(0, 4)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                                                datatype=XSD.date)))
    evidence_count = 0

    def evidence(subject: URIRef, sentence: str, mention: str | None = None, claim: URIRef | None = None,
                 statement: tuple | None = None) -> None:
        nonlocal evidence_count
        evidence_count += 1
        ev = _iri(f"evidence/bench{evidence_count:07d}")
        if statement is None:
            add((subject, KG.evidence, ev))
        else:
            add((ev, RDF.predicate, statement[0]))
            add((ev, RDF.object, statement[1]))
        add((ev, RDF.type, KG.Evidence))
        add((ev, RDF.subject, subject))
        add((ev, PROV.wasDerivedFrom, rng.choice(docs)))
        add((ev, KG.sentence, Literal(sentence)))
        start = rng.randint(0, 4000)
        add((ev, KG.charStart, Literal(start, datatype=XSD.integer)))
        add((ev, KG.charEnd, Literal(start + len(sentence), datatype=XSD.integer)))
        add((ev, KG.confidence, Literal("0.80", datatype=XSD.decimal)))
        if mention:
            add((ev, KG.mentionText, Literal(mention)))
        if claim is not None:
            add((ev, KG.fromClaim, claim))

    entities: dict[str, list[tuple[URIRef, str]]] = {cls: [] for cls, _ in ENTITY_MIX}
    weights = [share for _, share in ENTITY_MIX]
    for i in range(n_entities):
        cls = rng.choices([c for c, _ in ENTITY_MIX], weights)[0]
        label = _name(rng, 2 if cls == "Person" else rng.randint(1, 2)) + f" {i}"
        entity = _iri(f"{cls.lower()}/bench-{i}")
        entities[cls].append((entity, label))
        add((entity, RDF.type, KG[cls]))
        add((entity, RDFS.label, Literal(label)))
        for _ in range(rng.randint(0, 3)):
            add((entity, SKOS.altLabel, Literal(_name(rng, 1) + f" {i}")))
        if rng.random() < 0.1:
            add((entity, OWL.sameAs, WD[f"Q{rng.randint(1, 10**7)}"]))
        for _ in range(rng.randint(1, 6)):
            evidence(entity, f"Fighters of {label} were seen near {_name(rng, 1)} on Saturday, witnesses said.", label)

    claim_count = 0
    persons = entities["Person"] or [e for es in entities.values() for e in es]

    def claim() -> URIRef:
        nonlocal claim_count
        claim_count += 1
        c = _iri(f"claim/bench{claim_count:06d}")
        add((c, RDF.type, KG.Claim))
        add((c, KG.statement, Literal("They control the town and the road to the border.")))
        add((c, PROV.wasDerivedFrom, rng.choice(docs)))
        if rng.random() < 0.6:
            add((c, KG.claimedBy, rng.choice(persons)[0]))
        else:
            add((c, KG.sourceDescription, Literal("a local official")))
        add((c, KG.hedged, Literal(rng.random() < 0.3)))
        add((c, KG.negated, Literal(False)))
        return c

    # Relations, with preferential attachment so that some actors become hubs.
    actors = [e for cls in ACTORS for e in entities[cls]]
    places = entities["Place"] or actors
    popular: list[tuple[URIRef, str]] = []
    for subject, label in actors:
        for _ in range(rng.choice((0, 1, 1, 2))):
            pool = popular if popular and rng.random() < 0.5 else actors
            obj = rng.choice(pool)
            if obj[0] == subject:
                continue
            predicate = KG[rng.choice(("allyOf", "enemyOf", "memberOf", "leaderOf", "affiliatedWith", "partOf"))]
            add((subject, predicate, obj[0]))
            popular.append(obj)
            from_claim = claim() if rng.random() < 0.3 else None
            evidence(subject, f"{label} and {obj[1]} were reported to work together.", claim=from_claim,
                     statement=(predicate, obj[0]))
        if rng.random() < 0.3:
            place = rng.choice(places)
            add((subject, KG.controls, place[0]))
            evidence(subject, f"{label} controls {place[1]}.", statement=(KG.controls, place[0]))
    for subject, label in places:
        if rng.random() < 0.6:
            other = rng.choice(places)
            if other[0] != subject:
                add((subject, KG.locatedIn, other[0]))
                evidence(subject, f"{label}, a town in {other[1]}.", statement=(KG.locatedIn, other[0]))

    armed = entities["ArmedGroup"] + entities["StateForce"] or actors
    for i in range(n_events):
        cls = rng.choice(EVENT_TYPES)
        event = _iri(f"event/bench-{i}")
        place = rng.choice(places)
        attacker, target = rng.choice(armed), rng.choice(actors)
        year, month, day = rng.randint(2020, 2024), rng.randint(1, 12), rng.randint(1, 26)
        add((event, RDF.type, KG.Event))
        add((event, RDF.type, KG[cls]))
        add((event, RDFS.label, Literal(f"{cls} at {place[1]} ({year}-{month:02d}-{day:02d})")))
        add((event, KG.attacker, attacker[0]))
        add((event, SEM.hasActor, attacker[0]))
        if target[0] != attacker[0]:
            add((event, KG.target, target[0]))
            add((event, SEM.hasActor, target[0]))
        if rng.random() < 0.3:
            add((event, SEM.hasActor, rng.choice(actors)[0]))
        add((event, SEM.hasPlace, place[0]))
        if rng.random() < 0.7:
            add((event, SEM.hasTimeStamp, Literal(f"{year}-{month:02d}-{day:02d}", datatype=XSD.date)))
        else:
            add((event, SEM.hasBeginTimeStamp, Literal(f"{year}-{month:02d}-{day:02d}", datatype=XSD.date)))
            add((event, SEM.hasEndTimeStamp, Literal(f"{year}-{month:02d}-{day + 2:02d}", datatype=XSD.date)))
        event_claim = claim() if rng.random() < 0.25 else None
        for _ in range(rng.randint(1, 3)):
            evidence(event, f"{attacker[1]} attacked {target[1]} in {place[1]}, the army said.", claim=event_claim)
        for f in range(rng.choice((0, 0, 1, 2, 3))):
            figure = _iri(f"figure/bench-{i}-{f}")
            text = rng.choice(("at least 12", "dozens", "17", "more than 40", "two"))
            add((event, KG.casualties, figure))
            add((figure, RDF.type, KG.CasualtyFigure))
            add((figure, KG.figureText, Literal(text)))
            add((figure, KG.category, Literal(rng.choice(("killed", "wounded", "killed or captured")))))
            if rng.random() < 0.5:
                add((figure, KG.claimedBy, rng.choice(persons)[0]))
            else:
                add((figure, KG.sourceDescription, Literal("a local politician")))
            evidence(figure, f"The provisional death toll was {text}, a local politician said.", text)
    graph = new_graph()
    graph.addN((s, p, o, graph) for s, p, o in sorted(triples))
    return graph


def time_render(graph: Graph, repeat: int) -> tuple[float, str]:
    times, page = [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        page = render_html(graph, title="bench")
        times.append(time.perf_counter() - start)
    return statistics.median(times), page


def time_drawn(page_path: Path, repeat: int) -> tuple[float, float, float]:
    """Median seconds from goto to drawn, the page's own drawn time and its load event (ms)."""
    from playwright.sync_api import sync_playwright

    walls, drawn_at, loads = [], [], []
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            user_data_dir=profile, executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 860}, offline=True,
        )
        try:
            context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
                ("file:", "data:", "about:", "blob:")) else route.abort())
            for _ in range(repeat):
                page = context.new_page()
                start = time.perf_counter()
                page.goto(page_path.as_uri(), wait_until="commit")
                page.wait_for_function("window.kgbuildDrawn === true", timeout=120_000, polling=20)
                walls.append(time.perf_counter() - start)
                drawn_at.append(page.evaluate("window.kgbuildDrawnAt"))
                loads.append(page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd"))
                page.close()
        finally:
            context.close()
    return statistics.median(walls), statistics.median(drawn_at), statistics.median(loads)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the pages into this directory")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"bench: no Chromium at {CHROMIUM} (install Debian's chromium, or set KGBUILD_CHROMIUM)")
    print(f"layout computed in Python and physics off above {LARGE_GRAPH_NODES} nodes")
    print(f"{'nodes':>6} {'links':>6} {'triples':>8} {'render s':>9} {'page MB':>8} "
          f"{'drawn s':>8} {'drawn ms (page)':>16} {'load ms':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.keep or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        for size in args.sizes:
            graph = generate_graph(size)
            render_s, page = time_render(graph, args.repeat)
            path = out_dir / f"bench-{size}.html"
            path.write_text(page, encoding="utf-8")
            data = json.loads(re.search(r'<script id="kgbuild-data" type="application/json">(.*?)</script>',
                                        page, re.S).group(1))
            drawn_s, drawn_ms, load_ms = time_drawn(path, args.repeat)
            print(f"{len(data['nodes']):>6} {len(data['edges']):>6} {len(graph):>8} {render_s:>9.2f} "
                  f"{len(page.encode()) / 1e6:>8.1f} {drawn_s:>8.2f} {drawn_ms:>16.0f} {load_ms:>8.0f}")
    print("target: the 1,000-node graph drawn in under 3 s")


if __name__ == "__main__":
    main()
