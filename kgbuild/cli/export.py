"""``kgbuild export``: a graph file or store in another RDF format, or as a network for Gephi/yEd (export)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kgbuild.cli.app import Source, app, out, write_stdout_bytes
from kgbuild.errors import UsageError

__all__ = ["export", "FORMATS"]

FORMATS = ("turtle", "trig", "nt", "jsonld", "graphml", "gexf")
_BY_SUFFIX = {
    ".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".jsonld": "jsonld", ".json": "jsonld",
    ".graphml": "graphml", ".gexf": "gexf",
}

Format = Annotated[Optional[str], typer.Option(
    "--format", metavar="FORMAT",
    help="turtle, trig (one named graph per document), nt, jsonld (expanded), graphml or gexf "
    "(default: by the suffix of -o, else turtle).",
)]
OutputFile = Annotated[Optional[Path], typer.Option(
    "-o", "--output", metavar="FILE", help="File to write (default: standard output).",
)]


@app.command()
def export(source: Source, fmt: Format = None, output: OutputFile = None) -> None:
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
        write_stdout_bytes(lambda stream: stream.write(data))
        return
    from kgbuild.files import write_atomic

    if output.is_dir():
        raise UsageError(f"cannot write '{output}': it is a directory (give a file name with -o FILE)")
    write_atomic(output, data)
    out.print(f"wrote {output} ({fmt}, {len(data):,} bytes)", markup=False)
