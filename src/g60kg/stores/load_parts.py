"""Load a graph in parts: every part checked, N uploads at a time, a failed part sent again alone.

Why this shape:

* A parts folder (:mod:`g60kg.graph.parts`) is how a graph too large for one
  upload stream travels: the parts are independent files, so N of them can be
  on the wire at once and the store's ingest, not one client socket, sets the
  pace.
* Every part is checked against the manifest (size and SHA-256) before
  anything is cleared: a part changed or cut short since the build is refused
  while the store still holds the previous graph.
* One clear of each target graph, then a ``POST`` per part. A ``PUT`` per part
  would leave the graph holding the last part alone; ``POST`` adds, and since
  a graph is a set, parts added in any order give the same graph.
* Retries, in two layers. Each request is retried by load.py's client
  (refused connections and 5xx answers, with its backoff). A part still
  failing after that is set aside while the others finish and is then sent
  again alone, when the store no longer has N uploads to take at once. A
  ``POST`` of N-Triples into a store with set semantics is idempotent: if the
  store wrote some of a part before it failed (a server killed half-way), the
  retry adds only what is missing, so a resent part leaves the graph exactly
  as one clean upload would. A part that fails again ends the load with one
  line naming it and the count the store then holds. Refusals (wrong
  password, wrong URL, a part the store cannot parse) end the load at once:
  sending them again would be refused again.
* A load is done when the store says so: its count of the target graph must
  equal the manifest's total (per graph with ``per_article``).

Quad parts (the per-article named graphs) are loaded with ``per_article``,
as ``load`` loads TriG: each part is split by graph into N-Triples files
(the Graph Store Protocol addresses one graph per request), every graph is
cleared first, then each part's graphs are posted. A graph may be spread
over several parts (partitioned by subject, an article's statements are),
which is why the clears come first and the parts only add.
"""

from __future__ import annotations

import concurrent.futures
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from g60kg.errors import InputError
from g60kg.graph.parts import (
    MANIFEST_FILE,
    Part,
    PartsManifest,
    parts_folder,
    read_manifest,
    verify_part,
)
from g60kg.stores.load import (
    GraphCount,
    LoadError,
    LoadResult,
    Payload,
    StoreConnection,
    refuse_default_graph,
    scratch_folder,
)


@dataclass(frozen=True)
class _Upload:
    """One part as it is sent: the N-Triples file(s) for each graph it touches."""

    part: Part
    payloads: tuple[Payload, ...]


def load_parts(
    connection: StoreConnection,
    folder: Path | str,
    *,
    jobs: int = 1,
    graph: str | None = None,
    per_article: bool = False,
    replace: bool = True,
    allow_empty: bool = False,
) -> LoadResult:
    """Load a parts folder (or a build folder's ``parts/``), ``jobs`` parts at a time.

    ``connection`` comes from :func:`g60kg.stores.load.connect` (given the same
    ``graph`` and ``per_article``) and is closed when done; its ``retries``
    count per request, and a part that still fails is sent once more alone
    (see the module's docstring). The triple parts (the whole graph) go to
    the default graph or ``graph``; with ``per_article`` the quad parts go to
    their named graphs instead. ``replace`` and ``allow_empty`` are those of
    :func:`g60kg.stores.load.load`. The result holds the store's count beside
    the manifest's for each target graph; ``resent`` names the parts sent
    again.
    """
    with connection:
        if jobs < 1:
            raise InputError(f"--jobs must be at least 1, not {jobs}")
        folder = parts_folder(folder)
        manifest = read_manifest(folder)
        chosen = _chosen_parts(folder, manifest, per_article)
        if replace and not allow_empty and not per_article and manifest.triple_count == 0:
            label = graph if graph is not None else "the default graph"
            raise InputError(
                f"{folder}: the parts hold no triples; --replace would empty {label} "
                "(give --allow-empty if that is what you want)"
            )
        with (
            scratch_folder() as workdir,
            concurrent.futures.ThreadPoolExecutor(jobs, thread_name_prefix="g60kg-load") as pool,
        ):
            # Hashing and parsing release the GIL for long stretches: check in parallel too.
            list(pool.map(lambda part: verify_part(folder, part), chosen))
            if per_article:
                split = pool.map(
                    lambda item: _split_quads(folder, *item, workdir), enumerate(chosen)
                )
                uploads = list(split)
                expected = _expected_counts(uploads)
            else:
                uploads = [
                    _Upload(part, (Payload(graph, [folder / part.path], part.statements),))
                    for part in chosen
                ]
                expected = {graph: manifest.triple_count}
            refuse_default_graph(connection.endpoints, expected)
            resent = _upload(connection, uploads, expected, replace, pool)
        found = connection.counts(expected)
    counts = [GraphCount(g, sent, found[g], exact=replace) for g, sent in expected.items()]
    return LoadResult(
        endpoints=connection.endpoints,
        protocol=connection.protocol,
        graphs=counts,
        parts=tuple(part.path for part in chosen),
        resent=tuple(resent),
    )


def _upload(
    connection: StoreConnection,
    uploads: list[_Upload],
    expected: dict[str | None, int],
    replace: bool,
    pool: concurrent.futures.ThreadPoolExecutor,
) -> list[str]:
    """Clear the target graphs (with ``replace``), send the parts; return those sent again."""
    # The first request goes alone: a store that asks for Digest authentication
    # is answered once, before the threads share the client's credentials.
    graphs = list(expected)
    if replace and graphs:
        connection.clear(graphs[0])
        list(pool.map(connection.clear, graphs[1:]))
        failed = _send_all(connection, uploads, pool)
    else:
        failed = _send_all(connection, uploads[:1], pool)
        failed += _send_all(connection, uploads[1:], pool)
    resent = []
    for upload in sorted(failed, key=lambda upload: upload.part.path):
        try:
            _send(connection, upload)
        except LoadError as again:
            raise LoadError(
                f"{upload.part.path}: not loaded, also when sent again alone ({again}); "
                + _store_state(connection, expected)
            ) from None
        resent.append(upload.part.path)
    return resent


def _chosen_parts(folder: Path, manifest: PartsManifest, per_article: bool) -> tuple[Part, ...]:
    if not per_article:
        return manifest.triples
    if not manifest.quads:
        raise InputError(
            f"{folder}: no per-article graphs here ({MANIFEST_FILE} lists no quad parts); "
            "load the triple parts without --graph-per-article"
        )
    return manifest.quads


def _split_quads(folder: Path, index: int, part: Part, workdir: Path) -> _Upload:
    """A quad part as one N-Triples file per graph, with the count of each."""
    path = folder / part.path
    graphs: dict[str | None, list[ox.Triple]] = {}
    try:
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
            name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            graphs.setdefault(name, []).append(quad.triple)
    except SyntaxError as exc:
        raise InputError(f"{path}: {exc}") from None
    statements = sum(len(triples) for triples in graphs.values())
    if statements != part.statements:
        raise InputError(
            f"{path}: holds {statements} statements, the parts manifest says {part.statements}"
        )
    payloads = []
    for number, (name, triples) in enumerate(graphs.items()):
        out = workdir / f"part-{index:05d}-graph-{number:06d}.nt"
        ox.serialize(triples, output=str(out), format=ox.RdfFormat.N_TRIPLES)
        payloads.append(Payload(name, [out], len(triples)))
    return _Upload(part, tuple(payloads))


def _expected_counts(uploads: Iterable[_Upload]) -> dict[str | None, int]:
    """Triples per target graph over all parts: the default graph first, then by IRI."""
    totals: dict[str | None, int] = {}
    for upload in uploads:
        for payload in upload.payloads:
            totals[payload.graph] = totals.get(payload.graph, 0) + payload.count
    return dict(sorted(totals.items(), key=lambda item: (item[0] is not None, item[0] or "")))


def _send(connection: StoreConnection, upload: _Upload) -> None:
    for payload in upload.payloads:
        connection.send(payload, replace=False)


def _send_all(
    connection: StoreConnection,
    uploads: list[_Upload],
    pool: concurrent.futures.ThreadPoolExecutor,
) -> list[_Upload]:
    """Send every part, as many at once as the pool has threads; return the parts that failed.

    Only failures that sending again may mend are returned; a refusal stops
    the load at once: no part starts after it (those on the wire finish).
    """
    refused = threading.Event()

    def send(upload: _Upload) -> None:
        if refused.is_set():
            return
        try:
            _send(connection, upload)
        except LoadError as exc:
            if not exc.transient:
                refused.set()
            raise
        except BaseException:
            refused.set()
            raise

    futures = {pool.submit(send, upload): upload for upload in uploads}
    failed = []
    try:
        for future in concurrent.futures.as_completed(futures):
            error = future.exception()
            if error is None:
                continue
            upload = futures[future]
            if isinstance(error, LoadError) and error.transient:
                failed.append(upload)
            elif isinstance(error, LoadError):
                raise LoadError(f"{upload.part.path}: {error}") from None
            else:
                raise error
    finally:
        for future in futures:
            future.cancel()
    return failed


def _store_state(connection: StoreConnection, expected: dict[str | None, int]) -> str:
    """What the store holds now, against the manifest, for the one-line failure."""
    try:
        found = connection.counts(expected)
    except LoadError as exc:
        return f"the store could not be counted ({exc})"
    if len(expected) == 1:
        ((graph, sent),) = expected.items()
        label = graph if graph is not None else "the default graph"
        return f"the store holds {found[graph]} triples in {label}, the parts manifest says {sent}"
    return (
        f"the store holds {sum(found.values())} triples in the {len(expected)} graphs of the "
        f"parts, the parts manifest says {sum(expected.values())}"
    )


def describe_parts(result: LoadResult) -> str:
    """One line for stderr: how many parts were sent, and which had to be sent again."""
    line = f"{len(result.parts)} parts checked against the manifest and sent"
    if result.resent:
        line += f"; sent again alone: {', '.join(result.resent)}"
    return line


__all__ = ["describe_parts", "load_parts"]
