"""The measure lexicon: SKOS concepts and the phrases articles use for them.

Loaded from ``ontology/measures.ttl`` once per process. Phrases match
case-insensitively with spaces, hyphens and quotes interchangeable, so
'"little giant" enterprises' and 'little-giant enterprises' are one phrase.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from g60kg.namespaces import G60, G60M, SKOS
from g60kg.paths import ontology_dir
from g60kg.text.phrases import PhraseMatcher

PUBLICATION_DATE = G60 + "PublicationDate"
PUBLICATION_YEAR = G60 + "PublicationYear"


@dataclass(frozen=True)
class Measure:
    """One measure concept."""

    iri: str
    label: str
    curated: bool = True
    default_period: str = PUBLICATION_YEAR
    count_nouns: tuple[str, ...] = ()
    broader: str | None = None
    implied_by_units: tuple[str, ...] = ()


class Lexicon:
    """Measures by IRI, a phrase matcher, and count nouns to measures."""

    def __init__(
        self,
        measures: dict[str, Measure],
        phrases: dict[str, str],
        neutral_modifiers: frozenset[str] = frozenset(),
    ) -> None:
        self.measures = measures
        self.neutral_modifiers = neutral_modifiers
        #: Uncurated count measures made by :meth:`narrower_count`, to their broader
        #: measure (whose period convention they share).
        self.narrowed: dict[str, Measure] = {}
        self.matcher = PhraseMatcher(phrases, separators=r"\s\-\"'", determiners_after=("of",))
        self._by_phrase = {self.matcher.key(p): iri for p, iri in phrases.items()}
        self._by_count: dict[str, str] = {}
        for measure in measures.values():
            for noun in measure.count_nouns:
                self._by_count[self.matcher.key(noun)] = measure.iri
        self._by_unit = {u: m.iri for m in measures.values() for u in m.implied_by_units}

    def __getitem__(self, iri: str) -> Measure:
        return self.measures[iri]

    def find(self, norm: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
        """``(begin, end, measure IRI)`` of every measure phrase, longest first."""
        out = []
        for m in self.matcher.finditer(norm, start, end):
            iri = self._by_phrase.get(self.matcher.key(m.group()))
            if iri:
                out.append((m.start(), m.end(), iri))
        return out

    def for_count(self, counted: str) -> str | None:
        """The measure counting ``counted`` ("national high-tech enterprises").

        Tries the whole noun phrase, singular and plural, then drops leading
        modifiers one by one ("new foreign-funded enterprises" ->
        "foreign-funded enterprises" -> "enterprises").
        """
        tokens = self.matcher.tokens(counted)
        for i in range(len(tokens)):
            words = tokens[i:]
            for form in (words, [*words[:-1], _singular(words[-1])]):
                iri = self._by_count.get(" ".join(form))
                if iri:
                    return iri
        return None

    def narrower_count(self, counted: str) -> Measure | None:
        """An uncurated measure for a count of a kind the lexicon knows only by its head
        noun: "1,370 integrated circuit companies" counts integrated circuit companies,
        narrower than enterprises; modifiers that do not narrow ("new", "local",
        ``g60:neutralModifier`` in the lexicon) are dropped, and with nothing left there
        is no narrower measure."""
        tokens = self.matcher.tokens(counted)
        if len(tokens) < 2:
            return None
        head = self.for_count(tokens[-1])
        if head is None or self.for_count(counted) != head:
            return None
        for i in range(len(tokens) - 1):  # a known narrower noun ("industrial projects")
            words = tokens[i:]
            if any(
                self._by_count.get(" ".join(f))
                for f in (words, [*words[:-1], _singular(words[-1])])
            ):
                return None
        words = counted.split()
        k = 0
        while k < len(words) - 1 and words[k].lower().strip("\"'") in self.neutral_modifiers:
            k += 1
        kept = [w for w in words[k:-1] if w.lower().strip("\"'") not in self.neutral_modifiers]
        if not kept or any(not re.fullmatch(r"[A-Za-z][\w&-]*", w) for w in kept):
            return None
        found = uncurated(" ".join([*kept, words[-1]]), broader=head)
        self.narrowed[found.iri] = self.measures[head]
        return found

    def for_unit(self, unit: str | None) -> str | None:
        """The measure a bare quantity in ``unit`` states (``g60:impliedByUnit``): km² → area."""
        return self._by_unit.get(unit) if unit else None

    def for_phrase(self, phrase: str) -> str | None:
        """The curated measure a phrase names exactly, if any."""
        return self._by_phrase.get(self.matcher.key(phrase))


def singular(word: str) -> str:
    """The singular of an English plural noun, for matching counted things."""
    if re.search(r"(?:ss|x|ch|sh)es$", word):
        return word[:-2]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def uncurated(phrase: str, broader: str | None = None) -> Measure:
    """A measure for a phrase the lexicon does not know: ``g60m:{slug}``, uncurated."""
    from g60kg.text.normalize import slugify

    return Measure(iri=G60M + slugify(phrase), label=phrase, curated=False, broader=broader)


_singular = singular


@functools.cache
def load(path: Path | None = None) -> Lexicon:
    """Parse the measure Turtle once per process."""
    import rdflib

    path = path or ontology_dir() / "measures.ttl"
    graph = rdflib.Graph()
    graph.parse(path, format="turtle")
    concept = rdflib.URIRef(SKOS + "Concept")
    pref, alt = rdflib.URIRef(SKOS + "prefLabel"), rdflib.URIRef(SKOS + "altLabel")
    period, count = rdflib.URIRef(G60 + "defaultPeriod"), rdflib.URIRef(G60 + "countNoun")
    broader = rdflib.URIRef(SKOS + "broader")
    curated = rdflib.URIRef(G60 + "curated")
    implied = rdflib.URIRef(G60 + "impliedByUnit")
    neutral = rdflib.URIRef(G60 + "neutralModifier")
    measures: dict[str, Measure] = {}
    phrases: dict[str, str] = {}
    for subject in sorted(graph.subjects(rdflib.RDF.type, concept)):
        iri = str(subject)
        labels = sorted(str(x) for x in graph.objects(subject, pref) if x.language in ("en", None))
        if not labels:
            continue
        periods = sorted(str(x) for x in graph.objects(subject, period))
        flags = [bool(x.toPython()) for x in graph.objects(subject, curated)]
        measures[iri] = Measure(
            iri=iri,
            label=labels[0],
            curated=all(flags) if flags else True,
            default_period=periods[0] if periods else PUBLICATION_YEAR,
            count_nouns=tuple(sorted(str(x) for x in graph.objects(subject, count))),
            broader=min((str(x) for x in graph.objects(subject, broader)), default=None),
            implied_by_units=tuple(sorted(str(x) for x in graph.objects(subject, implied))),
        )
        for phrase in labels + sorted(str(x) for x in graph.objects(subject, alt)):
            phrases.setdefault(phrase, iri)
    modifiers = frozenset(str(x).lower() for x in graph.objects(None, neutral))
    return Lexicon(measures, phrases, modifiers)
