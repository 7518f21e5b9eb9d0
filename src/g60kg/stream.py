"""Streaming corpus build: thousands of articles in bounded memory.

The in-memory build (:mod:`g60kg.build`) puts every article into one rdflib
graph and serialises it with rdflib, whose Turtle writer needs about 30 s and
1.3 GiB for a million triples. Here each article is extracted on its own (in
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

import heapq
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from g60kg.errors import InputError
from g60kg.namespaces import PREFIXES, RDF

#: File suffixes of articles found when a folder is given.
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
#: Lines per sorted run of the external merge sort (about 60 MiB of text).
RUN_LINES = 300_000

ProgressFactory = Callable[[int], "Progress"]


class Progress:
    """A progress display; the default shows nothing."""

    def update(self, n: int = 1) -> None:
        """Count ``n`` more finished articles."""

    def close(self) -> None:
        """Finish the display."""


@dataclass(frozen=True)
class StreamResult:
    """What a streaming build wrote."""

    articles: int
    triples: int
    outputs: dict[str, Path]


def collect_articles(inputs: Sequence[Path]) -> list[Path]:
    """Expand folders to the article files inside (sorted), keep files as given.

    Raises :class:`InputError` for a missing path, a folder without articles,
    or two files whose names give the same article slug (their IRIs would
    collide in the graph).
    """
    from g60kg.text import slugify

    found: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            files = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
            )
            if not files:
                raise InputError(
                    f"{path}: folder holds no article files ({', '.join(ARTICLE_SUFFIXES)})"
                )
            found.extend(files)
        elif path.exists():
            found.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    seen: dict[str, Path] = {}
    for path in found:
        slug = slugify(path.stem)
        if slug in seen:
            raise InputError(f"{path}: same article slug {slug!r} as {seen[slug]}")
        seen[slug] = path
    return found


# --- per-article work (runs in workers) -------------------------------------


def _warm() -> None:
    """Load the gazetteer and lexicons once per worker process."""
    from g60kg.build import warm_up

    warm_up()


def _article_lines(path: Path) -> list[str]:
    """The article's triples as sorted, unique N-Triples lines (with newline)."""
    from g60kg.build import article_graph

    graph = article_graph(path)
    data = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    return sorted(set(data.splitlines(keepends=True)) - {"\n"})


def _write_article(path_str: str, out_str: str) -> tuple[str, int]:
    """Extract one article and write ``{out}/{slug}.nt``; return (file name, triples)."""
    from g60kg.text import slugify

    path = Path(path_str)
    lines = _article_lines(path)
    target = Path(out_str) / f"{slugify(path.stem)}.nt"
    _write_lines(target, lines)
    return target.name, len(lines)


def _write_lines(target: Path, lines: Iterable[str]) -> None:
    """Write a scratch file by temp + rename (no fsync: it is rebuilt if lost)."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as handle:
        handle.writelines(lines)
    os.replace(tmp, target)


# --- merging ----------------------------------------------------------------


def ontology_lines(files: Sequence[Path]) -> list[str]:
    """N-Triples lines of the ontology files, as pyoxigraph writes them."""
    import pyoxigraph as ox

    lines: set[str] = set()
    for path in files:
        try:
            quads = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
            data = ox.serialize(quads, format=ox.RdfFormat.N_TRIPLES)
        except SyntaxError as exc:
            raise InputError(f"{path}: {exc}") from None
        lines.update(data.decode("utf-8").splitlines(keepends=True))
    return sorted(lines)


def merge_sorted(sources: Sequence[Path], extra: Sequence[str], scratch: Path) -> Iterator[str]:
    """Yield the sorted, unique lines of all ``sources`` (each sorted) and ``extra``.

    Files are read in order and cut into runs of about ``RUN_LINES`` lines;
    each run is sorted (Timsort is linear on concatenated sorted files) and
    spilled to ``scratch``; the runs are then merged with a heap. Memory holds
    one run, not the corpus.
    """
    runs: list[Path] = []
    buffer: list[str] = list(extra)

    def spill() -> None:
        buffer.sort()
        run = scratch / f"run-{len(runs):05d}.nt"
        _write_lines(run, buffer)
        runs.append(run)
        buffer.clear()

    for path in sources:
        with open(path, encoding="utf-8", newline="") as handle:
            buffer.extend(handle)
        if len(buffer) >= RUN_LINES:
            spill()
    if buffer or not runs:
        spill()
    handles = [open(run, encoding="utf-8", newline="") for run in runs]  # noqa: SIM115
    try:
        previous = None
        for line in heapq.merge(*handles):
            if line != previous:
                yield line
                previous = line
    finally:
        for handle in handles:
            handle.close()
        for run in runs:
            run.unlink(missing_ok=True)


_PLAIN_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


class TurtleWriter:
    """Write sorted N-Triples lines as Turtle, one pass, constant memory.

    Only prefixed names whose local part is a plain name (letters, digits,
    ``_``, ``-``) are abbreviated; everything else stays a full ``<IRI>``, so
    no backslash escapes appear. Literals keep their N-Triples spelling (valid
    Turtle) with the datatype abbreviated.
    """

    def __init__(self, handle: IO[str], prefixes: dict[str, str] | None = None) -> None:
        self.handle = handle
        self.prefixes = dict(PREFIXES if prefixes is None else prefixes)
        # Longest namespace first, so g60r:… wins over a shorter one it extends.
        self._ordered = sorted(self.prefixes.items(), key=lambda kv: -len(kv[1]))
        self._cache: dict[str, str] = {f"<{RDF}type>": "a"}
        self._subject: str | None = None
        for prefix, ns in self.prefixes.items():
            handle.write(f"@prefix {prefix}: <{ns}> .\n")
        handle.write("\n")

    def _name(self, token: str) -> str:
        name = self._cache.get(token)
        if name is not None:
            return name
        name = token
        iri = token[1:-1]
        for prefix, ns in self._ordered:
            if iri.startswith(ns):
                local = iri[len(ns) :]
                if _PLAIN_LOCAL.match(local):
                    name = f"{prefix}:{local}"
                break
        if len(self._cache) < 100_000:
            self._cache[token] = name
        return name

    def _object(self, token: str) -> str:
        if token[0] == "<":
            return self._name(token)
        if token[-1] == ">":
            cut = token.rfind('"^^<')
            if cut > 0:
                return token[: cut + 3] + self._name(token[cut + 3 :])
        return token

    def add(self, line: str) -> None:
        """Write one N-Triples line (subjects must arrive grouped)."""
        subject, predicate, rest = line.split(" ", 2)
        obj = rest[: rest.rindex(" .")]
        if subject == self._subject:
            self.handle.write(f" ;\n    {self._name(predicate)} {self._object(obj)}")
            return
        if self._subject is not None:
            self.handle.write(" .\n\n")
        self._subject = subject
        subject_name = self._name(subject) if subject[0] == "<" else subject
        self.handle.write(f"{subject_name}\n    {self._name(predicate)} {self._object(obj)}")

    def close(self) -> None:
        """End the last statement."""
        if self._subject is not None:
            self.handle.write(" .\n")


# --- the build --------------------------------------------------------------


def _run_articles(
    articles: Sequence[Path], folder: Path, jobs: int, progress: Progress
) -> dict[str, int]:
    """Write every article's N-Triples into ``folder``; return triples per file name."""
    counts: dict[str, int] = {}
    if jobs <= 1:
        _warm()
        for path in articles:
            name, n = _write_article(str(path), str(folder))
            counts[name] = n
            progress.update()
        return counts
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork shares the parent's imported modules; spawn would re-import per worker.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_warm) as pool:
        chunk = max(1, min(64, len(articles) // (jobs * 8) or 1))
        for name, n in pool.map(
            _write_article,
            [str(p) for p in articles],
            [str(folder)] * len(articles),
            chunksize=chunk,
        ):
            counts[name] = n
            progress.update()
    return counts


def stream_build(
    inputs: Sequence[Path],
    out_dir: Path,
    *,
    jobs: int = 1,
    ontology_files: Sequence[Path] | None = None,
    progress: ProgressFactory | None = None,
) -> StreamResult:
    """Build the knowledge graph of many articles without holding it in memory.

    Writes ``{out}/articles/{slug}.nt`` per article, then ``{out}/g60kg.nt``
    and ``{out}/g60kg.ttl`` (each atomically). Returns the number of articles
    and of distinct triples written.
    """
    from g60kg.fileio import atomic_writer

    articles = collect_articles(inputs)
    if ontology_files is None:
        from g60kg.build import ontology_files as default_ontology_files

        ontology_files = default_ontology_files()
    out_dir = Path(out_dir)
    folder = out_dir / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    bar = progress(len(articles)) if progress else Progress()
    try:
        counts = _run_articles(articles, folder, jobs, bar)
    finally:
        bar.close()
    # Files of articles no longer in the input would leak into the merge.
    wanted = set(counts)
    for stale in folder.glob("*.nt"):
        if stale.name not in wanted:
            stale.unlink()
    sources = [folder / name for name in sorted(counts)]
    nt_path, ttl_path = out_dir / "g60kg.nt", out_dir / "g60kg.ttl"
    triples = 0
    with (
        tempfile.TemporaryDirectory(dir=out_dir, prefix=".merge-") as scratch,
        atomic_writer(nt_path) as nt_bin,
        atomic_writer(ttl_path) as ttl_bin,
    ):
        import io

        nt = io.TextIOWrapper(nt_bin, encoding="utf-8", newline="")
        ttl = io.TextIOWrapper(ttl_bin, encoding="utf-8", newline="")
        turtle = TurtleWriter(ttl)
        for line in merge_sorted(sources, ontology_lines(ontology_files), Path(scratch)):
            nt.write(line)
            turtle.add(line)
            triples += 1
        turtle.close()
        nt.flush()
        ttl.flush()
        nt.detach()
        ttl.detach()
    return StreamResult(len(articles), triples, {"nt": nt_path, "ttl": ttl_path})


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
