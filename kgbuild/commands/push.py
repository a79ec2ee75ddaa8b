"""``kgbuild push``: load a graph into a triple store over the SPARQL 1.1 Graph Store Protocol."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from kgbuild.cli import app, err

__all__ = ["push"]


@app.command()
def push(
    source: Path = typer.Argument(..., help="Graph file (.ttl, .nt, .trig, ...) or store directory of build --store."),
    endpoint: str = typer.Option(
        ..., "--endpoint",
        help="The server's Graph Store Protocol endpoint: http://HOST:7878/store (Oxigraph), "
        "http://HOST:3030/DATASET/data (Fuseki), http://HOST:7200/repositories/REPO/rdf-graphs/service (GraphDB); "
        "credentials as http://USER:PASSWORD@HOST/...",
    ),
    graph: Optional[str] = typer.Option(
        None, "--graph",
        help="Named graph to load into, replacing what it holds (default: https://w3id.org/kgbuild/graph/ plus the "
        "first 20 hex digits of the SHA-256 of the graph's sorted N-Triples, so the same graph always lands in the "
        "same named graph and the default graph is never touched).",
    ),
    timeout: float = typer.Option(60.0, "--timeout", help="Seconds to wait for each request."),
    query_endpoint: Optional[str] = typer.Option(
        None, "--query-endpoint",
        help="SPARQL query endpoint used to count what the server stored (default: derived for Oxigraph, Fuseki and "
        "GraphDB; else the graph is fetched back with GET and counted).",
    ),
    update_endpoint: Optional[str] = typer.Option(
        None, "--update-endpoint",
        help="SPARQL Update endpoint: put the checked temporary graph in place with one atomic MOVE GRAPH instead of "
        "a second PUT.",
    ),
) -> None:
    """Load a graph into a triple store: all of it into a temporary named graph, count it there,
    then into place (PUT, or MOVE with --update-endpoint), counted again. Nothing is left
    half-loaded; a failure says what the server holds."""
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
