"""``kgbuild validate``: check a graph against the SHACL shapes of the vocabulary's contract (quality)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kgbuild.cli.app import Source, app

__all__ = ["validate"]

Shapes = Annotated[Optional[Path], typer.Option(
    "--shapes", metavar="FILE", help="SHACL shapes file (default: ontologies/shapes.ttl, the vocabulary's contract).",
)]


@app.command()
def validate(source: Source, shapes: Shapes = None) -> None:
    """Check a graph with SHACL: one line per violation (node, property, rule), exit 1 if any."""
    from kgbuild.quality.validate import GraphNotValid, format_report, validate_graph

    report = validate_graph(source, shapes)
    sys.stdout.write(format_report(report))
    sys.stdout.flush()
    if not report.conforms:
        # An error, not typer.Exit(1): cli.main returns 0 for a typer.Exit raised by a command.
        errors = sum(1 for v in report.violations if v.severity == "violation")
        raise GraphNotValid(
            f"'{source}' does not conform to {report.shapes}: {errors} violation(s), listed above "
            "(fix the graph, or the extraction that made it)"
        )
