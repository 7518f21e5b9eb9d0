"""Shared fixtures. The seed graph is built once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from g60kg.paths import articles_dir

# The tests run the code of the checkout they sit in, in this process (through
# pytest's pythonpath) and in the `python -m g60kg` children they start: an
# installed copy elsewhere (another clone's editable install) must not answer.
_SRC = str(Path(__file__).resolve().parent.parent / "src")
os.environ["PYTHONPATH"] = os.pathsep.join(
    [_SRC, *[p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != _SRC]]
)

SEED_ARTICLE = articles_dir() / "g60-article-2023-11-22.txt"


@pytest.fixture(scope="session")
def seed_article() -> Path:
    return SEED_ARTICLE


@pytest.fixture
def disk_full_while_writing(monkeypatch):
    """Call with an output's file name: the serializer's write of it fails half-way.

    As a full disk would: part of the bytes reach the temporary file, then
    ENOSPC. The other outputs are written as usual.
    """
    import errno

    from g60kg.fileio import atomic_writer
    from g60kg.graph import serialize

    real = serialize.atomic_write_bytes

    def arrange(name: str) -> None:
        def write(path: Path, data: bytes) -> None:
            if path.name != name:
                return real(path, data)
            with atomic_writer(path) as handle:
                handle.write(data[: len(data) // 2])
                raise OSError(errno.ENOSPC, "No space left on device", str(path))

        monkeypatch.setattr(serialize, "atomic_write_bytes", write)

    return arrange


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Path:
    """The folder of a build of the bundled article (holds ``g60kg.ttl``)."""
    from g60kg.graph.build import build

    out = tmp_path_factory.mktemp("seed-build")
    build([SEED_ARTICLE], out)
    return out


@pytest.fixture(scope="session")
def seed_graph_file(seed_build: Path) -> Path:
    return seed_build / "g60kg.ttl"


@pytest.fixture(scope="session")
def seed_files(tmp_path_factory) -> Path:
    """A build of the bundled article as Turtle and TriG (one graph per article).

    The store tests load either file and compare with local answers.
    """
    from g60kg.graph.build import build

    out = tmp_path_factory.mktemp("seed-ttl-trig")
    build([SEED_ARTICLE], out, formats=("ttl", "trig"))
    return out


FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def mini_graph() -> Path:
    """A small hand-written graph in the data-model shape (engine/format/safety tests)."""
    return FIXTURES / "mini.ttl"


@pytest.fixture(autouse=True)
def _query_cache_in_tmp(tmp_path_factory, monkeypatch):
    """Keep query stores of files outside a build out of the user's ~/.cache."""
    monkeypatch.setenv("G60KG_CACHE_DIR", str(tmp_path_factory.mktemp("g60kg-cache")))


@pytest.fixture
def sparql_stub():
    """A local SPARQL endpoint answering every query with one label; yields (url, requests).

    Stands in for the Wikidata Query Service in ``SERVICE`` tests
    (``g60kg query --allow-service --service-endpoint URL``).
    """
    import http.server
    import json
    import threading

    requests: list[bytes] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            requests.append(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
            row = {"label": {"type": "literal", "value": "合肥市", "xml:lang": "zh"}}
            data = json.dumps({"head": {"vars": ["label"]}, "results": {"bindings": [row]}})
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(data.encode())))
            self.end_headers()
            self.wfile.write(data.encode())

        do_GET = do_POST

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/sparql", requests
    server.shutdown()
    server.server_close()


# A real ``oxigraph serve`` process (tests/oxigraph_server.py); importing the
# fixture here makes it available to every test module.
from oxigraph_server import oxigraph_server  # noqa: E402, F401
from virtuoso_server import virtuoso_server  # noqa: E402, F401
