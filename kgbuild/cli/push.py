"""``kgbuild push``: load a graph into a triple store over the SPARQL 1.1 Graph Store Protocol (SPARQL)."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from kgbuild.cli.app import Source, app, err

__all__ = ["push"]

Endpoint = Annotated[str, typer.Option(
    "--endpoint", metavar="URL",
    help="The server's Graph Store Protocol endpoint: http://HOST:7878/store (Oxigraph), "
    "http://HOST:3030/DATASET/data (Fuseki), http://HOST:7200/repositories/REPO/rdf-graphs/service (GraphDB); "
    "credentials as http://USER:PASSWORD@HOST/...",
)]
GraphIri = Annotated[Optional[str], typer.Option(
    "--graph", metavar="IRI",
    help="Named graph to load into, replacing what it holds (default: https://w3id.org/kgbuild/graph/ plus the "
    "first 20 hex digits of the SHA-256 of the graph's sorted N-Triples, so the same graph always lands in the "
    "same named graph and the default graph is never touched).",
)]
Timeout = Annotated[float, typer.Option("--timeout", metavar="SECONDS", help="Seconds to wait for each request.")]
QueryEndpoint = Annotated[Optional[str], typer.Option(
    "--query-endpoint", metavar="URL",
    help="SPARQL query endpoint used to count what the server stored (default: derived for Oxigraph, Fuseki and "
    "GraphDB; else the graph is fetched back with GET and counted).",
)]
UpdateEndpoint = Annotated[Optional[str], typer.Option(
    "--update-endpoint", metavar="URL",
    help="SPARQL Update endpoint: put the checked temporary graph in place with one atomic MOVE GRAPH instead of "
    "a second PUT.",
)]


@app.command()
def push(
    source: Source, endpoint: Endpoint, graph: GraphIri = None, timeout: Timeout = 60.0,
    query_endpoint: QueryEndpoint = None, update_endpoint: UpdateEndpoint = None,
) -> None:
    """Load a graph into a triple store, counted on the server and never left half-loaded.

    All of it goes into a temporary named graph first and is counted there, then into place (PUT,
    or MOVE with --update-endpoint) and is counted again. A failure says what the server holds.
    """
    from kgbuild.sparql.push import push_graph

    report = push_graph(
        source, endpoint, graph, timeout, query_endpoint=query_endpoint, update_endpoint=update_endpoint
    )
    # Plain writes: graph IRIs such as urn:x:y must not become rich emoji or wrap mid-address.
    sys.stdout.write(
        f"pushed {report.triples} triples from {report.source}\n"
        f"  graph:    <{report.graph_iri}>\n"
        f"  endpoint: {report.endpoint}\n"
        f"  checked:  {report.triples} triples counted on the server ({report.verified_by}), "
        f"put in place by {report.placed_by}\n"
        f"  seconds:  {report.seconds:.2f}\n"
    )
    sys.stdout.flush()
    for warning in report.warnings:
        err.print(f"kgbuild: warning: {warning}", markup=False, emoji=False)
