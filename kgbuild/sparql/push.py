"""SPARQL stage: load a graph into a triple store over the SPARQL 1.1 Graph Store HTTP Protocol
(``kgbuild push``).

Any server that speaks the protocol takes it: Oxigraph server (``http://HOST:7878/store``), Apache
Jena Fuseki (``http://HOST:3030/DATASET/data``), GraphDB
(``http://HOST:7200/repositories/REPO/rdf-graphs/service``). Only the standard library's
``urllib`` is used, each request with a timeout (``kgbuild.sparql.client``).

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

import hashlib
import json
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from kgbuild.errors import KgbuildError, UsageError
from kgbuild.graph.formats import format_of_media_type
from kgbuild.graph.store import open_source
from kgbuild.sparql.client import Client, Refused, Unreachable, public_url, refusal_fix, unreachable_text

__all__ = [
    "GRAPH_BASE",
    "TEMP_GRAPH_BASE",
    "PushError",
    "PushReport",
    "push_graph",
    "read_payload",
    "default_graph_iri",
    "derive_query_endpoint",
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


# --- the server's addresses -----------------------------------------------------------------------


def _graph_url(endpoint: str, graph_iri: str) -> str:
    """The GSP address of one named graph: ``endpoint?graph=IRI``."""
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

    client: Client
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
        except Refused as exc:
            return None if exc.status in (404, 410) else exc.describe()
        except Unreachable as exc:
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
            except (Refused, ValueError, KeyError, IndexError, TypeError) as exc:
                if self.query_explicit:
                    detail = exc.describe() if isinstance(exc, Refused) else f"an answer that is not SPARQL JSON results ({exc})"
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
        except Refused as exc:
            raise PushError(
                f"the endpoint {public_url(exc.url.split('?')[0])} refused to return the triples of <{graph}> for checking: "
                f"{exc.describe()} ({refusal_fix(exc)})"
            ) from None
        except Unreachable as exc:
            raise PushError(unreachable_text(exc, f"while checking <{graph}>")) from None


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
    server = _connect(endpoint, timeout, query_endpoint, update_endpoint)
    if graph_iri is not None:
        _check_iri(graph_iri)
    payload, expected = read_payload(source)
    push = _Push(server, payload, expected, target=graph_iri or default_graph_iri(payload),
                 temp=TEMP_GRAPH_BASE + uuid.uuid4().hex)
    push.load_temporary()
    push.check(push.temp)
    placed_by, warnings = push.place()
    push.check(push.target)
    return PushReport(
        source=Path(source), endpoint=server.shown, graph_iri=push.target, triples=expected,
        verified_by=server.verified_by, placed_by=placed_by, seconds=time.perf_counter() - started,
        warnings=tuple(warnings),
    )


def _connect(endpoint: str, timeout: float, query_endpoint: str | None, update_endpoint: str | None) -> _Server:
    """The endpoints of a push, their addresses checked and their credentials taken out."""
    client = Client(timeout)
    clean = client.address(endpoint)
    return _Server(
        client=client, endpoint=clean, shown=public_url(endpoint),
        query_endpoint=client.address(query_endpoint) if query_endpoint else derive_query_endpoint(clean),
        query_explicit=query_endpoint is not None,
        update_endpoint=client.address(update_endpoint) if update_endpoint else None,
    )


@dataclass(slots=True)
class _Push:
    """One push, step by step; every failure is a PushError that says what the server now holds."""

    server: _Server
    payload: bytes
    expected: int
    """The number of triples in ``payload``: what each graph must hold once written."""
    target: str
    temp: str

    def untouched(self) -> str:
        return f"the target graph <{self.target}> was not touched"

    def temp_state(self) -> str:
        """Remove the temporary graph, and say whether that worked."""
        why = self.server.delete(self.temp)
        if why is None:
            return "no temporary graph is left"
        return f"the temporary graph <{self.temp}> may be left on the server ({why}): {self.server.removal_hint(self.temp)}"

    def load_temporary(self) -> None:
        """Step 1: the whole graph into a fresh temporary graph, in one request."""
        try:
            self.server.put(self.temp, self.payload)
        except Refused as exc:
            raise PushError(
                f"the endpoint {self.server.shown} refused the graph: {exc.describe()} "
                f"({refusal_fix(exc)}; {self.untouched()}, {self.temp_state()})"
            ) from None
        except Unreachable as exc:
            state = "nothing was sent, the server is unchanged" if not exc.sent else f"{self.untouched()}, {self.temp_state()}"
            raise PushError(f"{unreachable_text(exc)}; {state})") from None

    def place(self) -> tuple[str, list[str]]:
        """Step 3: into place, by MOVE (atomic, removes the temporary graph) or a PUT of the same
        payload (then the temporary graph is deleted). How it was placed, and any warnings."""
        server = self.server
        try:
            if server.update_endpoint:
                server.move(self.temp, self.target)
                placed_by = f"SPARQL MOVE at {public_url(server.update_endpoint)}"
            else:
                server.put(self.target, self.payload)
                placed_by = "PUT"
        except Refused as exc:
            who = f"the update endpoint {public_url(server.update_endpoint)}" if server.update_endpoint else f"the endpoint {server.shown}"
            raise PushError(f"{who} refused the graph: {exc.describe()} ({refusal_fix(exc)}; {self.untouched()}, {self.temp_state()})") from None
        except Unreachable as exc:
            state = (f"the target graph <{self.target}> may or may not have been replaced, the request got no answer: "
                     f"push again; {self.temp_state()}")
            raise PushError(f"{unreachable_text(exc)}; {state})") from None
        warnings: list[str] = []
        if not server.update_endpoint:
            why = server.delete(self.temp)
            if why is not None:
                warnings.append(f"the temporary graph <{self.temp}> could not be removed ({why}): {server.removal_hint(self.temp)}")
        return placed_by, warnings

    def check(self, graph: str) -> None:
        """Steps 2 and 4: the server holds every triple sent in ``graph`` (the temporary graph, then
        the target); else a PushError that says what the server now holds."""
        try:
            held = self.server.checked_count(graph)
        except PushError as exc:
            if graph == self.temp:
                state = f"{self.untouched()}, {self.temp_state()}"
            else:
                state = f"the target graph <{self.target}> was replaced but not checked: push again to be sure"
            raise PushError(f"{exc}; {state})") from None
        if held == self.expected:
            return
        if graph == self.temp:
            raise PushError(
                f"the endpoint {self.server.shown} stored {held} of the {self.expected} triples sent to the temporary "
                f"graph <{self.temp}> (see the server's log; {self.untouched()}, {self.temp_state()})"
            )
        raise PushError(
            f"the endpoint {self.server.shown} holds {held} triples in <{self.target}> after the push, not "
            f"{self.expected} (another client may have written to it at the same time: push again)"
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
