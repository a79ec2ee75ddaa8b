"""``kgbuild export``: every format through the real CLI, read back with independent parsers.

TriG must hold one named graph per kg:Document, named by the document's IRI, and the union of its
graphs must be the Turtle graph (isomorphism, rdflib.compare); GraphML and GEXF must load in
networkx with the entities' labels; every export is byte-for-byte deterministic and written
atomically.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from conftest import run_cli

KG = rdflib.Namespace("https://w3id.org/kgbuild/ns#")
ID = "https://w3id.org/kgbuild/id/"
FORMATS = ("turtle", "trig", "nt", "jsonld", "graphml", "gexf")


@pytest.fixture(scope="module")
def seed_turtle(seed_graph: Path) -> Path:
    return seed_graph / "graph.ttl"


@pytest.fixture(scope="module")
def turtle_graph(seed_turtle: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(seed_turtle, format="turtle")


@pytest.fixture(scope="module")
def exports(seed_turtle: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every format of the seed graph, exported once per module with -o."""
    directory = tmp_path_factory.mktemp("exports")
    paths = {}
    for fmt in FORMATS:
        path = directory / f"graph.{fmt}"
        result = run_cli("export", seed_turtle, "--format", fmt, "-o", path)
        assert result.returncode == 0, f"{fmt}:\n{result.stdout}\n{result.stderr}"
        paths[fmt] = path
    return paths


def assert_same_graph(got: rdflib.Graph, expected: rdflib.Graph) -> None:
    if not isomorphic(got, expected):
        _, only_got, only_expected = graph_diff(to_isomorphic(got), to_isomorphic(expected))
        raise AssertionError(
            f"graphs differ:\nonly in export:\n{only_got.serialize(format='nt')[:2000]}\n"
            f"only in source:\n{only_expected.serialize(format='nt')[:2000]}"
        )


# --- RDF formats ----------------------------------------------------------------------------------


def test_turtle_export_is_the_built_turtle(exports: dict[str, Path], seed_turtle: Path) -> None:
    # build and export sort the same way: exporting graph.ttl to Turtle changes nothing
    assert exports["turtle"].read_bytes() == seed_turtle.read_bytes()


@pytest.mark.parametrize("fmt,parser", [("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_rdf_export_is_the_same_graph(fmt: str, parser: str, exports: dict[str, Path], turtle_graph) -> None:
    assert_same_graph(rdflib.Graph().parse(exports[fmt], format=parser), turtle_graph)


def test_ntriples_are_sorted_and_distinct(exports: dict[str, Path]) -> None:
    lines = exports["nt"].read_bytes().decode("utf-8").splitlines()
    assert lines == sorted(set(lines))


def test_trig_has_one_named_graph_per_document(exports: dict[str, Path], turtle_graph) -> None:
    dataset = pyoxigraph.Dataset(pyoxigraph.parse(path=str(exports["trig"]), format=pyoxigraph.RdfFormat.TRIG))
    names = {q.graph_name for q in dataset if not isinstance(q.graph_name, pyoxigraph.DefaultGraph)}
    documents = {str(d) for d in turtle_graph.subjects(rdflib.RDF.type, KG.Document)}
    assert documents and {n.value for n in names} == documents
    assert all(n.value.startswith(ID + "document/") for n in names)
    # the document's own triples are in its graph
    for name in names:
        assert pyoxigraph.Quad(name, pyoxigraph.NamedNode(str(rdflib.RDF.type)),
                               pyoxigraph.NamedNode(str(KG.Document)), name) in dataset


def test_trig_union_is_the_turtle_graph(exports: dict[str, Path], turtle_graph) -> None:
    dataset = rdflib.Dataset()
    dataset.parse(exports["trig"], format="trig")
    union = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    assert_same_graph(union, turtle_graph)


TWO_DOCUMENTS = """
@prefix kg: <https://w3id.org/kgbuild/ns#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix id: <https://w3id.org/kgbuild/id/> .

<https://w3id.org/kgbuild/id/document/d1> a kg:Document ; kg:sourceFile "one.txt" .
<https://w3id.org/kgbuild/id/document/d2> a kg:Document ; kg:sourceFile "two.txt" .
<https://w3id.org/kgbuild/id/extractor/x> a kg:Extractor ; rdfs:label "x" .

<https://w3id.org/kgbuild/id/armedgroup/wagner> a kg:ArmedGroup ; rdfs:label "Wagner Group" ;
    kg:evidence <https://w3id.org/kgbuild/id/evidence/w1>, <https://w3id.org/kgbuild/id/evidence/w2> ;
    kg:allyOf <https://w3id.org/kgbuild/id/stateforce/fama> .
<https://w3id.org/kgbuild/id/stateforce/fama> a kg:StateForce ; rdfs:label "Malian Armed Forces" ;
    kg:evidence <https://w3id.org/kgbuild/id/evidence/f1> .
<https://w3id.org/kgbuild/id/event/battle> a kg:Event, kg:Battle ; rdfs:label "Battle" ;
    sem:hasActor <https://w3id.org/kgbuild/id/armedgroup/wagner> ;
    kg:casualties <https://w3id.org/kgbuild/id/figure/f> ;
    kg:evidence <https://w3id.org/kgbuild/id/evidence/b2> .
<https://w3id.org/kgbuild/id/figure/f> a kg:CasualtyFigure ; kg:figureText "dozens" ;
    kg:evidence <https://w3id.org/kgbuild/id/evidence/c2> .
<https://w3id.org/kgbuild/id/claim/c> a kg:Claim ; kg:statement "they fled" ;
    prov:wasDerivedFrom <https://w3id.org/kgbuild/id/document/d2> .

<https://w3id.org/kgbuild/id/evidence/w1> a kg:Evidence ; rdf:subject <https://w3id.org/kgbuild/id/armedgroup/wagner> ;
    prov:wasDerivedFrom <https://w3id.org/kgbuild/id/document/d1> ; kg:sentence "Wagner came." .
<https://w3id.org/kgbuild/id/evidence/w2> a kg:Evidence ; rdf:subject <https://w3id.org/kgbuild/id/armedgroup/wagner> ;
    prov:wasDerivedFrom <https://w3id.org/kgbuild/id/document/d2> ; kg:sentence "Wagner left." .
<https://w3id.org/kgbuild/id/evidence/f1> a kg:Evidence ; rdf:subject <https://w3id.org/kgbuild/id/stateforce/fama> ;
    prov:wasDerivedFrom <https://w3id.org/kgbuild/id/document/d1> ; kg:sentence "The army came." .
<https://w3id.org/kgbuild/id/evidence/r1> a kg:Evidence ; rdf:subject <https://w3id.org/kgbuild/id/armedgroup/wagner> ;
    rdf:predicate kg:allyOf ; rdf:object <https://w3id.org/kgbuild/id/stateforce/fama> ;
    prov:wasDerivedFrom <https://w3id.org/kgbuild/id/document/d1> ; kg:sentence "Allies." .
<https://w3id.org/kgbuild/id/evidence/b2> a kg:Evidence ; rdf:subject <https://w3id.org/kgbuild/id/event/battle> ;
    prov:wasDerivedFrom <https://w3id.org/kgbuild/id/document/d2> ; kg:sentence "They fought." .
<https://w3id.org/kgbuild/id/evidence/c2> a kg:Evidence ; rdf:subject <https://w3id.org/kgbuild/id/figure/f> ;
    prov:wasDerivedFrom <https://w3id.org/kgbuild/id/document/d2> ; kg:sentence "Dozens died." .
"""


def test_trig_groups_by_document(tmp_path: Path) -> None:
    source = tmp_path / "two.ttl"
    source.write_text(TWO_DOCUMENTS, encoding="utf-8")
    trig = tmp_path / "two.trig"
    result = run_cli("export", source, "-o", trig)  # the format from the suffix
    assert result.returncode == 0, result.stderr
    dataset = rdflib.Dataset()
    dataset.parse(trig, format="trig")
    graphs = {str(g.identifier): {(str(s), str(p), str(o)) for s, p, o in g} for g in dataset.graphs()}
    d1, d2 = graphs[ID + "document/d1"], graphs[ID + "document/d2"]
    default = set().union(*(triples for name, triples in graphs.items() if not name.startswith(ID + "document/")))
    wagner, fama, battle = ID + "armedgroup/wagner", ID + "stateforce/fama", ID + "event/battle"
    label = str(rdflib.RDFS.label)
    # an entity of both documents is in both graphs, each with that document's evidence only
    assert (wagner, label, "Wagner Group") in d1 and (wagner, label, "Wagner Group") in d2
    assert (wagner, str(KG.evidence), ID + "evidence/w1") in d1
    assert (wagner, str(KG.evidence), ID + "evidence/w2") not in d1
    assert (wagner, str(KG.evidence), ID + "evidence/w2") in d2
    assert (ID + "evidence/w2", str(KG.sentence), "Wagner left.") in d2
    assert not any(s == ID + "evidence/w2" for s, _, _ in d1)
    # a relation goes where its evidence was read; an entity only in d1 stays out of d2
    assert (wagner, str(KG.allyOf), fama) in d1 and (wagner, str(KG.allyOf), fama) not in d2
    assert not any(s == fama for s, _, _ in d2)
    # events, figures and claims with the document they come from
    assert (battle, label, "Battle") in d2 and not any(s == battle for s, _, _ in d1)
    assert (ID + "figure/f", str(KG.figureText), "dozens") in d2
    assert (battle, str(KG.casualties), ID + "figure/f") in d2
    assert (ID + "claim/c", str(KG.statement), "they fled") in d2
    # documents' own triples; extractors in the default graph
    assert (ID + "document/d1", str(KG.sourceFile), "one.txt") in d1
    assert (ID + "document/d1", str(KG.sourceFile), "one.txt") not in d2
    assert (ID + "extractor/x", label, "x") in default
    assert not any(s == ID + "extractor/x" for s, _, _ in d1 | d2)
    union = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    assert_same_graph(union, rdflib.Graph().parse(source, format="turtle"))


# --- networks ----------------------------------------------------------------------------------------


def check_network(graph: nx.MultiDiGraph, turtle_graph: rdflib.Graph) -> None:
    labels = {data["label"] for _, data in graph.nodes(data=True)}
    assert {"Wagner Group", "CSP-DPA", "Tinzaouaten", "Malian Armed Forces"} <= labels
    expected = {str(label) for entity, label in turtle_graph.subject_objects(rdflib.RDFS.label)
                if (entity, rdflib.RDF.type, KG.Event) in turtle_graph or str(entity).startswith(ID + "place/")}
    assert expected <= labels
    for node, data in graph.nodes(data=True):
        assert set(data) >= {"label", "class", "kind", "mentions"}, (node, data)
        assert isinstance(data["mentions"], int) and data["kind"] in ("entity", "event")
    wagner = next(n for n, d in graph.nodes(data=True) if d["label"] == "Wagner Group")
    assert graph.nodes[wagner]["class"] == "ArmedGroup" and graph.nodes[wagner]["mentions"] > 1
    edges = [data for _, _, data in graph.edges(data=True)]
    assert {"hasActor", "hasPlace"} <= {d.get("role") for d in edges}
    assert "allyOf" in {d.get("predicate") for d in edges} or "leaderOf" in {d.get("predicate") for d in edges}
    battle = next(n for n, d in graph.nodes(data=True) if d["class"] == "Battle" and "Tinzaouaten" in d["label"])
    places = {graph.nodes[t]["label"] for _, t, d in graph.out_edges(battle, data=True) if d.get("role") == "hasPlace"}
    assert places == {"Tinzaouaten"}


def test_graphml_loads_in_networkx(exports: dict[str, Path], turtle_graph) -> None:
    check_network(nx.read_graphml(exports["graphml"]), turtle_graph)


def test_gexf_loads_in_networkx(exports: dict[str, Path], turtle_graph) -> None:
    check_network(nx.read_gexf(exports["gexf"]), turtle_graph)
    assert b"lastmodifieddate" not in exports["gexf"].read_bytes()  # no date: deterministic


# --- determinism, stdout, atomic writes ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_is_deterministic(fmt: str, seed_turtle: Path, exports: dict[str, Path]) -> None:
    again = run_cli("export", seed_turtle, "--format", fmt)  # stdout, another process
    assert again.returncode == 0, again.stderr
    first = exports[fmt].read_bytes()
    assert hashlib.sha256(again.stdout.encode("utf-8")).hexdigest() == hashlib.sha256(first).hexdigest()


def test_export_of_a_store_equals_export_of_its_turtle(corpus_article: Path, tmp_path: Path) -> None:
    store, out = tmp_path / "store", tmp_path / "out"
    assert run_cli("build", corpus_article, "--store", store, "-o", out, "--no-html").returncode == 0
    from_store = run_cli("export", store, "--format", "nt")
    from_file = run_cli("export", out / "graph.ttl", "--format", "nt")
    assert from_store.returncode == 0, from_store.stderr
    assert from_store.stdout == from_file.stdout


def test_output_replaces_the_file_atomically(seed_turtle: Path, tmp_path: Path) -> None:
    target = tmp_path / "graph.nt"
    target.write_bytes(b"old\n")
    result = run_cli("export", seed_turtle, "-o", target)
    assert result.returncode == 0, result.stderr
    assert target.read_bytes().startswith(b"<https://w3id.org/kgbuild/")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.nt"]  # no temporary file left


def test_failed_export_leaves_the_output_untouched(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text('<http://example.org/a> <http://example.org/b> "unterminated .\n', encoding="utf-8")
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"# previous export\n")
    result = run_cli("export", broken, "-o", target)
    assert result.returncode == 1
    assert str(broken) in result.stderr and "line 1" in result.stderr
    assert target.read_bytes() == b"# previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.ttl", "graph.ttl"]


def clean_error(result, code: int, *needles: str) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kgbuild: error: "), result.stderr
    for needle in needles:
        assert needle in lines[0]


def test_unwritable_output(seed_turtle: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file\n")
    result = run_cli("export", seed_turtle, "-o", blocker / "graph.ttl")
    clean_error(result, 1, "cannot write", str(blocker / "graph.ttl"))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_output_directory(seed_turtle: Path, tmp_path: Path) -> None:
    directory = tmp_path / "ro"
    directory.mkdir()
    directory.chmod(0o500)
    try:
        clean_error(run_cli("export", seed_turtle, "-o", directory / "graph.ttl"), 1, "cannot write")
    finally:
        directory.chmod(0o755)


def test_output_is_a_directory(seed_turtle: Path, tmp_path: Path) -> None:
    clean_error(run_cli("export", seed_turtle, "-o", tmp_path), 2, "directory")


def test_unknown_format(seed_turtle: Path) -> None:
    clean_error(run_cli("export", seed_turtle, "--format", "yaml"), 2, "yaml", "graphml")


def test_missing_source(tmp_path: Path) -> None:
    clean_error(run_cli("export", tmp_path / "missing.ttl"), 1, "missing.ttl")
