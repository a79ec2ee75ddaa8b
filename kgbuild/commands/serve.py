"""``kgbuild serve``: a read-only SPARQL endpoint and the HTML view over a graph file or a store."""

from __future__ import annotations

from pathlib import Path

import typer

from kgbuild.cli import app, err

__all__ = ["serve"]


@app.command()
def serve(
    source: Path = typer.Argument(
        ..., metavar="SOURCE",
        help="Graph file (.ttl, .nt, .nq, .trig, .rdf, .jsonld, ...) or a store directory made by kgbuild build --store.",
    ),
    host: str = typer.Option(
        "127.0.0.1", "--host",
        help="Address to listen on. The default answers this machine only; 0.0.0.0 opens it to the network.",
    ),
    port: int = typer.Option(7878, "--port", help="TCP port to listen on (0: any free port)."),
    timeout: float = typer.Option(
        10.0, "--timeout", help="Seconds a query may run; a longer one is stopped and answered 503."
    ),
    max_rows: int = typer.Option(
        10000, "--max-rows", help="Most rows (SELECT) or triples (CONSTRUCT, DESCRIBE) per answer; a larger one is refused with 413."
    ),
    workers: int = typer.Option(
        2, "--workers", help="Query worker processes (each holds its own copy of a graph file in memory)."
    ),
) -> None:
    """Serve SOURCE as a read-only SPARQL 1.1 endpoint at /sparql, with its HTML view at /.

    Runs until Ctrl-C or SIGTERM. Updates are refused (403), SERVICE too (400).
    """
    from kgbuild.sparql.server import serve as run_server

    def warn(message: str) -> None:
        err.print(message, markup=False)

    run_server(source, host, port, timeout, max_rows, workers=workers, warn=warn)
