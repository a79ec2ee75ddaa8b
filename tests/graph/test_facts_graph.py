"""Facts in the written graph: times kept as text when they cannot be resolved, no events from a
text without any, and the evidence of relations reified (own short articles, real CLI)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from conftest import run_cli
from kgbuild.ontology import PREFIXES


def build(tmp_path: Path, text: str, published: str = "2024-07-28") -> Graph:
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    result = run_cli("build", article, "-o", tmp_path / "out", "--published", published, "--no-html")
    assert result.returncode == 0, result.stderr
    return Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")


def test_an_unresolvable_time_is_kept_as_text_with_unknown_precision(tmp_path: Path) -> None:
    graph = build(tmp_path, "Malian troops clashed with the CSP near Kidal in recent weeks, residents said.\n")
    rows = list(graph.query(
        "SELECT ?text ?precision ?stamp WHERE { ?e a kg:Battle ; kg:timeText ?text ; kg:timePrecision ?precision ."
        " OPTIONAL { ?e sem:hasTimeStamp ?stamp } OPTIONAL { ?e sem:hasBeginTimeStamp ?stamp } }",
        initNs=PREFIXES,
    ))
    assert [(str(t), str(p), s) for t, p, s in rows] == [("recent weeks", "unknown", None)]


def test_a_text_without_events_gives_entities_and_no_error(tmp_path: Path) -> None:
    graph = build(tmp_path, "Assimi Goita met the Russian ambassador in Bamako to discuss mining contracts.\n")
    assert len(graph) > 0
    assert list(graph.query("ASK { ?e a kg:Event }", initNs=PREFIXES))[0] is False
    assert list(graph.query("ASK { ?p a kg:Person ; rdfs:label ?l }", initNs=PREFIXES))[0] is True


def test_a_weekday_is_resolved_against_the_publication_date(tmp_path: Path) -> None:
    graph = build(tmp_path, "Malian troops clashed with the CSP near Kidal on Thursday, residents said.\n",
                  published="2024-07-28")
    [(stamp, precision)] = list(graph.query(
        "SELECT ?s ?p WHERE { ?e a kg:Battle ; sem:hasTimeStamp ?s ; kg:timePrecision ?p }", initNs=PREFIXES))
    assert (str(stamp), stamp.datatype.endswith("#date"), str(precision)) == ("2024-07-25", True, "day")


def test_relation_evidence_is_reified(tmp_path: Path) -> None:
    graph = build(tmp_path, "Amadou Ag Ibrahim, a spokesman for the CSP, said the road was open.\n")
    rows = list(graph.query(
        """SELECT ?sentence ?start ?end WHERE {
             ?person kg:spokespersonOf ?group .
             ?ev rdf:subject ?person ; rdf:predicate kg:spokespersonOf ; rdf:object ?group ;
                 kg:sentence ?sentence ; kg:charStart ?start ; kg:charEnd ?end ; prov:wasDerivedFrom ?doc .
             ?doc a kg:Document }""",
        initNs=PREFIXES,
    ))
    assert len(rows) == 1 and "spokesman for the CSP" in str(rows[0][0])
    assert int(rows[0][1]) < int(rows[0][2])
