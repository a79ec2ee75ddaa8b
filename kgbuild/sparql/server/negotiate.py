"""SPARQL stage (``kgbuild serve``): content negotiation, the format each answer is written in.

SELECT and ASK results go out as SPARQL JSON (the default), XML, CSV or TSV; CONSTRUCT and DESCRIBE
triples as Turtle (the default), N-Triples, JSON-LD, RDF/XML or N3. A ``format=`` parameter (a name
such as ``csv`` or ``turtle``, or a media type) wins over the Accept header; a client that accepts
nothing we write still gets the default, which it can read as text, rather than a 406. The lists
below say which media types and names this endpoint answers to, in the order a wildcard such as
``text/*`` picks them; pyoxigraph says which format each one is.
"""

from __future__ import annotations

import pyoxigraph

from kgbuild.graph.formats import format_named, format_of_media_type
from kgbuild.sparql.results import RESULT_FORMATS

__all__ = ["FORMAT_NAMES", "format_known", "ranked_media_types", "result_format", "graph_format", "content_type_of"]

_RF = pyoxigraph.QueryResultsFormat
_GF = pyoxigraph.RdfFormat
_Format = pyoxigraph.QueryResultsFormat | pyoxigraph.RdfFormat

_RESULT_MEDIA_TYPES = (
    "application/sparql-results+json", "application/json", "application/sparql-results+xml", "application/xml",
    "text/xml", "text/csv", "text/tab-separated-values",
)
_GRAPH_MEDIA_TYPES = (
    "text/turtle", "application/turtle", "application/x-turtle", "application/n-triples", "application/ld+json",
    "application/x-json+ld", "application/json", "application/rdf+xml", "application/xml", "text/xml", "text/n3",
    "text/rdf+n3", "application/n3",
)
_RESULT_TYPES = {media_type: _RF.from_media_type(media_type) for media_type in _RESULT_MEDIA_TYPES}
_GRAPH_TYPES = {media_type: format_of_media_type(media_type) for media_type in _GRAPH_MEDIA_TYPES}
# ``format=`` names (SPARQLWrapper sends these too); one name may mean a format of each kind.
_RESULT_NAMES = RESULT_FORMATS
_GRAPH_NAMES = {
    name: format_named(name)
    for name in ("turtle", "ttl", "ntriples", "n-triples", "nt", "json-ld", "jsonld", "json", "xml", "rdf+xml", "rdfxml", "rdf", "n3")
}

FORMAT_NAMES = tuple(sorted(set(_RESULT_NAMES) | set(_GRAPH_NAMES)))
"""Every ``format=`` name this endpoint knows, for the message that refuses another."""


def format_known(name: str) -> bool:
    """Whether a ``format=`` value names a format (or media type) of either kind."""
    name = name.strip().lower()
    return name in _RESULT_NAMES or name in _GRAPH_NAMES or name in _RESULT_TYPES or name in _GRAPH_TYPES


def ranked_media_types(accept: str) -> list[str]:
    """The media types of an Accept header, most wanted first (q=0 dropped, ties in header order)."""
    ranked = []
    for position, item in enumerate(accept.split(",")):
        media_type, *params = (part.strip() for part in item.split(";"))
        if not media_type:
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranked.append((-quality, position, media_type.lower()))
    return [media_type for _, _, media_type in sorted(ranked)]


def result_format(format_param: str | None, accept: str) -> pyoxigraph.QueryResultsFormat:
    """The format of a SELECT or ASK answer (default: SPARQL JSON)."""
    return _negotiate(format_param, accept, _RESULT_TYPES, _RESULT_NAMES, _RF.JSON)


def graph_format(format_param: str | None, accept: str) -> pyoxigraph.RdfFormat:
    """The format of a CONSTRUCT or DESCRIBE answer (default: Turtle)."""
    return _negotiate(format_param, accept, _GRAPH_TYPES, _GRAPH_NAMES, _GF.TURTLE)


def _negotiate(
    format_param: str | None, accept: str, table: dict[str, _Format], names: dict[str, _Format], default: _Format
) -> _Format:
    """The format for one kind of result: ``format=`` if it names one of this kind, else the best
    match of the Accept header, else the default."""
    if format_param:
        wanted = format_param.strip().lower()
        if wanted in names:
            return names[wanted]
        if wanted in table:
            return table[wanted]
    for media_type in ranked_media_types(accept):
        if media_type in table:
            return table[media_type]
        major, _, minor = media_type.partition("/")
        if minor == "*":
            if major == "*" or default.media_type.startswith(major + "/"):
                return default
            for candidate, fmt in table.items():
                if candidate.startswith(major + "/"):
                    return fmt
    return default


def content_type_of(fmt: _Format) -> str:
    """The Content-Type header of an answer in ``fmt``, with its charset."""
    media_type = fmt.media_type
    return media_type if "charset=" in media_type else media_type + "; charset=utf-8"
