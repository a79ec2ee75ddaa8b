"""The only place PROV and evidence triples are written, and the one rule from a key to its IRI."""

from __future__ import annotations

from typing import Iterator

from rdflib import Literal, URIRef
from rdflib.term import Node

from kgbuild.ids import document_key, evidence_key, extractor_key
from kgbuild.ontology import ID_IRI, KG, PROV, RDF, RDFS, XSD
from kgbuild.types import Provenance

__all__ = ["iri_of", "document_iri", "extractor_iri", "evidence_triples", "extractor_triples"]

Triple = tuple[Node, Node, Node]


def iri_of(key: str) -> URIRef:
    """The IRI of a key minted by ``kgbuild.ids`` (or given by the registry)."""
    return URIRef(ID_IRI + key)


def document_iri(doc_id: str) -> URIRef:
    return iri_of(document_key(doc_id))


def extractor_iri(name: str) -> URIRef:
    return iri_of(extractor_key(name))


def extractor_triples(name: str) -> Iterator[Triple]:
    iri = extractor_iri(name)
    yield iri, RDF.type, KG.Extractor
    yield iri, RDF.type, PROV.Activity
    yield iri, RDFS.label, Literal(name)


def evidence_triples(
    subject: URIRef,
    provenance: Provenance,
    mention_text: str | None = None,
    statement: tuple[URIRef, URIRef] | None = None,
    claims: tuple[URIRef, ...] = (),
) -> Iterator[Triple]:
    """A kg:Evidence node tying ``subject`` to the sentence and offsets it was read from. For a
    relation, ``statement`` is its (predicate, object) and ``subject`` its subject: the evidence
    then carries rdf:subject / rdf:predicate / rdf:object and is not linked from the subject."""
    ev = iri_of(evidence_key(
        subject, statement, provenance.doc_id, provenance.char_start, provenance.char_end, provenance.extractor
    ))
    if statement is None:
        yield subject, KG.evidence, ev
    else:
        yield ev, RDF.predicate, statement[0]
        yield ev, RDF.object, statement[1]
    yield ev, RDF.type, KG.Evidence
    yield ev, RDF.subject, subject
    for claim in claims:
        yield ev, KG.fromClaim, claim
    yield ev, PROV.wasDerivedFrom, document_iri(provenance.doc_id)
    yield ev, PROV.wasGeneratedBy, extractor_iri(provenance.extractor)
    yield ev, KG.sentence, Literal(provenance.sentence)
    yield ev, KG.charStart, Literal(provenance.char_start, datatype=XSD.integer)
    yield ev, KG.charEnd, Literal(provenance.char_end, datatype=XSD.integer)
    yield ev, KG.confidence, Literal(f"{provenance.confidence:.2f}", datatype=XSD.decimal)
    if mention_text is not None:
        yield ev, KG.mentionText, Literal(mention_text)
