"""``g60kg load`` against empty input, bad endpoint URLs, silent stores and oversized terms."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from g60kg.cli import cli
from g60kg.inputs import PARSER_BUFFER_BYTES
from g60kg.stores.load import DEFAULT_TIMEOUT, load


@pytest.fixture(autouse=True)
def tiny_backoff(monkeypatch):
    monkeypatch.setenv("G60KG_LOAD_BACKOFF", "0.01")


def _triples(path: Path, count: int) -> Path:
    path.write_text(
        "".join(
            f'<https://example.org/s{i}> <https://example.org/p> "{i}" .\n' for i in range(count)
        ),
        encoding="utf-8",
    )
    return path


def _count(url: str, graph: str) -> int:
    import json
    import urllib.parse
    import urllib.request

    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    request = urllib.request.Request(
        f"{url}/query?{urllib.parse.urlencode({'query': query})}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return int(json.load(answer)["results"]["bindings"][0]["n"]["value"])


# --- an empty input must not empty the graph -------------------------------------

GRAPH = "https://example.org/graph"


def _full_graph_and_an_empty_file(url: str, tmp_path: Path) -> Path:
    """Load 50 triples into GRAPH; return an empty N-Triples file."""
    load([_triples(tmp_path / "full.nt", 50)], url, store="oxigraph", graph=GRAPH)
    empty = tmp_path / "empty.nt"
    empty.write_bytes(b"")
    return empty


@pytest.mark.integration
@pytest.mark.parametrize("content", ["", "@prefix ex: <https://example.org/> .\n"])
@pytest.mark.parametrize("suffix", [".ttl", ".nt"])
def test_an_empty_input_is_refused_and_the_graph_keeps_its_triples(
    oxigraph_server, tmp_path, content, suffix
):
    url = oxigraph_server.base_url
    load([_triples(tmp_path / "full.nt", 50)], url, store="oxigraph", graph=GRAPH)
    empty = tmp_path / f"empty{suffix}"
    empty.write_text(content if suffix == ".ttl" else "", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["load", str(empty), "--endpoint", url, "--store", "oxigraph", "--graph", GRAPH]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {empty}: no triples to load; --replace would empty {GRAPH} "
        "(give --allow-empty if that is what you want)\n"
    )
    assert _count(url, GRAPH) == 50


@pytest.mark.integration
def test_allow_empty_empties_the_graph_when_asked(oxigraph_server, tmp_path):
    url = oxigraph_server.base_url
    empty = _full_graph_and_an_empty_file(url, tmp_path)
    args = ["load", str(empty), "--endpoint", url, "--store", "oxigraph", "--graph", GRAPH]
    result = CliRunner().invoke(cli, [*args, "--allow-empty"])
    assert result.exit_code == 0, result.output
    assert _count(url, GRAPH) == 0


@pytest.mark.integration
def test_appending_an_empty_input_is_harmless_and_allowed(oxigraph_server, tmp_path):
    url = oxigraph_server.base_url
    empty = _full_graph_and_an_empty_file(url, tmp_path)
    result = load([empty], url, store="oxigraph", graph=GRAPH, replace=False)
    assert [(c.sent, c.found) for c in result.graphs] == [(0, 50)]


# --- endpoint URLs ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("endpoint", "message"),
    [
        (
            "http://h:99999",
            "--endpoint http://h:99999: not a valid URL (Port out of range 0-65535)",
        ),
        ("http://[::1", "--endpoint http://[::1: not a valid URL (Invalid IPv6 URL)"),
        ("ftp://h/store", "--endpoint ftp://h/store: not an http(s) URL"),
        ("http:///store", "--endpoint http:///store: no host name"),
        (
            "http://u:secret@h:99999/",
            "--endpoint http://h:99999/: not a valid URL (Port out of range 0-65535)",
        ),
    ],
)
def test_an_endpoint_that_is_not_a_url_is_one_line(tmp_path, endpoint, message):
    data = _triples(tmp_path / "a.nt", 1)
    result = CliRunner().invoke(cli, ["load", str(data), "--endpoint", endpoint])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {message}\n"


def test_a_bad_query_endpoint_is_named_as_such(tmp_path):
    data = _triples(tmp_path / "a.nt", 1)
    result = CliRunner().invoke(
        cli,
        ["load", str(data), "--endpoint", "http://h/store", "--query-endpoint", "http://h:70000/"],
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --query-endpoint http://h:70000/: not a valid URL (Port out of range 0-65535)\n"
    )


# --- a store that accepts and never answers ---------------------------------------


@pytest.fixture
def silent_store():
    """A socket that accepts connections (the kernel's backlog) and never says a word."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    try:
        yield server
    finally:
        server.close()


def _connections(server: socket.socket) -> int:
    """Connections made to ``server`` so far (each waits in its backlog until accepted)."""
    server.setblocking(False)
    count = 0
    while True:
        try:
            connection, _ = server.accept()
        except BlockingIOError:
            return count
        connection.close()
        count += 1


def test_a_silent_store_is_given_up_after_the_timeout_without_retries(silent_store, tmp_path):
    data = _triples(tmp_path / "a.nt", 3)
    url = f"http://127.0.0.1:{silent_store.getsockname()[1]}/store"
    result = CliRunner().invoke(
        cli, ["load", str(data), "--endpoint", url, "--timeout", "0.5", "--retries", "3"]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: no answer from {url}?default&no_transaction within 0.5 s "
        "(raise --timeout for a slow store)\n"
    )
    assert _connections(silent_store) == 1


def test_the_timeout_defaults_to_a_minute():
    from g60kg.commands.load import load_command

    option = next(p for p in load_command.params if p.name == "timeout")
    assert option.default == DEFAULT_TIMEOUT == 60.0


def test_a_timeout_that_is_not_positive_is_refused(tmp_path):
    data = _triples(tmp_path / "a.nt", 1)
    result = CliRunner().invoke(
        cli, ["load", str(data), "--endpoint", "http://127.0.0.1:9/store", "--timeout", "0"]
    )
    assert result.exit_code == 2
    assert result.stderr == "Error: --timeout must be a positive number of seconds, not 0\n"


# --- oversized terms --------------------------------------------------------------


def test_a_30_mb_literal_is_refused_in_one_line_before_anything_is_sent(tmp_path):
    data = tmp_path / "big.ttl"
    data.write_text(
        '<https://example.org/a> <https://example.org/p> "' + "a" * (30 * 1024 * 1024) + '" .\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["load", str(data), "--endpoint", "http://127.0.0.1:9/store"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {data}: holds an IRI or literal too long for pyoxigraph's parser "
        f"(its buffer holds {PARSER_BUFFER_BYTES:,} bytes)\n"
    )
