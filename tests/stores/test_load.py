"""`g60kg load`: real loads into a real oxigraph server, and every failure a user can hit."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from layout import DATA
from oxigraph_server import free_port

from g60kg.cli import cli
from g60kg.errors import InputError
from g60kg.stores.load import Credentials, LoadError, load

FIXTURE = DATA / "publish"
BUILD = FIXTURE / "build.ttl"
ALPHA = "https://w3id.org/g60kg/resource/article/alpha"
BETA = "https://w3id.org/g60kg/resource/article/beta"


@pytest.fixture(autouse=True)
def tiny_backoff(monkeypatch):
    monkeypatch.setenv("G60KG_LOAD_BACKOFF", "0.01")


def _ntriples(path: Path, count: int) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        for i in range(count):
            out.write(
                f"<https://example.org/obs/{i}> <https://example.org/value> "
                f'"{i}.5"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'
            )
    return path


@pytest.mark.integration
def test_load_turtle_into_the_default_graph_counts_what_was_sent(oxigraph_server):
    result = load([BUILD], oxigraph_server.base_url, store="oxigraph")
    assert [(c.graph, c.sent, c.found) for c in result.graphs] == [(None, 65, 65)]
    assert result.ok and result.protocol == "gsp"


@pytest.mark.integration
def test_replace_twice_leaves_the_same_counts_and_append_adds(oxigraph_server, tmp_path):
    nt = _ntriples(tmp_path / "a.nt", 500)
    first = load([nt], oxigraph_server.base_url, store="oxigraph", graph="https://example.org/g")
    second = load([nt], oxigraph_server.base_url, store="oxigraph", graph="https://example.org/g")
    assert [(c.sent, c.found) for c in first.graphs] == [(500, 500)]
    assert [(c.sent, c.found) for c in second.graphs] == [(500, 500)]
    other = _ntriples(tmp_path / "b.nt", 700)
    appended = load(
        [other],
        oxigraph_server.base_url,
        store="oxigraph",
        graph="https://example.org/g",
        replace=False,
    )
    # 500 of the 700 were already there: the graph holds 700 distinct triples.
    assert [(c.sent, c.found, c.ok) for c in appended.graphs] == [(700, 700, True)]


@pytest.mark.integration
def test_graph_per_article_loads_one_graph_per_article(oxigraph_server, monkeypatch):
    import g60kg.graph.serialize as serialize

    real = serialize.assign_graphs
    monkeypatch.setattr(
        serialize, "assign_graphs", lambda triples: real(triples, FIXTURE / "ontology")
    )
    result = load([BUILD], oxigraph_server.base_url, store="oxigraph", per_article=True)
    assert [(c.graph, c.sent, c.found) for c in result.graphs] == [
        (serialize.GAZETTEER_GRAPH, 12, 12),
        (serialize.ONTOLOGY_GRAPH, 10, 10),
        (ALPHA, 30, 30),
        (BETA, 13, 13),
    ]


@pytest.mark.integration
def test_trig_keeps_its_graphs_and_sparql_update_loads_in_chunks(oxigraph_server, tmp_path):
    from g60kg.graph import serialize

    trig = serialize.write_trig(
        serialize.read_triples(BUILD), tmp_path / "g60kg.trig", FIXTURE / "ontology"
    )
    result = load(
        [trig],
        oxigraph_server.base_url,
        store="oxigraph",
        per_article=True,
        protocol="update",
        chunk_size=7,
    )
    assert result.protocol == "update"
    assert {c.graph: c.found for c in result.graphs} == {
        serialize.GAZETTEER_GRAPH: 12,
        serialize.ONTOLOGY_GRAPH: 10,
        ALPHA: 30,
        BETA: 13,
    }
    assert result.ok


@pytest.mark.integration
def test_cli_prints_graph_sent_found(oxigraph_server):
    outcome = CliRunner().invoke(
        cli, ["load", str(BUILD), "--endpoint", oxigraph_server.base_url, "--store", "oxigraph"]
    )
    assert outcome.exit_code == 0, outcome.output
    assert outcome.stdout.splitlines() == [
        "graph             triples sent  triples found",
        "(default graph)             65             65",
    ]


@pytest.mark.integration
def test_a_store_killed_mid_load_is_put_right_by_a_rerun(oxigraph_server, tmp_path):
    nt = _ntriples(tmp_path / "big.nt", 40_000)  # about 4 MB: several 1 MiB blocks
    sent_blocks = []

    def crash(sent: int) -> None:
        sent_blocks.append(sent)
        if len(sent_blocks) == 1:
            oxigraph_server.kill()

    with pytest.raises(LoadError, match=r"cannot reach http://127\.0\.0\.1:\d+/store"):
        load([nt], oxigraph_server.base_url, store="oxigraph", progress=crash, retries=2)
    assert sent_blocks[0] < nt.stat().st_size  # killed before the whole body was sent
    oxigraph_server.start()
    result = load([nt], oxigraph_server.base_url, store="oxigraph")
    assert [(c.sent, c.found) for c in result.graphs] == [(40_000, 40_000)]


def test_wrong_port_exits_2_with_one_clear_line():
    port = free_port()
    outcome = CliRunner().invoke(
        cli,
        [
            "load",
            str(BUILD),
            "--endpoint",
            f"http://127.0.0.1:{port}",
            "--store",
            "oxigraph",
            "--retries",
            "1",
        ],
    )
    assert outcome.exit_code == 2
    assert outcome.stderr == (
        f"Error: cannot reach http://127.0.0.1:{port}/store?default&no_transaction: "
        "connection refused (gave up after 2 attempts)\n"
    )


# --------------------------------------------------------------------------- scripted server


class _Script:
    """Statuses a fake store answers, in order, for Graph Store requests."""

    def __init__(
        self, statuses: list[int], count: int = 0, challenge: str = 'Basic realm="store"'
    ) -> None:
        self.statuses = statuses
        self.count = count
        self.challenge = challenge
        self.requests: list[tuple[str, str, dict[str, str]]] = []


@pytest.fixture
def fake_store() -> Iterator:
    servers = []

    def start(script: _Script) -> str:
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                script.requests.append((self.command, self.path, dict(self.headers)))
                if self.path.startswith("/query"):
                    body = json.dumps(
                        {"results": {"bindings": [{"n": {"value": str(script.count)}}]}}
                    ).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/sparql-results+json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                status = script.statuses.pop(0) if script.statuses else 204
                self.send_response(status)
                if status == 401:
                    self.send_header("WWW-Authenticate", script.challenge)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_PUT = do_POST = _answer

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_401_says_authentication_failed_and_never_shows_the_password(fake_store, monkeypatch):
    script = _Script([401])
    url = fake_store(script)
    monkeypatch.setenv("STORE_PASSWORD", "s3cret-Passw0rd")
    outcome = CliRunner().invoke(
        cli,
        [
            "load",
            str(BUILD),
            "--endpoint",
            url,
            "--store",
            "oxigraph",
            "--user",
            "admin",
            "--password-env",
            "STORE_PASSWORD",
        ],
    )
    assert outcome.exit_code == 2
    assert outcome.stderr == (
        f"Error: authentication failed at {url}/store?default&no_transaction "
        "(HTTP 401 Unauthorized)\n"
    )
    assert "s3cret" not in outcome.output
    assert script.requests[0][2]["Authorization"].startswith("Basic ")
    assert "s3cret" not in repr(Credentials("admin", "s3cret-Passw0rd"))


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (403, "authentication failed at {url}/store?default&no_transaction (HTTP 403 Forbidden)"),
        (404, "no such endpoint: {url}/store?default&no_transaction (HTTP 404)"),
        (
            415,
            "store refused the media type at {url}/store?default&no_transaction "
            "(HTTP 415 Unsupported Media Type)",
        ),
    ],
)
def test_refusals_become_one_line(fake_store, status, message):
    url = fake_store(_Script([status]))
    with pytest.raises(LoadError) as raised:
        load([BUILD], url, store="oxigraph")
    assert str(raised.value) == message.format(url=url)


def test_5xx_is_retried_then_succeeds(fake_store):
    script = _Script([503, 502], count=65)
    url = fake_store(script)
    result = load([BUILD], url, store="oxigraph")
    assert [r[0] for r in script.requests] == ["PUT", "PUT", "PUT", "POST"]
    assert [(c.sent, c.found) for c in result.graphs] == [(65, 65)]


def test_5xx_gives_up_after_the_retries(fake_store):
    script = _Script([500, 500, 500])
    url = fake_store(script)
    with pytest.raises(LoadError, match=r"store answered HTTP 500 .* at "):
        load([BUILD], url, store="oxigraph", retries=2)
    assert len(script.requests) == 3


def test_a_count_mismatch_exits_1(fake_store):
    url = fake_store(_Script([], count=60))
    outcome = CliRunner().invoke(
        cli, ["load", str(BUILD), "--endpoint", url, "--store", "oxigraph"]
    )
    assert outcome.exit_code == 1
    assert "(default graph)             65             60  MISMATCH" in outcome.stdout


def test_bad_options_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="exclude each other"):
        load([BUILD], "http://127.0.0.1:1", graph="https://e.org/g", per_article=True)
    with pytest.raises(InputError, match="no such file"):
        load([tmp_path / "missing.nt"], "http://127.0.0.1:1/store")
    with pytest.raises(InputError, match="no separate default graph: give --graph IRI"):
        load([BUILD], "http://127.0.0.1:1", store="virtuoso")
    with pytest.raises(InputError, match="no Graph Store Protocol"):
        load([BUILD], "http://127.0.0.1:1", store="blazegraph", protocol="gsp")


@pytest.fixture(scope="module")
def seed_published(tmp_path_factory, seed_article) -> Path:
    from g60kg.graph.build import build

    out = tmp_path_factory.mktemp("seed-published")
    build([seed_article], out, formats=("ttl", "nt", "trig"))
    return out


@pytest.mark.integration
def test_seed_build_loads_per_article_and_into_the_default_graph(oxigraph_server, seed_published):
    import pyoxigraph as ox

    from g60kg.graph import serialize

    expected: dict[str, int] = {}
    for quad in ox.parse(path=str(seed_published / "g60kg.trig"), format=ox.RdfFormat.TRIG):
        expected[quad.graph_name.value] = expected.get(quad.graph_name.value, 0) + 1
    article = "https://w3id.org/g60kg/resource/article/g60-article-2023-11-22"
    assert sorted(expected) == [serialize.GAZETTEER_GRAPH, serialize.ONTOLOGY_GRAPH, article]
    for source in ("g60kg.ttl", "g60kg.trig"):
        result = load(
            [seed_published / source], oxigraph_server.base_url, store="oxigraph", per_article=True
        )
        assert {c.graph: (c.sent, c.found) for c in result.graphs} == {
            name: (n, n) for name, n in expected.items()
        }, source
    total = len((seed_published / "g60kg.nt").read_bytes().splitlines())
    default = load([seed_published / "g60kg.nt"], oxigraph_server.base_url, store="oxigraph")
    assert [(c.graph, c.sent, c.found) for c in default.graphs] == [(None, total, total)]


@pytest.mark.integration
def test_a_file_the_store_cannot_parse_is_one_line_with_its_reason(oxigraph_server, tmp_path):
    bad = tmp_path / "bad.nt"
    bad.write_text("<http://example.org/a b> <http://example.org/p> <http://example.org/o> .\n")
    with pytest.raises(LoadError) as raised:
        load([bad], oxigraph_server.base_url, store="oxigraph", retries=0)
    message = str(raised.value)
    assert message.startswith(
        "store answered HTTP 400 Bad Request at "
        f"{oxigraph_server.store_url}?default&no_transaction: "
    )
    assert "\n" not in message


def test_digest_authentication_is_answered_when_the_store_asks(fake_store):
    import hashlib
    import re

    challenge = 'Digest realm="virtuoso", nonce="abc123", qop="auth"'
    script = _Script([401, 204], count=65, challenge=challenge)
    url = fake_store(script)
    result = load([BUILD], url, store="oxigraph", credentials=Credentials("dba", "pw-9"))
    assert result.ok
    first, second = script.requests[0][2]["Authorization"], script.requests[1][2]["Authorization"]
    assert first.startswith("Basic ")
    fields = dict(re.findall(r'(\w+)="?([^",]*)"?', second))
    assert fields["username"] == "dba" and fields["realm"] == "virtuoso"
    ha1 = hashlib.md5(b"dba:virtuoso:pw-9").hexdigest()
    ha2 = hashlib.md5(f"PUT:{fields['uri']}".encode()).hexdigest()
    expected = hashlib.md5(
        f"{ha1}:abc123:{fields['nc']}:{fields['cnonce']}:auth:{ha2}".encode()
    ).hexdigest()
    assert fields["response"] == expected
    assert "pw-9" not in second


@pytest.mark.integration
def test_virtuoso_takes_per_article_graphs_with_digest_auth(virtuoso_server, monkeypatch):
    monkeypatch.setenv("VIRTUOSO_PASSWORD", virtuoso_server.password)
    import g60kg.graph.serialize as serialize

    real = serialize.assign_graphs
    monkeypatch.setattr(
        serialize, "assign_graphs", lambda triples: real(triples, FIXTURE / "ontology")
    )
    args = [
        "load",
        str(BUILD),
        "--endpoint",
        virtuoso_server.base_url,
        "--store",
        "virtuoso",
        "--graph-per-article",
        "--user",
        "dba",
        "--password-env",
        "VIRTUOSO_PASSWORD",
    ]
    for _ in range(2):  # a second --replace load leaves the same counts
        outcome = CliRunner().invoke(cli, args)
        assert outcome.exit_code == 0, outcome.output
        assert outcome.stdout.splitlines()[1:] == [
            f"{serialize.GAZETTEER_GRAPH:<45}  {12:>13}  {12:>13}",
            f"{serialize.ONTOLOGY_GRAPH:<45}  {10:>13}  {10:>13}",
            f"{ALPHA:<45}  {30:>13}  {30:>13}",
            f"{BETA:<45}  {13:>13}  {13:>13}",
        ]
    monkeypatch.setenv("VIRTUOSO_PASSWORD", "wrong")
    outcome = CliRunner().invoke(cli, args)
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith("Error: authentication failed at ")
    assert "wrong" not in outcome.output


@pytest.mark.integration
def test_virtuoso_chunked_update_load(virtuoso_server):
    result = load(
        [BUILD],
        virtuoso_server.base_url,
        store="virtuoso",
        graph="https://example.org/all",
        protocol="update",
        chunk_size=10,
        credentials=Credentials(virtuoso_server.user, virtuoso_server.password),
    )
    assert [(c.sent, c.found) for c in result.graphs] == [(65, 65)]
