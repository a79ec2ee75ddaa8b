"""Ingest stage: read articles from files, directories and stdin, in the format each one is in.

Formats, by suffix: text (``.txt``, ``.md``), saved web pages (``.html``, ``.htm``; see
``kgbuild.ingest.html``) and JSON Lines (``.jsonl``, one article per line; see
``kgbuild.ingest.jsonl``). Directories are searched recursively for those suffixes, in sorted order,
leaving out hidden files and folders and ``NAME.meta.json`` sidecars. ``input_format`` (the CLI's
``--format``) says how to read stdin (``-``, text by default) and files whose suffix is none of the
above; a file with a known suffix is always read by its suffix.

Metadata comes from what a web page or a JSONL line says about the article, from a
``NAME.meta.json`` sidecar beside ``NAME.txt`` / ``NAME.html`` / ``NAME.jsonl`` (keys ``title``,
``outlet``, ``published``, ``url``, ``language``) and from the command line. The rule is the same
for every format: page < sidecar < JSONL line < command line (see ``kgbuild.ingest.jsonl``).

Several inputs make one list of Documents: the same text read twice (same SHA-256) is kept once.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from kgbuild.errors import InputError, UsageError
from kgbuild.ingest.html import read_web_page
from kgbuild.ingest.jsonl import read_jsonl
from kgbuild.ingest.metadata import (
    SIDECAR_SUFFIX,
    DocumentMetadata,
    check_metadata,
    make_document,
    read_sidecar,
)
from kgbuild.types import Document

__all__ = [
    "FORMAT_SUFFIXES",
    "INPUT_FORMATS",
    "SUPPORTED_SUFFIXES",
    "DocumentMetadata",
    "find_article_files",
    "make_document",
    "read_documents",
    "read_text",
    "warn_on_stderr",
]

FORMAT_SUFFIXES: dict[str, tuple[str, ...]] = {
    "text": (".txt", ".md"),
    "html": (".html", ".htm"),
    "jsonl": (".jsonl",),
}
INPUT_FORMATS = tuple(FORMAT_SUFFIXES)
SUPPORTED_SUFFIXES = tuple(s for suffixes in FORMAT_SUFFIXES.values() for s in suffixes)
_SUPPORTED = " ".join(SUPPORTED_SUFFIXES)
_HINTS = {
    # format: (what to give instead of a binary file, what to give instead of an empty one)
    "text": ("give a .txt or .md article", "give an article with some text"),
    "jsonl": (
        "give a .jsonl file, one JSON object per line",
        'give one JSON object with a non-empty "text" per line',
    ),
}

Warn = Callable[[str], None]


def warn_on_stderr(message: str) -> None:
    """The default ``warn``: the message on one line of stderr."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def read_documents(
    inputs: Iterable[str],
    metadata: DocumentMetadata | None = None,
    stdin: TextIO | None = None,
    *,
    strict: bool = False,
    warn: Warn | None = None,
    input_format: str | None = None,
) -> list[Document]:
    """Read every input (a file, a directory searched recursively, or ``-``) into Documents.

    Inputs are read in the order given, files of a directory in sorted order; the same text read
    twice is kept once. ``metadata`` (the command line's values) overrides what the inputs say.
    A web page without article text and a malformed JSONL line are skipped with a message to
    ``warn`` (stderr by default); with ``strict`` they raise InputError instead. ``input_format``
    ("text", "html" or "jsonl") says how to read stdin and files of unknown suffix.
    """
    metadata = metadata or DocumentMetadata()
    check_metadata(metadata, "--published")
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise UsageError(f"unknown --format '{input_format}' (use {', '.join(INPUT_FORMATS[:-1])} or {INPUT_FORMATS[-1]})")
    reader = _Reader(metadata, stdin, strict, warn if warn is not None else warn_on_stderr, input_format)
    names = list(inputs)
    documents: list[Document] = []
    seen: set[str] = set()
    for item in names:
        for doc in reader.read_input(item):
            if doc.doc_id not in seen:
                seen.add(doc.doc_id)
                documents.append(doc)
    if not documents:
        if not names:
            raise UsageError("no input given (pass article files, directories, or - for stdin)")
        shown = ", ".join(f"'{n}'" for n in names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        raise InputError(
            f"no article text in {shown}: every input was skipped "
            "(see the warnings above; give at least one article with text)"
        )
    return documents


def find_article_files(directory: Path) -> list[Path]:
    """The article files below ``directory``, sorted: supported suffixes, no hidden parts, no sidecars."""
    found = []
    for path in directory.rglob("*"):
        relative = path.relative_to(directory).parts
        if any(part.startswith(".") for part in relative):
            continue
        if path.name.lower().endswith(SIDECAR_SUFFIX) or path.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        if path.is_file():
            found.append(path)
    return sorted(found)


class _Reader:
    """Reads one input at a time with the options of one ``read_documents`` call."""

    def __init__(
        self, flags: DocumentMetadata, stdin: TextIO | None, strict: bool, warn: Warn, input_format: str | None
    ) -> None:
        self.flags = flags
        self.stdin = stdin
        self.strict = strict
        self.warn = warn
        self.input_format = input_format

    def read_input(self, item: str) -> list[Document]:
        if item == "-":
            return self.read_stdin()
        path = Path(item)
        if not path.exists():
            raise InputError(f"cannot read '{item}': no such file or directory (check the path)")
        if path.is_dir():
            files = find_article_files(path)
            if not files:
                raise InputError(
                    f"cannot read '{item}': the directory holds no article files (supported: {_SUPPORTED})"
                )
            return [doc for p in files for doc in self.read_file(p, _format_of(p))]
        fmt = _format_of(path) or self.input_format
        if fmt is None:
            raise InputError(
                f"cannot read '{item}': not a text, HTML or JSONL file "
                f"(supported: {_SUPPORTED}; use --format to force one)"
            )
        return self.read_file(path, fmt)

    def read_stdin(self) -> list[Document]:
        stream = self.stdin if self.stdin is not None else sys.stdin
        try:
            text = stream.read()
        except UnicodeDecodeError as exc:
            raise InputError(
                f"cannot read '<stdin>': not UTF-8 text (byte {exc.start}); convert it with iconv -t UTF-8"
            ) from exc
        fmt = self.input_format or "text"
        if fmt == "html":
            return read_web_page(text, "<stdin>", self.flags, strict=self.strict, warn=self.warn)
        text = _checked_text(text, "<stdin>", fmt)
        if fmt == "jsonl":
            return read_jsonl(text, "<stdin>", DocumentMetadata(), self.flags, strict=self.strict, warn=self.warn)
        return [make_document(text, "<stdin>", self.flags)]

    def read_file(self, path: Path, fmt: str) -> list[Document]:
        if fmt == "html":
            markup = _read_bytes(path)
            if b"\x00" in markup[:8192]:
                raise InputError(f"cannot read '{path}': it is a binary file, not a web page (give a saved .html page)")
            overrides = read_sidecar(path).overridden_by(self.flags)
            return read_web_page(markup, str(path), overrides, strict=self.strict, warn=self.warn)
        if fmt == "jsonl":
            text = read_text(path, fmt)
            return read_jsonl(text, str(path), read_sidecar(path), self.flags, strict=self.strict, warn=self.warn)
        return [make_document(read_text(path), str(path), read_sidecar(path).overridden_by(self.flags))]


def _format_of(path: Path) -> str | None:
    suffix = path.suffix.lower()
    return next((fmt for fmt, suffixes in FORMAT_SUFFIXES.items() if suffix in suffixes), None)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except PermissionError as exc:
        raise InputError(f"cannot read '{path}': permission denied (check the file's permissions)") from exc
    except OSError as exc:
        raise InputError(f"cannot read '{path}': {exc.strerror or exc}") from exc


def read_text(path: Path, input_format: str = "text") -> str:
    """The UTF-8 text of an article (or JSONL) file, or an InputError saying why it cannot be used."""
    raw = _read_bytes(path)
    binary_hint = _HINTS.get(input_format, _HINTS["text"])[0]
    if b"\x00" in raw[:8192]:
        raise InputError(f"cannot read '{path}': it is a binary file, not text ({binary_hint})")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"cannot read '{path}': not UTF-8 text (invalid byte at offset {exc.start}); "
            f"convert it with: iconv -t UTF-8 '{path}'"
        ) from exc
    return _checked_text(text, str(path), input_format)


def _checked_text(text: str, where: str, input_format: str = "text") -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        empty_hint = _HINTS.get(input_format, _HINTS["text"])[1]
        raise InputError(f"cannot read '{where}': the text is empty ({empty_hint})")
    return text
