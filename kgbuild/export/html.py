"""Export stage: an offline, interactive HTML view of a graph (vis-network via pyvis).

The page is one self-contained file: the vis-network script and stylesheet that pyvis ships in
its package are inlined, and nothing is fetched from a CDN (pyvis's own templates link Bootstrap
and other assets even with ``cdn_resources="in_line"``, so they are not used). pyvis builds the
node, edge and option records; this module lays them out in its own small page with a heading
and a legend. The same graph always gives the same bytes: nodes and edges are sorted and every
id is derived from the graph, and the browser layout uses a fixed random seed.

The page exposes the vis ``Network`` as ``window.network`` and sets
``window.kgbuildStabilized = true`` once the physics layout has settled.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kgbuild.errors import OutputError
from kgbuild.files import write_atomic
from kgbuild.ontology import (
    ENTITY_CLASSES,
    EVENT_CLASSES,
    KG,
    KG_IRI,
    OWL,
    PREFIXES,
    RDF,
    RDFS,
    SEM,
    SKOS,
)

__all__ = ["write_html", "render_html", "CLASS_STYLES", "EVENT_STYLE", "NodeStyle"]


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

# kg: relations that read the same both ways are drawn once, without an arrow.
_SYMMETRIC = frozenset({"allyOf", "enemyOf", "near"})

# Event roles drawn as edges, most specific first: a sem:hasActor edge is left out where
# kg:attacker or kg:target already links the same event and actor.
_EVENT_ROLES: tuple[tuple[URIRef, str], ...] = (
    (KG.attacker, "attacker"),
    (KG.target, "target"),
    (SEM.hasActor, "hasActor"),
    (SEM.hasPlace, "hasPlace"),
)

_MIN_SIZE = 10.0
_MAX_SIZE = 40.0
_EVENT_SIZE = 8
_RELATION_EDGE_COLOUR = "#444444"
_EVENT_EDGE_COLOUR = "#999999"
_LAYOUT_SEED = 7


@dataclass(frozen=True, slots=True)
class _Entity:
    term: Node
    iri: str
    cls: str
    label: str
    alt_labels: tuple[str, ...]
    same_as: tuple[str, ...]
    mentions: int


@dataclass(frozen=True, slots=True)
class _Event:
    term: Node
    iri: str
    cls: str
    label: str
    date: str


def write_html(graph: Graph, path: Path, *, title: str = "kgbuild graph") -> int:
    """Write the interactive view of ``graph`` to ``path``; return the number of nodes drawn.

    Nodes are the entities and events of the graph. The file is replaced atomically.
    """
    page, count = _render(graph, title=title)
    write_atomic(Path(path), page)
    return count


def render_html(graph: Graph, *, title: str = "kgbuild graph") -> str:
    """Return the self-contained HTML page for ``graph`` (deterministic: same graph, same text)."""
    return _render(graph, title=title)[0]


# --------------------------------------------------------------------------- graph → records


def _render(graph: Graph, *, title: str) -> tuple[str, int]:
    entities = _collect_entities(graph)
    events = _collect_events(graph, exclude=entities.keys())
    relation_edges = _collect_relation_edges(graph, entities)
    event_edges = _collect_event_edges(graph, events, entities)
    nodes, edges, options = _build_network(entities, events, relation_edges, event_edges)
    page = _page(
        title=title,
        nodes=nodes,
        edges=edges,
        options=options,
        legend=_legend(entities, events),
        summary=_summary(len(entities), len(events), len(edges)),
    )
    return page, len(nodes)


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


def _text(nodes: Iterable[Node]) -> list[str]:
    return sorted({str(n) for n in nodes})


def _collect_entities(graph: Graph) -> dict[str, _Entity]:
    classes: dict[Node, set[str]] = defaultdict(set)
    for name in ENTITY_CLASSES:
        for subject in graph.subjects(RDF.type, KG[name]):
            classes[subject].add(name)
    entities: dict[str, _Entity] = {}
    for subject, names in classes.items():
        iri = str(subject)
        labels = _text(graph.objects(subject, RDFS.label))
        label = labels[0] if labels else _local_name(iri)
        entities[iri] = _Entity(
            term=subject,
            iri=iri,
            cls=next(c for c in CLASS_STYLES if c in names),
            label=label,
            alt_labels=tuple(a for a in _text(graph.objects(subject, SKOS.altLabel)) if a != label),
            same_as=tuple(_compact(s) for s in _text(graph.objects(subject, OWL.sameAs))),
            mentions=sum(1 for _ in graph.objects(subject, KG.evidence)),
        )
    return entities


def _collect_events(graph: Graph, *, exclude: Iterable[str]) -> dict[str, _Event]:
    skip = set(exclude)
    classes: dict[Node, set[str]] = defaultdict(set)
    for name in EVENT_CLASSES:
        for subject in graph.subjects(RDF.type, KG[name]):
            if str(subject) not in skip:
                classes[subject].add(name)
    events: dict[str, _Event] = {}
    for subject, names in classes.items():
        # Prefer a specific class (Attack) over the generic kg:Event.
        specific = sorted(names - {"Event"}) or ["Event"]
        labels = _text(graph.objects(subject, RDFS.label))
        events[str(subject)] = _Event(
            term=subject,
            iri=str(subject),
            cls=specific[0],
            label=labels[0] if labels else "",
            date=_event_date(graph, subject),
        )
    return events


def _event_date(graph: Graph, event: Node) -> str:
    stamps = _text(graph.objects(event, SEM.hasTimeStamp))
    if stamps:
        return stamps[0]
    begin = _text(graph.objects(event, SEM.hasBeginTimeStamp))
    end = _text(graph.objects(event, SEM.hasEndTimeStamp))
    if begin or end:
        return f"{begin[0] if begin else '?'}–{end[0] if end else '?'}"
    return ""


def _collect_relation_edges(
    graph: Graph, entities: dict[str, _Entity]
) -> dict[tuple[str, str, bool], set[str]]:
    """Group kg: relations by (source, target, directed); parallel relations share one edge."""
    grouped: dict[tuple[str, str, bool], set[str]] = defaultdict(set)
    for iri, entity in entities.items():
        for predicate, obj in graph.predicate_objects(entity.term):
            target = str(obj)
            if isinstance(obj, Literal) or target not in entities:
                continue
            pred = str(predicate)
            if not pred.startswith(KG_IRI):
                continue
            name = pred[len(KG_IRI):]
            if name in _SYMMETRIC:
                a, b = sorted((iri, target))
                grouped[(a, b, False)].add(name)
            else:
                grouped[(iri, target, True)].add(name)
    return grouped


def _collect_event_edges(
    graph: Graph, events: dict[str, _Event], entities: dict[str, _Entity]
) -> dict[tuple[str, str], str]:
    edges: dict[tuple[str, str], str] = {}
    for iri, event in events.items():
        for predicate, role in _EVENT_ROLES:
            for obj in _text(graph.objects(event.term, predicate)):
                if obj in entities:
                    edges.setdefault((iri, obj), role)
    return edges


# --------------------------------------------------------------------------- records → vis


def _node_size(mentions: int) -> float:
    return round(min(_MAX_SIZE, _MIN_SIZE + 4.0 * math.sqrt(mentions)), 1)


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


def _entity_tooltip(entity: _Entity) -> str:
    lines = [f"{entity.cls}: {entity.label}"]
    if entity.alt_labels:
        lines.append("also: " + "; ".join(entity.alt_labels))
    if entity.same_as:
        lines.append("same as: " + ", ".join(entity.same_as))
    lines.append(f"mentions: {entity.mentions}")
    lines.append(f"id: {_compact(entity.iri)}")
    return "\n".join(lines)


def _event_tooltip(event: _Event) -> str:
    lines = [f"{event.cls}" + (f": {event.label}" if event.label else "")]
    if event.date:
        lines.append(f"date: {event.date}")
    lines.append(f"id: {_compact(event.iri)}")
    return "\n".join(lines)


def _build_network(
    entities: dict[str, _Entity],
    events: dict[str, _Event],
    relation_edges: dict[tuple[str, str, bool], set[str]],
    event_edges: dict[tuple[str, str], str],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """Build the vis node, edge and option records with pyvis, in a fixed order."""
    try:
        from pyvis.network import Network
    except ImportError as exc:  # pragma: no cover - pyvis is a declared dependency
        raise OutputError(
            f"cannot write the HTML view: pyvis is not importable ({exc}) "
            "(install it with: pip install pyvis==0.3.2)"
        ) from exc

    net = Network(height="100%", width="100%", directed=True)
    # forceAtlas2Based settles a few hundred nodes quickly; avoidOverlap keeps labels apart.
    net.force_atlas_2based(
        gravity=-60,
        central_gravity=0.015,
        spring_length=110,
        spring_strength=0.08,
        damping=0.5,
        overlap=0.4,
    )
    net.toggle_stabilization(True)

    for entity in sorted(entities.values(), key=lambda e: (e.label.casefold(), e.label, e.iri)):
        style = CLASS_STYLES[entity.cls]
        net.add_node(
            entity.iri,
            label=entity.label or " ",
            shape=style.shape,
            color=_colour(style.colour),
            title=_entity_tooltip(entity),
            size=_node_size(entity.mentions),
            kind=entity.cls,
            mentions=entity.mentions,
        )
    for event in sorted(events.values(), key=lambda e: (e.date, e.cls, e.iri)):
        net.add_node(
            event.iri,
            label="\n".join(part for part in (event.cls, event.date) if part),
            shape=EVENT_STYLE.shape,
            color=_colour(EVENT_STYLE.colour),
            title=_event_tooltip(event),
            size=_EVENT_SIZE,
            font={"size": 11, "color": "#333333"},
            kind="Event",
        )

    edge_number = 0
    for (source, target, directed), names in sorted(relation_edges.items()):
        edge_number += 1
        label = ", ".join(sorted(names))
        arrow = "→" if directed else "↔"
        net.add_edge(
            source,
            target,
            id=f"r{edge_number}",
            label=label,
            title=f"{_node_name(source, entities, events)} {arrow} {label} {arrow} "
            f"{_node_name(target, entities, events)}",
            arrows={"to": {"enabled": directed, "scaleFactor": 0.6}},
            color={"color": _RELATION_EDGE_COLOUR, "highlight": "#000000"},
            width=1.5,
        )
    for (source, target), role in sorted(event_edges.items()):
        edge_number += 1
        net.add_edge(
            source,
            target,
            id=f"v{edge_number}",
            label=role,
            title=f"{_node_name(source, entities, events)} → {role} → "
            f"{_node_name(target, entities, events)}",
            arrows={"to": {"enabled": True, "scaleFactor": 0.5}},
            color={"color": _EVENT_EDGE_COLOUR, "highlight": "#000000"},
            dashes=True,
            width=1,
        )

    nodes, edges, _heading, _height, _width, options_json = net.get_network_data()
    options: dict[str, Any] = json.loads(options_json)
    options.pop("configure", None)
    options["edges"] = {
        "smooth": {"enabled": True, "type": "continuous"},
        "font": {"size": 11, "align": "middle", "strokeWidth": 3, "strokeColor": "#ffffff"},
        "selectionWidth": 2,
    }
    options["nodes"] = {
        "borderWidth": 1.5,
        "font": {"size": 14, "face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
    }
    options["interaction"].update({"hover": True, "tooltipDelay": 150, "navigationButtons": False})
    # A fixed seed makes the browser layout reproducible too; the "improved" initial layout
    # (Kamada-Kawai on clusters) is slow on large graphs and buys little there.
    options["layout"] = {"randomSeed": _LAYOUT_SEED, "improvedLayout": len(nodes) <= 150}
    options["physics"]["minVelocity"] = 0.75
    options["physics"]["stabilization"]["updateInterval"] = 25
    return nodes, edges, options


def _node_name(iri: str, entities: dict[str, _Entity], events: dict[str, _Event]) -> str:
    if iri in entities:
        return entities[iri].label
    event = events[iri]
    return " ".join(part for part in (event.cls, event.date) if part)


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


def _legend(entities: dict[str, _Entity], events: dict[str, _Event]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for entity in entities.values():
        counts[entity.cls] += 1
    rows = [
        f'<li>{_swatch(style)}<span class="name">{html.escape(name)}</span>'
        f'<span class="count">{counts[name]}</span></li>'
        for name, style in CLASS_STYLES.items()
    ]
    rows.append(
        f'<li>{_swatch(EVENT_STYLE)}<span class="name">Event</span>'
        f'<span class="count">{len(events)}</span></li>'
    )
    return "\n".join(rows)


def _summary(entities: int, events: int, links: int) -> str:
    return " · ".join(
        f"{n} {one if n == 1 else many}"
        for n, one, many in (
            (entities, "entity", "entities"),
            (events, "event", "events"),
            (links, "link", "links"),
        )
    )


_PAGE_CSS = """
html, body { margin: 0; padding: 0; height: 100%; }
body { display: flex; flex-direction: column; font-family: system-ui, -apple-system, "Segoe UI",
  Roboto, "Helvetica Neue", Arial, sans-serif; color: #222; background: #fafafa; }
header { padding: 0.6rem 1rem; border-bottom: 1px solid #ddd; background: #fff; }
header h1 { margin: 0; font-size: 1.35rem; font-weight: 600; }
header p { margin: 0.2rem 0 0; font-size: 0.85rem; color: #555; }
main { position: relative; flex: 1 1 auto; min-height: 420px; }
#graph { position: absolute; inset: 0; background: #ffffff; }
#legend { position: absolute; top: 0.75rem; right: 0.75rem; z-index: 2; background: rgba(255,255,255,0.93);
  border: 1px solid #ccc; border-radius: 6px; padding: 0.5rem 0.75rem; font-size: 0.82rem;
  box-shadow: 0 1px 4px rgba(0,0,0,0.12); }
#legend h2 { margin: 0 0 0.3rem; font-size: 0.85rem; font-weight: 600; }
#legend ul { list-style: none; margin: 0; padding: 0; }
#legend li { display: flex; align-items: center; gap: 0.45rem; line-height: 1.55; }
#legend .name { flex: 1 1 auto; }
#legend .count { color: #666; font-variant-numeric: tabular-nums; min-width: 2ch; text-align: right; }
#legend .swatch { flex: none; }
#empty { position: absolute; top: 45%; width: 100%; text-align: center; color: #777; }
div.vis-tooltip { white-space: pre-line; font-family: inherit; font-size: 0.82rem; max-width: 32rem; }
"""

_PAGE_SCRIPT = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kgbuild-data").textContent);
  var container = document.getElementById("graph");
  var network = new vis.Network(
    container,
    { nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges) },
    data.options
  );
  window.kgbuildStabilized = data.nodes.length === 0;
  function settled() { window.kgbuildStabilized = true; }
  network.once("stabilizationIterationsDone", settled);
  network.once("stabilized", settled);
  window.network = network;
})();
"""


def _page(
    *,
    title: str,
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    options: dict[str, Any],
    legend: str,
    summary: str,
) -> str:
    vis_script, vis_style = _vis_assets()
    heading = html.escape(title)
    empty = "" if nodes else '<p id="empty">This graph has no entities or events.</p>\n'
    data = _script_json({"nodes": nodes, "edges": edges, "options": options})
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="kgbuild">\n'
        f"<title>{heading}</title>\n"
        f"<style>\n{vis_style}\n</style>\n"
        f"<style>{_PAGE_CSS}</style>\n"
        "</head>\n<body>\n"
        f"<header>\n<h1>{heading}</h1>\n<p>{html.escape(summary)}</p>\n</header>\n"
        "<main>\n"
        f'<div id="graph" aria-label="{heading}: interactive network view"></div>\n'
        f"{empty}"
        '<aside id="legend" aria-label="Legend">\n<h2>Legend</h2>\n<ul>\n'
        f"{legend}\n</ul>\n</aside>\n</main>\n"
        f'<script id="kgbuild-data" type="application/json">{data}</script>\n'
        f"<script>\n{vis_script}\n</script>\n"
        f"<script>{_PAGE_SCRIPT}</script>\n"
        "</body>\n</html>\n"
    )
