"""``kgbuild push``: a graph into a real Oxigraph server over the SPARQL 1.1 Graph Store Protocol.

Every test that loads data starts a real ``oxigraph serve`` on a free port (the executable of the
``oxigraph`` package, next to this Python), pushes with the real CLI, and reads the server back
over HTTP. Small ``http.server`` doubles appear only where a real server cannot be made to fail:
one answering 500 to everything, one forwarding to the real server but refusing or mangling one
request, and a socket that never answers.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterator

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from conftest import run_cli
from kgbuild.sparql.push import GRAPH_BASE, TEMP_GRAPH_BASE, default_graph_iri, push_graph, read_payload

OXIGRAPH = Path(sys.executable).with_name("oxigraph")

SMALL = """\
@prefix kg: <https://w3id.org/kgbuild/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/kgbuild/id/place/kidal> a kg:Place ; rdfs:label "Kidal" .
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def _oxigraph(location: Path) -> Iterator[str]:
    """A real ``oxigraph serve`` on a free port; yields its base URL; always killed."""
    if not OXIGRAPH.is_file():
        pytest.skip(f"the Oxigraph server is not installed at {OXIGRAPH} (pip install oxigraph)")
    port = _free_port()
    process = subprocess.Popen(
        [str(OXIGRAPH), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"oxigraph serve exited with {process.returncode}: {process.stderr.read().decode()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2):
                    break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail("oxigraph serve did not answer within 30 s")
                time.sleep(0.1)
        yield base
    finally:
        process.kill()
        process.wait(timeout=30)
        process.stderr.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    with _oxigraph(tmp_path / "oxigraph") as base:
        yield base


def _select(base: str, sparql: str) -> list[dict[str, str]]:
    request = urllib.request.Request(
        f"{base}/query", data=sparql.encode(), method="POST",
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        rows = json.loads(response.read())["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in rows]


def _graphs(base: str) -> dict[str, int]:
    """Every named graph on the server and its number of triples."""
    rows = _select(base, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"]: int(row["n"]) for row in rows}


def _default_graph_size(base: str) -> int:
    return int(_select(base, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"])


def _fetch(base: str, graph_iri: str) -> Graph:
    url = f"{base}/store?{urllib.parse.urlencode({'graph': graph_iri})}"
    request = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return Graph().parse(data=response.read().decode("utf-8"), format="nt")


def _assert_same_graph(fetched: Graph, path: Path) -> None:
    expected = Graph().parse(path)
    assert len(fetched) == len(expected)
    if not isomorphic(fetched, expected):
        _, only_fetched, only_file = graph_diff(to_isomorphic(fetched), to_isomorphic(expected))
        pytest.fail(
            "the server's graph differs from the file:\nonly on the server:\n"
            + "\n".join(sorted(only_fetched.serialize(format="nt").splitlines())[:20])
            + "\nonly in the file:\n" + "\n".join(sorted(only_file.serialize(format="nt").splitlines())[:20])
        )


def _graph_line(stdout: str) -> str:
    match = re.search(r"^  graph:\s+<([^>]+)>$", stdout, re.M)
    assert match, stdout
    return match.group(1)


def _error(result: subprocess.CompletedProcess) -> str:
    """The one-line error of a failed run."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kgbuild: error: "), result.stderr
    return lines[0]


# --------------------------------------------------------------------------- loading


def test_push_into_default_named_graph(server: str, seed_graph: Path) -> None:
    source = seed_graph / "graph.ttl"
    result = run_cli("push", source, "--endpoint", f"{server}/store")
    assert result.returncode == 0, result.stdout + result.stderr
    payload, triples = read_payload(source)
    iri = _graph_line(result.stdout)
    assert iri == default_graph_iri(payload) and iri.startswith(GRAPH_BASE)
    assert re.fullmatch(re.escape(GRAPH_BASE) + "[0-9a-f]{20}", iri)
    assert f"pushed {triples} triples from {source}" in result.stdout
    assert f"SPARQL COUNT at {server}/query" in result.stdout
    # Exactly the graph of the file, in the one named graph; the default graph untouched.
    assert _graphs(server) == {iri: triples}
    assert _default_graph_size(server) == 0
    _assert_same_graph(_fetch(server, iri), source)


def test_push_into_given_graph_replaces_it(server: str, seed_graph: Path, tmp_path: Path) -> None:
    source = seed_graph / "graph.ttl"
    iri = "https://example.org/graphs/mali"
    first = run_cli("push", source, "--endpoint", f"{server}/store", "--graph", iri)
    assert first.returncode == 0, first.stderr
    assert _graph_line(first.stdout) == iri
    count = _graphs(server)[iri]
    assert count == len(Graph().parse(source))

    again = run_cli("push", source, "--endpoint", f"{server}/store", "--graph", iri)
    assert again.returncode == 0, again.stderr
    assert _graphs(server) == {iri: count}

    # A different graph into the same IRI replaces it: nothing of the first one stays.
    small = tmp_path / "small.ttl"
    small.write_text(SMALL, encoding="utf-8")
    replaced = run_cli("push", small, "--endpoint", f"{server}/store", "--graph", iri)
    assert replaced.returncode == 0, replaced.stderr
    assert _graphs(server) == {iri: 2}
    _assert_same_graph(_fetch(server, iri), small)


def test_push_with_sparql_move(server: str, seed_graph: Path) -> None:
    source = seed_graph / "graph.ttl"
    iri = "urn:x:kgbuild-test"
    result = run_cli(
        "push", source, "--endpoint", f"{server}/store", "--graph", iri, "--update-endpoint", f"{server}/update",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"SPARQL MOVE at {server}/update" in result.stdout
    assert f"<{iri}>" in result.stdout  # printed as written, not as rich emoji
    assert list(_graphs(server)) == [iri]
    _assert_same_graph(_fetch(server, iri), source)


def test_push_checks_with_get_without_query_endpoint(
    server: str, seed_graph: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kgbuild.sparql.push.derive_query_endpoint", lambda endpoint: None)
    report = push_graph(seed_graph / "graph.ttl", f"{server}/store", "urn:x:get", 30)
    assert report.verified_by == "GET of the graph"
    assert report.placed_by == "PUT"
    assert _graphs(server) == {"urn:x:get": report.triples}


def test_push_of_a_store_directory(server: str, corpus_article: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    built = run_cli("build", corpus_article, "--store", store, "-o", tmp_path / "out", "--no-html")
    assert built.returncode == 0, built.stderr
    from_store = run_cli("push", store, "--endpoint", f"{server}/store")
    from_file = run_cli("push", tmp_path / "out" / "graph.ttl", "--endpoint", f"{server}/store")
    assert from_store.returncode == 0 and from_file.returncode == 0, from_store.stderr + from_file.stderr
    # The same graph, whatever it was read from: the same content-derived graph IRI.
    assert _graph_line(from_store.stdout) == _graph_line(from_file.stdout)
    assert len(_graphs(server)) == 1


# --------------------------------------------------------------------------- failures


def test_refused_by_wrong_path_of_a_real_server(server: str, seed_graph: Path) -> None:
    line = _error(run_cli("push", seed_graph / "graph.ttl", "--endpoint", f"{server}/nope"))
    assert line.startswith(f"kgbuild: error: the endpoint {server}/nope refused the graph: HTTP 404 Not Found: "), line
    assert "Graph Store Protocol endpoint" in line  # the fix
    assert "was not touched, no temporary graph is left" in line
    assert _graphs(server) == {}
    assert _default_graph_size(server) == 0


class _Double(BaseHTTPRequestHandler):
    """Answers every request with ``handle_any(self)``, set per server."""

    def log_message(self, *args: object) -> None:
        pass

    def _any(self) -> None:
        self.server.handle_any(self)  # type: ignore[attr-defined]

    do_GET = do_PUT = do_POST = do_DELETE = _any


@contextlib.contextmanager
def _double(handle: Callable[[BaseHTTPRequestHandler], None]) -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Double)
    httpd.handle_any = handle  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _answer(handler: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str = "text/plain") -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def test_refused_with_500(seed_graph: Path) -> None:
    requests: list[str] = []

    def refuse(handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        handler.rfile.read(length)
        requests.append(handler.command)
        _answer(handler, 500, b"store is read-only today\nsecond line of the stack trace\n")

    with _double(refuse) as base:
        line = _error(run_cli("push", seed_graph / "graph.ttl", "--endpoint", f"{base}/store"))
    assert line.startswith(
        f"kgbuild: error: the endpoint {base}/store refused the graph: HTTP 500 Internal Server Error: store is read-only today ("
    ), line
    assert "second line" not in line
    assert "see its log" in line
    # The double refused the clean-up too, and the message says so, with the command to finish it.
    assert f"may be left on the server" in line and "curl -X DELETE" in line
    assert requests == ["PUT", "DELETE"]


def _forwarding(server: str, meddle: Callable[[str, dict, bytes], tuple[int, bytes] | bytes | None]):
    """A double in front of the real server: ``meddle(method, query, body)`` may answer itself
    (a status and body), change the body sent on (bytes), or let the request through (None)."""

    def forward(handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(handler.path).query)
        verdict = meddle(handler.command, query, body)
        if isinstance(verdict, tuple):
            _answer(handler, *verdict)
            return
        if isinstance(verdict, bytes):
            body = verdict
        headers = {k: v for k, v in handler.headers.items() if k.lower() in ("content-type", "accept")}
        request = urllib.request.Request(server + handler.path, data=body or None, method=handler.command, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, data, ctype = response.status, response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            status, data, ctype = exc.code, exc.read(), exc.headers.get("Content-Type", "")
        _answer(handler, status, data, ctype or "text/plain")

    return _double(forward)


def test_refused_target_leaves_no_temporary_graph(server: str, seed_graph: Path, tmp_path: Path) -> None:
    iri = "https://example.org/graphs/kept"
    small = tmp_path / "small.ttl"
    small.write_text(SMALL, encoding="utf-8")
    assert run_cli("push", small, "--endpoint", f"{server}/store", "--graph", iri).returncode == 0
    seen: list[tuple[str, str]] = []

    def refuse_target(method: str, query: dict, body: bytes):
        graph = query.get("graph", [""])[0]
        seen.append((method, graph))
        if method == "PUT" and graph == iri:
            return 503, b"Service Unavailable: disk full"
        return None

    with _forwarding(server, refuse_target) as proxy:
        line = _error(run_cli("push", seed_graph / "graph.ttl", "--endpoint", f"{proxy}/store", "--graph", iri))
    assert line.startswith(f"kgbuild: error: the endpoint {proxy}/store refused the graph: HTTP 503 ")
    assert "disk full" in line
    assert f"the target graph <{iri}> was not touched, no temporary graph is left" in line
    # The temporary graph was loaded, then removed; the target keeps what it held.
    temps = [g for m, g in seen if m == "PUT" and g.startswith(TEMP_GRAPH_BASE)]
    assert len(temps) == 1 and ("DELETE", temps[0]) in seen
    assert _graphs(server) == {iri: 2}
    _assert_same_graph(_fetch(server, iri), small)


def test_short_load_is_caught_and_cleaned_up(server: str, seed_graph: Path) -> None:
    def drop_half(method: str, query: dict, body: bytes):
        if method == "PUT" and query.get("graph", [""])[0].startswith(TEMP_GRAPH_BASE):
            lines = body.splitlines(keepends=True)
            return b"".join(lines[: len(lines) // 2])
        return None

    with _forwarding(server, drop_half) as proxy:
        line = _error(run_cli("push", seed_graph / "graph.ttl", "--endpoint", f"{proxy}/store"))
    _, triples = read_payload(seed_graph / "graph.ttl")
    assert f"stored {triples // 2} of the {triples} triples sent to the temporary graph" in line, line
    assert "was not touched, no temporary graph is left" in line
    assert _graphs(server) == {}


def test_unreachable_port(seed_graph: Path) -> None:
    port = _free_port()
    line = _error(run_cli("push", seed_graph / "graph.ttl", "--endpoint", f"http://127.0.0.1:{port}/store"))
    assert line.startswith(f"kgbuild: error: cannot reach the endpoint http://127.0.0.1:{port}/store: connection refused"), line
    assert "is the server running" in line and "nothing was sent, the server is unchanged" in line


def test_silent_server_times_out(seed_graph: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)  # connections are queued and never answered
        port = sock.getsockname()[1]
        started = time.monotonic()
        line = _error(run_cli("push", seed_graph / "graph.ttl", "--endpoint", f"http://127.0.0.1:{port}/store", "--timeout", "1"))
        assert time.monotonic() - started < 60
    assert line.startswith(f"kgbuild: error: the endpoint http://127.0.0.1:{port}/store did not answer: no answer within 1 s"), line
    assert "--timeout" in line


def test_credentials_never_shown(seed_graph: Path) -> None:
    auth: list[str | None] = []

    def refuse(handler: BaseHTTPRequestHandler) -> None:
        handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        auth.append(handler.headers.get("Authorization"))
        _answer(handler, 401, b"Unauthorized")

    with _double(refuse) as base:
        url = base.replace("http://", "http://alice:s3cret@") + "/store"
        line = _error(run_cli("push", seed_graph / "graph.ttl", "--endpoint", url))
    assert "s3cret" not in line and "alice:***@" in line
    assert "HTTP 401" in line and "credentials" in line
    assert auth[0] == "Basic YWxpY2U6czNjcmV0"  # alice:s3cret


def test_bad_arguments(tmp_path: Path, seed_graph: Path) -> None:
    missing = run_cli("push", tmp_path / "nope.ttl", "--endpoint", "http://127.0.0.1:9/store")
    line = _error(missing)
    assert "cannot read graph" in line and "nope.ttl" in line and "no such file" in line

    bad_iri = run_cli("push", seed_graph / "graph.ttl", "--endpoint", "http://127.0.0.1:9/store", "--graph", "not an iri")
    assert bad_iri.returncode == 2 and "is not an absolute IRI" in bad_iri.stderr, bad_iri.stderr

    not_http = run_cli("push", seed_graph / "graph.ttl", "--endpoint", "ftp://example.org/store")
    assert not_http.returncode == 2 and "is not an http:// or https:// address" in not_http.stderr

    empty = tmp_path / "empty.ttl"
    empty.write_text("# nothing\n", encoding="utf-8")
    assert "holds no triples" in _error(run_cli("push", empty, "--endpoint", "http://127.0.0.1:9/store"))
