"""A VoID and DCAT description of a build (``void.ttl``).

Catalogues and SPARQL tools read VoID to learn what a dataset holds without
loading it: how many triples, entities, classes and properties, which
vocabularies, where it came from. Every figure is computed from the triples,
and the dates come from the articles' ``schema:datePublished``, never from
the clock, so two builds of the same articles give the same bytes. The file
is written by the project's one Turtle writer (:mod:`g60kg.graph.turtle`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from g60kg.fileio import atomic_write_bytes
from g60kg.graph.formats import format_of
from g60kg.graph.ntriples import term_value, triple_texts
from g60kg.graph.turtle import to_turtle
from g60kg.namespaces import DCAT, DCTERMS, G60, G60R, PREFIXES, RDF, SCHEMA, VOID, XSD

DATASET_IRI = G60R + "dataset/g60kg"
#: The licence of the graph (the project's licence; article texts quoted in
#: ``schema:articleBody`` remain their publishers').
DEFAULT_LICENSE = "https://www.apache.org/licenses/LICENSE-2.0"

#: The prefixes of ``void.ttl``.
VOID_PREFIXES = {"dcat": DCAT, "dcterms": DCTERMS, "void": VOID, "xsd": XSD}
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"


@dataclass(frozen=True)
class Statistics:
    """The VoID figures of a graph."""

    triples: int
    entities: int
    classes: int
    properties: int
    distinct_subjects: int
    distinct_objects: int
    articles: tuple[str, ...]
    dates: tuple[str, ...]
    vocabularies: tuple[str, ...]


def statistics(triples: Iterable[ox.Triple]) -> Statistics:
    """Count what VoID reports; entities are the distinct IRI subjects."""
    return statistics_from_lines(triple_texts(triples))


def statistics_from_lines(lines: Sequence[str]) -> Statistics:
    """:func:`statistics` of distinct triples given as N-Triples text, in one pass.

    Terms are compared as their canonical N-Triples text, so counting needs no
    pyoxigraph object per triple.
    """
    rdf_type = f"<{RDF}type>"
    article_class = f"<{G60}NewsArticle>"
    published = f"<{SCHEMA}datePublished>"
    subjects: set[str] = set()
    predicates: set[str] = set()
    objects: set[str] = set()
    classes: set[str] = set()
    article_terms: list[str] = []
    dated: list[tuple[str, str]] = []
    for line in lines:
        s, p, o = line.split(" ", 2)
        subjects.add(s)
        predicates.add(p)
        objects.add(o)
        if p == rdf_type:
            classes.add(o)
            if o == article_class:
                article_terms.append(s)
        elif p == published:
            dated.append((s, o))
    articles = sorted(term_value(s) for s in article_terms)
    article_set = set(articles)
    dates = sorted(term_value(o) for s, o in dated if term_value(s) in article_set)
    used = {term_value(p) for p in predicates} | {term_value(o) for o in classes}
    vocabularies = sorted(
        iri for iri in set(PREFIXES.values()) if any(term.startswith(iri) for term in used)
    )
    return Statistics(
        triples=len(lines),
        entities=sum(1 for s in subjects if s.startswith("<")),
        classes=len(classes),
        properties=len(predicates),
        distinct_subjects=len(subjects),
        distinct_objects=len(objects),
        articles=tuple(articles),
        dates=tuple(dates),
        vocabularies=tuple(vocabularies),
    )


def void_turtle(
    triples: Iterable[ox.Triple],
    files: Sequence[Path] = (),
    *,
    license_iri: str = DEFAULT_LICENSE,
) -> bytes:
    """The VoID/DCAT description of ``triples`` (published as ``files``) as Turtle."""
    return void_turtle_from_statistics(statistics(triples), files, license_iri=license_iri)


def void_turtle_from_statistics(
    stats: Statistics, files: Sequence[Path] = (), *, license_iri: str = DEFAULT_LICENSE
) -> bytes:
    """:func:`void_turtle` from figures already counted (:func:`statistics_from_lines`)."""
    return to_turtle(void_triples(stats, files, license_iri=license_iri), VOID_PREFIXES)


def void_triples(
    stats: Statistics, files: Sequence[Path] = (), *, license_iri: str = DEFAULT_LICENSE
) -> list[ox.Triple]:
    """The VoID/DCAT statements about the dataset and each of its ``files``."""
    dataset = ox.NamedNode(DATASET_IRI)
    out: list[ox.Triple] = []

    def state(subject: ox.NamedNode, predicate: str, obj: ox.NamedNode | ox.Literal) -> None:
        out.append(ox.Triple(subject, ox.NamedNode(predicate), obj))

    def typed(value: object, datatype: str) -> ox.Literal:
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + datatype))

    state(dataset, RDF + "type", ox.NamedNode(VOID + "Dataset"))
    state(dataset, RDF + "type", ox.NamedNode(DCAT + "Dataset"))
    title = "g60kg: the G60 S&T Innovation Valley knowledge graph"
    state(dataset, DCTERMS + "title", ox.Literal(title, language="en"))
    state(dataset, DCTERMS + "license", ox.NamedNode(license_iri))
    if stats.dates:
        # The dataset is as new as its newest article; it covers oldest..newest.
        state(dataset, DCTERMS + "created", typed(stats.dates[-1], "date"))
        state(dataset, DCTERMS + "issued", typed(stats.dates[-1], "date"))
        state(dataset, DCAT + "startDate", typed(stats.dates[0], "date"))
        state(dataset, DCAT + "endDate", typed(stats.dates[-1], "date"))
    for name, value in (
        ("triples", stats.triples),
        ("entities", stats.entities),
        ("classes", stats.classes),
        ("properties", stats.properties),
        ("distinctSubjects", stats.distinct_subjects),
        ("distinctObjects", stats.distinct_objects),
    ):
        state(dataset, VOID + name, typed(value, "integer"))
    state(dataset, VOID + "uriSpace", ox.Literal(G60R))
    for iri in stats.vocabularies:
        state(dataset, VOID + "vocabulary", ox.NamedNode(iri))
    for iri in stats.articles:
        state(dataset, DCTERMS + "source", ox.NamedNode(iri))
    for path in files:
        fmt = format_of(path)
        if fmt is None or not path.is_file():
            continue
        distribution = ox.NamedNode(f"{DATASET_IRI}/distribution/{path.suffix.lstrip('.')}")
        state(dataset, DCAT + "distribution", distribution)
        state(distribution, RDF + "type", ox.NamedNode(DCAT + "Distribution"))
        state(distribution, DCTERMS + "title", ox.Literal(path.name))
        state(distribution, DCAT + "mediaType", ox.NamedNode(MEDIA_TYPES + fmt.media_type))
        state(distribution, DCAT + "byteSize", typed(path.stat().st_size, "decimal"))
    return out


def write_void(
    triples: Iterable[ox.Triple],
    path: Path,
    files: Sequence[Path] = (),
    *,
    license_iri: str = DEFAULT_LICENSE,
) -> Path:
    """Write ``void.ttl`` atomically."""
    atomic_write_bytes(path, void_turtle(triples, files, license_iri=license_iri))
    return path
