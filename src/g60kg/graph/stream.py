"""How a corpus is built without holding it in memory (the streaming strategy of a build).

:func:`g60kg.graph.build.build` is the entry point; from ``STREAM_FROM``
articles on, or with ``jobs``, it hands over to :func:`run_articles` and
:func:`write_merged` here. Each article is extracted on its own (in one
process or a ``ProcessPoolExecutor`` whose workers load the gazetteer and
lexicon once), its triples are written as sorted N-Triples to
``{out}/articles/{slug}.nt`` as soon as it is done, and the merged outputs are
produced afterwards by an external merge sort of those lines. The merged
lines go through the same writers as a build held in memory
(:func:`write_lines`), so the two strategies write the same bytes.

Memory is bounded by the largest article plus one sort run (``RUN_LINES``
lines), not by the corpus. The bytes of every output are the same for any
``jobs``, because workers only write per-article files and the merge reads
them in slug order.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime
import heapq
import multiprocessing
import os
import signal
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import chain, compress, islice
from operator import ne
from pathlib import Path
from typing import IO, TYPE_CHECKING

from tqdm import tqdm

from g60kg.extract.facts import Facts
from g60kg.extract.pipeline import extract_article
from g60kg.fileio import atomic_writer
from g60kg.graph.ntriples import nt_lines
from g60kg.graph.rdf import facts_triples
from g60kg.graph.turtle import TurtleWriter
from g60kg.text.article import Article, parse_article, read_article

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

#: Lines per sorted run of the external merge sort (about 60 MiB of text).
RUN_LINES = 300_000

ProgressFactory = Callable[[int], "Progress"]


class Progress:
    """A progress display; the default shows nothing."""

    def update(self, n: int = 1) -> None:
        """Count ``n`` more finished articles."""

    def close(self) -> None:
        """Finish the display."""


# --- per-article work (runs in workers) -------------------------------------


@dataclass(frozen=True)
class ArticleSummary:
    """What one article contributed, sent back from a worker (small and picklable)."""

    name: str
    triples: int
    regions: frozenset[str]
    events: frozenset[str]
    observations: int
    referenced: frozenset[str]
    warnings: tuple[str, ...]


def warm() -> None:
    """Load the gazetteer and every lexicon once per process, before the first article.

    Extracting a two-line article touches each lazily loaded table, whatever
    the extractors call them.
    """
    extract_article(
        parse_article("Warm-up\n\nThe valley grew by 5 percent this year.", slug="warm-up")
    )


def summarize(facts: Facts, name: str, triples: int) -> ArticleSummary:
    """What the build reports about one article's facts."""
    referenced = {m.iri for m in facts.mentions} | {e.iri for e in facts.events}
    referenced |= {o.iri for o in (facts.publisher, facts.distributor) if o is not None}
    return ArticleSummary(
        name=name,
        triples=triples,
        regions=frozenset(facts.regions),
        events=frozenset(e.iri for e in facts.events),
        observations=len(facts.observations),
        referenced=frozenset(referenced),
        warnings=tuple(facts.warnings),
    )


def article_lines(article: Article) -> tuple[Facts, list[str]]:
    """One article's facts and its sorted, distinct N-Triples lines: the per-article work.

    The one function both parallel builds run per article (the process pool
    here, the Dask workers of :mod:`g60kg.graph.cluster`), so they cannot drift.
    """
    facts = extract_article(article)
    return facts, nt_lines(facts_triples(facts))


def _write_article(
    path_str: str,
    out_str: str,
    date: datetime.date | None = None,
    url: str | None = None,
) -> ArticleSummary:
    """Extract one article and write ``{out}/{slug}.nt``; return its summary."""
    facts, lines = article_lines(read_article(Path(path_str), date=date, url=url))
    target = Path(out_str) / f"{facts.article.slug}.nt"
    _write_lines(target, lines)
    return summarize(facts, target.name, len(lines))


def _write_lines(target: Path, lines: Iterable[str]) -> None:
    """Write a scratch file by temp + rename (no fsync: it is rebuilt if lost)."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as handle:
        handle.writelines(lines)
    os.replace(tmp, target)


# --- merging ----------------------------------------------------------------


def merge_sorted(
    sources: Sequence[Path], extra: Sequence[bytes], scratch: Path
) -> Iterator[list[bytes]]:
    """Yield the sorted, unique lines of all ``sources`` (each sorted) and ``extra``, in slices.

    Files are read in order and cut into runs of about ``RUN_LINES`` lines;
    each run is sorted (Timsort is linear on concatenated sorted files),
    de-duplicated and spilled to ``scratch``; the runs are then merged. Memory
    holds one run, not the corpus. Lines are bytes: the files are UTF-8, whose
    byte order is code point order, so nothing is decoded.

    The merge copies whole slices, not lines: the runs come from articles in
    name order, so each holds long stretches (one article's spans, then its
    observations) that no other run interleaves; a binary search finds where
    the run on top stops being the smallest, and everything before that goes
    out at once.
    """
    runs: list[Path] = []
    buffer: list[bytes] = list(extra)

    def spill() -> None:
        buffer.sort()
        # Equal lines are neighbours now; keep each one whose successor differs
        # (the comparisons run in C: a set would undo the presorted order).
        unique = compress(buffer, chain(map(ne, buffer, islice(buffer, 1, None)), (True,)))
        run = scratch / f"run-{len(runs):05d}.nt"
        with open(run, "wb") as handle:
            handle.write(b"".join(unique))  # one write: writelines goes line by line
        runs.append(run)
        buffer.clear()

    for path in sources:
        with open(path, "rb") as handle:
            buffer.extend(handle)
        if len(buffer) >= RUN_LINES:
            spill()
    if buffer or not runs:
        spill()
    handles = [open(run, "rb") for run in runs]  # noqa: SIM115
    try:
        yield from _merge_runs([_chunks(handle) for handle in handles])
    finally:
        for handle in handles:
            handle.close()
        for run in runs:
            run.unlink(missing_ok=True)


#: Bytes read from a run at a time while merging.
_CHUNK_BYTES = 1 << 22


def _chunks(handle: IO[bytes]) -> Iterator[list[bytes]]:
    while chunk := handle.readlines(_CHUNK_BYTES):
        yield chunk


def _merge_runs(runs: Sequence[Iterator[list[bytes]]]) -> Iterator[list[bytes]]:
    """Merge sorted runs of unique lines into sorted slices, lines shared by runs once."""
    heap: list[tuple[bytes, int]] = []
    chunks: list[list[bytes]] = []
    positions: list[int] = []
    for index, run in enumerate(runs):
        chunk = next(run, [])
        chunks.append(chunk)
        positions.append(0)
        if chunk:
            heap.append((chunk[0], index))
    heapq.heapify(heap)
    last = None
    while heap:
        _, index = heap[0]
        chunk, start = chunks[index], positions[index]
        if len(heap) == 1:
            end = len(chunk)
        else:
            # The smallest head of the other runs: one of the root's children.
            bound = heap[1][0] if len(heap) == 2 else min(heap[1][0], heap[2][0])
            end = max(bisect.bisect_left(chunk, bound, start), start + 1)
        if chunk[start] == last:  # the same line heads two runs
            start += 1
        if start < end:
            piece = chunk[start:end]
            last = piece[-1]
            yield piece
        if end == len(chunk):
            chunk = next(runs[index], [])
            chunks[index], end = chunk, 0
        positions[index] = end
        if end < len(chunk):
            heapq.heapreplace(heap, (chunk[end], index))
        else:
            heapq.heappop(heap)


# --- the articles -----------------------------------------------------------


def run_articles(
    articles: Sequence[Path],
    folder: Path,
    *,
    jobs: int,
    progress: Progress,
    date: datetime.date | None,
    url: str | None,
) -> list[ArticleSummary]:
    """Write every article's N-Triples into ``folder``; return their summaries in order.

    Files of articles no longer in the input are removed, so they cannot leak
    into the merge.
    """
    folder.mkdir(parents=True, exist_ok=True)
    summaries: list[ArticleSummary] = []
    if jobs <= 1:
        warm()
        for path in articles:
            summaries.append(_write_article(str(path), str(folder), date, url))
            progress.update()
    else:
        # fork shares the parent's imported modules; spawn would re-import per worker.
        method = "fork" if _can_fork() else "spawn"
        context = multiprocessing.get_context(method)
        chunk = max(1, min(32, len(articles) // (jobs * 16)))
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=warm) as pool:
            for summary in pool.map(
                _write_article,
                [str(p) for p in articles],
                [str(folder)] * len(articles),
                [date] * len(articles),
                [url] * len(articles),
                chunksize=chunk,
            ):
                summaries.append(summary)
                progress.update()
    wanted = {s.name for s in summaries}
    for stale in folder.glob("*.nt"):
        if stale.name not in wanted:
            stale.unlink()
    return summaries


# --- the merged outputs -------------------------------------------------------


def write_merged(
    sources: Sequence[Path],
    ontology: Sequence[str],
    nt_path: Path | None,
    ttl_path: Path,
    *,
    jobs: int = 1,
) -> int:
    """Merge sorted per-article N-Triples files and the ``ontology`` lines into the outputs.

    The merge spills its sorted runs into a scratch folder beside the outputs;
    see :func:`write_lines` for what is written. Returns the number of
    distinct triples.
    """
    extra = [line.encode("utf-8") for line in ontology]
    with tempfile.TemporaryDirectory(dir=ttl_path.parent, prefix=".merge-") as scratch:
        return write_lines(
            merge_sorted(sources, extra, Path(scratch)), nt_path, ttl_path, jobs=jobs
        )


def write_lines(
    pieces: Iterable[list[bytes]], nt_path: Path | None, ttl_path: Path, *, jobs: int = 1
) -> int:
    """Write sorted, distinct N-Triples lines (in slices) as ``g60kg.nt`` and ``g60kg.ttl``.

    One pass writes both files (each atomically; no N-Triples when
    ``nt_path`` is None); returns the number of lines. With ``jobs`` of 2 or
    more the Turtle is written by a second process (:class:`_TurtleProcess`),
    so the merge and the Turtle each have a core: the serial tail of a
    parallel build.
    """
    triples = 0
    with contextlib.ExitStack() as files:
        ttl = files.enter_context(atomic_writer(ttl_path))
        nt = files.enter_context(atomic_writer(nt_path)) if nt_path is not None else None
        turtle = _TurtleProcess(ttl) if jobs > 1 and _can_fork() else _TurtleHere(ttl)
        try:
            for piece in pieces:
                block = b"".join(piece)
                if nt is not None:
                    nt.write(block)
                turtle.add(piece, block)
                triples += len(piece)
            turtle.close()
        except BaseException:
            turtle.abort()
            raise
    return triples


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class _TurtleHere:
    """The Turtle written in this process."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._writer = TurtleWriter(handle)

    def add(self, lines: list[bytes], block: bytes) -> None:
        self._writer.add_many(lines)

    def close(self) -> None:
        self._writer.close()

    def abort(self) -> None:
        """Nothing to stop."""


class _TurtleProcess:
    """The Turtle written by a forked child, fed the merged blocks through a pipe.

    The child writes to the parent's open temporary file (the fork shares the
    descriptor; the parent writes nothing to it), so the atomic rename stays
    the parent's. Sending a block costs far less than turning it into Turtle.
    """

    def __init__(self, handle: IO[bytes]) -> None:
        context = multiprocessing.get_context("fork")
        receive, self._send = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_turtle_child, args=(receive, handle.fileno()), daemon=True
        )
        self._process.start()
        receive.close()

    def add(self, lines: list[bytes], block: bytes) -> None:
        self._send.send_bytes(block)

    def close(self) -> None:
        self._send.send_bytes(b"")
        self._send.close()
        self._process.join()
        if self._process.exitcode != 0:
            raise RuntimeError(f"the Turtle writer process failed (exit {self._process.exitcode})")

    def abort(self) -> None:
        """Stop the child: the output it was writing is being thrown away."""
        self._process.kill()
        self._process.join()


def _turtle_child(receive: Connection, fd: int) -> None:
    # Ctrl-C reaches the whole process group; the parent stops this child itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with os.fdopen(fd, "wb", closefd=False) as out:
        writer = TurtleWriter(out)
        while block := receive.recv_bytes():
            writer.add_many(block.splitlines(keepends=True))
        writer.close()


def terminal_progress(total: int) -> Progress:
    """A tqdm bar on stderr when stderr is a terminal, nothing otherwise."""
    if not sys.stderr.isatty():
        return Progress()

    bar = tqdm(total=total, unit="article", file=sys.stderr, dynamic_ncols=True)

    class _Bar(Progress):
        def update(self, n: int = 1) -> None:
            bar.update(n)

        def close(self) -> None:
            bar.close()

    return _Bar()
