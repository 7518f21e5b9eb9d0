"""``g60kg build``: articles in, one Turtle knowledge graph out.

Every article is read and extracted before anything is written, so bad input
(a missing, empty, binary or non-UTF-8 file) stops the build with an
InputError and leaves the output folder untouched. The graph is the extracted
data plus the ontology files (see :mod:`g60kg.graph.rdf`), written as deterministic
Turtle to ``out_dir/g60kg.ttl``.

All the files of one build (the Turtle and the other ``formats``) are written
to a staging folder first and renamed into place together at the end, with a
manifest of what was written (:func:`g60kg.graph.outputs.staged_build`): a
build that fails while writing any of them leaves the previous build's files
as they were, never a new Turtle beside an old TriG, and a build that writes
fewer formats than the last one removes the ones it did not write again. A
build holds a lock on its folder, so a second build into it waits its turn.
"""

from __future__ import annotations

import datetime
import gc
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from g60kg.errors import InputError
from g60kg.graph.outputs import build_lock, staged_build
from g60kg.paths import articles_dir

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
GRAPH_FILE = "g60kg.ttl"


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and found, for the summary on stderr."""

    files: tuple[Path, ...]
    articles: int
    triples: int
    regions: int
    events: int
    observations: int
    unlinked: tuple[str, ...]
    warnings: tuple[str, ...] = ()


def collect_articles(paths: Sequence[Path]) -> list[Path]:
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
    articles: Sequence[Path],
    out_dir: Path,
    *,
    date: datetime.date | None = None,
    url: str | None = None,
    formats: Sequence[str] = ("ttl",),
    lock_wait: float | None = None,
) -> BuildResult:
    """Extract every article and write the knowledge graph to ``out_dir/g60kg.ttl``.

    ``formats`` adds publishing formats beside the Turtle (``nt``, ``jsonld``,
    ``trig``, ``void``; see :mod:`g60kg.graph.serialize`). They all replace the
    previous build's files together, or none does. Another build writing into
    ``out_dir`` is waited for up to ``lock_wait`` seconds (default
    :data:`g60kg.graph.outputs.BUILD_LOCK_WAIT`), then this one gives up.
    """
    paths = collect_articles(articles)
    # Millions of small objects: the cyclic GC would rescan them again and again
    # (a third of the run time on a 10 MB article); nothing here makes cycles.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(
            paths, Path(out_dir), date=date, url=url, formats=formats, lock_wait=lock_wait
        )
    finally:
        if gc_was_enabled:
            gc.enable()


def _build(
    paths: list[Path],
    out_dir: Path,
    *,
    date: datetime.date | None,
    url: str | None,
    formats: Sequence[str],
    lock_wait: float | None,
) -> BuildResult:
    from g60kg.extract import gazetteer
    from g60kg.extract.pipeline import extract_article
    from g60kg.graph import publish, rdf
    from g60kg.graph.serialize import write_formats
    from g60kg.text.article import read_article

    read = [read_article(p, date=date, url=url) for p in paths]
    slugs: dict[str, str] = {}
    for a in read:
        if a.slug in slugs:
            raise InputError(f"{a.source}: same article slug {a.slug!r} as {slugs[a.slug]}")
        slugs[a.slug] = a.source
    facts = [extract_article(a) for a in read]
    found = rdf.triples(facts)
    # Nothing touches the folder before here, so the lock is only held while publishing.
    with build_lock(out_dir, lock_wait), staged_build(out_dir) as stage:
        publish.write_turtle(found, stage / GRAPH_FILE)
        # The other formats are read from the staged Turtle and land beside it.
        staged = write_formats(stage / GRAPH_FILE, formats)
    target = out_dir / GRAPH_FILE
    extra = [out_dir / path.name for path in staged]

    gaz = gazetteer.load()
    referenced = {m.iri for f in facts for m in f.mentions}
    referenced |= {e.iri for f in facts for e in f.events}
    referenced |= {o.iri for f in facts for o in (f.publisher, f.distributor) if o is not None}
    unlinked = sorted(
        iri for iri in referenced if iri not in gaz.entities or gaz[iri].same_as is None
    )
    return BuildResult(
        files=(target, *extra),
        articles=len(read),
        triples=len(found),
        regions=len({r for f in facts for r in f.regions}),
        events=len({e.iri for f in facts for e in f.events}),
        observations=sum(len(f.observations) for f in facts),
        unlinked=tuple(unlinked),
        warnings=tuple(w for f in facts for w in f.warnings),
    )
