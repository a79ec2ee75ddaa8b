"""SPARQL stage (``kgbuild serve``): the query workers, and the time and row limits they keep.

Queries run in worker processes, each holding its own read-only copy of the graph: a graph file is
parsed once per worker from a descriptor opened at start-up, so every worker serves the same
snapshot even if the file is rebuilt meanwhile; a store directory is opened read-only by each. The
server waits ``timeout`` seconds for a worker's answer; when the time is up it kills the worker
(SIGKILL: Oxigraph's evaluation cannot be interrupted from Python, and a thread cannot be killed),
answers 503 and starts a fresh worker, so a runaway query never keeps a CPU busy. A result of more
than ``max_rows`` rows (SELECT) or triples (CONSTRUCT, DESCRIBE) is refused with 413 rather than
truncated, so that no client mistakes part of an answer for all of it.

POSIX only (worker descriptors are passed with ``pass_fds``).
"""

from __future__ import annotations

import io
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
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph

import kgbuild
from kgbuild.errors import KgbuildError, QueryError
from kgbuild.graph.formats import format_of_suffix
from kgbuild.graph.store import is_store_dir, open_source
from kgbuild.ontology import PREFIXES
from kgbuild.sparql.server.answers import Answer, text_answer
from kgbuild.sparql.server.guard import names_its_dataset
from kgbuild.sparql.server.negotiate import content_type_of, graph_format, result_format

__all__ = ["Job", "answer_job", "SourceSpec", "WorkerPool", "worker_main"]

_RF = pyoxigraph.QueryResultsFormat


# --------------------------------------------------------------------------- one query


@dataclass(frozen=True)
class Job:
    """One query as a worker runs it: the text, what the client accepts (Accept header, ``format=``),
    the graphs the request names, and the row limit."""

    query: str
    accept: str
    format: str | None
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    max_rows: int


class _TooManyRows(Exception):
    """Raised from inside Oxigraph's serialiser to stop a result that is over the row limit."""


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


_TOO_MANY = (
    "the answer has more than {limit} {what}, the limit of this server (--max-rows); add a LIMIT "
    "to the query, or restart kgbuild serve with a larger --max-rows"
)


def answer_job(store: pyoxigraph.Store, job: Job) -> Answer:
    """Run ``job`` over ``store`` and serialise its result; every failure becomes an HTTP answer."""
    # Like kgbuild query, the default graph is every graph merged (a store keeps its triples in a
    # named graph), unless the request or the query's FROM says which graphs to use.
    union = not (job.default_graphs or job.named_graphs or names_its_dataset(job.query))
    try:
        result = store.query(
            job.query,
            prefixes=PREFIXES,
            use_default_graph_as_union=union,
            default_graph=[pyoxigraph.NamedNode(iri) for iri in job.default_graphs] or None,
            named_graphs=[pyoxigraph.NamedNode(iri) for iri in job.named_graphs] or None,
        )
    except SyntaxError as exc:
        return text_answer(HTTPStatus.BAD_REQUEST, _syntax_message(exc))
    except ValueError as exc:
        return text_answer(HTTPStatus.BAD_REQUEST, f"the query cannot be run: {exc}")
    try:
        if isinstance(result, pyoxigraph.QueryBoolean):
            fmt = result_format(job.format, job.accept)
            return Answer(HTTPStatus.OK, content_type_of(fmt), result.serialize(format=fmt))
        if isinstance(result, pyoxigraph.QuerySolutions):
            return _solutions_answer(result, job)
        return _triples_answer(result, job)
    except (OSError, ValueError, RuntimeError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return text_answer(HTTPStatus.INTERNAL_SERVER_ERROR, f"the query failed while it ran: {message}")


def _solutions_answer(result: pyoxigraph.QuerySolutions, job: Job) -> Answer:
    """SELECT solutions in the negotiated format, or 413 when there are more than ``max_rows``."""
    fmt = result_format(job.format, job.accept)
    # Count the rows on the way through TSV (one line per row, newlines in values escaped),
    # then write the wanted format from it: the serialisers stay Oxigraph's own.
    counter = _RowCounter(job.max_rows + 1)  # + the header line
    try:
        result.serialize(counter, format=_RF.TSV)
    except Exception:  # _TooManyRows, as it is or as Oxigraph wrapped it
        if counter.lines > counter.limit:
            return text_answer(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, _TOO_MANY.format(limit=job.max_rows, what="rows"))
        raise
    tsv = counter.buffer.getvalue()
    if fmt == _RF.TSV:
        return Answer(HTTPStatus.OK, content_type_of(fmt), tsv)
    body = pyoxigraph.parse_query_results(tsv, format=_RF.TSV).serialize(format=fmt)
    return Answer(HTTPStatus.OK, content_type_of(fmt), body)


def _triples_answer(result: pyoxigraph.QueryTriples, job: Job) -> Answer:
    """CONSTRUCT or DESCRIBE triples in the negotiated format, or 413 when there are more than
    ``max_rows``."""
    fmt = graph_format(job.format, job.accept)
    triples = list(itertools.islice(result, job.max_rows + 1))
    if len(triples) > job.max_rows:
        return text_answer(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, _TOO_MANY.format(limit=job.max_rows, what="triples"))
    return Answer(HTTPStatus.OK, content_type_of(fmt), pyoxigraph.serialize(triples, format=fmt, prefixes=PREFIXES))


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


# --------------------------------------------------------------------------- the processes


@dataclass
class SourceSpec:
    """What a worker opens: a store directory by path, or a graph file through a descriptor the
    server opened at start-up (a rebuilt file is a new file: every worker reads the old one)."""

    path: Path
    store_dir: bool
    fd: int | None = None
    suffix: str = ""

    @classmethod
    def open(cls, path: Path) -> "SourceSpec":
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


def worker_main() -> None:
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
            answer = answer_job(store, job)
        except Exception as exc:  # the worker must outlive any one query
            answer = text_answer(HTTPStatus.INTERNAL_SERVER_ERROR, f"the query failed: {type(exc).__name__}: {exc}")
        connection.send(answer)


class _WorkerFailed(Exception):
    """A worker process exited, or could not open the graph, before it was ready."""


class _Worker:
    """One query process and the connection to it."""

    def __init__(self, spec: SourceSpec) -> None:
        ours, theirs = socket.socketpair()
        fds = [theirs.fileno()] + ([spec.fd] if spec.fd is not None else [])
        package_root = str(Path(kgbuild.__file__).resolve().parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", "from kgbuild.sparql.server.workers import worker_main; worker_main()",
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
class WorkerPool:
    """Worker processes that take one job at a time; a worker that overruns is killed and replaced."""

    spec: SourceSpec
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

    def run(self, job: Job, timeout: float) -> Answer:
        """Run ``job`` on an idle worker within ``timeout`` seconds."""
        wait = max(30.0, 3 * timeout)
        try:
            worker = self._idle.get(timeout=wait)
        except queue.Empty:
            return text_answer(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"all {self.size} query workers stayed busy for {wait:g} seconds; try again shortly",
            )
        if worker is None:
            self._idle.put(None)  # wake the next waiter too
            return text_answer(HTTPStatus.SERVICE_UNAVAILABLE, "the server is shutting down")
        try:
            worker.connection.send(job)
            if not worker.connection.poll(timeout):
                self._discard(worker)
                return text_answer(
                    HTTPStatus.SERVICE_UNAVAILABLE,
                    f"the query ran for more than {timeout:g} seconds, the time limit of this server (--timeout), "
                    "and was stopped; make it more selective or add a LIMIT, or restart kgbuild serve with a "
                    "larger --timeout",
                )
            answer = worker.connection.recv()
        except (EOFError, OSError):
            self._discard(worker)
            if self._closed.is_set():
                return text_answer(HTTPStatus.SERVICE_UNAVAILABLE, "the server is shutting down")
            return text_answer(
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
                    sys.stderr.write(f"kgbuild: error: cannot start a query worker: {exc} (retrying every 10 seconds)\n")
                    sys.stderr.flush()
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
