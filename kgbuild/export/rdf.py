"""Deterministic RDF files: the same graph always gives the same bytes.

Every writer here sorts the triples the same way, by their N-Triples lines (subject, then
predicate, then object, compared code point by code point), and drops duplicates. Sorting is done
on the N-Triples bytes that Oxigraph writes, not on Python term objects: for a million triples it
is a fraction of a second instead of several (``bench/sparql.py``), and an input that is already
sorted (a file kgbuild wrote) costs almost nothing to sort again.

``export_rdf`` streams a SOURCE (a graph file or a ``build --store`` directory) through the
Oxigraph parser without loading it into a store, and writes Turtle, N-Triples, expanded JSON-LD or
TriG with one named graph per document (see ``document_graphs``).
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Union

import pyoxigraph
from rdflib import Graph

from kgbuild.errors import QueryError, UsageError
from kgbuild.files import write_atomic
from kgbuild.graph.formats import format_named, format_of_oxrdflib_name, format_of_path, oxrdflib_name
from kgbuild.graph.store import is_store_dir, new_graph, open_source
from kgbuild.ontology import KG_IRI, PREFIXES, PROV, RDF

__all__ = [
    "RDF_EXPORT_FORMATS",
    "write_turtle",
    "write_rdf",
    "serialize_sorted",
    "serialize_triples",
    "sorted_ntriples",
    "source_quads",
    "source_ntriples",
    "document_graphs",
    "export_rdf",
]

RDF_EXPORT_FORMATS = {name: format_named(name) for name in ("turtle", "nt", "jsonld", "trig")}
"""``kgbuild export --format`` names of the RDF formats, and the Oxigraph format each writes."""

_TRIPLE_ONLY = {
    pyoxigraph.RdfFormat.TURTLE, pyoxigraph.RdfFormat.N_TRIPLES, pyoxigraph.RdfFormat.RDF_XML,
}
"""Formats whose parser yields default-graph quads only (N3 is left out: it has formulas)."""

Term = Union[pyoxigraph.NamedNode, pyoxigraph.BlankNode, pyoxigraph.Literal, pyoxigraph.Triple]
Statement = Union[pyoxigraph.Triple, pyoxigraph.Quad]


# --- sorting ---------------------------------------------------------------------------------------


def sorted_ntriples(statements: Iterable[Statement]) -> list[bytes]:
    """The distinct N-Triples lines (without their newline) of ``statements``, sorted. Quads lose
    their graph name: the result is the merge of every graph."""
    def as_triples() -> Iterator[pyoxigraph.Triple]:
        for statement in statements:
            yield statement.triple if isinstance(statement, pyoxigraph.Quad) else statement

    data = pyoxigraph.serialize(as_triples(), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return _sorted_lines(data)


def _sorted_lines(data: bytes) -> list[bytes]:
    lines = data.split(b"\n")
    del data
    lines.sort()  # Timsort: nearly free when the input was already sorted
    # distinct lines, and no empty one (the split leaves one after the last newline)
    return [line for line, previous in zip(lines, [b"", *lines]) if line != previous]


def _parse_sorted(lines: list[bytes]) -> pyoxigraph.QuadParser:
    # lenient: these lines were just written by Oxigraph itself
    return pyoxigraph.parse(b"\n".join(lines), format=pyoxigraph.RdfFormat.N_TRIPLES, lenient=True)


def _serialize_lines(lines: list[bytes], fmt: pyoxigraph.RdfFormat, prefixes: dict[str, str]) -> bytes:
    if not lines:
        return b""
    if fmt == pyoxigraph.RdfFormat.N_TRIPLES:
        return b"\n".join(lines) + b"\n"
    data = pyoxigraph.serialize(_parse_sorted(lines), format=fmt, prefixes=prefixes)
    return data if data.endswith(b"\n") else data + b"\n"


def serialize_triples(
    statements: Iterable[Statement], fmt: pyoxigraph.RdfFormat = pyoxigraph.RdfFormat.TURTLE,
    prefixes: dict[str, str] | None = None,
) -> bytes:
    """``statements`` (triples, or quads merged into one graph) in ``fmt``, sorted and distinct,
    with kgbuild's prefixes by default."""
    return _serialize_lines(sorted_ntriples(statements), fmt, dict(PREFIXES) if prefixes is None else prefixes)


def _oxigraph_store(graph: Graph) -> pyoxigraph.Store | None:
    store = getattr(graph.store, "_store", None)
    return store if isinstance(store, pyoxigraph.Store) else None


def serialize_sorted(graph: Graph, fmt: str = "ox-turtle") -> str:
    """Serialise ``graph`` with its triples in sorted order, so the output never depends on the order
    in which triples were added. Graphs in the Oxigraph store are streamed straight from it."""
    store = _oxigraph_store(graph)
    ox_format = format_of_oxrdflib_name(fmt)
    if store is not None and ox_format is not None:
        prefixes = {prefix: str(iri) for prefix, iri in graph.namespaces()} or dict(PREFIXES)
        return serialize_triples(store, ox_format, prefixes).decode("utf-8")
    ordered = new_graph()
    for prefix, iri in graph.namespaces():
        ordered.bind(prefix, iri, override=True)
    ordered.addN((s, p, o, ordered) for s, p, o in sorted(graph, reverse=True))
    data = ordered.serialize(format=fmt)
    return data if isinstance(data, str) else data.decode("utf-8")


def write_turtle(graph: Graph, path: Path) -> None:
    write_atomic(path, serialize_sorted(graph, "ox-turtle"))


def write_rdf(graph: Graph, path: Path) -> None:
    """Write in the format the file suffix names (.ttl .nt .nq .trig .rdf .n3)."""
    write_atomic(path, serialize_sorted(graph, oxrdflib_name(format_of_path(path) or pyoxigraph.RdfFormat.TURTLE)))


# --- sources ---------------------------------------------------------------------------------------


@contextmanager
def _reading(path: Path) -> Iterator[None]:
    """Turn the parse and read errors of SOURCE ``path`` into a QueryError with line and column."""
    try:
        yield
    except (QueryError, UsageError):
        raise
    except SyntaxError as exc:
        where = f" line {exc.lineno}" if getattr(exc, "lineno", None) else ""
        where += f" column {exc.offset}" if getattr(exc, "offset", None) else ""
        message = (exc.msg if getattr(exc, "msg", None) else str(exc)).splitlines()[0]
        raise QueryError(f"cannot read graph '{path}'{where}: not valid RDF ({message}); fix or rebuild it") from exc
    except (OSError, ValueError, TypeError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise QueryError(f"cannot read graph '{path}': {message} (fix or rebuild it)") from exc


def source_quads(path: Path) -> Iterator[pyoxigraph.Quad]:
    """The quads of a SOURCE: a graph file is parsed as a stream (no store is built), a store
    directory is read from its Oxigraph store. Parse errors surface while iterating (see
    ``source_ntriples``)."""
    path = Path(path)
    if is_store_dir(path):
        yield from open_source(path)
        return
    fmt = format_of_path(path)
    if fmt is None or not path.is_file():
        open_source(path)  # raises the error that names the problem (missing, a directory, unknown suffix)
        return
    yield from pyoxigraph.parse(path=str(path), format=fmt)


def source_ntriples(path: Path) -> list[bytes]:
    """The sorted, distinct N-Triples lines of the merge of every graph of SOURCE."""
    path = Path(path)
    with _reading(path):
        fmt = format_of_path(path)
        quads = source_quads(path)
        if fmt in _TRIPLE_ONLY and not is_store_dir(path):
            # default-graph quads serialise as triples: no per-quad Python step on the hot path
            return _sorted_lines(pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_TRIPLES))
        return sorted_ntriples(quads)


# --- TriG: one named graph per document -----------------------------------------------------------

_TYPE = pyoxigraph.NamedNode(str(RDF.type))
_SUBJECT = pyoxigraph.NamedNode(str(RDF.subject))
_PREDICATE = pyoxigraph.NamedNode(str(RDF.predicate))
_OBJECT = pyoxigraph.NamedNode(str(RDF.object))
_DERIVED_FROM = pyoxigraph.NamedNode(str(PROV.wasDerivedFrom))
_DOCUMENT = pyoxigraph.NamedNode(KG_IRI + "Document")
_EVIDENCE = pyoxigraph.NamedNode(KG_IRI + "Evidence")
_HAS_EVIDENCE = pyoxigraph.NamedNode(KG_IRI + "evidence")
_CASUALTIES = pyoxigraph.NamedNode(KG_IRI + "casualties")

GraphName = Union[pyoxigraph.NamedNode, pyoxigraph.BlankNode, pyoxigraph.DefaultGraph]


def document_graphs(triples: list[pyoxigraph.Triple]) -> dict[GraphName, list[pyoxigraph.Triple]]:
    """Group ``triples`` by the document they were read from, one graph per ``kg:Document`` named by
    the document's IRI (``kgid:document/...``); a triple can be in several graphs.

    A document's graph holds the document's own triples; its evidence nodes (whatever derives
    from it: ``prov:wasDerivedFrom``), its claims and casualty figures; and the triples of every
    entity, event, figure and claim that has evidence in it (an evidence node's ``rdf:subject``),
    each with the ``kg:evidence`` links of that document only. A relation triple goes where its
    reified evidence (``rdf:subject``/``rdf:predicate``/``rdf:object``) was read. Triples that
    belong to no document (the extractors' descriptions) stay in the default graph. The order of
    ``triples`` is kept within each graph."""
    documents = {t.subject for t in triples if t.predicate == _TYPE and t.object == _DOCUMENT}
    evidence = {t.subject for t in triples if t.predicate == _TYPE and t.object == _EVIDENCE}
    derived: dict[Term, set[Term]] = defaultdict(set)
    for doc in documents:
        derived[doc].add(doc)
    for t in triples:
        if t.predicate == _DERIVED_FROM and t.object in documents:
            derived[t.subject].add(t.object)
    # what each evidence node is about, and which statement it reifies
    about: dict[Term, dict[str, Term]] = defaultdict(dict)
    for t in triples:
        if t.subject in evidence and t.predicate in (_SUBJECT, _PREDICATE, _OBJECT):
            about[t.subject][t.predicate.value] = t.object
    subject_docs: dict[Term, set[Term]] = defaultdict(set)
    statement_docs: dict[tuple[Term, Term, Term], set[Term]] = defaultdict(set)
    for ev, parts in about.items():
        docs = derived.get(ev, set())
        subject = parts.get(_SUBJECT.value)
        if subject is None:
            continue
        subject_docs[subject] |= docs
        if _PREDICATE.value in parts and _OBJECT.value in parts:
            statement_docs[(subject, parts[_PREDICATE.value], parts[_OBJECT.value])] |= docs

    def docs_of(node: Term) -> set[Term]:
        return derived.get(node, set()) | subject_docs.get(node, set())

    graphs: dict[GraphName, list[pyoxigraph.Triple]] = defaultdict(list)
    for t in triples:
        if t.predicate == _HAS_EVIDENCE and t.object in evidence:
            targets = derived.get(t.object, set())
        elif t.predicate == _CASUALTIES:
            targets = docs_of(t.object) or docs_of(t.subject)
        else:
            targets = statement_docs.get((t.subject, t.predicate, t.object)) or docs_of(t.subject)
        if not targets:
            graphs[pyoxigraph.DefaultGraph()].append(t)
        for doc in targets:
            graphs[doc].append(t)
    return dict(graphs)


def _trig(lines: list[bytes]) -> bytes:
    triples = [quad.triple for quad in _parse_sorted(lines)] if lines else []
    graphs = document_graphs(triples)
    default = pyoxigraph.DefaultGraph()
    order = ([default] if default in graphs else []) + sorted((g for g in graphs if g != default), key=str)

    def quads() -> Iterator[pyoxigraph.Quad]:
        for name in order:
            for t in graphs[name]:
                yield pyoxigraph.Quad(t.subject, t.predicate, t.object, name)

    if not triples:
        return b""
    data = pyoxigraph.serialize(quads(), format=pyoxigraph.RdfFormat.TRIG, prefixes=dict(PREFIXES))
    return data if data.endswith(b"\n") else data + b"\n"


def export_rdf(source: Path, fmt: str) -> bytes:
    """SOURCE (a graph file or store directory; every graph in it merged) as ``fmt`` (a key of
    ``RDF_EXPORT_FORMATS``): sorted, distinct, with kgbuild's prefixes. JSON-LD is expanded (Oxigraph's
    JSON-LD writer takes no @context); TriG has one named graph per document (``document_graphs``)."""
    if fmt not in RDF_EXPORT_FORMATS:
        raise UsageError(f"unknown RDF format '{fmt}' (use one of: {', '.join(RDF_EXPORT_FORMATS)})")
    lines = source_ntriples(source)
    if fmt == "trig":
        return _trig(lines)
    return _serialize_lines(lines, RDF_EXPORT_FORMATS[fmt], dict(PREFIXES))
