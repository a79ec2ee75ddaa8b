"""Ingest stage: files, directories, stdin, saved web pages and JSON Lines become ``Document`` records."""

from kgbuild.ingest.files import (
    FORMAT_SUFFIXES,
    INPUT_FORMATS,
    SUPPORTED_SUFFIXES,
    find_article_files,
    read_documents,
    read_text,
    warn_on_stderr,
)
from kgbuild.ingest.html import WebPage, extract_web_page, read_web_page
from kgbuild.ingest.jsonl import LineProblem, parse_jsonl_line, read_jsonl
from kgbuild.ingest.metadata import DocumentMetadata, make_document, normalize_date, read_sidecar

__all__ = [
    "FORMAT_SUFFIXES",
    "INPUT_FORMATS",
    "SUPPORTED_SUFFIXES",
    "DocumentMetadata",
    "LineProblem",
    "WebPage",
    "extract_web_page",
    "find_article_files",
    "make_document",
    "normalize_date",
    "parse_jsonl_line",
    "read_documents",
    "read_jsonl",
    "read_sidecar",
    "read_text",
    "read_web_page",
    "warn_on_stderr",
]
