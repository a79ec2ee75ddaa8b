"""``kgbuild query``: SPARQL over a graph file or store, and the list of canned queries (SPARQL)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.table import Table
from rich.text import Text

from kgbuild.cli.app import SOURCE_HELP, app, out, write_stdout_bytes
from kgbuild.errors import UsageError

__all__ = ["query", "FORMATS"]

FORMATS = ("table", "csv", "tsv", "json", "xml")

OptionalSource = Annotated[Optional[Path], typer.Argument(metavar="SOURCE", help=SOURCE_HELP)]
QueryText = Annotated[Optional[str], typer.Argument(metavar="QUERY", help="A SPARQL query or a .rq file.")]
Name = Annotated[Optional[str], typer.Option(
    "--name", metavar="NAME", help="Run a canned query from ontologies/queries/ (see --list).",
)]
ListNames = Annotated[bool, typer.Option("--list", help="List the canned queries and exit.")]
Format = Annotated[str, typer.Option(
    "--format", metavar="FORMAT",
    help="table (aligned, IRIs shortened), or a SPARQL 1.1 results format: csv, tsv, json, xml.",
)]
Params = Annotated[list[str], typer.Option(
    "--param", metavar="NAME=VALUE",
    help="Bind ?NAME before the query runs; VALUE is an IRI as <...> or kg:/kgid:/... name, else a literal. Repeatable.",
)]


@app.command()
def query(
    source: OptionalSource = None,
    sparql: QueryText = None,
    name: Name = None,
    list_names: ListNames = False,
    fmt: Format = "table",
    param: Params = [],  # noqa: B006  (typer's default for a repeatable option; never mutated)
) -> None:
    """Run a SPARQL query over a graph or store and print the results.

    SELECT prints a table, or CSV, TSV, JSON or XML results.

    ASK prints true or false, and exits with 0 for true and 1 for false.

    CONSTRUCT and DESCRIBE print Turtle.

    kgbuild's prefixes (kg:, kgid:, rdfs:, skos:, prov:, sem:, schema: ...) need no PREFIX line.
    """
    from kgbuild.sparql.query import execute_query, open_query_source, parse_params, read_query

    if list_names:
        _print_queries()
        return
    if source is None:
        raise UsageError("give the graph file or store to query (kgbuild query SOURCE QUERY, or --list for the canned queries)")
    if fmt not in FORMATS:
        raise UsageError(f"unknown --format '{fmt}' (use table, csv, tsv, json or xml)")
    text = read_query(sparql, name)
    results = execute_query(open_query_source(source), text, parse_params(param))
    _print_results(results, fmt)


def _print_results(results: Any, fmt: str) -> None:
    """Triples as Turtle, a boolean as true/false (and the exit status), solutions as a table or ``fmt``."""
    import pyoxigraph

    from kgbuild.sparql.results import table_of, write_results

    if isinstance(results, pyoxigraph.QueryTriples):
        if fmt != "table":
            raise UsageError(f"a CONSTRUCT or DESCRIBE query gives triples, printed as Turtle: leave out --format {fmt}")
        write_stdout_bytes(lambda stream: write_results(results, "turtle", stream))
        return
    if isinstance(results, pyoxigraph.QueryBoolean):
        answer = bool(results)
        if fmt == "table":
            write_stdout_bytes(lambda stream: stream.write(b"true\n" if answer else b"false\n"))
        else:
            write_stdout_bytes(lambda stream: write_results(results, fmt, stream))
        if not answer:
            # the exit status answers the question, as grep's does: 0 true, 1 false. SystemExit
            # passes through cli.main (which returns 0 for a typer.Exit raised by a command).
            raise SystemExit(1)
        return
    if fmt != "table":
        write_stdout_bytes(lambda stream: write_results(results, fmt, stream))
        return
    result = table_of(results)
    table = Table(show_header=True, header_style="bold")
    for var in result.variables:
        table.add_column(var, overflow="fold")
    for row in result.rows:
        table.add_row(*(Text(v) for v in row))  # Text: brackets in the data are not rich markup
    out.print(table)
    out.print(f"{len(result.rows)} row(s)")


def _print_queries() -> None:
    """``kgbuild query --list``: the canned queries of ontologies/queries/, by name."""
    from kgbuild.sparql.query import list_queries

    table = Table(show_header=True, header_style="bold")
    table.add_column("name")
    table.add_column("what it answers")
    for q in list_queries():
        table.add_row(q.name, q.title)
    out.print(table)
