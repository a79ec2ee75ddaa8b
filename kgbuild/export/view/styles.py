"""Export stage (HTML view): how each kind of node and edge is drawn, and vis-network's options.

Colours are Paul Tol's "muted" qualitative scheme, distinguishable under the common colour-vision
deficiencies; shapes repeat the distinction for readers who cannot rely on colour at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kgbuild.export.view.layout import LAYOUT_SEED

__all__ = [
    "NodeStyle",
    "CLASS_STYLES",
    "EVENT_STYLE",
    "ROLE_LABELS",
    "RELATION_EDGE_COLOUR",
    "EVENT_EDGE_COLOUR",
    "CLAIM_EDGE_COLOUR",
    "edge_colour",
    "legend_styles",
    "style_table",
    "swatch",
    "vis_options",
]


@dataclass(frozen=True, slots=True)
class NodeStyle:
    """How one kind of node is drawn: a ``#RRGGBB`` fill and a vis-network shape name."""

    colour: str
    shape: str


# The order is the legend's.
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

ROLE_LABELS = {"attacker": "attacker", "target": "target", "hasActor": "participant", "hasPlace": "place"}
"""The words the page uses for the event roles (named by their property in the graph)."""

RELATION_EDGE_COLOUR = "#444444"
EVENT_EDGE_COLOUR = "#9A9A9A"
CLAIM_EDGE_COLOUR = "#D08A1E"
_PHYSICS_ITERATIONS = 200


def legend_styles() -> list[tuple[str, NodeStyle]]:
    """Every kind of node in legend order: the entity classes, then events."""
    return list(CLASS_STYLES.items()) + [("Event", EVENT_STYLE)]


def style_table() -> dict[str, dict[str, str]]:
    """The styles as the page's data carries them (the panel draws its own swatches)."""
    return {name: {"colour": s.colour, "shape": s.shape} for name, s in legend_styles()}


def edge_colour(colour: str) -> dict[str, str]:
    """A vis edge colour that turns black when highlighted or hovered."""
    return {"color": colour, "highlight": "#000000", "hover": "#000000"}


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


_SHAPES = {
    "dot": '<circle cx="8" cy="8" r="6"/>',
    "square": '<rect x="2" y="2" width="12" height="12"/>',
    "triangle": '<polygon points="8,1.5 14.5,14 1.5,14"/>',
    "triangleDown": '<polygon points="1.5,2 14.5,2 8,14.5"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8"/>',
    "hexagon": '<polygon points="8,1 14,4.5 14,11.5 8,15 2,11.5 2,4.5"/>',
    "star": '<polygon points="8,1 9.9,6 15,6 10.9,9.2 12.4,14.5 8,11.3 3.6,14.5 '
    '5.1,9.2 1,6 6.1,6"/>',
}


def swatch(style: NodeStyle) -> str:
    """A small inline SVG of the node's shape and colour for the legend."""
    fill, stroke = style.colour, _darker(style.colour)
    return (
        f'<svg class="swatch" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">'
        f'<g fill="{fill}" stroke="{stroke}" stroke-width="1.2">{_SHAPES[style.shape]}</g></svg>'
    )


def _physics(large: bool) -> dict[str, Any]:
    if large:
        return {"enabled": False}
    # forceAtlas2Based settles a few hundred nodes quickly from the Python layout; avoidOverlap
    # keeps labels apart. The iteration count bounds the wait.
    return {
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
        "stabilization": {"enabled": True, "iterations": _PHYSICS_ITERATIONS, "updateInterval": 50, "fit": True},
    }


def vis_options(large: bool) -> dict[str, Any]:
    """vis-network's options: groups per class, node and edge looks, and for a large graph no
    physics, straight edges and no hover effects (they cost a redraw each)."""
    groups = {name: {"shape": s.shape, "color": _colour(s.colour)} for name, s in CLASS_STYLES.items()}
    groups["Event"] = {
        "shape": EVENT_STYLE.shape,
        "color": _colour(EVENT_STYLE.colour),
        "font": {"size": 12, "color": "#333333"},
    }
    return {
        "autoResize": True,
        "groups": groups,
        "nodes": {
            "borderWidth": 1.5,
            "borderWidthSelected": 3,
            "font": {"size": 14, "face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "widthConstraint": {"maximum": 190},
        },
        "edges": {
            "color": edge_colour(RELATION_EDGE_COLOUR),
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
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": False},
        "physics": _physics(large),
    }
