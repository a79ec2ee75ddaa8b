"""``kgbuild query`` output formats, parameters and sources, through the real CLI on the seed graph.

SELECT results are read back with independent parsers (the csv module, json, xml.etree, rdflib's
N-Triples term reader) and must give the same rows in every format; CONSTRUCT output must be Turtle
that rdflib parses; ASK answers with its exit status.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import rdflib
from rdflib.util import from_n3

from conftest import run_cli

KGID = "https://w3id.org/kgbuild/id/"
SPARQL_NS = "{http://www.w3.org/2005/sparql-results#}"

# an IRI, a plain literal and an integer per row, in a fixed order
PLACES = """
SELECT ?place ?label (COUNT(DISTINCT ?ev) AS ?mentions)
WHERE { ?place a kg:Place ; rdfs:label ?label ; kg:evidence ?ev }
GROUP BY ?place ?label
ORDER BY ?label ?place
"""

Rows = list[tuple[str, ...]]


@pytest.fixture(scope="module")
def seed_turtle(seed_graph: Path) -> Path:
    return seed_graph / "graph.ttl"


def query(*args: str | Path) -> subprocess.CompletedProcess:
    result = run_cli("query", *args)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def ok(*args: str | Path) -> str:
    result = query(*args)
    assert result.returncode == 0, f"exit {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


# --- readers of each results format ---------------------------------------------------------------


def read_csv(text: str) -> tuple[list[str], Rows]:
    header, *rows = list(csv.reader(io.StringIO(text, newline="")))
    return header, [tuple(row) for row in rows]


def read_tsv(text: str) -> tuple[list[str], Rows]:
    header, *lines = text.rstrip("\n").split("\n")
    variables = [v.removeprefix("?") for v in header.split("\t")]
    rows = [tuple(str(from_n3(cell)) if cell else "" for cell in line.split("\t")) for line in lines]
    return variables, rows


def read_json(text: str) -> tuple[list[str], Rows]:
    data = json.loads(text)
    variables = data["head"]["vars"]
    rows = [tuple(b[v]["value"] if v in b else "" for v in variables) for b in data["results"]["bindings"]]
    return variables, rows


def read_xml(text: str) -> tuple[list[str], Rows]:
    root = ET.fromstring(text)
    variables = [v.get("name") for v in root.iter(f"{SPARQL_NS}variable")]
    rows = []
    for result in root.iter(f"{SPARQL_NS}result"):
        cells = {b.get("name"): (b[0].text or "") for b in result.iter(f"{SPARQL_NS}binding")}
        rows.append(tuple(cells.get(v, "") for v in variables))
    return variables, rows


READERS = {"csv": read_csv, "tsv": read_tsv, "json": read_json, "xml": read_xml}


@pytest.fixture(scope="module")
def place_rows(seed_turtle: Path) -> dict[str, tuple[list[str], Rows]]:
    return {fmt: reader(ok(seed_turtle, PLACES, "--format", fmt)) for fmt, reader in READERS.items()}


# --- SELECT in every format ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_select_format_parses(fmt: str, place_rows) -> None:
    variables, rows = place_rows[fmt]
    assert variables == ["place", "label", "mentions"]
    labels = {row[1] for row in rows}
    assert {"Tinzaouaten", "Kidal"} <= labels
    for place, label, mentions in rows:
        assert place.startswith(KGID), place  # full IRIs, not kgid:
        assert int(mentions) >= 1


def test_every_format_gives_the_same_rows(place_rows) -> None:
    reference = place_rows["json"]
    for fmt, parsed in place_rows.items():
        assert parsed == reference, fmt


def test_table_is_the_default(seed_turtle: Path, place_rows) -> None:
    text = ok(seed_turtle, PLACES)
    rows = place_rows["json"][1]
    assert f"{len(rows)} row(s)" in text
    assert "Tinzaouaten" in text
    assert "kgid:place/" in text  # the table shortens IRIs with kgbuild's prefixes


def test_csv_quotes_commas(tmp_path: Path) -> None:
    graph = tmp_path / "commas.ttl"
    graph.write_text('<http://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "Gao, Mali \\"north\\"" .\n')
    header, rows = read_csv(ok(graph, "SELECT ?l WHERE { ?s rdfs:label ?l }", "--format", "csv"))
    assert header == ["l"] and rows == [('Gao, Mali "north"',)]


# --- CONSTRUCT, DESCRIBE, ASK ----------------------------------------------------------------------


def test_construct_prints_turtle(seed_turtle: Path) -> None:
    text = ok(seed_turtle, "CONSTRUCT { ?p a kg:Place ; rdfs:label ?l } WHERE { ?p a kg:Place ; rdfs:label ?l }")
    assert "@prefix kg: <https://w3id.org/kgbuild/ns#>" in text
    graph = rdflib.Graph().parse(data=text, format="turtle")
    labels = {str(o) for o in graph.objects(None, rdflib.RDFS.label)}
    assert {"Tinzaouaten", "Kidal"} <= labels
    assert len(graph) == 2 * len(labels)


def test_describe_prints_turtle(seed_turtle: Path) -> None:
    text = ok(seed_turtle, f"DESCRIBE <{KGID}place/tinzaouaten>")
    graph = rdflib.Graph().parse(data=text, format="turtle")
    assert (rdflib.URIRef(f"{KGID}place/tinzaouaten"), rdflib.RDFS.label, rdflib.Literal("Tinzaouaten")) in graph


def test_construct_refuses_a_results_format(seed_turtle: Path) -> None:
    result = query(seed_turtle, "CONSTRUCT WHERE { ?s a kg:Place }", "--format", "csv")
    assert result.returncode == 2
    assert "Turtle" in result.stderr


def test_ask_true_exits_0(seed_turtle: Path) -> None:
    result = query(seed_turtle, "ASK { ?g a kg:ArmedGroup ; rdfs:label \"Wagner Group\" }")
    assert (result.returncode, result.stdout) == (0, "true\n")


def test_ask_false_exits_1(seed_turtle: Path) -> None:
    result = query(seed_turtle, "ASK { ?g a kg:ArmedGroup ; rdfs:label \"No Such Group\" }")
    assert (result.returncode, result.stdout, result.stderr) == (1, "false\n", "")


def test_ask_as_json(seed_turtle: Path) -> None:
    result = query(seed_turtle, "ASK { ?g a kg:Place }", "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["boolean"] is True


# --- --param ----------------------------------------------------------------------------------------


def test_where_from_with_param(seed_turtle: Path) -> None:
    _, rows = read_json(ok(seed_turtle, "--name", "where-from", "--param", "entity=kgid:place/tinzaouaten",
                           "--format", "json"))
    assert rows
    assert {row[0] for row in rows} == {f"{KGID}place/tinzaouaten"}
    kinds = {(row[2], row[3]) for row in rows}
    assert ("mention", "") in kinds
    assert ("event", "hasPlace") in kinds
    for row in rows:
        assert row[6] and row[7], row  # a sentence and a file on every row
        assert 0 <= int(row[8]) < int(row[9])


def test_where_from_of_an_actor_has_relations(seed_turtle: Path) -> None:
    _, rows = read_json(ok(seed_turtle, "--name", "where-from", "--param",
                           f"entity=<{KGID}armedgroup/wagner-group>", "--format", "json"))
    kinds = {row[2] for row in rows}
    assert {"mention", "relation", "event"} <= kinds
    words = {row[5] for row in rows if row[2] == "mention"}
    assert "Wagner" in words


def test_param_literal(seed_turtle: Path) -> None:
    _, rows = read_json(ok(seed_turtle, "SELECT ?e ?label WHERE { ?e rdfs:label ?label }",
                           "--param", "label=Kidal", "--format", "json"))
    assert rows == [(f"{KGID}place/kidal", "Kidal")]


def test_param_of_no_variable(seed_turtle: Path) -> None:
    result = query(seed_turtle, "SELECT ?e WHERE { ?e a kg:Place }", "--param", "nosuch=1")
    assert result.returncode == 2
    assert "?nosuch" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_param_not_name_value(seed_turtle: Path) -> None:
    result = query(seed_turtle, "SELECT ?e WHERE { ?e a kg:Place }", "--param", "entity")
    assert result.returncode == 2
    assert "NAME=VALUE" in result.stderr


# --- sources ------------------------------------------------------------------------------------------


def test_store_directory_as_source(corpus_article: Path, seed_turtle: Path, tmp_path: Path) -> None:
    store, out = tmp_path / "store", tmp_path / "out"
    result = run_cli("build", corpus_article, "--store", store, "-o", out, "--no-html")
    assert result.returncode == 0, result.stderr
    from_store = read_json(ok(store, PLACES, "--format", "json"))
    from_file = read_json(ok(seed_turtle, PLACES, "--format", "json"))
    assert from_store == from_file
    assert from_store[1]


def test_trig_source_counts_each_triple_once(seed_turtle: Path, tmp_path: Path) -> None:
    trig = tmp_path / "graph.trig"
    result = run_cli("export", seed_turtle, "--format", "trig", "-o", trig)
    assert result.returncode == 0, result.stderr
    assert read_json(ok(trig, PLACES, "--format", "json")) == read_json(ok(seed_turtle, PLACES, "--format", "json"))
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert read_json(ok(trig, count, "--format", "json")) == read_json(ok(seed_turtle, count, "--format", "json"))


# --- errors -----------------------------------------------------------------------------------------------


def test_syntax_error_exits_2_with_line_and_column(seed_turtle: Path) -> None:
    result = query(seed_turtle, "SELECT ?x\nWHERE { ?x a kg:Place FILTER( }")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kgbuild: error: the SPARQL query is not valid: line 2, column ")


def test_unknown_prefix_is_named(seed_turtle: Path) -> None:
    result = query(seed_turtle, "SELECT ?x WHERE { ?x a foo:Place }")
    assert result.returncode == 2
    assert "foo:" in result.stderr and "PREFIX" in result.stderr


def test_unknown_canned_query_lists_the_names(seed_turtle: Path) -> None:
    result = query(seed_turtle, "--name", "no-such-question")
    assert result.returncode == 2
    for name in ("entities-by-class", "where-from", "timeline"):
        assert name in result.stderr
