"""``kgbuild evaluate``: score a graph against a gold annotation (quality)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from kgbuild.cli.app import app

__all__ = ["evaluate"]

GraphFile = Annotated[Path, typer.Argument(metavar="GRAPH", help="Graph file built by kgbuild.")]
GoldFile = Annotated[Path, typer.Argument(metavar="GOLD", help="Gold annotation (JSON) of ../shared/gold.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")]


@app.command()
def evaluate(graph: GraphFile, gold: GoldFile, as_json: AsJson = False) -> None:
    """Score a graph against a gold annotation: entity recall, duplicates, noise, relations, events."""
    from kgbuild.evaluate import evaluate_graph, format_report, load_gold, report_as_dict
    from kgbuild.graph.store import load_graph

    gold_data = load_gold(gold)
    report = evaluate_graph(load_graph(graph), gold_data)
    if as_json:
        sys.stdout.write(json.dumps(report_as_dict(report), indent=2, sort_keys=True) + "\n")
    else:
        sys.stdout.write(format_report(report))
