"""Load a graph into a triple store over the SPARQL 1.1 Graph Store HTTP Protocol (``kgbuild push``).

Any server that speaks the protocol takes it: Oxigraph server (``http://HOST:7878/store``), Apache
Jena Fuseki (``http://HOST:3030/DATASET/data``), GraphDB
(``http://HOST:7200/repositories/REPO/rdf-graphs/service``). Only the standard library's
``urllib`` is used, each request with a timeout.

The graph never lands half-loaded in its target. The sequence:

1. Read SOURCE (every named graph merged) and serialise it once as N-Triples, sorted: N triples.
2. PUT the whole payload, in one request, into a fresh temporary named graph
   ``https://w3id.org/kgbuild/graph/tmp/<random>``.
3. Count the triples the server now holds in the temporary graph: with a SPARQL ``COUNT`` at the
   query endpoint (``--query-endpoint``, or derived from the GSP address: Oxigraph's ``/store`` →
   ``/query``, Fuseki's ``/data`` → ``/query``, GraphDB's ``/rdf-graphs/service`` → the
   repository; a derived endpoint that does not answer falls back to the next way), or else by
   GETting the graph and counting what comes back. Anything but N stops here.
4. Put it in place: with ``--update-endpoint``, one SPARQL Update ``MOVE GRAPH <tmp> TO GRAPH
   <target>`` (atomic on a transactional server, and it removes the temporary graph); otherwise
   PUT the same payload to the target graph, which replaces whatever the target held (GSP has no
   rename), then DELETE the temporary graph.
5. Count the target graph the same way; anything but N is an error.

On any failure the temporary graph is deleted, and the error says what the server now holds: the
target untouched, replaced, or (when a request broke off without an answer) unknown, plus the
temporary graph if it could not be removed, with the command that removes it.

Without ``--graph`` the target is ``https://w3id.org/kgbuild/graph/<sha256 prefix>``, the first 20
hex digits of the SHA-256 of the sorted N-Triples payload: the same graph always goes to the same
named graph (pushing it again replaces it), a different graph to a different one, and the
server's default graph is never touched unless asked for.
"""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from kgbuild.errors import KgbuildError, UsageError
from kgbuild.graph.formats import format_of_media_type
from kgbuild.graph.store import open_source

__all__ = [
    "GRAPH_BASE",
    "TEMP_GRAPH_BASE",
    "PushError",
    "PushReport",
    "push_graph",
    "read_payload",
    "default_graph_iri",
    "derive_query_endpoint",
    "public_url",
]

GRAPH_BASE = "https://w3id.org/kgbuild/graph/"
"""Base of the named graphs ``kgbuild push`` chooses: ``<GRAPH_BASE><sha256 prefix>``."""

TEMP_GRAPH_BASE = GRAPH_BASE + "tmp/"
"""Base of the temporary graphs a push loads into first (removed when the push ends)."""

NTRIPLES = "application/n-triples"


class PushError(KgbuildError):
    """The server refused the graph, could not be reached, or stored something else (exit 1)."""


@dataclass(frozen=True, slots=True)
class PushReport:
    """What a push loaded, where, and how it was checked."""

    source: Path
    endpoint: str
    graph_iri: str
    triples: int
    verified_by: str
    """How the server's triple count was read: ``SPARQL COUNT at URL`` or ``GET of the graph``."""
    placed_by: str
    """How the temporary graph was put in place: ``PUT`` or ``SPARQL MOVE at URL``."""
    seconds: float
    warnings: tuple[str, ...] = field(default=())


# --- the payload ----------------------------------------------------------------------------------


def read_payload(source: Path) -> tuple[bytes, int]:
    """SOURCE (graph file or store directory, named graphs merged) as sorted N-Triples, and the
    number of distinct triples in it."""
    store = open_source(Path(source))
    triples = {pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in store}
    if not triples:
        raise PushError(f"'{source}' holds no triples: nothing to push (build the graph first: kgbuild build ARTICLE -o DIR)")
    text = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    lines = sorted(set(line for line in text.splitlines(keepends=True) if line.strip()))
    return b"".join(lines), len(lines)


def default_graph_iri(payload: bytes) -> str:
    """``https://w3id.org/kgbuild/graph/<first 20 hex digits of sha256(payload)>``."""
    return GRAPH_BASE + hashlib.sha256(payload).hexdigest()[:20]


# --- HTTP -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Reply:
    body: bytes
    content_type: str


class _Refused(Exception):
    """The server answered with a status other than 2xx."""

    def __init__(self, url: str, status: int, reason: str, body: str, location: str | None) -> None:
        super().__init__(f"HTTP {status} {reason}")
        self.url, self.status, self.reason, self.body, self.location = url, status, reason, body, location

    def describe(self) -> str:
        """``HTTP 404 Not Found: <first line of the body>``."""
        first = next((line.strip() for line in self.body.splitlines() if line.strip()), "")
        first = first[:200] + ("..." if len(first) > 200 else "")
        return f"HTTP {self.status} {self.reason}: {first or '(empty body)'}"


class _Unreachable(Exception):
    """No answer: connection refused, unknown host, timeout, connection broken off. ``sent`` is
    False when the request certainly never reached the server (refused, unknown host)."""

    def __init__(self, url: str, why: str, timed_out: bool, sent: bool) -> None:
        super().__init__(why)
        self.url, self.why, self.timed_out, self.sent = url, why, timed_out, sent


class _Client:
    """Requests to one server, each with the timeout. Credentials written as ``user:password@`` in
    a URL go into a Basic Authorization header and never into messages."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.auth: dict[str, str] = {}

    def address(self, url: str) -> str:
        """``url`` without credentials (remembered for its host)."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UsageError(
                f"'{public_url(url)}' is not an http:// or https:// address "
                "(give the server's endpoint URL, e.g. http://localhost:7878/store)"
            )
        if parts.username is None:
            return url
        netloc = parts.netloc.rsplit("@", 1)[1]
        clean = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
        user = urllib.parse.unquote(parts.username)
        password = urllib.parse.unquote(parts.password or "")
        self.auth[netloc] = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return clean

    def request(self, method: str, url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> _Reply:
        headers = dict(headers or {})
        netloc = urllib.parse.urlsplit(url).netloc
        if netloc in self.auth:
            headers["Authorization"] = self.auth[netloc]
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as response:
                return _Reply(response.read(), response.headers.get("Content-Type", ""))
        except urllib.error.HTTPError as exc:
            try:
                body = exc.read().decode("utf-8", "replace")
            except Exception:  # the body of an error answer may itself break off
                body = ""
            location = exc.headers.get("Location") if exc.headers else None
            raise _Refused(url, exc.code, exc.reason or "", body, location) from None
        except urllib.error.URLError as exc:
            raise self._unreachable(url, exc.reason) from None
        except (TimeoutError, OSError) as exc:  # a timeout or reset while reading the answer
            raise self._unreachable(url, exc) from None

    def _unreachable(self, url: str, reason: object) -> _Unreachable:
        if isinstance(reason, (TimeoutError, socket.timeout)):
            return _Unreachable(url, f"no answer within {self.timeout:g} s", timed_out=True, sent=True)
        if isinstance(reason, ConnectionRefusedError):
            return _Unreachable(url, "connection refused", timed_out=False, sent=False)
        if isinstance(reason, socket.gaierror):
            return _Unreachable(url, f"unknown host, {reason.strerror or reason}", timed_out=False, sent=False)
        if isinstance(reason, OSError) and reason.strerror:
            return _Unreachable(url, reason.strerror, timed_out=False, sent=True)
        return _Unreachable(url, str(reason) or type(reason).__name__, timed_out=False, sent=True)


def public_url(url: str) -> str:
    """``url`` with any password replaced by ``***``, for messages."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _graph_url(endpoint: str, graph_iri: str) -> str:
    separator = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    return f"{endpoint}{separator}{urllib.parse.urlencode({'graph': graph_iri})}"


def derive_query_endpoint(endpoint: str) -> str | None:
    """The SPARQL query endpoint beside a GSP endpoint, for the servers whose layout is known:
    Oxigraph (``/store`` → ``/query``), Fuseki (``/DATASET/data`` → ``/DATASET/query``), GraphDB
    (``/repositories/REPO/rdf-graphs/service`` → ``/repositories/REPO``)."""
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    for suffix, replacement in (("/rdf-graphs/service", ""), ("/store", "/query"), ("/data", "/query")):
        if path.endswith(suffix):
            return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path[: -len(suffix)] + replacement, "", ""))
    return None


# --- the push -------------------------------------------------------------------------------------


class _CountFailed(Exception):
    """The server's triple count could not be read."""


@dataclass(slots=True)
class _Server:
    """The endpoints of one push, and what the messages say about them."""

    client: _Client
    endpoint: str
    shown: str
    """The endpoint as messages show it (no password)."""
    query_endpoint: str | None
    query_explicit: bool
    update_endpoint: str | None
    verified_by: str = ""

    def put(self, graph: str, payload: bytes) -> None:
        self.client.request("PUT", _graph_url(self.endpoint, graph), payload, {"Content-Type": NTRIPLES})

    def move(self, source: str, target: str) -> None:
        assert self.update_endpoint is not None
        update = f"MOVE GRAPH <{source}> TO GRAPH <{target}>"
        self.client.request("POST", self.update_endpoint, update.encode("utf-8"), {"Content-Type": "application/sparql-update"})

    def delete(self, graph: str) -> str | None:
        """Delete ``graph``: None when it is gone (or never was), else why it may remain."""
        try:
            self.client.request("DELETE", _graph_url(self.endpoint, graph))
            return None
        except _Refused as exc:
            return None if exc.status in (404, 410) else exc.describe()
        except _Unreachable as exc:
            return exc.why

    def removal_hint(self, graph: str) -> str:
        return f"remove it with: curl -X DELETE '{_graph_url(self.shown, graph)}'"

    def count(self, graph: str) -> int:
        """How many triples the server holds in ``graph``: a SPARQL COUNT where a query endpoint
        is known, else a GET of the graph. A derived query endpoint that fails is dropped."""
        if self.query_endpoint:
            sparql = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
            try:
                reply = self.client.request(
                    "POST", self.query_endpoint, sparql.encode("utf-8"),
                    {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
                )
                n = int(json.loads(reply.body)["results"]["bindings"][0]["n"]["value"])
                self.verified_by = f"SPARQL COUNT at {public_url(self.query_endpoint)}"
                return n
            except (_Refused, ValueError, KeyError, IndexError, TypeError) as exc:
                if self.query_explicit:
                    detail = exc.describe() if isinstance(exc, _Refused) else f"an answer that is not SPARQL JSON results ({exc})"
                    raise _CountFailed(
                        f"the query endpoint {public_url(self.query_endpoint)} could not count the triples of <{graph}>: "
                        f"{detail} (check --query-endpoint: it must be the server's SPARQL query endpoint; "
                        "leave it out to count with a GET of the graph)"
                    ) from None
                self.query_endpoint = None  # a guess that was wrong: count with GET from now on
        reply = self.client.request("GET", _graph_url(self.endpoint, graph), headers={"Accept": f"{NTRIPLES}, text/turtle;q=0.5"})
        # we ask for N-Triples; some servers answer Turtle anyway, or name no type
        fmt = format_of_media_type(reply.content_type) or pyoxigraph.RdfFormat.N_TRIPLES
        try:
            n = len({(q.subject, q.predicate, q.object) for q in pyoxigraph.parse(reply.body, format=fmt)})
        except (SyntaxError, ValueError) as exc:
            raise _CountFailed(
                f"the endpoint {self.shown} returned the graph <{graph}> in a form that cannot be read back "
                f"({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})"
            ) from None
        self.verified_by = "GET of the graph"
        return n

    def checked_count(self, graph: str) -> int:
        """``count``, its failures as PushError (with no word on the server's state yet)."""
        try:
            return self.count(graph)
        except _CountFailed as exc:
            raise PushError(str(exc)) from None
        except _Refused as exc:
            raise PushError(
                f"the endpoint {public_url(exc.url.split('?')[0])} refused to return the triples of <{graph}> for checking: "
                f"{exc.describe()} ({_fix(exc)})"
            ) from None
        except _Unreachable as exc:
            raise PushError(_unreachable_text(exc, f"while checking <{graph}>")) from None


def _fix(exc: _Refused) -> str:
    """What to do about a refusal, by status."""
    if exc.status in (401, 403):
        return ("the server wants credentials or does not allow writes: give them in the URL "
                "(http://USER:PASSWORD@HOST/...) or allow updates on the server")
    if exc.status == 404:
        return ("check the URL: it must be the server's Graph Store Protocol endpoint, e.g. http://HOST:7878/store "
                "(Oxigraph), http://HOST:3030/DATASET/data (Fuseki), http://HOST:7200/repositories/REPO/rdf-graphs/service (GraphDB)")
    if exc.status == 405:
        return "the endpoint does not accept writes: give the server's read-write Graph Store Protocol endpoint"
    if exc.status in (301, 302, 303, 307, 308):
        return "use the address it redirects to" + (f": {exc.location}" if exc.location else "")
    if exc.status == 413:
        return "the graph is larger than the server accepts: raise its upload limit"
    if exc.status == 415:
        return "the server takes no N-Triples at this address: check that it is a Graph Store Protocol endpoint"
    if exc.status == 400:
        return "the server could not use the graph or the graph IRI: see its message"
    if exc.status >= 500:
        return "the server failed: see its log, then push again"
    return "see the server's message"


def _unreachable_text(exc: _Unreachable, doing: str = "") -> str:
    where = public_url(exc.url.split("?")[0])
    doing = f" {doing}" if doing else ""
    if exc.timed_out:
        return f"the endpoint {where} did not answer{doing}: {exc.why} (raise --timeout, or check the server"
    return f"cannot reach the endpoint {where}{doing}: {exc.why} (is the server running and listening there? check the host and port"


def push_graph(
    source: Path,
    endpoint: str,
    graph_iri: str | None = None,
    timeout: float = 60.0,
    *,
    query_endpoint: str | None = None,
    update_endpoint: str | None = None,
) -> PushReport:
    """Load SOURCE into the named graph ``graph_iri`` (default: ``default_graph_iri`` of its
    content) at the Graph Store Protocol ``endpoint``, replacing what that graph held, by the
    checked, all-or-nothing sequence of this module's docstring."""
    started = time.perf_counter()
    if not timeout > 0:
        raise UsageError(f"--timeout must be a positive number of seconds, not {timeout:g}")
    client = _Client(timeout)
    clean = client.address(endpoint)
    server = _Server(
        client=client, endpoint=clean, shown=public_url(endpoint),
        query_endpoint=client.address(query_endpoint) if query_endpoint else derive_query_endpoint(clean),
        query_explicit=query_endpoint is not None,
        update_endpoint=client.address(update_endpoint) if update_endpoint else None,
    )
    if graph_iri is not None:
        _check_iri(graph_iri)
    payload, expected = read_payload(source)
    target = graph_iri or default_graph_iri(payload)
    temp = TEMP_GRAPH_BASE + uuid.uuid4().hex
    shown = server.shown
    untouched = f"the target graph <{target}> was not touched"

    def temp_state() -> str:
        why = server.delete(temp)
        if why is None:
            return "no temporary graph is left"
        return f"the temporary graph <{temp}> may be left on the server ({why}): {server.removal_hint(temp)}"

    # 1. the whole graph into a fresh temporary graph, in one request
    try:
        server.put(temp, payload)
    except _Refused as exc:
        raise PushError(f"the endpoint {shown} refused the graph: {exc.describe()} ({_fix(exc)}; {untouched}, {temp_state()})") from None
    except _Unreachable as exc:
        state = "nothing was sent, the server is unchanged" if not exc.sent else f"{untouched}, {temp_state()}"
        raise PushError(f"{_unreachable_text(exc)}; {state})") from None

    # 2. the server holds all of it
    try:
        held = server.checked_count(temp)
    except PushError as exc:
        raise PushError(f"{exc}; {untouched}, {temp_state()})") from None
    if held != expected:
        raise PushError(
            f"the endpoint {shown} stored {held} of the {expected} triples sent to the temporary graph <{temp}> "
            f"(see the server's log; {untouched}, {temp_state()})"
        )

    # 3. into place: MOVE (atomic, removes the temporary graph), or PUT the same payload
    warnings: list[str] = []
    try:
        if server.update_endpoint:
            server.move(temp, target)
            placed_by = f"SPARQL MOVE at {public_url(server.update_endpoint)}"
        else:
            server.put(target, payload)
            placed_by = "PUT"
    except _Refused as exc:
        who = f"the update endpoint {public_url(server.update_endpoint)}" if server.update_endpoint else f"the endpoint {shown}"
        raise PushError(f"{who} refused the graph: {exc.describe()} ({_fix(exc)}; {untouched}, {temp_state()})") from None
    except _Unreachable as exc:
        state = (f"the target graph <{target}> may or may not have been replaced, the request got no answer: "
                 f"push again; {temp_state()}")
        raise PushError(f"{_unreachable_text(exc)}; {state})") from None
    if not server.update_endpoint:
        why = server.delete(temp)
        if why is not None:
            warnings.append(f"the temporary graph <{temp}> could not be removed ({why}): {server.removal_hint(temp)}")

    # 4. the target holds all of it
    try:
        held = server.checked_count(target)
    except PushError as exc:
        raise PushError(f"{exc}; the target graph <{target}> was replaced but not checked: push again to be sure)") from None
    if held != expected:
        raise PushError(
            f"the endpoint {shown} holds {held} triples in <{target}> after the push, not {expected} "
            "(another client may have written to it at the same time: push again)"
        )
    return PushReport(
        source=Path(source), endpoint=shown, graph_iri=target, triples=expected, verified_by=server.verified_by,
        placed_by=placed_by, seconds=time.perf_counter() - started, warnings=tuple(warnings),
    )


def _check_iri(iri: str) -> None:
    """An absolute IRI, as the server will need it."""
    problem = None
    if not iri or ":" not in iri or any(c in iri for c in '<>"{}|\\^` \n\t'):
        problem = "not an absolute IRI"
    else:
        try:
            pyoxigraph.NamedNode(iri)
        except ValueError as exc:
            problem = str(exc) or "not an absolute IRI"
    if problem:
        raise UsageError(f"--graph '{iri}' is {problem if problem.startswith('not') else 'not an IRI: ' + problem} "
                         f"(give an absolute IRI such as {GRAPH_BASE}my-graph)")
