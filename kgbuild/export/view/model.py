"""Export stage (HTML view): the graph → the page's data model (see ``schema`` for its layout).

Entities are drawn by most specific class, events as nodes of their own joined to their
participants and place; one edge per related pair and direction (parallel relations share it, a
symmetric one is drawn once without an arrow), one per event participant (its sharpest role).
Nodes are sized by degree in the entity–event network of ``kgbuild.graph.network`` and placed by
the Python layout. The same graph always gives the same model.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from rdflib import Graph

from kgbuild.export.view.layout import LARGE_GRAPH_NODES, LAYOUT_SEED, compute_layout
from kgbuild.export.view.schema import EntityInfo, EventInfo, Figure, PageData, VisEdge, VisNode
from kgbuild.export.view.styles import (
    CLAIM_EDGE_COLOUR,
    EVENT_EDGE_COLOUR,
    ROLE_LABELS,
    edge_colour,
    style_table,
    vis_options,
)
from kgbuild.export.view.tables import P, PageTables
from kgbuild.export.view.times import canvas_label, date_range, event_time, time_display
from kgbuild.graph.index import (
    ALT_LABEL,
    TripleIndex,
    compact_iri,
    event_roles,
    label_of,
    node_id,
    relation_triples,
)
from kgbuild.ontology import GEO, KG_IRI, OWL, SYMMETRIC_PROPERTIES

__all__ = ["Model", "build_model", "page_data"]

_MIN_SIZE = 10.0
_MAX_SIZE = 40.0
_QID = re.compile(r"Q[1-9][0-9]{0,11}")
_WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
_LAT, _LONG, _SAME_AS = str(GEO.lat), str(GEO.long), str(OWL.sameAs)


@dataclass(frozen=True, slots=True)
class Model:
    """What the page draws (``nodes``, ``edges``), what its panel shows (``info``), the number of
    entities per class and of events (``counts``), and the shared tables."""

    nodes: list[VisNode]
    edges: list[VisEdge]
    info: dict[str, Any]
    counts: dict[str, int]
    tables: PageTables


def build_model(graph: Graph | TripleIndex) -> Model:
    """The model of ``graph`` (or of its index)."""
    index = graph if isinstance(graph, TripleIndex) else TripleIndex.of_graph(graph)
    page = PageTables(index)
    entities, events = page.entities, page.events
    entity_order = sorted(entities, key=lambda e: (label_of(index, e).casefold(), label_of(index, e), str(e)))
    event_times = {e: event_time(index, e) for e in events}
    event_order = sorted(
        events, key=lambda e: (date_range(event_times[e]) or ["9999"], page.event_name(e).casefold(), str(e))
    )
    order = entity_order + event_order
    info: dict[str, Any] = {str(e): _entity_record(page, e) for e in entity_order}
    edges: list[VisEdge] = []
    _add_relation_edges(page, entity_order, {term: i for i, term in enumerate(order)}, info, edges)
    for event in event_order:
        info[str(event)] = _event_record(page, event, event_times[event])
        _add_role_edges(page, event, info, edges)

    nodes = _vis_nodes(page, order, info)
    counts: dict[str, int] = defaultdict(int)
    for entity in entity_order:
        counts[entities[entity]] += 1
    counts["Event"] = len(events)
    return Model(nodes=nodes, edges=edges, info=info, counts=dict(counts), tables=page)


def page_data(model: Model, selected: str | None = None) -> PageData:
    """The JSON document of the page; ``selected`` is kept when it names an entity or event."""
    large = len(model.nodes) > LARGE_GRAPH_NODES
    return {
        "nodes": model.nodes,
        "edges": model.edges,
        "options": vis_options(large),
        "info": model.info,
        "docs": model.tables.docs,  # type: ignore[typeddict-item]
        "claims": model.tables.claims,  # type: ignore[typeddict-item]
        "sentences": model.tables.sentence_table(),
        "evidence": model.tables.evidence,
        "styles": style_table(),  # type: ignore[typeddict-item]
        "physics": not large,
        "selected": selected if model.info.get(selected or "", {}).get("t") in ("entity", "event") else None,
    }


def _entity_record(page: PageTables, entity: str) -> EntityInfo:
    """What the panel shows of an entity: names, class, identifiers, place, mentions."""
    index = page.index
    label = label_of(index, entity)
    evidence = page.evidence_of(index.objects(entity, P.evidence))
    qids: set[str] = set()
    other: set[str] = set()
    for same in index.objects(entity, _SAME_AS):
        iri = str(same)
        local = iri[len(_WIKIDATA_ENTITY):]
        # Only a well-formed Q-id ever becomes a link; anything else is shown as text.
        if iri.startswith(_WIKIDATA_ENTITY) and _QID.fullmatch(local):
            qids.add(local)
        else:
            other.add(compact_iri(iri))
    record: EntityInfo = {
        "t": "entity",
        "cls": page.entities[entity],
        "name": label,
        "alt": [a for a in index.texts(entity, ALT_LABEL) if a != label],
        "ev": evidence,
        "docs": page.docs_of(evidence),
    }
    if qids:
        record["wd"] = sorted(qids)
    if other:
        record["same"] = sorted(other)
    lat, long = index.first(entity, _LAT), index.first(entity, _LONG)
    if lat and long:
        record["geo"] = [lat, long]
    return record


def _add_relation_edges(
    page: PageTables, entity_order: list[str], number: dict[str, int], info: dict[str, Any], edges: list[VisEdge]
) -> None:
    """One edge per related pair and direction: parallel relations share it (``leaderOf,
    memberOf``), a symmetric one is drawn once without an arrow."""
    entities = page.entities
    grouped: dict[tuple[str, str, bool], set[str]] = defaultdict(set)
    for entity, name, obj in relation_triples(page.index, entity_order):
        if obj not in entities or obj == entity:
            continue
        if name in SYMMETRIC_PROPERTIES:
            a, b = sorted((entity, obj), key=lambda t: number[t])
            grouped[(a, b, False)].add(name)
        else:
            grouped[(entity, obj, True)].add(name)

    reified = page.index.reified()
    for (source, target, directed), names in sorted(
        grouped.items(), key=lambda kv: (number[kv[0][0]], number[kv[0][1]], kv[0][2])
    ):
        supports: list[str] = []
        for name in sorted(names):
            supports += reified.get((source, KG_IRI + name, target), [])
            if not directed:
                supports += reified.get((target, KG_IRI + name, source), [])
        evidence = page.evidence_of(supports)
        claims_only = page.claims_only(evidence)
        label = ", ".join(sorted(names))
        edge_id = f"r{len(edges) + 1}"
        arrow = "→" if directed else "↔"
        edge: VisEdge = {
            "id": edge_id,
            "from": source,
            "to": target,
            "label": label,
            "title": f"{info[source]['name']} {arrow} {label} {arrow} {info[target]['name']}",
        }
        if directed:
            edge["arrows"] = "to"
        if claims_only:
            edge["color"] = edge_colour(CLAIM_EDGE_COLOUR)
            edge["dashes"] = [4, 4]
        edges.append(edge)
        info[edge_id] = {"t": "relation", "preds": [f"kg:{n}" for n in sorted(names)], "dir": directed,
                         "ev": evidence, "docs": page.docs_of(evidence), "co": claims_only}


def _figures(page: PageTables, event: str) -> tuple[list[Figure], set[int]]:
    """Every casualty figure of ``event`` with who gave it, in the order the text gives them, and
    the documents they come from."""
    index = page.index
    figures: list[Figure] = []
    figure_docs: set[int] = set()
    for figure in index.objects(event, P.casualties):
        fig_evidence = page.evidence_of(index.objects(figure, P.evidence))
        figure_docs.update(page.docs_of(fig_evidence))
        victims = index.objects(figure, P.victimSide)
        by = index.objects(figure, P.claimedBy)
        record = {
            "text": index.first(figure, P.figureText) or "",
            "category": index.first(figure, P.category) or "",
            "qualifier": index.first(figure, P.qualifier) or "",
            "count": index.first(figure, P.count) or "",
            "min": index.first(figure, P.minCount) or "",
            "max": index.first(figure, P.maxCount) or "",
            "victims": page.who(victims[0]) if victims else None,  # type: ignore[arg-type]
            "by": page.who(by[0]) if by else None,  # type: ignore[arg-type]
            "source": index.first(figure, P.sourceDescription) or "",
            "ev": fig_evidence,
        }
        figures.append({k: v for k, v in record.items() if v})  # type: ignore[misc]
    figures.sort(key=lambda f: (page.evidence_keys[f["ev"][0]] if f.get("ev") else ((), 0, 0, "", ""),
                                f.get("text", ""), f.get("category", "")))
    return figures, figure_docs


def _event_record(page: PageTables, event: str, time: dict[str, str]) -> EventInfo:
    """What the panel shows of an event: class, time, place, participants with their roles, every
    casualty figure with who gave it, evidence."""
    evidence = page.evidence_of(page.index.objects(event, P.evidence))
    figures, figure_docs = _figures(page, event)
    roles: list[list[str]] = []
    places: list[str] = []
    for role, _prop, obj in event_roles(page.index, event):
        if obj in page.entities:
            if role == "hasPlace":
                places.append(obj)
            roles.append([ROLE_LABELS[role], obj])
    return {
        "t": "event",
        "cls": page.events[event],
        "name": page.event_name(event),
        "time": time,  # type: ignore[typeddict-item]
        "range": date_range(time),
        "roles": roles,
        "places": places,
        "figures": figures,
        "ev": evidence,
        "docs": sorted(set(page.docs_of(evidence)) | figure_docs),
        "co": page.claims_only(evidence),
    }


def _add_role_edges(page: PageTables, event: str, info: dict[str, Any], edges: list[VisEdge]) -> None:
    """An edge from the event to each participant and its place, labelled with its first role."""
    record = info[event]
    drawn: set[str] = set()
    for role, prop, obj in event_roles(page.index, event):
        if obj not in page.entities or obj in drawn:
            continue
        drawn.add(obj)
        label = ROLE_LABELS[role]
        # The event's sentences that also name this participant support the edge.
        named_in = {(page.evidence[i][0], page.evidence[i][1]) for i in info[obj]["ev"]}
        own = [i for i in record["ev"] if (page.evidence[i][0], page.evidence[i][1]) in named_in]
        edge_id = f"v{len(edges) + 1}"
        edges.append({
            "id": edge_id,
            "from": event,
            "to": obj,
            "label": label,
            "title": f"{record['name']} → {label} → {info[obj]['name']}",
            "arrows": "to",
            "dashes": True,
            "color": edge_colour(CLAIM_EDGE_COLOUR if record["co"] else EVENT_EDGE_COLOUR),
            "width": 1,
        })
        info[edge_id] = {"t": "role", "preds": [compact_iri(prop)], "ev": own or record["ev"], "evAll": not own,
                         "docs": record["docs"], "co": record["co"]}


def _drawn_pairs(page: PageTables, order: list[str]) -> list[tuple[int, int]]:
    """The node pairs (numbers in ``order``) that the entity–event network links: relations
    between entities, participations of entities in events."""
    from kgbuild.graph.network import to_networkx

    position = {node_id(term): i for i, term in enumerate(order)}
    entities = {node_id(term) for term in page.entities}
    pairs: set[tuple[int, int]] = set()
    for u, v, data in to_networkx(page.index).edges(data=True):
        if u == v or u not in position or v not in entities:
            continue
        if data["kind"] == "relation" and u not in entities:
            continue
        a, b = position[u], position[v]
        pairs.add((a, b) if a < b else (b, a))
    return sorted(pairs)


def _vis_nodes(page: PageTables, order: list[str], info: dict[str, Any]) -> list[VisNode]:
    """vis node records, sized by degree centrality and placed by the Python layout."""
    import networkx as nx

    pairs = _drawn_pairs(page, order)
    network = nx.Graph()
    network.add_nodes_from(range(len(order)))
    network.add_edges_from(pairs)
    degree = dict(network.degree())
    # Betweenness (who bridges otherwise distant parts) is shown in the panel; it costs a
    # breadth-first search per node, so large graphs go without it.
    betweenness = nx.betweenness_centrality(network) if 2 < len(order) <= LARGE_GRAPH_NODES else {}
    top = max(degree.values(), default=0) or 1
    positions = compute_layout(len(order), pairs, seed=LAYOUT_SEED)

    nodes: list[VisNode] = []
    for i, term in enumerate(order):
        record = info[term]
        record["deg"] = degree[i]
        if betweenness:
            record["btw"] = round(betweenness[i], 4)
        size = round(_MIN_SIZE + (_MAX_SIZE - _MIN_SIZE) * math.sqrt(degree[i] / top), 1)
        if term in page.events:
            label = canvas_label(page.index.first(term, P.label), page.events[term], time_display(record["time"]))
            group = "Event"
        else:
            label, group = record["name"] or " ", record["cls"]
        x, y = positions[i]
        nodes.append({"id": term, "label": label, "group": group, "title": f"{record['cls']}: {record['name']}",
                      "size": size, "x": x, "y": y})
    return nodes
