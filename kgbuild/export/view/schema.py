"""Export stage (HTML view): the schema of the JSON document the page carries.

The page reads one JSON document from ``<script id="kgbuild-data" type="application/json">``
(written with sorted keys and ``<``, ``>``, ``&`` escaped): a :class:`PageData`. These TypedDicts
are its one description; ``static/view.js`` reads nothing else. Keys marked optional are left out
when they would be empty. Nodes and edges are records of vis-network's ``DataSet`` as they are;
everything the side panel shows sits in ``info``, keyed by node IRI or edge id, and points into
the shared tables ``docs``, ``claims``, ``sentences`` and ``evidence`` by number.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict, Union

__all__ = [
    "PageData",
    "VisNode",
    "VisEdge",
    "Who",
    "Figure",
    "EventTime",
    "EntityInfo",
    "EventInfo",
    "RelationInfo",
    "RoleInfo",
    "Info",
    "DocRow",
    "ClaimRow",
    "EvidenceRow",
    "Style",
]


class VisNode(TypedDict):
    """A node as vis-network draws it: ``id`` is the node's IRI, ``group`` its class (``Event``
    for every event), ``label`` the canvas text (two lines for an event), ``title`` the tooltip,
    ``size`` from its degree, ``x``/``y`` the Python layout's position."""

    id: str
    label: str
    group: str
    title: str
    size: float
    x: float
    y: float


VisEdge = TypedDict(
    "VisEdge",
    {
        "id": str,
        "from": str,
        "to": str,
        "label": str,
        "title": str,
        "arrows": str,
        "dashes": Union[bool, list[int]],
        "color": dict[str, str],
        "width": int,
    },
    total=False,
)
"""An edge as vis-network draws it. Always: ``id`` (``r1``, ``r2`` ... for relations, ``v3`` ...
for event roles), ``from`` and ``to`` (node IRIs), ``label`` (the relation names, ``leaderOf,
memberOf``, or the role word) and ``title`` (the tooltip); ``arrows`` is ``"to"`` for a directed
edge, ``dashes``, ``color`` and ``width`` mark role edges and facts that only claims support."""


class Who(TypedDict, total=False):
    """Someone a figure or a claim names: ``name``, and ``id`` when the node is drawn."""

    name: str
    id: str


class Figure(TypedDict, total=False):
    """One casualty figure of an event, as given, beside who gave it; ``ev`` its evidence rows."""

    text: str
    category: str
    qualifier: str
    count: str
    min: str
    max: str
    victims: Who
    by: Who
    source: str
    ev: list[int]


class EventTime(TypedDict, total=False):
    """An event's time: stamps (``at``, or ``begin``/``end``), as written, and precision."""

    at: str
    begin: str
    end: str
    text: str
    precision: str


class EntityInfo(TypedDict, total=False):
    """The panel of an entity. Always: ``t`` = ``"entity"``, ``cls``, ``name``, ``alt`` (other
    names), ``ev`` (evidence rows), ``docs`` (document rows), ``deg`` (distinct neighbours);
    optional: ``wd`` (validated Wikidata Q-ids), ``same`` (other owl:sameAs, compacted), ``geo``
    ([lat, long]), ``btw`` (betweenness, graphs up to ``LARGE_GRAPH_NODES`` nodes)."""

    t: Literal["entity"]
    cls: str
    name: str
    alt: list[str]
    ev: list[int]
    docs: list[int]
    deg: int
    wd: list[str]
    same: list[str]
    geo: list[str]
    btw: float


class EventInfo(TypedDict, total=False):
    """The panel of an event: ``t`` = ``"event"``, ``cls``, ``name``, ``time``, ``range`` (first
    and last possible day, or null), ``roles`` ([role word, node IRI] pairs), ``places`` (node
    IRIs), ``figures``, ``ev``, ``docs``, ``co`` (only claims report it), ``deg``, ``btw``."""

    t: Literal["event"]
    cls: str
    name: str
    time: EventTime
    range: Union[list[str], None]
    roles: list[list[str]]
    places: list[str]
    figures: list[Figure]
    ev: list[int]
    docs: list[int]
    co: bool
    deg: int
    btw: float


class RelationInfo(TypedDict):
    """The panel of a relation edge: ``preds`` (``kg:allyOf`` ...), ``dir`` (false for a symmetric
    relation, drawn once without an arrow), ``ev``, ``docs``, ``co``."""

    t: Literal["relation"]
    preds: list[str]
    dir: bool
    ev: list[int]
    docs: list[int]
    co: bool


class RoleInfo(TypedDict):
    """The panel of an event-role edge: ``preds`` (``kg:attacker`` ...), ``ev`` (the event's
    sentences that name the node; all of them, with ``evAll`` true, when none does), ``docs`` and
    ``co`` (the event's)."""

    t: Literal["role"]
    preds: list[str]
    ev: list[int]
    evAll: bool
    docs: list[int]
    co: bool


Info = Union[EntityInfo, EventInfo, RelationInfo, RoleInfo]


class DocRow(TypedDict, total=False):
    """A document: ``file`` (its source file, else its IRI), ``title``, ``outlet``, ``date``, ``url``."""

    file: str
    title: str
    outlet: str
    date: str
    url: str


class ClaimRow(TypedDict, total=False):
    """A claim: who made it (``by``) or how the text describes the source, what was said, and
    whether it was hedged or denied."""

    by: Who
    source: str
    statement: str
    hedged: bool
    negated: bool


EvidenceRow = list[Any]
"""An evidence node: ``[document row or -1, sentence row, mention text]``, then ``[claim rows]``
when it was read inside claims."""


class Style(TypedDict):
    """A class's ``#RRGGBB`` colour and vis-network shape."""

    colour: str
    shape: str


class PageData(TypedDict):
    """The whole document: ``options`` are vis-network's; ``styles`` by class (``Event`` too);
    ``physics`` whether the browser settles the layout (false above ``LARGE_GRAPH_NODES``);
    ``selected`` the entity or event shown when the page opens, or null."""

    nodes: list[VisNode]
    edges: list[VisEdge]
    options: dict[str, Any]
    info: dict[str, Info]
    docs: list[DocRow]
    claims: list[ClaimRow]
    sentences: list[str]
    evidence: list[EvidenceRow]
    styles: dict[str, Style]
    physics: bool
    selected: Union[str, None]
