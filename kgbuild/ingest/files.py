"""Read articles from .txt/.md files, directories of them, or stdin, with their metadata.

Metadata comes from a ``NAME.meta.json`` sidecar beside ``NAME.txt`` (keys ``title``, ``outlet``,
``published``, ``url``, ``language``); values given on the command line override the sidecar.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Iterable, TextIO

from kgbuild.errors import InputError, UsageError
from kgbuild.types import Document

__all__ = ["SUPPORTED_SUFFIXES", "DocumentMetadata", "read_documents", "read_text", "make_document"]

SUPPORTED_SUFFIXES = (".txt", ".md")
SIDECAR_SUFFIX = ".meta.json"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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


def read_documents(
    inputs: Iterable[str], metadata: DocumentMetadata | None = None, stdin: TextIO | None = None
) -> list[Document]:
    """Read every input (a file, a directory searched recursively, or ``-``) into Documents.

    Inputs are read in the order given, files of a directory in sorted order; the same text read
    twice is kept once.
    """
    metadata = metadata or DocumentMetadata()
    _check_metadata(metadata, "--published")
    documents: list[Document] = []
    seen: set[str] = set()
    for item in inputs:
        for doc in _read_input(item, metadata, stdin):
            if doc.doc_id not in seen:
                seen.add(doc.doc_id)
                documents.append(doc)
    if not documents:
        raise UsageError("no input given (pass article files, directories, or - for stdin)")
    return documents


def _read_input(item: str, metadata: DocumentMetadata, stdin: TextIO | None) -> list[Document]:
    if item == "-":
        stream = stdin if stdin is not None else sys.stdin
        try:
            text = stream.read()
        except UnicodeDecodeError as exc:
            raise InputError(
                f"cannot read '<stdin>': not UTF-8 text (byte {exc.start}); convert it with iconv -t UTF-8"
            ) from exc
        return [make_document(_checked_text(text, "<stdin>"), "<stdin>", metadata)]
    path = Path(item)
    if not path.exists():
        raise InputError(f"cannot read '{item}': no such file or directory (check the path)")
    if path.is_dir():
        files = sorted(
            p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
        )
        if not files:
            raise InputError(
                f"cannot read '{item}': the directory holds no article files "
                f"(supported: {' '.join(SUPPORTED_SUFFIXES)})"
            )
        return [_read_file(p, metadata) for p in files]
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise InputError(
            f"cannot read '{item}': not a text or Markdown file "
            f"(supported: {' '.join(SUPPORTED_SUFFIXES)})"
        )
    return [_read_file(path, metadata)]


def _read_file(path: Path, metadata: DocumentMetadata) -> Document:
    sidecar = read_sidecar(path)
    return make_document(read_text(path), str(path), sidecar.overridden_by(metadata))


def read_text(path: Path) -> str:
    """The UTF-8 text of an article file, or an InputError saying why it cannot be used."""
    try:
        raw = path.read_bytes()
    except PermissionError as exc:
        raise InputError(f"cannot read '{path}': permission denied (check the file's permissions)") from exc
    except OSError as exc:
        raise InputError(f"cannot read '{path}': {exc.strerror or exc}") from exc
    if b"\x00" in raw[:8192]:
        raise InputError(f"cannot read '{path}': it is a binary file, not text (give a .txt or .md article)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"cannot read '{path}': not UTF-8 text (invalid byte at offset {exc.start}); "
            f"convert it with: iconv -t UTF-8 '{path}'"
        ) from exc
    return _checked_text(text, str(path))


def _checked_text(text: str, where: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"cannot read '{where}': the text is empty (give an article with some text)")
    return text


def read_sidecar(path: Path) -> DocumentMetadata:
    """Metadata from ``NAME.meta.json`` beside ``NAME.txt``, or empty metadata when there is none."""
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
    _check_metadata(meta, f"sidecar '{sidecar}'")
    return meta


def _check_metadata(meta: DocumentMetadata, where: str) -> None:
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
