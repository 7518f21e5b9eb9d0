"""`g60kg query --endpoint` against a scripted local server: what is sent, and every failure.

A stand-in store on 127.0.0.1 answers as told (a status, a media type, a
body, a stall) and keeps each request, so the tests see the query text, the
headers and the URL the command sent, and the one line it prints when the
store fails it.
"""

from __future__ import annotations

import base64
import contextlib
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner
from oxigraph_server import free_port

from g60kg.cli import cli

ROWS = {
    "head": {"vars": ["region", "label"]},
    "results": {
        "bindings": [
            {
                "region": {"type": "uri", "value": "https://w3id.org/g60kg/resource/region/hefei"},
                "label": {"type": "literal", "value": "Hefei", "xml:lang": "en"},
            }
        ]
    },
}


@dataclass
class Script:
    """What the stand-in answers, and what it was sent."""

    status: int = 200
    media_type: str = "application/sparql-results+json"
    body: bytes = json.dumps(ROWS).encode()
    #: Seconds to wait before the answer, and after its first half.
    delay: float = 0.0
    stall: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    #: A "user:password" the store asks for with Basic authentication.
    basic: str | None = None
    requests: list[tuple[str, dict[str, str], dict[str, list[str]]]] = field(default_factory=list)

    def query(self) -> str:
        """The query text of the last request."""
        return self.requests[-1][2]["query"][0]


@pytest.fixture
def stand_in() -> Iterator[tuple[str, Script]]:
    script = Script()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            form = urllib.parse.parse_qs(self.rfile.read(length).decode())
            script.requests.append((self.path, dict(self.headers), form))
            if script.basic is not None:
                expected = "Basic " + base64.b64encode(script.basic.encode()).decode()
                if self.headers.get("Authorization") != expected:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="store"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
            time.sleep(script.delay)
            self.send_response(script.status)
            self.send_header("Content-Type", script.media_type)
            self.send_header("Content-Length", str(len(script.body)))
            for name, value in script.headers.items():
                self.send_header(name, value)
            self.end_headers()
            half = len(script.body) // 2
            self.wfile.write(script.body[:half])
            self.wfile.flush()
            time.sleep(script.stall)
            with contextlib.suppress(OSError):  # the client gave up
                self.wfile.write(script.body[half:])

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request, client_address):
            pass  # a client that gave up on a stalled answer is what some tests make

    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", script
    finally:
        server.shutdown()
        server.server_close()


def query(*args: str):
    return CliRunner().invoke(cli, ["query", *args])


def test_rows_come_back_as_a_table_and_the_query_goes_out_as_a_form(stand_in):
    base, script = stand_in
    result = query("-e", "SELECT ?region ?label { ?region rdfs:label ?label }", "--endpoint", base)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "?region            ?label",
        "-----------------  ------",
        "g60r:region/hefei  Hefei",
    ]
    assert result.stderr == "1 row\n"
    path, headers, _ = script.requests[-1]
    assert path == "/"
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert headers["Accept"].startswith("application/sparql-results+json")
    # The store does not know the project's prefixes: the ones the query uses are declared.
    assert script.query() == (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?region ?label { ?region rdfs:label ?label }"
    )


def test_a_parameter_reaches_the_store_as_an_escaped_term_in_values(stand_in):
    base, script = stand_in
    hostile = 'x" } ; DROP ALL ; #'
    result = query("-e", "SELECT ?label { ?r rdfs:label ?label }", "--endpoint", base)
    result = query(
        "-e", "SELECT ?label { ?r rdfs:label ?label }", "--endpoint", base, "--param",
        f"label={hostile}", "--param", "r=g60r:region/hefei",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert script.query().endswith(
        "SELECT ?label { VALUES (?label ?r) { "
        '("x\\" } ; DROP ALL ; #" <https://w3id.org/g60kg/resource/region/hefei>) }'
        " ?r rdfs:label ?label }"
    )


def test_the_oxigraph_preset_asks_for_every_graph_and_tab_separated_rows(stand_in):
    base, script = stand_in
    script.media_type = "text/tab-separated-values"
    script.body = b"?n\n42\n"
    result = query("-e", "SELECT ?n {}", "--endpoint", base, "--store", "oxigraph", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == b"n\r\n42\r\n"
    path, headers, _ = script.requests[-1]
    assert path == "/query?union-default-graph="
    assert headers["Accept"] == ("text/tab-separated-values, application/sparql-results+json;q=0.9")


def test_a_user_is_asked_with_basic_authentication_and_the_password_is_never_shown(
    stand_in, monkeypatch
):
    base, script = stand_in
    script.basic = "reader:s3cret-pw"
    monkeypatch.setenv("STORE_PASSWORD", "s3cret-pw")
    args = ["-e", "SELECT * {}", "--endpoint", base, "--user", "reader"]
    result = query(*args, "--password-env", "STORE_PASSWORD")
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("STORE_PASSWORD", "wrong-pw")
    result = query(*args, "--password-env", "STORE_PASSWORD")
    assert result.exit_code == 2
    assert result.stderr == f"Error: authentication failed at {base} (HTTP 401 Unauthorized)\n"
    assert "pw" not in result.output


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (401, b"", "authentication failed at {url} (HTTP 401 Unauthorized)"),
        (403, b"", "authentication failed at {url} (HTTP 403 Forbidden)"),
        (404, b"<html><body>Not here</body></html>", "no such endpoint: {url} (HTTP 404)"),
        (
            500,
            b"out of memory\nat line 2",
            "store answered HTTP 500 Internal Server Error at {url}: out of memory",
        ),
        (
            400,
            b"Parser error: unexpected 'SELEC'",
            "<-e>: the store refused the query at {url} (HTTP 400): "
            "Parser error: unexpected 'SELEC'",
        ),
    ],
)
def test_a_store_error_is_one_line_and_exit_2(stand_in, status, body, message):
    base, script = stand_in
    script.status, script.body, script.media_type = status, body, "text/plain"
    url = f"{base}/sparql"
    result = query("-e", "SELECT * {}", "--endpoint", url)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "Error: " + message.format(url=url) + "\n"


def test_a_refused_connection_is_one_line():
    url = f"http://127.0.0.1:{free_port()}/sparql"
    result = query("-e", "SELECT * {}", "--endpoint", url)
    assert result.exit_code == 2
    assert result.stderr == f"Error: cannot reach {url}: connection refused\n"


def test_a_store_that_does_not_answer_in_time_is_given_up(stand_in):
    base, script = stand_in
    script.delay = 5
    result = query("-e", "SELECT * {}", "--endpoint", base, "--timeout", "0.5")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: no answer from {base} within 0.5 s (raise --timeout for a slow store)\n"
    )


def test_a_store_that_stalls_mid_answer_is_given_up(stand_in):
    base, script = stand_in
    script.stall = 5
    result = query("-e", "SELECT * {}", "--endpoint", base, "--timeout", "0.5", "-f", "csv")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        f"Error: no answer from {base} within 0.5 s (raise --timeout for a slow store)\n"
    )


@pytest.mark.parametrize(
    ("media_type", "body", "message"),
    [
        (
            "text/html",
            b"<html><body><h1>Welcome to the admin page</h1></body></html>",
            "{url} did not answer with SPARQL results (Content-Type: text/html): Welcome to the "
            "admin page; is this the store's query endpoint?",
        ),
        (
            "application/sparql-results+json",
            b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": 5}',
            "{url} sent an answer that is not valid SPARQL Results in JSON: ",
        ),
    ],
)
def test_an_answer_that_is_not_sparql_results_is_one_line(stand_in, media_type, body, message):
    base, script = stand_in
    script.media_type, script.body = media_type, body
    result = query("-e", "SELECT * {}", "--endpoint", base, "-f", "csv")
    assert result.exit_code == 2
    line = result.stderr.splitlines()[-1]
    assert line.startswith("Error: " + message.format(url=base))
    assert len(result.stderr.splitlines()) == 1


def test_service_and_updates_are_refused_before_anything_is_sent(stand_in):
    base, script = stand_in
    service = "SELECT * { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"
    result = query("-e", service, "--endpoint", base)
    assert result.exit_code == 2
    assert "outbound requests are refused unless --allow-service" in result.stderr
    result = query("-e", "DELETE WHERE { ?s ?p ?o }", "--endpoint", base, "--update")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: <-e>: a SPARQL Update is never sent to a store by g60kg query (--update runs on "
        "an in-memory copy of local data only); use the store's own update endpoint\n"
    )
    assert script.requests == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--endpoint", "ftp://example.org/sparql"],
            "--endpoint ftp://example.org/sparql: not an http(s) URL",
        ),
        (
            ["--endpoint", "http://127.0.0.1:1/", "--data", "x.ttl"],
            "--data and --endpoint exclude each other: query files or a store",
        ),
        (
            ["--store", "oxigraph"],
            "a store preset and a user name go with an endpoint (--endpoint URL)",
        ),
        (
            ["--endpoint", "http://127.0.0.1:1/", "--engine", "rdflib"],
            "--engine picks a local engine; with --endpoint the store answers",
        ),
    ],
)
def test_endpoint_options_that_do_not_fit_are_one_line(args, message):
    result = query("-e", "SELECT * {}", *args)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {message}\n"
