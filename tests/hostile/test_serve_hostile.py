"""Hostile requests against `g60kg serve`: read-only, no outbound requests, same origin,
depth and weight limits, timeouts and crashes that restart oxigraph, the kept store.

Issue 13, Security 4 and 5, Data loss 4 and the serve items of Robustness. A
real oxigraph server runs behind the proxy; a sink server stands for the
outside world and must receive nothing.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from g60kg.errors import InputError
from g60kg.stores.serve import STAMP, check_address, prepare_store, start

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
BUILD = ROOT / "tests" / "data" / "publish" / "build.ttl"  # 65 triples
LINUX_SECCOMP = sys.platform == "linux" and os.uname().machine in ("x86_64", "aarch64")


# Every test here ends with the outbound sink as empty as it began.
pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("nothing_reaches_the_sink")]


class Client:
    """Plain HTTP calls to a running server; answers (status, body) whatever the status."""

    def __init__(self, server) -> None:
        self.server = server

    def call(self, path, data=None, headers=None, method=None, timeout=60.0):
        request = urllib.request.Request(
            self.server.base_url + path, data=data, headers=headers or {}, method=method
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def query(self, text, headers=None, timeout=60.0):
        form = urllib.parse.urlencode({"query": text}).encode()
        head = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/csv"}
        return self.call("/query", form, {**head, **(headers or {})}, timeout=timeout)

    def update(self, text, headers=None):
        form = urllib.parse.urlencode({"update": text}).encode()
        head = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.call("/update", form, {**head, **(headers or {})})

    def count(self) -> int:
        status, body = self.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
        assert status == 200, body
        return int(body.split()[1])


@pytest.fixture
def served():
    logs: list[str] = []
    server = start([BUILD], port=0, timeout=2, log=logs.append)
    server.logs = logs
    yield server
    server.stop()


@pytest.fixture
def writable():
    server = start([BUILD], port=0, writable=True, log=lambda _: None)
    yield server
    server.stop()


# --- read-only and without outbound requests by default ------------------------------------


def test_by_default_updates_and_graph_store_writes_are_refused(served):
    client = Client(served)
    assert client.count() == 65
    assert client.update("DROP ALL") == (
        403,
        "this server is read-only; start it with --writable\n",
    )
    for method in ("PUT", "POST", "DELETE"):
        status, _ = client.call(
            "/store?default",
            b"<http://e/a> <http://e/b> 1 .",
            {"Content-Type": "text/turtle"},
            method,
        )
        assert status == 403
    assert client.count() == 65
    assert served.bind == "127.0.0.1"


def test_service_and_load_are_refused_however_they_are_written(served, sink):
    client = Client(served)
    for text in (
        f"SELECT * {{ SERVICE <{sink.url}/sparql> {{ ?a ?b ?c }} }}",
        f"PREFIX ex: <http://e/> SELECT * {{ OPTIONAL {{ ?s ex:p\\#q ?o }} "
        f"SERVICE <{sink.url}/sparql> {{ ?a ?b ?c }} }}",
        f"SELECT * {{ \\u0053ERVICE <{sink.url}/sparql> {{ ?a ?b ?c }} }}",
        f"PREFIX : <{sink.url}/> SELECT * {{ SERVICE:sparql {{ ?a ?b ?c }} }}",
        f"SELECT * {{ ?s ?p trueSERVICE <{sink.url}/sparql> {{ ?a ?b ?c }} }}",
    ):
        status, body = client.query(text)
        assert status == 400 and body.startswith("SERVICE is refused by this server"), body
    # Also through GET, and with the query in the URL beside a form body.
    status, _ = client.call(
        "/query?" + urllib.parse.urlencode({"query": f"SELECT * {{ SERVICE <{sink.url}/s> {{}} }}"})
    )
    assert status == 400
    status, body = client.call(
        "/query?query=ASK%7B%7D",
        urllib.parse.urlencode({"query": "ASK {}"}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert (status, body) == (400, "several queries given; send one\n")


@pytest.mark.skipif(not LINUX_SECCOMP, reason="seccomp filter for Linux x86-64 and arm64 only")
def test_oxigraph_itself_cannot_connect_out(served, sink):
    """The second line: a SERVICE sent to oxigraph past the proxy reaches nothing."""
    port = served.backend.address()
    form = urllib.parse.urlencode(
        {"query": f"SELECT * {{ SERVICE <{sink.url}/sparql> {{ ?a ?b ?c }} }}"}
    ).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/query",
        form,
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        body = error.read().decode(errors="replace")
    # oxigraph has begun its answer when SERVICE fails: the error ends the body.
    assert "Permission denied" in body


def test_allow_service_lets_service_through(sink):
    server = start([BUILD], port=0, allow_service=True, log=lambda _: None)
    try:
        status, body = Client(server).query(f"SELECT * {{ SERVICE <{sink.url}/sparql> {{ }} }}")
        assert status == 200, body
        assert sink.requests.pop() == "POST /sparql"
    finally:
        server.stop()


# --- writes: only --writable, never cross-origin, never LOAD -------------------------------


def test_writable_refuses_cross_origin_writes_and_load(writable, sink):
    client = Client(writable)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    port = writable.port
    for origin, host in (
        ("http://evil.example", None),
        (f"http://evil.example:{port}", f"evil.example:{port}"),  # DNS rebinding
        ("null", None),
        (f"https://127.0.0.1:{port}", None),
    ):
        headers = {**form, "Origin": origin, **({"Host": host} if host else {})}
        status, body = client.update("DROP ALL", headers)
        assert status == 403 and body.startswith("cross-origin request refused"), (origin, body)
        status, _ = client.call(
            "/store?default", b"", {"Origin": origin, "Content-Type": "text/turtle"}, "PUT"
        )
        assert status == 403
    status, body = client.update(f"LOAD <{sink.url}/x.ttl>")
    assert status == 400 and body.startswith("LOAD is refused"), body
    assert client.count() == 65
    # The server's own page (same origin) and non-browser clients may write.
    assert client.update("DROP ALL", {"Origin": writable.base_url})[0] == 204
    assert client.count() == 0
    assert client.call(
        "/store?default", BUILD.read_bytes(), {"Content-Type": "text/turtle"}, "PUT"
    )[0] in (201, 204)
    assert client.count() == 65


def test_writable_and_read_only_together_is_an_error():
    with pytest.raises(InputError, match="contradict"):
        start([BUILD], port=0, writable=True, read_only=True)


# --- one request must not kill the server ---------------------------------------------------


def test_a_query_nested_5000_deep_is_refused_and_the_server_stays(served):
    client = Client(served)
    pid = served.process.pid
    deep = "SELECT * { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    assert client.query(deep) == (
        400,
        "the query nests brackets 5002 deep; the limit is 100 (deeper queries crash the server)\n",
    )
    chain = "SELECT * { ?s ?p ?o " + "".join(f" BIND(1 AS ?x{i})" for i in range(800)) + " }"
    status, body = client.query(chain)
    assert status == 400 and "the limit is 2000" in body
    assert client.count() == 65
    assert served.process.pid == pid and served.restarts == 0


def test_the_heaviest_queries_let_through_do_not_crash_the_server(served):
    """At the limits: 1,000 deep crashes oxigraph, 800 BINDs too; these stay below."""
    client = Client(served)
    pid = served.process.pid
    for text in (
        "SELECT * { FILTER(" + "(" * 98 + "1" + ")" * 98 + ") }",
        "SELECT * " + "{" * 100 + "}" * 100,
        "SELECT * {" + " SELECT * {" * 99 + "}" * 99 + "}",
        "SELECT * { ?s ?p " + "[ <p:q> " * 99 + "1 " + "]" * 99 + " }",
        "SELECT * { FILTER(" + "!" * 995 + "true) }",
        "SELECT * { BIND(" + "+".join(["1"] * 995) + " AS ?x) }",
        "SELECT * { ?s ?p ?o " + "".join(f" BIND(1 AS ?x{i})" for i in range(330)) + " }",
        "SELECT * { " + " UNION ".join(["{?s ?p ?o}"] * 330) + " }",
        "SELECT * { BIND(" + "(" * 90 + "+".join(["1"] * 900) + ")" * 90 + " AS ?x) }",
    ):
        status, body = client.query(text)
        assert status == 200, body[:200]
    assert served.process.pid == pid and served.restarts == 0


def test_a_crashed_oxigraph_is_restarted_and_the_log_says_so(served):
    client = Client(served)
    served.process.send_signal(signal.SIGKILL)
    deadline = time.monotonic() + 30
    while served.restarts == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert served.restarts == 1
    assert client.count() == 65
    assert served.logs == [
        "the oxigraph server died of SIGKILL: restarted the oxigraph server (restart 1)"
    ]


def test_a_query_past_the_timeout_is_stopped_and_the_core_freed(served):
    """oxigraph's own timeout does not stop an ORDER BY over a product: a restart does."""
    client = Client(served)
    runaway = served.process
    began = time.monotonic()
    status, body = client.query(
        "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?a ?d ?g ?j"
    )
    elapsed = time.monotonic() - began
    assert status == 503 and "restarted" in body, body
    assert 2 <= elapsed < 2 + 5 + 5  # timeout + grace + slack
    deadline = time.monotonic() + 30
    while served.restarts == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert served.logs == [
        "1 request still ran 2 s + 5 s after it began: restarted the oxigraph server (restart 1)"
    ]
    assert client.count() == 65
    assert runaway.poll() is not None  # the process that held a core is gone


def test_a_slow_client_is_not_a_runaway_query(served):
    """Time spent writing to a client that reads slowly does not count against the timeout."""
    import socket

    query = urllib.parse.quote("SELECT * { ?s ?p ?o . ?a ?b ?c }")  # 65 x 65 rows
    with socket.create_connection(("127.0.0.1", served.port), timeout=30) as sock:
        sock.sendall(f"GET /query?query={query} HTTP/1.0\r\nAccept: text/csv\r\n\r\n".encode())
        received = sock.recv(1000)
        time.sleep(2 + 5 + 1)  # past timeout and grace, reading nothing
        while block := sock.recv(1 << 16):
            received += block
    assert received.startswith(b"HTTP/1.0 200")
    assert served.restarts == 0


# --- start-up errors: one line -------------------------------------------------------------


def test_bad_ports_and_binds_are_one_line():
    with pytest.raises(InputError, match=r"--port 99999: a TCP port is a number from 1 to 65535"):
        check_address("127.0.0.1", 99999)
    with pytest.raises(InputError) as error:
        check_address("127.0.0.1:7879", 7878)
    assert str(error.value) == (
        "--host 127.0.0.1:7879: give the address alone (--host 127.0.0.1); "
        "the port goes in --port 7879"
    )
    with pytest.raises(InputError, match="the port goes in --port 7879"):
        check_address("[::1]:7879", 7878)
    assert check_address("[::1]", 7878) == "::1"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    for args, expected in (
        (["--port", "99999"], "--port 99999: a TCP port is a number from 1 to 65535"),
        (["--host", "127.0.0.1:7879"], "the port goes in --port 7879"),
        (["--read-only", "--writable"], "contradict"),
    ):
        result = subprocess.run(
            [sys.executable, "-m", "g60kg", "serve", str(BUILD), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert result.returncode == 2, result.stderr
        assert expected in result.stderr and result.stderr.count("\n") == 1, result.stderr


def test_serving_a_broken_file_names_file_line_and_column(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text('<http://e/a> <http://e/b> "ok" .\n<http://e/a> <http://e/b> "cut .\n')
    with pytest.raises(InputError) as error:
        start([broken], port=0)
    assert str(error.value).startswith(f"{broken}:2:")
    assert "invalid RDF" in str(error.value)


# --- Data loss 4: a kept store is the build, or it is rebuilt -------------------------------


def test_a_kept_store_changed_by_clients_is_rebuilt_before_reuse(tmp_path):
    location = tmp_path / "store"
    logs: list[str] = []
    server = start([BUILD], port=0, writable=True, location=location, log=logs.append)
    try:
        assert Client(server).update("DROP ALL")[0] == 204
        assert Client(server).count() == 0
    finally:
        server.stop()
    server = start([BUILD], port=0, location=location, log=logs.append)
    try:
        assert Client(server).count() == 65
    finally:
        server.stop()
    assert logs == [
        f"Store {location} is not the build any more (it was served --writable, so clients "
        "may have changed it): loading it afresh"
    ]
    # Changed behind our back (another tool): the count gives it away.
    import pyoxigraph

    store = pyoxigraph.Store(str(location))
    store.update("DELETE WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o }")
    del store
    logs.clear()
    prepare_store([BUILD], location, log=logs.append)
    assert len(logs) == 1 and "quads where the build loaded 65" in logs[0]
    assert json.loads((location / STAMP).read_text())["quads"] == 65
    logs.clear()
    prepare_store([BUILD], location, log=logs.append)
    assert logs == []  # unchanged: reused


# --- the command line ------------------------------------------------------------------------


def test_cli_announces_the_safe_defaults_and_accepts_read_only():
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    process = subprocess.Popen(
        [sys.executable, "-m", "g60kg", "serve", str(BUILD), "--port", str(port), "--read-only"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert (
            process.stdout.readline() == f"SPARQL query endpoint: http://127.0.0.1:{port}/query\n"
        )
        assert process.stderr.readline().startswith(
            "read-only, no outbound requests, queries stopped after 30 s. Stop with Ctrl-C."
        )
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
