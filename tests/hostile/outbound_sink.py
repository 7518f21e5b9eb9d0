"""A local HTTP server that records every request: it must receive none.

It stands for any outside address a hostile query may try to reach (SERVICE,
LOAD, a graph to fetch). It answers as a willing endpoint would (a SPARQL JSON
result to a POST, Turtle to a GET), so an engine that reaches it succeeds
quietly: only the record shows the request went out.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

_RESULT = b'{"head":{"vars":["a"]},"results":{"bindings":[{"a":{"type":"literal","value":"x"}}]}}'
_TURTLE = b"<http://sink.example/a> <http://sink.example/b> <http://sink.example/c> .\n"


@dataclass
class Sink:
    """The sink's base URL (``http://127.0.0.1:PORT``) and the requests it saw."""

    url: str
    port: int
    requests: list[str] = field(default_factory=list)


@contextmanager
def running_sink() -> Iterator[Sink]:
    sink_box: list[Sink] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            sink_box[0].requests.append(f"{self.command} {self.path}")
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            body, kind = (
                (_RESULT, "application/sparql-results+json")
                if self.command == "POST"
                else (_TURTLE, "text/turtle")
            )
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    sink_box.append(Sink(f"http://127.0.0.1:{port}", port))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield sink_box[0]
    finally:
        server.shutdown()
        server.server_close()
