"""Ingest stage: JSON Lines, one article per line, become Documents.

Each non-blank line is a JSON object with a non-empty string ``text`` and, optionally, the strings
(or nulls) ``url``, ``title``, ``published``, ``outlet`` and ``language``; other keys are ignored.
``published`` may be a date (``2024-07-28``) or an ISO timestamp (``2024-07-28T10:00:00Z``), of
which the date is kept. Line numbers count every line from 1, blank ones included, and each
Document's ``source`` is ``PATH#Ln`` so that evidence can name the line.

A malformed line (invalid JSON, not an object, no or empty ``text``, a field of the wrong type, a
``published`` that is not a date) is skipped with a warning naming the file and line, and the rest
is read; in strict mode it is an InputError instead. A file with no usable line is an InputError.

Precedence of metadata, one rule for every reader: the more deliberate and the more specific a
value, the more it weighs. What a web page says about itself < the ``NAME.meta.json`` sidecar
(written by an analyst; for a JSONL file it describes the whole file, e.g. its outlet) < a line's
own fields (written for that one article) < command-line values (the analyst's last word, applied
to every document of the build).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from kgbuild.errors import InputError
from kgbuild.ingest.metadata import DocumentMetadata, json_type_name, make_document, normalize_date
from kgbuild.types import Document

__all__ = ["JSONL_FIELDS", "LineProblem", "parse_jsonl_line", "read_jsonl"]

JSONL_FIELDS = ("title", "outlet", "published", "url", "language")


class LineProblem(ValueError):
    """Why one JSONL line cannot be used, phrased to follow "line N: "."""


def parse_jsonl_line(line: str) -> tuple[str, DocumentMetadata]:
    """The text and metadata of one JSONL line, or a LineProblem saying what is wrong with it."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise LineProblem(f"invalid JSON at column {exc.colno} ({exc.msg})") from exc
    except RecursionError as exc:
        raise LineProblem("invalid JSON (nested too deeply)") from exc
    if not isinstance(data, dict):
        raise LineProblem(f'expected a JSON object with a "text", not {_a(json_type_name(data))}')
    if "text" not in data:
        raise LineProblem('no "text" field with the article')
    text = data["text"]
    if not isinstance(text, str):
        raise LineProblem(f'"text" must be a string, not {_a(json_type_name(text))}')
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise LineProblem('"text" is empty')
    values: dict[str, str | None] = {}
    for key in JSONL_FIELDS:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise LineProblem(f'"{key}" must be a string or null, not {_a(json_type_name(value))}')
        values[key] = (value.strip() or None) if isinstance(value, str) else None
    if values["published"] is not None:
        day = normalize_date(values["published"])
        if day is None:
            raise LineProblem(
                f"\"published\" '{values['published']}' is not a date; "
                "write YYYY-MM-DD or an ISO timestamp such as 2024-07-28T10:00:00Z"
            )
        values["published"] = day
    return text, DocumentMetadata(**values)


def read_jsonl(
    text: str,
    source: str,
    sidecar: DocumentMetadata,
    flags: DocumentMetadata,
    *,
    strict: bool,
    warn: Callable[[str], None],
) -> list[Document]:
    """The Documents of the usable lines of ``text``, read from ``source`` (a path or ``<stdin>``).

    Metadata: ``sidecar`` < the line's own fields < ``flags``.
    """
    documents: list[Document] = []
    skipped = 0
    for number, line in enumerate(text.removeprefix("\ufeff").split("\n"), start=1):
        if not line.strip():
            continue
        try:
            article, own = parse_jsonl_line(line)
        except LineProblem as problem:
            if strict:
                raise InputError(
                    f"cannot read '{source}' line {number}: {problem} "
                    "(fix the line, or leave out --strict to skip it)"
                ) from problem
            warn(
                f"kgbuild: warning: skipped '{source}' line {number}: {problem} "
                "(fix the line or use --strict to stop on it)"
            )
            skipped += 1
            continue
        metadata = sidecar.overridden_by(own).overridden_by(flags)
        documents.append(make_document(article, f"{source}#L{number}", metadata))
    if not documents:
        if skipped:
            raise InputError(
                f"cannot read '{source}': none of its {skipped} line(s) is a usable article "
                '(see the warnings above; each line must be a JSON object with a non-empty "text")'
            )
        raise InputError(
            f"cannot read '{source}': the file is empty "
            '(give one JSON object with a non-empty "text" per line)'
        )
    return documents


def _a(type_name: str) -> str:
    if type_name == "null":
        return "null"
    return f"an {type_name}" if type_name[0] in "aeiou" else f"a {type_name}"
