"""A real ``oxigraph serve`` process for integration tests.

The server is the PyPI ``oxigraph`` command (in the ``test`` extra). It runs
on a free 127.0.0.1 port over a store directory under ``tmp_path``; tests get
its base URL, and can kill it (SIGKILL, as a crash would) and start it again on
the same directory and port, which is what the "kill mid-load" test needs.
The process is always stopped by its own pid: terminate, then kill after a
timeout.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_process(process: subprocess.Popen | None, timeout: float) -> None:
    """Terminate a server by its pid; kill it if it does not exit in time."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


class OxigraphServer:
    """One ``oxigraph serve`` process over one store directory."""

    def __init__(self, location: Path, port: int | None = None) -> None:
        self.location = Path(location)
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log = self.location.parent / f"oxigraph-{self.port}.log"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query_url(self) -> str:
        return f"{self.base_url}/query"

    @property
    def store_url(self) -> str:
        return f"{self.base_url}/store"

    def start(self, timeout: float = 30.0) -> None:
        """Start the server and return once it answers a query."""
        executable = shutil.which("oxigraph")
        if executable is None:
            pytest.skip("the oxigraph server command is not installed (pip install oxigraph)")
        self.location.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [
                    executable,
                    "serve",
                    "--location",
                    str(self.location),
                    "--bind",
                    f"127.0.0.1:{self.port}",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"oxigraph exited with {self.process.returncode}: "
                    + self.log.read_text(errors="replace")[-2000:]
                )
            if self.answers():
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"oxigraph did not answer on {self.base_url} within {timeout} s")

    def answers(self) -> bool:
        """True when the query endpoint answers an ASK."""
        request = urllib.request.Request(
            f"{self.query_url}?query=ASK%7B%7D",
            headers={"Accept": "application/sparql-results+json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=1) as response:
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate the process by its pid; kill it if it does not exit in time."""
        stop_process(self.process, timeout)
        self.process = None

    def kill(self) -> None:
        """Kill the process at once (SIGKILL), as a crash or an OOM kill would."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def restart(self) -> None:
        """Start again on the same store directory and port."""
        self.stop()
        self.start()


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[OxigraphServer]:
    """A running ``oxigraph serve`` on a free 127.0.0.1 port over a fresh store."""
    server = OxigraphServer(tmp_path / "oxigraph-store")
    server.start()
    try:
        yield server
    finally:
        server.stop()
