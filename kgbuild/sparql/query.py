"""SPARQL stage: running queries over a graph file or store (ad-hoc queries, .rq files, and the
canned queries of ontologies/queries/), by Oxigraph directly (no rdflib on the way: ARCHITECTURE.md
section 4).

A SOURCE is a graph file (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML, by suffix) or a
``build --store`` directory. Queries see every graph of it as one default graph; kgbuild's prefixes
(``kg:``, ``kgid:``, ``rdfs:`` ...) need no PREFIX line; ``--param NAME=VALUE`` binds ``?NAME``
before the query runs. What the query answers is written by ``kgbuild.sparql.results``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Union

import pyoxigraph

from kgbuild.config import ONTOLOGIES_DIR
from kgbuild.errors import QueryError, UsageError
from kgbuild.graph.store import is_store_dir, open_source
from kgbuild.ontology import PREFIXES

__all__ = [
    "QUERIES_DIR",
    "Term",
    "Results",
    "CannedQuery",
    "SparqlSyntaxError",
    "list_queries",
    "read_query",
    "parse_params",
    "open_query_source",
    "execute_query",
]

QUERIES_DIR = ONTOLOGIES_DIR / "queries"
"""The canned queries shipped with kgbuild (``kgbuild query --name NAME``)."""

Term = Union[pyoxigraph.NamedNode, pyoxigraph.BlankNode, pyoxigraph.Literal, pyoxigraph.Triple]
"""An RDF term as a query binds it or a ``--param`` gives it."""
Results = Union[pyoxigraph.QuerySolutions, pyoxigraph.QueryBoolean, pyoxigraph.QueryTriples]
"""What a query answers, by its form: solutions (SELECT), a boolean (ASK), triples (CONSTRUCT, DESCRIBE)."""


@dataclass(frozen=True, slots=True)
class CannedQuery:
    """One query of ontologies/queries: its name (the file's stem), its ``# title:`` line and file."""

    name: str
    title: str
    path: Path


class SparqlSyntaxError(QueryError):
    """The SPARQL text does not parse: the command line (or the .rq file it names) is wrong."""

    exit_code = 2


# --- the query text --------------------------------------------------------------------------------


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


def _term(value: str) -> Term:
    """A ``--param`` value: ``<IRI>``, a prefixed name with one of kgbuild's prefixes, or a literal."""
    if value.startswith("<") and value.endswith(">"):
        try:
            return pyoxigraph.NamedNode(value[1:-1])
        except ValueError as exc:
            raise UsageError(f"--param value '{value}' is not a valid IRI ({exc})") from exc
    prefix, colon, local = value.partition(":")
    if colon and prefix in PREFIXES and " " not in local:
        return pyoxigraph.NamedNode(PREFIXES[prefix] + local)
    return pyoxigraph.Literal(value)


def parse_params(pairs: list[str] | tuple[str, ...]) -> dict[str, Term]:
    """``NAME=VALUE`` pairs as {variable name: RDF term}; a value is an IRI when written ``<...>``
    or as a prefixed name with one of kgbuild's prefixes (``kgid:place/kidal``), else a plain
    literal."""
    params: dict[str, Term] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not equals or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise UsageError(f"--param '{pair}' is not NAME=VALUE (e.g. --param entity=kgid:place/kidal)")
        params[name] = _term(value)
    return params


# --- running it ------------------------------------------------------------------------------------


def open_query_source(path: Path) -> pyoxigraph.Store:
    """A SOURCE as an Oxigraph store to query with every graph as the default graph. A file with
    named graphs (TriG, N-Quads, JSON-LD) is merged into one graph first, so a triple that several
    graphs hold (a TriG export repeats an entity in every document's graph) counts once; a store
    directory is queried in place, with its graphs as one union."""
    store = open_source(path)
    if is_store_dir(path) or next(iter(store.named_graphs()), None) is None:
        return store
    merged = pyoxigraph.Store()
    for name in [pyoxigraph.DefaultGraph(), *store.named_graphs()]:
        merged.bulk_load(store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=name),
                         format=pyoxigraph.RdfFormat.N_TRIPLES)
    return merged


def _variables_in(sparql: str) -> set[str]:
    text = re.sub(r"#[^\n]*", "", sparql)  # not in comments (nor, roughly, in strings: good enough)
    return set(re.findall(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", text))


def execute_query(store: pyoxigraph.Store, sparql: str, params: dict[str, Term] | None = None) -> Results:
    """Run ``sparql`` over ``store`` (every graph as the default graph), with kgbuild's prefixes
    and ``params`` bound to their variables. What comes back is what the query form asks for:
    solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE)."""
    params = params or {}
    if params:
        known = _variables_in(sparql)
        for name in params:
            if name not in known:
                raise UsageError(
                    f"--param {name}: the query has no variable ?{name} "
                    f"(its variables: {', '.join('?' + v for v in sorted(known)) or 'none'})"
                )
    substitutions = {pyoxigraph.Variable(name): term for name, term in params.items()}
    try:
        return store.query(
            sparql, prefixes=dict(PREFIXES), use_default_graph_as_union=True, substitutions=substitutions or None
        )
    except SyntaxError as exc:
        raise SparqlSyntaxError(f"the SPARQL query is not valid: {_syntax_message(exc, sparql)}") from exc
    except RuntimeError as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "SELECT projection" in message:
            raise UsageError(
                f"--param: {message} (a parameter binds a variable the query SELECTs; add it to SELECT)"
            ) from exc
        raise QueryError(f"the SPARQL query failed: {message}") from exc
    except OSError as exc:
        raise QueryError(f"the SPARQL query failed: {exc} (check the graph or store)") from exc


def _syntax_message(exc: SyntaxError, sparql: str) -> str:
    """Oxigraph's parse error, shortened to its position and what it expected: its message lists
    every character class the grammar would take ("['A' ..= 'Z' | ...]"), which helps nobody."""
    text = str(exc.msg if getattr(exc, "msg", None) else exc)
    hint = f"kgbuild's prefixes {', '.join(p + ':' for p in PREFIXES)} need no PREFIX line"
    match = re.match(r"error at (\d+):(\d+): (.*)", text, re.DOTALL)
    if not match:
        return f"{' '.join(text.split())} (check its syntax; {hint})"
    line, column, rest = int(match[1]), int(match[2]), match[3]
    where = f"line {line}, column {column}"
    lines = sparql.splitlines()
    line_text = lines[line - 1] if 0 < line <= len(lines) else ""
    slash = re.search(r"(?<![\w<])([A-Za-z][\w.-]*):[\w.-]*/", line_text)
    if slash and slash[1] in PREFIXES:
        # kgbuild's IRIs look like kgid:place/kidal, which SPARQL does not take as a prefixed name
        hint = f"a prefixed name cannot hold '/': write {slash[0][:-1]}\\/... or the full <IRI>; " + hint
    if rest.startswith("expected one of "):
        items = _split_top_level(rest[len("expected one of "):])
        notes = [i for i in items if " " in i and not i.startswith(("[", '"', "'"))]
        tokens = [i for i in items if i.startswith('"') or re.fullmatch(r"[A-Z]+", i)]
        if any("Prefix not found" in n for n in notes):
            before = line_text[: column - 1]
            found = re.search(r"([A-Za-z][\w.-]*)?:[^\s:]*$", before)
            name = f"'{found[1] or ''}:' " if found else ""
            return f"{where}: unknown prefix {name}(declare it with PREFIX, or check its syntax; {hint})"
        if notes:
            detail = "; ".join(dict.fromkeys(notes))
        elif tokens:
            detail = "expected " + " or ".join(tokens[:8]) + (" ..." if len(tokens) > 8 else "") + " or a name"
        else:
            detail = "unexpected text"
    else:
        detail = " ".join(rest.split())
    return f"{where}: {detail} (check its syntax; {hint})"


def _split_top_level(text: str) -> list[str]:
    """Split "a, ['x' | 'y'], \"b\"" at the commas outside brackets and quotes."""
    items, depth, quote, current = [], 0, "", []
    for char in text:
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "," and depth == 0:
            items.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    items.append("".join(current).strip())
    return [item for item in items if item]
