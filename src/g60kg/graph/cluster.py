"""Build on a Dask cluster: per-article extraction on the workers, the graph written in parts.

``g60kg build DIR --cluster ADDRESS`` (or ``local:N``) is the build past one
machine. It writes the layout of :mod:`g60kg.graph.parts` (subject-partitioned
N-Triples, the per-article named graphs as N-Quads, a manifest) instead of one
Turtle file, because the stores that hold a graph of that size bulk-load
parts side by side. The triples are those of ``g60kg build --jobs`` exactly:
each article goes through :func:`g60kg.graph.stream.article_lines`, the
function the one-machine streaming build runs, and the ontology lines are
added by the partition they fall in.

What moves where, and why (sized for a million articles, 270 million triples):

1. **The client** lists the article files (paths or fsspec URLs) and sends
   only their names to the scheduler, in batches (``MAX_BATCH``). It never
   reads an article nor a triple.
2. **Extract tasks**, one per batch of articles, read the files themselves
   (local paths on a shared disk, or ``s3://``/``gs://`` through fsspec),
   extract them, cut the lines by :func:`g60kg.graph.parts.partition_of` of
   their subject and write one sorted file per partition into a shuffle
   folder beside the output. They return a few hundred bytes: the batch's
   counts, regions and events, and which partitions they wrote. Triples go
   worker to storage, never through the scheduler, whose memory holds task
   state only.
3. **Partition tasks**, one per part, read their files from every batch,
   add the ontology lines of that partition, sort, drop duplicates (the same
   triple from two articles has one subject, so one partition sees both) and
   write ``triples/part-NNNNN.nt``. They return the part's size, count and
   SHA-256 (:func:`g60kg.graph.parts.describe_part`), from which the client
   writes the manifest. Memory per task: one partition, so the number of
   partitions grows with the corpus (:func:`default_partitions`).
4. **One quads task** assigns each triple its named graph with
   :func:`g60kg.graph.serialize.assign_graph_lines`, the function that makes
   ``g60kg.trig``, and writes ``quads/part-NNNNN.nq`` by subject, beside the
   partition tasks. It reads the whole graph into one worker, as the
   one-machine TriG does: the assignment is a closure over the whole graph
   (ownership spreads along links, so an article's spans can land in the
   shared graph through a publisher that other articles cite), which no
   single partition can decide. That task bounds the corpus at what one worker holds (tens of
   millions of triples); ``quads=False`` leaves it out for larger ones.

A task that raises (an unreachable object store, a worker's bad moment) is
retried ``RETRIES`` times; a task whose worker dies is rescheduled by Dask
(``distributed.scheduler.allowed-failures``). Every task writes its files
whole under a name of its own, so a retried task replaces what a killed one
left and the result is the same. An article that cannot be read or
extracted is not retried: its batch returns the one-line reason, which
stops the build.

Output to a local folder (on a disk all workers share) is staged and
published like every build (:func:`g60kg.graph.outputs.staged_build`): the
parts replace a previous build's outputs, or are replaced by the next,
together. An object store has no rename: the parts are written in place
under ``URL/parts/`` and ``manifest.json`` last, so a reader who finds the
manifest finds its parts.

Dask is imported only here, and this module only when ``--cluster`` is
given: importing ``distributed`` costs about a second.
"""

from __future__ import annotations

import math
import os
import pickle
import re
import shutil
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from g60kg.errors import InputError
from g60kg.graph.build import (
    ARTICLE_SUFFIXES,
    BuildResult,
    check_slugs,
    collect_articles,
    summary_result,
)
from g60kg.graph.outputs import build_lock, staged_build
from g60kg.graph.parts import (
    MANIFEST_FILE,
    N_QUADS,
    N_TRIPLES,
    PARTS_FOLDER,
    QUADS_FOLDER,
    TRIPLES_FOLDER,
    Part,
    PartsManifest,
    describe_part,
    manifest_json,
    parse_manifest,
    part_path,
    partition_of,
)
from g60kg.graph.rdf import ontology_lines
from g60kg.graph.serialize import assign_graph_lines
from g60kg.graph.stream import (
    ArticleSummary,
    Progress,
    ProgressFactory,
    article_lines,
    summarize,
    warm,
)
from g60kg.text.article import Article, article_from_bytes, read_article

if TYPE_CHECKING:
    import datetime

    from distributed import Client

INSTALL_HINT = "--cluster needs Dask distributed: pip install 'g60kg[cluster]'"
#: Seconds to wait for a scheduler that does not answer.
CONNECT_TIMEOUT = 5.0
#: Times a task that raised is run again before the build gives up.
RETRIES = 2
#: Articles per extract task at most. A batch writes a file per partition,
#: so batches of a large corpus are large (a million articles in 500 parts:
#: 1,000 batches of 1,000, half a million shuffle files of about 100 KB, not
#: millions of tiny ones); a task of 1,000 articles is 20 s of work to redo
#: after a failure. Small corpora get 16 batches per worker, to even out the end.
MAX_BATCH = 1000
#: Articles per partition by default: about 270 triples each, so a part of
#: some 540,000 triples (about 100 MB of text) that one task sorts in memory.
ARTICLES_PER_PARTITION = 2000
MAX_PARTITIONS = 4096
SHUFFLE_FOLDER = ".shuffle"

_LOCAL = re.compile(r"local:(\d+)")
_ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*://)?\[?[\w.:-]+\]?:\d{1,5}")


# --- connecting ---------------------------------------------------------------


def distributed_module() -> Any:
    """``distributed``, or the one-line way to install it."""
    try:
        import distributed
    except ImportError:
        raise InputError(INSTALL_HINT) from None
    return distributed


def check_cluster(spec: str) -> None:
    """Refuse a ``--cluster`` value that is neither ``local:N`` nor a scheduler address."""
    local = _LOCAL.fullmatch(spec)
    if local:
        if int(local.group(1)) < 1:
            raise InputError(f"--cluster {spec}: a local cluster needs at least 1 worker")
        return
    if not _ADDRESS.fullmatch(spec):
        raise InputError(
            f"--cluster {spec!r}: expected a Dask scheduler address (tcp://HOST:PORT) "
            "or local:N (N worker processes on this machine)"
        )


@contextmanager
def cluster_client(spec: str | Client) -> Iterator[Client]:
    """A client of the cluster ``spec`` names; a ``local:N`` cluster lives as long as the block.

    A ``Client`` given as ``spec`` is used as it is (and left open).
    """
    if not isinstance(spec, str):
        yield spec
        return
    check_cluster(spec)
    distributed = distributed_module()
    local = _LOCAL.fullmatch(spec)
    if local:
        with (
            local_cluster(int(local.group(1))) as cluster,
            distributed.Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = distributed.Client(spec, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError):
        raise InputError(
            f"cannot reach the Dask scheduler at {spec} within {CONNECT_TIMEOUT:g} s"
        ) from None
    with client:
        yield client


@contextmanager
def local_cluster(workers: int) -> Iterator[Any]:
    """A ``LocalCluster`` of ``workers`` (1 thread each) on 127.0.0.1 only, without dashboard.

    The workers are forked, as ``--jobs`` forks its pool: they share the
    modules this process imported, where spawned ones import them again
    (3 s less to start two workers on this machine; Dask supports the
    method, ``distributed.worker.multiprocessing-method``). The scheduler's
    HTTP endpoint (health checks) still runs, on a free loopback port rather
    than 8787, which another cluster may hold. No memory cap, as on one
    machine: Dask's default (RAM / workers) restarts the worker assigning the
    named graphs of a large corpus.
    """
    import logging

    import dask

    distributed = distributed_module()
    with (
        dask.config.set({"distributed.worker.multiprocessing-method": "fork"}),
        distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            memory_limit=0,
            silence_logs=logging.ERROR,
        ) as cluster,
    ):
        yield cluster


# --- where things are -------------------------------------------------------


def is_url(location: str) -> bool:
    """A location fsspec must open (``s3://``, ``memory://``), not a local path."""
    return "://" in location and not location.startswith("file://")


def local_path(location: str | Path) -> Path:
    """A local path, from a path or a ``file://`` URL."""
    text = str(location)
    return Path(text[len("file://") :]) if text.startswith("file://") else Path(text)


def article_sources(
    articles: Sequence[str | Path], suffixes: Sequence[str] = ARTICLE_SUFFIXES
) -> list[str]:
    """The article files ``articles`` name (files or folders, paths or URLs), folders expanded."""
    sources: list[str] = []
    for item in articles:
        text = str(item)
        if not is_url(text):
            sources += [str(path) for path in collect_articles([local_path(text)])]
            continue
        fs, path = _filesystem(text)
        if fs.isdir(path):
            found = sorted(
                name
                for name in fs.ls(path, detail=False)
                if PurePosixPath(name).suffix.lower() in suffixes
            )
            if not found:
                raise InputError(f"{text}: no .txt or .html articles in this folder")
            sources += [fs.unstrip_protocol(name) for name in found]
        elif fs.isfile(path):
            sources.append(text)
        else:
            raise InputError(f"{text}: no such file or folder")
    return sources


def _filesystem(url: str) -> tuple[Any, str]:
    import fsspec  # comes with dask

    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:
        raise InputError(f"{url}: cannot open this URL ({exc})") from None


def _put(location: str, data: bytes) -> None:
    """Write a whole file: temp + rename on a local disk, one upload to an object store."""
    if not is_url(location):
        target = local_path(location)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        return
    fs, path = _filesystem(location)
    fs.pipe_file(path, data)


def _get(location: str) -> bytes:
    if not is_url(location):
        return local_path(location).read_bytes()
    fs, path = _filesystem(location)
    return fs.cat_file(path)


# --- the tasks (run on the workers) --------------------------------------------


@dataclass(frozen=True)
class BatchResult:
    """What an extract task sends back: a merged summary, never the triples."""

    articles: int
    summary: ArticleSummary | None
    partitions: tuple[int, ...]
    bytes_written: int
    failure: str | None = None


_warmed = False


def _read(source: str, date: datetime.date | None, url: str | None) -> Article:
    if not is_url(source):
        return read_article(local_path(source), date=date, url=url)
    try:
        data = _get(source)
    except OSError as exc:
        raise InputError(f"{source}: cannot read ({exc})") from None
    return article_from_bytes(data, source, PurePosixPath(source).name, date=date, url=url)


def extract_batch(
    index: int,
    sources: Sequence[str],
    shuffle: str,
    partitions: int,
    date: datetime.date | None = None,
    url: str | None = None,
) -> BatchResult:
    """Extract a batch of articles and write their lines, one sorted file per partition."""
    global _warmed
    if not _warmed:
        warm()
        _warmed = True
    buckets: list[set[str]] = [set() for _ in range(partitions)]
    summaries = []
    for source in sources:
        try:
            article = _read(source, date, url)
            facts, lines = article_lines(article)
        except InputError as exc:
            return BatchResult(0, None, (), 0, failure=str(exc))
        except Exception as exc:  # an extractor's bug: name the article, not the worker
            reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
            return BatchResult(0, None, (), 0, failure=f"{source}: extraction failed ({reason})")
        for number, line in _partitioned(lines, partitions):
            buckets[number].add(line)
        summaries.append(summarize(facts, article.slug, len(lines)))
    written, size = [], 0
    for number, bucket in enumerate(buckets):
        if bucket:
            data = "".join(sorted(bucket)).encode("utf-8")
            _put(_shuffle_file(shuffle, number, index), data)
            written.append(number)
            size += len(data)
    return BatchResult(len(summaries), merge_summaries(summaries), tuple(written), size)


def _partitioned(lines: Sequence[str], partitions: int) -> Iterator[tuple[int, str]]:
    """Each line with its partition; sorted lines come in runs of one subject, hashed once."""
    subject, number = None, 0
    for line in lines:
        this = line[: line.index(" ")]
        if this != subject:
            subject, number = this, partition_of(this, partitions)
        yield number, line


def _shuffle_file(shuffle: str, partition: int, batch: int) -> str:
    return f"{shuffle}/p-{partition:05d}/b-{batch:06d}.nt"


def merge_summaries(summaries: Sequence[ArticleSummary]) -> ArticleSummary:
    """One summary for many articles: what the build reports, summed on the worker."""
    return ArticleSummary(
        name="",
        triples=sum(s.triples for s in summaries),
        regions=frozenset().union(*(s.regions for s in summaries)),
        events=frozenset().union(*(s.events for s in summaries)),
        observations=sum(s.observations for s in summaries),
        referenced=frozenset().union(*(s.referenced for s in summaries)),
        warnings=tuple(w for s in summaries for w in s.warnings),
    )


def partition_lines(
    partition: int, partitions: int, shuffle: str, batches: Sequence[int]
) -> list[bytes]:
    """One partition's sorted, distinct lines: its files of every batch and its ontology lines."""
    lines = {
        line.encode("utf-8")
        for line in ontology_lines()
        if partition_of(line[: line.index(" ")], partitions) == partition
    }
    for batch in batches:
        lines.update(_get(_shuffle_file(shuffle, partition, batch)).splitlines(keepends=True))
    return sorted(lines)


def write_triple_part(
    partition: int, partitions: int, shuffle: str, batches: Sequence[int], root: str
) -> Part:
    """Write one partition's lines as its part."""
    data = b"".join(partition_lines(partition, partitions, shuffle, batches))
    path = part_path(TRIPLES_FOLDER, partition)
    _put(f"{root}/{path}", data)
    return describe_part(path, [data], N_TRIPLES)


def write_quad_parts(
    partitions: int, shuffle: str, written: dict[int, list[int]], root: str
) -> list[Part]:
    """Give every triple its named graph, as ``g60kg.trig`` does; write the quads by subject.

    It reads the shuffle files, not the triple parts, so that it runs beside
    the tasks writing those.
    """
    texts: list[str] = []
    for partition in range(partitions):
        data = b"".join(partition_lines(partition, partitions, shuffle, written.get(partition, [])))
        # Each line ends in " ." (N-Triples escapes line breaks in literals).
        texts += (line[:-2] for line in data.decode("utf-8").split("\n") if line)
        del data
    buckets: list[list[str]] = [[] for _ in range(partitions)]
    for graph, lines in assign_graph_lines(texts).items():
        for number, line in _partitioned(lines, partitions):
            buckets[number].append(f"{line} <{graph}> .\n")
    parts = []
    for partition, bucket in enumerate(buckets):
        data = "".join(sorted(bucket)).encode("utf-8")
        path = part_path(QUADS_FOLDER, partition)
        _put(f"{root}/{path}", data)
        parts.append(describe_part(path, [data], N_QUADS))
    return parts


# --- the client ----------------------------------------------------------------


@dataclass(frozen=True)
class ClusterRun:
    """What a cluster build made: the manifest, the merged summary, the scheduler traffic."""

    manifest: PartsManifest
    articles: int
    summary: ArticleSummary
    #: Pickled task arguments and results between client and cluster.
    scheduler_bytes: int


def _allowed_failures() -> int:
    import dask

    return int(dask.config.get("distributed.scheduler.allowed-failures"))


def default_partitions(articles: int) -> int:
    """Parts for a corpus: about ``ARTICLES_PER_PARTITION`` articles each, at least two."""
    return max(2, min(MAX_PARTITIONS, math.ceil(articles / ARTICLES_PER_PARTITION)))


@dataclass(frozen=True)
class Job:
    """One cluster build: where it runs, what it reads, how it cuts the graph."""

    client: Client
    sources: Sequence[str]
    partitions: int
    quads: bool
    date: datetime.date | None
    url: str | None
    progress: Progress


def run(job: Job, root: str, shuffle: str) -> ClusterRun:
    """Run the extract, partition and quads tasks; the parts end up under ``root``."""
    distributed = distributed_module()
    client, sources, partitions = job.client, job.sources, job.partitions
    token = uuid.uuid4().hex[:12]
    workers = max(1, sum(client.nthreads().values()))
    size = max(1, min(MAX_BATCH, len(sources) // (workers * 16)))
    batches = [sources[start : start + size] for start in range(0, len(sources), size)]
    traffic = 0

    def submit(function: Any, *args: Any, key: str) -> Any:
        nonlocal traffic
        traffic += len(pickle.dumps(args))
        return client.submit(function, *args, key=f"{key}-{token}", retries=RETRIES, pure=False)

    def gather(future: Any) -> Any:
        nonlocal traffic
        try:
            value = future.result()
        except distributed.KilledWorker:
            allowed = client.run_on_scheduler(_allowed_failures)
            raise InputError(
                f"task {future.key}: {allowed + 1} workers died running it; gave up "
                "(distributed.scheduler.allowed-failures)"
            ) from None
        traffic += len(pickle.dumps(value))
        return value

    futures = {
        submit(
            extract_batch,
            index,
            batch,
            shuffle,
            partitions,
            job.date,
            job.url,
            key=f"extract-{index}",
        ): index
        for index, batch in enumerate(batches)
    }
    results: list[BatchResult] = []
    written: dict[int, list[int]] = {}
    try:
        for future in distributed.as_completed(futures):
            result: BatchResult = gather(future)
            if result.failure:
                raise InputError(result.failure)
            results.append(result)
            for partition in result.partitions:
                written.setdefault(partition, []).append(futures[future])
            job.progress.update(result.articles)
    except BaseException:
        client.cancel(list(futures))
        raise
    # The quads task first: the longest, it runs beside the part tasks.
    quads = (
        submit(write_quad_parts, partitions, shuffle, written, root, key="quads")
        if job.quads
        else None
    )
    triple_futures = [
        submit(write_triple_part, p, partitions, shuffle, written.get(p, []), root, key=f"part-{p}")
        for p in range(partitions)
    ]
    try:
        triple_parts = tuple(gather(future) for future in triple_futures)
        quad_parts: tuple[Part, ...] = tuple(gather(quads)) if quads is not None else ()
    except BaseException:
        client.cancel([*triple_futures, *([quads] if quads is not None else [])])
        raise
    summary = merge_summaries([r.summary for r in results if r.summary is not None])
    return ClusterRun(
        PartsManifest(partitions, triple_parts, quad_parts),
        sum(r.articles for r in results),
        summary,
        traffic,
    )


def build_on_cluster(
    articles: Sequence[str | Path],
    output: str | Path,
    cluster: str | Client,
    *,
    partitions: int | None = None,
    quads: bool = True,
    date: datetime.date | None = None,
    url: str | None = None,
    progress: ProgressFactory | None = None,
    lock_wait: float | None = None,
) -> BuildResult:
    """Build ``articles`` on ``cluster`` (``local:N``, a scheduler address, or a ``Client``).

    Writes the parts into ``output/parts/`` (a folder every worker can write,
    or an fsspec URL); see the module's docstring for what runs where.
    """
    if partitions is not None and not 1 <= partitions <= MAX_PARTITIONS:
        raise InputError(f"partitions must be 1 to {MAX_PARTITIONS}, not {partitions}")
    if isinstance(cluster, str):
        check_cluster(cluster)
    distributed_module()
    sources = article_sources(articles)
    check_slugs([PurePosixPath(source) for source in sources])
    count = partitions or default_partitions(len(sources))
    bar = progress(len(sources)) if progress else Progress()
    with cluster_client(cluster) as client:
        try:
            job = Job(client, sources, count, quads, date, url, bar)
            if is_url(str(output)):
                done = _publish_in_place(job, str(output))
                files: tuple[Path, ...] = ()
                out_dir = Path(".")
            else:
                out_dir = local_path(output)
                with build_lock(out_dir, lock_wait), staged_build(out_dir, parts=True) as stage:
                    done = _run_into(job, str(stage))
                parts = (*done.manifest.triples, *done.manifest.quads)
                files = (
                    out_dir / PARTS_FOLDER / MANIFEST_FILE,
                    *(out_dir / PARTS_FOLDER / part.path for part in parts),
                )
        finally:
            bar.close()
    return summary_result(
        files,
        done.manifest.triple_count,
        [done.summary],
        out_dir,
        articles=done.articles,
        scheduler_bytes=done.scheduler_bytes,
    )


def _run_into(job: Job, folder: str) -> ClusterRun:
    """Build into ``folder`` (a staging folder or a URL): parts, their manifest last."""
    shuffle = f"{folder}/{SHUFFLE_FOLDER}-{uuid.uuid4().hex[:12]}"
    root = f"{folder}/{PARTS_FOLDER}"
    try:
        done = run(job, root, shuffle)
    finally:
        _remove_tree(shuffle)
    _put(f"{root}/{MANIFEST_FILE}", manifest_json(done.manifest).encode("utf-8"))
    return done


def _publish_in_place(job: Job, output: str) -> ClusterRun:
    """An object store has no rename: write the parts in place, then drop the earlier extra ones."""
    output = output.rstrip("/")
    manifest_url = f"{output}/{PARTS_FOLDER}/{MANIFEST_FILE}"
    fs, manifest_path = _filesystem(manifest_url)
    previous = None
    if fs.isfile(manifest_path):
        previous = parse_manifest(_get(manifest_url).decode("utf-8"), manifest_url)
    done = _run_into(job, output)
    if previous is not None:
        keep = {part.path for part in (*done.manifest.triples, *done.manifest.quads)}
        for part in (*previous.triples, *previous.quads):
            if part.path not in keep:
                fs.rm_file(_filesystem(f"{output}/{PARTS_FOLDER}/{part.path}")[1])
    return done


def _remove_tree(location: str) -> None:
    if not is_url(location):
        shutil.rmtree(local_path(location), ignore_errors=True)
        return
    fs, path = _filesystem(location)
    if fs.exists(path):
        fs.rm(path, recursive=True)
