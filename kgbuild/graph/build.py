"""Documents and entities → RDF triples in the vocabulary of ontologies/kgbuild.ttl."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph
from rdflib import Graph, Literal
from rdflib.term import Node

from kgbuild.graph.provenance import document_iri, evidence_triples, extractor_triples, iri_of
from kgbuild.graph.store import graph_over, to_oxigraph
from kgbuild.ontology import GEO, KG, OWL, PROV, RDF, RDFS, SCHEMA, SEM, SKOS, WD, XSD
from kgbuild.types import Claim, Document, Entity, Event, Facts, Relation

__all__ = ["build_graph", "document_triples", "entity_triples"]

Triple = tuple[Node, Node, Node]


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
    iri = iri_of(entity.key)
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


def relation_triples(relation: Relation) -> Iterator[Triple]:
    """The direct triple (or, for an ended alliance, kg:formerAllyOf) and its reified evidence."""
    s, o = iri_of(relation.subject), iri_of(relation.object)
    predicate = relation.predicate
    if relation.ended:
        if predicate != "allyOf":
            return  # an ended relation other than an alliance has no term: it is not current
        predicate = "formerAllyOf"
    p = KG[predicate]
    yield s, p, o
    claims = tuple(iri_of(c) for c in relation.claims)
    for prov in relation.evidence:
        yield from evidence_triples(s, prov, statement=(p, o), claims=claims)


_DATATYPES = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}


def _time_literal(value: str) -> Literal:
    return Literal(value, datatype=_DATATYPES.get(len(value), XSD.string))


def event_triples(event: Event) -> Iterator[Triple]:
    iri = iri_of(event.key)
    yield iri, RDF.type, KG.Event
    yield iri, RDF.type, KG[event.event_class]
    for extra in event.also_classes:
        yield iri, RDF.type, KG[extra]
    yield iri, RDFS.label, Literal(event.label)
    for key in sorted(set(event.actors) | set(event.attackers) | set(event.targets)):
        yield iri, SEM.hasActor, iri_of(key)
    for key in event.attackers:
        yield iri, KG.attacker, iri_of(key)
    for key in event.targets:
        yield iri, KG.target, iri_of(key)
    if event.place:
        yield iri, SEM.hasPlace, iri_of(event.place)
    if event.time_text:
        yield iri, KG.timeText, Literal(event.time_text)
        yield iri, KG.timePrecision, Literal(event.time_precision or "unknown")
    if event.begin:
        if event.end in (None, event.begin):
            yield iri, SEM.hasTimeStamp, _time_literal(event.begin)
        else:
            yield iri, SEM.hasBeginTimeStamp, _time_literal(event.begin)
            yield iri, SEM.hasEndTimeStamp, _time_literal(event.end)
    claims = tuple(iri_of(c) for c in event.claims)
    for prov in event.evidence:
        yield from evidence_triples(iri, prov, claims=claims)
    for figure in event.casualties:
        fig = iri_of(figure.key)
        yield iri, KG.casualties, fig
        yield fig, RDF.type, KG.CasualtyFigure
        yield fig, KG.figureText, Literal(figure.figure_text)
        yield fig, KG.category, Literal(figure.category)
        for term, value in (("count", figure.count), ("minCount", figure.min_count), ("maxCount", figure.max_count)):
            if value is not None:
                yield fig, KG[term], Literal(value, datatype=XSD.integer)
        if figure.qualifier:
            yield fig, KG.qualifier, Literal(figure.qualifier)
        if figure.victim_side:
            yield fig, KG.victimSide, iri_of(figure.victim_side)
        if figure.claimed_by:
            yield fig, KG.claimedBy, iri_of(figure.claimed_by)
        if figure.source_description:
            yield fig, KG.sourceDescription, Literal(figure.source_description)
        yield from evidence_triples(fig, figure.provenance, figure.figure_text,
                                    claims=(iri_of(figure.claim),) if figure.claim else ())


def claim_triples(claim: Claim) -> Iterator[Triple]:
    iri = iri_of(claim.key)
    yield iri, RDF.type, KG.Claim
    yield iri, KG.statement, Literal(claim.statement)
    yield iri, PROV.wasDerivedFrom, document_iri(claim.provenance.doc_id)
    if claim.claimed_by:
        yield iri, KG.claimedBy, iri_of(claim.claimed_by)
    if claim.source_description:
        yield iri, KG.sourceDescription, Literal(claim.source_description)
    for key in claim.about:
        yield iri, KG.about, iri_of(key)
    yield iri, KG.hedged, Literal(claim.hedged)
    yield iri, KG.negated, Literal(claim.negated)
    yield from evidence_triples(iri, claim.provenance)


def build_graph(
    documents: Iterable[Document], entities: Iterable[Entity], facts: Facts | None = None, graph: Graph | None = None
) -> Graph:
    """Add the documents, entities and facts to ``graph`` (a new Oxigraph-backed graph by default)."""
    graph_is_new = graph is None
    graph = graph_over(pyoxigraph.Store()) if graph is None else graph
    cache: dict = {}
    triples: set[Triple] = set()
    extractors: set[str] = set()
    for doc in documents:
        triples.update(document_triples(doc))
    for entity in entities:
        triples.update(entity_triples(entity))
        extractors.update(m.provenance.extractor for m in entity.mentions)
    if facts is not None:
        for relation in facts.relations:
            triples.update(relation_triples(relation))
            extractors.update(p.extractor for p in relation.evidence)
        for event in facts.events:
            triples.update(event_triples(event))
            extractors.update(p.extractor for p in event.evidence)
            extractors.update(f.provenance.extractor for f in event.casualties)
        for claim in facts.claims:
            triples.update(claim_triples(claim))
            extractors.add(claim.provenance.extractor)
    for name in extractors:
        triples.update(extractor_triples(name))
    if graph_is_new:
        # straight into the Oxigraph store under the graph's default graph: rdflib's per-triple
        # conversion is the slow part of a build, and writers sort, so order does not matter here
        graph.store._store.bulk_extend(  # type: ignore[union-attr]
            pyoxigraph.Quad(*(to_oxigraph(t, cache) for t in triple)) for triple in triples
        )
    else:
        graph.addN((s, p, o, graph) for s, p, o in sorted(triples))
    return graph
