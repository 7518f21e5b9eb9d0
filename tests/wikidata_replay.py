"""A local HTTP server that replays recorded Wikidata answers, for tests.

It serves both the Action API (``/w/api.php``, ``wbsearchentities``) and the
query service (``/sparql``, GET ``query=`` or POST ``application/sparql-query``)
from recordings in ``tests/fixtures/wikidata/``:

* ``search.json``: a list of ``{"search": text, "language": lang, "response": …}``.
* ``sparql.json``: a list of ``{"match": [substrings], "response": …}``; the
  first recording whose substrings all occur in the query answers it.

A recording may replace ``response`` with ``"behaviour"``:

* ``{"status": 429, "retry_after": "2", "times": 1}``: refuse the first
  ``times`` requests, then answer ``response``;
* ``{"hang": true}``: never answer (until the server stops), to test timeouts;
* ``{"raw": "…"}``: send this text as the body (malformed JSON).

Like a real endpoint, the SPARQL side honours a trailing ``VALUES`` block
(rdflib's SERVICE sends the outer bindings that way): recorded rows that
disagree with every outer binding on a shared variable are dropped.

Every request is logged with the time of the injectable ``clock`` (so a test
with a fake clock can count the spacing of requests without waiting), the
path, the decoded parameters and the headers. A request with no recording gets
HTTP 500 "no recording", so a missing fixture fails loudly.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

RECORDINGS = Path(__file__).parent / "fixtures" / "wikidata"


@dataclass
class Logged:
    time: float
    path: str
    params: dict[str, str]
    headers: dict[str, str]


@dataclass
class ReplayServer:
    """Start with ``with ReplayServer() as server:``; URLs in ``api_url``/``sparql_url``."""

    recordings: Path = RECORDINGS
    clock: Callable[[], float] = time.monotonic
    log: list[Logged] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.search = json.loads((self.recordings / "search.json").read_text(encoding="utf-8"))
        self.queries = json.loads((self.recordings / "sparql.json").read_text(encoding="utf-8"))
        self._served: dict[int, int] = {}
        self._stop = threading.Event()
        self._lock = threading.Lock()

    # -- lifecycle ---------------------------------------------------------------

    def __enter__(self) -> ReplayServer:
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlparse(self.path)
                replay._handle(self, url.path, {k: v[0] for k, v in parse_qs(url.query).items()})

            def do_POST(self) -> None:
                url = urlparse(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                if self.headers.get("Content-Type", "").startswith("application/sparql-query"):
                    params = {"query": body}
                else:
                    params = {k: v[0] for k, v in parse_qs(body).items()}
                replay._handle(self, url.path, params)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def api_url(self) -> str:
        return self.base + "/w/api.php"

    @property
    def sparql_url(self) -> str:
        return self.base + "/sparql"

    def requests(self, path: str | None = None) -> list[Logged]:
        return [entry for entry in self.log if path is None or entry.path == path]

    # -- answering -------------------------------------------------------------

    def _find(self, path: str, params: dict[str, str]) -> tuple[int, dict[str, Any]] | None:
        if path == "/w/api.php" and params.get("action") == "wbsearchentities":
            for index, rec in enumerate(self.search):
                if rec["search"] == params.get("search") and rec["language"] == params.get(
                    "language"
                ):
                    return index, rec
        if path == "/sparql":
            query = params.get("query", "")
            for index, rec in enumerate(self.queries):
                if all(part in query for part in rec["match"]):
                    return 10_000 + index, rec
        return None

    def _handle(self, handler: BaseHTTPRequestHandler, path: str, params: dict[str, str]) -> None:
        with self._lock:
            self.log.append(Logged(self.clock(), path, params, dict(handler.headers.items())))
            found = self._find(path, params)
            if found is not None:
                key, rec = found
                count = self._served.get(key, 0)
                self._served[key] = count + 1
        if found is None:
            return _send(handler, 500, b"no recording", "text/plain")
        behaviour = rec.get("behaviour", {})
        if behaviour.get("hang"):
            self._stop.wait(30)
            return None
        if behaviour.get("status") and count < behaviour.get("times", 1):
            handler.send_response(behaviour["status"])
            handler.send_header("Retry-After", behaviour.get("retry_after", "1"))
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return None
        if "raw" in behaviour:
            return _send(handler, 200, behaviour["raw"].encode(), "application/json")
        response = rec["response"]
        if path == "/sparql":
            response = _apply_outer_values(response, params.get("query", ""))
        content_type = (
            "application/sparql-results+json" if path == "/sparql" else "application/json"
        )
        return _send(handler, 200, json.dumps(response).encode(), content_type)


def _apply_outer_values(response: dict[str, Any], query: str) -> dict[str, Any]:
    """Keep the recorded rows compatible with the query's trailing VALUES, if any."""
    import pyoxigraph as ox

    found = re.search(r"\}\s*(VALUES\s*\([^)]*\)\s*\{.*\})\s*$", query, re.DOTALL)
    if not found:
        return response
    solutions = ox.Store().query("SELECT * WHERE {} " + found.group(1))
    variables = [v.value for v in solutions.variables]
    outer = [
        {v: _cell(term) for v in variables if (term := sol[v]) is not None} for sol in solutions
    ]

    def compatible(row: dict[str, Any]) -> bool:
        return any(
            all(_key(row[v]) == cell for v, cell in binding.items() if v in row)
            for binding in outer
        )

    rows = [row for row in response["results"]["bindings"] if compatible(row)]
    return {**response, "results": {"bindings": rows}}


def _cell(term: Any) -> tuple[str, ...]:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return ("uri", term.value)
    if isinstance(term, ox.Literal):
        return ("literal", term.value, term.language or term.datatype.value)
    return ("bnode", str(term))


def _key(cell: dict[str, str]) -> tuple[str, ...]:
    if cell["type"] == "uri":
        return ("uri", cell["value"])
    if cell["type"] in {"literal", "typed-literal"}:
        datatype = cell.get("xml:lang") or cell.get(
            "datatype", "http://www.w3.org/2001/XMLSchema#string"
        )
        return ("literal", cell["value"], datatype)
    return ("bnode", cell["value"])


def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type + "; charset=utf-8")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)
