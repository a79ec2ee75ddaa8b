"""Export stage (HTML view): the model → one self-contained HTML page.

The page is ``templates/page.html`` filled with the page's JSON document (``schema.PageData``),
its own script and stylesheet (``static/view.js``, ``static/view.css``) and the vis-network script
and stylesheet that pyvis ships in its package, all inlined: the page needs no network. All of
them are package data, read with importlib.resources. (pyvis's own templates link Bootstrap and
other assets from CDNs even with ``cdn_resources="in_line"``, so they are not used.)
"""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from rdflib import Graph

from kgbuild.errors import OutputError
from kgbuild.export.view.model import build_model, page_data
from kgbuild.export.view.styles import legend_styles, swatch
from kgbuild.files import write_atomic

__all__ = ["write_html", "render_html"]

# Where pyvis keeps vis-network; read at render time so the page matches the installed pyvis.
_VIS_DIR = ("lib", "vis-9.1.2")
_SOURCE_MAP = re.compile(r"(//[#@]\s*sourceMappingURL=[^\n]*|/\*[#@]\s*sourceMappingURL=[^*]*\*/)")


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


def _render(graph: Graph, *, title: str, selected: str | None = None) -> tuple[str, int]:
    model = build_model(graph)
    counts = model.counts
    entities = sum(n for k, n in counts.items() if k != "Event")
    summary = _summary(entities, counts.get("Event", 0), len(model.edges), len(model.tables.docs))
    vis_script, vis_style = _vis_assets()
    heading = html.escape(title)
    page = Template(_package_text("templates", "page.html")).substitute(
        title=heading,
        summary=html.escape(summary),
        legend=_legend(counts),
        empty_note='<p id="empty">This graph has no entities or events.</p>\n' if not model.nodes else "",
        data=_script_json(page_data(model, selected)),
        style=_package_text("static", "view.css"),
        script=_package_text("static", "view.js"),
        vis_style=vis_style,
        vis_script=vis_script,
    )
    return page, len(model.nodes)


def _package_text(*parts: str) -> str:
    return resources.files("kgbuild.export.view").joinpath(*parts).read_text(encoding="utf-8")


def _vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet from pyvis's package, ready to inline."""
    base = resources.files("pyvis").joinpath(*_VIS_DIR)
    try:
        script = base.joinpath("vis-network.min.js").read_text(encoding="utf-8")
        style = base.joinpath("vis-network.css").read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError) as exc:
        raise OutputError(
            f"cannot write the HTML view: vis-network is missing from pyvis at '{base}' "
            f"({getattr(exc, 'strerror', None) or exc}) (reinstall it with: pip install --force-reinstall pyvis==0.3.2)"
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


def _legend(counts: dict[str, int]) -> str:
    """The legend's rows: a class filter checkbox, swatch, name and count per kind of node."""
    empty_row = ' class="none"'
    return "\n".join(
        f'<li{"" if counts.get(name) else empty_row}><label>'
        f'<input type="checkbox" class="class-filter" value="{html.escape(name)}" checked>'
        f'{swatch(style)}<span class="name">{html.escape(name)}</span>'
        f'<span class="count">{counts.get(name, 0)}</span></label></li>'
        for name, style in legend_styles()
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
