"""``kgbuild validate``: SHACL validation of kgbuild's graphs against ontologies/shapes.ttl.

kgbuild's own graphs (the seed article's, the demo graph of examples/) are checked with the real
CLI; hand-made graphs, each breaking one rule, show that every rule is enforced and reported on
one line naming the node and the problem.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kgbuild.quality.validate import validate_graph

from conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]

PREFIXES = """\
@prefix kg:   <https://w3id.org/kgbuild/ns#> .
@prefix kgid: <https://w3id.org/kgbuild/id/> .
@prefix sem:  <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
"""


def _evidence(name: str, subject: str, statement: str = "") -> str:
    """A well-formed kg:Evidence node; ``statement`` adds rdf:predicate/rdf:object (a relation)."""
    link = "" if statement else f"{subject} kg:evidence kgid:evidence/{name} .\n"
    return link + f"""\
kgid:evidence/{name} a kg:Evidence ;
    rdf:subject {subject} ;{statement}
    prov:wasDerivedFrom kgid:document/doc ;
    kg:sentence "Fighting broke out in Tinzaouaten." ;
    kg:charStart 0 ;
    kg:charEnd 10 .
"""


VALID = PREFIXES + """\
kgid:document/doc a kg:Document ;
    kg:sha256 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" .

kgid:armedgroup/csp-dpa a kg:ArmedGroup ; rdfs:label "CSP-DPA" .
kgid:place/tinzaouaten a kg:Place ; rdfs:label "Tinzaouaten" .
kgid:country/mali a kg:Country ; rdfs:label "Mali" .
kgid:armedgroup/csp-dpa kg:controls kgid:place/tinzaouaten .
kgid:place/tinzaouaten kg:locatedIn kgid:country/mali .

kgid:event/battle a kg:Event , kg:Battle ;
    rdfs:label "Battle at Tinzaouaten" ;
    sem:hasActor kgid:armedgroup/csp-dpa ;
    sem:hasPlace kgid:place/tinzaouaten ;
    kg:casualties kgid:figure/f1 .
kgid:figure/f1 a kg:CasualtyFigure ;
    kg:figureText "at least 17" ;
    kg:category "killed" ;
    kg:count 17 ;
    kg:minCount 17 .
kgid:claim/c1 a kg:Claim ; kg:statement "the coalition controls the town" .
""" + "".join([
    _evidence("e1", "kgid:armedgroup/csp-dpa"),
    _evidence("e2", "kgid:place/tinzaouaten"),
    _evidence("e3", "kgid:country/mali"),
    _evidence("e4", "kgid:event/battle"),
    _evidence("e5", "kgid:figure/f1"),
    _evidence("e6", "kgid:claim/c1"),
    _evidence("r1", "kgid:armedgroup/csp-dpa", "\n    rdf:predicate kg:controls ; rdf:object kgid:place/tinzaouaten ;"),
    _evidence("r2", "kgid:place/tinzaouaten", "\n    rdf:predicate kg:locatedIn ; rdf:object kgid:country/mali ;"),
])


def _write(tmp_path: Path, text: str, name: str = "graph.ttl") -> Path:
    """Write Turtle, with ``kgid:kind/name`` (not a valid prefixed name: it holds a slash) expanded."""
    path = tmp_path / name
    path.write_text(re.sub(r"kgid:([\w/-]+)", r"<https://w3id.org/kgbuild/id/\1>", text), encoding="utf-8")
    return path


def _violation_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line and "violation(s)" not in line]


# --------------------------------------------------------------------------- kgbuild's own graphs

def test_seed_graph_conforms(seed_graph: Path) -> None:
    result = run_cli("validate", seed_graph / "graph.ttl")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("conforms: ")


@pytest.fixture(scope="module")
def demo_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo graph of examples/, built as ``make demo`` builds it."""
    out = tmp_path_factory.mktemp("demo")
    result = run_cli("build", ROOT / "examples", "-o", out, "--no-html")
    assert result.returncode == 0, result.stdout + result.stderr
    return out / "graph.ttl"


def test_demo_graph_conforms(demo_graph: Path) -> None:
    result = run_cli("validate", demo_graph)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("conforms: ")


def test_store_directory_is_validated(corpus_article: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    built = run_cli("build", corpus_article, "--store", store, "-o", tmp_path / "out", "--no-html")
    assert built.returncode == 0, built.stderr
    from_store = validate_graph(store)
    from_file = validate_graph(tmp_path / "out" / "graph.ttl")
    assert from_store.triples == from_file.triples
    assert from_store.violations == from_file.violations
    assert from_store.nodes_checked == from_file.nodes_checked


# --------------------------------------------------------------------------- hand-made graphs


def test_valid_hand_made_graph_conforms(tmp_path: Path) -> None:
    result = run_cli("validate", _write(tmp_path, VALID))
    assert result.returncode == 0, result.stdout + result.stderr
    # 1 document, 3 entities, 1 event, 1 figure, 1 claim, 8 pieces of evidence
    assert result.stdout.splitlines()[0].startswith("conforms: 15 nodes checked"), result.stdout
    assert result.stderr == ""


def test_valid_graph_in_other_formats(tmp_path: Path) -> None:
    from rdflib import Graph

    graph = Graph().parse(_write(tmp_path, VALID), format="turtle")
    for suffix, fmt in ((".nt", "nt"), (".jsonld", "json-ld"), (".rdf", "xml")):
        path = tmp_path / f"graph{suffix}"
        graph.serialize(path, format=fmt, encoding="utf-8")
        report = validate_graph(path)
        assert report.conforms, [v.line() for v in report.violations]


BROKEN = {
    "entity with two labels": (
        VALID.replace('rdfs:label "CSP-DPA" .', 'rdfs:label "CSP-DPA" , "Azawad coalition" .'),
        "kgid:armedgroup/csp-dpa rdfs:label: an entity has exactly one rdfs:label",
    ),
    "entity with no label": (
        VALID.replace('kgid:country/mali a kg:Country ; rdfs:label "Mali" .', "kgid:country/mali a kg:Country ."),
        "kgid:country/mali rdfs:label: an entity has exactly one rdfs:label",
    ),
    "event with no actor": (
        VALID.replace("    sem:hasActor kgid:armedgroup/csp-dpa ;\n", ""),
        "kgid:event/battle sem:hasActor: an event has at least one actor",
    ),
    "subclass event with no actor": (
        VALID.replace("a kg:Event , kg:Battle", "a kg:Battle").replace("    sem:hasActor kgid:armedgroup/csp-dpa ;\n", ""),
        "kgid:event/battle sem:hasActor: an event has at least one actor",
    ),
    "negative count": (
        VALID.replace("kg:count 17 ;", "kg:count -3 ;"),
        "kgid:figure/f1 kg:count: kg:count is at most one non-negative xsd:integer",
    ),
    "count not an integer": (
        VALID.replace("kg:minCount 17 .", 'kg:minCount "dozens" .'),
        "kgid:figure/f1 kg:minCount: kg:minCount is at most one non-negative xsd:integer",
    ),
    "relation triple without evidence": (
        VALID + "kgid:armedgroup/csp-dpa kg:enemyOf kgid:country/mali .\n",
        "kgid:armedgroup/csp-dpa kg:enemyOf: the relation triple to",
    ),
    "relation evidence naming another predicate": (
        VALID.replace("rdf:predicate kg:locatedIn", "rdf:predicate kg:near"),
        "kgid:place/tinzaouaten kg:locatedIn: the relation triple to",
    ),
    "entity without evidence": (
        VALID.replace("kgid:country/mali kg:evidence kgid:evidence/e3 .\n", ""),
        "kgid:country/mali kg:evidence: an entity has at least one kg:evidence",
    ),
    "event without evidence": (
        VALID.replace("kgid:event/battle kg:evidence kgid:evidence/e4 .\n", ""),
        "kgid:event/battle kg:evidence: an event has at least one kg:evidence",
    ),
    "figure without evidence": (
        VALID.replace("kgid:figure/f1 kg:evidence kgid:evidence/e5 .\n", ""),
        "kgid:figure/f1 kg:evidence: a casualty figure has at least one kg:evidence",
    ),
    "claim without evidence": (
        VALID.replace("kgid:claim/c1 kg:evidence kgid:evidence/e6 .\n", ""),
        "kgid:claim/c1 kg:evidence: a claim has at least one kg:evidence",
    ),
    "entity of an undeclared class": (
        VALID.replace("kgid:armedgroup/csp-dpa a kg:ArmedGroup ;", "kgid:armedgroup/csp-dpa a kg:ArmedGroup , kg:Rebels ;"),
        "kgid:armedgroup/csp-dpa rdf:type: an entity is typed with a kg: class the ontology does not declare [value: kg:Rebels]",
    ),
    "entity of no entity class": (
        VALID.replace("kgid:armedgroup/csp-dpa a kg:ArmedGroup ;", "kgid:armedgroup/csp-dpa a kg:Actor ;"),
        "kgid:armedgroup/csp-dpa rdf:type: an entity is an instance of one of the entity classes",
    ),
    "evidence without offsets": (
        VALID.replace("    kg:charStart 0 ;\n    kg:charEnd 10 .\n", "    kg:charEnd 10 .\n", 1),
        "kgid:evidence/e1 kg:charStart: a piece of evidence has exactly one kg:charStart",
    ),
    "document with a bad digest": (
        VALID.replace('kg:sha256 "0123456789abcdef', 'kg:sha256 "XYZ'),
        "kgid:document/doc kg:sha256: a document has exactly one kg:sha256: 64 lower-case hexadecimal digits "
        '[value: "XYZ',
    ),
    "figure of an unknown category": (
        VALID.replace('kg:category "killed"', 'kg:category "hurt"'),
        'kgid:figure/f1 kg:category: a casualty figure has exactly one kg:category: killed, wounded, captured, '
        'missing or killed or captured [value: "hurt"]',
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_graph_is_reported(tmp_path: Path, case: str) -> None:
    text, expected = BROKEN[case]
    assert text != VALID, f"the case '{case}' changed nothing"
    result = run_cli("validate", _write(tmp_path, text))
    assert result.returncode == 1, result.stdout + result.stderr
    lines = _violation_lines(result.stdout)
    assert any(line.startswith(expected) for line in lines), f"no line starting {expected!r} in:\n{result.stdout}"
    assert len(lines) == 1, f"{case}: expected one violation:\n{result.stdout}"
    assert result.stdout.splitlines()[-1].startswith("1 violation(s) in ")
    assert "does not conform" in result.stderr and result.stderr.count("\n") == 1, result.stderr


def test_relation_violation_names_object_and_predicate(tmp_path: Path) -> None:
    report = validate_graph(_write(tmp_path, BROKEN["relation triple without evidence"][0]))
    assert not report.conforms
    (violation,) = report.violations
    assert violation.focus == "kgid:armedgroup/csp-dpa"
    assert violation.path == "kg:enemyOf"
    assert violation.value == "kgid:country/mali"
    assert violation.line() == (
        "kgid:armedgroup/csp-dpa kg:enemyOf: the relation triple to the value has no kg:Evidence naming it "
        "with rdf:subject, rdf:predicate and rdf:object [value: kgid:country/mali]"
    )


def test_several_violations_one_line_each(tmp_path: Path) -> None:
    text = BROKEN["negative count"][0].replace("    sem:hasActor kgid:armedgroup/csp-dpa ;\n", "")
    result = run_cli("validate", _write(tmp_path, text))
    assert result.returncode == 1
    lines = _violation_lines(result.stdout)
    assert len(lines) == 2, result.stdout
    assert result.stdout.splitlines()[-1].startswith("2 violation(s) in ")


# --------------------------------------------------------------------------- options and errors


def test_custom_shapes(tmp_path: Path) -> None:
    shapes = _write(tmp_path, PREFIXES + """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
<urn:shape> a sh:NodeShape ; sh:targetClass kg:Place ;
    sh:property [ sh:path kg:geoPrecision ; sh:minCount 1 ; sh:message "a place has a precision" ] .
""", "shapes.ttl")
    graph = _write(tmp_path, VALID)
    result = run_cli("validate", graph, "--shapes", shapes)
    assert result.returncode == 1
    lines = _violation_lines(result.stdout)
    assert sorted(lines) == [
        "kgid:country/mali kg:geoPrecision: a place has a precision",
        "kgid:place/tinzaouaten kg:geoPrecision: a place has a precision",
    ], result.stdout


def test_missing_source(tmp_path: Path) -> None:
    result = run_cli("validate", tmp_path / "nope.ttl")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("kgbuild: error: cannot read graph ")
    assert "nope.ttl" in result.stderr and "no such file" in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_unparsable_source(tmp_path: Path) -> None:
    result = run_cli("validate", _write(tmp_path, "this is not turtle\n"))
    assert result.returncode == 1
    assert result.stderr.startswith("kgbuild: error: cannot read graph ") and "line 1" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_shapes(tmp_path: Path) -> None:
    result = run_cli("validate", _write(tmp_path, VALID), "--shapes", tmp_path / "none.ttl")
    assert result.returncode == 2
    assert result.stderr.startswith("kgbuild: error: cannot read shapes ") and "no such file" in result.stderr


def test_broken_shapes(tmp_path: Path) -> None:
    shapes = _write(tmp_path, "@prefix sh: <http://www.w3.org/ns/shacl#> .\n<urn:s> a sh:NodeShape ; sh:\n", "shapes.ttl")
    result = run_cli("validate", _write(tmp_path, VALID), "--shapes", shapes)
    assert result.returncode == 1
    assert result.stderr.startswith("kgbuild: error: cannot read shapes ") and "not valid RDF" in result.stderr
    assert "Traceback" not in result.stderr


def test_shapes_file_is_the_default(tmp_path: Path) -> None:
    copy = tmp_path / "shapes.ttl"
    shutil.copy(ROOT / "ontologies" / "shapes.ttl", copy)
    graph = _write(tmp_path, VALID)
    assert validate_graph(graph).nodes_checked == validate_graph(graph, copy).nodes_checked


def test_sparql_constraints_are_parsed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pySHACL runs a SPARQL-based constraint once per focus node; kgbuild parses its text once."""
    import rdflib.plugins.sparql as rdflib_sparql

    parsed: list[str] = []
    original = rdflib_sparql.prepareQuery

    def counting(text: str, *args: object, **kwargs: object):
        parsed.append(text)
        return original(text, *args, **kwargs)

    monkeypatch.setattr(rdflib_sparql, "prepareQuery", counting)
    # Ten relation subjects, each without evidence: ten focus nodes for the relation constraint.
    extra = "".join(f"kgid:country/mali kg:near kgid:place/p{i} .\n" for i in range(10))
    report = validate_graph(_write(tmp_path, VALID + extra.replace("kgid:country/mali", "kgid:place/tinzaouaten")))
    assert len([v for v in report.violations if v.path == "kg:near"]) == 10
    assert len(parsed) == 1, parsed
