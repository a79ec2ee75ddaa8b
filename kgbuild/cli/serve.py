"""``kgbuild serve``: a read-only SPARQL endpoint and the HTML view over a graph file or a store (SPARQL)."""

from __future__ import annotations

from typing import Annotated

import typer

from kgbuild.cli.app import Source, app, err

__all__ = ["serve"]

Host = Annotated[str, typer.Option(
    "--host", metavar="ADDRESS",
    help="Address to listen on. The default answers this machine only; 0.0.0.0 opens it to the network.",
)]
Port = Annotated[int, typer.Option("--port", metavar="PORT", help="TCP port to listen on (0: any free port).")]
Timeout = Annotated[float, typer.Option(
    "--timeout", metavar="SECONDS", help="Seconds a query may run; a longer one is stopped and answered 503.",
)]
MaxRows = Annotated[int, typer.Option(
    "--max-rows", metavar="N",
    help="Most rows (SELECT) or triples (CONSTRUCT, DESCRIBE) per answer; a larger one is refused with 413.",
)]
Workers = Annotated[int, typer.Option(
    "--workers", metavar="N", help="Query worker processes (each holds its own copy of a graph file in memory).",
)]


@app.command()
def serve(
    source: Source, host: Host = "127.0.0.1", port: Port = 7878, timeout: Timeout = 10.0,
    max_rows: MaxRows = 10000, workers: Workers = 2,
) -> None:
    """Serve SOURCE as a read-only SPARQL 1.1 endpoint at /sparql, with its HTML view at /.

    Runs until Ctrl-C or SIGTERM. Updates are refused (403), SERVICE too (400).
    """
    from kgbuild.sparql.server import serve as run_server

    def warn(message: str) -> None:
        err.print(message, markup=False)

    run_server(source, host, port, timeout, max_rows, workers=workers, warn=warn)
