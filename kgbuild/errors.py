"""One error hierarchy: every message says what went wrong, where, and how to fix it."""

from __future__ import annotations

__all__ = [
    "KgbuildError",
    "UsageError",
    "InputError",
    "ModelError",
    "OutputError",
    "QueryError",
    "StoreError",
]


class KgbuildError(Exception):
    """Base of every error kgbuild reports to a user; ``exit_code`` is what the CLI exits with."""

    exit_code = 1


class UsageError(KgbuildError):
    """The command line itself is wrong (unknown option value, missing argument)."""

    exit_code = 2


class InputError(KgbuildError):
    """An input file or directory cannot be read as an article or sidecar."""


class ModelError(KgbuildError):
    """The spaCy pipeline asked for is not installed or not usable."""

    exit_code = 2


class OutputError(KgbuildError):
    """An output file cannot be written."""


class QueryError(KgbuildError):
    """A SPARQL query, or the graph it runs on, cannot be used."""


class StoreError(KgbuildError):
    """An on-disk store (``--store DIR``) cannot be read or written."""
