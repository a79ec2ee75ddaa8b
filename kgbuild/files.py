"""Atomic file writing, for every stage: a failure never leaves a half-written file or destroys the
previous one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kgbuild.errors import OutputError

__all__ = ["write_atomic"]


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(
            f"cannot write '{path}': {exc.strerror or exc} "
            "(choose a writable directory with -o DIR)"
        ) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(
            f"cannot write '{path}': {exc.strerror or exc} "
            "(free some space or choose another directory with -o DIR)"
        ) from exc
