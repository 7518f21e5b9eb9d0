"""A real Virtuoso open-source server for integration tests, when it is installed.

``apt-get install virtuoso-opensource`` gives ``virtuoso-t``; without it the
tests that need it are skipped (the oxigraph tests cover the protocol). The
server runs in the foreground on free ports over a database under a temporary
folder, and is stopped by its pid.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from oxigraph_server import free_port, stop_process

_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = {sql_port}
ServerThreads = 10
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = {dir}

[HTTPServer]
ServerPort = {http_port}
ServerRoot = {dir}
ServerThreads = 10

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


class VirtuosoServer:
    """One ``virtuoso-t +foreground`` process; user ``dba``, password ``dba``."""

    user = "dba"
    password = "dba"

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.http_port = free_port()
        self.sql_port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def start(self, timeout: float = 90.0) -> None:
        executable = shutil.which("virtuoso-t")
        if executable is None:
            pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)")
        self.directory.mkdir(parents=True, exist_ok=True)
        ini = self.directory / "virtuoso.ini"
        ini.write_text(
            _INI.format(dir=self.directory, sql_port=self.sql_port, http_port=self.http_port)
        )
        with open(self.directory / "stdout.log", "ab") as log:
            self.process = subprocess.Popen(
                [executable, "+configfile", str(ini), "+foreground"],
                cwd=self.directory,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}")
            try:
                url = f"{self.base_url}/sparql?query=ASK%7B%7D"
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"Virtuoso did not answer on {self.base_url} within {timeout} s")

    def stop(self, timeout: float = 30.0) -> None:
        stop_process(self.process, timeout)
        self.process = None


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory) -> Iterator[VirtuosoServer]:
    """A running Virtuoso over a fresh database (one per test session: it starts slowly)."""
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    server.start()
    try:
        yield server
    finally:
        server.stop()
