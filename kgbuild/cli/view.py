"""``kgbuild view``: the interactive HTML view of a graph, of one actor's neighbourhood or of one event (export)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kgbuild.cli.app import Source, app, out

__all__ = ["view"]

OutputFile = Annotated[Path, typer.Option("-o", "--output", metavar="FILE", help="The HTML file to write.")]
Focus = Annotated[Optional[str], typer.Option(
    "--focus", metavar="NAME",
    help="Only this entity's neighbourhood: its name or any alias (case- and accent-insensitive), or its IRI.",
)]
Depth = Annotated[int, typer.Option(
    "--depth", metavar="N", min=0, help="Hops from --focus, through relations and shared events.",
)]
Event = Annotated[Optional[str], typer.Option(
    "--event", metavar="NAME",
    help="Only this event, with its participants, place and casualty figures: part of its label, or its key.",
)]
Title = Annotated[Optional[str], typer.Option("--title", metavar="TEXT", help="Heading of the page.")]


@app.command()
def view(
    source: Source, output: OutputFile, focus: Focus = None, depth: Depth = 1, event: Event = None,
    title: Title = None,
) -> None:
    """Write the interactive HTML view of SOURCE (or of a part of it) to FILE; it works offline."""
    from kgbuild.errors import UsageError
    from kgbuild.export.view import event_graph, find_entity, find_event, focus_graph, write_html
    from kgbuild.graph.store import load_graph
    from kgbuild.ontology import RDFS

    if focus is not None and event is not None:
        raise UsageError("give --focus NAME or --event NAME, not both")
    if depth != 1 and focus is None:
        raise UsageError("--depth goes with --focus NAME")
    graph = load_graph(source)
    selected = None
    if focus is not None:
        node = find_entity(graph, focus)
        name = str(graph.value(node, RDFS.label) or focus)
        graph = focus_graph(graph, str(node), depth)
        heading = title or f"{name} and what lies within {depth} {'hop' if depth == 1 else 'hops'}"
        selected = str(node)
    elif event is not None:
        node = find_event(graph, event)
        name = str(graph.value(node, RDFS.label) or event)
        graph = event_graph(graph, str(node))
        heading = title or name
        selected = str(node)
    else:
        heading = title or f"kgbuild: {source.name}"
    count = write_html(graph, output, title=heading, selected=selected)
    out.print(f"wrote {output} ({count} {'node' if count == 1 else 'nodes'})", markup=False)
