"""What a query worker answers for one job, run in this process: the default graph, the negotiated
formats and the row limit (the processes themselves are tested through the real server in
test_http.py)."""

from __future__ import annotations

import json

import pyoxigraph
from rdflib.namespace import RDFS

from kgbuild.sparql.server.workers import Job, answer_job


def _job(query: str, **fields: object) -> Job:
    values = {"accept": "", "format": None, "default_graphs": (), "named_graphs": (), "max_rows": 100}
    values.update(fields)
    return Job(query=query, **values)


def test_default_graph_is_the_union_unless_from_names_graphs() -> None:
    store = pyoxigraph.Store()
    ex = "http://example.org/"
    for graph, value in (("g1", "one"), ("g2", "two")):
        store.add(pyoxigraph.Quad(pyoxigraph.NamedNode(ex + "s"), pyoxigraph.NamedNode(ex + "p"),
                                  pyoxigraph.Literal(value), pyoxigraph.NamedNode(ex + graph)))

    def values(job: Job) -> set[str]:
        answer = answer_job(store, job)
        assert answer.status == 200, answer.body
        return {b["o"]["value"] for b in json.loads(answer.body)["results"]["bindings"]}

    assert values(_job("SELECT ?o WHERE { ?s ?p ?o }")) == {"one", "two"}
    assert values(_job(f"SELECT ?o FROM <{ex}g1> WHERE {{ ?s ?p ?o }}")) == {"one"}
    assert values(_job("SELECT ?o WHERE { ?s ?p ?o }", default_graphs=(ex + "g2",))) == {"two"}
    assert values(_job("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }")) == {"one", "two"}


def test_answer_formats_and_limits_in_process() -> None:
    store = pyoxigraph.Store()
    for i in range(5):
        store.add(pyoxigraph.Quad(pyoxigraph.NamedNode(f"http://example.org/{i}"), pyoxigraph.NamedNode(str(RDFS.label)),
                                  pyoxigraph.Literal(f"tab\tand\nnewline {i}", language="en")))
    answer = answer_job(store, _job("SELECT ?s ?l WHERE { ?s rdfs:label ?l }", max_rows=5, accept="text/csv"))
    assert answer.status == 200 and answer.content_type.startswith("text/csv")
    assert answer_job(store, _job("SELECT ?s WHERE { ?s ?p ?o }", max_rows=4)).status == 413
    answer = answer_job(store, _job("SELECT ?l WHERE { ?s rdfs:label ?l }", format="xml"))
    assert b'xml:lang="en"' in answer.body and b"tab\tand\nnewline" in answer.body
    answer = answer_job(store, _job("ASK { ?s ?p ?o }", accept="application/sparql-results+xml"))
    assert b"<boolean>true</boolean>" in answer.body
    answer = answer_job(store, _job("DESCRIBE <http://example.org/1>", format="nt"))
    assert answer.content_type.startswith("application/n-triples") and answer.body.count(b"\n") == 1
