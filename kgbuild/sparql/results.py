"""SPARQL stage: what a query answered, written out. SELECT solutions as a table of display
strings or in the SPARQL 1.1 results formats (CSV, TSV, JSON, XML) by Oxigraph's own serialisers;
an ASK answer as ``true``/``false`` (or those formats); CONSTRUCT and DESCRIBE triples as sorted
Turtle, the same bytes ``kgbuild export`` writes for the same triples.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

import pyoxigraph

from kgbuild.errors import QueryError
from kgbuild.ontology import PREFIXES
from kgbuild.sparql.query import Results, Term

__all__ = [
    "RESULT_FORMATS",
    "QueryResult",
    "short_term",
    "table_of",
    "write_results",
]

RESULT_FORMATS = {name: pyoxigraph.QueryResultsFormat.from_extension(name) for name in ("csv", "tsv", "json", "xml")}
"""The SPARQL 1.1 query results formats, by ``--format`` (and ``format=``) name."""


@dataclass(frozen=True, slots=True)
class QueryResult:
    """A SELECT result as plain strings (IRIs shortened with kgbuild's prefixes), or an ASK answer."""

    variables: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def short_term(term: Term | None) -> str:
    """A term as a table shows it: an IRI with one of kgbuild's prefixes, a literal's text."""
    if term is None:
        return ""
    if isinstance(term, pyoxigraph.NamedNode):
        text = term.value
        for prefix, iri in _BY_LENGTH:
            if text.startswith(iri):
                return f"{prefix}:{text[len(iri):]}"
        return f"<{text}>"
    if isinstance(term, pyoxigraph.Literal):
        return term.value
    return str(term)


def table_of(results: Results) -> QueryResult:
    """SELECT solutions (or an ASK answer) as rows of display strings."""
    if isinstance(results, pyoxigraph.QueryBoolean):
        return QueryResult(variables=("ask",), rows=((str(bool(results)).lower(),),))
    if isinstance(results, pyoxigraph.QueryTriples):
        raise QueryError("a CONSTRUCT or DESCRIBE query gives triples, not a table")
    variables = tuple(v.value for v in results.variables)
    try:
        rows = tuple(tuple(short_term(solution[i]) for i in range(len(variables))) for solution in results)
    except (OSError, RuntimeError) as exc:
        raise QueryError(f"the SPARQL query failed: {exc}") from exc
    return QueryResult(variables=variables, rows=rows)


def write_results(results: Results, fmt: str, stream: BinaryIO) -> None:
    """Write SELECT solutions or an ASK answer to ``stream`` in a SPARQL 1.1 results format (a key
    of ``RESULT_FORMATS``), with Oxigraph's serialisers; CONSTRUCT and DESCRIBE triples as sorted
    Turtle whatever ``fmt``."""
    try:
        if isinstance(results, pyoxigraph.QueryTriples):
            from kgbuild.export.rdf import serialize_triples

            stream.write(serialize_triples(results))
            return
        if isinstance(results, pyoxigraph.QueryBoolean) and fmt in ("csv", "tsv"):
            stream.write(b"true\n" if results else b"false\n")
            return
        results.serialize(stream, RESULT_FORMATS[fmt])
        if fmt in ("json", "xml"):
            stream.write(b"\n")
    except (RuntimeError, SyntaxError) as exc:
        raise QueryError(f"the SPARQL query failed: {exc}") from exc
