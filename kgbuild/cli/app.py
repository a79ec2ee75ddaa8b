"""Command line, shared part: the typer app, the two consoles, --help in words, and ``main``.

Every command lives in a module of its own beside this one (``kgbuild/cli/build.py`` ...); each
imports ``app`` and the consoles from here and registers itself with ``@app.command()``.
``kgbuild/cli/__init__.py`` imports this module and then every command module, so importing
``kgbuild.cli`` gives the complete CLI. A command parses its arguments, calls one library
function of the pipeline or of an output (export, SPARQL, analysis, quality) and prints the result.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any, BinaryIO, Callable

import typer
from rich.console import Console
from typer.core import TyperArgument, TyperCommand, TyperGroup

from kgbuild import __version__
from kgbuild.errors import KgbuildError

__all__ = ["app", "out", "err", "main", "Source", "write_stdout_bytes"]

out = Console(highlight=False, soft_wrap=False, emoji=False)
"""Results, on stdout."""
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
"""Warnings, errors and progress, on stderr."""


class _PlainArgument(TyperArgument):
    """An argument shown by its name alone (SOURCE, INPUT...): no Python type beside it, and no braces
    around a required one in the usage line (``kgbuild export [OPTIONS] SOURCE``)."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        name = self.display_name_raw
        if self.nargs != 1 and not name.endswith("..."):
            name += "..."
        return name if self.required else f"[{name}]"


def _plain(param: Any) -> None:
    """Describe ``param`` in --help by words instead of types: a flag takes no value, so it shows
    none (typer would print ``<bool>``); an argument shows its metavar only."""
    if isinstance(param, TyperArgument) and not isinstance(param, _PlainArgument):
        param.__class__ = _PlainArgument
    elif getattr(param, "is_flag", False) and param.metavar is None:
        param.metavar = ""


class _PlainHelp:
    """Mixed into typer's command and group classes: their --help reads as plain words (``_plain``)."""

    params: list[Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            _plain(param)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            _plain(option)
        return option


class _PlainHelpCommand(_PlainHelp, TyperCommand):
    """A command of kgbuild."""


class _PlainHelpGroup(_PlainHelp, TyperGroup):
    """The top-level ``kgbuild`` group."""


class _App(typer.Typer):
    """typer's app, whose commands default to the plain --help."""

    def command(self, *args: Any, cls: type[TyperCommand] | None = None, **kwargs: Any) -> Any:
        return super().command(*args, cls=cls or _PlainHelpCommand, **kwargs)


app = _App(
    name="kgbuild",
    help="Turn news reports about armed conflict into a traceable RDF knowledge graph.",
    cls=_PlainHelpGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


SOURCE_HELP = "Graph file (.ttl, .trig, .nt, .nq, .jsonld, .rdf) or store directory of build --store."
Source = Annotated[Path, typer.Argument(metavar="SOURCE", help=SOURCE_HELP)]
"""The graph a command reads: the same argument, words and help for every command."""


def write_stdout_bytes(write: Callable[[BinaryIO], object]) -> None:
    """Let ``write`` put bytes on stdout; a reader that goes away (``| head``) ends the output quietly."""
    sys.stdout.flush()
    try:
        write(sys.stdout.buffer)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _version(value: bool) -> None:
    if value:
        out.print(f"kgbuild {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    debug: bool = typer.Option(False, "--debug", help="Show the full traceback of an error."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    # --debug is read from argv by main(), before typer parses anything: nothing to keep here.
    del debug, version


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``kgbuild`` script and ``python -m kgbuild``: runs one command and returns
    its exit status; a KgbuildError becomes one line on stderr (the traceback only with --debug)."""
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
    except (typer.Abort, KeyboardInterrupt) as exc:
        err.print(f"kgbuild: {'aborted' if isinstance(exc, typer.Abort) else 'interrupted'}", markup=False)
        return 130
    except Exception as exc:  # click's own usage errors and anything unexpected
        return _unexpected(exc, debug)


def _unexpected(exc: Exception, debug: bool) -> int:
    """A usage error of click's is shown as click shows it; anything else is an internal error."""
    import click

    # typer >= 0.20 vendors click as typer._click, whose ClickException derives from
    # typer.TyperException, not click's: check both, or usage errors look internal.
    if isinstance(exc, (click.exceptions.ClickException, typer.TyperException)):
        exc.show()
        return exc.exit_code
    if isinstance(exc, click.exceptions.Exit):
        return exc.exit_code
    if debug:
        raise exc
    err.print(f"kgbuild: internal error: {type(exc).__name__}: {exc} (rerun with --debug and report it)", markup=False)
    return 1
