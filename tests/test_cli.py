"""End-to-end tests of the ``kgbuild`` CLI, run as a real subprocess on ../shared/corpus.

The graph is checked with SPARQL over the parsed Turtle, never by string matching on the file.
Most tests share the session's one seed build (``seed_graph``); only the tests that need a
different input (determinism, stdin, metadata flags) build again.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pyoxigraph
import pytest
import rdflib

from conftest import run_cli
from kgbuild.ontology import ENTITY_CLASSES

PREFIXES = """
PREFIX rdf:    <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs:   <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos:   <http://www.w3.org/2004/02/skos/core#>
PREFIX prov:   <http://www.w3.org/ns/prov#>
PREFIX xsd:    <http://www.w3.org/2001/XMLSchema#>
PREFIX schema: <https://schema.org/>
PREFIX kg:     <https://w3id.org/kgbuild/ns#>
"""
ENTITY_TYPES = " ".join(f"kg:{c}" for c in ENTITY_CLASSES)


def fold(text: str) -> str:
    """Case- and accent-folded text, so that 'Goïta' and 'goita' compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def names_match(name: str, target: str) -> bool:
    """``target`` is the whole name or whole words of it ('junta' matches 'Malian junta')."""
    return re.search(rf"(?<!\w){re.escape(fold(target))}(?!\w)", fold(name)) is not None


def select(graph: rdflib.Graph, query: str) -> list[tuple]:
    return [tuple(row) for row in graph.query(PREFIXES + query)]


def parse_turtle(path: Path) -> rdflib.Graph:
    """rdflib's own Turtle parser and memory store, independent of the Oxigraph store kgbuild uses."""
    graph = rdflib.Graph()
    graph.parse(path, format="turtle")
    return graph


def entity_names(graph: rdflib.Graph) -> dict[tuple[str, str], set[str]]:
    """{(entity IRI, kg class): {label and altLabels}} of every typed entity."""
    rows = select(
        graph,
        f"""
        SELECT ?e ?type ?name WHERE {{
          VALUES ?type {{ {ENTITY_TYPES} }}
          ?e a ?type .
          {{ ?e rdfs:label ?name }} UNION {{ ?e skos:altLabel ?name }}
        }}""",
    )
    names: dict[tuple[str, str], set[str]] = {}
    for entity, cls, name in rows:
        names.setdefault((str(entity), str(cls).rsplit("#", 1)[-1]), set()).add(str(name))
    return names


@pytest.fixture(scope="module")
def seed_turtle(seed_graph: Path) -> Path:
    return seed_graph / "graph.ttl"


@pytest.fixture(scope="module")
def graph(seed_turtle: Path) -> rdflib.Graph:
    return parse_turtle(seed_turtle)


@pytest.fixture(scope="module")
def article_text(corpus_article: Path) -> str:
    # Universal newlines, as kgbuild normalises them; the BOM, if any, is not part of the text.
    return corpus_article.read_text(encoding="utf-8-sig")


# --- build -------------------------------------------------------------------------------------


def test_build_writes_graph_and_summary(seed_build, seed_graph: Path) -> None:
    assert seed_build.returncode == 0
    assert (seed_graph / "graph.ttl").stat().st_size > 0
    assert (seed_graph / "graph.html").stat().st_size > 0
    summary = seed_build.stdout
    for word in ("documents", "entities", "triples"):
        assert word in summary, f"the summary does not mention {word}:\n{summary}"
    assert "Traceback" not in seed_build.stderr
    # No temporary files left beside the outputs.
    assert sorted(p.name for p in seed_graph.iterdir()) == ["graph.html", "graph.ttl"]


def test_turtle_parses_with_oxigraph_and_rdflib_alike(seed_turtle: Path, graph: rdflib.Graph) -> None:
    store = pyoxigraph.Store()
    store.load(path=str(seed_turtle), format=pyoxigraph.RdfFormat.TURTLE)
    streamed = list(pyoxigraph.parse(path=str(seed_turtle), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(graph) > 100
    assert len(store) == len(streamed) == len(graph)


# --- the graph's content, by SPARQL --------------------------------------------------------------

EXPECTED_ENTITIES = [
    ("CSP-DPA", "ArmedGroup"),
    ("Wagner", "ArmedGroup"),
    ("Malian army", "StateForce"),
    ("junta", "Government"),
    ("Assimi Goita", "Person"),
    ("Mali", "Country"),
    ("Russia", "Country"),
    ("France", "Country"),
    ("Kidal", "Place"),
    ("Tinzaouaten", "Place"),
    ("Abeibara", "Place"),
    ("In Afaraq", "Place"),
    ("Mohamed Elmaould Ramadan", "Person"),
    ("Mossa Ag Inzoma", "Person"),
]


@pytest.mark.parametrize(("name", "cls"), EXPECTED_ENTITIES, ids=[n for n, _ in EXPECTED_ENTITIES])
def test_expected_entity_is_typed_and_labelled(graph: rdflib.Graph, name: str, cls: str) -> None:
    names = entity_names(graph)
    matches = [(e, c) for (e, c), labels in names.items() if any(names_match(n, name) for n in labels)]
    assert matches, f"no entity is called {name!r}"
    assert any(c == cls for _, c in matches), f"{name!r} is typed {sorted({c for _, c in matches})}, not kg:{cls}"


def test_spelling_variants_of_tinzaouaten_are_one_entity(graph: rdflib.Graph) -> None:
    variants = ("Tinzawatene", "Tinzawaten", "Tinzahuaten")
    names = entity_names(graph)
    holders = {e for (e, _), labels in names.items() for v in variants if any(fold(n) == fold(v) for n in labels)}
    assert len(holders) == 1, f"the spellings {variants} are spread over {sorted(holders)}"
    (holder,) = holders
    labels = {fold(n) for (e, _), ns in names.items() if e == holder for n in ns}
    assert {fold(v) for v in variants} <= labels


@pytest.mark.parametrize("noise", ["Telegram", "Trump", "Harris", "Ukraine"])
def test_page_furniture_is_not_an_entity(graph: rdflib.Graph, noise: str) -> None:
    rows = select(graph, "SELECT ?e ?n WHERE { { ?e rdfs:label ?n } UNION { ?e skos:altLabel ?n } }")
    offenders = [(str(e), str(n)) for e, n in rows if names_match(str(n), noise)]
    assert not offenders, f"{noise!r} became an entity name: {offenders}"


def test_every_entity_has_one_label_and_evidence(graph: rdflib.Graph) -> None:
    rows = select(
        graph,
        f"""
        SELECT ?e (COUNT(DISTINCT ?label) AS ?labels) (COUNT(DISTINCT ?ev) AS ?evidence) WHERE {{
          VALUES ?type {{ {ENTITY_TYPES} }}
          ?e a ?type .
          OPTIONAL {{ ?e rdfs:label ?label }}
          OPTIONAL {{ ?e kg:evidence ?ev }}
        }} GROUP BY ?e""",
    )
    assert len(rows) >= len(EXPECTED_ENTITIES)
    bad_labels = [(str(e), int(n)) for e, n, _ in rows if int(n) != 1]
    no_evidence = [str(e) for e, _, n in rows if int(n) == 0]
    assert not bad_labels, f"entities without exactly one rdfs:label: {bad_labels}"
    assert not no_evidence, f"entities without kg:evidence: {no_evidence}"


def test_evidence_points_at_the_exact_words_of_the_article(graph: rdflib.Graph, article_text: str) -> None:
    rows = select(
        graph,
        """
        SELECT ?ev ?doc ?isdoc ?start ?end ?words ?sentence WHERE {
          ?ev a kg:Evidence .
          OPTIONAL { ?ev prov:wasDerivedFrom ?doc .
                     BIND(EXISTS { ?doc a kg:Document } AS ?isdoc) }
          OPTIONAL { ?ev kg:charStart ?start }
          OPTIONAL { ?ev kg:charEnd ?end }
          OPTIONAL { ?ev kg:mentionText ?words }
          OPTIONAL { ?ev kg:sentence ?sentence }
        }""",
    )
    assert rows, "the graph has no kg:Evidence"
    problems = []
    for ev, doc, isdoc, start, end, words, sentence in rows:
        where = str(ev)
        if doc is None or not isdoc.toPython():
            problems.append(f"{where}: not prov:wasDerivedFrom a kg:Document")
        if None in (start, end, sentence):
            problems.append(f"{where}: missing charStart, charEnd or sentence")
            continue
        start, end = int(start), int(end)
        if not start < end:
            problems.append(f"{where}: charStart {start} is not before charEnd {end}")
            continue
        if words is None:
            continue  # evidence of a relation, event or claim: offsets and sentence, no single mention
        if article_text[start:end] != str(words):
            problems.append(f"{where}: text[{start}:{end}] is {article_text[start:end]!r}, not {str(words)!r}")
        if str(words) not in str(sentence):
            problems.append(f"{where}: {str(words)!r} is not in its sentence {str(sentence)!r}")
    assert not problems, "\n".join(problems[:20])


EVIDENCE_PROPERTIES = ("prov:wasDerivedFrom", "kg:charStart", "kg:charEnd", "kg:mentionText", "kg:sentence", "kg:confidence")


@pytest.mark.parametrize("prop", EVIDENCE_PROPERTIES)
def test_evidence_has_one_value_per_property(graph: rdflib.Graph, prop: str) -> None:
    # Two values (two mentions folded into one evidence node) would make the evidence ambiguous.
    rows = select(
        graph,
        f"SELECT ?ev (COUNT(DISTINCT ?v) AS ?n) WHERE {{ ?ev a kg:Evidence ; {prop} ?v }} GROUP BY ?ev HAVING (COUNT(DISTINCT ?v) > 1)",
    )
    assert not rows, f"kg:Evidence nodes with several {prop}: {[(str(e), int(n)) for e, n in rows]}"


def test_document_carries_hash_and_sidecar_date(graph: rdflib.Graph, article_text: str) -> None:
    rows = select(
        graph,
        "SELECT ?doc ?sha ?date WHERE { ?doc a kg:Document ; kg:sha256 ?sha ; schema:datePublished ?date }",
    )
    assert len(rows) == 1, rows
    _, sha, date = rows[0]
    assert str(sha) == hashlib.sha256(article_text.encode("utf-8")).hexdigest()
    assert str(date) == "2024-07-28"
    assert date.datatype == rdflib.XSD.date


# --- determinism ---------------------------------------------------------------------------------


def test_two_builds_are_byte_identical(corpus_article: Path, seed_graph: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = run_cli("build", corpus_article, "-o", again)
    assert result.returncode == 0, result.stderr
    for name in ("graph.ttl", "graph.html"):
        assert (again / name).read_bytes() == (seed_graph / name).read_bytes(), f"{name} differs between builds"


# --- evaluate ------------------------------------------------------------------------------------


def test_evaluate_prints_report(seed_turtle: Path, gold_file: Path) -> None:
    result = run_cli("evaluate", seed_turtle, gold_file)
    assert result.returncode == 0, result.stderr
    assert "core entity recall" in result.stdout


def test_evaluate_json_meets_the_bar(seed_turtle: Path, gold_file: Path) -> None:
    result = run_cli("evaluate", seed_turtle, gold_file, "--json")
    assert result.returncode == 0, result.stderr
    entities = json.loads(result.stdout)["entities"]
    assert entities["core_recall"]["value"] >= 0.9, entities["missed"]
    assert entities["duplicates"] == []
    assert entities["over_merges"] == []
    assert entities["noise"] == []


# --- query ---------------------------------------------------------------------------------------


def test_query_canned_by_name(seed_turtle: Path) -> None:
    result = run_cli("query", seed_turtle, "--name", "entities-by-class")
    assert result.returncode == 0, result.stderr
    assert "Tinzaouaten" in result.stdout
    assert "row(s)" in result.stdout


def test_query_list() -> None:
    result = run_cli("query", "--list")
    assert result.returncode == 0, result.stderr
    assert "entities-by-class" in result.stdout


PLACES_QUERY = "SELECT ?label WHERE { ?e a kg:Place ; rdfs:label ?label } ORDER BY ?label"


def test_query_sparql_string_as_tsv(seed_turtle: Path) -> None:
    # No PREFIX lines: kgbuild binds its own prefixes (kg:, rdfs:, ...).
    result = run_cli("query", seed_turtle, PLACES_QUERY, "--format", "tsv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "?label"  # SPARQL 1.1 TSV: variables with their '?', terms in Turtle syntax
    assert '"Tinzaouaten"' in lines[1:] and '"Kidal"' in lines[1:]


def test_query_rq_file_as_json(seed_turtle: Path, tmp_path: Path) -> None:
    rq = tmp_path / "places.rq"
    rq.write_text(PREFIXES + PLACES_QUERY + "\n", encoding="utf-8")
    result = run_cli("query", seed_turtle, rq, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)  # SPARQL 1.1 JSON results
    assert data["head"]["vars"] == ["label"]
    rows = [{var: term["value"] for var, term in binding.items()} for binding in data["results"]["bindings"]]
    assert {"label": "Tinzaouaten"} in rows
    assert all(set(row) == {"label"} for row in rows)


def test_query_table_keeps_square_brackets(tmp_path: Path) -> None:
    # Data is not rich markup: a label with brackets must print, not crash the table.
    ttl = tmp_path / "brackets.ttl"
    ttl.write_text('<http://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "said [/the army] [b]x" .\n')
    result = run_cli("query", ttl, "SELECT ?l WHERE { ?s rdfs:label ?l }")
    assert result.returncode == 0, result.stderr
    assert "said [/the army] [b]x" in result.stdout


# --- other inputs and metadata -------------------------------------------------------------------

STDIN_ARTICLE = (
    "Gunmen attacked an army post near Menaka in northeastern Mali on Sunday, local officials said.\n"
    "The Malian army said its soldiers repelled the assault after two hours of fighting.\n"
    "A resident of Menaka told reporters that at least five people were killed.\n"
)


def test_build_from_stdin(tmp_path: Path) -> None:
    out = tmp_path / "stdin"
    result = run_cli("build", "-", "-o", out, "--published", "2024-07-28", input=STDIN_ARTICLE)
    assert result.returncode == 0, result.stderr
    graph = parse_turtle(out / "graph.ttl")
    rows = select(graph, "SELECT ?sha ?date WHERE { ?d a kg:Document ; kg:sha256 ?sha ; schema:datePublished ?date }")
    assert [(str(s), str(d)) for s, d in rows] == [
        (hashlib.sha256(STDIN_ARTICLE.encode("utf-8")).hexdigest(), "2024-07-28")
    ]
    names = entity_names(graph)
    assert any(names_match(n, "Mali") for labels in names.values() for n in labels), names


def test_metadata_flags_override_the_sidecar(corpus_article: Path, tmp_path: Path) -> None:
    out = tmp_path / "outlet"
    result = run_cli("build", corpus_article, "-o", out, "--outlet", "Test Wire", "--no-html")
    assert result.returncode == 0, result.stderr
    assert not (out / "graph.html").exists()
    graph = parse_turtle(out / "graph.ttl")
    rows = select(graph, "SELECT ?pub ?date WHERE { ?d a kg:Document ; schema:publisher ?pub ; schema:datePublished ?date }")
    # The flag replaces the sidecar's outlet; the sidecar's other values stay.
    assert [(str(p), str(d)) for p, d in rows] == [("Test Wire", "2024-07-28")]


# --- help and version ----------------------------------------------------------------------------


def test_help() -> None:
    result = run_cli("--help")
    assert result.returncode == 0, result.stderr
    for command in ("build", "query", "evaluate"):
        assert command in result.stdout


def _commands() -> list[str]:
    import typer

    from kgbuild.cli.app import app

    return sorted(typer.main.get_command(app).commands)


@pytest.mark.parametrize("command", [None, *_commands()])
def test_help_reads_as_plain_words(command: str | None) -> None:
    """--help names values in words (SOURCE, FILE, N), never as Python types or click's braces."""
    result = run_cli(*([command] if command else []), "--help")
    assert result.returncode == 0, result.stderr
    for internal in ("<bool>", "<list", "<str>", "<path>", "<int", "<float>", "{"):
        assert internal not in result.stdout, f"kgbuild {command or ''} --help shows {internal!r}:\n{result.stdout}"
    assert "Usage: kgbuild" in result.stdout


def test_every_readme_command_is_a_command() -> None:
    """The README's command list and the CLI's agree: no command that the README never mentions."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    code = "\n".join(re.findall(r"^```sh\n(.*?)^```", readme, flags=re.MULTILINE | re.DOTALL))
    listed = set(re.findall(r"^(?:\.venv/bin/)?kgbuild ([a-z]+)\b", code, flags=re.MULTILINE))
    assert set(_commands()) == listed


def test_version() -> None:
    from kgbuild import __version__

    result = run_cli("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"kgbuild {__version__}"


def test_console_script_version() -> None:
    """The installed ``kgbuild`` script (pyproject's [project.scripts]) works, not only ``-m``."""
    script = Path(sys.executable).with_name("kgbuild")
    if not script.exists():
        pytest.skip(f"no kgbuild script beside {sys.executable} (install the package with pip install -e .)")
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("kgbuild ")


def test_every_mention_evidence_keeps_its_words(graph: rdflib.Graph) -> None:
    rows = select(
        graph,
        """
        SELECT ?ev WHERE {
          ?entity kg:evidence ?ev .
          VALUES ?class { kg:Person kg:ArmedGroup kg:StateForce kg:Government kg:Organization kg:EthnicGroup
                          kg:Place kg:Country }
          ?entity a ?class .
          FILTER NOT EXISTS { ?ev kg:mentionText ?words }
        }""",
    )
    assert rows == []
