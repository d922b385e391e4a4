"""Small HTTP servers for integration tests: loopback only, started and stopped by the tests.

`TestServer` answers from a table of routes and records every request it receives (method,
path, headers, body, start and end time, how many requests were in flight at that moment).
`SilentServer` accepts connections and never answers. Both run in a thread and are bounded:
a server answers at most `max_requests` requests (later ones get a 500 and are counted in
`overflow`), and a route that waits gives up after `max_wait` seconds or when it is stopped.

`run_cli` runs `roadmap-lint` in a process of its own, as a user would, in a folder whose
README.md (`write_readme`) links to such servers.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any


@dataclass(frozen=True)
class Reply:
    """What a route answers."""

    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0  # seconds to wait before answering
    hang: bool = False  # read the request, never answer
    stream: int = 0  # after `body`: this many more bytes, sent slowly, without Content-Length
    chunk: int = 64 * 1024  # streamed in chunks of this size…
    pause: float = 0.01  # …with this pause between them
    drip: float = 0.0  # send the whole answer one byte at a time, this many seconds apart


def html(*elements: str) -> Reply:
    body = "<!doctype html><html><body>" + "".join(elements) + "</body></html>"
    return Reply(200, {"Content-Type": "text/html; charset=utf-8"}, body.encode())


def redirect(status: int, location: str) -> Reply:
    return Reply(status, {"Location": location})


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    started: float  # time.monotonic()
    in_flight: int  # requests in flight on this server when this one arrived (itself included)
    finished: float | None = None
    body: bytes = b""  # what was sent with it (Content-Length bytes)


# A route is a fixed Reply, or a function of the request and how many requests reached this
# route before it.
Route = Reply | Callable[[Request, int], Reply]


class _HTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    owner: TestServer


class _IPv6HTTPServer(_HTTPServer):
    address_family = socket.AF_INET6


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # one request per connection: simple and predictable
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _handle(self) -> None:
        self.server.owner._serve(self)

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_OPTIONS = do_PATCH = _handle


class TestServer:
    __test__ = False  # not a pytest test class

    def __init__(
        self,
        routes: Mapping[str, Route] | None = None,
        *,
        host: str = "127.0.0.1",
        default: Reply = Reply(404, {"Content-Type": "text/plain"}, b"not found"),
        max_requests: int = 200,
        max_wait: float = 15.0,
        ssl_context: ssl.SSLContext | None = None,
    ):
        self.routes: dict[str, Route] = dict(routes or {})
        self.host = host
        self.default = default
        self.max_requests = max_requests
        self.max_wait = max_wait
        self.requests: list[Request] = []
        self.overflow = 0
        self.bytes_streamed = 0
        self.max_in_flight = 0
        self._ssl_context = ssl_context
        self._in_flight = 0
        self._hits: dict[str, int] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- life cycle -------------------------------------------------------------------------

    def start(self) -> TestServer:
        server_class = _IPv6HTTPServer if ":" in self.host else _HTTPServer
        server = server_class((self.host, 0), _Handler)
        server.owner = self
        if self._ssl_context is not None:
            server.socket = self._ssl_context.wrap_socket(server.socket, server_side=True)
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> TestServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- addresses --------------------------------------------------------------------------

    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        return int(self._server.server_address[1])

    @property
    def origin(self) -> str:
        scheme = "https" if self._ssl_context is not None else "http"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.origin + path

    # -- what was seen ----------------------------------------------------------------------

    def paths(self, method: str | None = None) -> list[str]:
        with self._lock:
            return [r.path for r in self.requests if method is None or r.method == method]

    def seen(self) -> list[tuple[str, str]]:
        """(method, path) of every request, in arrival order."""
        with self._lock:
            return [(r.method, r.path) for r in self.requests]

    # -- serving ----------------------------------------------------------------------------

    def _route(self, path: str) -> tuple[str, Route]:
        bare = path.split("?", 1)[0]
        if bare in self.routes:
            return bare, self.routes[bare]
        prefixes = [key for key in self.routes if key.endswith("*") and bare.startswith(key[:-1])]
        if prefixes:
            key = max(prefixes, key=len)
            return key, self.routes[key]
        return "", self.default

    def _serve(self, handler: _Handler) -> None:
        length = handler.headers.get("Content-Length", "")
        body = handler.rfile.read(int(length)) if length.isdigit() else b""
        with self._lock:
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
            request = Request(
                handler.command,
                handler.path,
                {name.lower(): value for name, value in handler.headers.items()},
                time.monotonic(),
                self._in_flight,
                body=body,
            )
            self.requests.append(request)
            over = len(self.requests) > self.max_requests
            if over:
                self.overflow += 1
        try:
            if over:
                reply = Reply(500, {}, b"test server: too many requests")
            else:
                key, route = self._route(handler.path)
                with self._lock:
                    hits = self._hits.get(key, 0)
                    self._hits[key] = hits + 1
                reply = route(request, hits) if callable(route) else route
            self._answer(handler, reply, lambda: self._finish(request))
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, TimeoutError):
            pass  # the client went away: that is its right
        finally:
            self._finish(request)

    def _finish(self, request: Request) -> None:
        """The request is no longer in flight (once only).

        Called before a plain answer is written: once the client has read it, it may well
        send its next request before this thread gets to run again, and the two must not
        be counted as in flight at once.
        """
        with self._lock:
            if request.finished is None:
                self._in_flight -= 1
                request.finished = time.monotonic()

    def _hang(self, handler: _Handler, finish: Callable[[], None]) -> None:
        """Never answer; the request ends (`finished`) when the client closes the connection,
        as a real server's would, or when the server stops or `max_wait` has passed."""
        deadline = time.monotonic() + self.max_wait
        connection = handler.connection
        connection.settimeout(0.02)
        while not self._stopping.is_set() and time.monotonic() < deadline:
            try:
                if connection.recv(1, socket.MSG_PEEK) == b"":
                    finish()  # closed by the client
                    return
            except (TimeoutError, BlockingIOError):
                continue

    def _answer(self, handler: _Handler, reply: Reply, finish: Callable[[], None]) -> None:
        if reply.hang:
            self._hang(handler, finish)
            return
        if reply.delay and self._stopping.wait(reply.delay):
            return
        if reply.drip:
            self._drip(handler, reply)
            return
        if not reply.stream:
            finish()
        handler.send_response(reply.status)
        for name, value in reply.headers.items():
            handler.send_header(name, value)
        if not reply.stream:
            handler.send_header("Content-Length", str(len(reply.body)))
        handler.end_headers()
        if handler.command == "HEAD":
            return
        if not reply.stream:
            handler.wfile.write(reply.body)
            return
        handler.connection.settimeout(self.max_wait)
        handler.wfile.write(reply.body)  # the start of the page, then filler
        chunk = b"x" * reply.chunk
        sent = 0
        deadline = time.monotonic() + self.max_wait
        while sent < reply.stream and time.monotonic() < deadline:
            piece = chunk[: reply.stream - sent]
            handler.wfile.write(piece)
            handler.wfile.flush()
            sent += len(piece)
            with self._lock:
                self.bytes_streamed += len(piece)
            if self._stopping.wait(reply.pause):
                return

    def _drip(self, handler: _Handler, reply: Reply) -> None:
        head = [f"HTTP/1.0 {reply.status} Slow", f"Content-Length: {len(reply.body)}"]
        head += [f"{name}: {value}" for name, value in reply.headers.items()]
        raw = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + reply.body
        deadline = time.monotonic() + self.max_wait
        for index in range(len(raw)):
            if time.monotonic() > deadline:
                return
            handler.wfile.write(raw[index : index + 1])
            handler.wfile.flush()
            with self._lock:
                self.bytes_streamed += 1
            if self._stopping.wait(reply.drip):
                return


class SilentServer:
    """Accepts TCP connections and never says a word."""

    __test__ = False

    def __init__(self, host: str = "127.0.0.1", max_wait: float = 15.0):
        self.host = host
        self.accepted = 0
        self.port = 0
        self._max_wait = max_wait
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._connections: list[socket.socket] = []
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> SilentServer:
        self._listener.bind((self.host, 0))
        self._listener.listen(16)
        self.port = int(self._listener.getsockname()[1])
        self._listener.settimeout(0.05)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)
        for connection in self._connections:
            connection.close()
        self._listener.close()

    def _run(self) -> None:
        deadline = time.monotonic() + self._max_wait
        while not self._stopping.is_set() and time.monotonic() < deadline:
            try:
                connection, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            self.accepted += 1
            self._connections.append(connection)

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"


@contextlib.contextmanager
def serving(*servers: TestServer) -> Any:
    """Start several servers; stop them all afterwards."""
    with contextlib.ExitStack() as stack:
        for server in servers:
            stack.enter_context(server)
        yield servers


# ---------------------------------------------------------------------------------------------
# roadmap-lint in a process of its own, pointed at these servers

# The rules about external links: other rules (insecure-url, duplicate-url…) have their own
# tests, and are left out here so that findings and exit statuses are about the network.
NET_RULES = ("broken-link", "broken-fragment", "redirected-link", "blocked-link")
# Dead links are looked up in the Internet Archive, a real host no test may reach: switched
# off here (tests/test_archive_integration.py points it at a stand-in instead). A table, so
# that tests may append tables of their own.
NET_CONFIG = (
    "select = ["
    + ", ".join(f'"{rule}"' for rule in NET_RULES)
    + "]\n[links.archive]\nenabled = false\n"
)


def markdown(*urls: str) -> str:
    return "# Links\n\n" + "".join(f"- [link {i}]({url})\n" for i, url in enumerate(urls))


def write_readme(folder: Path, *urls: str) -> Path:
    path = folder / "README.md"
    path.write_text(markdown(*urls), encoding="utf-8")
    return path


def isolate_config(folder: Path) -> None:
    """A config file of our own stops the upward search for one (a stray file above /tmp
    would otherwise change the run)."""
    config = folder / ".roadmap-lint.toml"
    if not config.exists():
        config.write_text(NET_CONFIG, encoding="utf-8")


def cli(
    folder: Path, *args: str, env: dict[str, str] | None = None, **kwargs: Any
) -> subprocess.Popen[str]:
    """Start `roadmap-lint` in a separate process, in `folder`, with a clean environment."""
    isolate_config(folder)
    script = Path(sys.executable).with_name("roadmap-lint")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "roadmap_lint"]
    full_env = {
        key: value for key, value in os.environ.items() if key not in ("GITHUB_TOKEN", "NO_COLOR")
    }
    full_env.update(
        {"ROADMAP_LINT_CACHE_DIR": str(folder / "cache"), "XDG_CACHE_HOME": str(folder)}
    )
    full_env.update(env or {})
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.Popen([*command, *args], cwd=folder, env=full_env, text=True, **kwargs)


def run_cli(
    folder: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 30
) -> tuple[int, str, str]:
    """Run `roadmap-lint` to the end: (exit status, stdout, stderr)."""
    process = cli(folder, *args, env=env)
    stdout, stderr = process.communicate(timeout=timeout)
    return process.returncode, stdout, stderr


def json_links(stdout: str) -> dict[str, dict[str, Any]]:
    """The `links` of a JSON report, by URL."""
    return {entry["url"]: entry for entry in json.loads(stdout)["links"]}
