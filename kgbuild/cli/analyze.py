"""``kgbuild analyze``: central actors, communities, co-participation and a path with its evidence (analysis)."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from rich import box
from rich.table import Table
from rich.text import Text

from kgbuild.cli.app import Source, app, out
from kgbuild.errors import UsageError

if TYPE_CHECKING:
    from kgbuild.analysis import ActorRank, CoParticipation, PathStep

__all__ = ["analyze", "FORMATS"]

FORMATS = ("table", "json")

Top = Annotated[int, typer.Option("--top", metavar="N", min=1, help="How many actors and actor pairs to list.")]
PathEnds = Annotated[Optional[tuple[str, str]], typer.Option(
    "--path", metavar="A B",
    help="Also show the shortest path from A to B (labels or other names), with the evidence of every step.",
)]
Format = Annotated[str, typer.Option("--format", metavar="FORMAT", help="table or json.")]


@app.command()
def analyze(source: Source, top: Top = 10, path: PathEnds = None, fmt: Format = "table") -> None:
    """Rank the central actors of a graph, find communities and co-participation, and trace a path."""
    # analytics (and networkx) load only when this command runs, not for every kgbuild command
    from kgbuild.analysis import (
        NoPathError, co_participation, communities, find_node, rank_actors, shortest_path, to_networkx,
    )
    from kgbuild.graph.store import load_graph

    if fmt not in FORMATS:
        raise UsageError(f"unknown --format '{fmt}' (use {' or '.join(FORMATS)})")
    G = to_networkx(load_graph(source))
    if path is not None:
        for name in path:  # unknown names fail before any output
            find_node(G, name)
    ranks = rank_actors(G, top)
    groups = communities(G)
    pairs = co_participation(G)[:top]
    steps: list[PathStep] | None = None
    missing: NoPathError | None = None
    if path is not None:
        try:
            steps = shortest_path(G, *path)
        except NoPathError as exc:
            missing = exc

    if fmt == "json":
        sys.stdout.write(json.dumps(_as_json(ranks, groups, pairs, path, steps), ensure_ascii=False, indent=2) + "\n")
    else:
        _print_tables(ranks, groups, pairs, path, steps)
    if missing is not None:
        raise missing  # the rest is printed; the CLI reports the missing path and exits 1


def _as_json(
    ranks: list[ActorRank], groups: list[list[str]], pairs: list[CoParticipation],
    path: tuple[str, str] | None, steps: list[PathStep] | None,
) -> dict[str, Any]:
    """One object, keys in a fixed order (insertion order; json.dumps keeps it)."""
    result: dict[str, Any] = {
        "top_actors": [
            {
                "rank": r.rank, "label": r.label, "iri": r.iri, "class": r.entity_class, "degree": r.degree,
                "events": r.events, "evidence": r.evidence, "betweenness": round(r.betweenness, 6),
                "score": round(r.score, 6),
            }
            for r in ranks
        ],
        "communities": groups,
        "co_participation": [
            {"actor_a": p.actor_a, "actor_b": p.actor_b, "shared_events": p.shared_events} for p in pairs
        ],
        "path": None,
    }
    if path is not None:
        result["path"] = {
            "from": path[0],
            "to": path[1],
            "found": steps is not None,
            "steps": [
                {
                    "source": s.source, "link": s.link, "target": s.target, "forward": s.forward,
                    "source_iri": s.source_iri, "target_iri": s.target_iri,
                    "evidence": [{"sentence": e.sentence, "file": e.source_file} for e in s.evidence],
                }
                for s in steps or ()
            ],
        }
    return result


def _print_tables(
    ranks: list[ActorRank], groups: list[list[str]], pairs: list[CoParticipation],
    path: tuple[str, str] | None, steps: list[PathStep] | None,
) -> None:
    # Narrow, unbordered columns: the actor's name gets the width (80 columns when piped).
    table = Table(title="Top actors", show_header=True, header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False,
                  collapse_padding=True)
    for name, justify in (("rank", "right"), ("actor", "left"), ("class", "left"), ("degree", "right"),
                          ("betweenness", "right"), ("evidence", "right"), ("score", "right")):
        table.add_column(name, justify=justify, overflow="fold", no_wrap=name != "actor")
    for r in ranks:
        table.add_row(str(r.rank), Text(r.label), r.entity_class, str(r.degree), f"{r.betweenness:.3f}",
                      str(r.evidence), f"{r.score:.2f}")
    out.print(table)
    out.print(Text("degree: distinct neighbours (entities and events); evidence: distinct sentences behind "
                   "those links; score = evidence × (1 + betweenness)", style="dim"))

    out.print()
    out.print(Text("Communities", style="bold"))
    if not groups:
        out.print(Text("  none: no two actors are linked"))
    for i, group in enumerate(groups, start=1):
        out.print(Text(f"  {i}. " + ", ".join(group)))

    out.print()
    table = Table(title="Co-participation (actors in the same events)", show_header=True, header_style="bold",
                  box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column("actor", overflow="fold")
    table.add_column("actor", overflow="fold")
    table.add_column("shared events", justify="right")
    for p in pairs:
        table.add_row(Text(p.actor_a), Text(p.actor_b), str(p.shared_events))
    out.print(table)
    if not pairs:
        out.print(Text("  no two actors take part in the same event"))

    if path is None:
        return
    out.print()
    if steps is None:
        out.print(Text(f"Path from '{path[0]}' to '{path[1]}': none", style="bold"))
        return
    if not steps:
        out.print(Text(f"Path from '{path[0]}' to '{path[1]}': both name the same node", style="bold"))
        return
    out.print(Text(f"Path: {steps[0].source} → {steps[-1].target} ({len(steps)} steps)", style="bold"))
    for i, step in enumerate(steps, start=1):
        arrow = f" —{step.link}→ " if step.forward else f" ←{step.link}— "
        out.print(Text(f"  {i}. {step.source}{arrow}{step.target}"))
        for ev in step.evidence:
            out.print(Text(f"       “{ev.sentence}” ({ev.source_file})", style="dim"))
