"""`g60kg load PARTS --jobs N`: parts checked, sent side by side, a failed part sent again alone."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from parts_writer import rewrite_manifest, write_parts

import g60kg
from benchmarks.corpus import generate
from g60kg.cli import cli
from g60kg.errors import InputError
from g60kg.graph import parts
from g60kg.graph.build import build
from g60kg.stores.load import Credentials, LoadError, connect
from g60kg.stores.load_parts import load_parts


@pytest.fixture(autouse=True)
def tiny_backoff(monkeypatch):
    monkeypatch.setenv("G60KG_LOAD_BACKOFF", "0.01")


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory, seed_article) -> Path:
    """A build of seven articles: enough triples for four parts of some size."""
    folder = tmp_path_factory.mktemp("parts-corpus")
    articles = generate(6, folder / "articles", seed=5)
    build([*articles, seed_article], folder / "build", formats=("nt", "trig"))
    return folder / "build"


@pytest.fixture
def parts_dir(corpus_build, tmp_path) -> Path:
    """A build folder whose ``parts/`` holds the corpus in four triple and four quad parts."""
    folder = tmp_path / "built"
    write_parts(corpus_build / "g60kg.nt", folder / "parts", 4, trig=corpus_build / "g60kg.trig")
    return folder


def _load(folder: Path, url: str, *, jobs: int = 2, replace: bool = True, **options):
    """``load_parts`` over a fresh connection, as ``g60kg.load`` calls it."""
    graph, per_article = options.get("graph"), options.get("per_article", False)
    connection = connect(url, **options)
    return load_parts(
        connection, folder, jobs=jobs, graph=graph, per_article=per_article, replace=replace
    )


def _cli_load(folder: str, url: str, *options: str):
    return CliRunner().invoke(
        cli, ["load", folder, "--endpoint", url, "--store", "oxigraph", *options]
    )


def _nt_lines(path: Path) -> set[bytes]:
    return {line for line in path.read_bytes().splitlines() if line.strip()}


def _as_stored(path: Path, fmt: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> set[bytes]:
    """The lines an Oxigraph store gives back for a file (it writes decimals its own way)."""
    store = ox.Store()
    store.bulk_load(path=str(path), format=fmt)
    if fmt == ox.RdfFormat.N_TRIPLES:
        data = store.dump(format=fmt, from_graph=ox.DefaultGraph())
    else:
        data = store.dump(format=ox.RdfFormat.N_QUADS)
    return {line for line in data.splitlines() if line.strip()}


def _dump(url: str, accept: str = "application/n-triples") -> set[bytes]:
    """What an oxigraph server holds: its default graph (``?default``) or all of it."""
    answer = httpx.get(url, headers={"Accept": accept}, timeout=30)
    answer.raise_for_status()
    return {line for line in answer.content.splitlines() if line.strip()}


# --------------------------------------------------------------------------- a real Oxigraph


@pytest.mark.integration
def test_parts_with_two_jobs_give_the_store_of_the_single_file(
    oxigraph_server, corpus_build, parts_dir, tmp_path
):
    single = g60kg.load(corpus_build / "g60kg.nt", oxigraph_server.base_url, store="oxigraph")
    from_file = _dump(f"{oxigraph_server.store_url}?default")
    total = len(_nt_lines(corpus_build / "g60kg.nt"))
    assert [(c.sent, c.found) for c in single.graphs] == [(total, total)]
    assert from_file == _as_stored(corpus_build / "g60kg.nt")
    stray = tmp_path / "stray.nt"
    stray.write_text(
        "<https://example.org/stray> <https://example.org/p> <https://example.org/o> .\n"
    )
    g60kg.load(stray, oxigraph_server.base_url, store="oxigraph", replace=False)

    outcome = _cli_load(str(parts_dir), oxigraph_server.base_url, "--jobs", "2")
    assert outcome.exit_code == 0, outcome.output
    assert outcome.stdout.splitlines() == [
        "graph             triples sent  triples found",
        f"(default graph)  {total:>13}  {total:>13}",
    ]
    assert outcome.stderr == "4 parts checked against the manifest and sent\n"
    # One clear first: the stray triple is gone, and the rest is the single file's.
    assert _dump(f"{oxigraph_server.store_url}?default") == from_file


@pytest.mark.integration
def test_quad_parts_fill_the_per_article_graphs_of_the_trig(
    oxigraph_server, corpus_build, parts_dir
):
    trig = corpus_build / "g60kg.trig"
    expected = Counter(
        q.graph_name.value for q in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG)
    )
    assert len(expected) == 9  # seven articles, the gazetteer and the ontology
    manifest = parts.read_manifest(parts_dir)
    # Partitioned by subject, an article's graph is spread over several parts.
    seed_graph = "<https://w3id.org/g60kg/resource/article/g60-article-2023-11-22>"
    holding = [
        p.path
        for p in manifest.quads
        if f" {seed_graph} .\n".encode() in (parts_dir / "parts" / p.path).read_bytes()
    ]
    assert holding == [parts.part_path("quads", i) for i in range(4)]
    result = g60kg.load(
        parts_dir / "parts",
        oxigraph_server.base_url,
        store="oxigraph",
        per_article=True,
        jobs=2,
    )
    assert {c.graph: (c.sent, c.found) for c in result.graphs} == {
        g: (n, n) for g, n in expected.items()
    }
    assert sum(c.found for c in result.graphs) == manifest.quad_count
    assert result.ok and result.resent == ()
    assert _dump(oxigraph_server.store_url, "application/n-quads") == _as_stored(
        trig, ox.RdfFormat.TRIG
    )


@pytest.mark.integration
def test_parts_go_over_sparql_update_in_chunks_where_asked(oxigraph_server, parts_dir):
    total = parts.read_manifest(parts_dir).triple_count
    graph = "https://example.org/parts-by-update"
    for _ in range(2):  # CLEAR SILENT first: a second load leaves the same count
        result = _load(
            parts_dir,
            oxigraph_server.base_url,
            store="oxigraph",
            graph=graph,
            protocol="update",
            chunk_size=500,
        )
        assert result.protocol == "update"
        assert [(c.graph, c.sent, c.found) for c in result.graphs] == [(graph, total, total)]


@pytest.mark.integration
def test_a_server_killed_mid_load_and_restarted_is_caught_up_by_the_retries(
    oxigraph_server, corpus_build, parts_dir, monkeypatch
):
    # Retries of 0.2, 0.4, 0.8 and 1.6 s: time for the server to come back.
    monkeypatch.setenv("G60KG_LOAD_BACKOFF", "0.2")
    blocks: list[int] = []
    restarted = threading.Event()
    lock = threading.Lock()

    def restart() -> None:
        time.sleep(0.3)
        oxigraph_server.start()
        restarted.set()

    def kill_on_the_second_part(sent: int) -> None:
        with lock:
            blocks.append(sent)
            if len(blocks) == 2:  # one part's body is out, another is on the wire
                oxigraph_server.kill()
                threading.Thread(target=restart, daemon=True).start()

    result = _load(
        parts_dir,
        oxigraph_server.base_url,
        store="oxigraph",
        jobs=2,
        progress=kill_on_the_second_part,
    )
    assert restarted.wait(30)
    total = len(_nt_lines(corpus_build / "g60kg.nt"))
    assert [(c.sent, c.found) for c in result.graphs] == [(total, total)]
    assert len(blocks) >= 5  # four parts, and at least one sent again after the kill
    assert _dump(f"{oxigraph_server.store_url}?default") == _as_stored(corpus_build / "g60kg.nt")


@pytest.mark.integration
def test_a_server_killed_for_good_ends_the_load_with_one_line_naming_a_part(
    oxigraph_server, parts_dir
):
    def kill(sent: int) -> None:
        oxigraph_server.kill()

    with pytest.raises(LoadError) as raised:
        _load(
            parts_dir, oxigraph_server.base_url, store="oxigraph", jobs=2, retries=1, progress=kill
        )
    message = str(raised.value)
    url = oxigraph_server.base_url
    assert "\n" not in message
    part, rest = message.split(": ", 1)
    assert part in {p.path for p in parts.read_manifest(parts_dir).triples}
    assert rest == (
        "not loaded, also when sent again alone (cannot reach "
        f"{url}/store?default&no_transaction: connection refused (gave up after 2 attempts)); "
        f"the store could not be counted (cannot reach {url}/query: connection refused "
        "(gave up after 2 attempts))"
    )


@pytest.mark.integration
def test_a_manifest_the_store_disagrees_with_exits_1_with_one_line(
    oxigraph_server, corpus_build, parts_dir
):
    # A triple written into two parts breaks the layout: the manifest counts it
    # twice, the store (a set) holds it once.
    folder = parts_dir / "parts"
    manifest = parts.read_manifest(folder)
    first, second = (folder / p.path for p in manifest.triples[:2])
    line = first.read_bytes().splitlines(True)[0]
    second.write_bytes(second.read_bytes() + line)
    rewrite_manifest(folder, manifest)
    total = len(_nt_lines(corpus_build / "g60kg.nt"))
    outcome = _cli_load(str(folder), oxigraph_server.base_url, "-j", "2")
    assert outcome.exit_code == 1
    assert outcome.stdout.splitlines()[1] == (
        f"(default graph)  {total + 1:>13}  {total:>13}  MISMATCH"
    )
    assert outcome.stderr.splitlines() == [
        "4 parts checked against the manifest and sent",
        f"Error: the store holds {total} triples in (default graph), "
        f"the parts manifest says {total + 1}",
    ]


@pytest.mark.integration
def test_virtuoso_takes_parts_into_a_named_graph_with_digest_auth(virtuoso_server, parts_dir):
    manifest = parts.read_manifest(parts_dir)
    for replace in (True, True, False):  # a second --replace and an --append leave the count
        result = _load(
            parts_dir,
            virtuoso_server.base_url,
            store="virtuoso",
            graph="https://example.org/parts-test",
            replace=replace,
            jobs=2,
            credentials=Credentials(virtuoso_server.user, virtuoso_server.password),
        )
        assert [(c.sent, c.found) for c in result.graphs] == [
            (manifest.triple_count, manifest.triple_count)
        ]


# --------------------------------------------------------------------------- a stub store


@dataclass
class _Stub:
    """A Graph Store stub that answers each POST by the part it carries, and logs them all."""

    bodies: dict[str, str]  # SHA-256 of a part's bytes -> its path
    status: Callable[[str, int], int] = lambda part, attempt: 204
    count: int = 0
    log: list[tuple[str, str]] = field(default_factory=list)  # (method, part path or URL path)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, method: str, path: str, body: bytes) -> int:
        with self.lock:
            if method == "PUT" or path.startswith("/query"):
                self.log.append((method, path if body else f"{path} (empty)"))
                return 200
            part = self.bodies.get(hashlib.sha256(body).hexdigest(), "?")
            attempt = sum(1 for m, p in self.log if (m, p) == (method, part))
            self.log.append((method, part))
        return self.status(part, attempt)

    @property
    def posts(self) -> list[str]:
        return [p for m, p in self.log if m == "POST"]


@pytest.fixture
def stub_store(parts_dir) -> Iterator[Callable[..., tuple[str, _Stub]]]:
    servers = []
    folder = parts_dir / "parts"
    bodies = {
        hashlib.sha256((folder / p.path).read_bytes()).hexdigest(): p.path
        for p in parts.read_manifest(folder).triples
    }

    def start(**options) -> tuple[str, _Stub]:
        stub = _Stub(bodies, **options)

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status = stub.answer(self.command, self.path, body)
                content = b""
                if self.path.startswith("/query"):
                    rows = [{"n": {"value": str(stub.count)}}]
                    content = json.dumps({"results": {"bindings": rows}}).encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_PUT = do_POST = _answer

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}", stub

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


PART_1 = "triples/part-00001.nt"
ALL_PARTS = [f"triples/part-0000{i}.nt" for i in range(4)]


def test_a_500_to_one_parts_first_post_sends_that_part_again_and_no_other(stub_store, parts_dir):
    total = parts.read_manifest(parts_dir).triple_count
    url, stub = stub_store(status=lambda part, n: 500 if (part, n) == (PART_1, 0) else 204)
    stub.count = total
    result = _load(parts_dir, url, store="oxigraph", jobs=2)
    assert stub.log[0] == ("PUT", "/store?default&no_transaction (empty)")  # one clear first
    assert Counter(stub.posts) == {**dict.fromkeys(ALL_PARTS, 1), PART_1: 2, "/query": 1}
    assert stub.log[-1] == ("POST", "/query")
    assert result.ok and result.resent == ()  # the client's own retry mended it


def test_a_part_failing_while_others_upload_is_sent_again_alone_after_them(stub_store, parts_dir):
    total = parts.read_manifest(parts_dir).triple_count
    url, stub = stub_store(status=lambda part, n: 500 if (part, n) == (PART_1, 0) else 204)
    stub.count = total
    outcome = _cli_load(str(parts_dir), url, "--retries", "0", "--jobs", "2")
    assert outcome.exit_code == 0, outcome.output
    assert stub.posts[-2:] == [PART_1, "/query"]  # sent again once every other part was in
    assert Counter(stub.posts) == {**dict.fromkeys(ALL_PARTS, 1), PART_1: 2, "/query": 1}
    assert outcome.stderr == (
        f"4 parts checked against the manifest and sent; sent again alone: {PART_1}\n"
    )


def test_a_part_that_keeps_failing_ends_the_load_with_one_line_and_the_count(stub_store, parts_dir):
    total = parts.read_manifest(parts_dir).triple_count
    url, stub = stub_store(status=lambda part, n: 500 if part == PART_1 else 204, count=123)
    outcome = _cli_load(str(parts_dir), url, "--retries", "1", "-j", "2")
    assert outcome.exit_code == 2
    assert outcome.stderr == (
        f"Error: {PART_1}: not loaded, also when sent again alone (store answered HTTP 500 "
        f"Internal Server Error at {url}/store?default&no_transaction); the store holds 123 "
        f"triples in the default graph, the parts manifest says {total}\n"
    )
    assert Counter(stub.posts)[PART_1] == 4  # twice in the pass, twice alone


def test_a_refusal_stops_the_load_at_once(stub_store, parts_dir):
    url, stub = stub_store(status=lambda part, n: 400)
    with pytest.raises(LoadError) as raised:
        _load(parts_dir, url, store="oxigraph", jobs=1)
    assert str(raised.value) == (
        f"triples/part-00000.nt: store answered HTTP 400 Bad Request at "
        f"{url}/store?default&no_transaction"
    )
    assert stub.posts == ["triples/part-00000.nt"]  # no other part started


def test_a_part_changed_after_the_build_is_refused_before_anything_is_cleared(
    stub_store, parts_dir
):
    url, stub = stub_store()
    changed = parts_dir / "parts" / "triples" / "part-00002.nt"
    data = bytearray(changed.read_bytes())
    data[-3] ^= 1  # same size, another byte
    changed.write_bytes(bytes(data))
    outcome = CliRunner().invoke(
        cli, ["load", str(parts_dir), "--endpoint", url, "--store", "oxigraph", "-j", "2"]
    )
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith(f"Error: {changed}: {len(data)} bytes with SHA-256 ")
    assert outcome.stderr.endswith("; the part changed since the build\n")
    assert stub.log == []  # not even the clear was sent


def test_parts_options_that_cannot_work_are_one_line(parts_dir, corpus_build, tmp_path):
    with pytest.raises(InputError, match=r"^--jobs 2 sends the parts of a parts folder side"):
        g60kg.load(
            [corpus_build / "g60kg.nt", corpus_build / "g60kg.trig"],
            "http://127.0.0.1:1/store",
            jobs=2,
        )
    with pytest.raises(InputError, match="no parts here"):
        g60kg.load(tmp_path, "http://127.0.0.1:1/store", jobs=2)
    no_quads = tmp_path / "no-quads"
    write_parts(corpus_build / "g60kg.nt", no_quads, 2)
    with pytest.raises(InputError) as raised:
        _load(no_quads, "http://127.0.0.1:1", store="oxigraph", per_article=True)
    assert str(raised.value) == (
        f"{no_quads}: no per-article graphs here (manifest.json lists no quad parts); "
        "load the triple parts without --graph-per-article"
    )
    with pytest.raises(InputError, match="no separate default graph: give --graph IRI"):
        _load(parts_dir, "http://127.0.0.1:1", store="virtuoso")
    outcome = CliRunner().invoke(
        cli, ["load", str(parts_dir), "--endpoint", "http://127.0.0.1:1", "--jobs", "0"]
    )
    assert outcome.exit_code == 2
    assert "Invalid value for '-j' / '--jobs': 0 is not in the range x>=1." in outcome.stderr
