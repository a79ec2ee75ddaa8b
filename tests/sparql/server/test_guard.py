"""What the read-only endpoint refuses before a query runs: updates (403) and SERVICE (400), read
from the query's keywords only, so that strings, IRIs, comments and names that merely spell those
words pass."""

from __future__ import annotations

import pytest

from kgbuild.sparql.server.guard import refuse_query


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * WHERE { ?s ?p "SERVICE" }',
        "SELECT * WHERE { ?s <http://example.org/service> ?o }  # SERVICE in a comment",
        "PREFIX service: <http://example.org/>\nSELECT ?service WHERE { ?service service:SERVICE ?o }",
        "SELECT * WHERE { ?s ?p ?o FILTER(?o < 3 && ?o > 1) }",
        "SELECT * WHERE { ?s ?p '''a\nSERVICE <x> {}''' }",
        "CONSTRUCT WHERE { ?s ?p ?o }",
        'SELECT * WHERE { ?s ?p "x"@service-2 }',
        "SELECT * WHERE { ?s ?p _:service }",
    ],
)
def test_refusal_leaves_ordinary_queries_alone(query: str) -> None:
    assert refuse_query(query) is None


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("SELECT * WHERE { SERVICE <http://x.org/s> { ?s ?p ?o } }", 400),
        ("select * where { ?s ?p ?o.service<http://x.org/s>{?s ?p ?o} }", 400),
        ("SELECT * WHERE { \\u0053ERVICE <http://x.org/s> { ?s ?p ?o } }", 400),
        ("SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }", 400),
        ("PREFIX ex: <http://example.org/>\nBASE <http://example.org/>\ninsert data { ex:a ex:b ex:c }", 403),
        ("# a comment\nLOAD <http://example.org/data.ttl>", 403),
        ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", 403),
    ],
)
def test_refusal_catches_updates_and_service(query: str, status: int) -> None:
    refused = refuse_query(query)
    assert refused is not None and refused.status == status


