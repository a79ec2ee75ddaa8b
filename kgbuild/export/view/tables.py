"""Export stage (HTML view): the page's shared tables of documents, claims, sentences and evidence.

Facts point into these tables by number, so a sentence is written once however many facts it
supports (see ``kgbuild.export.view.model`` for the layout of each row).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kgbuild.export.view.times import event_time, time_display
from kgbuild.graph.index import TripleIndex, compact_iri, entity_classes, event_classes, label_of
from kgbuild.ontology import KG, PROV, RDFS, SCHEMA

__all__ = ["P", "PageTables"]


class P:
    """The IRIs the view reads, as plain strings: rdflib's namespace lookups cost more than the
    dictionary reads they feed."""

    casualties = str(KG.casualties)
    category = str(KG.category)
    charStart = str(KG.charStart)
    claimedBy = str(KG.claimedBy)
    count = str(KG["count"])
    evidence = str(KG.evidence)
    figureText = str(KG.figureText)
    fromClaim = str(KG.fromClaim)
    hedged = str(KG.hedged)
    maxCount = str(KG.maxCount)
    mentionText = str(KG.mentionText)
    minCount = str(KG.minCount)
    negated = str(KG.negated)
    qualifier = str(KG.qualifier)
    sentence = str(KG.sentence)
    sourceDescription = str(KG.sourceDescription)
    sourceFile = str(KG.sourceFile)
    statement = str(KG.statement)
    victimSide = str(KG.victimSide)
    wasDerivedFrom = str(PROV.wasDerivedFrom)
    label = str(RDFS.label)
    datePublished = str(SCHEMA.datePublished)
    headline = str(SCHEMA.headline)
    publisher = str(SCHEMA.publisher)
    url = str(SCHEMA.url)


def _flag(value: str | None) -> bool:
    return (value or "").lower() == "true"


class PageTables:
    """The entities and events of a graph with their classes, and the shared tables the page's
    records point into, filled as the records ask for rows."""

    def __init__(self, index: TripleIndex) -> None:
        self.index = index
        self.entities = entity_classes(index)
        self.events = event_classes(index, self.entities)
        self.docs: list[dict[str, str]] = []
        self.doc_ids: dict[str, int] = {}
        self.claims: list[dict[str, Any]] = []
        self.claim_ids: dict[str, int] = {}
        # One row per evidence node: [document index or -1, sentence index, mention text] and,
        # when it was read inside claims, their indices.
        self.evidence: list[list[Any]] = []
        self.evidence_ids: dict[str, int] = {}
        self.evidence_keys: list[tuple[Any, ...]] = []
        self.sentences: dict[str, int] = {}
        for doc in sorted(index.typed(["Document"]), key=lambda d: (self._doc_sort(d), str(d))):
            self._doc(doc)

    # ---- names

    def name_of(self, term: str) -> str:
        """What the page calls a node: an event's name, an entity's label."""
        if term in self.events:
            return self.event_name(term)
        return label_of(self.index, term)

    def event_name(self, event: str) -> str:
        """An event's label, else its class and time (``Attack (2024-07-27)``)."""
        label = self.index.first(event, P.label)
        if label:
            return label
        when = time_display(event_time(self.index, event))
        return f"{self.events[event]} ({when})" if when else self.events[event]

    def who(self, term: str | None) -> dict[str, str] | None:
        """Who gave a figure or a claim, or whose losses it counts: a name, and the node's id when
        the graph draws it."""
        if term is None:
            return None
        who = {"name": self.name_of(term)}
        if term in self.entities or term in self.events:
            who["id"] = str(term)
        return who

    # ---- tables

    def _doc_sort(self, doc: str) -> tuple[str, str]:
        return (self.index.first(doc, P.datePublished) or "", self.index.first(doc, P.sourceFile) or "")

    def _doc(self, doc: str) -> int:
        if doc not in self.doc_ids:
            first = self.index.first
            record = {
                "file": first(doc, P.sourceFile) or compact_iri(str(doc)),
                "title": first(doc, P.headline) or "",
                "outlet": first(doc, P.publisher) or "",
                "date": first(doc, P.datePublished) or "",
                "url": first(doc, P.url) or "",
            }
            self.doc_ids[doc] = len(self.docs)
            self.docs.append({k: v for k, v in record.items() if v})
        return self.doc_ids[doc]

    def _claim(self, claim: str) -> int:
        if claim not in self.claim_ids:
            index = self.index
            by = index.objects(claim, P.claimedBy)
            record: dict[str, Any] = {
                "by": self.who(by[0]) if by else None,  # type: ignore[arg-type]
                "source": index.first(claim, P.sourceDescription) or "",
                "statement": index.first(claim, P.statement) or "",
                "hedged": _flag(index.first(claim, P.hedged)),
                "negated": _flag(index.first(claim, P.negated)),
            }
            self.claim_ids[claim] = len(self.claims)
            self.claims.append({k: v for k, v in record.items() if v})
        return self.claim_ids[claim]

    def _sentence(self, text: str) -> int:
        if text not in self.sentences:
            self.sentences[text] = len(self.sentences)
        return self.sentences[text]

    def evidence_of(self, nodes: Iterable[Any]) -> list[int]:
        """Table indices of evidence nodes, in document and text order."""
        ids = {self._evidence(node) for node in sorted(set(nodes), key=str)}
        return sorted(ids, key=lambda i: self.evidence_keys[i])

    def _evidence(self, node: str) -> int:
        if node not in self.evidence_ids:
            index = self.index
            docs = index.objects(node, P.wasDerivedFrom)
            doc = self._doc(docs[0]) if docs else -1  # type: ignore[arg-type]
            start = index.first(node, P.charStart)
            claims = sorted({self._claim(c) for c in index.objects(node, P.fromClaim)})  # type: ignore[arg-type]
            sentence = index.first(node, P.sentence) or ""
            record: list[Any] = [doc, self._sentence(sentence), index.first(node, P.mentionText) or ""]
            if claims:
                record.append(claims)
            self.evidence_ids[node] = len(self.evidence)
            self.evidence.append(record)
            doc_key = self._doc_sort(docs[0]) if docs else ("", "")  # type: ignore[arg-type]
            offset = int(start) if start and start.lstrip("-").isdigit() else 0
            self.evidence_keys.append((doc_key, doc, offset, sentence, str(node)))
        return self.evidence_ids[node]

    def docs_of(self, evidence: Iterable[int]) -> list[int]:
        """The documents (table indices) that evidence rows come from."""
        return sorted({self.evidence[i][0] for i in evidence if self.evidence[i][0] >= 0})

    def claims_only(self, evidence: list[int]) -> bool:
        """True when there is evidence and every piece of it was read inside a claim."""
        return bool(evidence) and all(len(self.evidence[i]) > 3 for i in evidence)

    def sentence_table(self) -> list[str]:
        return list(self.sentences)
