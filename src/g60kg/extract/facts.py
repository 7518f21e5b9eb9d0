"""What extraction found in one article: plain dataclasses, no RDF.

Extraction (``g60kg.extract``) fills these; ``g60kg.graph.rdf`` turns them into
triples and ``g60kg extract`` prints them as JSON. Every fact keeps the
character offsets of the text it came from, so ``text[begin:end] == quote``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from g60kg.extract.gazetteer import REGION_KINDS

if TYPE_CHECKING:
    from g60kg.text.article import Article


@dataclass(frozen=True)
class Span:
    """A stretch of the article text: ``text[begin:end] == quote``."""

    begin: int
    end: int
    quote: str


@dataclass(frozen=True)
class Mention:
    """A name (or anaphor such as "the valley") in the text and what it denotes."""

    span: Span
    iri: str
    kind: str
    anaphor: bool = False
    #: True when it only qualifies the name before it ("Suzhou City of *Jiangsu Province*").
    qualifier: bool = False
    #: True for "Songjiang's".
    possessive: bool = False


@dataclass(frozen=True)
class Observation:
    """One number about one subject: a Wikidata-like statement with its quote."""

    article_slug: str
    begin: int  # of the quantity as printed
    end: int
    subject: str  # region or initiative IRI
    measure: str  # g60m: IRI
    value: Decimal
    stated: str
    unit: str | None
    value_kind: str  # "Level", "Change", "Share"
    comparator: str  # "Exactly", "MoreThan", ...
    evidence: Span
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    comparison_start: datetime.date | None = None
    comparison_end: datetime.date | None = None
    #: The rule that chose its subject, for ``g60kg extract --explain`` (not published).
    rule: str = ""


@dataclass(frozen=True)
class MeasureConcept:
    """A measure used by an observation (curated from the lexicon or new)."""

    iri: str
    label: str
    curated: bool
    #: The curated measure it narrows ("integrated circuit industry revenue" → revenue).
    broader: str | None = None


@dataclass
class Event:
    """A named conference, forum, expo or summit (or one edition of a series)."""

    iri: str
    label: str
    name_span: Span
    series: str | None = None
    edition: int | None = None
    part_of: str | None = None
    location: str | None = None
    date: datetime.date | None = None
    held_before: datetime.date | None = None
    year: int | None = None
    about: str | None = None
    evidence: list[Span] = field(default_factory=list)


@dataclass
class Initiative:
    """An initiative the article talks about and what it says of it."""

    iri: str
    members: list[str] = field(default_factory=list)
    located_in: str | None = None
    named_after: str | None = None
    evidence: list[Span] = field(default_factory=list)


@dataclass
class Organization:
    """A publisher or distributor; ``known`` if it is in the gazetteer."""

    iri: str
    label: str
    known: bool = True


@dataclass
class Facts:
    """Everything extracted from one article."""

    article: Article
    publisher: Organization | None = None
    distributor: Organization | None = None
    dateline_place: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    measures: list[MeasureConcept] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Quantities the metrics and table readers set aside, in text order.
    set_aside: list[Rejection] = field(default_factory=list)
    #: Every number of the text that is not an observation, with its reason, in text order.
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def regions(self) -> list[str]:
        """IRIs of the regions mentioned, sorted."""
        return sorted({m.iri for m in self.mentions if m.kind in REGION_KINDS})


@dataclass(frozen=True)
class Rejection:
    """A number of the article text that is not an observation, and why.

    One type for every reader: the metrics and table readers set quantities
    aside with it, and :func:`g60kg.extract.numbers.read_numbers` decides every
    remaining number with it.

    ``reason`` is the ``skos:prefLabel`` of a concept of ``ontology/reasons.ttl``
    ("year", "rank", "no subject found"); ``rule`` says what evidence gave it,
    for ``g60kg extract --explain``.
    """

    text: str
    begin: int
    end: int
    reason: str
    rule: str
