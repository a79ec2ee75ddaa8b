"""Ingest stage: what is known about an article besides its text, and where it comes from.

Shared by every reader (text files, web pages, JSON Lines): the ``DocumentMetadata`` record, the
``NAME.meta.json`` sidecar, date normalisation and the one way a ``Document`` is made.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from dataclasses import dataclass, fields, replace
from pathlib import Path

from kgbuild.errors import InputError, UsageError
from kgbuild.types import Document

__all__ = [
    "SIDECAR_SUFFIX",
    "DocumentMetadata",
    "check_metadata",
    "json_type_name",
    "make_document",
    "normalize_date",
    "read_sidecar",
]

SIDECAR_SUFFIX = ".meta.json"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# An ISO 8601 date, optionally followed by a time and a zone: "2024-07-28", "2024-07-28T10:00:00Z",
# "2024-07-28 10:00:00.123+02:00". The date is the one the publisher wrote; no zone arithmetic.
_TIMESTAMP = re.compile(
    r"^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)


@dataclass(frozen=True, slots=True)
class DocumentMetadata:
    """What is known about an article besides its text; ``None`` means unknown."""

    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None

    def overridden_by(self, other: "DocumentMetadata") -> "DocumentMetadata":
        """These values, with every value ``other`` knows taking precedence."""
        changes = {f.name: getattr(other, f.name) for f in fields(other) if getattr(other, f.name)}
        return replace(self, **changes)


def normalize_date(value: str | None) -> str | None:
    """The calendar date (YYYY-MM-DD) of an ISO date or timestamp, or ``None`` when it is not one.

    ``"2024-07-28T10:00:00Z"`` gives ``"2024-07-28"``: the date as the publisher wrote it (a time
    zone is not applied, so the day never shifts). Impossible dates such as 2024-02-30 give ``None``.
    """
    if not value:
        return None
    match = _TIMESTAMP.match(value.strip())
    if match is None:
        return None
    day = match.group(1)
    try:
        _dt.date.fromisoformat(day)
    except ValueError:
        return None
    return day


def json_type_name(value: object) -> str:
    """The JSON name of a decoded value's type, for messages ("number", not "int")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def read_sidecar(path: Path) -> DocumentMetadata:
    """Metadata from ``NAME.meta.json`` beside ``NAME.txt`` (or ``.html``, ``.jsonl``), or empty metadata."""
    sidecar = path.with_name(path.stem + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return DocumentMetadata()
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot read sidecar '{sidecar}': not UTF-8 text (save it as UTF-8)") from exc
    except json.JSONDecodeError as exc:
        raise InputError(
            f"cannot read sidecar '{sidecar}': invalid JSON at line {exc.lineno} column {exc.colno} "
            f"({exc.msg}); fix it or remove it"
        ) from exc
    except OSError as exc:
        raise InputError(f"cannot read sidecar '{sidecar}': {exc.strerror or exc}") from exc
    if not isinstance(data, dict):
        raise InputError(
            f"cannot read sidecar '{sidecar}': expected a JSON object with title, outlet, published, url, language "
            "(fix it or remove it)"
        )
    known = {f.name for f in fields(DocumentMetadata)}
    values: dict[str, str | None] = {}
    for key, value in data.items():
        if key not in known:
            continue
        if value is not None and not isinstance(value, str):
            raise InputError(
                f"cannot read sidecar '{sidecar}': '{key}' must be a string or null, not {type(value).__name__} "
                "(fix it or remove it)"
            )
        values[key] = value or None
    meta = DocumentMetadata(**values)
    check_metadata(meta, f"sidecar '{sidecar}'")
    return meta


def check_metadata(meta: DocumentMetadata, where: str) -> None:
    """Reject a ``published`` value that is not YYYY-MM-DD; ``where`` starting with ``--`` means a flag."""
    if meta.published and not _DATE.match(meta.published):
        error = UsageError if where.startswith("--") else InputError
        raise error(
            f"{where}: published date '{meta.published}' is not a date (write it as YYYY-MM-DD)"
        )


def make_document(text: str, source: str, metadata: DocumentMetadata) -> Document:
    """A Document whose id is the SHA-256 of its text."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(
        doc_id=digest,
        text=text,
        source=source,
        title=metadata.title,
        url=metadata.url,
        outlet=metadata.outlet,
        published=metadata.published,
        language=metadata.language,
    )
