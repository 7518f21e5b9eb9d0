"""Queries sent to a SPARQL store over the SPARQL 1.1 Protocol: ``g60kg query --endpoint``.

The text the store gets is the one the local engines would run: checked by the
same guard first (:func:`g60kg.query.engine.check_safety`; an update is never
sent), ``--param`` values written as escaped N-Triples terms into a
``VALUES`` block (never the text as typed), and the project's prefixes
declared where the query uses them without declaring them (the local
engines know them already). A store preset (:mod:`g60kg.stores.presets`)
gives the query URL and what to send with it: Oxigraph is asked for the
union of all graphs, so a graph loaded per article answers as the files do.

The answer is read as it arrives: pyoxigraph's parser reads the response
through a file-like view of httpx's stream, and each row goes on before the
next bytes are read. Results are asked for as JSON, the format every store
tested writes by the W3C rules (Virtuoso's TSV quotes IRIs as strings), or,
from an Oxigraph preset, as TSV: a third of the bytes of JSON, parsed in
half the time (0.35 s against 0.65 s for 71,502 rows of six columns,
benchmarks/README.md). Whatever type the store answers with is parsed by its
Content-Type. A graph (CONSTRUCT, DESCRIBE) is asked for as N-Triples.
Virtuoso 7 answers an ASK as a one-row SELECT of ``__ASK_RETVAL``; that
answer is read as the boolean it stands for.

Failures are one line naming the URL without user info: connection refused,
authentication (401/403), no such endpoint (404), the store's own error
(4xx/5xx, with its first line), no answer within the timeout (which bounds
the connection and every wait for more bytes, 60 s by default), an answer
that is not SPARQL results. Nothing is retried: a query that failed once is
the user's to send again.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pyoxigraph

from g60kg.errors import InputError
from g60kg.namespaces import PREFIXES
from g60kg.query import sparqlscan
from g60kg.query.results import Answer
from g60kg.stores.http import (
    BasicThenDigest,
    Credentials,
    check_url,
    describe,
    first_line,
    safe_url,
)
from g60kg.stores.presets import query_endpoint

#: Seconds to wait for the store to accept the connection, and then for each part of the answer.
DEFAULT_TIMEOUT = 60.0
JSON = "application/sparql-results+json"
TSV = "text/tab-separated-values"
#: The results format asked of each preset; JSON for the rest (see the module's docstring).
RESULTS_BY_STORE = {"oxigraph": TSV}
_RESULTS_FORMATS = {
    JSON: pyoxigraph.QueryResultsFormat.JSON,
    "application/json": pyoxigraph.QueryResultsFormat.JSON,
    TSV: pyoxigraph.QueryResultsFormat.TSV,
    "application/sparql-results+xml": pyoxigraph.QueryResultsFormat.XML,
    "application/xml": pyoxigraph.QueryResultsFormat.XML,
    "text/xml": pyoxigraph.QueryResultsFormat.XML,
}
_GRAPH_FORMATS = {
    "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
    "text/plain": pyoxigraph.RdfFormat.N_TRIPLES,
    "text/turtle": pyoxigraph.RdfFormat.TURTLE,
    "application/n-quads": pyoxigraph.RdfFormat.N_QUADS,
    "application/rdf+xml": pyoxigraph.RdfFormat.RDF_XML,
}
_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_ERROR_BODY = 4096


class EndpointError(InputError):
    """The store could not be reached, refused the query or answered something else (exit 2)."""


@dataclass(frozen=True)
class Endpoint:
    """A store's query URL and how to ask it."""

    url: str
    params: tuple[tuple[str, str], ...] = ()
    results: str = JSON
    credentials: Credentials | None = None
    timeout: float = DEFAULT_TIMEOUT

    def answer(self, text: str, source: str = "<query>") -> Answer:
        """Send ``text`` (checked and bound already) and return its answer, rows as they come."""
        return _ask(self, text, source)


def endpoint(
    url: str,
    *,
    store: str | None = None,
    credentials: Credentials | None = None,
    timeout: float | None = None,
) -> Endpoint:
    """The endpoint at ``url``: a store's base URL with a ``store`` preset, else its query URL."""
    check_url(url)
    if timeout is not None and not timeout > 0:
        raise InputError(f"--timeout must be a positive number of seconds, not {timeout:g}")
    resolved = query_endpoint(url, store)
    return Endpoint(
        url=resolved.query,
        params=resolved.query_params,
        results=RESULTS_BY_STORE.get(store or "", JSON),
        credentials=credentials,
        timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
    )


def with_prefixes(text: str) -> str:
    """``text`` with the project's prefixes it uses but does not declare declared first."""
    declared = sparqlscan.declared_prefixes(text)
    used = {
        t.text.partition(":")[0] for t in sparqlscan.tokenize(text) if t.kind == "pname"
    } - declared.keys()
    lines = [f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in PREFIXES if p in used]
    return "".join(lines) + text


def _ask(target: Endpoint, text: str, source: str) -> Answer:
    form = sparqlscan.query_form(text)
    graph = form in ("CONSTRUCT", "DESCRIBE")
    url = target.url
    if target.params:
        url += ("&" if "?" in url else "?") + urllib.parse.urlencode(target.params)
    shown = safe_url(target.url)
    body = urllib.parse.urlencode({"query": with_prefixes(text)}).encode()
    headers = {
        "Accept": _GRAPH_ACCEPT if graph else f"{target.results}, {JSON};q=0.9",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    client = httpx.Client(timeout=target.timeout)
    auth = BasicThenDigest(target.credentials) if target.credentials else None
    try:
        request = client.build_request("POST", url, content=body, headers=headers)
        response = client.send(request, auth=auth or httpx.USE_CLIENT_DEFAULT, stream=True)
    except httpx.TimeoutException:
        client.close()
        raise _timed_out(shown, target.timeout) from None
    except (httpx.HTTPError, OSError) as exc:
        client.close()
        raise EndpointError(f"cannot reach {shown}: {describe(exc)}") from None
    try:
        _check_status(response, shown, source)
        media_type = response.headers.get("Content-Type", "").partition(";")[0].strip().lower()
        reader = _ResponseReader(response)
        if graph:
            fmt = _GRAPH_FORMATS.get(media_type)
            if fmt is None:
                raise _not_sparql(shown, media_type, response)
            triples = list(_parsed(pyoxigraph.parse(reader, fmt), reader, shown, fmt.name))
            _close(response, client)
            return Answer("graph", triples=[quad.triple for quad in triples])
        fmt = _RESULTS_FORMATS.get(media_type)
        if fmt is None:
            raise _not_sparql(shown, media_type, response)
        try:
            parsed = pyoxigraph.parse_query_results(reader, fmt)
        except (SyntaxError, OSError) as exc:
            raise _bad_answer(shown, fmt.name, exc, reader) from None
        if isinstance(parsed, pyoxigraph.QueryBoolean):
            _close(response, client)
            return Answer("ask", boolean=bool(parsed))
        variables = [v.value for v in parsed.variables]
        rows = _rows(parsed, reader, shown, fmt.name, response, client)
        if form == "ASK" and [v.upper() for v in variables] == ["__ASK_RETVAL"]:
            # Virtuoso 7 answers an ASK as one row of 1 or 0 in a column of this name.
            return Answer("ask", boolean=any(row[0].value not in ("0", "false") for row in rows))
        return Answer("select", variables=variables, rows=rows)
    except BaseException:
        _close(response, client)
        raise


def _close(response: httpx.Response, client: httpx.Client) -> None:
    response.close()
    client.close()


def _rows(
    parsed: Any,
    reader: _ResponseReader,
    shown: str,
    fmt: str,
    response: httpx.Response,
    client: httpx.Client,
) -> Iterator[tuple[Any, ...]]:
    try:
        for solution in _parsed(parsed, reader, shown, fmt):
            yield tuple(solution)
    finally:
        _close(response, client)


def _parsed(items: Any, reader: _ResponseReader, shown: str, fmt: str) -> Iterator[Any]:
    """``items`` as they are parsed, a broken stream or a malformed answer said in one line."""
    try:
        yield from items
    except (SyntaxError, OSError, ValueError) as exc:
        raise _bad_answer(shown, fmt, exc, reader) from None


def _check_status(response: httpx.Response, shown: str, source: str) -> None:
    status, reason = response.status_code, response.reason_phrase
    if 200 <= status < 300:
        return
    detail = first_line(_head(response))
    if status in (401, 403):
        raise EndpointError(f"authentication failed at {shown} (HTTP {status} {reason})")
    if status == 404:
        raise EndpointError(f"no such endpoint: {shown} (HTTP 404)")
    if status == 400:
        raise EndpointError(
            f"{source}: the store refused the query at {shown} (HTTP 400)"
            + (f": {detail}" if detail else "")
        )
    raise EndpointError(
        f"store answered HTTP {status} {reason} at {shown}" + (f": {detail}" if detail else "")
    )


def _head(response: httpx.Response) -> bytes:
    """The first few kilobytes of a response body (an error page can be large)."""
    data = b""
    try:
        for chunk in response.iter_bytes():
            data += chunk
            if len(data) >= _ERROR_BODY:
                break
    except httpx.HTTPError:
        pass
    return data[:_ERROR_BODY]


def _not_sparql(shown: str, media_type: str, response: httpx.Response) -> EndpointError:
    detail = first_line(_head(response))
    return EndpointError(
        f"{shown} did not answer with SPARQL results (Content-Type: {media_type or 'none'})"
        + (f": {detail}" if detail else "")
        + "; is this the store's query endpoint?"
    )


def _timed_out(shown: str, timeout: float) -> EndpointError:
    return EndpointError(
        f"no answer from {shown} within {timeout:g} s (raise --timeout for a slow store)"
    )


def _bad_answer(shown: str, fmt: str, exc: BaseException, reader: _ResponseReader) -> EndpointError:
    if reader.error is not None:  # the connection failed under the parser
        if isinstance(reader.error, httpx.TimeoutException):
            return _timed_out(shown, reader.timeout)
        return EndpointError(f"the answer from {shown} broke off: {describe(reader.error)}")
    message = (str(exc).splitlines() or [type(exc).__name__])[0]
    return EndpointError(f"{shown} sent an answer that is not valid {fmt}: {message}")


class _ResponseReader:
    """A binary file's ``read`` over a streamed httpx response, for pyoxigraph's parsers.

    An error of the connection is kept and raised as an OSError, which the
    parsers pass on, so the message can say what happened.
    """

    def __init__(self, response: httpx.Response) -> None:
        self._chunks = response.iter_bytes()
        self._buffer = b""
        self._at = 0
        self.error: BaseException | None = None
        timeout = response.request.extensions.get("timeout", {})
        self.timeout = float(timeout.get("read") or DEFAULT_TIMEOUT)

    def read(self, size: int = -1) -> bytes:
        try:
            while size < 0 or len(self._buffer) - self._at < size:
                chunk = next(self._chunks, None)
                if chunk is None:
                    break
                self._buffer = self._buffer[self._at :] + chunk
                self._at = 0
        except (httpx.HTTPError, OSError) as exc:
            self.error = exc
            raise OSError(str(exc)) from exc
        end = len(self._buffer) if size < 0 else min(len(self._buffer), self._at + size)
        data = self._buffer[self._at : end]
        self._at = end
        return data

    def readable(self) -> bool:
        return True
