"""Load published files into any SPARQL 1.1 store and check what landed.

Why this shape:

* The SPARQL 1.1 Graph Store Protocol is the one loading API that Oxigraph,
  Fuseki, GraphDB and Virtuoso share: ``PUT`` replaces a graph, ``POST`` adds
  to it. Stores without it (Blazegraph) get SPARQL 1.1 Update ``INSERT DATA``
  in bounded chunks, so no request grows with the corpus.
* Bodies are streamed from files, never held whole in memory: an N-Triples
  file bound for one graph goes to the socket as it is on disk; other inputs
  (Turtle, TriG, one graph per article) are split by graph into temporary
  N-Triples files first.
* A load is only done when the store says so: after loading, one ``COUNT``
  per graph must equal the number of distinct triples sent, else exit 1.
* Failures a user can act on become one line (exit 2): wrong port, wrong
  path, wrong password, a media type the store refuses. Connection refused
  and 5xx answers are retried with exponential backoff a bounded number of
  times, because stores restart and proxies hiccup. A store that accepts the
  connection and then says nothing is given ``timeout`` seconds (60 by
  default) to connect and again for each read, and is not retried: it got
  the request, and sending it again would only queue more work. The password
  is only ever put in an ``Authorization`` header; messages name URLs without
  user info.
* Loading an input that holds no triples with ``--replace`` would empty the
  target graph (a whole published graph, wiped by an empty file): refused
  unless ``allow_empty`` says that is what is wanted.

A folder of parts (a graph written in pieces for parallel loading) is
loaded by :mod:`g60kg.stores.load_parts` over the same connection
(:func:`connect`), with the same retries and count check.

HTTP goes through httpx: one connection pool per load (chunked updates reuse
their connections), bodies streamed from the files in 1 MiB blocks with
their Content-Length, Basic authentication first and Digest (RFC 7616, as
Virtuoso asks) from the first challenge on. Retries and the one-line errors
are this module's.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox

from g60kg.errors import InputError
from g60kg.graph.formats import LINE_FORMATS, format_of
from g60kg.graph.serialize import assign_graphs
from g60kg.inputs import oversized_term, regular_file
from g60kg.stores.http import Credentials, check_url
from g60kg.stores.http import describe as _describe
from g60kg.stores.http import first_line as _first_line
from g60kg.stores.http import safe_url as _safe_url
from g60kg.stores.presets import Endpoints, endpoints_for

NTRIPLES = "application/n-triples"
#: Environment variable holding the base retry delay in seconds (tests set it tiny).
BACKOFF_ENV = "G60KG_LOAD_BACKOFF"
DEFAULT_BACKOFF = 0.5
DEFAULT_RETRIES = 4
DEFAULT_CHUNK_SIZE = 10_000
#: Seconds to wait for a store to accept a connection, and then for each answer.
DEFAULT_TIMEOUT = 60.0
_BLOCK = 1 << 20


class LoadError(InputError):
    """The store could not be reached or refused the request (exit code 2).

    ``transient`` marks what sending again may mend (the store unreachable, a
    5xx answer, no answer in time), as against a refusal (authentication, a
    wrong URL or media type, data the store cannot parse), which would only
    be refused again.
    """

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


@dataclass(frozen=True)
class GraphCount:
    """What was sent to one graph and what the store then held."""

    graph: str | None  # None: the default graph
    sent: int
    found: int
    #: False after ``--append``: the graph may already have held other triples,
    #: so only ``found >= sent`` can be checked.
    exact: bool = True

    @property
    def ok(self) -> bool:
        return self.sent == self.found if self.exact else self.found >= self.sent

    @property
    def label(self) -> str:
        return self.graph if self.graph is not None else "(default graph)"


@dataclass(frozen=True)
class LoadResult:
    """The outcome of :func:`load`: one count per graph, in load order."""

    endpoints: Endpoints
    protocol: str
    graphs: list[GraphCount] = field(default_factory=list)
    #: The parts loaded, when the input was a parts folder (paths in its manifest).
    parts: tuple[str, ...] = ()
    #: Parts that failed while others were in flight and were sent again alone.
    resent: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return all(count.ok for count in self.graphs)

    @property
    def problem(self) -> str | None:
        """What is wrong with the counts, on one line; None when the store holds what was sent."""
        wrong = [count for count in self.graphs if not count.ok]
        if not wrong:
            return None
        if not self.parts:
            return "the store does not hold the triples sent"
        first = wrong[0]
        more = f" (and {len(wrong) - 1} more graphs differ)" if len(wrong) > 1 else ""
        return (
            f"the store holds {first.found} triples in {first.label}, "
            f"the parts manifest says {first.sent}{more}"
        )

    @property
    def triples_sent(self) -> int:
        return sum(count.sent for count in self.graphs)


@dataclass
class Payload:
    """The N-Triples (or other) files bound for one graph, and their distinct triple count."""

    graph: str | None
    files: list[Path]
    count: int
    media_type: str = NTRIPLES


# --------------------------------------------------------------------------- input


def _format_of(path: Path) -> ox.RdfFormat:
    fmt = format_of(path)
    if fmt not in LINE_FORMATS:
        raise InputError(
            f"{path}: cannot load files ending in {path.suffix or '(no suffix)'!r}; "
            "use .nt, .ttl, .trig or .nq"
        )
    return fmt


def _ntriples_line_key(line: bytes) -> bytes | None:
    """The triple a line of N-Triples holds, as a hashable key (None for blank/comment lines)."""
    stripped = line.strip()
    if not stripped or stripped.startswith(b"#"):
        return None
    return stripped


def _count_ntriples(paths: Iterable[Path]) -> int:
    """Distinct triples in N-Triples files, counted as distinct statement lines.

    For canonical N-Triples (what ``g60kg build`` and every pyoxigraph or
    rdflib serialiser writes) a distinct line is a distinct triple. Counting
    lines instead of parsing keeps the fast path within a fraction of the
    upload time; a syntax error is reported by the store.
    """
    seen: set[int] = set()
    for path in paths:
        with open(path, "rb") as handle:
            for line in handle:
                key = _ntriples_line_key(line)
                if key is not None:
                    seen.add(hash(key))
    return len(seen)


def _partition(store, per_article: bool, has_named_graphs: bool):  # type: ignore[no-untyped-def]
    """Map each target graph IRI (None = default) to its triples."""
    if not per_article:
        return {None: [(q.subject, q.predicate, q.object) for q in store]}
    if has_named_graphs:
        graphs: dict[str | None, list] = {}
        for quad in store:
            name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            graphs.setdefault(name, []).append((quad.subject, quad.predicate, quad.object))
        return graphs
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in store]
    return {
        name: [(t.subject, t.predicate, t.object) for t in members]
        for name, members in assign_graphs(triples).items()
    }


def _prepare(
    files: list[Path], graph: str | None, per_article: bool, workdir: Path
) -> list[Payload]:
    """Split the input into per-graph payload files with exact distinct counts."""
    for path in files:
        if not path.exists():
            raise InputError(f"{path}: no such file (run `g60kg build` first?)")
        regular_file(path)
    formats = [_format_of(path) for path in files]
    if not per_article and all(fmt == ox.RdfFormat.N_TRIPLES for fmt in formats):
        return [Payload(graph=graph, files=list(files), count=_count_ntriples(files))]

    store = ox.Store()  # in memory: deduplicates and groups by graph
    for path, fmt in zip(files, formats, strict=True):
        try:
            store.bulk_load(path=str(path), format=fmt)
        except SyntaxError as exc:
            raise InputError(f"{path}: {exc}") from None
        except MemoryError as exc:
            raise oversized_term(path, exc) or exc from None
    has_named = any(fmt.supports_datasets for fmt in formats)
    grouped = _partition(store, per_article, has_named)
    payloads = []
    for index, name in enumerate(sorted(grouped, key=lambda g: (g is not None, g or ""))):
        target = name if per_article else graph
        unique = sorted(set(grouped[name]), key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
        out = workdir / f"graph-{index:06d}.nt"
        ox.serialize(
            (ox.Triple(*t) for t in unique), output=str(out), format=ox.RdfFormat.N_TRIPLES
        )
        payloads.append(Payload(graph=target, files=[out], count=len(unique)))
    return payloads


# --------------------------------------------------------------------------- HTTP


def _with_params(url: str, params: Iterable[tuple[str, str | None]]) -> str:
    """Append query parameters; a value of None gives a bare flag (``?default``)."""
    pieces = []
    for key, value in params:
        if value is None or value == "":
            pieces.append(urllib.parse.quote(key, safe="-_"))
        else:
            pieces.append(
                f"{urllib.parse.quote(key, safe='-_')}={urllib.parse.quote(value, safe='')}"
            )
    if not pieces:
        return url
    return url + ("&" if "?" in url else "?") + "&".join(pieces)


class _Client:
    """An HTTP client for one load: retries, one-line errors, streamed bodies, no secrets shown."""

    def __init__(
        self,
        credentials: Credentials | None,
        retries: int,
        backoff: float,
        timeout: float,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.credentials = credentials
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.progress = progress
        self._http = httpx.Client(timeout=timeout)
        self._auth: httpx.Auth | None = (
            httpx.BasicAuth(credentials.user, credentials.password) if credentials else None
        )

    def __enter__(self) -> _Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.close()

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        files: list[Path] | None = None,
    ) -> bytes:
        """Send one request; return the body of a 2xx answer or raise LoadError."""
        attempt = 0
        digest_tried = False
        while True:
            try:
                response = self._send(method, url, headers, body, files, self._auth)
            except httpx.TimeoutException:
                raise LoadError(
                    f"no answer from {_safe_url(url)} within {self.timeout:g} s "
                    "(raise --timeout for a slow store)",
                    transient=True,
                ) from None
            except (httpx.TransportError, OSError) as exc:
                if attempt >= self.retries:
                    raise LoadError(
                        f"cannot reach {_safe_url(url)}: {_describe(exc)} "
                        f"(gave up after {attempt + 1} attempts)",
                        transient=True,
                    ) from None
            else:
                status, reason, answer = (
                    response.status_code,
                    response.reason_phrase,
                    response.content,
                )
                if 200 <= status < 300:
                    return answer
                if status == 401 and self.credentials is not None and not digest_tried:
                    digest_tried = True
                    digest = self._digest(method, url, response)
                    if digest is not None:
                        self._auth = digest
                        continue
                if status in (401, 403):
                    raise LoadError(
                        f"authentication failed at {_safe_url(url)} (HTTP {status} {reason})"
                    )
                if status == 404:
                    raise LoadError(f"no such endpoint: {_safe_url(url)} (HTTP 404)")
                if status == 415:
                    raise LoadError(
                        f"store refused the media type at {_safe_url(url)} (HTTP 415 {reason})"
                    )
                detail = _first_line(answer)
                if status < 500 or attempt >= self.retries:
                    raise LoadError(
                        f"store answered HTTP {status} {reason} at {_safe_url(url)}"
                        + (f": {detail}" if detail else ""),
                        transient=status >= 500,
                    )
            time.sleep(self.backoff * (2**attempt))
            attempt += 1

    def _digest(self, method: str, url: str, refused: httpx.Response) -> httpx.DigestAuth | None:
        """Digest authentication from the store's challenge, or None if it offers none.

        Virtuoso answers a wrong ``Basic`` header with a bare 401 and only
        challenges (Digest) a request without credentials: then an empty,
        unauthenticated request asks for the challenge, refused before it can
        change anything. The challenge is read once; every later request
        carries Digest from the start (with a new nonce count).
        """
        if not refused.headers.get("WWW-Authenticate", "").lower().startswith("digest"):
            try:
                refused = self._send(method, url, None, b"", None, None)
            except (httpx.HTTPError, OSError):
                return None
            if not refused.headers.get("WWW-Authenticate", "").lower().startswith("digest"):
                return None
        assert self.credentials is not None
        digest = httpx.DigestAuth(self.credentials.user, self.credentials.password)
        flow = digest.sync_auth_flow(refused.request)
        next(flow)  # the request as first sent
        with contextlib.suppress(StopIteration):
            flow.send(refused)  # reads the challenge
        return digest

    def _send(
        self,
        method: str,
        url: str,
        headers: dict[str, str] | None,
        body: bytes | None,
        files: list[Path] | None,
        auth: httpx.Auth | None,
    ) -> httpx.Response:
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise LoadError(f"not an http(s) URL: {_safe_url(url)}")
        all_headers = dict(headers or {})
        content: bytes | _FileBody | None = body
        if files is not None:
            content = _FileBody(files, self.progress)
            all_headers["Content-Length"] = str(content.length)
        request = self._http.build_request(method, url, headers=all_headers, content=content)
        response = self._http.send(request, auth=auth or httpx.USE_CLIENT_DEFAULT)
        response.read()
        return response


class _FileBody:
    """A request body read from files in blocks, as often as it is sent (Digest may resend)."""

    def __init__(self, files: list[Path], progress: Callable[[int], None] | None) -> None:
        self.files = files
        self.progress = progress
        self.length = sum(p.stat().st_size for p in files)

    def __iter__(self) -> Iterator[bytes]:
        sent = 0
        for path in self.files:
            with open(path, "rb") as handle:
                while block := handle.read(_BLOCK):
                    yield block
                    sent += len(block)
                    if self.progress is not None:
                        self.progress(sent)


# --------------------------------------------------------------------------- protocols


def _graph_params(endpoints: Endpoints, graph: str | None) -> list[tuple[str, str | None]]:
    params: list[tuple[str, str | None]] = (
        [("default", None)] if graph is None else [(endpoints.graph_param, graph)]
    )
    params.extend(endpoints.gsp_params)
    return params


def _load_gsp(client: _Client, endpoints: Endpoints, payload: Payload, replace: bool) -> None:
    assert endpoints.gsp is not None
    url = _with_params(endpoints.gsp, _graph_params(endpoints, payload.graph))
    for index, path in enumerate(payload.files):
        method = "PUT" if replace and index == 0 else "POST"
        client.request(method, url, headers={"Content-Type": payload.media_type}, files=[path])


def _graph_ref(graph: str | None) -> str:
    return "DEFAULT" if graph is None else f"GRAPH <{graph}>"


def _load_update(
    client: _Client, endpoints: Endpoints, payload: Payload, replace: bool, chunk_size: int
) -> None:
    assert endpoints.update is not None
    if replace:
        _clear_update(client, endpoints, payload.graph)
    for chunk in _chunks(payload.files, chunk_size):
        inner = b"".join(chunk)
        if payload.graph is None:
            update = b"INSERT DATA {\n" + inner + b"}\n"
        else:
            update = f"INSERT DATA {{ GRAPH <{payload.graph}> {{\n".encode() + inner + b"} }\n"
        client.request("POST", endpoints.update, headers=_UPDATE_HEADERS, body=update)


_UPDATE_HEADERS = {"Content-Type": "application/sparql-update; charset=utf-8"}


def _clear_update(client: _Client, endpoints: Endpoints, graph: str | None) -> None:
    assert endpoints.update is not None
    client.request(
        "POST",
        endpoints.update,
        headers=_UPDATE_HEADERS,
        body=f"CLEAR SILENT {_graph_ref(graph)}".encode(),
    )


def _chunks(files: list[Path], size: int) -> Iterator[list[bytes]]:
    """Statement lines in groups of ``size``; blank nodes refused (a chunk would split them)."""
    chunk: list[bytes] = []
    for path in files:
        with open(path, "rb") as handle:
            for number, line in enumerate(handle, 1):
                key = _ntriples_line_key(line)
                if key is None:
                    continue
                if b"_:" in key and re.search(rb"(^|\s)_:", key.split(b'"', 1)[0] + b" "):
                    raise InputError(
                        f"{path}:{number}: blank node: SPARQL Update chunks would split it; "
                        "use --protocol gsp"
                    )
                chunk.append(key + b"\n")
                if len(chunk) >= size:
                    yield chunk
                    chunk = []
    if chunk:
        yield chunk


def _count_graph(client: _Client, endpoints: Endpoints, graph: str | None) -> int:
    """Triples the store holds in ``graph`` (None: the default graph alone)."""
    if graph is not None:
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    elif endpoints.default_graph_from:
        query = (
            f"SELECT (COUNT(*) AS ?n) FROM <{endpoints.default_graph_from}> WHERE {{ ?s ?p ?o }}"
        )
    else:
        query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    bindings = _select(client, endpoints, query)
    try:
        return int(bindings[0]["n"]["value"]) if bindings else 0
    except (ValueError, KeyError, TypeError):
        raise _not_a_count(endpoints) from None


def _count_named_graphs(client: _Client, endpoints: Endpoints) -> dict[str, int]:
    """Triples per named graph, in one grouped query instead of one query per graph."""
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    try:
        return {
            row["g"]["value"]: int(row["n"]["value"]) for row in _select(client, endpoints, query)
        }
    except (ValueError, KeyError, TypeError):
        raise _not_a_count(endpoints) from None


def _select(client: _Client, endpoints: Endpoints, query: str) -> list[dict]:
    answer = client.request(
        "POST",
        endpoints.query,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        },
        body=urllib.parse.urlencode({"query": query}).encode(),
    )
    try:
        bindings = json.loads(answer)["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        raise _not_a_count(endpoints) from None
    if not isinstance(bindings, list):
        raise _not_a_count(endpoints)
    return bindings


def _not_a_count(endpoints: Endpoints) -> LoadError:
    return LoadError(
        f"{_safe_url(endpoints.query)} did not answer a COUNT query with SPARQL JSON results"
    )


@dataclass
class StoreConnection:
    """The store a load talks to: its endpoints, the protocol, one HTTP client.

    Made by :func:`connect`. The threads of a parts load share it: httpx's
    client is safe to share and pools their connections, so parallel uploads
    need no second client (nor second retry and error policy).
    """

    endpoints: Endpoints
    protocol: str
    client: _Client
    chunk_size: int = DEFAULT_CHUNK_SIZE

    def __enter__(self) -> StoreConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.__exit__(*exc)

    def clear(self, graph: str | None) -> None:
        """Empty ``graph``: a Graph Store ``PUT`` of nothing, or ``CLEAR SILENT``."""
        if self.protocol == "gsp":
            assert self.endpoints.gsp is not None
            url = _with_params(self.endpoints.gsp, _graph_params(self.endpoints, graph))
            self.client.request("PUT", url, headers={"Content-Type": NTRIPLES}, body=b"")
        else:
            _clear_update(self.client, self.endpoints, graph)

    def send(self, payload: Payload, replace: bool) -> None:
        """Send one payload: replacing its graph (``PUT``/``CLEAR``) or adding to it."""
        if self.protocol == "gsp":
            _load_gsp(self.client, self.endpoints, payload, replace)
        else:
            _load_update(self.client, self.endpoints, payload, replace, self.chunk_size)

    def count(self, graph: str | None) -> int:
        """Triples the store holds in ``graph`` (None: the default graph)."""
        return _count_graph(self.client, self.endpoints, graph)

    def counts(self, graphs: Iterable[str | None]) -> dict[str | None, int]:
        """Triples the store holds in each of ``graphs``; named graphs in one query."""
        graphs = list(graphs)
        named = _count_named_graphs(self.client, self.endpoints) if any(graphs) else {}
        return {g: named.get(g, 0) if g is not None else self.count(None) for g in graphs}


# --------------------------------------------------------------------------- entry point


@contextmanager
def scratch_folder() -> Iterator[Path]:
    """A temporary folder for the files a load splits its input into, removed after."""
    path = Path(tempfile.mkdtemp(prefix="g60kg-load-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def backoff_from_env() -> float:
    """The base retry delay: ``$G60KG_LOAD_BACKOFF`` seconds, else 0.5 s."""
    raw = os.environ.get(BACKOFF_ENV)
    if not raw:
        return DEFAULT_BACKOFF
    try:
        return max(0.0, float(raw))
    except ValueError:
        raise InputError(f"{BACKOFF_ENV}={raw!r} is not a number of seconds") from None


def connect(
    endpoint: str,
    *,
    store: str | None = None,
    graph: str | None = None,
    per_article: bool = False,
    credentials: Credentials | None = None,
    protocol: str | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    query_endpoint: str | None = None,
    retries: int = DEFAULT_RETRIES,
    backoff: float | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Callable[[int], None] | None = None,
) -> StoreConnection:
    """Check a load's options and find the store's endpoints; nothing is sent yet.

    The options are those of :func:`load`; a one-line InputError names the
    first that cannot work.
    """
    if graph is not None and per_article:
        raise InputError("--graph and --graph-per-article exclude each other")
    if chunk_size < 1:
        raise InputError(f"--chunk-size must be at least 1, not {chunk_size}")
    if not timeout > 0:
        raise InputError(f"--timeout must be a positive number of seconds, not {timeout:g}")
    check_url(endpoint)
    if query_endpoint is not None:
        check_url(query_endpoint, "--query-endpoint")
    if graph is not None and not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*", graph):
        raise InputError(f"--graph {graph!r} is not an absolute IRI")
    endpoints = endpoints_for(
        endpoint,
        store=store,
        protocol=protocol or "gsp",
        query_endpoint=query_endpoint,
        authenticated=credentials is not None,
    )
    if protocol is None:
        protocol = "gsp" if endpoints.gsp is not None else "update"
    if protocol == "gsp" and endpoints.gsp is None:
        raise InputError(
            f"{endpoints.store or 'this store'} has no Graph Store Protocol endpoint; "
            "use --protocol update"
        )
    if protocol == "update" and endpoints.update is None:
        raise InputError("no SPARQL Update endpoint known for this store; use --protocol gsp")
    if endpoints.named_graph_required and graph is None and not per_article:
        raise InputError(
            f"{endpoints.store} has no separate default graph: give --graph IRI or "
            "--graph-per-article"
        )
    client = _Client(
        credentials,
        retries=retries,
        backoff=backoff_from_env() if backoff is None else backoff,
        timeout=timeout,
        progress=progress,
    )
    return StoreConnection(endpoints, protocol, client, chunk_size)


def refuse_default_graph(endpoints: Endpoints, graphs: Iterable[str | None]) -> None:
    """An InputError when a store without a default graph would be sent triples for it."""
    if endpoints.named_graph_required and any(g is None for g in graphs):
        raise InputError(
            f"{endpoints.store} has no separate default graph, but the input has triples "
            "outside any named graph"
        )


def load(
    files: list[Path],
    endpoint: str,
    *,
    store: str | None = None,
    graph: str | None = None,
    per_article: bool = False,
    replace: bool = True,
    credentials: Credentials | None = None,
    protocol: str | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    query_endpoint: str | None = None,
    retries: int = DEFAULT_RETRIES,
    backoff: float | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Callable[[int], None] | None = None,
    allow_empty: bool = False,
) -> LoadResult:
    """Load ``files`` into the store at ``endpoint``, then count each graph there.

    ``protocol`` is ``"gsp"`` (Graph Store Protocol) or ``"update"`` (SPARQL
    Update ``INSERT DATA`` in chunks of ``chunk_size`` triples); by default
    the store preset decides (the Graph Store Protocol where there is one).
    ``replace`` empties each target graph first, so loading twice leaves the
    same store; an input without triples is refused then (it would empty
    the graph) unless ``allow_empty``. ``timeout`` bounds the wait for a
    connection and for each answer, in seconds. ``progress`` is called with
    the bytes sent of the current request body (for progress bars, and for
    tests that crash the store).
    """
    connection = connect(
        endpoint,
        store=store,
        graph=graph,
        per_article=per_article,
        credentials=credentials,
        protocol=protocol,
        chunk_size=chunk_size,
        query_endpoint=query_endpoint,
        retries=retries,
        backoff=backoff,
        timeout=timeout,
        progress=progress,
    )
    return load_into(
        connection,
        files,
        graph=graph,
        per_article=per_article,
        replace=replace,
        allow_empty=allow_empty,
    )


def load_into(
    connection: StoreConnection,
    files: list[Path],
    *,
    graph: str | None = None,
    per_article: bool = False,
    replace: bool = True,
    allow_empty: bool = False,
) -> LoadResult:
    """:func:`load` over a connection made by :func:`connect` (with the same ``graph``
    and ``per_article``), which it closes when done."""
    counts = []
    with connection, scratch_folder() as workdir:
        payloads = _prepare([Path(f) for f in files], graph, per_article, workdir)
        if replace and not allow_empty:
            _refuse_emptying(files, payloads, per_article)
        refuse_default_graph(connection.endpoints, (p.graph for p in payloads))
        for payload in payloads:
            connection.send(payload, replace)
        for payload in payloads:
            found = connection.count(payload.graph)
            counts.append(
                GraphCount(graph=payload.graph, sent=payload.count, found=found, exact=replace)
            )
    return LoadResult(endpoints=connection.endpoints, protocol=connection.protocol, graphs=counts)


def _refuse_emptying(files: list[Path], payloads: list[Payload], per_article: bool) -> None:
    """An InputError when replacing would leave a target graph empty.

    One graph per article takes its graphs from the data, so an empty input
    there names no graph and replaces none.
    """
    empty = [p for p in payloads if p.count == 0]
    if not empty:
        return
    label = empty[0].graph if empty[0].graph is not None else "the default graph"
    named = ", ".join(str(f) for f in files)
    raise InputError(
        f"{named}: no triples to load; --replace would empty {label} "
        "(give --allow-empty if that is what you want)"
    )


def format_result(result: LoadResult) -> str:
    """The table ``g60kg load`` prints: graph, triples sent, triples found."""
    width = max([len("graph")] + [len(c.label) for c in result.graphs])
    lines = [f"{'graph':<{width}}  {'triples sent':>13}  {'triples found':>13}"]
    for count in result.graphs:
        flag = "" if count.ok else "  MISMATCH"
        lines.append(f"{count.label:<{width}}  {count.sent:>13}  {count.found:>13}{flag}")
    return "\n".join(lines)
