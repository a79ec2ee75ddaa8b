"""Export stage: the graph as a network of actors, places and events, for Gephi, Cytoscape, yEd and
networkx: GraphML and GEXF written through networkx.

The network is the one of ``kgbuild.graph.network`` restricted to the typed nodes (entities and
events): nodes with their label, class, kind, other names and number of mentions (``kg:evidence``
links); edges are the direct relations between entities (``predicate``: ``allyOf``, ``leaderOf``
...) and the participation of entities in events (``role``: ``hasActor``, ``attacker``,
``target``, ``hasPlace``), each with the number of evidence nodes behind it. Every attribute is a
string or an integer, which both formats store without loss; nodes and edges are added in sorted
order, so the same graph gives the same file.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgbuild.errors import UsageError
from kgbuild.graph.index import TripleIndex
from kgbuild.graph.network import to_networkx
from kgbuild.graph.store import open_source

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["NETWORK_FORMATS", "source_network", "network_of", "serialize_network", "export_network"]

NETWORK_FORMATS = ("graphml", "gexf")


def source_network(path: Path) -> "nx.MultiDiGraph":
    """The network of a SOURCE (graph file or store directory), as a networkx MultiDiGraph."""
    return network_of(open_source(path))


def network_of(store: Any) -> "nx.MultiDiGraph":
    """The network of the graph in the pyoxigraph ``store`` (every named graph merged), as a
    networkx MultiDiGraph whose node ids are IRIs and whose edge keys are unique ids (``e0``,
    ``e1`` ...).

    Nodes: ``label``, ``class``, ``kind`` (``entity`` or ``event``), ``aliases`` (the
    skos:altLabels, "; "-separated) and ``mentions`` (the number of kg:evidence links). Edges:
    ``kind`` ``relation`` with ``predicate`` (subject → object) or ``participation`` with ``role``
    (event → entity), and ``evidence``, the number of kg:Evidence nodes behind the edge (for a
    participation, the event's)."""
    import networkx as nx

    network = to_networkx(TripleIndex.of_store(store))
    typed = {node for node, data in network.nodes(data=True) if data["class"]}
    graph = nx.MultiDiGraph()
    for node, data in network.nodes(data=True):
        if node in typed:
            graph.add_node(node, label=data["label"], **{"class": data["class"]}, kind=data["kind"],
                           aliases="; ".join(data["aliases"]), mentions=data["mentions"])
    edges = [
        (u, v, "relation" if data["kind"] == "relation" else "participation", data["link"], len(data["evidence"]))
        for u, v, data in network.edges(data=True) if u in typed and v in typed
    ]
    for number, (source, target, kind, name, evidence) in enumerate(sorted(edges)):
        attribute = "predicate" if kind == "relation" else "role"
        # the keys are the edge ids of GraphML and GEXF, which must be unique in the file
        graph.add_edge(source, target, key=f"e{number}", kind=kind, **{attribute: name}, evidence=evidence)
    return graph


def serialize_network(graph: "nx.MultiDiGraph", fmt: str) -> bytes:
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
