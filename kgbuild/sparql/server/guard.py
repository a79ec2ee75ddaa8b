"""SPARQL stage (``kgbuild serve``): what the read-only endpoint refuses before any worker sees it.

The endpoint never changes anything and never reaches outside: SPARQL Update is refused with 403,
whether it comes as an update request or disguised as a query (``INSERT``, ``LOAD`` ...), and a
query with ``SERVICE`` with 400, since Oxigraph would fetch the remote endpoint over HTTP. The
checks read the query's keywords only (strings, IRIs, comments and names removed), so a literal
"SERVICE" or a variable ``?service`` passes.
"""

from __future__ import annotations

import re
from http import HTTPStatus

from kgbuild.sparql.server.answers import Answer, text_answer

__all__ = ["READ_ONLY", "NO_SERVICE", "keywords_only", "refuse_query", "names_its_dataset"]

READ_ONLY = (
    "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, "
    "COPY) is refused; change the graph by rebuilding it with kgbuild build, then restart kgbuild serve"
)
NO_SERVICE = (
    "SERVICE is not allowed: this endpoint queries only its own graph and never contacts other "
    "endpoints; run the federated part of the query against those endpoints yourself"
)

# SPARQL applies \uXXXX and \UXXXXXXXX escapes to the whole query text before parsing it.
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# Strings, IRIs and comments: text in which a keyword is not a keyword.
_OPAQUE = re.compile(
    r"'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|#[^\n\r]*",
    re.DOTALL,
)
# Variables, prefixed names, blank node labels and language tags (any may be "service").
_NAMES = re.compile(
    r"[?$][\w\u00b7\u0300-\u036f\u203f\u2040]+"
    r"|[\w.\-\u00b7]*:(?:[\w.\-:%\u00b7]|\\\S)*"
    r"|@[A-Za-z]+(?:-[A-Za-z0-9]+)*"
)
_FIRST_KEYWORD = re.compile(r"\s*(?:(?:PREFIX|BASE)\b\s*)*([A-Za-z]+)", re.IGNORECASE)
_FROM = re.compile(r"\bFROM\b", re.IGNORECASE)
_UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})


def keywords_only(query: str) -> str:
    """The query without strings, IRIs, comments, variables and prefixed names: what is left are
    keywords, function names, numbers and punctuation."""
    def unescape(match: re.Match[str]) -> str:
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except ValueError:
            return match.group(0)

    text = _CODEPOINT.sub(unescape, query)
    text = _OPAQUE.sub(" ", text)
    return _NAMES.sub(" ", text)


def refuse_query(query: str) -> Answer | None:
    """403 for an update sent as a query (INSERT, DELETE, LOAD ...), 400 for a query that would call
    another endpoint (SERVICE); None for a query this endpoint runs.

    Oxigraph would evaluate ``SERVICE`` by fetching the remote endpoint over HTTP; the check errs on
    the side of refusing: any "service" left once strings, IRIs, comments and names are removed."""
    keywords = keywords_only(query)
    first = _FIRST_KEYWORD.match(keywords)
    if first and first.group(1).upper() in _UPDATE_KEYWORDS:
        return text_answer(HTTPStatus.FORBIDDEN, READ_ONLY)
    if re.search("service", keywords, re.IGNORECASE):
        return text_answer(HTTPStatus.BAD_REQUEST, NO_SERVICE)
    return None


def names_its_dataset(query: str) -> bool:
    """Whether the query says which graphs it reads (a FROM or FROM NAMED clause)."""
    return _FROM.search(keywords_only(query)) is not None
