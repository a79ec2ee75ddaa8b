"""The graph as a network of actors, places and events, for Gephi, Cytoscape, yEd and networkx:
GraphML and GEXF written through networkx.

Nodes are the entities (actors and places) and events, with their label, class, kind, other names
and number of mentions (``kg:evidence`` links); edges are the direct relations between entities
(``predicate``: ``allyOf``, ``leaderOf`` ...) and the participation of entities in events
(``role``: ``hasActor``, ``attacker``, ``target``, ``hasPlace``), each with the number of evidence
nodes behind it. The roles are those of ``kgbuild.analytics.to_networkx``. Every
attribute is a string or an integer, which both formats store without loss; nodes and edges are
added in sorted order, so the same graph gives the same file.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from pathlib import Path

import pyoxigraph

from kgbuild.errors import UsageError
from kgbuild.graph.store import open_source
from kgbuild.ontology import ENTITY_CLASSES, EVENT_CLASSES, KG_IRI, PREFIXES, RELATION_PROPERTIES

__all__ = ["NETWORK_FORMATS", "source_network", "network_of", "serialize_network", "export_network"]

NETWORK_FORMATS = ("graphml", "gexf")

_ROLES = {
    "http://semanticweb.cs.vu.nl/2009/11/sem/hasActor": "hasActor",
    KG_IRI + "attacker": "attacker",
    KG_IRI + "target": "target",
    "http://semanticweb.cs.vu.nl/2009/11/sem/hasPlace": "hasPlace",
}


def _values(names: tuple[str, ...]) -> str:
    return " ".join(f"kg:{name}" for name in names)


_NODES = f"""
SELECT DISTINCT ?node ?class WHERE {{
  VALUES ?class {{ {_values(ENTITY_CLASSES + EVENT_CLASSES)} }}
  ?node a ?class .
}}"""
_LABELS = "SELECT DISTINCT ?node ?label WHERE { ?node rdfs:label ?label }"
_ALIASES = "SELECT DISTINCT ?node ?alias WHERE { ?node skos:altLabel ?alias }"
_MENTIONS = "SELECT DISTINCT ?node ?ev WHERE { ?node kg:evidence ?ev }"
_RELATIONS = f"""
SELECT DISTINCT ?s ?p ?o WHERE {{
  VALUES ?p {{ {_values(RELATION_PROPERTIES)} }}
  ?s ?p ?o .
}}"""
_RELATION_EVIDENCE = "SELECT DISTINCT ?s ?p ?o ?ev WHERE { ?ev rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }"
_ROLE_EDGES = """
SELECT DISTINCT ?event ?role ?x WHERE {
  VALUES ?role { sem:hasActor kg:attacker kg:target sem:hasPlace }
  ?event a kg:Event ; ?role ?x .
}"""


def source_network(path: Path):
    """The network of a SOURCE (graph file or store directory), as a networkx MultiDiGraph."""
    return network_of(open_source(path))


def network_of(store: pyoxigraph.Store):
    """The network of the graph in ``store`` (every named graph merged), as a networkx
    MultiDiGraph whose node ids are IRIs and whose edge keys are unique ids (``e0``, ``e1`` ...).

    Nodes: ``label`` (rdfs:label, else the IRI's last segment), ``class`` (the most specific kg:
    class), ``kind`` (``entity`` or ``event``), ``aliases`` (the skos:altLabels, "; "-separated)
    and ``mentions`` (the number of kg:evidence links). Edges: ``kind`` ``relation`` with
    ``predicate`` (subject → object) or ``participation`` with ``role`` (event → entity; like
    ``kgbuild.analytics``, sem:hasActor is left out where kg:attacker or kg:target says it), and
    ``evidence``, the number of kg:Evidence nodes behind the edge (for a participation, the
    event's)."""
    import networkx as nx

    def select(query: str) -> list[tuple[str, ...]]:
        rows = store.query(query, prefixes=dict(PREFIXES), use_default_graph_as_union=True)
        return [tuple(term.value if term is not None else "" for term in row) for row in rows]

    classes: dict[str, set[str]] = defaultdict(set)
    for node, cls in select(_NODES):
        classes[node].add(cls[len(KG_IRI):])
    labels: dict[str, list[str]] = defaultdict(list)
    for node, label in select(_LABELS):
        labels[node].append(label)
    aliases: dict[str, list[str]] = defaultdict(list)
    for node, alias in select(_ALIASES):
        aliases[node].append(alias)
    mentions: dict[str, int] = defaultdict(int)
    for node, _ in select(_MENTIONS):
        mentions[node] += 1
    backing: dict[tuple[str, str, str], int] = defaultdict(int)
    for s, p, o, _ in select(_RELATION_EVIDENCE):
        backing[(s, p, o)] += 1

    graph = nx.MultiDiGraph()
    for node in sorted(classes):
        is_event = "Event" in classes[node]
        specific = sorted(classes[node] - {"Event", "Actor"}) or sorted(classes[node])
        graph.add_node(
            node,
            label=min(labels[node]) if labels.get(node) else re.split(r"[/#]", node.rstrip("/#"))[-1] or node,
            **{"class": specific[0]},
            kind="event" if is_event else "entity",
            aliases="; ".join(sorted(set(aliases.get(node, ())))),
            mentions=mentions.get(node, 0),
        )
    edges = [
        (s, o, "relation", p[len(KG_IRI):], backing.get((s, p, o), 0))
        for s, p, o in select(_RELATIONS) if s in classes and o in classes
    ]
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for event, role, x in select(_ROLE_EDGES):
        if event in classes and x in classes:
            roles[(event, x)].add(_ROLES[role])
    for (event, x), found in roles.items():
        if found & {"attacker", "target"}:
            found.discard("hasActor")  # implied by the sharper role
        edges.extend((event, x, "participation", role, mentions.get(event, 0)) for role in found)
    for number, (source, target, kind, name, evidence) in enumerate(sorted(edges)):
        attribute = "predicate" if kind == "relation" else "role"
        # the keys are the edge ids of GraphML and GEXF, which must be unique in the file
        graph.add_edge(source, target, key=f"e{number}", kind=kind, **{attribute: name}, evidence=evidence)
    return graph


def serialize_network(graph, fmt: str) -> bytes:
    """``graph`` as GraphML or GEXF 1.2 bytes (UTF-8), the same bytes for the same graph."""
    import networkx as nx

    if fmt == "graphml":
        # the ElementTree writer (write_graphml picks lxml's, which indents only some elements)
        lines = nx.generate_graphml(graph, encoding="utf-8", prettyprint=True)
        return ("<?xml version='1.0' encoding='utf-8'?>\n" + "\n".join(lines) + "\n").encode("utf-8")
    buffer = io.BytesIO()
    if fmt == "gexf":
        nx.write_gexf(graph, buffer, encoding="utf-8", prettyprint=True)
        # networkx stamps today's date into <meta>: drop it, or no two days give the same file
        return re.sub(rb' lastmodifieddate="[^"]*"', b"", buffer.getvalue(), count=1)
    raise UsageError(f"unknown network format '{fmt}' (use one of: {', '.join(NETWORK_FORMATS)})")


def export_network(source: Path, fmt: str) -> bytes:
    """SOURCE as a GraphML or GEXF network."""
    if fmt not in NETWORK_FORMATS:
        raise UsageError(f"unknown network format '{fmt}' (use one of: {', '.join(NETWORK_FORMATS)})")
    return serialize_network(source_network(source), fmt)
