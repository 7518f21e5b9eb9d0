"""`g60kg serve`: a real oxigraph server over the build, stopped cleanly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.parse
import urllib.request

import pytest
from layout import DATA, SRC
from oxigraph_server import free_port

from g60kg.errors import InputError
from g60kg.stores.serve import STAMP, prepare_store, start

pytestmark = pytest.mark.integration
BUILD = DATA / "publish" / "build.ttl"


def _count(query_url: str, query: str | None = None) -> int:
    query = query or urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    request = urllib.request.Request(
        f"{query_url}?query={query}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return int(json.load(response)["results"]["bindings"][0]["n"]["value"])


def test_serves_the_build_and_removes_its_temporary_store():
    server = start([BUILD], port=free_port(), read_only=True)
    try:
        assert server.query_url.startswith("http://127.0.0.1:")
        assert _count(server.query_url) == 65
        location = server.location
        assert location.is_dir()
    finally:
        server.stop()
    assert not location.exists()


def test_a_kept_store_is_reused_while_the_build_is_unchanged(tmp_path):
    location = tmp_path / "store"
    prepare_store([BUILD], location)
    stamp = (location / STAMP).read_text()
    marker = location / "marker"
    marker.write_text("kept")
    prepare_store([BUILD], location)
    assert marker.exists()
    changed = tmp_path / "changed.ttl"
    changed.write_text(BUILD.read_text() + "\n<http://e.org/a> <http://e.org/b> 1 .\n")
    prepare_store([changed], location)
    assert not marker.exists()
    assert (location / STAMP).read_text() != stamp
    server = start([changed], port=free_port(), location=location)
    try:
        assert _count(server.query_url) == 66
    finally:
        server.stop()
    assert location.is_dir()


def test_a_trig_build_is_served_with_its_graphs_and_a_union_default_graph(tmp_path):
    from g60kg.graph import serialize
    from g60kg.stores.serve import default_files

    trig = serialize.write_trig(
        serialize.read_triples(BUILD), tmp_path / "g60kg.trig", BUILD.parent / "ontology"
    )
    assert default_files(tmp_path) == [trig]
    assert default_files(tmp_path / "elsewhere") == [tmp_path / "elsewhere" / "g60kg.ttl"]
    server = start([trig], port=free_port(), read_only=True)
    try:
        assert _count(server.query_url) == 65
        query = urllib.parse.quote(
            "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        )
        assert _count(server.query_url, query) == 4
    finally:
        server.stop()


def test_a_busy_port_is_one_clear_error(oxigraph_server):
    with pytest.raises(
        InputError, match=rf"could not listen on 127\.0\.0\.1:{oxigraph_server.port}"
    ):
        start([BUILD], port=oxigraph_server.port)


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.mark.parametrize("background", [False, True], ids=["foreground", "background-job"])
def test_cli_prints_the_query_url_and_stops_on_ctrl_c(background):
    # A background job of a shell starts with SIGINT ignored, and so would its server.
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    process = subprocess.Popen(
        [sys.executable, "-m", "g60kg", "serve", str(BUILD), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
        preexec_fn=_ignore_sigint if background else None,
    )
    try:
        line = process.stdout.readline()
        assert line == f"SPARQL query endpoint: http://127.0.0.1:{port}/query\n"
        assert _count(f"http://127.0.0.1:{port}/query") == 65
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        with pytest.raises(OSError):  # the server is gone too
            _count(f"http://127.0.0.1:{port}/query")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
