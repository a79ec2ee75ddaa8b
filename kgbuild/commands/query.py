"""``kgbuild query`` and ``kgbuild queries``: SPARQL over a graph file or store, from the command line."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable, Optional

import typer
from rich.table import Table
from rich.text import Text

from kgbuild.cli import app, out
from kgbuild.errors import UsageError

__all__ = ["query", "list_canned"]

FORMATS = ("table", "csv", "tsv", "json", "xml")


@app.command()
def query(
    source: Optional[Path] = typer.Argument(
        None, metavar="SOURCE",
        help="Graph file (.ttl .trig .nt .nq .jsonld .rdf) or store directory of build --store.",
    ),
    sparql: Optional[str] = typer.Argument(None, metavar="QUERY", help="A SPARQL query or a .rq file."),
    name: Optional[str] = typer.Option(None, "--name", help="Run a canned query from ontologies/queries/."),
    list_names: bool = typer.Option(False, "--list", help="List the canned queries and exit."),
    fmt: str = typer.Option(
        "table", "--format",
        help="table (aligned, IRIs shortened), or a SPARQL 1.1 results format: csv, tsv, json, xml.",
    ),
    param: list[str] = typer.Option(
        [], "--param", metavar="NAME=VALUE",
        help="Bind ?NAME before the query runs; VALUE is an IRI as <...> or kg:/kgid:/... name, else a literal. Repeatable.",
    ),
) -> None:
    """Run a SPARQL query over a graph or store and print the results.

    SELECT prints a table, or CSV, TSV, JSON or XML results.

    ASK prints true or false, and exits with 0 for true and 1 for false.

    CONSTRUCT and DESCRIBE print Turtle.

    kgbuild's prefixes (kg:, kgid:, rdfs:, skos:, prov:, sem:, schema: ...) need no PREFIX line.
    """
    import pyoxigraph

    from kgbuild.sparql.query import execute_query, open_query_source, parse_params, read_query
    from kgbuild.sparql.results import table_of, write_results

    if list_names:
        _print_queries()
        return
    if source is None:
        raise UsageError("give the graph file or store to query (kgbuild query SOURCE QUERY, or --list for the canned queries)")
    if fmt not in FORMATS:
        raise UsageError(f"unknown --format '{fmt}' (use table, csv, tsv, json or xml)")
    text = read_query(sparql, name)
    params = parse_params(param)
    results = execute_query(open_query_source(source), text, params)

    if isinstance(results, pyoxigraph.QueryTriples):
        if fmt not in ("table",):
            raise UsageError(f"a CONSTRUCT or DESCRIBE query gives triples, printed as Turtle: leave out --format {fmt}")
        _write_bytes(lambda stream: write_results(results, "turtle", stream))
        return
    if isinstance(results, pyoxigraph.QueryBoolean):
        answer = bool(results)
        if fmt == "table":
            _write_bytes(lambda stream: stream.write(b"true\n" if answer else b"false\n"))
        else:
            _write_bytes(lambda stream: write_results(results, fmt, stream))
        if not answer:
            # the exit status answers the question, as grep's does: 0 true, 1 false. SystemExit
            # passes through cli.main (which returns 0 for a typer.Exit raised by a command).
            raise SystemExit(1)
        return
    if fmt != "table":
        _write_bytes(lambda stream: write_results(results, fmt, stream))
        return
    result = table_of(results)
    table = Table(show_header=True, header_style="bold")
    for var in result.variables:
        table.add_column(var, overflow="fold")
    for row in result.rows:
        table.add_row(*(Text(v) for v in row))  # Text: brackets in the data are not rich markup
    out.print(table)
    out.print(f"{len(result.rows)} row(s)")


def _write_bytes(write: Callable) -> None:
    """Write to stdout's bytes; a reader that goes away (``| head``) ends the output quietly."""
    sys.stdout.flush()
    try:
        write(sys.stdout.buffer)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


@app.command("queries")
def list_canned() -> None:
    """List the canned queries (same as kgbuild query --list)."""
    _print_queries()


def _print_queries() -> None:
    from kgbuild.sparql.query import list_queries

    table = Table(show_header=True, header_style="bold")
    table.add_column("name")
    table.add_column("what it answers")
    for q in list_queries():
        table.add_row(q.name, q.title)
    out.print(table)
