"""SPARQL stage: the HTTP requests of ``kgbuild push``, and what to tell the user when one fails.

Only the standard library's ``urllib``, each request with a timeout. Credentials written in a URL
(``http://USER:PASSWORD@HOST/...``) become a Basic Authorization header and never appear in a
message; a refusal (an HTTP status other than 2xx) and no answer at all (refused, unknown host,
timeout, broken off) are told apart, because they leave the server in different states.
"""

from __future__ import annotations

import base64
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from kgbuild.errors import UsageError

__all__ = ["Client", "Reply", "Refused", "Unreachable", "public_url", "refusal_fix", "unreachable_text"]


@dataclass(frozen=True, slots=True)
class Reply:
    """A 2xx answer: its body and Content-Type header."""

    body: bytes
    content_type: str


class Refused(Exception):
    """The server answered with a status other than 2xx."""

    def __init__(self, url: str, status: int, reason: str, body: str, location: str | None) -> None:
        super().__init__(f"HTTP {status} {reason}")
        self.url, self.status, self.reason, self.body, self.location = url, status, reason, body, location

    def describe(self) -> str:
        """``HTTP 404 Not Found: <first line of the body>``."""
        first = next((line.strip() for line in self.body.splitlines() if line.strip()), "")
        first = first[:200] + ("..." if len(first) > 200 else "")
        return f"HTTP {self.status} {self.reason}: {first or '(empty body)'}"


class Unreachable(Exception):
    """No answer: connection refused, unknown host, timeout, connection broken off. ``sent`` is
    False when the request certainly never reached the server (refused, unknown host)."""

    def __init__(self, url: str, why: str, timed_out: bool, sent: bool) -> None:
        super().__init__(why)
        self.url, self.why, self.timed_out, self.sent = url, why, timed_out, sent


class Client:
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

    def request(self, method: str, url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> Reply:
        """Send one request; a non-2xx answer raises Refused, no answer Unreachable."""
        headers = dict(headers or {})
        netloc = urllib.parse.urlsplit(url).netloc
        if netloc in self.auth:
            headers["Authorization"] = self.auth[netloc]
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as response:
                return Reply(response.read(), response.headers.get("Content-Type", ""))
        except urllib.error.HTTPError as exc:
            try:
                body = exc.read().decode("utf-8", "replace")
            except Exception:  # the body of an error answer may itself break off
                body = ""
            location = exc.headers.get("Location") if exc.headers else None
            raise Refused(url, exc.code, exc.reason or "", body, location) from None
        except urllib.error.URLError as exc:
            raise self._unreachable(url, exc.reason) from None
        except (TimeoutError, OSError) as exc:  # a timeout or reset while reading the answer
            raise self._unreachable(url, exc) from None

    def _unreachable(self, url: str, reason: object) -> Unreachable:
        if isinstance(reason, (TimeoutError, socket.timeout)):
            return Unreachable(url, f"no answer within {self.timeout:g} s", timed_out=True, sent=True)
        if isinstance(reason, ConnectionRefusedError):
            return Unreachable(url, "connection refused", timed_out=False, sent=False)
        if isinstance(reason, socket.gaierror):
            return Unreachable(url, f"unknown host, {reason.strerror or reason}", timed_out=False, sent=False)
        if isinstance(reason, OSError) and reason.strerror:
            return Unreachable(url, reason.strerror, timed_out=False, sent=True)
        return Unreachable(url, str(reason) or type(reason).__name__, timed_out=False, sent=True)


def public_url(url: str) -> str:
    """``url`` with any password replaced by ``***``, for messages."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def refusal_fix(exc: Refused) -> str:
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


def unreachable_text(exc: Unreachable, doing: str = "") -> str:
    where = public_url(exc.url.split("?")[0])
    doing = f" {doing}" if doing else ""
    if exc.timed_out:
        return f"the endpoint {where} did not answer{doing}: {exc.why} (raise --timeout, or check the server"
    return f"cannot reach the endpoint {where}{doing}: {exc.why} (is the server running and listening there? check the host and port"
