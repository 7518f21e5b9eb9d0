"""Build the knowledge graph: articles in, the published files out. The one entry point.

:func:`build` picks one of two strategies, and both write the same bytes:

* **in memory** for a handful of articles (fewer than ``STREAM_FROM``, no
  ``jobs``): every article is read and extracted before anything is
  written, so bad input (a missing, empty, binary or non-UTF-8 file) stops
  the build with an InputError and leaves the output folder untouched;
* **streaming** (:mod:`g60kg.graph.stream`) for a corpus or with ``jobs``:
  each article's triples go to ``{out}/articles/{slug}.nt`` as soon as it is
  extracted, and an external merge sort joins them, so memory does not grow
  with the corpus.

Either way the graph is the extracted data plus the ontology files
(:mod:`g60kg.graph.rdf`) as sorted, distinct N-Triples lines, which the one
Turtle writer (:mod:`g60kg.graph.turtle`) turns into ``g60kg.ttl`` in the same
pass that writes ``g60kg.nt``; the other formats are made from that Turtle
(:func:`g60kg.graph.serialize.write_formats`).

All the files of one build are written to a staging folder first and renamed
into place together at the end, with a manifest of what was written
(:func:`g60kg.graph.outputs.staged_build`): a build that fails while writing
any of them leaves the previous build's files as they were, never a new
Turtle beside an old TriG, and a build that writes fewer formats than the
last one removes the ones it did not write again. A build holds a lock on its
folder, so a second build into it waits its turn: the in-memory strategy from
the moment it publishes (nothing touches the folder before), the streaming
one throughout (its per-article files are written from the start).
"""

from __future__ import annotations

import datetime
import functools
import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from g60kg.errors import InputError
from g60kg.extract import gazetteer
from g60kg.extract.pipeline import extract_article
from g60kg.graph import stream
from g60kg.graph.formats import rdf_format, rdflib_name
from g60kg.graph.ntriples import nt_lines, triple_texts
from g60kg.graph.outputs import ARTICLES_FOLDER, FORMAT_FILES, build_lock, staged_build
from g60kg.graph.rdf import facts_triples, ontology_lines
from g60kg.graph.serialize import (
    assign_graph_lines,
    read_triples,
    trig_bytes_from_lines,
    write_formats,
)
from g60kg.graph.stream import ArticleSummary, Progress, ProgressFactory
from g60kg.paths import articles_dir
from g60kg.text.article import read_article
from g60kg.text.normalize import slugify

if TYPE_CHECKING:
    import rdflib

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
GRAPH_FILE = FORMAT_FILES["ttl"]
NT_FILE = FORMAT_FILES["nt"]
#: From this many articles on, a build streams even without ``jobs``.
STREAM_FROM = 100


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and found; its graph on demand, as rdflib.

    ``graph`` and ``dataset`` parse the written files the first time they are
    read, never during the build, so a corpus build still streams and a
    caller who only wants the files pays nothing for them.
    """

    files: tuple[Path, ...]
    articles: int
    triples: int
    regions: int
    events: int
    observations: int
    unlinked: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    out_dir: Path = field(default=Path("build"), compare=False)
    #: A cluster build's pickled task arguments and results (None on one machine).
    scheduler_bytes: int | None = field(default=None, compare=False)

    @functools.cached_property
    def graph(self) -> rdflib.Graph:
        """The whole graph (articles and ontology) as an ``rdflib.Graph``, prefixes bound."""
        from g60kg.graph.rdflib_terms import rdflib_graph  # rdflib costs 0.1-0.5 s to import

        source = self._file("nt", "ttl")
        graph = rdflib_graph(())
        graph.parse(source, format=rdflib_name(rdf_format(source)))
        return graph

    @functools.cached_property
    def dataset(self) -> rdflib.Dataset:
        """The graph as an ``rdflib.Dataset``: a named graph per article, ontology and gazetteer.

        The graphs are those of ``g60kg.trig`` (see
        :func:`g60kg.graph.serialize.assign_graphs`), computed here when the
        build did not write TriG.
        """
        import rdflib  # 0.1-0.5 s to import: only for this edge

        trig = self.out_dir / FORMAT_FILES["trig"]
        if trig in self.files:
            data = trig.read_bytes()
        else:
            texts = triple_texts(read_triples(self._file("nt", "ttl")))
            data = trig_bytes_from_lines(assign_graph_lines(texts))
        dataset = rdflib.Dataset()
        dataset.parse(data=data, format="trig")
        return dataset

    def _file(self, *kinds: str) -> Path:
        for kind in kinds:
            path = self.out_dir / FORMAT_FILES[kind]
            if path in self.files:
                return path
        raise InputError(f"{self.out_dir}: the build wrote none of {', '.join(kinds)}")


def collect_articles(paths: Sequence[Path | str]) -> list[Path]:
    """Expand folders to their article files; no paths means the bundled articles."""
    if not paths:
        paths = [articles_dir()]
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES)
            if not found:
                raise InputError(f"{path}: no .txt or .html articles in this folder")
            out.extend(found)
        elif path.exists():
            out.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return out


def build(
    articles: Sequence[Path | str] = (),
    out_dir: Path | str = Path("build"),
    *,
    formats: Sequence[str] = ("ttl",),
    jobs: int | None = None,
    date: datetime.date | None = None,
    url: str | None = None,
    progress: ProgressFactory | None = None,
    lock_wait: float | None = None,
) -> BuildResult:
    """Extract ``articles`` (files or folders; none: the bundled ones) and write the graph.

    ``out_dir/g60kg.ttl`` is always written; ``formats`` adds ``nt``,
    ``jsonld``, ``trig`` and ``void`` beside it (see
    :mod:`g60kg.graph.serialize`), all replacing the previous build's files
    together or not at all. ``jobs`` extracts in that many processes and
    makes the build stream; ``date`` and ``url`` apply to articles that do not
    state their own. ``progress`` makes a progress display for a streaming
    build (see :func:`g60kg.graph.stream.terminal_progress`). Another build
    writing into ``out_dir`` is waited for up to ``lock_wait`` seconds
    (default :data:`g60kg.graph.outputs.BUILD_LOCK_WAIT`), then this one gives
    up with an InputError.
    """
    if jobs is not None and jobs < 1:
        raise InputError(f"--jobs must be at least 1, not {jobs}")
    paths = collect_articles(list(articles))
    check_slugs(paths)
    out_dir = Path(out_dir)
    formats = tuple(dict.fromkeys(["ttl", *formats]))
    with _no_cyclic_gc():
        if jobs is None and len(paths) < STREAM_FROM:
            return _in_memory(paths, out_dir, formats, date=date, url=url, lock_wait=lock_wait)
        with build_lock(out_dir, lock_wait):
            return _streaming(
                paths, out_dir, formats, jobs=jobs or 1, date=date, url=url, progress=progress
            )


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Millions of small objects, no cycles: the cyclic GC would rescan them again and again.

    It was a third of the run time on a 10 MB article.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_slugs(articles: Sequence[PurePath]) -> None:
    """Two files with one slug would mix their IRIs (and write one per-article file)."""
    seen: dict[str, Path] = {}
    for path in articles:
        slug = slugify(path.stem)
        if slug in seen:
            raise InputError(f"{path}: same article slug {slug!r} as {seen[slug]}")
        seen[slug] = path


def _in_memory(
    paths: list[Path],
    out_dir: Path,
    formats: Sequence[str],
    *,
    date: datetime.date | None,
    url: str | None,
    lock_wait: float | None,
) -> BuildResult:
    read = [read_article(p, date=date, url=url) for p in paths]
    lines: set[str] = set(ontology_lines())
    summaries = []
    for article in read:
        facts = extract_article(article)
        article_lines = nt_lines(facts_triples(facts))
        lines.update(article_lines)
        summaries.append(stream.summarize(facts, f"{article.slug}.nt", len(article_lines)))
    merged = sorted(line.encode("utf-8") for line in lines)
    with build_lock(out_dir, lock_wait):
        return _publish([merged], out_dir, formats, summaries, jobs=1)


def _streaming(
    paths: list[Path],
    out_dir: Path,
    formats: Sequence[str],
    *,
    jobs: int,
    date: datetime.date | None,
    url: str | None,
    progress: ProgressFactory | None,
) -> BuildResult:
    folder = out_dir / ARTICLES_FOLDER
    bar = progress(len(paths)) if progress else Progress()
    try:
        summaries = stream.run_articles(paths, folder, jobs=jobs, progress=bar, date=date, url=url)
    finally:
        bar.close()
    sources = [folder / name for name in sorted(s.name for s in summaries)]
    return _publish(sources, out_dir, formats, summaries, jobs=jobs)


def _publish(
    lines: Sequence[Path] | Sequence[list[bytes]],
    out_dir: Path,
    formats: Sequence[str],
    summaries: Sequence[ArticleSummary],
    *,
    jobs: int,
) -> BuildResult:
    """Write the merged lines (per-article files to merge, or sorted slices) and the formats."""
    streaming = bool(lines) and isinstance(lines[0], Path)
    with staged_build(out_dir, work_folder=streaming) as stage:
        nt_path = stage / NT_FILE if "nt" in formats else None
        if streaming:
            triples = stream.write_merged(
                lines,  # type: ignore[arg-type]
                ontology_lines(),
                nt_path,
                stage / GRAPH_FILE,
                jobs=jobs,
            )
        else:
            triples = stream.write_lines(lines, nt_path, stage / GRAPH_FILE, jobs=jobs)  # type: ignore[arg-type]
        # JSON-LD, TriG and VoID are made from the staged Turtle; VoID also
        # describes the N-Triples written beside it.
        written = [stage / GRAPH_FILE, *([nt_path] if nt_path else [])]
        staged = write_formats(stage / GRAPH_FILE, formats, written=written)
    files = [out_dir / path.name for path in (*written, *staged)]
    return summary_result(files, triples, summaries, out_dir)


def summary_result(
    files: Sequence[Path],
    triples: int,
    summaries: Sequence[ArticleSummary],
    out_dir: Path,
    *,
    articles: int | None = None,
    scheduler_bytes: int | None = None,
) -> BuildResult:
    """The result of a build from its article summaries (one per article unless ``articles``)."""
    gaz = gazetteer.load()
    referenced: set[Any] = set().union(*(s.referenced for s in summaries))
    unlinked = sorted(
        iri for iri in referenced if iri not in gaz.entities or gaz[iri].same_as is None
    )
    return BuildResult(
        files=tuple(files),
        articles=len(summaries) if articles is None else articles,
        triples=triples,
        regions=len(set().union(*(s.regions for s in summaries))),
        events=len(set().union(*(s.events for s in summaries))),
        observations=sum(s.observations for s in summaries),
        unlinked=tuple(unlinked),
        warnings=tuple(w for s in summaries for w in s.warnings),
        out_dir=out_dir,
        scheduler_bytes=scheduler_bytes,
    )
