"""The RDF formats kgbuild reads and writes, named in one place (kgbuild/graph/formats.py)."""

from __future__ import annotations

import pyoxigraph
import pytest

from kgbuild.graph.formats import (
    FORMATS_BY_SUFFIX,
    GRAPH_SUFFIXES,
    format_named,
    format_of_media_type,
    format_of_oxrdflib_name,
    format_of_path,
    format_of_suffix,
    oxrdflib_name,
)

F = pyoxigraph.RdfFormat


@pytest.mark.parametrize(
    ("suffix", "expected"),
    [(".ttl", F.TURTLE), (".NT", F.N_TRIPLES), (".nq", F.N_QUADS), (".trig", F.TRIG), (".rdf", F.RDF_XML),
     (".xml", F.RDF_XML), (".n3", F.N3), (".jsonld", F.JSON_LD)],
)
def test_graph_suffixes(suffix: str, expected: pyoxigraph.RdfFormat) -> None:
    assert format_of_suffix(suffix) == expected
    assert format_of_path(f"dir.ttl/graph{suffix}") == expected


def test_suffixes_pyoxigraph_knows_but_kgbuild_does_not_read() -> None:
    for suffix in (".json", ".txt", ".html", ""):
        assert format_of_suffix(suffix) is None
    assert format_of_path("graph") is None


def test_oxrdflib_names_round_trip() -> None:
    assert FORMATS_BY_SUFFIX[".ttl"] == "ox-turtle" and FORMATS_BY_SUFFIX[".jsonld"] == "ox-jsonld"
    assert set(FORMATS_BY_SUFFIX) == set(GRAPH_SUFFIXES)
    for suffix, name in FORMATS_BY_SUFFIX.items():
        assert oxrdflib_name(format_of_suffix(suffix)) == name
        assert format_of_oxrdflib_name(name) == format_of_suffix(suffix)
    assert format_of_oxrdflib_name("turtle") is None


def test_names_and_media_types() -> None:
    assert [format_named(n) for n in ("turtle", "nt", "jsonld", "trig", "ttl", "json", "rdf+xml", "N-Triples")] == [
        F.TURTLE, F.N_TRIPLES, F.JSON_LD, F.TRIG, F.TURTLE, F.JSON_LD, F.RDF_XML, F.N_TRIPLES,
    ]
    assert format_named("txt") is None and format_named("png") is None
    assert format_of_media_type("text/turtle; charset=utf-8") == F.TURTLE
    assert format_of_media_type("application/x-json+ld") == F.JSON_LD
    assert format_of_media_type("text/rdf+n3") == F.N3
    assert format_of_media_type("image/png") is None
