"""kgbuild serve: the real server in a subprocess, asked by a real SPARQL client (SPARQLWrapper).

Every server runs ``python -m kgbuild serve ... --port 0`` (a free port, read back from its start
line); the tests wait for that line,
and stop it with SIGINT or SIGTERM (and expect exit status 0), killing it in any case at the end.
Its log goes to a file, never to a pipe nobody reads.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TURTLE, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from conftest import run_cli

TINZAOUATEN = URIRef("https://w3id.org/kgbuild/id/place/tinzaouaten")
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
START_TIMEOUT = 120.0


def free_port() -> int:
    """A port nothing listens on now (for a server that is expected not to start)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One ``kgbuild serve`` process."""

    def __init__(self, source: Path, log_dir: Path, *options: str, port: int = 0) -> None:
        """Start the server on ``port``; 0 lets it take a free one, named in its start line (no race
        with other processes between finding a free port and binding it)."""
        self.source = source
        self.port = port
        self.log_path = log_dir / f"serve-{time.monotonic_ns()}.log"
        self._log = self.log_path.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kgbuild", "serve", str(source), "--port", str(port), *options],
            stdout=subprocess.PIPE,
            stderr=self._log,
            stdin=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )
        self.start_line = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def endpoint(self) -> str:
        return f"{self.url}/sparql"

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(encoding="utf-8")

    def wait_started(self, timeout: float = START_TIMEOUT) -> "Server":
        """Wait for the start line on stdout, then for /health."""
        deadline = time.monotonic() + timeout
        assert self.process.stdout is not None
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.process.stdout], [], [], 0.2)
            if ready:
                self.start_line = self.process.stdout.readline().rstrip("\n")
                match = re.fullmatch(r"serving .* at http://127\.0\.0\.1:(\d+)/sparql \(HTML view at .*\)", self.start_line)
                if not match:
                    self.process.wait(timeout=30)
                    pytest.fail(f"kgbuild serve did not start (exit status {self.process.returncode}, "
                                f"first line {self.start_line!r}):\n{self.log()}")
                self.port = int(match.group(1))
                break
            if self.process.poll() is not None:
                pytest.fail(f"kgbuild serve exited with {self.process.returncode}:\n{self.log()}")
        else:
            pytest.fail(f"kgbuild serve did not start within {timeout} s:\n{self.log()}")
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=5) as response:
                    if response.status == 200:
                        return self
            except OSError:
                if self.process.poll() is not None:
                    pytest.fail(f"kgbuild serve exited with {self.process.returncode}:\n{self.log()}")
                time.sleep(0.1)
        pytest.fail(f"kgbuild serve does not answer /health:\n{self.log()}")

    def stop(self, signum: int = signal.SIGINT, timeout: float = 30.0) -> int:
        """Send ``signum`` and return the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signum)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            pytest.fail(f"kgbuild serve did not stop within {timeout} s of signal {signum}:\n{self.log()}")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)
        if self.process.stdout is not None:
            self.process.stdout.close()
        self._log.close()

    def workers(self) -> list[int]:
        """Process ids of the server's children (its query workers), from /proc."""
        children = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                fields = stat[stat.rindex(")") + 2:].split()
                if int(fields[1]) == self.process.pid:
                    children.append(int(entry.name))
        return children


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time used so far by ``pids`` (those still alive)."""
    total = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def http(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None,
         method: str | None = None, timeout: float = 30.0) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of one request (error statuses included)."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, dict(exc.headers), exc.read()


def get_query(server: Server, query: str, **params: str) -> tuple[int, dict[str, str], bytes]:
    headers = {"Accept": params.pop("accept")} if "accept" in params else {}
    url = f"{server.endpoint}?{urllib.parse.urlencode({'query': query, **params})}"
    return http(url, headers=headers)


def client(server: Server, query: str, return_format: str = JSON) -> SPARQLWrapper:
    sparql = SPARQLWrapper(server.endpoint)
    sparql.setQuery(query)
    sparql.setReturnFormat(return_format)
    sparql.setTimeout(30)
    return sparql


@pytest.fixture(scope="module")
def seed_ttl(seed_graph: Path) -> Path:
    return seed_graph / "graph.ttl"


@pytest.fixture(scope="module")
def server(seed_ttl: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server over the seed graph, with a 2-second time limit and at most 200 rows."""
    running = Server(seed_ttl, tmp_path_factory.mktemp("serve"), "--timeout", "2", "--max-rows", "200")
    try:
        yield running.wait_started()
        status = running.stop(signal.SIGINT)
        assert status == 0, running.log()
        assert "Traceback" not in running.log()
    finally:
        running.kill()


# --------------------------------------------------------------------------- queries


def test_start_line_names_the_urls(server: Server, seed_ttl: Path) -> None:
    assert server.start_line == (
        f"serving {seed_ttl} at http://127.0.0.1:{server.port}/sparql (HTML view at http://127.0.0.1:{server.port}/)"
    )


def test_select_as_json_finds_the_entities(server: Server) -> None:
    # kg: and rdfs: are not declared: kgbuild's prefixes are known to every query.
    result = client(server, "SELECT ?place ?label WHERE { ?place a kg:Place ; rdfs:label ?label }").queryAndConvert()
    rows = {(b["place"]["value"], b["label"]["value"]) for b in result["results"]["bindings"]}
    assert (str(TINZAOUATEN), "Tinzaouaten") in rows
    assert result["head"]["vars"] == ["place", "label"]


def test_select_as_csv(server: Server) -> None:
    body = client(server, "SELECT ?label WHERE { ?p a kg:Place ; rdfs:label ?label } ORDER BY ?label", CSV).queryAndConvert()
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert rows[0] == ["label"]
    assert ["Tinzaouaten"] in rows[1:]


def test_ask(server: Server) -> None:
    assert client(server, 'ASK { ?p rdfs:label "Tinzaouaten" }').queryAndConvert()["boolean"] is True
    assert client(server, 'ASK { ?p rdfs:label "Timbuktu-that-is-not-there" }').queryAndConvert()["boolean"] is False


def test_construct_as_turtle_parses_back(server: Server) -> None:
    body = client(
        server, 'CONSTRUCT { ?p rdfs:label ?l ; a ?c } WHERE { ?p rdfs:label "Tinzaouaten" ; rdfs:label ?l ; a ?c }', TURTLE
    ).queryAndConvert()
    graph = Graph().parse(data=body.decode("utf-8"), format="turtle")
    assert (TINZAOUATEN, RDFS.label, Literal("Tinzaouaten")) in graph
    assert len(graph) >= 2


def test_a_prefix_the_query_declares_wins(server: Server) -> None:
    status, _, body = get_query(server, "PREFIX kg: <http://example.org/not-kgbuild#>\nASK { ?x a kg:Place }")
    assert status == 200
    assert json.loads(body)["boolean"] is False


@pytest.mark.parametrize(
    ("accept", "params", "media_type", "check"),
    [
        ("application/sparql-results+xml", {}, "application/sparql-results+xml", b"<sparql"),
        ("text/tab-separated-values", {}, "text/tab-separated-values", b"?label\n"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", {}, "application/sparql-results+json", b'"vars"'),
        ("application/sparql-results+xml", {"format": "csv"}, "text/csv", b"label\r\n"),
    ],
)
def test_select_result_formats(server: Server, accept: str, params: dict, media_type: str, check: bytes) -> None:
    status, headers, body = get_query(server, 'SELECT ?label WHERE { ?p rdfs:label ?label } LIMIT 3', accept=accept, **params)
    assert status == 200, body
    assert headers["Content-Type"].startswith(media_type)
    assert check in body
    assert headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    ("accept", "media_type", "rdflib_format"),
    [
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("", "text/turtle", "turtle"),
    ],
)
def test_construct_result_formats(server: Server, accept: str, media_type: str, rdflib_format: str) -> None:
    query = 'CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p rdfs:label "Tinzaouaten" ; rdfs:label ?l }'
    status, headers, body = get_query(server, query, **({"accept": accept} if accept else {}))
    assert status == 200, body
    assert headers["Content-Type"].startswith(media_type)
    graph = Graph().parse(data=body.decode("utf-8"), format=rdflib_format)
    assert (TINZAOUATEN, RDFS.label, Literal("Tinzaouaten")) in graph


def test_post_form_and_direct_query(server: Server) -> None:
    for method in (URLENCODED, POSTDIRECTLY):
        sparql = client(server, 'ASK { ?p rdfs:label "Tinzaouaten" }')
        sparql.setMethod(POST)
        sparql.setRequestMethod(method)
        assert sparql.queryAndConvert()["boolean"] is True


def test_cors_preflight(server: Server) -> None:
    status, headers, _ = http(
        server.endpoint, method="OPTIONS",
        headers={"Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"},
    )
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"]


# --------------------------------------------------------------------------- refusals and limits


def test_update_is_refused_and_changes_nothing(server: Server, seed_ttl: Path) -> None:
    before = hashlib.sha256(seed_ttl.read_bytes()).hexdigest()
    insert = "INSERT DATA { <http://example.org/x> <http://example.org/p> \"planted\" }"
    for method in (URLENCODED, POSTDIRECTLY):  # update=... form, application/sparql-update body
        sparql = client(server, insert)
        sparql.setMethod(POST)
        sparql.setRequestMethod(method)
        with pytest.raises(urllib.error.HTTPError) as refused:
            sparql.query()
        assert refused.value.code == 403
        assert b"read-only" in refused.value.read()
    # an update sent as a query, and DELETE/CLEAR forms too
    for update in (insert, "PREFIX ex: <http://example.org/>\nDELETE WHERE { ?s ?p ?o }", "CLEAR ALL", "DROP DEFAULT"):
        status, _, body = get_query(server, update)
        assert status == 403, body
    assert client(server, 'ASK { ?s ?p "planted" }').queryAndConvert()["boolean"] is False
    assert client(server, "ASK { ?s ?p ?o }").queryAndConvert()["boolean"] is True
    assert hashlib.sha256(seed_ttl.read_bytes()).hexdigest() == before


def test_service_is_refused(server: Server) -> None:
    status, headers, body = get_query(
        server, "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    )
    assert status == 400
    assert headers["Content-Type"].startswith("text/plain")
    assert b"SERVICE is not allowed" in body
    with pytest.raises(QueryBadFormed):
        client(server, "SELECT * WHERE { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } }").query()


def test_syntax_error_names_line_and_column(server: Server) -> None:
    # Two lines of the query's own prologue: the error is on ITS line 4.
    query = "PREFIX ex: <http://example.org/>\nPREFIX ex2: <http://example.org/2>\nSELECT ?s\nWHERE { ?s ex:p ?o"
    status, _, body = get_query(server, query)
    assert status == 400
    text = body.decode("utf-8")
    assert "line 4, column" in text, text
    assert text.startswith("SPARQL syntax error")


def test_max_rows(server: Server) -> None:
    status, _, body = get_query(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 413
    assert b"more than 200 rows" in body and b"--max-rows" in body
    status, _, body = get_query(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 200")
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == 200
    status, _, body = get_query(server, "CONSTRUCT WHERE { ?s ?p ?o }")
    assert status == 413
    assert b"more than 200 triples" in body


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads worker CPU time from /proc")
def test_runaway_query_is_stopped(server: Server) -> None:
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        outcome["answer"] = get_query(server, RUNAWAY)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    try:
        time.sleep(0.3)
        # another worker answers meanwhile
        assert client(server, 'ASK { ?p rdfs:label "Tinzaouaten" }').queryAndConvert()["boolean"] is True
        assert thread.is_alive(), "the runaway query ended too early to test anything"
    finally:
        thread.join(timeout=60)
    status, _, body = outcome["answer"]
    assert status == 503, body
    assert b"more than 2 seconds" in body and b"--timeout" in body
    assert 1.5 <= outcome["seconds"] < 10
    # the server still answers
    assert client(server, 'ASK { ?p rdfs:label "Tinzaouaten" }').queryAndConvert()["boolean"] is True
    # and no worker goes on burning a CPU (the replacement worker's start-up may, briefly)
    deadline = time.monotonic() + 15
    while True:
        workers = server.workers()
        before = cpu_seconds(workers)
        time.sleep(1.0)
        used = cpu_seconds(workers) - before
        if used < 0.5:
            break
        assert time.monotonic() < deadline, f"the workers still use {used:.2f} s of CPU per second"


def test_html_view_and_health(server: Server) -> None:
    status, headers, body = http(f"{server.url}/")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert b"vis-network" in body
    assert b"<title>kgbuild: " in body
    status, _, body = http(f"{server.url}/health")
    assert (status, body.strip()) == (200, b"ok")
    status, _, _ = http(f"{server.url}/nothing-here")
    assert status == 404


def test_requests_without_a_query(server: Server) -> None:
    assert http(server.endpoint)[0] == 400
    status, _, _ = http(server.endpoint, data=b"<x> <y> <z> .", headers={"Content-Type": "text/turtle"})
    assert status == 415
    status, _, _ = http(server.endpoint, method="PUT", data=b"x", headers={"Content-Type": "text/turtle"})
    assert status == 405
    status, _, body = get_query(server, "ASK {}", format="png")
    assert status == 400 and b"unknown format" in body


# --------------------------------------------------------------------------- starting and stopping


def test_port_in_use_and_sigint(seed_ttl: Path, tmp_path: Path) -> None:
    first = Server(seed_ttl, tmp_path)
    try:
        first.wait_started()
        second = run_cli("serve", seed_ttl, "--port", str(first.port))
        assert second.returncode == 1
        assert second.stderr.strip() == (
            f"kgbuild: error: port {first.port} on 127.0.0.1 is already in use (choose another with --port)"
        )
        assert "Traceback" not in second.stderr
        # the first one is unharmed
        assert client(first, "ASK { ?s ?p ?o }").queryAndConvert()["boolean"] is True
        assert first.stop(signal.SIGINT) == 0
        assert "Traceback" not in first.log()
        assert first.workers() == []
    finally:
        first.kill()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
def test_workers_exit_when_the_server_is_killed(seed_ttl: Path, tmp_path: Path) -> None:
    server = Server(seed_ttl, tmp_path)
    workers: list[int] = []
    try:
        server.wait_started()
        workers = server.workers()
        assert len(workers) == 2
        server.process.kill()  # no chance to stop them itself
        server.process.wait(timeout=30)
        deadline = time.monotonic() + 15
        while alive(workers):
            assert time.monotonic() < deadline, f"workers {alive(workers)} outlived the server"
            time.sleep(0.2)
    finally:
        server.kill()
        for pid in alive(workers):
            os.kill(pid, signal.SIGKILL)


def alive(pids: list[int]) -> list[int]:
    """Those of ``pids`` that still run (a zombie waiting for its parent to reap it does not)."""
    running = []
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        if stat[stat.rindex(")") + 2] not in "ZX":
            running.append(pid)
    return running


def test_serves_a_store_directory(corpus_article: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    built = run_cli("build", corpus_article, "--store", store, "-o", tmp_path / "out", "--no-html")
    assert built.returncode == 0, built.stderr
    server = Server(store, tmp_path)
    try:
        server.wait_started()
        assert server.start_line.startswith(f"serving {store} at http://127.0.0.1:{server.port}/sparql")
        result = client(server, 'SELECT ?p WHERE { ?p rdfs:label "Tinzaouaten" }').queryAndConvert()
        assert [b["p"]["value"] for b in result["results"]["bindings"]] == [str(TINZAOUATEN)]
        status, _, body = http(f"{server.url}/")
        assert status == 200 and b"Tinzaouaten" in body
        status, _, _ = get_query(server, "INSERT DATA { <http://example.org/x> <http://example.org/p> 1 }")
        assert status == 403
        assert server.stop(signal.SIGTERM) == 0
        assert "Traceback" not in server.log()
    finally:
        server.kill()


def test_unreadable_source_is_a_clean_error(tmp_path: Path) -> None:
    result = run_cli("serve", tmp_path / "missing.ttl", "--port", str(free_port()))
    assert result.returncode == 1
    assert result.stderr.startswith("kgbuild: error: cannot read graph")
    result = run_cli("serve", tmp_path, "--timeout", "0")
    assert result.returncode == 2
    assert "--timeout" in result.stderr
