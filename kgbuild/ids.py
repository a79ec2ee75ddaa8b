"""Every key kgbuild mints, in one place: entities, events, figures, claims, documents, evidence.

A key is the part of an IRI after the id namespace (``ontology.ID_IRI``): ``armedgroup/wagner-group``
is ``https://w3id.org/kgbuild/id/armedgroup/wagner-group``. The one rule that turns a key into an
IRI is ``kgbuild.graph.provenance.iri_of``; everything here is plain strings, so every stage may mint
keys without importing rdflib. Keys are stable: the same input gives the same key on every run and
machine, and a change here changes every graph, so each recipe is kept exactly as graphs have it.
"""

from __future__ import annotations

import hashlib

from kgbuild.text import slugify

__all__ = [
    "entity_key",
    "event_key",
    "key_label",
    "figure_key",
    "claim_key",
    "document_key",
    "extractor_key",
    "evidence_key",
]


def _digest(text: str, length: int) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:length]


def entity_key(entity_class: str, label: str) -> str:
    """An actor or place (``place/tinzaouaten``, ``country/mali``): its class, lower-cased, and the
    slug of its name. Registry entries keep the key the registry gives them."""
    return f"{entity_class.lower()}/{slugify(label)}"


def event_key(event_class: str, place: str | None, begin: str | None) -> str:
    """An event (``event/battle-tinzaouaten-2024-07-27``): class, the slug of its place key's last
    segment and its first day. Events sharing all three get ``-2``, ``-3`` ... appended by the
    resolver, in its order."""
    where = slugify(place.split("/")[-1]) if place else "unplaced"
    return f"event/{event_class.lower()}-{where}-{begin or 'undated'}"


def key_label(key: str) -> str:
    """A readable name made from a key's last segment (``place/in-afaraq`` → ``In Afaraq``), for
    labels that name a place by its key."""
    return key.split("/")[-1].replace("-", " ").title()


def figure_key(doc_id: str, start: int, end: int) -> str:
    """A casualty figure: its document and character span."""
    return "figure/" + _digest(f"{doc_id}|{start}|{end}", 16)


def claim_key(doc_id: str, start: int, end: int) -> str:
    """A claim: its document and the character span of its statement."""
    return "claim/" + _digest(f"{doc_id}|{start}|{end}", 16)


def document_key(doc_id: str) -> str:
    """A document: the first 20 hex digits of its ``doc_id`` (the SHA-256 of its text)."""
    return f"document/{doc_id[:20]}"


def extractor_key(name: str) -> str:
    """A versioned rule set (``extractor/kgbuild.events.v1``)."""
    return f"extractor/{name}"


def evidence_key(
    subject: str, statement: object, doc_id: str, start: int, end: int, extractor: str
) -> str:
    """One piece of evidence: what it supports, where it was read and by which rule set.

    ``subject`` is the IRI it supports; ``statement`` is whatever the graph hashes for a relation's
    (predicate, object), formatted with ``str()`` (``None`` when the evidence is not for a relation):
    the graph passes its pair of rdflib terms, whose text is part of every evidence key minted so far.
    """
    return "evidence/" + _digest(f"{subject}|{statement}|{doc_id}|{start}|{end}|{extractor}", 20)
