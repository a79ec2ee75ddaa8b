"""Command line (the outermost layer): ``kgbuild COMMAND ...``, one module per command.

``app.py`` holds the typer app, the consoles, the plain --help and ``main`` (the entry point of
the ``kgbuild`` script and ``python -m kgbuild``); each other module registers one command on
that app. Importing this package imports them all, in the order ``kgbuild --help`` lists them.
"""

from kgbuild.cli import app
from kgbuild.cli import build, query, export, serve, push, validate, view, analyze, evaluate  # noqa: F401,I001
from kgbuild.cli.app import main

__all__ = ["app", "main"]
