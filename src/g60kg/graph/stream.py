"""Streaming corpus build: thousands of articles in bounded memory.

The in-memory build (:mod:`g60kg.graph.build`) reads and extracts every article
before it writes anything and holds all their triples at once, then writes
pretty Turtle (:mod:`g60kg.graph.publish`); its memory grows with the corpus. Here
each article is extracted on its own (in
one process or a ``ProcessPoolExecutor`` whose workers load the gazetteer and
lexicon once), its triples are written as sorted N-Triples to
``{out}/articles/{slug}.nt`` as soon as it is done, and the merged outputs are
produced afterwards by an external merge sort of those lines:

* ``g60kg.nt``: the sorted, de-duplicated N-Triples of the ontology files plus
  every article; identical to sorting the in-memory build's N-Triples.
* ``g60kg.ttl``: the same triples as Turtle, written in one pass over the
  sorted lines (subjects in order, ``;`` between a subject's predicates,
  prefixed names where the local part is a plain name, the full IRI
  otherwise). pyoxigraph's writer would emit the triples in store order and
  escape ``/`` inside prefixed names (``g60r:region\\/shanghai``); this writer
  is deterministic by construction and about as fast.

Memory is bounded by the largest article plus one sort run (``RUN_LINES``
lines), not by the corpus. The bytes of every output are the same for any
``--jobs``, because workers only write per-article files and the merge reads
them in slug order.
"""

from __future__ import annotations

import bisect
import datetime
import heapq
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, compress, islice
from operator import ne
from pathlib import Path
from typing import IO, TYPE_CHECKING

from g60kg.errors import InputError
from g60kg.graph.publish import escape_string as _escape
from g60kg.namespaces import PREFIXES, RDF, XSD

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from g60kg.graph.build import BuildResult

#: From this many articles on, ``g60kg build`` streams even without ``--jobs``.
STREAM_FROM = 100
NT_FILE = "g60kg.nt"
#: Ontology files left out of the graph, as ``g60kg.graph.rdf.EXCLUDED_ONTOLOGY_FILES``
#: (repeated so the merge does not import rdflib; a test keeps them equal).
NOT_PUBLISHED = frozenset({"cues.ttl", "shapes.ttl"})
TTL_FILE = "g60kg.ttl"
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


def nt_term(term: object) -> str:
    """One :mod:`g60kg.graph.terms` term in N-Triples syntax (pyoxigraph's canonical bytes)."""
    from g60kg.graph.terms import BNode, Lit

    if isinstance(term, Lit):
        quoted = f'"{_escape(term.lex)}"'
        if term.lang:
            return f"{quoted}@{term.lang}"
        if term.datatype and term.datatype != f"{XSD}string":
            return f"{quoted}^^<{term.datatype}>"
        return quoted
    if isinstance(term, BNode):
        return f"_:{term}"
    return f"<{term}>"


def nt_lines(triples: Iterable[tuple]) -> list[str]:
    """Sorted, unique N-Triples lines (each ending in a newline) of ``triples``."""
    return sorted({f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in triples})


def _warm() -> None:
    """Load the gazetteer and every lexicon once per process, before the first article.

    Extracting a two-line article touches each lazily loaded table, whatever
    the extractors call them.
    """
    from g60kg.extract.pipeline import extract_article
    from g60kg.text.article import parse_article

    extract_article(
        parse_article("Warm-up\n\nThe valley grew by 5 percent this year.", slug="warm-up")
    )


def _write_article(
    path_str: str,
    out_str: str,
    date: datetime.date | None = None,
    url: str | None = None,
) -> ArticleSummary:
    """Extract one article and write ``{out}/{slug}.nt``; return its summary."""
    from g60kg.extract.pipeline import extract_article
    from g60kg.graph.rdf import facts_triples
    from g60kg.text.article import read_article

    facts = extract_article(read_article(Path(path_str), date=date, url=url))
    # The triples of the in-memory build, made by the same function.
    lines = nt_lines(facts_triples(facts))
    target = Path(out_str) / f"{facts.article.slug}.nt"
    _write_lines(target, lines)
    referenced = {m.iri for m in facts.mentions} | {e.iri for e in facts.events}
    referenced |= {o.iri for o in (facts.publisher, facts.distributor) if o is not None}
    return ArticleSummary(
        name=target.name,
        triples=len(lines),
        regions=frozenset(facts.regions),
        events=frozenset(e.iri for e in facts.events),
        observations=len(facts.observations),
        referenced=frozenset(referenced),
        warnings=tuple(facts.warnings),
    )


def _write_lines(target: Path, lines: Iterable[str]) -> None:
    """Write a scratch file by temp + rename (no fsync: it is rebuilt if lost)."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as handle:
        handle.writelines(lines)
    os.replace(tmp, target)


# --- merging ----------------------------------------------------------------


def ontology_lines() -> list[str]:
    """N-Triples lines of the published ontology files (all but the shapes).

    Parsed with pyoxigraph (a hundred times faster than rdflib here), whose
    N-Triples spell terms as :func:`nt_term` does. An ontology with blank
    nodes (OWL lists, restrictions) goes through rdflib's canonical labelling
    instead, so the merged file has the same bytes on every build.
    """
    import pyoxigraph as ox

    from g60kg.paths import ontology_dir

    lines: set[str] = set()
    for path in sorted(ontology_dir().glob("*.ttl")):
        if path.name in NOT_PUBLISHED:
            continue
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        if any(
            isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
            for t in triples
        ):
            return _canonical_ontology_lines()
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        lines.update(data.splitlines(keepends=True))
    return sorted(lines)


def _canonical_ontology_lines() -> list[str]:
    """Ontology lines with content-derived blank node labels (rdflib canonical graph)."""
    import rdflib
    from rdflib.compare import to_canonical_graph

    from g60kg.graph.rdf import iter_rdflib, ontology_triples
    from g60kg.graph.terms import from_rdflib

    graph = rdflib.Graph()
    for triple in iter_rdflib(ontology_triples()):
        graph.add(triple)
    return nt_lines(tuple(from_rdflib(t) for t in triple) for triple in to_canonical_graph(graph))


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


_PLAIN_LOCAL = re.compile(rb"[A-Za-z_][A-Za-z0-9_-]*\Z")
_RDF_TYPE = f"<{RDF}type>".encode()


class TurtleWriter:
    """Write sorted N-Triples lines (bytes) as Turtle, one pass, constant memory.

    Only prefixed names whose local part is a plain name (letters, digits,
    ``_``, ``-``) are abbreviated; everything else stays a full ``<IRI>``, so
    no backslash escapes appear. Literals keep their N-Triples spelling (valid
    Turtle) with the datatype abbreviated. This loop is the publishing cost
    of a corpus build (a microsecond a triple), hence the caches and bytes.
    """

    #: Object spellings remembered at most; the cache starts afresh when full.
    CACHE_SIZE = 200_000

    def __init__(self, handle: IO[bytes], prefixes: dict[str, str] | None = None) -> None:
        self.handle = handle
        prefixes = dict(PREFIXES if prefixes is None else prefixes)
        # A plain local name holds no "/" or "#", so its namespace ends at the
        # IRI's last "/" or "#": one dict lookup instead of a scan of prefixes.
        self._by_namespace = {
            ns.encode(): p.encode() for p, ns in prefixes.items() if ns[-1] in "/#"
        }
        # Namespaces ending otherwise are tried one by one, longest first.
        self._odd = sorted(
            ((p.encode(), ns.encode()) for p, ns in prefixes.items() if ns[-1] not in "/#"),
            key=lambda kv: -len(kv[1]),
        )
        self._predicates: dict[bytes, bytes] = {_RDF_TYPE: b"a"}
        self._objects: dict[bytes, bytes] = {}
        self._subject: bytes | None = None
        handle.write(
            "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items()).encode() + b"\n"
        )

    def _abbreviate(self, token: bytes) -> bytes:
        """``<IRI>`` as ``prefix:local`` when the local part is a plain name."""
        iri = token[1:-1]
        cut = max(iri.rfind(b"/"), iri.rfind(b"#")) + 1
        prefix = self._by_namespace.get(iri[:cut])
        if prefix is not None and _PLAIN_LOCAL.match(iri, cut):
            return prefix + b":" + iri[cut:]
        for prefix, ns in self._odd:
            if iri.startswith(ns) and _PLAIN_LOCAL.match(iri, len(ns)):
                return prefix + b":" + iri[len(ns) :]
        return token

    def _object(self, token: bytes) -> bytes:
        """An IRI or typed literal object (ends in ``>``) with its IRI abbreviated."""
        if token[0] == 0x3C:  # "<"
            return self._abbreviate(token)
        cut = token.rfind(b'"^^<') + 3
        return token[:cut] + self._abbreviate(token[cut:])

    def add(self, line: bytes) -> None:
        """Write one N-Triples line (subjects must arrive grouped)."""
        self.add_many((line,))

    def add_many(self, lines: Iterable[bytes]) -> None:
        """Write N-Triples lines (subjects grouped), one ``write`` for the lot."""
        out: list[bytes] = []
        emit = out.append
        predicates, objects = self._predicates, self._objects
        current = self._subject
        for line in lines:
            if not line.endswith(b" .\n"):
                raise ValueError(f"not a canonical N-Triples line: {line[:80]!r}")
            subject, predicate, obj = line[:-3].split(b" ", 2)
            p = predicates.get(predicate)
            if p is None:
                p = predicates[predicate] = self._abbreviate(predicate)
            if obj[-1] == 0x3E:  # ">": an IRI or a typed literal
                o = objects.get(obj)
                if o is None:
                    if len(objects) >= self.CACHE_SIZE:
                        objects.clear()
                    o = objects[obj] = self._object(obj)
            else:
                o = obj
            if subject == current:
                emit(b" ;\n    %s %s" % (p, o))
                continue
            if current is not None:
                emit(b" .\n\n")
            current = subject
            head = self._abbreviate(subject) if subject[0] == 0x3C else subject
            emit(b"%s\n    %s %s" % (head, p, o))
        self._subject = current
        self.handle.write(b"".join(out))

    def close(self) -> None:
        """End the last statement."""
        if self._subject is not None:
            self.handle.write(b" .\n")


# --- the build --------------------------------------------------------------


def _run_articles(
    articles: Sequence[Path],
    folder: Path,
    jobs: int,
    progress: Progress,
    date: datetime.date | None,
    url: str | None,
) -> list[ArticleSummary]:
    """Write every article's N-Triples into ``folder``; return their summaries in order."""
    summaries: list[ArticleSummary] = []
    if jobs <= 1:
        _warm()
        for path in articles:
            summaries.append(_write_article(str(path), str(folder), date, url))
            progress.update()
        return summaries
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork shares the parent's imported modules; spawn would re-import per worker.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    chunk = max(1, min(32, len(articles) // (jobs * 16)))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_warm) as pool:
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
    return summaries


def stream_build(
    inputs: Sequence[Path],
    out_dir: Path,
    *,
    jobs: int = 1,
    date: datetime.date | None = None,
    url: str | None = None,
    formats: Sequence[str] = ("ttl",),
    progress: ProgressFactory | None = None,
    lock_wait: float | None = None,
) -> BuildResult:
    """Build the knowledge graph of many articles without holding it in memory.

    Writes ``{out}/articles/{slug}.nt`` per article (the work folder), then
    ``{out}/g60kg.nt``, ``{out}/g60kg.ttl`` and the other ``formats`` (jsonld,
    trig, void) into a staging folder, renamed into place together at the end
    with a manifest (:func:`g60kg.graph.outputs.staged_build`): a failure while
    writing any of them leaves the previous build's merged files as they were.
    Returns the same
    summary as :func:`g60kg.graph.build.build`. Articles are read in the order given
    (folders expanded in name order); a bad article stops the build with
    InputError before any merged output is replaced. The folder is locked for
    the whole build, as :func:`g60kg.graph.build.build` locks it.
    """
    from g60kg.graph.build import collect_articles
    from g60kg.graph.outputs import build_lock

    if jobs < 1:
        raise InputError(f"--jobs must be at least 1, not {jobs}")
    articles = collect_articles(list(inputs))
    _check_slugs(articles)
    out_dir = Path(out_dir)
    # The per-article files are written from the start: hold the folder throughout.
    with build_lock(out_dir, lock_wait):
        return _stream_build(articles, out_dir, jobs, date, url, formats, progress)


def _stream_build(
    articles: list[Path],
    out_dir: Path,
    jobs: int,
    date: datetime.date | None,
    url: str | None,
    formats: Sequence[str],
    progress: ProgressFactory | None,
) -> BuildResult:
    from g60kg.extract import gazetteer
    from g60kg.graph.build import BuildResult

    folder = out_dir / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    bar = progress(len(articles)) if progress else Progress()
    try:
        summaries = _run_articles(articles, folder, jobs, bar, date, url)
    finally:
        bar.close()
    # Files of articles no longer in the input would leak into the merge.
    wanted = {s.name for s in summaries}
    for stale in folder.glob("*.nt"):
        if stale.name not in wanted:
            stale.unlink()
    sources = [folder / name for name in sorted(wanted)]
    from g60kg.graph.outputs import staged_build
    from g60kg.graph.serialize import write_formats

    # Every merged output is staged and renamed into place only once all are
    # written, so a failure in any leaves the previous build's set intact.
    with staged_build(out_dir, work_folder=True) as stage:
        triples = write_merged(sources, stage / NT_FILE, stage / TTL_FILE, jobs=jobs)
        # JSON-LD, TriG and VoID come from the staged merged Turtle (g60kg.graph.serialize):
        # they hold the whole graph in memory, so a corpus build is fastest without them.
        staged = write_formats(stage / TTL_FILE, [f for f in formats if f not in ("ttl", "nt")])
    nt_path, ttl_path = out_dir / NT_FILE, out_dir / TTL_FILE
    extra = [out_dir / path.name for path in staged]

    gaz = gazetteer.load()
    referenced = set().union(*(s.referenced for s in summaries))
    unlinked = sorted(
        iri for iri in referenced if iri not in gaz.entities or gaz[iri].same_as is None
    )
    return BuildResult(
        files=(ttl_path, nt_path, *extra),
        articles=len(summaries),
        triples=triples,
        regions=len(set().union(*(s.regions for s in summaries))),
        events=len(set().union(*(s.events for s in summaries))),
        observations=sum(s.observations for s in summaries),
        unlinked=tuple(unlinked),
        warnings=tuple(w for s in summaries for w in s.warnings),
    )


def write_merged(sources: Sequence[Path], nt_path: Path, ttl_path: Path, *, jobs: int = 1) -> int:
    """Merge sorted per-article N-Triples and the ontology into the two outputs.

    One pass over the merged lines writes both files (each atomically);
    returns the number of distinct triples. With ``jobs`` of 2 or more the
    Turtle is written by a second process (:class:`_TurtleProcess`), so the
    merge and the Turtle each have a core: the serial tail of a parallel build.
    """
    from g60kg.fileio import atomic_writer

    triples = 0
    ontology = [line.encode("utf-8") for line in ontology_lines()]
    with (
        tempfile.TemporaryDirectory(dir=nt_path.parent, prefix=".merge-") as scratch,
        atomic_writer(nt_path) as nt,
        atomic_writer(ttl_path) as ttl,
    ):
        turtle = _TurtleProcess(ttl) if jobs > 1 and _can_fork() else _TurtleHere(ttl)
        try:
            for piece in merge_sorted(sources, ontology, Path(scratch)):
                block = b"".join(piece)
                nt.write(block)
                turtle.add(piece, block)
                triples += len(piece)
            turtle.close()
        except BaseException:
            turtle.abort()
            raise
    return triples


def _can_fork() -> bool:
    import multiprocessing

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
        import multiprocessing

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
    import signal

    # Ctrl-C reaches the whole process group; the parent stops this child itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with os.fdopen(fd, "wb", closefd=False) as out:
        writer = TurtleWriter(out)
        while block := receive.recv_bytes():
            writer.add_many(block.splitlines(keepends=True))
        writer.close()


def _check_slugs(articles: Sequence[Path]) -> None:
    """Two files with one slug would write one per-article file and mix their IRIs."""
    from g60kg.text.normalize import slugify

    seen: dict[str, Path] = {}
    for path in articles:
        slug = slugify(path.stem)
        if slug in seen:
            raise InputError(f"{path}: same article slug {slug!r} as {seen[slug]}")
        seen[slug] = path


def build_any(
    inputs: Sequence[Path],
    out_dir: Path,
    *,
    jobs: int | None = None,
    date: datetime.date | None = None,
    url: str | None = None,
    formats: Sequence[str] = ("ttl",),
    progress: ProgressFactory | None = None,
    lock_wait: float | None = None,
) -> BuildResult:
    """What ``g60kg build`` runs: the in-memory build for a few articles, else streaming.

    A handful of articles gets :func:`g60kg.graph.build.build` (one rdflib graph,
    the fully pretty Turtle of :mod:`g60kg.graph.publish`); ``--jobs`` or at least
    ``STREAM_FROM`` articles get :func:`stream_build`, whose memory and time do
    not grow with rdflib's slow paths.
    """
    from g60kg.graph.build import build, collect_articles

    articles = collect_articles(list(inputs))
    if jobs is None and len(articles) < STREAM_FROM:
        return build(articles, out_dir, date=date, url=url, formats=formats, lock_wait=lock_wait)
    return stream_build(
        articles,
        out_dir,
        jobs=jobs or 1,
        date=date,
        url=url,
        formats=formats,
        progress=progress,
        lock_wait=lock_wait,
    )


def terminal_progress(total: int) -> Progress:
    """A tqdm bar on stderr when stderr is a terminal, nothing otherwise."""
    if not sys.stderr.isatty():
        return Progress()
    from tqdm import tqdm

    bar = tqdm(total=total, unit="article", file=sys.stderr, dynamic_ncols=True)

    class _Bar(Progress):
        def update(self, n: int = 1) -> None:
            bar.update(n)

        def close(self) -> None:
            bar.close()

    return _Bar()
