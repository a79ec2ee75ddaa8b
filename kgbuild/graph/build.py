"""Documents and entities → RDF triples in the vocabulary of ontologies/kgbuild.ttl."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kgbuild.graph.provenance import document_iri, evidence_triples, extractor_triples
from kgbuild.graph.store import new_graph
from kgbuild.ontology import GEO, ID_IRI, KG, OWL, RDF, RDFS, SCHEMA, SKOS, WD, XSD
from kgbuild.types import Document, Entity

__all__ = ["build_graph", "entity_iri", "document_triples", "entity_triples"]

Triple = tuple[Node, Node, Node]


def entity_iri(key: str) -> URIRef:
    return URIRef(ID_IRI + key)


def document_triples(doc: Document) -> Iterator[Triple]:
    iri = document_iri(doc.doc_id)
    yield iri, RDF.type, KG.Document
    yield iri, KG.sha256, Literal(doc.doc_id)
    yield iri, KG.sourceFile, Literal(Path(doc.source).name if doc.source != "<stdin>" else doc.source)
    if doc.title:
        yield iri, SCHEMA.headline, Literal(doc.title)
    if doc.url:
        yield iri, SCHEMA.url, Literal(doc.url, datatype=XSD.anyURI)
    if doc.published:
        yield iri, SCHEMA.datePublished, Literal(doc.published, datatype=XSD.date)
    if doc.outlet:
        yield iri, SCHEMA.publisher, Literal(doc.outlet)
    if doc.language:
        yield iri, SCHEMA.inLanguage, Literal(doc.language)


def entity_triples(entity: Entity) -> Iterator[Triple]:
    iri = entity_iri(entity.key)
    yield iri, RDF.type, KG[entity.entity_class]
    yield iri, RDFS.label, Literal(entity.label)
    for alt in entity.alt_labels:
        yield iri, SKOS.altLabel, Literal(alt)
    for qid in entity.same_as:
        yield iri, OWL.sameAs, WD[qid]
    if entity.latitude is not None and entity.longitude is not None:
        yield iri, GEO.lat, Literal(f"{entity.latitude}", datatype=XSD.decimal)
        yield iri, GEO.long, Literal(f"{entity.longitude}", datatype=XSD.decimal)
        if entity.geo_precision:
            yield iri, KG.geoPrecision, Literal(entity.geo_precision)
    for mention in entity.mentions:
        yield from evidence_triples(iri, mention.provenance, mention.text)


def build_graph(documents: Iterable[Document], entities: Iterable[Entity], graph: Graph | None = None) -> Graph:
    """Add the documents and entities to ``graph`` (a new Oxigraph-backed graph by default)."""
    graph = graph if graph is not None else new_graph()
    triples: set[Triple] = set()
    extractors: set[str] = set()
    for doc in documents:
        triples.update(document_triples(doc))
    for entity in entities:
        triples.update(entity_triples(entity))
        extractors.update(m.provenance.extractor for m in entity.mentions)
    for name in extractors:
        triples.update(extractor_triples(name))
    graph.addN((s, p, o, graph) for s, p, o in sorted(triples))
    return graph
