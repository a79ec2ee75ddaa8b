"""The one module that chains the stages: ingest → extract → resolve → graph → export.

It also gives kgbuild's spaCy components their knowledge (``load_component_knowledge``, the
``kgbuild.knowledge.v1`` loader), since the extract stage may not read ``ontologies/`` itself."""

from __future__ import annotations

import functools
import os
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence, TextIO

from kgbuild.config import DEFAULT_MODEL, FALLBACK_MODELS, BuildConfig, worker_processes
from kgbuild.errors import OutputError
from kgbuild.export.rdf import write_turtle
from kgbuild.extract import extract_documents, load_pipeline, registry_patterns, resolve_model_name
from kgbuild.graph import build_graph
from kgbuild.graph.store import read_store, write_store
from kgbuild.ingest import DocumentMetadata, read_documents
from kgbuild.knowledge import Knowledge, load_knowledge
from kgbuild.resolve import ResolveRules, mentions_by_use, resolve_entities
from kgbuild.resolve.facts import resolve_facts
from kgbuild.types import Document, Entity, Extraction, Facts

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["BuildSummary", "build", "extract", "resolve", "prepare_output_dir", "load_component_knowledge"]


@dataclass(frozen=True, slots=True)
class BuildSummary:
    """What a build produced, for the one-screen summary."""

    documents: int
    """Documents in the graph (with --store: earlier builds' documents included)."""
    new_documents: int
    skipped_documents: int
    """Inputs already in the store (same SHA-256), not read again."""
    words: int
    entities_by_class: dict[str, int]
    relations: int
    events: int
    claims: int
    triples: int
    seconds: float
    turtle: Path
    html: Path | None
    model: str
    store: Path | None = None


def prepare_output_dir(out_dir: Path) -> None:
    """Create ``out_dir`` if needed and make sure it is writable, before any work is done."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"cannot write to '{out_dir}': {exc.strerror or exc} (choose a writable directory with -o DIR)"
        ) from exc
    if not out_dir.is_dir():
        raise OutputError(f"cannot write to '{out_dir}': it is not a directory (choose a directory with -o DIR)")
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write to '{out_dir}': permission denied (choose a writable directory with -o DIR)")


def load_component_knowledge(registries: Sequence[str] = ()) -> dict[str, Any]:
    """kgbuild's knowledge in the form its spaCy components take (``lexicon``, ``demonyms``,
    ``regions``, ``countries``): the shipped registry, gazetteers and lexicon plus the registry
    files ``registries``. Registered in spaCy's ``registry.misc`` as ``kgbuild.knowledge.v1`` (a
    ``spacy_misc`` entry point), the loader the components use when they are not given the data.
    Loaded once per set of registries; callers must not change what it returns."""
    return _component_knowledge(tuple(str(r) for r in registries))


@functools.lru_cache(maxsize=4)
def _component_knowledge(registries: tuple[str, ...]) -> dict[str, Any]:
    return _mention_config(load_knowledge(tuple(Path(r) for r in registries)))


def _mention_config(knowledge: Knowledge) -> dict:
    """The components' knowledge (see ``load_component_knowledge``) from kgbuild's knowledge."""
    countries: dict[str, str] = {}
    for entry in knowledge.registry.entries:
        if entry.entity_class == "Country":
            for name in (entry.label, *entry.aliases):
                countries.setdefault(name.lower(), entry.key)
    return {
        "lexicon": knowledge.lexicon.to_config(),
        "demonyms": dict(knowledge.demonyms),
        "regions": sorted(knowledge.regions),
        "countries": countries,
    }


def extract(
    documents: list[Document],
    knowledge: Knowledge,
    model: str,
    batch_size: int = 32,
    n_process: int = 1,
    progress: Callable[[int], None] | None = None,
) -> list[Extraction]:
    """Run the spaCy pipeline over ``documents``; ``progress`` is called once per document done."""
    if not documents:
        return []
    nlp = load_pipeline(
        model,
        registry_patterns(knowledge.registry.entries),
        knowledge.lexicon.to_config()["furniture"],
        _mention_config(knowledge),
    )
    extractions: list[Extraction] = []
    for extraction in extract_documents(
        nlp, ((d.doc_id, d.text) for d in documents), batch_size=batch_size, n_process=n_process
    ):
        extractions.append(extraction)
        if progress is not None:
            progress(1)
    return extractions


def resolve(
    documents: list[Document], extractions: list[Extraction], knowledge: Knowledge
) -> tuple[list[Entity], Facts]:
    """What was read from any number of documents → entities and the facts between them."""
    rules = ResolveRules.of(knowledge.registry, knowledge.lexicon)
    entities = resolve_entities(mentions_by_use(extractions), rules)
    published = {d.doc_id: d.published for d in documents}
    return entities, resolve_facts(extractions, entities, published, rules)


def build(
    inputs: list[str],
    config: BuildConfig,
    metadata: DocumentMetadata | None = None,
    stdin: TextIO | None = None,
    progress: Callable[[int, int], Callable[[int], None]] | None = None,
    warn: Callable[[str], None] | None = None,
) -> BuildSummary:
    """Build the graph of ``inputs`` and write ``graph.ttl`` (and ``graph.html``) into the output directory.

    With ``config.store``, documents of earlier builds into that store are kept, documents already
    there (same SHA-256) are skipped, and everything is resolved together again, so the graph is the
    one a single build of all the documents gives. ``progress(total_new_documents, total)`` returns a
    callback advanced by one per extracted document.
    """
    started = time.perf_counter()
    documents = read_documents(
        inputs, metadata, stdin, strict=config.strict, warn=warn, input_format=config.input_format
    )
    out_dir = Path(config.out_dir)
    prepare_output_dir(out_dir)
    known_docs, known_extractions = _read_known(config.store)
    known_ids = {d.doc_id for d in known_docs}
    new_docs = [d for d in documents if d.doc_id not in known_ids]
    knowledge = load_knowledge(config.registries)
    model = resolve_model_name(config.extract.model, DEFAULT_MODEL, FALLBACK_MODELS)
    advance = progress(len(new_docs), len(new_docs)) if progress is not None and new_docs else None
    extractions = known_extractions + extract(
        new_docs, knowledge, model, config.extract.batch_size,
        worker_processes(config.extract.n_process, len(new_docs)), advance
    )
    all_docs = known_docs + new_docs
    entities, facts = resolve(all_docs, extractions, knowledge)
    graph = build_graph(all_docs, entities, facts)
    turtle, html = _write_outputs(graph, all_docs, out_dir, config.write_html)
    if config.store is not None:
        write_store(config.store, all_docs, extractions, graph)
    by_class = Counter(e.entity_class for e in entities)
    return BuildSummary(
        documents=len(all_docs),
        new_documents=len(new_docs),
        skipped_documents=len(documents) - len(new_docs),
        words=sum(len(d.text.split()) for d in all_docs),
        entities_by_class=dict(sorted(by_class.items())),
        relations=len(facts.relations),
        events=len(facts.events),
        claims=len(facts.claims),
        triples=len(graph),
        seconds=time.perf_counter() - started,
        turtle=turtle,
        html=html,
        model=model,
        store=config.store,
    )


def _read_known(store: Path | None) -> tuple[list[Document], list[Extraction]]:
    """What earlier builds into ``store`` read (nothing without a store); checks it is writable."""
    if store is None:
        return [], []
    known = read_store(store)
    prepare_output_dir(Path(store))
    return known


def _write_outputs(graph: Graph, documents: list[Document], out_dir: Path, write_html: bool) -> tuple[Path, Path | None]:
    """``graph.ttl`` and, if asked, ``graph.html`` in ``out_dir``."""
    turtle = out_dir / "graph.ttl"
    write_turtle(graph, turtle)
    if not write_html:
        return turtle, None
    from kgbuild.export.view import write_html as write_page

    html = out_dir / "graph.html"
    write_page(graph, html, title=_title(documents))
    return turtle, html


def _title(documents: list[Document]) -> str:
    if len(documents) == 1:
        doc = documents[0]
        return f"kgbuild: {doc.title or Path(doc.source).name}"
    return f"kgbuild: {len(documents)} documents"
