"""Graphs live in rdflib over the Oxigraph store (oxrdflib): rdflib's API at Oxigraph's speed."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kgbuild.errors import QueryError, StoreError
from kgbuild.files import write_atomic
from kgbuild.graph.formats import GRAPH_SUFFIXES, format_of_suffix
from kgbuild.ontology import PREFIXES
from kgbuild.records import decode_record, encode_record
from kgbuild.types import Document, Extraction

__all__ = [
    "new_graph", "load_graph", "graph_over", "open_source", "to_oxigraph", "is_store_dir", "read_store", "write_store",
    "STORE_FORMAT",
]


def new_graph() -> Graph:
    """An empty graph in an in-memory Oxigraph store with kgbuild's prefixes bound."""
    graph = Graph(store="Oxigraph", bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    return graph


def is_store_dir(path: Path) -> bool:
    return Path(path).is_dir() and (Path(path) / "kgbuild-store.json").is_file()


def open_source(path: Path) -> pyoxigraph.Store:
    """A SOURCE (a graph file, by suffix, or a store directory of ``build --store``) as an Oxigraph
    store: files are loaded into memory (quads keep their named graphs); a store is opened
    read-only. Errors name the file and, for a parse error, the line and column."""
    path = Path(path)
    if is_store_dir(path):
        try:
            return pyoxigraph.Store.read_only(str(path / "oxigraph"))
        except OSError as exc:
            raise QueryError(f"cannot open store '{path}': {exc} (rebuild it with kgbuild build --store)") from exc
    if path.is_dir():
        raise QueryError(f"cannot read '{path}': a directory that is not a kgbuild store (give a graph file or a store made by kgbuild build --store)")
    if not path.is_file():
        raise QueryError(f"cannot read graph '{path}': no such file (build one with: kgbuild build ARTICLE -o DIR)")
    fmt = format_of_suffix(path.suffix)
    if fmt is None:
        raise QueryError(
            f"cannot read graph '{path}': unknown RDF format (use one of: {' '.join(sorted(GRAPH_SUFFIXES))}, or a store directory)"
        )
    store = pyoxigraph.Store()
    try:
        with path.open("rb") as handle:
            store.bulk_load(handle, format=fmt)
    except SyntaxError as exc:
        where = f" line {exc.lineno}" if getattr(exc, "lineno", None) else ""
        where += f" column {exc.offset}" if getattr(exc, "offset", None) else ""
        message = (exc.msg if getattr(exc, "msg", None) else str(exc)).splitlines()[0]
        raise QueryError(f"cannot read graph '{path}'{where}: not valid RDF ({message}); fix or rebuild it") from exc
    except (OSError, ValueError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise QueryError(f"cannot read graph '{path}': {message} (fix or rebuild it)") from exc
    return store


def load_graph(path: Path) -> Graph:
    """A SOURCE (graph file or store directory) as an rdflib graph over Oxigraph, every named graph
    merged into one."""
    source = open_source(path)
    merged = pyoxigraph.Store()
    merged.bulk_extend(pyoxigraph.Quad(q.subject, q.predicate, q.object) for q in source)
    return graph_over(merged)


def graph_over(store: pyoxigraph.Store) -> Graph:
    """An rdflib graph whose triples are the default graph of ``store``, with kgbuild's prefixes."""
    from oxrdflib import OxigraphStore
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    graph = Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID, bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    return graph


# --- the persistent store of `kgbuild build --store DIR` ------------------------------------------
#
# DIR/records/documents.jsonl and DIR/records/extractions.jsonl hold the records every earlier build
# extracted (the source of truth: resolution runs again over all of them, so adding documents one
# build at a time gives the graph that building them together gives); DIR/oxigraph is an on-disk
# Oxigraph store of the current graph, rewritten by every build, for querying without reparsing.
# Records are written by the one JSON codec (kgbuild/records.py). Format 3: mentions say how they
# were found (FoundBy) rather than carrying a confidence; stores of format 2 ask to be rebuilt.

STORE_FORMAT = 3


def read_store(directory: Path) -> tuple[list[Document], list[Extraction]]:
    """The documents and what was read from them by earlier builds into ``directory`` (none for a
    new store)."""
    directory = Path(directory)
    manifest = directory / "kgbuild-store.json"
    if not directory.exists() or not any(directory.iterdir()):
        return [], []
    if not manifest.is_file():
        raise StoreError(
            f"cannot use '{directory}' as a store: it is not empty and holds no kgbuild-store.json "
            "(give a new or empty directory, or one made by kgbuild build --store)"
        )
    try:
        info = json.loads(manifest.read_text(encoding="utf-8"))
        if info.get("format") != STORE_FORMAT:
            raise StoreError(
                f"cannot use store '{directory}': it was written in format {info.get('format')}, "
                f"this kgbuild reads format {STORE_FORMAT} (rebuild it into a new directory)"
            )
        documents = _read_records(directory / "records" / "documents.jsonl", Document)
        extractions = _read_records(directory / "records" / "extractions.jsonl", Extraction)
    except StoreError:
        raise
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise StoreError(
            f"cannot read store '{directory}': its records are damaged or from another kgbuild version "
            f"({str(exc).splitlines()[0] if str(exc) else type(exc).__name__}); rebuild it into a new directory"
        ) from exc
    return documents, extractions


def _read_records(path: Path, cls: type) -> list:
    """The records of class ``cls`` in a JSON Lines file of the store, one per line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [decode_record(json.loads(line), cls) for line in lines if line.strip()]


def _records_jsonl(records: list) -> str:
    return "".join(json.dumps(encode_record(r), ensure_ascii=False, sort_keys=True) + "\n" for r in records)


def write_store(directory: Path, documents: list[Document], extractions: list[Extraction], graph: Graph) -> None:
    """Save the records and the graph; the records are replaced atomically, file by file."""
    directory = Path(directory)
    records = directory / "records"
    try:
        records.mkdir(parents=True, exist_ok=True)
        ox_dir = directory / "oxigraph"
        ox = pyoxigraph.Store(str(ox_dir))
        ox.clear()
        inner = getattr(graph.store, "_store", None)
        if isinstance(inner, pyoxigraph.Store):
            # into the default graph (rdflib's graph lives in a named graph of its own)
            ox.bulk_extend(pyoxigraph.Quad(q.subject, q.predicate, q.object) for q in inner)
        else:
            ox.bulk_extend(pyoxigraph.Quad(*(_to_ox(t) for t in triple)) for triple in graph)
        ox.flush()
        del ox
    except OSError as exc:
        raise StoreError(f"cannot write store '{directory}': {exc.strerror or exc} (choose a writable directory)") from exc
    docs = sorted(documents, key=lambda d: d.doc_id)
    write_atomic(records / "documents.jsonl", _records_jsonl(docs))
    write_atomic(records / "extractions.jsonl", _records_jsonl(sorted(extractions, key=lambda x: x.doc_id)))
    write_atomic(directory / "kgbuild-store.json", json.dumps({"format": STORE_FORMAT, "documents": len(docs)}, indent=2) + "\n")


def to_oxigraph(term: Node, cache: dict | None = None) -> pyoxigraph.NamedNode | pyoxigraph.Literal | pyoxigraph.BlankNode:
    """The pyoxigraph term for an rdflib term (``cache`` remembers the ones already made)."""
    if cache is None:
        return _to_ox(term)
    found = cache.get(term)
    if found is None:
        found = cache[term] = _to_ox(term)
    return found


def _to_ox(term: Node) -> pyoxigraph.NamedNode | pyoxigraph.Literal | pyoxigraph.BlankNode:
    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        if term.datatype:
            return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype)))
        return pyoxigraph.Literal(str(term))
    return pyoxigraph.BlankNode(str(term))
