"""``kgbuild evaluate``: score a graph against a gold annotation, or a directory of graphs against a
directory of gold files (quality)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kgbuild.cli.app import app, err

__all__ = ["evaluate"]

GraphPath = Annotated[Path, typer.Argument(
    metavar="GRAPH", help="Graph file built by kgbuild, or a directory of graphs (NAME.ttl or NAME/graph.ttl).")]
GoldPath = Annotated[Path, typer.Argument(
    metavar="GOLD", help="Gold annotation (JSON), or a directory of NAME.json gold files such as ../shared/gold/dev.")]
JsonFile = Annotated[Optional[Path], typer.Argument(
    metavar="[FILE]", help="With --json: write the scores to FILE as JSON and print the text report.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print the scores as JSON, or write them to FILE.")]


@app.command()
def evaluate(graph: GraphPath, gold: GoldPath, json_file: JsonFile = None, as_json: AsJson = False) -> None:
    """Score a graph against a gold annotation, or a directory of graphs against one of gold files
    (a row per article and micro-averaged totals)."""
    from kgbuild.errors import UsageError
    from kgbuild.quality import evaluate_paths, write_json

    if json_file is not None and not as_json:
        raise UsageError(f"unexpected argument '{json_file}' (to write the scores to it as JSON, put --json before it)")
    text, data = evaluate_paths(graph, gold, warn=lambda message: err.print(message, markup=False))
    if json_file is not None:
        write_json(json_file, data)
    if as_json and json_file is None:
        sys.stdout.write(json.dumps(data, indent=2, sort_keys=True) + "\n")
    else:
        sys.stdout.write(text)
