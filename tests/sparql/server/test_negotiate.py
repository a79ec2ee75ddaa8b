"""Content negotiation of ``kgbuild serve``: ``format=`` over Accept, q-values, wildcards, defaults."""

from __future__ import annotations

import pyoxigraph
import pytest

from kgbuild.sparql.server.negotiate import (
    FORMAT_NAMES,
    content_type_of,
    format_known,
    graph_format,
    ranked_media_types,
    result_format,
)

RF = pyoxigraph.QueryResultsFormat
GF = pyoxigraph.RdfFormat


def test_accept_header_ranked_by_quality_then_order() -> None:
    assert ranked_media_types("text/csv;q=0.5, application/json, text/xml;q=0, */*;q=0.1") == [
        "application/json", "text/csv", "*/*"
    ]
    assert ranked_media_types("") == []


@pytest.mark.parametrize(
    ("format_param", "accept", "expected"),
    [
        (None, "", RF.JSON),
        (None, "text/csv", RF.CSV),
        (None, "text/html, */*;q=0.8", RF.JSON),
        (None, "text/*", RF.XML),  # the first text/ type this endpoint writes
        ("tsv", "application/sparql-results+xml", RF.TSV),
        ("text/csv", "", RF.CSV),
        ("turtle", "text/csv", RF.CSV),  # a name of the other kind leaves Accept to decide
    ],
)
def test_result_format(format_param: str | None, accept: str, expected: pyoxigraph.QueryResultsFormat) -> None:
    assert result_format(format_param, accept) == expected


@pytest.mark.parametrize(
    ("format_param", "accept", "expected"),
    [
        (None, "", GF.TURTLE),
        (None, "application/*", GF.TURTLE),  # application/turtle comes first
        (None, "application/x-json+ld", GF.JSON_LD),
        (None, "text/rdf+n3", GF.N3),
        (None, "image/png", GF.TURTLE),
        ("nt", "text/turtle", GF.N_TRIPLES),
        ("json", "", GF.JSON_LD),
        ("xml", "", GF.RDF_XML),
    ],
)
def test_graph_format(format_param: str | None, accept: str, expected: pyoxigraph.RdfFormat) -> None:
    assert graph_format(format_param, accept) == expected


def test_known_format_names() -> None:
    assert format_known(" CSV ") and format_known("application/ld+json") and format_known("rdf+xml")
    assert not format_known("png") and not format_known("trig")
    assert "turtle" in FORMAT_NAMES and "tsv" in FORMAT_NAMES and list(FORMAT_NAMES) == sorted(FORMAT_NAMES)


def test_content_type_names_the_charset() -> None:
    assert content_type_of(RF.CSV) == "text/csv; charset=utf-8"
    assert content_type_of(GF.TURTLE) == "text/turtle; charset=utf-8"
