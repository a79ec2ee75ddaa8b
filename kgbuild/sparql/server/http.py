"""SPARQL stage: ``kgbuild serve``'s HTTP side, the server and its request handler.

``/sparql`` speaks the SPARQL 1.1 Protocol, queries only: GET ``?query=``, POST form ``query=`` or an
``application/sparql-query`` body; ``default-graph-uri`` and ``named-graph-uri`` too. A request is
read and checked here (``guard`` refuses updates and SERVICE), run by a query worker (``workers``)
and answered in the negotiated format (``negotiate``). ``/`` is the interactive HTML view of the
graph, rendered once at start-up; ``/health`` answers ``ok``. Every answer allows any origin
(CORS), so that a page such as YASGUI can query the endpoint.
"""

from __future__ import annotations

import ipaddress
import signal
import socket
import sys
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, urlsplit

import pyoxigraph

from kgbuild import __version__
from kgbuild.errors import KgbuildError, UsageError
from kgbuild.graph.store import graph_over, open_source
from kgbuild.sparql.server.answers import HTML, TEXT, Answer, text_answer
from kgbuild.sparql.server.guard import READ_ONLY, refuse_query
from kgbuild.sparql.server.negotiate import FORMAT_NAMES, format_known
from kgbuild.sparql.server.workers import Job, SourceSpec, WorkerPool

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
    _check_settings(host, port, timeout, max_rows, workers)
    source = Path(source)

    # Read the source once here: its errors reach the user before anything listens, and the HTML
    # view is drawn from it. The workers then read the very same bytes (see SourceSpec).
    spec = SourceSpec.open(source)
    try:
        store = open_source(source)
        server = _bind(host, port)
        try:
            html = _render_view(source, store)
            del store
            pool = WorkerPool(spec, workers)
            pool.start()
            try:
                server.endpoint = _Endpoint(html=html, pool=pool, timeout=timeout, max_rows=max_rows)
                _announce(server, source, host, announce or _print_stdout, warn or _print_stderr)
                _serve_until_signal(server)
            finally:
                pool.close()
        finally:
            server.server_close()
    finally:
        spec.close()


def _render_view(source: Path, store: pyoxigraph.Store) -> bytes:
    """The HTML view of the graph, as ``/`` serves it."""
    from kgbuild.export.view import render_html

    return render_html(graph_over(_merged(store)), title=f"kgbuild: {source}").encode("utf-8")


def _announce(
    server: "_Server", source: Path, host: str, announce: Callable[[str], None], warn: Callable[[str], None]
) -> None:
    """The start line naming the URLs, after a warning when the server listens beyond this machine."""
    bound_host, bound_port = server.server_address[:2]
    base = f"http://{_url_host(bound_host)}:{bound_port}"
    if not _is_loopback(host):
        warn(
            f"kgbuild: warning: listening on {host}: anyone who can reach this machine on port "
            f"{bound_port} can query the graph (no authentication, and any web page may read the "
            f"answers); leave out --host to listen on {DEFAULT_HOST} only"
        )
    announce(f"serving {source} at {base}/sparql (HTML view at {base}/)")


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
    """One thread per request; the queries themselves run in the worker processes."""

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
    """What every request handler of one server shares: the view, the workers and the limits."""

    html: bytes
    pool: WorkerPool
    timeout: float
    max_rows: int


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
        self._reply(text_answer(HTTPStatus.METHOD_NOT_ALLOWED, READ_ONLY), allow="GET, POST, OPTIONS")

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
                answer = self._static(Answer(HTTPStatus.OK, HTML, self.server.endpoint.html))
            elif url.path == "/health":
                answer = self._static(Answer(HTTPStatus.OK, TEXT, b"ok\n"))
            elif url.path == "/sparql":
                if self.command not in ("GET", "POST"):
                    self._reply(
                        text_answer(HTTPStatus.METHOD_NOT_ALLOWED, "send SPARQL queries with GET or POST"),
                        allow="GET, POST, OPTIONS",
                    )
                    return
                answer = self._sparql(url.query)
            else:
                answer = text_answer(HTTPStatus.NOT_FOUND, f"no such page: {url.path} (try /sparql, / or /health)")
            self._reply(answer, vary=url.path == "/sparql")
        except ConnectionError:
            return
        except Exception as exc:  # a bug must not kill the server or leave the client hanging
            _print_stderr(f"kgbuild: internal error answering {self.requestline!r}: {type(exc).__name__}: {exc}")
            try:
                self._reply(text_answer(HTTPStatus.INTERNAL_SERVER_ERROR, f"internal error: {type(exc).__name__}: {exc}"))
            except OSError:
                pass

    def _static(self, answer: Answer) -> Answer:
        if self.command not in ("GET", "HEAD"):
            return text_answer(HTTPStatus.METHOD_NOT_ALLOWED, f"{self.command} is not allowed here (use GET)")
        return answer

    def _reply(self, answer: Answer, *, allow: str | None = None, vary: bool = False) -> None:
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

    def _sparql(self, url_query: str) -> Answer:
        """One SPARQL Protocol request: its parameters read and checked, then run by a worker."""
        params = self._params(url_query)
        if isinstance(params, Answer):
            return params
        endpoint = self.server.endpoint
        job = _job_of(params, self.headers.get("Accept", ""), endpoint.max_rows)
        if isinstance(job, Answer):
            return job
        return endpoint.pool.run(job, endpoint.timeout)

    def _params(self, url_query: str) -> dict[str, list[str]] | Answer:
        """The request's parameters: the URL's, and for a POST those of its body."""
        try:
            params = parse_qs(url_query, keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            return text_answer(HTTPStatus.BAD_REQUEST, "the request URL is not valid UTF-8 once percent-decoded")
        if self.command != "POST":
            return params
        body = self._read_body()
        if isinstance(body, Answer):
            return body
        return _add_body(params, body, self.headers.get("Content-Type", ""))

    def _read_body(self) -> bytes | Answer:
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            return text_answer(HTTPStatus.LENGTH_REQUIRED, "send a Content-Length header with the POST body")
        try:
            length = int(length_header)
            if length < 0:
                raise ValueError(length_header)
        except ValueError:
            return text_answer(HTTPStatus.BAD_REQUEST, f"Content-Length '{length_header}' is not a number of bytes")
        if length > MAX_REQUEST_BYTES:
            self.close_connection = True
            return text_answer(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"the request body has {length} bytes, more than the {MAX_REQUEST_BYTES} a query may have",
            )
        return self.rfile.read(length)


def _add_body(params: dict[str, list[str]], body: bytes, content_type: str) -> dict[str, list[str]] | Answer:
    """``params`` with those of a POST body: form fields, or the query itself; an update body is
    refused (403), any other kind of body too (415)."""
    media_type, charset = _content_type(content_type)
    try:
        text = body.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return text_answer(HTTPStatus.BAD_REQUEST, f"the request body is not valid {charset} text")
    if media_type == "application/x-www-form-urlencoded":
        for name, values in parse_qs(text, keep_blank_values=True).items():
            params.setdefault(name, []).extend(values)
    elif media_type == "application/sparql-query":
        if "query" in params:
            return text_answer(HTTPStatus.BAD_REQUEST, "give the query either in the body or as query=, not both")
        params["query"] = [text]
    elif media_type == "application/sparql-update":
        return text_answer(HTTPStatus.FORBIDDEN, READ_ONLY)
    else:
        return text_answer(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            f"cannot read a request body of type '{media_type or 'none'}' (send "
            "application/x-www-form-urlencoded with query=..., or an application/sparql-query body)",
        )
    return params


def _job_of(params: dict[str, list[str]], accept: str, max_rows: int) -> Job | Answer:
    """The query a request's parameters ask to run, or the answer that refuses it: an update, no
    query or more than one, an unknown format, a graph IRI that is none, a query ``guard`` refuses."""
    if "update" in params:
        return text_answer(HTTPStatus.FORBIDDEN, READ_ONLY)
    queries = params.get("query", [])
    if not queries or not queries[0].strip():
        return text_answer(
            HTTPStatus.BAD_REQUEST,
            "no query: send GET /sparql?query=..., POST query=... (form), or POST an application/sparql-query body",
        )
    if len(queries) > 1:
        return text_answer(HTTPStatus.BAD_REQUEST, "more than one query= parameter (send one query per request)")
    formats = params.get("format", [])
    if formats and not format_known(formats[0]):
        return text_answer(
            HTTPStatus.BAD_REQUEST,
            f"unknown format '{formats[0]}' (use one of: {', '.join(FORMAT_NAMES)}, or a media type)",
        )
    default_graphs = tuple(params.get("default-graph-uri", []))
    named_graphs = tuple(params.get("named-graph-uri", []))
    for iri in default_graphs + named_graphs:
        try:
            pyoxigraph.NamedNode(iri)
        except ValueError:
            return text_answer(HTTPStatus.BAD_REQUEST, f"graph IRI '{iri}' is not a valid IRI")
    refusal = refuse_query(queries[0])
    if refusal is not None:
        return refusal
    return Job(
        query=queries[0], accept=accept, format=formats[0] if formats else None,
        default_graphs=default_graphs, named_graphs=named_graphs, max_rows=max_rows,
    )


def _content_type(header: str) -> tuple[str, str]:
    """The media type and charset (default UTF-8) of a Content-Type header."""
    media_type, _, rest = header.partition(";")
    charset = "utf-8"
    for param in rest.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip('"')
    return media_type.strip().lower(), charset
