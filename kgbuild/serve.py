"""Serve stage: a read-only SPARQL 1.1 Protocol endpoint and the HTML view over a graph or a store.

``kgbuild serve SOURCE`` answers SPARQL queries over HTTP so that analysts can point their own tools
(YASGUI, SPARQLWrapper, rdflib's SPARQLStore, curl) at a graph kgbuild built:

- ``/sparql``: the SPARQL 1.1 Protocol, queries only (GET ``?query=``, POST form ``query=`` or an
  ``application/sparql-query`` body; ``default-graph-uri`` and ``named-graph-uri`` too). Results are
  negotiated on the Accept header, or chosen with a ``format`` parameter: SELECT and ASK as SPARQL
  JSON (default), XML, CSV or TSV; CONSTRUCT and DESCRIBE as Turtle (default), N-Triples, JSON-LD,
  RDF/XML or N3. kgbuild's prefixes (``kg:``, ``rdfs:``, ...) are known to every query that does not
  declare them itself. As with ``kgbuild query``, the default graph is the union of all graphs
  (unless ``FROM`` or ``default-graph-uri`` name some).
- ``/``: the interactive HTML view of the graph, rendered once at start-up; ``/health``: ``ok``.

It never changes anything and never reaches outside: SPARQL Update is refused (403), a query with
``SERVICE`` is refused (400), a store directory is opened read-only and a graph file is only read.

Limits: queries run in worker processes, each holding its own read-only copy of the graph (a file
is parsed once per worker from a descriptor opened at start-up, so every worker serves the same
snapshot even if the file is rebuilt meanwhile; a store directory is opened read-only by each).
The server waits ``timeout`` seconds for a worker's answer; when the time is up it kills the worker
(SIGKILL: Oxigraph's evaluation cannot be interrupted from Python, and a thread cannot be killed),
answers 503 and starts a fresh worker, so a runaway query never keeps a CPU busy. A result of more
than ``max_rows`` rows (SELECT) or triples (CONSTRUCT, DESCRIBE) is refused with 413 rather than
truncated, so that no client mistakes part of an answer for all of it.

POSIX only (worker descriptors are passed with ``pass_fds``).
"""

from __future__ import annotations

import io
import ipaddress
import itertools
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, urlsplit

import pyoxigraph

from kgbuild import __version__
from kgbuild.errors import KgbuildError, QueryError, UsageError
from kgbuild.graph.formats import format_named, format_of_media_type, format_of_suffix
from kgbuild.graph.store import graph_over, is_store_dir, open_source
from kgbuild.ontology import PREFIXES

__all__ = [
    "serve",
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "DEFAULT_TIMEOUT",
    "DEFAULT_MAX_ROWS",
    "DEFAULT_WORKERS",
    "MAX_REQUEST_BYTES",
]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 10.0
"""Seconds a query may take (evaluation and serialisation) before it is stopped."""
DEFAULT_MAX_ROWS = 10_000
"""Most rows (SELECT) or triples (CONSTRUCT, DESCRIBE) one answer may hold."""
DEFAULT_WORKERS = 2
"""Query worker processes: one runaway query leaves the others answering."""
MAX_REQUEST_BYTES = 1 << 20
"""Largest POST body accepted (a query, not data: updates are refused anyway)."""

_TEXT = "text/plain; charset=utf-8"
_HTML = "text/html; charset=utf-8"
_READ_ONLY = (
    "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, "
    "COPY) is refused; change the graph by rebuilding it with kgbuild build, then restart kgbuild serve"
)
_NO_SERVICE = (
    "SERVICE is not allowed: this endpoint queries only its own graph and never contacts other "
    "endpoints; run the federated part of the query against those endpoints yourself"
)


# --------------------------------------------------------------------------- the server


def serve(
    source: Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    *,
    workers: int = DEFAULT_WORKERS,
    announce: Callable[[str], None] | None = None,
    warn: Callable[[str], None] | None = None,
) -> None:
    """Serve ``source`` (a graph file or a ``build --store`` directory) until SIGINT or SIGTERM.

    ``announce`` receives the line naming the URLs once the server answers (default: stdout);
    ``warn`` the warning about a host other than loopback (default: stderr). Returns normally when
    stopped by a signal; raises KgbuildError when the source cannot be read or the port is taken.
    """
    announce = announce or _print_stdout
    warn = warn or _print_stderr
    _check_settings(host, port, timeout, max_rows, workers)
    source = Path(source)

    # Read the source once here: its errors reach the user before anything listens, and the HTML
    # view is drawn from it. The workers then read the very same bytes (see _SourceSpec).
    spec = _SourceSpec.open(source)
    try:
        store = open_source(source)
        server = _bind(host, port)
        try:
            from kgbuild.export.html import render_html

            html = render_html(graph_over(_merged(store)), title=f"kgbuild: {source}").encode("utf-8")
            del store
            pool = _WorkerPool(spec, workers)
            pool.start()
            try:
                server.endpoint = _Endpoint(html=html, pool=pool, timeout=timeout, max_rows=max_rows)
                bound_host, bound_port = server.server_address[:2]
                base = f"http://{_url_host(bound_host)}:{bound_port}"
                if not _is_loopback(host):
                    warn(
                        f"kgbuild: warning: listening on {host}: anyone who can reach this machine on port "
                        f"{bound_port} can query the graph (no authentication, and any web page may read the "
                        f"answers); leave out --host to listen on {DEFAULT_HOST} only"
                    )
                announce(f"serving {source} at {base}/sparql (HTML view at {base}/)")
                _serve_until_signal(server)
            finally:
                pool.close()
        finally:
            server.server_close()
    finally:
        spec.close()


def _merged(store: pyoxigraph.Store) -> pyoxigraph.Store:
    """Every graph of ``store`` in the default graph of a new in-memory store (what the view draws)."""
    merged = pyoxigraph.Store()
    merged.bulk_extend(pyoxigraph.Quad(q.subject, q.predicate, q.object) for q in store)
    return merged


def _check_settings(host: str, port: int, timeout: float, max_rows: int, workers: int) -> None:
    if not host:
        raise UsageError("--host is empty (give an address such as 127.0.0.1, or 0.0.0.0 for every interface)")
    if not 0 <= port <= 65535:
        raise UsageError(f"--port {port} is not a TCP port (use 1 to 65535, or 0 for any free port)")
    if not timeout > 0:
        raise UsageError(f"--timeout {timeout} must be more than 0 seconds")
    if max_rows < 1:
        raise UsageError(f"--max-rows {max_rows} must be at least 1")
    if workers < 1:
        raise UsageError(f"--workers {workers} must be at least 1")


def _print_stdout(message: str) -> None:
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def _print_stderr(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True  # restart at once after a stop (TIME_WAIT), never share a listening port
    allow_reuse_port = False
    endpoint: "_Endpoint"

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001 (socketserver's signature)
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return  # the client went away; nothing to tell anyone
        _print_stderr(f"kgbuild: error: answering {client_address[0]}: {type(exc).__name__}: {exc}")


class _Server6(_Server):
    address_family = socket.AF_INET6


def _bind(host: str, port: int) -> _Server:
    server_class = _Server6 if ":" in host.strip("[]") else _Server
    try:
        return server_class((host.strip("[]"), port), _Handler)
    except socket.gaierror as exc:
        raise UsageError(
            f"cannot listen on '{host}': not an address of this machine ({exc.strerror}); use 127.0.0.1"
        ) from exc
    except OSError as exc:
        import errno

        if exc.errno == errno.EADDRINUSE:
            raise KgbuildError(f"port {port} on {host} is already in use (choose another with --port)") from exc
        if exc.errno == errno.EACCES:
            raise KgbuildError(
                f"cannot listen on port {port} on {host}: permission denied (choose a port above 1023 with --port)"
            ) from exc
        if exc.errno == errno.EADDRNOTAVAIL:
            raise KgbuildError(
                f"cannot listen on {host}: not an address of this machine "
                "(use 127.0.0.1, or 0.0.0.0 for every interface)"
            ) from exc
        raise KgbuildError(f"cannot listen on {host} port {port}: {exc.strerror or exc}") from exc


def _serve_until_signal(server: _Server) -> None:
    """Run the server in this thread until SIGINT or SIGTERM; a handler stops it from another thread
    (``shutdown`` waits for ``serve_forever`` to return, so it must not run in this one)."""
    stopping = threading.Event()

    def stop(signum: int, frame: object) -> None:
        if not stopping.is_set():
            stopping.set()
            threading.Thread(target=server.shutdown, name="kgbuild-serve-stop", daemon=True).start()

    installed: dict[int, object] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGINT, signal.SIGTERM):
            installed[signum] = signal.signal(signum, stop)
    try:
        server.serve_forever(poll_interval=0.25)
    finally:
        for signum, previous in installed.items():
            signal.signal(signum, previous)


# --------------------------------------------------------------------------- HTTP


@dataclass(frozen=True)
class _Endpoint:
    html: bytes
    pool: "_WorkerPool"
    timeout: float
    max_rows: int


@dataclass(frozen=True)
class _Answer:
    status: int
    content_type: str
    body: bytes


def _text(status: int, message: str) -> _Answer:
    return _Answer(status, _TEXT, (message.rstrip("\n") + "\n").encode("utf-8"))


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = f"kgbuild-serve/{__version__}"
    timeout = 60  # a client that stops sending mid-request does not hold a thread for ever

    def version_string(self) -> str:
        return self.server_version

    def do_GET(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_OPTIONS(self) -> None:
        # CORS preflight: a page such as YASGUI may POST with its own headers.
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header(
            "Access-Control-Allow-Headers", self.headers.get("Access-Control-Request-Headers") or "Content-Type, Accept"
        )
        if self.headers.get("Access-Control-Request-Private-Network", "").lower() == "true":
            self.send_header("Access-Control-Allow-Private-Network", "true")
        self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_PUT(self) -> None:
        self._reply(_text(HTTPStatus.METHOD_NOT_ALLOWED, _READ_ONLY), allow="GET, POST, OPTIONS")

    do_DELETE = do_PATCH = do_PUT

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        message = format % args
        if len(message) > 300:
            message = message[:300] + "..."
        sys.stderr.write(f"{self.address_string()} - [{self.log_date_time_string()}] {message}\n")

    # ----------------------------------------------------------------- routing

    def _dispatch(self) -> None:
        try:
            url = urlsplit(self.path)
            if url.path in ("/", "/index.html"):
                answer = self._static(_Answer(HTTPStatus.OK, _HTML, self.server.endpoint.html))
            elif url.path == "/health":
                answer = self._static(_Answer(HTTPStatus.OK, _TEXT, b"ok\n"))
            elif url.path == "/sparql":
                if self.command not in ("GET", "POST"):
                    self._reply(
                        _text(HTTPStatus.METHOD_NOT_ALLOWED, "send SPARQL queries with GET or POST"),
                        allow="GET, POST, OPTIONS",
                    )
                    return
                answer = self._sparql(url.query)
            else:
                answer = _text(HTTPStatus.NOT_FOUND, f"no such page: {url.path} (try /sparql, / or /health)")
            self._reply(answer, vary=url.path == "/sparql")
        except ConnectionError:
            return
        except Exception as exc:  # a bug must not kill the server or leave the client hanging
            _print_stderr(f"kgbuild: internal error answering {self.requestline!r}: {type(exc).__name__}: {exc}")
            try:
                self._reply(_text(HTTPStatus.INTERNAL_SERVER_ERROR, f"internal error: {type(exc).__name__}: {exc}"))
            except OSError:
                pass

    def _static(self, answer: _Answer) -> _Answer:
        if self.command not in ("GET", "HEAD"):
            return _text(HTTPStatus.METHOD_NOT_ALLOWED, f"{self.command} is not allowed here (use GET)")
        return answer

    def _reply(self, answer: _Answer, *, allow: str | None = None, vary: bool = False) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cache-Control", "no-store")
        if vary:
            self.send_header("Vary", "Accept")
        if allow:
            self.send_header("Allow", allow)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)

    # ----------------------------------------------------------------- the SPARQL protocol

    def _sparql(self, url_query: str) -> _Answer:
        try:
            params = parse_qs(url_query, keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            return _text(HTTPStatus.BAD_REQUEST, "the request URL is not valid UTF-8 once percent-decoded")
        if self.command == "POST":
            body = self._read_body()
            if isinstance(body, _Answer):
                return body
            media_type, charset = _content_type(self.headers.get("Content-Type", ""))
            try:
                text = body.decode(charset)
            except (LookupError, UnicodeDecodeError):
                return _text(HTTPStatus.BAD_REQUEST, f"the request body is not valid {charset} text")
            if media_type == "application/x-www-form-urlencoded":
                for name, values in parse_qs(text, keep_blank_values=True).items():
                    params.setdefault(name, []).extend(values)
            elif media_type == "application/sparql-query":
                if "query" in params:
                    return _text(HTTPStatus.BAD_REQUEST, "give the query either in the body or as query=, not both")
                params["query"] = [text]
            elif media_type == "application/sparql-update":
                return _text(HTTPStatus.FORBIDDEN, _READ_ONLY)
            else:
                return _text(
                    HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                    f"cannot read a request body of type '{media_type or 'none'}' (send "
                    "application/x-www-form-urlencoded with query=..., or an application/sparql-query body)",
                )
        if "update" in params:
            return _text(HTTPStatus.FORBIDDEN, _READ_ONLY)
        queries = params.get("query", [])
        if not queries or not queries[0].strip():
            return _text(
                HTTPStatus.BAD_REQUEST,
                "no query: send GET /sparql?query=..., POST query=... (form), or POST an application/sparql-query body",
            )
        if len(queries) > 1:
            return _text(HTTPStatus.BAD_REQUEST, "more than one query= parameter (send one query per request)")
        query = queries[0]
        formats = params.get("format", [])
        if formats and not _format_known(formats[0]):
            return _text(
                HTTPStatus.BAD_REQUEST,
                f"unknown format '{formats[0]}' (use one of: {', '.join(_FORMAT_NAMES)}, or a media type)",
            )
        graphs = params.get("default-graph-uri", []) + params.get("named-graph-uri", [])
        for iri in graphs:
            try:
                pyoxigraph.NamedNode(iri)
            except ValueError:
                return _text(HTTPStatus.BAD_REQUEST, f"graph IRI '{iri}' is not a valid IRI")
        refusal = _refusal(query)
        if refusal is not None:
            return refusal
        endpoint = self.server.endpoint
        job = _Job(
            query=query,
            accept=self.headers.get("Accept", ""),
            format=formats[0] if formats else None,
            default_graphs=tuple(params.get("default-graph-uri", [])),
            named_graphs=tuple(params.get("named-graph-uri", [])),
            max_rows=endpoint.max_rows,
        )
        return endpoint.pool.run(job, endpoint.timeout)

    def _read_body(self) -> bytes | _Answer:
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            return _text(HTTPStatus.LENGTH_REQUIRED, "send a Content-Length header with the POST body")
        try:
            length = int(length_header)
            if length < 0:
                raise ValueError(length_header)
        except ValueError:
            return _text(HTTPStatus.BAD_REQUEST, f"Content-Length '{length_header}' is not a number of bytes")
        if length > MAX_REQUEST_BYTES:
            self.close_connection = True
            return _text(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"the request body has {length} bytes, more than the {MAX_REQUEST_BYTES} a query may have",
            )
        return self.rfile.read(length)


def _content_type(header: str) -> tuple[str, str]:
    """The media type and charset (default UTF-8) of a Content-Type header."""
    media_type, _, rest = header.partition(";")
    charset = "utf-8"
    for param in rest.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip('"')
    return media_type.strip().lower(), charset


# --------------------------------------------------------------------------- refusals

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


def _keywords_only(query: str) -> str:
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


def _refusal(query: str) -> _Answer | None:
    """403 for an update sent as a query, 400 for a query that would call another endpoint.

    Oxigraph would evaluate ``SERVICE`` by fetching the remote endpoint over HTTP; the check errs on
    the side of refusing: any "service" left once strings, IRIs, comments and names are removed."""
    keywords = _keywords_only(query)
    first = _FIRST_KEYWORD.match(keywords)
    if first and first.group(1).upper() in _UPDATE_KEYWORDS:
        return _text(HTTPStatus.FORBIDDEN, _READ_ONLY)
    if re.search("service", keywords, re.IGNORECASE):
        return _text(HTTPStatus.BAD_REQUEST, _NO_SERVICE)
    return None


# --------------------------------------------------------------------------- result formats

_RF = pyoxigraph.QueryResultsFormat
_GF = pyoxigraph.RdfFormat

# What a client may ask for: the media types (Accept, or format=) and format= names this endpoint
# answers in, in the order a wildcard such as text/* picks them; pyoxigraph says which format each is.
_RESULT_MEDIA_TYPES = (
    "application/sparql-results+json", "application/json", "application/sparql-results+xml", "application/xml",
    "text/xml", "text/csv", "text/tab-separated-values",
)
_GRAPH_MEDIA_TYPES = (
    "text/turtle", "application/turtle", "application/x-turtle", "application/n-triples", "application/ld+json",
    "application/x-json+ld", "application/json", "application/rdf+xml", "application/xml", "text/xml", "text/n3",
    "text/rdf+n3", "application/n3",
)
_RESULT_TYPES = {media_type: _RF.from_media_type(media_type) for media_type in _RESULT_MEDIA_TYPES}
_GRAPH_TYPES = {media_type: format_of_media_type(media_type) for media_type in _GRAPH_MEDIA_TYPES}
# ``format=`` names (SPARQLWrapper sends these too); one name may mean a format of each kind.
_RESULT_NAMES = {name: _RF.from_extension(name) for name in ("json", "xml", "csv", "tsv")}
_GRAPH_NAMES = {
    name: format_named(name)
    for name in ("turtle", "ttl", "ntriples", "n-triples", "nt", "json-ld", "jsonld", "json", "xml", "rdf+xml", "rdfxml", "rdf", "n3")
}
_FORMAT_NAMES = tuple(sorted(set(_RESULT_NAMES) | set(_GRAPH_NAMES)))


def _format_known(name: str) -> bool:
    name = name.strip().lower()
    return name in _RESULT_NAMES or name in _GRAPH_NAMES or name in _RESULT_TYPES or name in _GRAPH_TYPES


def _ranked_media_types(accept: str) -> list[str]:
    """The media types of an Accept header, most wanted first (q=0 dropped, ties in header order)."""
    ranked = []
    for position, item in enumerate(accept.split(",")):
        media_type, *params = (part.strip() for part in item.split(";"))
        if not media_type:
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranked.append((-quality, position, media_type.lower()))
    return [media_type for _, _, media_type in sorted(ranked)]


_Format = pyoxigraph.QueryResultsFormat | pyoxigraph.RdfFormat


def _negotiate(job: "_Job", table: dict[str, _Format], names: dict[str, _Format], default: _Format) -> _Format:
    """The format for one kind of result: ``format=`` if it names one of this kind, else the best
    match of the Accept header, else the default (a client that accepts nothing we write still gets
    an answer it can read as text rather than a 406)."""
    if job.format:
        wanted = job.format.strip().lower()
        if wanted in names:
            return names[wanted]
        if wanted in table:
            return table[wanted]
    for media_type in _ranked_media_types(job.accept):
        if media_type in table:
            return table[media_type]
        major, _, minor = media_type.partition("/")
        if minor == "*":
            if major == "*" or default.media_type.startswith(major + "/"):
                return default
            for candidate, fmt in table.items():
                if candidate.startswith(major + "/"):
                    return fmt
    return default


def _media_type(fmt: _Format) -> str:
    media_type = fmt.media_type
    return media_type if "charset=" in media_type else media_type + "; charset=utf-8"


# --------------------------------------------------------------------------- query workers


@dataclass(frozen=True)
class _Job:
    query: str
    accept: str
    format: str | None
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    max_rows: int


class _TooManyRows(Exception):
    pass


class _RowCounter(io.RawIOBase):
    """Collects TSV results and stops the serialisation (and so the evaluation, which is lazy) as
    soon as they have more lines than ``limit``."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.lines = 0
        self.buffer = io.BytesIO()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # noqa: ANN001 (any bytes-like object)
        data = bytes(data)
        self.lines += data.count(b"\n")
        if self.lines > self.limit:
            raise _TooManyRows()
        return self.buffer.write(data)


def _answer(store: pyoxigraph.Store, job: _Job) -> _Answer:
    """Run ``job`` over ``store`` and serialise its result; every failure becomes an HTTP answer."""
    # Like kgbuild query, the default graph is every graph merged (a store keeps its triples in a
    # named graph), unless the request or the query's FROM says which graphs to use.
    union = not (job.default_graphs or job.named_graphs or _FROM.search(_keywords_only(job.query)))
    try:
        result = store.query(
            job.query,
            prefixes=PREFIXES,
            use_default_graph_as_union=union,
            default_graph=[pyoxigraph.NamedNode(iri) for iri in job.default_graphs] or None,
            named_graphs=[pyoxigraph.NamedNode(iri) for iri in job.named_graphs] or None,
        )
    except SyntaxError as exc:
        return _text(HTTPStatus.BAD_REQUEST, _syntax_message(exc))
    except ValueError as exc:
        return _text(HTTPStatus.BAD_REQUEST, f"the query cannot be run: {exc}")
    too_many = (
        f"the answer has more than {job.max_rows} {{what}}, the limit of this server (--max-rows); add a LIMIT "
        "to the query, or restart kgbuild serve with a larger --max-rows"
    )
    try:
        if isinstance(result, pyoxigraph.QueryBoolean):
            fmt = _negotiate(job, _RESULT_TYPES, _RESULT_NAMES, _RF.JSON)
            return _Answer(HTTPStatus.OK, _media_type(fmt), result.serialize(format=fmt))
        if isinstance(result, pyoxigraph.QuerySolutions):
            fmt = _negotiate(job, _RESULT_TYPES, _RESULT_NAMES, _RF.JSON)
            # Count the rows on the way through TSV (one line per row, newlines in values escaped),
            # then write the wanted format from it: the serialisers stay Oxigraph's own.
            counter = _RowCounter(job.max_rows + 1)  # + the header line
            try:
                result.serialize(counter, format=_RF.TSV)
            except Exception:  # _TooManyRows, as it is or as Oxigraph wrapped it
                if counter.lines > counter.limit:
                    return _text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, too_many.format(what="rows"))
                raise
            tsv = counter.buffer.getvalue()
            if fmt == _RF.TSV:
                return _Answer(HTTPStatus.OK, _media_type(fmt), tsv)
            body = pyoxigraph.parse_query_results(tsv, format=_RF.TSV).serialize(format=fmt)
            return _Answer(HTTPStatus.OK, _media_type(fmt), body)
        fmt = _negotiate(job, _GRAPH_TYPES, _GRAPH_NAMES, _GF.TURTLE)
        triples = list(itertools.islice(result, job.max_rows + 1))
        if len(triples) > job.max_rows:
            return _text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, too_many.format(what="triples"))
        return _Answer(HTTPStatus.OK, _media_type(fmt), pyoxigraph.serialize(triples, format=fmt, prefixes=PREFIXES))
    except (OSError, ValueError, RuntimeError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return _text(HTTPStatus.INTERNAL_SERVER_ERROR, f"the query failed while it ran: {message}")


_ERROR_AT = re.compile(r"^error at (\d+):(\d+):\s*(.*)$", re.DOTALL)


def _syntax_message(exc: SyntaxError) -> str:
    """Oxigraph's parser message, its position spelt out (the query's own lines: kgbuild's prefixes
    are given to the parser, not prepended)."""
    message = (exc.msg or str(exc)).strip()
    match = _ERROR_AT.match(message)
    if match:
        line, column, what = match.groups()
        return f"SPARQL syntax error at line {line}, column {column}: {what}"
    return f"SPARQL syntax error: {message}"


@dataclass
class _SourceSpec:
    """What a worker opens: a store directory by path, or a graph file through a descriptor the
    server opened at start-up (a rebuilt file is a new file: every worker reads the old one)."""

    path: Path
    store_dir: bool
    fd: int | None = None
    suffix: str = ""

    @classmethod
    def open(cls, path: Path) -> "_SourceSpec":
        if is_store_dir(path):
            return cls(path=path, store_dir=True)
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            return cls(path=path, store_dir=False)  # open_source reports what is wrong with it
        return cls(path=path, store_dir=False, fd=fd, suffix=path.suffix.lower())

    def arguments(self) -> list[str]:
        if self.store_dir:
            return ["store", str(self.path)]
        return ["file", str(self.fd), self.suffix]

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


class _SnapshotReader(io.RawIOBase):
    """Reads an inherited descriptor from its start with ``pread``, leaving the offset it shares
    with the server and the other workers alone."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd
        self._position = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # noqa: ANN001 (a writable buffer)
        data = os.pread(self._fd, len(buffer), self._position)
        buffer[: len(data)] = data
        self._position += len(data)
        return len(data)


def _worker_main() -> None:
    """Entry point of a worker process: ``python -c ... CONNECTION_FD (store PATH | file FD SUFFIX)``.

    Opens the source, says "ready" and then answers jobs until the server closes the connection.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server decides when a worker stops
    connection_fd, kind, *rest = sys.argv[1:]
    connection = Connection(int(connection_fd))
    parent = os.getppid()

    def watch_parent() -> None:
        # A server killed outright cannot kill its workers: they notice and go (Oxigraph releases
        # the GIL while it evaluates, so this runs even during a long query).
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch_parent, name="kgbuild-worker-watch", daemon=True).start()
    try:
        if kind == "store":
            store = open_source(Path(rest[0]))
        else:
            store = pyoxigraph.Store()
            with io.BufferedReader(_SnapshotReader(int(rest[0])), buffer_size=1 << 20) as reader:
                store.bulk_load(reader, format=format_of_suffix(rest[1]))
    except (KgbuildError, OSError, SyntaxError, ValueError) as exc:
        connection.send(("error", str(exc)))
        return
    connection.send(("ready", ""))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        try:
            answer = _answer(store, job)
        except Exception as exc:  # the worker must outlive any one query
            answer = _text(HTTPStatus.INTERNAL_SERVER_ERROR, f"the query failed: {type(exc).__name__}: {exc}")
        connection.send(answer)


class _WorkerFailed(Exception):
    pass


class _Worker:
    """One query process and the connection to it."""

    def __init__(self, spec: _SourceSpec) -> None:
        ours, theirs = socket.socketpair()
        fds = [theirs.fileno()] + ([spec.fd] if spec.fd is not None else [])
        package_root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", "from kgbuild.serve import _worker_main; _worker_main()",
                 str(theirs.fileno()), *spec.arguments()],
                pass_fds=fds,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                env=env,
                # Ctrl-C signals the terminal's whole process group: the server, not its workers,
                # decides what stops (a worker still importing would print a traceback).
                start_new_session=True,
            )
        finally:
            theirs.close()
        self.connection = Connection(ours.detach())

    def wait_ready(self) -> None:
        while not self.connection.poll(0.2):
            if self.process.poll() is not None:
                raise _WorkerFailed(f"it exited with status {self.process.returncode} while opening the graph")
        try:
            status, message = self.connection.recv()
        except (EOFError, OSError) as exc:
            raise _WorkerFailed(f"it exited while opening the graph ({exc or type(exc).__name__})") from exc
        if status != "ready":
            raise _WorkerFailed(message)

    def kill(self) -> None:
        try:
            self.process.kill()
        except OSError:
            pass
        self.process.wait()
        self.connection.close()


@dataclass
class _WorkerPool:
    """Worker processes that take one job at a time; a worker that overruns is killed and replaced."""

    spec: _SourceSpec
    size: int
    _idle: "queue.Queue[_Worker | None]" = field(default_factory=queue.Queue)
    _workers: set = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _closed: threading.Event = field(default_factory=threading.Event)

    def start(self) -> None:
        started = [self._spawn() for _ in range(self.size)]
        try:
            for worker in started:
                worker.wait_ready()
        except _WorkerFailed as exc:
            self.close()
            raise QueryError(f"cannot serve '{self.spec.path}': a query worker failed: {exc}") from exc
        for worker in started:
            self._idle.put(worker)

    def _spawn(self) -> _Worker:
        worker = _Worker(self.spec)
        with self._lock:
            self._workers.add(worker)
        return worker

    def run(self, job: _Job, timeout: float) -> _Answer:
        """Run ``job`` on an idle worker within ``timeout`` seconds."""
        wait = max(30.0, 3 * timeout)
        try:
            worker = self._idle.get(timeout=wait)
        except queue.Empty:
            return _text(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"all {self.size} query workers stayed busy for {wait:g} seconds; try again shortly",
            )
        if worker is None:
            self._idle.put(None)  # wake the next waiter too
            return _text(HTTPStatus.SERVICE_UNAVAILABLE, "the server is shutting down")
        try:
            worker.connection.send(job)
            if not worker.connection.poll(timeout):
                self._discard(worker)
                return _text(
                    HTTPStatus.SERVICE_UNAVAILABLE,
                    f"the query ran for more than {timeout:g} seconds, the time limit of this server (--timeout), "
                    "and was stopped; make it more selective or add a LIMIT, or restart kgbuild serve with a "
                    "larger --timeout",
                )
            answer = worker.connection.recv()
        except (EOFError, OSError):
            self._discard(worker)
            if self._closed.is_set():
                return _text(HTTPStatus.SERVICE_UNAVAILABLE, "the server is shutting down")
            return _text(
                HTTPStatus.INTERNAL_SERVER_ERROR,
                "the query worker died while answering (out of memory?); make the query more selective",
            )
        self._idle.put(worker)
        return answer

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._workers.discard(worker)
        if not self._closed.is_set():
            threading.Thread(target=self._replace, name="kgbuild-worker-start", daemon=True).start()

    def _replace(self) -> None:
        reported = False
        while not self._closed.is_set():
            worker = self._spawn()
            try:
                worker.wait_ready()
            except _WorkerFailed as exc:
                worker.kill()
                with self._lock:
                    self._workers.discard(worker)
                if not reported:
                    _print_stderr(f"kgbuild: error: cannot start a query worker: {exc} (retrying every 10 seconds)")
                    reported = True
                self._closed.wait(10.0)
                continue
            if self._closed.is_set():
                worker.kill()
                return
            self._idle.put(worker)
            return

    def close(self) -> None:
        """Kill every worker, busy or idle; waiting requests get 503."""
        self._closed.set()
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.kill()
        self._idle.put(None)
