"""``g60kg serve``: a SPARQL 1.1 endpoint over the built graph, safe to leave running.

Why the ``oxigraph`` server from PyPI: it is the same engine as pyoxigraph
(which ``g60kg query`` uses), so a stored query gives the same rows over HTTP
as locally; it installs with pip as one static binary (no Java, no daemon to
configure); and it speaks SPARQL 1.1 Query, Update and the Graph Store
Protocol, so ``g60kg load`` can target it too. It is therefore a main
dependency of g60kg, not only a test one.

Why a proxy in front of it (:class:`_Proxy`, the stdlib's threading HTTP
server): oxigraph alone cannot be made safe to leave open. It runs
SERVICE and LOAD against any URL even in ``serve-read-only`` mode; it has no
check of the ``Origin`` header, so any web page a user opens can POST an
update to it (a "simple" cross-origin form POST needs no CORS); one query
nested 1,000 deep kills it (its request threads have 2 MiB stacks); and its
``--timeout-s`` does not stop an ``ORDER BY`` over a cartesian product, which
keeps a core busy for hours after the client left. So oxigraph listens on a
private loopback port and the proxy, on the address the user asked for:

* reads every query and update with the guard of ``g60kg query``
  (:mod:`g60kg.query.sparqlscan`: depth, weight, SERVICE, LOAD) and forwards
  only the text it checked (rebuilt as one ``application/sparql-query`` or
  ``-update`` body, so oxigraph cannot read a second ``query`` parameter the
  proxy did not see);
* refuses updates and Graph Store writes unless ``writable``, and refuses any
  request but GET and HEAD whose ``Origin`` is not this server's own;
* passes ``--timeout-s`` to oxigraph and, should a request still run
  ``GRACE`` seconds past the timeout, restarts oxigraph to stop it; restarts
  it too if it dies, and says so each time.

oxigraph itself runs ``serve-read-only`` unless ``writable``, and (on Linux
x86-64 and arm64) under a seccomp filter that makes ``connect()`` fail, so
even a SERVICE or LOAD the guard missed reaches nothing (unless
``allow_service``); see :mod:`g60kg.netguard`.

The build is bulk-loaded into a store directory first (with pyoxigraph, whose
parse errors name file, line and column); a directory given with
``--location`` is reused only while it still is that build: its stamp holds
the SHA-256 of the loaded files and the number of quads loaded, the number is
counted again before reuse, and a store once served ``writable`` is not
reused (clients may have changed it). Otherwise it is rebuilt in a new
directory that then replaces the old one, never emptied and reloaded in place
(reloading in place grew RocksDB 5x and slowed queries 2-6x).
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import http.server
import ipaddress
import json
import math
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pyoxigraph

from g60kg import netguard
from g60kg.errors import InputError
from g60kg.fileio import atomic_write_bytes
from g60kg.graph.outputs import current_outputs, graph_file
from g60kg.query import sparqlscan
from g60kg.query.cache import load_files

STAMP = ".g60kg-source"
#: Seconds a query may run by default before it is stopped.
DEFAULT_TIMEOUT = 30.0
#: Seconds past the timeout after which oxigraph is restarted to stop a request.
GRACE = 5.0
#: Largest query or update body read (oxigraph's own limit).
MAX_BODY = 128 << 20
#: Seconds a client may take to send its request (a stalled one holds a thread).
CLIENT_TIMEOUT = 60.0

Log = Callable[[str], None]


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def oxigraph_command() -> str:
    """Path of the ``oxigraph`` server command (from the PyPI ``oxigraph`` package)."""
    found = shutil.which("oxigraph") or shutil.which(
        "oxigraph", path=str(Path(sys.executable).parent)
    )
    if found is None:
        raise InputError("the oxigraph server is not installed: pip install oxigraph")
    return found


# --- the store ---------------------------------------------------------------------------


def _fingerprint(files: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0")
        with open(path, "rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    return digest.hexdigest()


def _read_stamp(location: Path) -> dict:
    try:
        stamp = json.loads((location / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def _write_stamp(location: Path, stamp: dict) -> None:
    atomic_write_bytes(location / STAMP, (json.dumps(stamp, indent=1) + "\n").encode())


def _count_quads(location: Path) -> int:
    store = pyoxigraph.Store.read_only(str(location))
    try:
        return len(store)
    finally:
        del store


def _store_differs(location: Path, stamp: dict) -> str | None:
    """Why the store at ``location`` is not the build its stamp names, or None."""
    if stamp.get("writable"):
        return "it was served --writable, so clients may have changed it"
    try:
        count = _count_quads(location)
    except OSError as exc:
        return f"it cannot be opened ({str(exc).splitlines()[0] if str(exc) else exc})"
    if count != stamp.get("quads"):
        return f"it holds {count} quads where the build loaded {stamp.get('quads')}"
    return None


def prepare_store(files: Sequence[Path], location: Path, *, log: Log | None = None) -> Path:
    """Bulk-load ``files`` into a store at ``location`` unless it already is exactly them."""
    log = log or _stderr
    files = [Path(f) for f in files]
    for path in files:
        if not path.is_file():
            raise InputError(f"{path}: no such file (run `g60kg build` first?)")
    location = Path(location)
    fingerprint = _fingerprint(files)
    stamp = _read_stamp(location)
    if stamp.get("sources") == fingerprint:
        reason = _store_differs(location, stamp)
        if reason is None:
            return location
        log(f"Store {location} is not the build any more ({reason}): loading it afresh")
    location.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{location.name}.", dir=location.parent))
    try:
        store = pyoxigraph.Store(str(fresh))
        load_files(store, files, bulk=True)  # a syntax error names file, line and column
        store.flush()
        store.optimize()
        quads = len(store)
        del store  # closes RocksDB before the rename
        _write_stamp(fresh, {"sources": fingerprint, "quads": quads, "writable": False})
        if location.exists():
            old = location.with_name(f".{location.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            location.rename(old)
            fresh.rename(location)
            shutil.rmtree(old, ignore_errors=True)
        else:
            fresh.rename(location)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return location


def _mark_writable(location: Path) -> None:
    stamp = _read_stamp(location)
    stamp["writable"] = True
    _write_stamp(location, stamp)


# --- addresses ---------------------------------------------------------------------------


def check_address(bind: str, port: int) -> str:
    """The address to listen on, or a one-line error for a port in ``--host`` or out of range."""
    if not 0 <= port <= 65535:
        raise InputError(f"--port {port}: a TCP port is a number from 1 to 65535")
    address = bind.strip()
    if address.startswith("[") and address.endswith("]"):
        address = address[1:-1]
    host, colon, tail = bind.rpartition(":")
    has_port = colon and tail.isdigit() and (bind.count(":") == 1 or host.endswith("]"))
    if has_port:
        raise InputError(
            f"--host {bind}: give the address alone (--host {host.strip('[]')}); "
            f"the port goes in --port {tail}"
        )
    if not address:
        raise InputError("--host: give an address to listen on, such as 127.0.0.1")
    return address


def _is_loopback(address: str) -> bool:
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url: str) -> bool:
    request = urllib.request.Request(
        f"{url}?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, http.client.HTTPException):
        return False


def default_files(build_dir: Path) -> list[Path]:
    """What ``g60kg serve`` serves by default: the TriG build (named graphs) or the Turtle.

    Only a TriG the latest build wrote counts (its manifest says), never one
    an earlier build left beside a newer Turtle.
    """
    return [current_outputs(build_dir).get("trig") or graph_file(build_dir)]


# --- oxigraph, supervised ----------------------------------------------------------------


class _Backend:
    """The oxigraph process on a private loopback port; restarted when it dies or hangs."""

    def __init__(
        self,
        location: Path,
        *,
        writable: bool,
        timeout: float,
        allow_service: bool,
        log: Log,
        startup_timeout: float,
    ) -> None:
        self.location = location
        self.writable = writable
        self.timeout = timeout
        self.allow_service = allow_service
        self.log = log
        self.startup_timeout = startup_timeout
        self.lock = threading.Lock()
        self.process: subprocess.Popen[bytes] | None = None
        self.port: int | None = None
        self.restarts = 0
        self._log_file: IO[bytes] | None = None

    def start(self) -> None:
        """Start oxigraph and wait until it answers; InputError when it cannot."""
        port = _free_port()
        mode = "serve" if self.writable else "serve-read-only"
        # Queries see the union of all graphs, as `g60kg query` does, so a TriG
        # build (one graph per article) answers the stored queries unchanged.
        command = [oxigraph_command(), mode, "--location", str(self.location)]
        command += ["--bind", f"127.0.0.1:{port}", "--union-default-graph"]
        command += ["--timeout-s", str(max(1, math.ceil(self.timeout)))]
        # A file, not a pipe, for the server's messages: a pipe nobody reads fills and blocks.
        log_file = tempfile.TemporaryFile()  # noqa: SIM115 (closed in _close_log)

        def spawn() -> subprocess.Popen[bytes]:
            return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log_file)

        process = spawn() if self.allow_service else netguard.spawn_without_connect(spawn)[0]
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                log_file.seek(0)
                error = log_file.read().decode(errors="replace").strip().splitlines()
                log_file.close()
                raise InputError(
                    f"oxigraph could not serve {self.location}: "
                    f"{error[0] if error else f'exit code {process.returncode}'}"
                )
            if _answers(f"http://127.0.0.1:{port}/query"):
                with self.lock:
                    self._close_log()
                    self.process, self.port, self._log_file = process, port, log_file
                return
            time.sleep(0.05)
        _stop_process(process)
        log_file.close()
        raise InputError(f"oxigraph did not answer within {self.startup_timeout:.0f} s")

    def restart(self, why: str) -> None:
        """Kill the running oxigraph (if any) and start another; say why on the log."""
        with self.lock:
            process, self.process, self.port = self.process, None, None
        if process is not None:
            _stop_process(process, timeout=2.0)
        self.start()
        self.restarts += 1
        self.log(f"{why}: restarted the oxigraph server (restart {self.restarts})")

    def address(self) -> int | None:
        with self.lock:
            return self.port

    def exit_code(self) -> int | None:
        """The exit code of oxigraph when it died on its own, else None."""
        with self.lock:
            process = self.process
        return None if process is None else process.poll()

    def stop(self) -> None:
        with self.lock:
            process, self.process, self.port = self.process, None, None
        if process is not None:
            _stop_process(process)
        with self.lock:
            self._close_log()

    def _close_log(self) -> None:
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None


def _stop_process(process: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """Terminate a process by its pid; kill it if it does not exit in time."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)


def _describe_exit(code: int) -> str:
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"the oxigraph server died of {signal.Signals(-code).name}"
    return f"the oxigraph server exited with code {code}"


# --- the proxy ---------------------------------------------------------------------------

#: Response headers passed back to the client (hop-by-hop ones are not).
_PASSED_HEADERS = frozenset({"content-type", "content-length", "location", "vary", "allow"})
_QUERY_PARAMS = ("default-graph-uri", "named-graph-uri", "union-default-graph")
_UPDATE_PARAMS = ("using-graph-uri", "using-named-graph-uri", "using-union-graph")
_STATIC = frozenset({"/", "/yasgui.min.css", "/yasgui.min.js", "/logo.svg"})


class _Refused(Exception):
    """A request the proxy answers itself: HTTP status and a one-line reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def refusal(text: str, *, update: bool, allow_service: bool) -> str | None:
    """Why the proxy refuses ``text`` (a query, or an update when ``update``), or None."""
    found = sparqlscan.scan(text)
    if found.depth > sparqlscan.MAX_DEPTH:
        return (
            f"the query nests brackets {found.depth} deep; the limit is {sparqlscan.MAX_DEPTH} "
            "(deeper queries crash the server)"
        )
    if found.weight > sparqlscan.MAX_WEIGHT:
        return (
            f"the request weighs {found.weight} operators and patterns outside VALUES and DATA "
            f"blocks; the limit is {sparqlscan.MAX_WEIGHT} (longer chains crash the server)"
        )
    loads = found.calls("LOAD")
    if loads:
        return f"LOAD is refused by this server (it fetches remote data; found {loads[0]!r})"
    services = found.calls("SERVICE")
    if services and not allow_service:
        return (
            f"SERVICE is refused by this server (outbound requests; found {services[0]!r}); "
            "start it with --allow-service to allow them"
        )
    if found.update and not update:
        return "this is a SPARQL Update: send it to /update"
    return None


@dataclass
class _InFlight:
    """A forwarded request; ``waiting_since`` is set while the proxy waits on oxigraph.

    Time spent writing to a slow client does not count: oxigraph is then
    blocked on its socket, not working (and its own timeout cancels the query
    at its next step).
    """

    what: str
    waiting_since: float | None = None


class _Proxy(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int],
        backend: _Backend,
        *,
        writable: bool,
        allow_service: bool,
        timeout: float,
        log: Log,
    ) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.backend = backend
        self.writable = writable
        self.allow_service = allow_service
        self.query_timeout = timeout
        self.log = log
        self.in_flight: dict[int, _InFlight] = {}
        self.in_flight_lock = threading.Lock()
        super().__init__(address, _Handler)

    @contextlib.contextmanager
    def tracking(self, what: str) -> Iterator[_InFlight]:
        key = threading.get_ident()
        entry = _InFlight(what, time.monotonic())
        with self.in_flight_lock:
            self.in_flight[key] = entry
        try:
            yield entry
        finally:
            with self.in_flight_lock:
                self.in_flight.pop(key, None)

    def take_overdue(self) -> int:
        """How many requests have waited on oxigraph past the timeout and its grace.

        They are forgotten here: the restart this leads to ends them.
        """
        limit = time.monotonic() - self.query_timeout - GRACE
        with self.in_flight_lock:
            overdue = [
                key
                for key, entry in self.in_flight.items()
                if entry.waiting_since is not None and entry.waiting_since < limit
            ]
            for key in overdue:
                del self.in_flight[key]
        return len(overdue)

    def own_host(self, host: str) -> bool:
        """True when ``host`` (a Host header, port included) names this server."""
        parsed = urllib.parse.urlsplit(f"//{host}")
        try:
            port = parsed.port or 80
        except ValueError:
            return False
        name = (parsed.hostname or "").lower()
        if port != self.server_address[1] or not name:
            return False
        names = {"localhost", str(self.server_address[0]).lower()}
        names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
        if name in names:
            return True
        try:
            ipaddress.ip_address(name)  # an address literal: no DNS to rebind
        except ValueError:
            return False
        return True


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Proxy
    protocol_version = "HTTP/1.0"  # one request per connection: the body ends at close
    timeout = CLIENT_TIMEOUT
    server_version = "g60kg-serve"

    def log_message(self, format: str, *args: object) -> None:
        pass  # no access log on the terminal

    def do_GET(self) -> None:
        self._handle()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_GET

    # --- dispatch

    def _handle(self) -> None:
        try:
            self._dispatch()
        except _Refused as refused:
            self._reply(refused.status, refused.reason)
        except (ConnectionError, TimeoutError):
            pass  # the client went away

    def _dispatch(self) -> None:
        method = self.command
        split = urllib.parse.urlsplit(self.path)
        path = split.path
        if method not in ("GET", "HEAD"):
            self._check_origin()
        if path == "/query" and method in ("GET", "POST"):
            return self._query(split.query)
        if path == "/update" and method in ("GET", "POST"):
            if not self.server.writable:
                raise _Refused(403, "this server is read-only; start it with --writable")
            if method == "GET":
                return self._forward(method, self.path, body=None)
            return self._update(split.query)
        if path.startswith("/store"):
            if method in ("GET", "HEAD"):
                return self._forward(method, self.path, body=None, tracked=False)
            if method in ("PUT", "POST", "DELETE"):
                if not self.server.writable:
                    raise _Refused(403, "this server is read-only; start it with --writable")
                return self._forward(method, self.path, body=self._body_stream(), tracked=False)
        if path in _STATIC and method in ("GET", "HEAD"):
            return self._forward(method, self.path, body=None, tracked=False)
        raise _Refused(404, f"{method} {path} is not served here")

    def _check_origin(self) -> None:
        origin = self.headers.get("Origin")
        if origin is None:
            return  # not a browser request from a page (curl, g60kg load, SPARQL clients)
        host = self.headers.get("Host", "")
        parsed = urllib.parse.urlsplit(origin)
        same = parsed.scheme == "http" and parsed.netloc == host and self.server.own_host(host)
        if not same:
            raise _Refused(403, f"cross-origin request refused (Origin: {origin[:100]})")

    # --- SPARQL

    def _query(self, url_query: str) -> None:
        params = urllib.parse.parse_qsl(url_query, keep_blank_values=True)
        text = None
        if self.command == "POST":
            kind = self._content_type()
            if kind == "application/sparql-query":
                text = self._text_body()
            elif kind == "application/x-www-form-urlencoded":
                params += urllib.parse.parse_qsl(self._text_body(), keep_blank_values=True)
            else:
                raise _Refused(415, f"unsupported Content-Type {kind or '(none)'}")
        texts = [value for key, value in params if key == "query"]
        if text is not None:
            texts.append(text)
        if not texts:
            if self.command == "GET":  # the service description
                return self._forward("GET", self.path, body=None, tracked=False)
            raise _Refused(400, "no query given")
        if len(texts) > 1:
            raise _Refused(400, "several queries given; send one")
        problem = refusal(texts[0], update=False, allow_service=self.server.allow_service)
        if problem:
            raise _Refused(400, problem)
        kept = urllib.parse.urlencode([(k, v) for k, v in params if k in _QUERY_PARAMS])
        target = "/query" + (f"?{kept}" if kept else "")
        self._forward(
            "POST", target, body=texts[0].encode(), content_type="application/sparql-query"
        )

    def _update(self, url_query: str) -> None:
        params = urllib.parse.parse_qsl(url_query, keep_blank_values=True)
        text = None
        kind = self._content_type()
        if kind == "application/sparql-update":
            text = self._text_body()
        elif kind == "application/x-www-form-urlencoded":
            params += urllib.parse.parse_qsl(self._text_body(), keep_blank_values=True)
        else:
            raise _Refused(415, f"unsupported Content-Type {kind or '(none)'}")
        texts = [value for key, value in params if key == "update"]
        if text is not None:
            texts.append(text)
        if len(texts) != 1:
            raise _Refused(400, "give exactly one update")
        problem = refusal(texts[0], update=True, allow_service=self.server.allow_service)
        if problem:
            raise _Refused(400, problem)
        kept = urllib.parse.urlencode([(k, v) for k, v in params if k in _UPDATE_PARAMS])
        target = "/update" + (f"?{kept}" if kept else "")
        self._forward(
            "POST", target, body=texts[0].encode(), content_type="application/sparql-update"
        )

    def _content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()

    def _text_body(self) -> str:
        data = b"".join(self._body_stream(limit=MAX_BODY))
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise _Refused(400, "the request body is not UTF-8") from None

    def _body_stream(self, limit: int | None = None) -> Iterator[bytes]:
        """The request body in blocks (Content-Length or chunked); refused over ``limit``."""
        chunked = "chunked" in (self.headers.get("Transfer-Encoding") or "").lower()
        if not chunked:
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                raise _Refused(400, "bad Content-Length") from None
            if limit is not None and length > limit:
                raise _Refused(413, f"request bodies are limited to {limit} bytes")
            return _read_exactly(self.rfile, length)
        return _read_chunked(self.rfile, limit)

    # --- forwarding

    def _forward(
        self,
        method: str,
        target: str,
        *,
        body: bytes | Iterator[bytes] | None,
        content_type: str | None = None,
        tracked: bool = True,
    ) -> None:
        port = self.server.backend.address()
        if port is None:
            raise _Refused(503, "the SPARQL server is restarting; try again in a few seconds")
        host, own_port = self.server.server_address[:2]
        own = f"[{host}]:{own_port}" if ":" in str(host) else f"{host}:{own_port}"
        headers = {"Host": self.headers.get("Host") or own}
        for name in ("Accept", "Content-Type"):
            if self.headers.get(name):
                headers[name] = self.headers[name]
        if content_type:
            headers["Content-Type"] = content_type
        if isinstance(body, bytes | bytearray):
            headers["Content-Length"] = str(len(body))
        elif body is not None:
            if self.headers.get("Content-Length") and "chunked" not in (
                self.headers.get("Transfer-Encoding") or ""
            ):
                headers["Content-Length"] = self.headers["Content-Length"]
            else:
                headers["Transfer-Encoding"] = "chunked"
        tracking = (
            self.server.tracking(target) if tracked else contextlib.nullcontext(_InFlight(target))
        )
        connection = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=self.server.query_timeout + GRACE + 30
        )
        sent = False
        try:
            with tracking as entry:
                try:
                    chunked = headers.get("Transfer-Encoding") == "chunked"
                    connection.request(
                        method, target, body=body, headers=headers, encode_chunked=chunked
                    )
                    response = connection.getresponse()
                except (OSError, http.client.HTTPException):
                    raise _Refused(
                        503,
                        "the SPARQL server stopped while answering (a query past the timeout, "
                        "or a crash) and was restarted; try again",
                    ) from None
                self.send_response_only(response.status, response.reason)
                for name, value in response.getheaders():
                    if name.lower() in _PASSED_HEADERS:
                        self.send_header(name, value)
                self.send_header("Connection", "close")
                self.end_headers()
                sent = True
                if method != "HEAD":
                    with contextlib.suppress(OSError, http.client.HTTPException):
                        while True:
                            entry.waiting_since = time.monotonic()
                            block = response.read1(1 << 16)
                            entry.waiting_since = None
                            if not block:
                                break
                            self.wfile.write(block)
        except _Refused:
            if sent:
                return  # the answer had begun: the client sees it cut short
            raise
        finally:
            connection.close()

    def _reply(self, status: int, message: str) -> None:
        data = (message + "\n").encode()
        with contextlib.suppress(OSError):
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)


def _read_exactly(stream, length: int) -> Iterator[bytes]:
    remaining = length
    while remaining > 0:
        block = stream.read(min(remaining, 1 << 16))
        if not block:
            raise _Refused(400, "the request body ended early")
        remaining -= len(block)
        yield block


def _read_chunked(stream, limit: int | None) -> Iterator[bytes]:
    total = 0
    while True:
        line = stream.readline(1024)
        try:
            size = int(line.split(b";")[0].strip(), 16)
        except ValueError:
            raise _Refused(400, "bad chunked request body") from None
        if size == 0:
            while stream.readline(1024) not in (b"\r\n", b"\n", b""):
                pass  # trailers
            return
        total += size
        if limit is not None and total > limit:
            raise _Refused(413, f"request bodies are limited to {limit} bytes")
        yield from _read_exactly(stream, size)
        stream.readline(8)  # the CRLF after the chunk


# --- the server the user runs -------------------------------------------------------------


@dataclass
class Server:
    """A running ``g60kg serve``: the proxy on ``bind:port`` and oxigraph behind it."""

    proxy: _Proxy
    backend: _Backend
    bind: str
    port: int
    location: Path
    writable: bool
    timeout: float
    _temporary: Path | None = field(default=None, repr=False)
    _threads: list[threading.Thread] = field(default_factory=list, repr=False)
    _stopping: threading.Event = field(default_factory=threading.Event, repr=False)
    failure: str | None = None

    @property
    def base_url(self) -> str:
        host = f"[{self.bind}]" if ":" in self.bind else self.bind
        if self.bind in ("0.0.0.0", "::"):
            host = "127.0.0.1" if self.bind == "0.0.0.0" else "[::1]"
        return f"http://{host}:{self.port}"

    @property
    def query_url(self) -> str:
        return f"{self.base_url}/query"

    @property
    def process(self) -> subprocess.Popen[bytes] | None:
        """The oxigraph process serving right now (another one after a restart)."""
        return self.backend.process

    @property
    def restarts(self) -> int:
        return self.backend.restarts

    def _watch(self) -> None:
        """Restart oxigraph when it dies or a request outlives the timeout and its grace."""
        while not self._stopping.wait(0.25):
            code = self.backend.exit_code()
            overdue = 0 if code is not None else self.proxy.take_overdue()
            try:
                if code is not None:
                    self.backend.restart(_describe_exit(code))
                elif overdue:
                    self.backend.restart(
                        f"{overdue} request{'s' if overdue > 1 else ''} still ran "
                        f"{self.timeout:g} s + {GRACE:g} s after it began"
                    )
            except InputError as exc:
                self.failure = f"the oxigraph server cannot be restarted: {exc}"
                self.backend.log(f"Error: {self.failure}")
                self._stopping.set()

    def wait(self, announce: Callable[[], None] | None = None) -> int:
        """Stop on SIGINT or SIGTERM (after calling ``announce``); 0 on such a stop.

        The handlers go in before ``announce`` (which prints the URL), so a
        Ctrl-C as soon as the URL shows still stops the server cleanly.
        """

        def on_signal(_signum: int, _frame: object) -> None:
            self._stopping.set()

        try:
            previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
        except KeyboardInterrupt:  # Ctrl-C before the handlers were in place
            self.stop()
            return 0
        try:
            if announce is not None:
                announce()
            while not self._stopping.wait(0.5):
                pass
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
            self.stop()
        return 1 if self.failure else 0

    def stop(self) -> None:
        """Stop serving: the proxy, then oxigraph; remove a temporary store."""
        self._stopping.set()
        with contextlib.suppress(OSError):
            self.proxy.shutdown()
            self.proxy.server_close()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(timeout=10)
        self.backend.stop()
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)
            self._temporary = None


def start(
    files: Sequence[Path],
    *,
    bind: str = "127.0.0.1",
    port: int = 7878,
    writable: bool = False,
    read_only: bool | None = None,
    location: Path | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    allow_service: bool = False,
    startup_timeout: float = 60.0,
    log: Log | None = None,
) -> Server:
    """Load the build into a store and serve it; return once it answers queries.

    Read-only unless ``writable`` (``read_only`` is accepted for the old
    ``--read-only`` flag, which is now the default). ``timeout`` bounds each
    query (seconds). ``port`` 0 picks a free port (see ``Server.port``).
    Without ``location`` the store lives in a temporary directory removed when
    the server stops.
    """
    log = log or _stderr
    if writable and read_only:
        raise InputError("--writable and --read-only contradict each other; give one")
    if not timeout > 0:
        raise InputError(f"--timeout {timeout:g}: give a positive number of seconds")
    address = check_address(bind, port)
    temporary = None
    if location is None:
        temporary = Path(tempfile.mkdtemp(prefix="g60kg-serve-"))
        location = temporary / "store"
    backend = _Backend(
        Path(location),
        writable=writable,
        timeout=timeout,
        allow_service=allow_service,
        log=log,
        startup_timeout=startup_timeout,
    )
    try:
        proxy = _listen(address, port, backend, writable, allow_service, timeout, log)
        try:
            prepare_store(files, location, log=log)
            if writable:
                _mark_writable(Path(location))
            backend.start()
        except BaseException:
            proxy.server_close()
            raise
    except BaseException:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        raise
    server = Server(
        proxy,
        backend,
        address,
        proxy.server_address[1],
        Path(location),
        writable,
        timeout,
        temporary,
    )
    for name, target in (
        ("g60kg-serve-proxy", proxy.serve_forever),
        ("g60kg-serve-watch", server._watch),
    ):
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        server._threads.append(thread)
    if not _is_loopback(address):
        log(
            f"Warning: listening on {address}: anyone who can reach this machine can query "
            f"the graph{' and change it' if writable else ''}"
        )
    return server


def _listen(
    address: str,
    port: int,
    backend: _Backend,
    writable: bool,
    allow_service: bool,
    timeout: float,
    log: Log,
) -> _Proxy:
    try:
        return _Proxy(
            (address, port),
            backend,
            writable=writable,
            allow_service=allow_service,
            timeout=timeout,
            log=log,
        )
    except socket.gaierror as exc:
        raise InputError(
            f"--host {address}: not an address of this machine ({exc.strerror})"
        ) from None
    except OSError as exc:
        raise InputError(
            f"g60kg serve could not listen on {address}:{port}: {exc.strerror or exc}"
        ) from None
