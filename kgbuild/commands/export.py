"""``kgbuild export``: a graph file or store in another RDF format, or as a network for Gephi/yEd."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

from kgbuild.cli import app, out
from kgbuild.errors import UsageError

__all__ = ["export"]

FORMATS = ("turtle", "trig", "nt", "jsonld", "graphml", "gexf")
_BY_SUFFIX = {
    ".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".jsonld": "jsonld", ".json": "jsonld",
    ".graphml": "graphml", ".gexf": "gexf",
}


@app.command()
def export(
    source: Path = typer.Argument(
        ..., metavar="SOURCE", help="Graph file (.ttl .trig .nt .nq .jsonld .rdf) or store directory of build --store."
    ),
    fmt: Optional[str] = typer.Option(
        None, "--format",
        help="turtle, trig (one named graph per document), nt, jsonld (expanded), graphml or gexf "
        "(default: by the suffix of -o, else turtle).",
    ),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default: standard output)."),
) -> None:
    """Write SOURCE in another format: sorted, so the same graph always gives the same bytes."""
    if fmt is None:
        fmt = _BY_SUFFIX.get(output.suffix.lower(), "turtle") if output is not None else "turtle"
    if fmt not in FORMATS:
        raise UsageError(f"unknown --format '{fmt}' (use one of: {', '.join(FORMATS)})")
    if fmt in ("graphml", "gexf"):
        from kgbuild.export.networks import export_network

        data = export_network(source, fmt)
    else:
        from kgbuild.export.rdf import export_rdf

        data = export_rdf(source, fmt)
    if output is None:
        sys.stdout.flush()
        try:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        except BrokenPipeError:  # `| head`: the reader has what it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    from kgbuild.files import write_atomic

    if output.is_dir():
        raise UsageError(f"cannot write '{output}': it is a directory (give a file name with -o FILE)")
    write_atomic(output, data)
    out.print(f"wrote {output} ({fmt}, {len(data):,} bytes)", markup=False)
