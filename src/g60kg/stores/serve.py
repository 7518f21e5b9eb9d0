"""``g60kg serve``: a SPARQL 1.1 endpoint over the built graph.

Why the ``oxigraph`` server from PyPI: it is the same engine as pyoxigraph
(which ``g60kg query`` uses), so a stored query gives the same rows over HTTP
as locally; it installs with pip as one static binary (no Java, no daemon to
configure); and it speaks SPARQL 1.1 Query, Update and the Graph Store
Protocol, so ``g60kg load`` can target it too. It is therefore a main
dependency of g60kg, not only a test one.

The build is bulk-loaded (``oxigraph load``) into a store directory first; a
directory given with ``--location`` is reused while the build is unchanged
(a stamp holds the SHA-256 of the loaded files) and otherwise rebuilt in a
new directory that then replaces the old one, never emptied and reloaded in
place (reloading in place grew RocksDB 5x and slowed queries 2-6x).
"""

from __future__ import annotations

import hashlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from g60kg.errors import InputError

STAMP = ".g60kg-source"


def oxigraph_command() -> str:
    """Path of the ``oxigraph`` server command (from the PyPI ``oxigraph`` package)."""
    found = shutil.which("oxigraph") or shutil.which(
        "oxigraph", path=str(Path(sys.executable).parent)
    )
    if found is None:
        raise InputError("the oxigraph server is not installed: pip install oxigraph")
    return found


def _fingerprint(files: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0")
        with open(path, "rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    return digest.hexdigest()


def prepare_store(files: Sequence[Path], location: Path) -> Path:
    """Bulk-load ``files`` into the oxigraph store at ``location`` unless it already holds them."""
    files = [Path(f) for f in files]
    for path in files:
        if not path.is_file():
            raise InputError(f"{path}: no such file (run `g60kg build` first?)")
    location = Path(location)
    fingerprint = _fingerprint(files)
    stamp = location / STAMP
    if stamp.is_file() and stamp.read_text(encoding="ascii").strip() == fingerprint:
        return location
    location.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{location.name}.", dir=location.parent))
    try:
        for path in files:
            completed = subprocess.run(
                [oxigraph_command(), "load", "--location", str(fresh), "--file", str(path)],
                capture_output=True,
                text=True,
                check=False,
            )
            if completed.returncode != 0:
                last = (completed.stderr.strip().splitlines() or ["failed"])[-1]
                raise InputError(f"{path}: oxigraph load failed: {last}")
        (fresh / STAMP).write_text(fingerprint + "\n", encoding="ascii")
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


@dataclass
class Server:
    """A running ``oxigraph serve`` (or ``serve-read-only``) process."""

    process: subprocess.Popen[bytes]
    bind: str
    port: int
    location: Path
    _temporary: Path | None = field(default=None, repr=False)
    _log: IO[bytes] | None = field(default=None, repr=False)

    @property
    def base_url(self) -> str:
        host = f"[{self.bind}]" if ":" in self.bind else self.bind
        return f"http://{host}:{self.port}"

    @property
    def query_url(self) -> str:
        return f"{self.base_url}/query"

    def wait(self, announce: Callable[[], None] | None = None) -> int:
        """Forward SIGINT and SIGTERM to the server, call ``announce``, wait for the exit.

        The handlers go in before ``announce`` (which prints the URL), so a
        Ctrl-C as soon as the URL shows still stops the server cleanly.
        """

        stopping: list[float] = []

        def forward(_signum: int, _frame: object) -> None:
            # SIGTERM whatever came in: a server started from a background job
            # inherits an ignored SIGINT, but always stops on SIGTERM.
            if self.process.poll() is None:
                self.process.terminate()
                stopping.append(time.monotonic())

        try:
            previous = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM)}
        except KeyboardInterrupt:  # Ctrl-C before the handlers were in place
            self.stop()
            return 0
        try:
            if announce is not None:
                announce()
            while True:
                try:
                    code = self.process.wait(timeout=0.5)
                    break
                except subprocess.TimeoutExpired:
                    if stopping and time.monotonic() - stopping[0] > 10:
                        self.process.kill()  # it did not stop in 10 s
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
            self._cleanup()
        # The server exits through the signal we forwarded: that is a clean stop.
        return 0 if code in (0, -signal.SIGINT, -signal.SIGTERM, 130, 143) else code

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate the server by its pid; kill it if it does not exit in time."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=timeout)
        self._cleanup()

    def _cleanup(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)
            self._temporary = None


def _answers(url: str) -> bool:
    request = urllib.request.Request(
        f"{url}?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _check_port_free(bind: str, port: int) -> None:
    """Refuse a port something already listens on (its answers would look like ours)."""
    family = socket.AF_INET6 if ":" in bind else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as oxigraph does
        try:
            probe.bind((bind, port))
        except OSError as exc:
            raise InputError(
                f"oxigraph could not serve on {bind}:{port}: {exc.strerror or exc}"
            ) from None


def default_files(build_dir: Path) -> list[Path]:
    """What ``g60kg serve`` serves by default: the TriG build (named graphs) or the Turtle.

    Only a TriG the latest build wrote counts (its manifest says), never one
    an earlier build left beside a newer Turtle.
    """
    from g60kg.graph.outputs import current_outputs, graph_file

    return [current_outputs(build_dir).get("trig") or graph_file(build_dir)]


def start(
    files: Sequence[Path],
    *,
    bind: str = "127.0.0.1",
    port: int = 7878,
    read_only: bool = False,
    location: Path | None = None,
    timeout: float = 60.0,
) -> Server:
    """Load the build into a store and start serving it; return once it answers queries.

    Without ``location`` the store lives in a temporary directory removed when
    the server stops.
    """
    _check_port_free(bind, port)
    temporary = None
    if location is None:
        temporary = Path(tempfile.mkdtemp(prefix="g60kg-serve-"))
        location = temporary / "store"
    try:
        prepare_store(files, location)
        mode = "serve-read-only" if read_only else "serve"
        # A file, not a pipe, for the server's messages: a pipe nobody reads fills and blocks.
        # The file lives as long as the server; Server.stop/wait close it.
        log = tempfile.TemporaryFile()  # noqa: SIM115
        # Queries see the union of all graphs, as `g60kg query` does, so a TriG
        # build (one graph per article) answers the stored queries unchanged.
        command = [oxigraph_command(), mode, "--location", str(location)]
        command += ["--bind", f"{bind}:{port}", "--union-default-graph"]
        process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    except BaseException:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        raise
    server = Server(process, bind, port, location, temporary, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            error = log.read().decode(errors="replace")
            server.stop()
            last = (error.strip().splitlines() or [f"exit code {process.returncode}"])[-1]
            raise InputError(f"oxigraph could not serve on {bind}:{port}: {last}")
        if _answers(server.query_url):
            return server
        time.sleep(0.05)
    server.stop()
    raise InputError(f"oxigraph did not answer on {server.query_url} within {timeout:.0f} s")
