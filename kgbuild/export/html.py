"""Export stage: an offline, interactive HTML view of a graph (vis-network, as pyvis ships it).

The page is one self-contained file. The vis-network script and stylesheet that pyvis ships in its
package are inlined (pyvis's own templates link Bootstrap and other assets from CDNs even with
``cdn_resources="in_line"``, so they are not used, and neither is pyvis's per-node ``add_node``,
which grows badly past a few thousand nodes). The nodes, edges and everything the side panel shows
are written as one JSON document into a ``<script type="application/json">`` element, with ``<``,
``>`` and ``&`` escaped; the page builds every piece of article text into the DOM with
``textContent``, never as markup, and the only links it makes are Wikidata pages of validated
Q-ids.

What the page offers:

* entities coloured and shaped by class (with a legend whose checkboxes filter by class), events
  as nodes of their own joining actors and place, sized by degree centrality in the entity–event
  graph (networkx), edges labelled with the relation or the event role;
* a side panel for the clicked node or edge: names, class, Wikidata link, evidence sentences with
  their document, outlet and date; for an event its time, place, participants with roles and its
  casualty figures side by side with who gave each; for an edge its evidence and who claimed it;
* search over every name and alias (case-, accent- and punctuation-insensitive), filters by
  document and by date range, and a switch for facts that only claims support.

Large graphs (more than ``LARGE_GRAPH_NODES`` nodes) are laid out in Python beforehand
(``kgbuild.export.layout``) and drawn with physics off; smaller ones start from that layout and
settle with a bounded number of physics iterations. The same graph always gives the same bytes.

The page exposes the vis ``Network`` as ``window.network`` and its own API as ``window.kgbuild``;
it sets ``window.kgbuildDrawn = true`` after the first frame drawn with every node at its final
place and ``window.kgbuildStabilized = true`` once the layout has settled (at the same moment for
large graphs).
"""

from __future__ import annotations

import difflib
import html
import json
import math
import re
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kgbuild.errors import OutputError, UsageError
from kgbuild.files import write_atomic
from kgbuild.ontology import (
    ENTITY_CLASSES,
    EVENT_CLASSES,
    ID_IRI,
    KG,
    KG_IRI,
    OWL,
    PREFIXES,
    GEO,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SEM,
    SKOS,
)
from kgbuild.text import fold

__all__ = [
    "write_html",
    "render_html",
    "focus_graph",
    "event_graph",
    "find_entity",
    "find_event",
    "CLASS_STYLES",
    "EVENT_STYLE",
    "NodeStyle",
    "LARGE_GRAPH_NODES",
]


@dataclass(frozen=True, slots=True)
class NodeStyle:
    """How one kind of node is drawn: a ``#RRGGBB`` fill and a vis-network shape name."""

    colour: str
    shape: str


# Paul Tol's "muted" qualitative scheme: distinguishable under the common colour-vision
# deficiencies. Shapes repeat the distinction for readers who cannot rely on colour at all.
# The order is also the order of preference when an entity carries several classes: the most
# specific class wins (Country before Place, everything before Actor).
CLASS_STYLES: dict[str, NodeStyle] = {
    "Person": NodeStyle("#CC6677", "dot"),
    "ArmedGroup": NodeStyle("#882255", "triangle"),
    "StateForce": NodeStyle("#332288", "square"),
    "Government": NodeStyle("#88CCEE", "star"),
    "Organization": NodeStyle("#DDCC77", "hexagon"),
    "EthnicGroup": NodeStyle("#AA4499", "triangleDown"),
    "Country": NodeStyle("#44AA99", "square"),
    "Place": NodeStyle("#117733", "dot"),
    "Actor": NodeStyle("#999933", "dot"),
}
"""Colour and vis-network shape of each entity class."""

EVENT_STYLE = NodeStyle("#666666", "diamond")
"""Colour and shape of event nodes (every class in ``EVENT_CLASSES``)."""

LARGE_GRAPH_NODES = 300
"""Above this many nodes the layout is computed in Python and the browser's physics stays off."""

# kg: relations that read the same both ways (owl:SymmetricProperty) are drawn once, without an arrow.
_SYMMETRIC = frozenset({"allyOf", "enemyOf", "near", "formerAllyOf"})

# kg: properties between entities that are not relations to draw.
_NOT_RELATIONS = frozenset({"evidence", "claimedBy", "victimSide", "about"})

# Event roles drawn as edges, most specific first: a sem:hasActor edge is left out where
# kg:attacker or kg:target already links the same event and actor.
_EVENT_ROLES: tuple[tuple[str, str], ...] = (
    (str(KG.attacker), "attacker"),
    (str(KG.target), "target"),
    (str(SEM.hasActor), "participant"),
    (str(SEM.hasPlace), "place"),
)
# Triples pointing from a kept node to an entity left out of a focused view: kept, with the
# entity's name, where the panel names the entity (who gave a figure, whose losses).
_ATTRIBUTION = frozenset({str(KG.claimedBy), str(KG.victimSide)})

_MIN_SIZE = 10.0
_MAX_SIZE = 40.0
_RELATION_EDGE_COLOUR = "#444444"
_EVENT_EDGE_COLOUR = "#9A9A9A"
_CLAIM_EDGE_COLOUR = "#D08A1E"
_LAYOUT_SEED = 7
_BETWEENNESS_NODES = LARGE_GRAPH_NODES
_PHYSICS_ITERATIONS = 200
_QID = re.compile(r"Q[1-9][0-9]{0,11}")
_WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"


def write_html(
    graph: Graph, path: Path, *, title: str = "kgbuild graph", selected: str | None = None
) -> int:
    """Write the interactive view of ``graph`` to ``path``; return the number of nodes drawn.

    Nodes are the entities and events of the graph; ``selected`` (an entity or event IRI) is shown
    in the side panel when the page opens. The file is replaced atomically.
    """
    page, count = _render(graph, title=title, selected=selected)
    write_atomic(Path(path), page)
    return count


def render_html(graph: Graph, *, title: str = "kgbuild graph", selected: str | None = None) -> str:
    """Return the self-contained HTML page for ``graph`` (deterministic: same graph, same text)."""
    return _render(graph, title=title, selected=selected)[0]


# --------------------------------------------------------------------------- reading the graph


class _Prop:
    """The IRIs the view reads, as plain strings: rdflib's namespace lookups cost more than the
    dictionary reads they feed."""

    lat = str(GEO.lat)
    long = str(GEO.long)
    casualties = str(KG.casualties)
    category = str(KG.category)
    charStart = str(KG.charStart)
    claimedBy = str(KG.claimedBy)
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
    sameAs = str(OWL.sameAs)
    wasDerivedFrom = str(PROV.wasDerivedFrom)
    label = str(RDFS.label)
    datePublished = str(SCHEMA.datePublished)
    headline = str(SCHEMA.headline)
    publisher = str(SCHEMA.publisher)
    url = str(SCHEMA.url)
    altLabel = str(SKOS.altLabel)
    count = str(KG["count"])


class _Lit:
    """A literal as the index holds it: its text, datatype IRI and language tag."""

    __slots__ = ("value", "datatype", "language")

    def __init__(self, value: str, datatype: str | None, language: str | None) -> None:
        self.value, self.datatype, self.language = value, datatype, language

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"_Lit({self.value!r}, {self.datatype!r}, {self.language!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Lit) and (self.value, self.datatype, self.language) == (
            other.value, other.datatype, other.language)

    def __hash__(self) -> int:
        return hash((_Lit, self.value, self.datatype, self.language))


# The index holds IRIs as plain strings, blank nodes as "_:" + id, literals as _Lit.
Term = Union[str, _Lit]
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _key(term: Node) -> Term:
    """The index form of an rdflib term."""
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype else None
        return _Lit(str(term), None if datatype == _XSD_STRING else datatype, term.language)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _term(key: Term) -> Node:
    """The rdflib term of an index key (IRIs and blank nodes; literals are never asked for)."""
    if isinstance(key, _Lit):
        return Literal(key.value, lang=key.language, datatype=key.datatype)
    return BNode(key[2:]) if key.startswith("_:") else URIRef(key)


def _sort_key(term: Term) -> tuple[int, str, str]:
    if isinstance(term, _Lit):
        return (1, term.value, term.datatype or term.language or "")
    return (0, term, "")


def _oxigraph_quads(graph: Graph) -> Iterable[Any] | None:
    """The quads of ``graph`` straight from its Oxigraph store, or None for another store.

    Going through rdflib would build three rdflib terms per triple (validating every IRI), which
    takes seconds for the few hundred thousand triples of a large graph."""
    try:
        import pyoxigraph
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
    except ImportError:  # pragma: no cover - pyoxigraph is a declared dependency
        return None
    store = getattr(graph.store, "_inner", None) or getattr(graph.store, "_store", None)
    if not isinstance(store, pyoxigraph.Store) or type(graph) is not Graph:
        return None
    identifier = graph.identifier
    if identifier == DATASET_DEFAULT_GRAPH_ID:
        name: Any = pyoxigraph.DefaultGraph()
    elif isinstance(identifier, BNode):
        name = pyoxigraph.BlankNode(str(identifier))
    elif isinstance(identifier, URIRef):
        name = pyoxigraph.NamedNode(str(identifier))
    else:
        return None
    return store.quads_for_pattern(None, None, None, name)


def _ox_key(term: Any) -> Term:
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return term.value
    if isinstance(term, pyoxigraph.Literal):
        datatype = term.datatype.value if term.datatype is not None else None
        language = term.language
        return _Lit(term.value, None if datatype == _XSD_STRING or language else datatype, language)
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    return str(term)


class _Index:
    """Every triple of a graph, read in one pass, by subject and predicate. One store call per
    lookup would dominate the time on large graphs; dictionary reads do not."""

    def __init__(self, graph: Graph) -> None:
        out: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        quads = _oxigraph_quads(graph)
        if quads is not None:
            import pyoxigraph

            named = pyoxigraph.NamedNode
            for quad in quads:
                s, p, o = quad.subject, quad.predicate, quad.object
                out[s.value if isinstance(s, named) else _ox_key(s)][p.value].append(
                    o.value if isinstance(o, named) else _ox_key(o))
        else:
            for s, p, o in graph:
                out[_key(s)][str(p)].append(_key(o))  # type: ignore[index]
        for props in out.values():
            for values in props.values():
                if len(values) > 1:
                    values.sort(key=_sort_key)
        self.out = out
        self._reified: dict[tuple[Term, str, Term], list[str]] | None = None

    def objects(self, subject: Term, predicate: str) -> list[Term]:
        props = self.out.get(subject)  # type: ignore[call-overload]
        return props.get(str(predicate), []) if props else []

    def texts(self, subject: Term, predicate: str) -> list[str]:
        return sorted({str(value) for value in self.objects(subject, predicate)})

    def first(self, subject: Term, predicate: str) -> str | None:
        values = self.objects(subject, predicate)
        return str(values[0]) if values else None

    def typed(self, names: Iterable[str]) -> dict[str, set[str]]:
        """Subjects typed with any of the kg: classes ``names``, with the names they carry."""
        wanted = {str(KG[name]): name for name in names}
        rdf_type = str(RDF.type)
        found: dict[str, set[str]] = {}
        for subject, props in self.out.items():
            types = props.get(rdf_type)
            if types:
                names_here = {wanted[t] for t in types if isinstance(t, str) and t in wanted}
                if names_here:
                    found[subject] = names_here
        return found

    def reified(self) -> dict[tuple[Term, str, Term], list[str]]:
        """Evidence nodes of relation triples, by the (subject, predicate, object) they support."""
        if self._reified is None:
            rdf_subject, rdf_predicate, rdf_object = str(RDF.subject), str(RDF.predicate), str(RDF.object)
            found: dict[tuple[Term, str, Term], list[str]] = defaultdict(list)
            for node, props in self.out.items():
                predicates = props.get(rdf_predicate)
                if not predicates:
                    continue
                for s in props.get(rdf_subject, []):
                    for p in predicates:
                        for o in props.get(rdf_object, []):
                            found[(s, str(p), o)].append(node)
            for supports in found.values():
                supports.sort()
            self._reified = found
        return self._reified


def _local_name(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri.rstrip(sep):
            return iri.rstrip(sep).rsplit(sep, 1)[1]
    return iri


def _compact(iri: str) -> str:
    """Write ``iri`` with the longest matching kgbuild prefix (``wd:Q90``), else unchanged."""
    matches = [(len(base), prefix) for prefix, base in PREFIXES.items() if iri.startswith(base)]
    if not matches:
        return iri
    _, prefix = max(matches)
    return f"{prefix}:{iri[len(PREFIXES[prefix]):]}"


def _entity_terms(index: _Index) -> dict[Term, str]:
    """Every entity with its most specific class."""
    entities: dict[Term, str] = {}
    for subject, names in index.typed(ENTITY_CLASSES).items():
        entities[subject] = next((c for c in CLASS_STYLES if c in names), "Actor")
    return entities


def _event_terms(index: _Index, entities: dict[Term, str]) -> dict[Term, str]:
    """Every event (that is not also an entity) with its most specific class."""
    events: dict[Term, str] = {}
    for subject, names in index.typed(EVENT_CLASSES).items():
        if subject not in entities:
            # Prefer a specific class (Attack) over the generic kg:Event.
            events[subject] = (sorted(names - {"Event"}) or ["Event"])[0]
    return events


def _entity_label(index: _Index, term: Term) -> str:
    return index.first(term, _Prop.label) or _local_name(str(term))


_TIME_PROPERTIES = (
    ("at", str(SEM.hasTimeStamp)),
    ("begin", str(SEM.hasBeginTimeStamp)),
    ("end", str(SEM.hasEndTimeStamp)),
    ("text", str(KG.timeText)),
    ("precision", str(KG.timePrecision)),
)


def _event_time(index: _Index, event: Term) -> dict[str, str]:
    time: dict[str, str] = {}
    for key, prop in _TIME_PROPERTIES:
        value = index.first(event, prop)
        if value:
            time[key] = value
    return time


def _time_display(time: dict[str, str]) -> str:
    if "at" in time:
        return time["at"]
    if "begin" in time or "end" in time:
        return f"{time.get('begin', '?')} – {time.get('end', '?')}"
    return ""


_YEAR = re.compile(r"^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _day_bound(value: str | None, *, upper: bool) -> str | None:
    """The first (or last) day of an ``xsd:date``, ``gYearMonth`` or ``gYear`` value."""
    if not value:
        return None
    match = _YEAR.match(value)
    if not match:
        return None
    year, month, day = match.groups()
    if day:
        return f"{year}-{month}-{day}"
    if month:
        if not upper:
            return f"{year}-{month}-01"
        m = int(month)
        leap = int(year) % 4 == 0 and (int(year) % 100 != 0 or int(year) % 400 == 0)
        last = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] if 1 <= m <= 12 else 31
        return f"{year}-{month}-{last:02d}"
    return f"{year}-12-31" if upper else f"{year}-01-01"


def _date_range(time: dict[str, str]) -> list[str] | None:
    start = _day_bound(time.get("at") or time.get("begin") or time.get("end"), upper=False)
    stop = _day_bound(time.get("at") or time.get("end") or time.get("begin"), upper=True)
    if start is None or stop is None:
        return None
    return [start, stop]


def _event_label(label: str | None, cls: str, when: str) -> str:
    """Two lines for the canvas: ``Battle at Tinzaouaten`` over ``2024-07-25 – 2024-07-27``."""
    if label:
        match = re.match(r"^(.*\S)\s+\((.+)\)$", label)
        return f"{match.group(1)}\n{match.group(2)}" if match else label
    return "\n".join(part for part in (cls, when) if part)


# --------------------------------------------------------------------------- graph → page data


class _PageData:
    """Builds the JSON document of the page: nodes, edges and what the side panel shows, with
    documents, claims, sentences and evidence in shared tables (a sentence is written once
    however many facts it supports)."""

    def __init__(self, index: _Index) -> None:
        self.index = index
        self.entities = _entity_terms(index)
        self.events = _event_terms(index, self.entities)
        self.docs: list[dict[str, str]] = []
        self.doc_ids: dict[Term, int] = {}
        self.claims: list[dict[str, Any]] = []
        self.claim_ids: dict[Term, int] = {}
        # One record per evidence node: [document index or -1, sentence index, mention text]
        # and, when it was read inside claims, their indices.
        self.evidence: list[list[Any]] = []
        self.evidence_ids: dict[Term, int] = {}
        self.evidence_keys: list[tuple[Any, ...]] = []
        self.sentences: dict[str, int] = {}
        for doc in sorted(index.typed(["Document"]), key=lambda d: (self._doc_sort(d), str(d))):
            self._doc(doc)

    # ---- shared tables

    def _doc_sort(self, doc: Term) -> tuple[str, str]:
        return (self.index.first(doc, _Prop.datePublished) or "", self.index.first(doc, _Prop.sourceFile) or "")

    def _doc(self, doc: Term) -> int:
        if doc not in self.doc_ids:
            first = self.index.first
            record = {
                "file": first(doc, _Prop.sourceFile) or _compact(str(doc)),
                "title": first(doc, _Prop.headline) or "",
                "outlet": first(doc, _Prop.publisher) or "",
                "date": first(doc, _Prop.datePublished) or "",
                "url": first(doc, _Prop.url) or "",
            }
            self.doc_ids[doc] = len(self.docs)
            self.docs.append({k: v for k, v in record.items() if v})
        return self.doc_ids[doc]

    def name_of(self, term: Term) -> str:
        if term in self.events:
            return self.event_name(term)
        return _entity_label(self.index, term)

    def event_name(self, event: Term) -> str:
        label = self.index.first(event, _Prop.label)
        if label:
            return label
        when = _time_display(_event_time(self.index, event))
        return f"{self.events[event]} ({when})" if when else self.events[event]

    def who(self, term: Term | None) -> dict[str, str] | None:
        if term is None:
            return None
        who = {"name": self.name_of(term)}
        if term in self.entities or term in self.events:
            who["id"] = str(term)
        return who

    def _claim(self, claim: Term) -> int:
        if claim not in self.claim_ids:
            index = self.index
            by = index.objects(claim, _Prop.claimedBy)
            record: dict[str, Any] = {
                "by": self.who(by[0]) if by else None,
                "source": index.first(claim, _Prop.sourceDescription) or "",
                "statement": index.first(claim, _Prop.statement) or "",
                "hedged": (index.first(claim, _Prop.hedged) or "").lower() == "true",
                "negated": (index.first(claim, _Prop.negated) or "").lower() == "true",
            }
            self.claim_ids[claim] = len(self.claims)
            self.claims.append({k: v for k, v in record.items() if v})
        return self.claim_ids[claim]

    def _sentence(self, text: str) -> int:
        if text not in self.sentences:
            self.sentences[text] = len(self.sentences)
        return self.sentences[text]

    def evidence_of(self, nodes: Iterable[Term]) -> list[int]:
        """Table indices of evidence nodes, in document and text order."""
        ids = {self._evidence(node) for node in sorted(set(nodes), key=str)}
        return sorted(ids, key=lambda i: self.evidence_keys[i])

    def _evidence(self, node: Term) -> int:
        if node not in self.evidence_ids:
            index = self.index
            docs = index.objects(node, _Prop.wasDerivedFrom)
            doc = self._doc(docs[0]) if docs else -1
            start = index.first(node, _Prop.charStart)
            claims = sorted({self._claim(c) for c in index.objects(node, _Prop.fromClaim)})
            sentence = index.first(node, _Prop.sentence) or ""
            record: list[Any] = [doc, self._sentence(sentence), index.first(node, _Prop.mentionText) or ""]
            if claims:
                record.append(claims)
            self.evidence_ids[node] = len(self.evidence)
            self.evidence.append(record)
            doc_key = self._doc_sort(docs[0]) if docs else ("", "")
            offset = int(start) if start and start.lstrip("-").isdigit() else 0
            self.evidence_keys.append((doc_key, doc, offset, sentence, str(node)))
        return self.evidence_ids[node]

    def docs_of(self, evidence: Iterable[int]) -> list[int]:
        return sorted({self.evidence[i][0] for i in evidence if self.evidence[i][0] >= 0})

    def claims_only(self, evidence: list[int]) -> bool:
        """True when there is evidence and every piece of it was read inside a claim."""
        return bool(evidence) and all(len(self.evidence[i]) > 3 for i in evidence)

    def sentence_table(self) -> list[str]:
        return list(self.sentences)


@dataclass(frozen=True, slots=True)
class _Model:
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    info: dict[str, dict[str, Any]]
    counts: dict[str, int]
    data: _PageData


def _build_model(graph: Graph) -> _Model:
    index = _Index(graph)
    page = _PageData(index)
    entities, events = page.entities, page.events

    entity_order = sorted(entities, key=lambda e: (_entity_label(index, e).casefold(), _entity_label(index, e), str(e)))
    event_times = {e: _event_time(index, e) for e in events}
    event_order = sorted(
        events, key=lambda e: (_date_range(event_times[e]) or ["9999"], page.event_name(e).casefold(), str(e))
    )
    order = entity_order + event_order
    info: dict[str, dict[str, Any]] = {str(e): _entity_record(page, e) for e in entity_order}
    edges: list[dict[str, Any]] = []
    _add_relation_edges(page, entity_order, {term: i for i, term in enumerate(order)}, info, edges)
    for event in event_order:
        info[str(event)] = _event_record(page, event, event_times[event])
        _add_role_edges(page, event, info, edges)

    nodes = _vis_nodes(order, events, info, index, edges)
    counts: dict[str, int] = defaultdict(int)
    for entity in entity_order:
        counts[entities[entity]] += 1
    counts["Event"] = len(events)
    return _Model(nodes=nodes, edges=edges, info=info, counts=dict(counts), data=page)


def _entity_record(page: _PageData, entity: Term) -> dict[str, Any]:
    """What the panel shows of an entity: names, class, identifiers, place, mentions."""
    index = page.index
    label = _entity_label(index, entity)
    evidence = page.evidence_of(index.objects(entity, _Prop.evidence))
    qids: set[str] = set()
    other: set[str] = set()
    for same in index.objects(entity, _Prop.sameAs):
        iri = str(same)
        local = iri[len(_WIKIDATA_ENTITY):]
        # Only a well-formed Q-id ever becomes a link; anything else is shown as text.
        if iri.startswith(_WIKIDATA_ENTITY) and _QID.fullmatch(local):
            qids.add(local)
        else:
            other.add(_compact(iri))
    record: dict[str, Any] = {
        "t": "entity",
        "cls": page.entities[entity],
        "name": label,
        "alt": [a for a in index.texts(entity, _Prop.altLabel) if a != label],
        "ev": evidence,
        "docs": page.docs_of(evidence),
    }
    if qids:
        record["wd"] = sorted(qids)
    if other:
        record["same"] = sorted(other)
    lat, long = index.first(entity, _Prop.lat), index.first(entity, _Prop.long)
    if lat and long:
        record["geo"] = [lat, long]
    return record


def _add_relation_edges(
    page: _PageData,
    entity_order: list[Term],
    number: dict[Term, int],
    info: dict[str, dict[str, Any]],
    edges: list[dict[str, Any]],
) -> None:
    """One edge per related pair and direction: parallel relations share it (``leaderOf,
    memberOf``), a symmetric one is drawn once without an arrow."""
    index, entities = page.index, page.entities
    grouped: dict[tuple[Term, Term, bool], set[str]] = defaultdict(set)
    for entity in entity_order:
        for predicate, objects in index.out[entity].items():  # type: ignore[index]
            if not predicate.startswith(KG_IRI) or predicate[len(KG_IRI):] in _NOT_RELATIONS:
                continue
            name = predicate[len(KG_IRI):]
            for obj in objects:
                if obj not in entities or obj == entity:
                    continue
                if name in _SYMMETRIC:
                    a, b = sorted((entity, obj), key=lambda t: number[t])
                    grouped[(a, b, False)].add(name)
                else:
                    grouped[(entity, obj, True)].add(name)

    reified = index.reified()
    for (source, target, directed), names in sorted(
        grouped.items(), key=lambda kv: (number[kv[0][0]], number[kv[0][1]], kv[0][2])
    ):
        supports: list[Term] = []
        for name in sorted(names):
            supports += reified.get((source, str(KG[name]), target), [])
            if not directed:
                supports += reified.get((target, str(KG[name]), source), [])
        evidence = page.evidence_of(supports)
        claims_only = page.claims_only(evidence)
        label = ", ".join(sorted(names))
        edge_id = f"r{len(edges) + 1}"
        arrow = "→" if directed else "↔"
        edge: dict[str, Any] = {
            "id": edge_id,
            "from": str(source),
            "to": str(target),
            "label": label,
            "title": f"{info[str(source)]['name']} {arrow} {label} {arrow} {info[str(target)]['name']}",
        }
        if directed:
            edge["arrows"] = "to"
        if claims_only:
            edge["color"] = {"color": _CLAIM_EDGE_COLOUR, "highlight": "#000000", "hover": "#000000"}
            edge["dashes"] = [4, 4]
        edges.append(edge)
        info[edge_id] = {
            "t": "relation",
            "preds": [f"kg:{n}" for n in sorted(names)],
            "dir": directed,
            "ev": evidence,
            "docs": page.docs_of(evidence),
            "co": claims_only,
        }


def _event_record(page: _PageData, event: Term, time: dict[str, str]) -> dict[str, Any]:
    """What the panel shows of an event: class, time, place, participants with their roles, every
    casualty figure with who gave it, evidence."""
    index, entities = page.index, page.entities
    evidence = page.evidence_of(index.objects(event, _Prop.evidence))
    figures = []
    figure_docs: set[int] = set()
    for figure in index.objects(event, _Prop.casualties):
        fig_evidence = page.evidence_of(index.objects(figure, _Prop.evidence))
        figure_docs.update(page.docs_of(fig_evidence))
        victims = index.objects(figure, _Prop.victimSide)
        by = index.objects(figure, _Prop.claimedBy)
        record = {
            "text": index.first(figure, _Prop.figureText) or "",
            "category": index.first(figure, _Prop.category) or "",
            "qualifier": index.first(figure, _Prop.qualifier) or "",
            "count": index.first(figure, _Prop.count) or "",
            "min": index.first(figure, _Prop.minCount) or "",
            "max": index.first(figure, _Prop.maxCount) or "",
            "victims": page.who(victims[0]) if victims else None,
            "by": page.who(by[0]) if by else None,
            "source": index.first(figure, _Prop.sourceDescription) or "",
            "ev": fig_evidence,
        }
        figures.append({k: v for k, v in record.items() if v})
    # In the order the text gives them.
    figures.sort(key=lambda f: (page.evidence_keys[f["ev"][0]] if f.get("ev") else ((), 0, 0, "", ""),
                                f.get("text", ""), f.get("category", "")))
    roles: list[list[str]] = []
    places: list[str] = []
    seen: set[Term] = set()
    for predicate, role in _EVENT_ROLES:
        for obj in index.objects(event, predicate):
            if obj not in entities or (role == "participant" and obj in seen):
                continue
            if role == "place":
                places.append(str(obj))
            seen.add(obj)
            roles.append([role, str(obj)])
    return {
        "t": "event",
        "cls": page.events[event],
        "name": page.event_name(event),
        "time": time,
        "range": _date_range(time),
        "roles": roles,
        "places": places,
        "figures": figures,
        "ev": evidence,
        "docs": sorted(set(page.docs_of(evidence)) | figure_docs),
        "co": page.claims_only(evidence),
    }


def _add_role_edges(page: _PageData, event: Term, info: dict[str, dict[str, Any]], edges: list[dict[str, Any]]) -> None:
    """An edge from the event to each participant and its place, labelled with the role."""
    index = page.index
    record = info[str(event)]
    drawn: set[Term] = set()
    for predicate, role in _EVENT_ROLES:
        for obj in index.objects(event, predicate):
            if obj not in page.entities or obj in drawn:
                continue
            drawn.add(obj)
            # The event's sentences that also name this participant support the edge.
            named_in = {(page.evidence[i][0], page.evidence[i][1]) for i in info[str(obj)]["ev"]}
            own = [i for i in record["ev"] if (page.evidence[i][0], page.evidence[i][1]) in named_in]
            edge_id = f"v{len(edges) + 1}"
            edges.append({
                "id": edge_id,
                "from": str(event),
                "to": str(obj),
                "label": role,
                "title": f"{record['name']} → {role} → {info[str(obj)]['name']}",
                "arrows": "to",
                "dashes": True,
                "color": {"color": _CLAIM_EDGE_COLOUR if record["co"] else _EVENT_EDGE_COLOUR,
                          "highlight": "#000000", "hover": "#000000"},
                "width": 1,
            })
            info[edge_id] = {
                "t": "role",
                "preds": [_compact(predicate)],
                "ev": own or record["ev"],
                "evAll": not own,
                "docs": record["docs"],
                "co": record["co"],
            }


def _vis_nodes(
    order: list[Term],
    events: dict[Term, str],
    info: dict[str, dict[str, Any]],
    index: _Index,
    edges: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """vis node records, sized by degree centrality and placed by the Python layout."""
    import networkx as nx

    from kgbuild.export.layout import compute_layout

    ids = [str(t) for t in order]
    position = {iri: i for i, iri in enumerate(ids)}
    pairs = sorted({tuple(sorted((position[e["from"]], position[e["to"]]))) for e in edges})
    network = nx.Graph()
    network.add_nodes_from(range(len(ids)))
    network.add_edges_from(pairs)
    degree = dict(network.degree())
    # Betweenness (who bridges otherwise distant parts) is shown in the panel; it costs a
    # breadth-first search per node, so large graphs go without it.
    betweenness = (nx.betweenness_centrality(network) if 2 < len(ids) <= _BETWEENNESS_NODES else {})
    top = max(degree.values(), default=0) or 1
    positions = compute_layout(len(ids), pairs, seed=_LAYOUT_SEED)

    nodes: list[dict[str, Any]] = []
    for i, term in enumerate(order):
        iri = ids[i]
        record = info[iri]
        record["deg"] = degree[i]
        if betweenness:
            record["btw"] = round(betweenness[i], 4)
        size = round(_MIN_SIZE + (_MAX_SIZE - _MIN_SIZE) * math.sqrt(degree[i] / top), 1)
        x, y = positions[i]
        if term in events:
            label = _event_label(index.first(term, _Prop.label), events[term], _time_display(record["time"]))
            node = {"id": iri, "label": label, "group": "Event", "title": f"{record['cls']}: {record['name']}"}
        else:
            node = {"id": iri, "label": record["name"] or " ", "group": record["cls"],
                    "title": f"{record['cls']}: {record['name']}"}
        node.update({"size": size, "x": x, "y": y})
        nodes.append(node)
    return nodes


def _render(graph: Graph, *, title: str, selected: str | None = None) -> tuple[str, int]:
    model = _build_model(graph)
    large = len(model.nodes) > LARGE_GRAPH_NODES
    data = {
        "nodes": model.nodes,
        "edges": model.edges,
        "options": _options(large),
        "info": model.info,
        "docs": model.data.docs,
        "claims": model.data.claims,
        "sentences": model.data.sentence_table(),
        "evidence": model.data.evidence,
        "styles": {name: {"colour": s.colour, "shape": s.shape} for name, s in CLASS_STYLES.items()}
        | {"Event": {"colour": EVENT_STYLE.colour, "shape": EVENT_STYLE.shape}},
        "physics": not large,
        "selected": selected if model.info.get(selected or "", {}).get("t") in ("entity", "event") else None,
    }
    entity_count = sum(n for k, n in model.counts.items() if k != "Event")
    page = _page(
        title=title,
        data=data,
        legend=_legend(model.counts),
        summary=_summary(entity_count, model.counts.get("Event", 0), len(model.edges), len(model.data.docs)),
        empty=not model.nodes,
    )
    return page, len(model.nodes)


# --------------------------------------------------------------------------- vis options


def _darker(colour: str, factor: float = 0.65) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02X}{:02X}{:02X}".format(*(round(c * factor) for c in (r, g, b)))


def _colour(fill: str) -> dict[str, Any]:
    border = _darker(fill)
    return {
        "background": fill,
        "border": border,
        "highlight": {"background": fill, "border": "#000000"},
        "hover": {"background": fill, "border": "#000000"},
    }


def _options(large: bool) -> dict[str, Any]:
    groups = {name: {"shape": s.shape, "color": _colour(s.colour)} for name, s in CLASS_STYLES.items()}
    groups["Event"] = {
        "shape": EVENT_STYLE.shape,
        "color": _colour(EVENT_STYLE.colour),
        "font": {"size": 12, "color": "#333333"},
    }
    options: dict[str, Any] = {
        "autoResize": True,
        "groups": groups,
        "nodes": {
            "borderWidth": 1.5,
            "borderWidthSelected": 3,
            "font": {"size": 14, "face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "widthConstraint": {"maximum": 190},
        },
        "edges": {
            "color": {"color": _RELATION_EDGE_COLOUR, "highlight": "#000000", "hover": "#000000"},
            "width": 1.5,
            "selectionWidth": 2,
            "arrows": {"to": {"enabled": False, "scaleFactor": 0.55}},
            "font": {"size": 11, "align": "middle", "strokeWidth": 3, "strokeColor": "#ffffff",
                     "color": "#333333"},
            "smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.4},
        },
        "interaction": {
            "hover": not large,
            "tooltipDelay": 250,
            "navigationButtons": False,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
        },
        # Positions come from Python: vis-network's "improved" initial layout (Kamada-Kawai on
        # clusters) would only be slow.
        "layout": {"randomSeed": _LAYOUT_SEED, "improvedLayout": False},
    }
    if large:
        options["physics"] = {"enabled": False}
    else:
        # forceAtlas2Based settles a few hundred nodes quickly from the Python layout;
        # avoidOverlap keeps labels apart. The iteration count bounds the wait.
        options["physics"] = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -60,
                "centralGravity": 0.015,
                "springLength": 110,
                "springConstant": 0.08,
                "damping": 0.5,
                "avoidOverlap": 0.4,
            },
            "minVelocity": 0.75,
            "stabilization": {
                "enabled": True,
                "iterations": _PHYSICS_ITERATIONS,
                "updateInterval": 50,
                "fit": True,
            },
        }
    return options


# --------------------------------------------------------------------------- focused views


def _relation_neighbours(index: _Index, entities: dict[Term, str]) -> dict[Term, set[Term]]:
    neighbours: dict[Term, set[Term]] = defaultdict(set)
    for entity in entities:
        for predicate, objects in index.out[entity].items():
            pred = str(predicate)
            if not pred.startswith(KG_IRI) or pred[len(KG_IRI):] in _NOT_RELATIONS:
                continue
            for obj in objects:
                if obj in entities and obj != entity:
                    neighbours[entity].add(obj)
                    neighbours[obj].add(entity)
    return neighbours


def _participants(index: _Index, event: Term, entities: dict[Term, str]) -> list[Term]:
    found: dict[Term, None] = {}
    for predicate, _role in _EVENT_ROLES:
        for obj in index.objects(event, predicate):
            if obj in entities:
                found.setdefault(obj, None)
    return list(found)


def _names_for_matching(index: _Index, terms: Iterable[Term]) -> list[tuple[str, str, Term, bool]]:
    """(folded name, display, term, is canonical label) for every label and alias of ``terms``."""
    names = []
    for term in terms:
        label = _entity_label(index, term)
        names.append((fold(label), label, term, True))
        for alt in index.texts(term, _Prop.altLabel):
            if alt != label:
                names.append((fold(alt), f"{alt} ({label})", term, False))
    return names


def _suggest(wanted: str, names: list[tuple[str, str, Term]]) -> list[str]:
    """Up to five names close to ``wanted`` (near spellings first, then names containing it),
    one per entity or event: ``names`` holds (folded name, display, term)."""
    by_folded: dict[str, list[tuple[str, Term]]] = defaultdict(list)
    for folded, display, term in names:
        by_folded[folded].append((display, term))
    keys = sorted(by_folded)
    close = difflib.get_close_matches(wanted, keys, n=5, cutoff=0.6)
    if wanted:
        close += [k for k in keys if wanted in k and k not in close]
    shown: list[str] = []
    terms: set[Term] = set()
    for key in close:
        for display, term in by_folded[key]:
            if term not in terms:
                terms.add(term)
                shown.append(display)
    return shown[:5]


def _matches_iri(term: Term, name: str) -> bool:
    iri = str(term)
    return name in (iri, _compact(iri)) or iri == ID_IRI + name


def _find_entity(index: _Index, entities: dict[Term, str], name: str) -> Term:
    for term in sorted(entities, key=str):
        if _matches_iri(term, name):
            return term
    wanted = fold(name)
    names = _names_for_matching(index, sorted(entities, key=str))
    for canonical in (True, False):
        found = sorted({term for folded, _d, term, is_label in names if folded == wanted and is_label == canonical},
                       key=str)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            listed = "; ".join(f"{_entity_label(index, t)} ({entities[t]}, {_compact(str(t))})" for t in found)
            raise UsageError(f"'{name}' names {len(found)} entities: {listed} (give the IRI, e.g. {_compact(str(found[0]))})")
    suggestions = _suggest(wanted, [(folded, display, term) for folded, display, term, _c in names])
    hint = (f"close matches: {', '.join(suggestions)}" if suggestions
            else "no close matches; list the names with: kgbuild query GRAPH --name entities-by-class")
    raise UsageError(f"no entity called '{name}' in the graph ({hint})")


def _find_event(index: _Index, events: dict[Term, str], name: str) -> Term:
    ordered = sorted(events, key=str)
    for term in ordered:
        if _matches_iri(term, name) or _local_name(str(term)) == name:
            return term
    display = {}
    for term in ordered:
        label = index.first(term, _Prop.label)
        if not label:
            when = _time_display(_event_time(index, term))
            label = f"{events[term]} ({when})" if when else events[term]
        display[term] = label
    wanted = fold(name)
    exact = [t for t in ordered if fold(display[t]) == wanted]
    found = exact or [t for t in ordered if wanted and wanted in fold(display[t])]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        listed = "; ".join(f"{display[t]} ({_local_name(str(t))})" for t in found[:8])
        more = f" and {len(found) - 8} more" if len(found) > 8 else ""
        raise UsageError(f"'{name}' matches {len(found)} events: {listed}{more} (give more of the label, or the key in brackets)")
    # Near spellings of the whole label, of a word of it, of the key, or of a name of the place
    # ("Tinzawaten" finds the battle at Tinzaouaten).
    candidates: list[tuple[str, str, Term]] = []
    for t in ordered:
        shown = f"{display[t]} ({_local_name(str(t))})"
        candidates.append((fold(display[t]), shown, t))
        candidates.extend((word, shown, t) for word in fold(display[t]).split() if len(word) > 3)
        candidates.append((fold(_local_name(str(t))), shown, t))
        for place in index.objects(t, str(SEM.hasPlace)):
            for place_name in index.texts(place, _Prop.label) + index.texts(place, _Prop.altLabel):
                candidates.append((fold(place_name), shown, t))
    suggestions = _suggest(wanted, candidates)
    hint = (f"close matches: {', '.join(suggestions)}" if suggestions
            else "no close matches; list the events with: kgbuild query GRAPH --name timeline")
    raise UsageError(f"no event called '{name}' in the graph ({hint})")


def find_entity(graph: Graph, name: str) -> URIRef:
    """The entity whose label or alias is ``name`` (case-, accent- and punctuation-insensitive), or
    whose IRI (full, ``kgid:``-prefixed or the key after ``kgid:``) it is. An unknown name raises a
    :class:`UsageError` listing close matches; a name of several entities lists them."""
    index = _Index(graph)
    return _term(_find_entity(index, _entity_terms(index), name))  # type: ignore[return-value]


def find_event(graph: Graph, name: str) -> URIRef:
    """The event whose label contains ``name`` (folded as for entities) or whose key it is; raises
    a :class:`UsageError` listing close matches, or the candidates when several events match."""
    index = _Index(graph)
    return _term(_find_event(index, _event_terms(index, _entity_terms(index)), name))  # type: ignore[return-value]


def focus_graph(graph: Graph, name: str, depth: int = 1) -> Graph:
    """The part of ``graph`` within ``depth`` hops of the entity ``name`` (see :func:`find_entity`).

    One hop goes through a relation (either direction) or through a shared event: the events an
    entity takes part in are kept, with their participants and place one hop further. Evidence,
    documents, claims and casualty figures of what is kept come along, so the view of the subset
    shows the same panels.
    """
    if depth < 0:
        raise UsageError(f"--depth must be 0 or more, not {depth}")
    index = _Index(graph)
    entities = _entity_terms(index)
    events = _event_terms(index, entities)
    focus = _find_entity(index, entities, name)
    neighbours = _relation_neighbours(index, entities)
    events_of: dict[Term, list[Term]] = defaultdict(list)
    for event in sorted(events, key=str):
        for participant in _participants(index, event, entities):
            events_of[participant].append(event)
    distance = {focus: 0}
    kept_events: set[Term] = set()
    frontier = [focus]
    for hop in range(1, depth + 1):
        following: list[Term] = []
        for entity in frontier:
            reached = sorted(neighbours.get(entity, ()), key=str)
            for event in events_of.get(entity, ()):
                kept_events.add(event)
                reached += _participants(index, event, entities)
            for other in reached:
                if other not in distance:
                    distance[other] = hop
                    following.append(other)
        frontier = following
    return _subgraph(graph, index, set(distance) | kept_events, set(entities) | set(events))


def event_graph(graph: Graph, name: str) -> Graph:
    """The event ``name`` (see :func:`find_event`) with its participants, place, casualty figures,
    evidence and the claims behind them."""
    index = _Index(graph)
    entities = _entity_terms(index)
    events = _event_terms(index, entities)
    event = _find_event(index, events, name)
    core = {event, *_participants(index, event, entities)}
    return _subgraph(graph, index, core, set(entities) | set(events))


def _subgraph(graph: Graph, index: _Index, core: set[Term], drawable: set[Term]) -> Graph:
    """The triples of ``core`` nodes and of what supports them (evidence, figures, documents,
    claims, extractors), without triples to entities or events outside ``core`` (except the name
    of who gave a figure or a claim, and whose losses a figure counts). Every triple is one of
    ``graph``'s own."""
    rdf_type = str(RDF.type)
    queue = deque(sorted(core, key=str))
    seen: set[Term] = set(core)
    for (s, _p, o), supports in sorted(index.reified().items(), key=lambda kv: str(kv[0])):
        if s in core and o in core:
            for node in supports:
                if node not in seen:
                    seen.add(node)
                    queue.append(node)
    named: set[Term] = set()
    kept: dict[Term, set[tuple[str, Term]]] = defaultdict(set)
    while queue:
        node = queue.popleft()
        for predicate, objects in index.out.get(node, {}).items():  # type: ignore[call-overload]
            for obj in objects:
                if isinstance(obj, _Lit) or predicate == rdf_type:
                    kept[node].add((predicate, obj))
                elif obj in drawable:
                    if obj in core:
                        kept[node].add((predicate, obj))
                    elif predicate in _ATTRIBUTION:
                        kept[node].add((predicate, obj))
                        named.add(obj)
                else:
                    # Support: evidence, figures, documents, claims, extractors, owl:sameAs ids.
                    kept[node].add((predicate, obj))
                    if obj not in seen:
                        seen.add(obj)
                        queue.append(obj)
    label = str(RDFS.label)
    for term in named - core:
        kept[term].update((label, value) for value in index.objects(term, label))
    subset = Graph(bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        subset.bind(prefix, iri)
    for node in sorted(kept, key=str):
        wanted = kept[node]
        subject = _term(node)
        for predicate, obj in graph.predicate_objects(subject):
            if (str(predicate), _key(obj)) in wanted:
                subset.add((subject, predicate, obj))
    return subset


# --------------------------------------------------------------------------- page

# The libraries pyvis ships; read at render time so the page matches the installed pyvis.
_VIS_DIR = ("lib", "vis-9.1.2")
_SOURCE_MAP = re.compile(r"(//[#@]\s*sourceMappingURL=[^\n]*|/\*[#@]\s*sourceMappingURL=[^*]*\*/)")


def _vis_assets() -> tuple[str, str]:
    import pyvis

    base = Path(pyvis.__file__).resolve().parent.joinpath(*_VIS_DIR)
    try:
        script = (base / "vis-network.min.js").read_text(encoding="utf-8")
        style = (base / "vis-network.css").read_text(encoding="utf-8")
    except OSError as exc:
        raise OutputError(
            f"cannot write the HTML view: vis-network is missing from pyvis at '{base}' "
            f"({exc.strerror or exc}) (reinstall it with: pip install --force-reinstall pyvis==0.3.2)"
        ) from exc
    # A source-map comment would make developer tools fetch a file that is not there.
    script = _SOURCE_MAP.sub("", script)
    style = _SOURCE_MAP.sub("", style)
    # The inlined text must not end its own element early.
    if "</script" in script.lower() or "</style" in style.lower():
        raise OutputError(
            f"cannot inline vis-network from '{base}': it contains a closing tag "
            "(reinstall pyvis==0.3.2)"
        )
    return script, style


def _script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element, whatever the labels contain."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _swatch(style: NodeStyle) -> str:
    """A small inline SVG of the node's shape and colour for the legend."""
    fill, stroke = style.colour, _darker(style.colour)
    shapes = {
        "dot": '<circle cx="8" cy="8" r="6"/>',
        "square": '<rect x="2" y="2" width="12" height="12"/>',
        "triangle": '<polygon points="8,1.5 14.5,14 1.5,14"/>',
        "triangleDown": '<polygon points="1.5,2 14.5,2 8,14.5"/>',
        "diamond": '<polygon points="8,1 15,8 8,15 1,8"/>',
        "hexagon": '<polygon points="8,1 14,4.5 14,11.5 8,15 2,11.5 2,4.5"/>',
        "star": '<polygon points="8,1 9.9,6 15,6 10.9,9.2 12.4,14.5 8,11.3 3.6,14.5 '
        '5.1,9.2 1,6 6.1,6"/>',
    }
    return (
        f'<svg class="swatch" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">'
        f'<g fill="{fill}" stroke="{stroke}" stroke-width="1.2">{shapes[style.shape]}</g></svg>'
    )


def _legend(counts: dict[str, int]) -> str:
    empty_row = ' class="none"'
    styles = list(CLASS_STYLES.items()) + [("Event", EVENT_STYLE)]
    return "\n".join(
        f'<li{"" if counts.get(name) else empty_row}><label>'
        f'<input type="checkbox" class="class-filter" value="{html.escape(name)}" checked>'
        f'{_swatch(style)}<span class="name">{html.escape(name)}</span>'
        f'<span class="count">{counts.get(name, 0)}</span></label></li>'
        for name, style in styles
    )


def _summary(entities: int, events: int, links: int, documents: int) -> str:
    return " · ".join(
        f"{n} {one if n == 1 else many}"
        for n, one, many in (
            (entities, "entity", "entities"),
            (events, "event", "events"),
            (links, "link", "links"),
            (documents, "document", "documents"),
        )
    )


_PAGE_CSS = """
html, body { margin: 0; padding: 0; height: 100%; }
body { display: flex; flex-direction: column; font-family: system-ui, -apple-system, "Segoe UI",
  Roboto, "Helvetica Neue", Arial, sans-serif; color: #222; background: #fafafa; font-size: 14px; }
header { padding: 0.5rem 1rem 0.55rem; border-bottom: 1px solid #ddd; background: #fff;
  display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 1.5rem; }
header .titles { flex: 0 1 auto; min-width: 14rem; }
header h1 { margin: 0; font-size: 1.3rem; font-weight: 600; }
header p { margin: 0.15rem 0 0; font-size: 0.85rem; color: #555; }
#controls { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 0.9rem; font-size: 0.85rem;
  flex: 1 1 40rem; }
#controls label { display: inline-flex; align-items: center; gap: 0.3rem; color: #333; }
#controls .dates { display: inline-flex; gap: 0.4rem; white-space: nowrap; }
#controls input[type=date], #controls select { font: inherit; padding: 0.15rem 0.25rem; max-width: 15rem; }
#controls button { font: inherit; padding: 0.2rem 0.6rem; cursor: pointer; }
.search { position: relative; }
#search { font: inherit; width: 16rem; padding: 0.3rem 0.5rem; border: 1px solid #aaa; border-radius: 4px; }
#search-results { position: absolute; z-index: 10; top: 100%; left: 0; margin: 2px 0 0; padding: 0;
  list-style: none; width: 22rem; max-height: 22rem; overflow: auto; background: #fff; border: 1px solid #bbb;
  border-radius: 4px; box-shadow: 0 3px 10px rgba(0,0,0,0.15); }
#search-results button { display: block; width: 100%; text-align: left; border: 0; background: none;
  padding: 0.35rem 0.6rem; font: inherit; cursor: pointer; }
#search-results button:hover, #search-results button.active { background: #eef3fb; }
#search-results .cls { color: #777; font-size: 0.78rem; margin-left: 0.4rem; }
#search-results .via { display: block; color: #666; font-size: 0.78rem; }
#status { color: #777; font-size: 0.78rem; }
main { position: relative; flex: 1 1 auto; min-height: 420px; }
#graph { position: absolute; inset: 0; background: #ffffff; }
#legend { position: absolute; top: 0.75rem; left: 0.75rem; z-index: 2; background: rgba(255,255,255,0.94);
  border: 1px solid #ccc; border-radius: 6px; padding: 0.5rem 0.75rem; font-size: 0.82rem;
  box-shadow: 0 1px 4px rgba(0,0,0,0.12); }
#legend h2 { margin: 0 0 0.3rem; font-size: 0.85rem; font-weight: 600; }
#legend ul { list-style: none; margin: 0; padding: 0; }
#legend li label { display: flex; align-items: center; gap: 0.4rem; line-height: 1.55; cursor: pointer; }
#legend input { margin: 0; }
#legend li.none { opacity: 0.45; }
#legend .name { flex: 1 1 auto; }
#legend .count { color: #666; font-variant-numeric: tabular-nums; min-width: 2ch; text-align: right; }
#legend .swatch { flex: none; }
#legend .edge-key { margin: 0.45rem 0 0; color: #555; font-size: 0.75rem; line-height: 1.5; }
#legend .edge-key i { display: inline-block; width: 1.6rem; height: 0; vertical-align: middle;
  border-top: 2px solid #444; margin-right: 0.3rem; }
#legend .edge-key i.role { border-top: 2px dashed #9A9A9A; }
#legend .edge-key i.claim { border-top: 2px dashed #D08A1E; }
#empty { position: absolute; top: 45%; width: 100%; text-align: center; color: #777; }
#panel { position: absolute; top: 0; right: 0; bottom: 0; width: min(26rem, 92vw); z-index: 3; overflow: auto;
  background: #fff; border-left: 1px solid #ccc; box-shadow: -2px 0 8px rgba(0,0,0,0.1);
  padding: 0.8rem 1rem 1.5rem; box-sizing: border-box; font-size: 0.88rem; line-height: 1.4; }
#panel[hidden] { display: none; }
#panel-close { position: absolute; top: 0.4rem; right: 0.5rem; border: 0; background: none; font-size: 1.4rem;
  line-height: 1; cursor: pointer; color: #555; }
#panel .kind { display: flex; align-items: center; gap: 0.35rem; color: #555; font-size: 0.8rem;
  text-transform: uppercase; letter-spacing: 0.04em; }
#panel h2 { margin: 0.2rem 1.5rem 0.6rem 0; font-size: 1.15rem; line-height: 1.3; }
#panel h3 { margin: 1rem 0 0.35rem; font-size: 0.92rem; border-bottom: 1px solid #eee; padding-bottom: 0.15rem; }
#panel dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 0.7rem; margin: 0; }
#panel dt { color: #666; }
#panel dd { margin: 0; }
#panel ul.plain { margin: 0; padding-left: 1.1rem; }
#panel .names li { margin: 0.05rem 0; }
#panel button.link { border: 0; background: none; padding: 0; font: inherit; color: #1a5fb4; cursor: pointer;
  text-align: left; text-decoration: underline; text-decoration-color: #9bb7e0; }
#panel a { color: #1a5fb4; }
#panel ul.roles { list-style: none; padding-left: 0; }
#panel ul.roles li { display: flex; gap: 0.5rem; align-items: baseline; margin: 0.1rem 0; }
#panel .role { flex: none; width: 5.6rem; color: #555; font-size: 0.8rem; }
#panel .badge { display: inline-block; background: #fbeed9; color: #7a4b00; border: 1px solid #eccb94;
  border-radius: 3px; padding: 0.05rem 0.4rem; font-size: 0.78rem; margin: 0.2rem 0; }
#panel table.figures { border-collapse: collapse; width: 100%; font-size: 0.84rem; }
#panel table.figures th { text-align: left; font-weight: 600; color: #444; border-bottom: 1px solid #ccc;
  padding: 0.2rem 0.3rem; }
#panel table.figures td { border-bottom: 1px solid #eee; padding: 0.3rem 0.3rem; vertical-align: top; }
#panel table.figures td.figure { font-weight: 600; white-space: nowrap; }
#panel table.figures caption { caption-side: bottom; text-align: left; color: #777; font-size: 0.76rem;
  padding-top: 0.3rem; }
#panel table.figures .quote { color: #555; font-size: 0.78rem; font-style: italic; margin-top: 0.15rem; }
#panel ol.evidence { margin: 0; padding-left: 1.2rem; }
#panel ol.evidence li { margin: 0 0 0.6rem; }
#panel blockquote { margin: 0; }
#panel mark { background: #fff1a8; padding: 0 1px; }
#panel .source { color: #666; font-size: 0.78rem; margin-top: 0.1rem; }
#panel .claim { color: #7a4b00; font-size: 0.78rem; }
#panel .note { color: #777; font-size: 0.78rem; }
div.vis-tooltip { white-space: pre-line; font-family: inherit; font-size: 0.82rem; max-width: 32rem; }
"""

_PAGE_SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kgbuild-data").textContent);
  var info = data.info;
  var WIKIDATA = "https://www.wikidata.org/wiki/";
  var QID = /^Q[1-9][0-9]{0,11}$/;
  var EVIDENCE_SHOWN = 25;
  var container = document.getElementById("graph");
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.network = network;
  window.kgbuildDrawn = false;
  window.kgbuildStabilized = data.nodes.length === 0;
  var settled = !data.physics || data.nodes.length === 0;

  network.on("afterDrawing", function firstFrame() {
    if (!settled) { return; }
    network.off("afterDrawing", firstFrame);
    window.kgbuildDrawnAt = performance.now();
    window.kgbuildDrawn = true;
    window.kgbuildStabilized = true;
    if (data.selected) { selectNode(data.selected, false); }
  });
  function settle() {
    if (settled) { return; }
    // Freeze the settled layout: filters and drags then move nothing else.
    network.setOptions({ physics: { enabled: false } });
    settled = true;
    network.redraw();
  }
  if (!settled) {
    network.once("stabilizationIterationsDone", settle);
    // The iteration count bounds the wait; this only guards against the event never coming.
    setTimeout(settle, 20000);
  }

  // ---- small DOM helpers: article text only ever goes in as text
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function foldText(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[\u2018\u2019]/g, "'").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }
  function swatch(group) {
    var style = data.styles[group] || data.styles.Actor;
    var dot = el("span", "dot");
    dot.style.display = "inline-block";
    dot.style.width = "0.7rem";
    dot.style.height = "0.7rem";
    dot.style.borderRadius = style.shape === "dot" ? "50%" : "2px";
    dot.style.background = style.colour;
    return dot;
  }

  // ---- adjacency, for the panel's lists
  var edgesOf = {};
  data.edges.forEach(function (e) {
    (edgesOf[e.from] = edgesOf[e.from] || []).push(e.id);
    (edgesOf[e.to] = edgesOf[e.to] || []).push(e.id);
  });
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });

  // ---- side panel
  var panel = document.getElementById("panel");
  var body = document.getElementById("panel-body");
  document.getElementById("panel-close").addEventListener("click", function () {
    hidePanel(); network.unselectAll();
  });
  function hidePanel() { panel.hidden = true; clear(body); panel.removeAttribute("data-id"); }
  function openPanel(id) { clear(body); panel.hidden = false; panel.setAttribute("data-id", id); panel.scrollTop = 0; }
  function uncoveredWidth() {
    return container.clientWidth - (panel.hidden ? 0 : panel.offsetWidth);
  }
  // Fit the shown nodes into the part of the canvas that the legend and the panel leave free.
  function fitVisible() {
    var ids = nodes.getIds({ filter: function (n) { return !n.hidden; } });
    if (!ids.length) { return; }
    var boxes = ids.map(function (id) { return network.getBoundingBox(id); });
    var left = Math.min.apply(null, boxes.map(function (b) { return b.left; }));
    var right = Math.max.apply(null, boxes.map(function (b) { return b.right; }));
    var top = Math.min.apply(null, boxes.map(function (b) { return b.top; }));
    var bottom = Math.max.apply(null, boxes.map(function (b) { return b.bottom; }));
    var legend = document.getElementById("legend");
    var inset = legend.offsetLeft + legend.offsetWidth + 8;
    var width = Math.max(uncoveredWidth() - inset, 100), height = Math.max(container.clientHeight, 100);
    var scale = Math.min(0.95 * width / Math.max(right - left, 1), 0.95 * height / Math.max(bottom - top, 1), 1.5);
    // The middle of the free band, in canvas units away from the middle of the canvas.
    var shift = (container.clientWidth / 2 - (inset + width / 2)) / scale;
    network.moveTo({ position: { x: (left + right) / 2 + shift, y: (top + bottom) / 2 }, scale: scale });
  }
  // A selected node that the panel covers moves into the free part of the canvas.
  function revealNode(id) {
    var at = network.canvasToDOM(network.getPositions([id])[id]);
    var width = uncoveredWidth();
    if (at.x > width - 20 || at.x < 20 || at.y < 20 || at.y > container.clientHeight - 20) {
      var scale = network.getScale();
      var view = network.getViewPosition();
      network.moveTo({
        position: { x: view.x + (at.x - width / 2) / scale, y: view.y + (at.y - container.clientHeight / 2) / scale },
        animation: { duration: 300 }
      });
    }
  }

  function nodeLink(id, name) {
    if (!info[id]) { return el("span", null, name); }
    var button = el("button", "link", name || info[id].name);
    button.type = "button";
    button.addEventListener("click", function () { selectNode(id, true); });
    return button;
  }
  function edgeLink(id, text) {
    var button = el("button", "link", text);
    button.type = "button";
    button.addEventListener("click", function () { selectEdge(id); });
    return button;
  }
  function who(person) {
    if (!person) { return null; }
    return person.id ? nodeLink(person.id, person.name) : el("span", null, person.name);
  }
  function row(dl, term, content) {
    add(dl, el("dt", null, term));
    var dd = add(dl, el("dd"));
    if (typeof content === "string") { dd.textContent = content; } else if (content) { dd.appendChild(content); }
    return dd;
  }
  function heading(kind, group, name) {
    var kindLine = add(body, el("div", "kind"));
    if (group) { kindLine.appendChild(swatch(group)); }
    add(kindLine, el("span", null, kind));
    add(body, el("h2", null, name));
  }

  function highlighted(parent, text, words) {
    var ranges = [];
    words.forEach(function (word) {
      if (!word) { return; }
      var at = text.indexOf(word);
      while (at >= 0) { ranges.push([at, at + word.length]); at = text.indexOf(word, at + word.length); }
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var pos = 0;
    ranges.forEach(function (r) {
      if (r[0] < pos) { return; }
      if (r[0] > pos) { parent.appendChild(document.createTextNode(text.slice(pos, r[0]))); }
      add(parent, el("mark", null, text.slice(r[0], r[1])));
      pos = r[1];
    });
    if (pos < text.length) { parent.appendChild(document.createTextNode(text.slice(pos))); }
  }
  function documentLine(docIndex) {
    var doc = data.docs[docIndex];
    if (!doc) { return el("div", "source", "unknown document"); }
    var parts = [doc.file];
    if (doc.title) { parts.push("“" + doc.title + "”"); }
    if (doc.outlet) { parts.push(doc.outlet); }
    if (doc.date) { parts.push(doc.date); }
    return el("div", "source", parts.join(" · "));
  }
  function claimLine(claimIndex) {
    var claim = data.claims[claimIndex];
    var line = el("div", "claim");
    add(line, el("span", null, claim.by || claim.source ? "claimed by " : "from a claim"));
    if (claim.by) { line.appendChild(who(claim.by)); }
    else if (claim.source) { add(line, el("span", null, claim.source)); }
    var flags = [];
    if (claim.hedged) { flags.push("hedged"); }
    if (claim.negated) { flags.push("denied"); }
    if (flags.length) { add(line, el("span", null, " (" + flags.join(", ") + ")")); }
    return line;
  }
  function claimants(evidence) {
    var seen = {}, out = [];
    evidence.forEach(function (i) {
      (data.evidence[i][3] || []).forEach(function (c) {
        var claim = data.claims[c];
        var key = claim.by ? "id:" + (claim.by.id || claim.by.name) : "src:" + (claim.source || "");
        if (!seen[key]) { seen[key] = true; out.push(claim); }
      });
    });
    return out;
  }
  function evidenceList(evidence) {
    var groups = [], byKey = {};
    evidence.forEach(function (i) {
      var e = data.evidence[i];
      var key = e[0] + ":" + e[1];
      var group = byKey[key];
      if (!group) {
        group = byKey[key] = { doc: e[0], sentence: data.sentences[e[1]], words: [], claims: [] };
        groups.push(group);
      }
      if (e[2] && group.words.indexOf(e[2]) < 0) { group.words.push(e[2]); }
      (e[3] || []).forEach(function (c) { if (group.claims.indexOf(c) < 0) { group.claims.push(c); } });
    });
    var list = el("ol", "evidence");
    function show(limit) {
      clear(list);
      groups.slice(0, limit).forEach(function (g) {
        var item = add(list, el("li"));
        highlighted(add(item, el("blockquote")), g.sentence, g.words);
        item.appendChild(documentLine(g.doc));
        g.claims.forEach(function (c) { item.appendChild(claimLine(c)); });
      });
      if (groups.length > limit) {
        var more = add(add(list, el("li", "note")), el("button", "link", "show all " + groups.length + " sentences"));
        more.type = "button";
        more.addEventListener("click", function () { show(groups.length); });
      }
    }
    show(EVIDENCE_SHOWN);
    return { list: list, sentences: groups.length };
  }
  function evidenceSection(evidence, title) {
    var built = evidenceList(evidence);
    add(body, el("h3", null, title + " (" + built.sentences + (built.sentences === 1 ? " sentence)" : " sentences)")));
    if (!built.sentences) { add(body, el("p", "note", "No sentence recorded.")); return; }
    body.appendChild(built.list);
  }

  function showEntity(id, d) {
    heading(d.cls, d.cls, d.name);
    var dl = add(body, el("dl"));
    if (d.alt.length) {
      var names = el("ul", "plain names");
      d.alt.forEach(function (name) { add(names, el("li", null, name)); });
      row(dl, "Other names", names);
    }
    (d.wd || []).forEach(function (q) {
      if (!QID.test(q)) { return; }
      var link = el("a", null, "wd:" + q);
      link.href = WIKIDATA + q;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      row(dl, "Wikidata", link);
    });
    (d.same || []).forEach(function (s) { row(dl, "Same as", s); });
    if (d.geo) { row(dl, "Coordinates", d.geo[0] + ", " + d.geo[1]); }
    row(dl, "Connections", d.deg + (d.btw === undefined ? "" : " (betweenness " + d.btw.toFixed(3) + ")"));
    var relations = [], roles = [];
    (edgesOf[currentId] || []).forEach(function (eid) {
      (info[eid].t === "relation" ? relations : roles).push(eid);
    });
    if (relations.length) {
      add(body, el("h3", null, "Relations"));
      var ul = add(body, el("ul", "plain"));
      relations.forEach(function (eid) {
        var e = edgeById[eid], x = info[eid], li = add(ul, el("li"));
        var other = e.from === currentId ? e.to : e.from;
        var arrow = !x.dir ? " ↔ " : (e.from === currentId ? " → " : " ← ");
        li.appendChild(edgeLink(eid, e.label));
        add(li, el("span", null, arrow));
        li.appendChild(nodeLink(other));
        if (x.co) { add(li, el("span", "claim", " (claim only)")); }
      });
    }
    if (roles.length) {
      add(body, el("h3", null, "Events"));
      var events = add(body, el("ul", "plain roles"));
      roles.forEach(function (eid) {
        var e = edgeById[eid], li = add(events, el("li"));
        add(li, el("span", "role", e.label));
        li.appendChild(nodeLink(e.from));
      });
    }
    evidenceSection(d.ev, "Mentions");
  }

  function figureCell(figure) {
    var cell = el("td");
    var source = who(figure.by);
    if (source) { cell.appendChild(source); }
    else if (figure.source) { cell.textContent = figure.source; }
    else { add(cell, el("span", "note", "not said")); }
    return cell;
  }
  function showEvent(id, d) {
    heading(d.cls, "Event", d.name);
    var dl = add(body, el("dl"));
    var t = d.time || {};
    var when = t.at || ((t.begin || t.end) ? (t.begin || "?") + " – " + (t.end || "?") : "");
    if (when) { row(dl, "Time", when + (t.precision ? " (" + t.precision + ")" : "")); }
    if (t.text) { row(dl, "As written", t.text); }
    if (!when && !t.text) { row(dl, "Time", "not said"); }
    d.places.forEach(function (p) { row(dl, "Place", nodeLink(p)); });
    if (d.co) { add(body, el("div", "badge", "Only claims report this event")); }
    var people = d.roles.filter(function (r) { return r[0] !== "place"; });
    if (people.length) {
      add(body, el("h3", null, "Participants"));
      var ul = add(body, el("ul", "plain roles"));
      people.forEach(function (r) {
        var li = add(ul, el("li"));
        add(li, el("span", "role", r[0]));
        li.appendChild(nodeLink(r[1]));
      });
    }
    if (d.figures.length) {
      add(body, el("h3", null, "Casualty figures (" + d.figures.length + ")"));
      var table = add(body, el("table", "figures"));
      var head = add(add(table, el("thead")), el("tr"));
      ["Figure", "Category", "Victims", "Given by"].forEach(function (h) { add(head, el("th", null, h)); });
      var tbody = add(table, el("tbody"));
      d.figures.forEach(function (f) {
        var tr = add(tbody, el("tr"));
        var figure = add(tr, el("td", "figure", f.text || f.count || ""));
        figure.title = [f.qualifier, f.count || (f.min ? f.min + "–" + (f.max || "?") : "")].filter(Boolean).join(" ");
        add(tr, el("td", null, f.category || ""));
        var victims = add(tr, el("td"));
        if (f.victims) { victims.appendChild(who(f.victims)); }
        tr.appendChild(figureCell(f));
        if (f.ev && f.ev.length) {
          var quote = add(add(tbody, el("tr")), el("td"));
          quote.colSpan = 4;
          var e = data.evidence[f.ev[0]];
          highlighted(add(quote, el("div", "quote")), data.sentences[e[1]], [e[2]]);
          quote.appendChild(documentLine(e[0]));
        }
      });
      add(table, el("caption", null, "Every figure is kept with its source; none is chosen."));
    }
    evidenceSection(d.ev, "Evidence");
  }

  function showEdge(id) {
    var e = edgeById[id], d = info[id];
    if (!e || !d) { return; }
    openPanel(id);
    currentId = id;
    heading(d.t === "relation" ? "Relation" : "Event role", null, e.label);
    var line = add(body, el("p"));
    line.appendChild(nodeLink(e.from));
    add(line, el("span", null, d.dir === false ? " ↔ " + e.label + " ↔ " : " → " + e.label + " → "));
    line.appendChild(nodeLink(e.to));
    var dl = add(body, el("dl"));
    row(dl, "Property", d.preds.join(", "));
    var claimed = claimants(d.ev);
    if (claimed.length) {
      var list = el("ul", "plain");
      claimed.forEach(function (c) {
        var li = add(list, el("li"));
        if (c.by) { li.appendChild(who(c.by)); } else { li.textContent = c.source || "an unnamed source"; }
      });
      row(dl, "Claimed by", list);
    }
    if (d.co) { add(body, el("div", "badge", "Only claims support this")); }
    if (d.evAll) { add(body, el("p", "note", "No sentence names both; the event's evidence follows.")); }
    evidenceSection(d.ev, "Evidence");
  }

  var currentId = null;
  function showNode(id) {
    var d = info[id];
    if (!d) { return; }
    currentId = id;
    openPanel(id);
    if (d.t === "event") { showEvent(id, d); } else { showEntity(id, d); }
  }
  function selectNode(id, focus) {
    if (!info[id] || !nodes.get(id)) { return; }
    var node = nodes.get(id);
    showNode(id);
    if (!node.hidden) {
      network.selectNodes([id]);
      if (focus) {
        var scale = Math.max(network.getScale(), 0.9);
        var shift = (container.clientWidth - uncoveredWidth()) / 2 / scale;
        var at = network.getPositions([id])[id];
        network.moveTo({ position: { x: at.x + shift, y: at.y }, scale: scale, animation: { duration: 350 } });
      } else {
        revealNode(id);
      }
    }
  }
  function selectEdge(id) {
    if (!edgeById[id]) { return; }
    if (!edges.get(id).hidden) { network.selectEdges([id]); }
    showEdge(id);
  }
  function onClick(params) {
    if (params.nodes && params.nodes.length) { showNode(params.nodes[0]); revealNode(params.nodes[0]); }
    else if (params.edges && params.edges.length) { showEdge(params.edges[0]); }
    else { hidePanel(); }
  }
  network.on("click", onClick);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { hidePanel(); closeResults(); network.unselectAll(); }
  });

  // ---- search
  var names = data.nodes.map(function (n) {
    var d = info[n.id];
    var all = [d.name].concat(d.alt || []);
    return { id: n.id, label: d.name, cls: d.cls, names: all, folded: all.map(foldText) };
  });
  var search = document.getElementById("search");
  var results = document.getElementById("search-results");
  var found = [];
  function closeResults() { results.hidden = true; clear(results); }
  function find(query) {
    var q = foldText(query);
    if (!q) { return []; }
    var hits = [];
    names.forEach(function (entry) {
      var best = -1, via = null;
      entry.folded.forEach(function (f, i) {
        var score = f === q ? 3 : (f.indexOf(q) === 0 ? 2 : (f.indexOf(q) > 0 ? 1 : -1));
        if (score > best) { best = score; via = i === 0 ? null : entry.names[i]; }
      });
      if (best >= 0) { hits.push({ entry: entry, score: best, via: via }); }
    });
    hits.sort(function (a, b) {
      return b.score - a.score || a.entry.label.length - b.entry.label.length ||
        (a.entry.label < b.entry.label ? -1 : a.entry.label > b.entry.label ? 1 : 0);
    });
    return hits.slice(0, 15);
  }
  function choose(hit) {
    search.value = hit.entry.label;
    closeResults();
    selectNode(hit.entry.id, true);
  }
  search.addEventListener("input", function () {
    found = find(search.value);
    clear(results);
    if (!search.value.trim()) { results.hidden = true; return; }
    if (!found.length) { add(results, el("li", "note", "no name matches")); }
    found.forEach(function (hit, i) {
      var button = el("button", i === 0 ? "active" : null);
      button.type = "button";
      add(button, el("span", null, hit.entry.label));
      add(button, el("span", "cls", hit.entry.cls));
      if (hit.via) { add(button, el("span", "via", "also called " + hit.via)); }
      button.addEventListener("click", function () { choose(hit); });
      add(add(results, el("li")), button);
    });
    results.hidden = false;
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      if (!found.length) { found = find(search.value); }
      if (found.length) { choose(found[0]); }
    }
  });
  document.getElementById("controls").addEventListener("submit", function (event) { event.preventDefault(); });

  // ---- filters
  var docSelect = document.getElementById("doc-filter");
  data.docs.forEach(function (doc, i) {
    var label = doc.title ? doc.title : doc.file;
    if (doc.date) { label = doc.date + " · " + label; }
    var option = el("option", null, label.length > 70 ? label.slice(0, 69) + "…" : label);
    option.value = String(i);
    option.title = [doc.file, doc.title, doc.outlet, doc.date].filter(Boolean).join(" · ");
    docSelect.appendChild(option);
  });
  var dateFrom = document.getElementById("date-from");
  var dateTo = document.getElementById("date-to");
  var showUndated = document.getElementById("show-undated");
  var showClaims = document.getElementById("show-claims");
  var classBoxes = Array.prototype.slice.call(document.querySelectorAll("input.class-filter"));
  var status = document.getElementById("status");
  var dates = [];
  data.nodes.forEach(function (n) { var r = info[n.id].range; if (r) { dates.push(r[0], r[1]); } });
  dates.sort();
  if (dates.length) {
    [dateFrom, dateTo].forEach(function (input) { input.min = dates[0]; input.max = dates[dates.length - 1]; });
  }
  var hiddenNodes = {}, hiddenEdges = {};
  function applyFilters() {
    var classes = {};
    classBoxes.forEach(function (box) { classes[box.value] = box.checked; });
    var doc = docSelect.value === "" ? -1 : Number(docSelect.value);
    var from = dateFrom.value, to = dateTo.value;
    var claims = showClaims.checked, undated = showUndated.checked;
    var nodeChanges = [], edgeChanges = [], shownNodes = 0, shownEdges = 0;
    data.nodes.forEach(function (n) {
      var d = info[n.id];
      var show = classes[n.group] !== false && (doc < 0 || d.docs.indexOf(doc) >= 0);
      if (show && d.t === "event") {
        if (!claims && d.co) { show = false; }
        else if (!d.range) { show = undated; }
        else if ((from && d.range[1] < from) || (to && d.range[0] > to)) { show = false; }
      }
      if (show) { shownNodes++; }
      if (!!hiddenNodes[n.id] === show) { hiddenNodes[n.id] = !show; nodeChanges.push({ id: n.id, hidden: !show }); }
    });
    data.edges.forEach(function (e) {
      var d = info[e.id];
      var show = !hiddenNodes[e.from] && !hiddenNodes[e.to] && (claims || !d.co) &&
        (doc < 0 || d.docs.indexOf(doc) >= 0);
      if (show) { shownEdges++; }
      if (!!hiddenEdges[e.id] === show) { hiddenEdges[e.id] = !show; edgeChanges.push({ id: e.id, hidden: !show }); }
    });
    if (nodeChanges.length) { nodes.update(nodeChanges); }
    if (edgeChanges.length) { edges.update(edgeChanges); }
    status.textContent = "showing " + shownNodes + " of " + data.nodes.length + " nodes, " +
      shownEdges + " of " + data.edges.length + " links";
  }
  classBoxes.concat([docSelect, dateFrom, dateTo, showUndated, showClaims]).forEach(function (input) {
    input.addEventListener("change", applyFilters);
    input.addEventListener("input", applyFilters);
  });
  document.getElementById("reset").addEventListener("click", function () {
    classBoxes.forEach(function (box) { box.checked = true; });
    docSelect.value = ""; dateFrom.value = ""; dateTo.value = "";
    showUndated.checked = true; showClaims.checked = true;
    search.value = ""; closeResults();
    applyFilters();
    fitVisible();
  });
  applyFilters();

  window.kgbuild = {
    data: data, nodes: nodes, edges: edges, onClick: onClick, selectNode: selectNode,
    selectEdge: selectEdge, find: find, applyFilters: applyFilters, hidePanel: hidePanel,
    fitVisible: fitVisible
  };
})();
"""


def _page(*, title: str, data: dict[str, Any], legend: str, summary: str, empty: bool) -> str:
    vis_script, vis_style = _vis_assets()
    heading = html.escape(title)
    empty_note = '<p id="empty">This graph has no entities or events.</p>\n' if empty else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="kgbuild">\n'
        f"<title>{heading}</title>\n"
        f"<style>\n{vis_style}\n</style>\n"
        f"<style>{_PAGE_CSS}</style>\n"
        "</head>\n<body>\n"
        f'<header>\n<div class="titles">\n<h1>{heading}</h1>\n<p id="summary">{html.escape(summary)}</p>\n'
        '<p id="status" aria-live="polite"></p>\n</div>\n'
        '<form id="controls" role="search" autocomplete="off">\n'
        '<div class="search"><input id="search" type="search" placeholder="Find a name or alias…" '
        'aria-label="Find a node by any of its names" spellcheck="false">'
        '<ul id="search-results" hidden></ul></div>\n'
        '<label>Document <select id="doc-filter"><option value="">all documents</option></select></label>\n'
        '<span class="dates"><label>Events from <input id="date-from" type="date"></label>\n'
        '<label>to <input id="date-to" type="date"></label></span>\n'
        '<label><input id="show-undated" type="checkbox" checked> undated events</label>\n'
        '<label title="Relations and events that only claims (someone said so) support">'
        '<input id="show-claims" type="checkbox" checked> claims-only facts</label>\n'
        '<button type="button" id="reset">Reset</button>\n'
        "</form>\n</header>\n"
        "<main>\n"
        f'<div id="graph" aria-label="{heading}: interactive network view"></div>\n'
        f"{empty_note}"
        '<aside id="legend" aria-label="Legend and class filter">\n<h2>Legend</h2>\n<ul>\n'
        f"{legend}\n</ul>\n"
        '<p class="edge-key"><i></i>relation<br><i class="role"></i>event role<br>'
        '<i class="claim"></i>only a claim says so</p>\n</aside>\n'
        '<aside id="panel" hidden aria-label="Details">\n'
        '<button type="button" id="panel-close" aria-label="Close the panel">×</button>\n'
        '<div id="panel-body"></div>\n</aside>\n'
        "</main>\n"
        f'<script id="kgbuild-data" type="application/json">{_script_json(data)}</script>\n'
        f"<script>\n{vis_script}\n</script>\n"
        f"<script>{_PAGE_SCRIPT}</script>\n"
        "</body>\n</html>\n"
    )
