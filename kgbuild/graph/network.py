"""Graph stage: the RDF graph as a networkx network of entities and events, the one conversion
that the analyses (``kgbuild.analysis``), the network files (``kgbuild.export.networks``) and the
HTML view's node sizes start from.

:func:`to_networkx` keeps what network measures need and what a reader needs to trust them. Nodes
are node ids (an IRI, or a blank node's id) with

- ``label``: rdfs:label, else the last segment of the IRI;
- ``class``: the most specific kg: class (:func:`kgbuild.ontology.most_specific_class`), ``""``
  for a node with none (the untyped end of a relation);
- ``kind``: ``"entity"`` or ``"event"``;
- ``aliases``: the skos:altLabels, sorted; ``mentions``: the number of its kg:evidence links.

Edges are directed and keyed ``LINK|SUBJECT|OBJECT``:

- relations, ``kind="relation"``: one per triple of a kg: relation property, subject → object,
  ``predicate`` its local name;
- participations, ``kind="role"``: event → node, ``role`` one of the names of
  ``kgbuild.ontology.EVENT_ROLES`` (``attacker``, ``target``, ``hasActor``, ``hasPlace``), the
  implied ``hasActor`` left out where ``attacker`` or ``target`` says it.

Every edge also has ``link`` (its predicate or role), ``subject``, ``object`` and ``evidence``: the
sorted ids of the kg:Evidence nodes behind it (those reifying a relation triple; an event's own for
a participation). ``G.graph["evidence"]`` maps each of those ids to its :class:`EvidenceRef`.
Nodes and edges are added in sorted order, so the same graph gives the same network.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Union

from rdflib import Graph

from kgbuild.graph.index import (
    Lit,
    TripleIndex,
    aliases_of,
    entity_classes,
    event_classes,
    event_roles,
    label_of,
    node_id,
    relation_triples,
)
from kgbuild.ontology import KG, KG_IRI, PROV, SCHEMA

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["EvidenceRef", "to_networkx", "to_undirected"]

_EVIDENCE = str(KG.evidence)
_SENTENCE = str(KG.sentence)
_CHAR_START = str(KG.charStart)
_DERIVED_FROM = str(PROV.wasDerivedFrom)
_SOURCE_FILE = str(KG.sourceFile)
_URL = str(SCHEMA.url)


@dataclass(frozen=True, slots=True)
class EvidenceRef:
    """One sentence that backs a fact, and the file (or address) of the document it was read from."""

    sentence: str
    source_file: str
    char_start: int = -1


class _EvidenceReader:
    """Reads kg:Evidence nodes once each: sentence, offset, and the source file of its document."""

    def __init__(self, index: TripleIndex) -> None:
        self.index = index
        self.refs: dict[str, EvidenceRef] = {}
        self._files: dict[str, str] = {}

    def ids(self, nodes: list[Any]) -> tuple[str, ...]:
        """The sorted ids of the evidence nodes ``nodes``, each read into ``refs``."""
        return tuple(sorted({self._add(node) for node in nodes if not isinstance(node, Lit)}))

    def _add(self, node: str) -> str:
        key = node_id(node)
        if key not in self.refs:
            first = self.index.first
            docs = self.index.objects(node, _DERIVED_FROM)
            start = first(node, _CHAR_START) or ""
            self.refs[key] = EvidenceRef(
                sentence=first(node, _SENTENCE) or "",
                source_file=self._file(docs[0]) if docs else "",
                char_start=int(start) if start.lstrip("+-").isdigit() else -1,
            )
        return key

    def _file(self, doc: Any) -> str:
        if doc not in self._files:
            index = self.index
            self._files[doc] = index.first(doc, _SOURCE_FILE) or index.first(doc, _URL) or node_id(str(doc))
        return self._files[doc]


def to_networkx(source: Union[Graph, TripleIndex]) -> "nx.MultiDiGraph":
    """The entities and events of ``source`` (an rdflib graph, or its index) as a directed
    networkx multigraph; see the module docstring for its nodes, edges and attributes."""
    import networkx as nx

    index = source if isinstance(source, TripleIndex) else TripleIndex.of_graph(source)
    entities = entity_classes(index)
    events = event_classes(index, entities)
    refs = _EvidenceReader(index)
    ends: set[str] = set(entities) | set(events)
    edges: list[tuple[str, str, str, dict[str, Any]]] = []
    reified = index.reified()
    for s, name, o in relation_triples(index):
        ends.update((s, o))
        u, v = node_id(s), node_id(o)
        evidence = refs.ids(reified.get((s, KG_IRI + name, o), []))
        attrs = {"kind": "relation", "link": name, "predicate": name, "subject": u, "object": v, "evidence": evidence}
        edges.append((u, v, f"{name}|{u}|{v}", attrs))
    for event in sorted(events):
        evidence = refs.ids(index.objects(event, _EVIDENCE))
        u = node_id(event)
        for role, _prop, obj in event_roles(index, event):
            ends.add(obj)
            v = node_id(obj)
            attrs = {"kind": "role", "link": role, "role": role, "subject": u, "object": v, "evidence": evidence}
            edges.append((u, v, f"{role}|{u}|{v}", attrs))

    G = nx.MultiDiGraph(evidence=refs.refs)
    for key in sorted(ends, key=node_id):
        G.add_node(
            node_id(key),
            label=label_of(index, key),
            **{"class": entities.get(key) or events.get(key, "")},
            kind="event" if key in events else "entity",
            aliases=tuple(aliases_of(index, key)),
            mentions=len(index.objects(key, _EVIDENCE)),
        )
    for u, v, key, attrs in sorted(edges, key=lambda e: e[2]):
        G.add_edge(u, v, key=key, **attrs)
    return G


def to_undirected(network: "nx.MultiDiGraph") -> "nx.MultiGraph":
    """The undirected multigraph of ``network``: the same nodes, edges (keys and attributes, the
    direction kept in ``subject``/``object``) and ``evidence``.

    ``nx.MultiGraph(network)`` would not do: it keeps only one direction of a node pair linked
    both ways (A allyOf B and B allyOf A)."""
    import networkx as nx

    G = nx.MultiGraph(evidence=network.graph.get("evidence", {}))
    G.add_nodes_from(network.nodes(data=True))
    G.add_edges_from(sorted(network.edges(keys=True, data=True), key=lambda e: e[2]))
    return G
