"""The gazetteer: named places, initiatives, organisations and event series.

Loaded from ``ontology/gazetteer.ttl`` (knowledge lives in Turtle, not here)
once per process, then compiled into one :class:`~g60kg.text.phrases.PhraseMatcher`
over every label, alias and anaphor.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from g60kg.namespaces import G60, OWL, RDF, RDFS, SKOS
from g60kg.paths import ontology_dir
from g60kg.text.phrases import PhraseMatcher

#: Entity classes that are regions (the rest: Initiative, Infrastructure, ...).
REGION_KINDS = frozenset(
    {
        "Region",
        "Country",
        "Province",
        "Municipality",
        "PrefectureLevelCity",
        "District",
        "EconomicRegion",
    }
)


@dataclass(frozen=True)
class Entity:
    """One gazetteer node, as extraction needs it."""

    iri: str
    kind: str
    label: str
    names: tuple[str, ...]
    parent: str | None = None
    same_as: str | None = None
    default_sense: bool = False
    anaphors: tuple[str, ...] = ()

    @property
    def is_region(self) -> bool:
        return self.kind in REGION_KINDS


@dataclass(frozen=True)
class NameMatch:
    """A stretch of text naming one or more (ambiguous) gazetteer entities."""

    begin: int
    end: int
    candidates: tuple[str, ...]
    anaphor: bool


class Gazetteer:
    """Entities by IRI plus a matcher from surface names to candidate IRIs."""

    def __init__(self, entities: dict[str, Entity]) -> None:
        self.entities = entities
        self._names: dict[str, set[str]] = {}
        self._anaphors: dict[str, set[str]] = {}
        self._capitalised: set[str] = set()
        matcher_phrases: list[str] = []
        self.matcher = PhraseMatcher([])
        for entity in entities.values():
            for name in entity.names:
                matcher_phrases.append(name)
            matcher_phrases.extend(entity.anaphors)
        self.matcher = PhraseMatcher(matcher_phrases)
        for entity in entities.values():
            for name in entity.names:
                key = self.matcher.key(name)
                self._names.setdefault(key, set()).add(entity.iri)
                if name[:1].isupper() or name[:1].isdigit():
                    self._capitalised.add(key)
            for phrase in entity.anaphors:
                self._anaphors.setdefault(self.matcher.key(phrase), set()).add(entity.iri)

    def __getitem__(self, iri: str) -> Entity:
        return self.entities[iri]

    def ancestors(self, iri: str) -> list[str]:
        """Parent, grandparent, ... of a region (nearest first)."""
        out: list[str] = []
        entity = self.entities.get(iri)
        while entity is not None and entity.parent and entity.parent not in out:
            out.append(entity.parent)
            entity = self.entities.get(entity.parent)
        return out

    def lookup(self, name: str) -> list[str]:
        """IRIs an exact name (label or alias, any case) may denote, sorted."""
        return sorted(self._names.get(self.matcher.key(name), ()))

    def find(
        self, norm: str, start: int = 0, end: int | None = None, most: int | None = None
    ) -> list[NameMatch]:
        """Every name or anaphor in normalised text, longest match first.

        A proper name only counts when capitalised as printed ("Suzhou", not
        "suzhou"), so ordinary words are never taken for places. With ``most``,
        the search stops once it has found that many.
        """
        out: list[NameMatch] = []
        for m in self.matcher.finditer(norm, start, end):
            if most is not None and len(out) >= most:
                break
            key = self.matcher.key(m.group())
            if key in self._names:
                if key in self._capitalised and not (
                    m.group()[0].isupper() or m.group()[0].isdigit()
                ):
                    continue
                out.append(NameMatch(m.start(), m.end(), tuple(sorted(self._names[key])), False))
            elif key in self._anaphors:
                out.append(NameMatch(m.start(), m.end(), tuple(sorted(self._anaphors[key])), True))
        return out


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@functools.cache
def load(path: Path | None = None) -> Gazetteer:
    """Parse the gazetteer Turtle once per process (it is re-used per article)."""
    import rdflib

    path = path or ontology_dir() / "gazetteer.ttl"
    graph = rdflib.Graph()
    graph.parse(path, format="turtle")
    rdf_type, label = rdflib.URIRef(RDF + "type"), rdflib.URIRef(RDFS + "label")
    alt, parent = rdflib.URIRef(SKOS + "altLabel"), rdflib.URIRef(G60 + "locatedIn")
    same, default = rdflib.URIRef(OWL + "sameAs"), rdflib.URIRef(G60 + "defaultSense")
    anaphor = rdflib.URIRef(G60 + "anaphor")
    entities: dict[str, Entity] = {}
    for subject in sorted(set(graph.subjects(rdf_type, None))):
        kinds = sorted(_local(str(t)) for t in graph.objects(subject, rdf_type))
        labels = sorted(str(x) for x in graph.objects(subject, label) if x.language == "en")
        if not labels:
            continue
        alts = sorted(str(x) for x in graph.objects(subject, alt) if x.language in ("en", None))
        parents = sorted(str(x) for x in graph.objects(subject, parent))
        sames = sorted(str(x) for x in graph.objects(subject, same))
        entities[str(subject)] = Entity(
            iri=str(subject),
            kind=kinds[0],
            label=labels[0],
            names=tuple(dict.fromkeys(labels + alts)),
            parent=parents[0] if parents else None,
            same_as=sames[0] if sames else None,
            default_sense=any(bool(x.toPython()) for x in graph.objects(subject, default)),
            anaphors=tuple(sorted(str(x) for x in graph.objects(subject, anaphor))),
        )
    return Gazetteer(entities)
