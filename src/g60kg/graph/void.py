"""A VoID and DCAT description of a build (``void.ttl``).

Catalogues and SPARQL tools read VoID to learn what a dataset holds without
loading it: how many triples, entities, classes and properties, which
vocabularies, where it came from. Every figure is computed from the triples,
and the dates come from the articles' ``schema:datePublished``, never from
the clock, so two builds of the same articles give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from g60kg.fileio import atomic_write_bytes
from g60kg.namespaces import G60, G60R, PREFIXES, RDF, SCHEMA

DATASET_IRI = G60R + "dataset/g60kg"
#: The licence of the graph (the project's licence; article texts quoted in
#: ``schema:articleBody`` remain their publishers').
DEFAULT_LICENSE = "https://www.apache.org/licenses/LICENSE-2.0"

_MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".trig": "application/trig",
}


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
    from g60kg.graph.serialize import nt_lines

    return statistics_from_lines(nt_lines(triples))


def statistics_from_lines(lines: Sequence[str]) -> Statistics:
    """:func:`statistics` of distinct triples given as N-Triples text, in one pass.

    Terms are compared as their canonical N-Triples text, so counting needs no
    pyoxigraph object per triple.
    """
    from g60kg.graph.serialize import term_value

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


def _lit(value: str, datatype: str | None = None) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"' + (f"^^xsd:{datatype}" if datatype else "")


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
    lines = [
        "@prefix dcat: <http://www.w3.org/ns/dcat#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "@prefix void: <http://rdfs.org/ns/void#> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "",
        f"<{DATASET_IRI}> a void:Dataset, dcat:Dataset ;",
        '    dcterms:title "g60kg: the G60 S&T Innovation Valley knowledge graph"@en ;',
        f"    dcterms:license <{license_iri}> ;",
    ]
    if stats.dates:
        # The dataset is as new as its newest article; it covers oldest..newest.
        lines.append(f"    dcterms:created {_lit(stats.dates[-1], 'date')} ;")
        lines.append(f"    dcterms:issued {_lit(stats.dates[-1], 'date')} ;")
        lines.append(f"    dcat:startDate {_lit(stats.dates[0], 'date')} ;")
        lines.append(f"    dcat:endDate {_lit(stats.dates[-1], 'date')} ;")
    lines += [
        f"    void:triples {stats.triples} ;",
        f"    void:entities {stats.entities} ;",
        f"    void:classes {stats.classes} ;",
        f"    void:properties {stats.properties} ;",
        f"    void:distinctSubjects {stats.distinct_subjects} ;",
        f"    void:distinctObjects {stats.distinct_objects} ;",
        "    void:uriSpace " + _lit(G60R) + " ;",
    ]
    lines += [f"    void:vocabulary <{iri}> ;" for iri in stats.vocabularies]
    lines += [f"    dcterms:source <{iri}> ;" for iri in stats.articles]
    distributions = []
    for path in sorted(files, key=lambda p: p.name):
        media = _MEDIA_TYPES.get(path.suffix)
        if media is None or not path.is_file():
            continue
        iri = f"{DATASET_IRI}/distribution/{path.suffix.lstrip('.')}"
        lines.append(f"    dcat:distribution <{iri}> ;")
        distributions += [
            "",
            f"<{iri}> a dcat:Distribution ;",
            f"    dcterms:title {_lit(path.name)} ;",
            f"    dcat:mediaType <https://www.iana.org/assignments/media-types/{media}> ;",
            f"    dcat:byteSize {_lit(str(path.stat().st_size), 'decimal')} .",
        ]
    lines[-1] = lines[-1][: -len(" ;")] + " ."
    return ("\n".join(lines + distributions) + "\n").encode("utf-8")


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
