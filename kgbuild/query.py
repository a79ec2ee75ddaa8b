"""SPARQL over a graph file: ad-hoc queries, .rq files, and the canned queries of ontologies/queries/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kgbuild.config import ONTOLOGIES_DIR
from kgbuild.errors import QueryError, UsageError
from kgbuild.graph.store import load_graph
from kgbuild.ontology import PREFIXES

__all__ = ["QueryResult", "CannedQuery", "list_queries", "read_query", "run_query", "query_graph"]

QUERIES_DIR = ONTOLOGIES_DIR / "queries"


@dataclass(frozen=True, slots=True)
class QueryResult:
    """A SELECT result as plain strings (IRIs shortened with kgbuild's prefixes), or an ASK answer."""

    variables: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class CannedQuery:
    name: str
    title: str
    path: Path


def list_queries(directory: Path = QUERIES_DIR) -> list[CannedQuery]:
    """The canned queries shipped in ``ontologies/queries``, by name."""
    found = []
    for path in sorted(directory.glob("*.rq")):
        title = ""
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# title:"):
                title = line.split(":", 1)[1].strip()
                break
        found.append(CannedQuery(name=path.stem, title=title, path=path))
    return found


def read_query(query: str | None, name: str | None) -> str:
    """The SPARQL text of ``--name NAME``, of a ``.rq`` file, or the string itself."""
    if name:
        known = {q.name: q for q in list_queries()}
        if name not in known:
            raise UsageError(f"no canned query named '{name}' (known: {', '.join(sorted(known))}; see kgbuild query --list)")
        return known[name].path.read_text(encoding="utf-8")
    if not query:
        raise UsageError("give a SPARQL query, a .rq file, or --name NAME (kgbuild query --list shows the names)")
    if query.endswith((".rq", ".sparql")):
        path = Path(query)
        if not path.is_file():
            raise UsageError(f"cannot read query file '{query}': no such file (check the path)")
        return path.read_text(encoding="utf-8")
    return query


def _short(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        text = str(node)
        for prefix, iri in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if text.startswith(iri):
                return f"{prefix}:{text[len(iri):]}"
        return f"<{text}>"
    if isinstance(node, Literal):
        return str(node)
    return str(node)


def query_graph(graph: Graph, sparql: str) -> QueryResult:
    """Run a SELECT or ASK query over ``graph``."""
    try:
        result = graph.query(sparql, initNs=PREFIXES)
        if result.type == "ASK":
            return QueryResult(variables=("ask",), rows=((str(bool(result.askAnswer)).lower(),),))
        if result.type != "SELECT":
            raise QueryError("only SELECT and ASK queries print as a table (use SELECT)")
        variables = tuple(str(v) for v in (result.vars or ()))
        rows = tuple(tuple(_short(row[i]) for i in range(len(variables))) for row in result)
    except QueryError:
        raise
    except Exception as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise QueryError(f"the SPARQL query is not valid: {message} (check its syntax)") from exc
    return QueryResult(variables=variables, rows=rows)


def run_query(graph_path: Path, sparql: str) -> QueryResult:
    """Load the graph file and run the query over it."""
    return query_graph(load_graph(graph_path), sparql)
