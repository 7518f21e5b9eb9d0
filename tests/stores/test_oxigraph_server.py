"""The oxigraph server fixture starts a real, answering server and stops it by pid."""

from __future__ import annotations

import json
import urllib.request

import pytest

pytestmark = pytest.mark.integration


def _count(server) -> int:
    query = "SELECT%20(COUNT(*)%20AS%20%3Fn)%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D"
    request = urllib.request.Request(
        f"{server.query_url}?query={query}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return int(json.load(response)["results"]["bindings"][0]["n"]["value"])


def test_server_answers_and_keeps_data_across_a_kill(oxigraph_server):
    body = b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"
    request = urllib.request.Request(
        f"{oxigraph_server.store_url}?default",
        data=body,
        method="POST",
        headers={"Content-Type": "application/n-triples"},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status in (200, 201, 204)
    assert _count(oxigraph_server) == 1
    pid = oxigraph_server.process.pid
    oxigraph_server.kill()
    assert not oxigraph_server.answers()
    oxigraph_server.start()
    assert oxigraph_server.process.pid != pid
    assert _count(oxigraph_server) == 1


def test_stop_ends_the_process(tmp_path):
    from oxigraph_server import OxigraphServer

    server = OxigraphServer(tmp_path / "store")
    server.start()
    process = server.process
    server.stop()
    assert process.returncode is not None
    assert not server.answers()
