"""Generate a synthetic corpus of G60 news articles for scale benchmarks.

The articles are of the kind ``g60kg build`` reads: ``.txt`` files with YAML
front matter (title, date, url, publisher), a wire dateline in some, and
paragraphs stating levels, changes and shares of the measures in the lexicon
for the regions in the gazetteer, with scale words, units, comparators, time
phrases and events. The names come from ``ontology/gazetteer.ttl`` and
``ontology/measures.ttl`` (read with rdflib), so the corpus grows with the
knowledge files instead of with this module; only the sentence frames and
connecting words are written here. No sentence of the bundled seed article is
copied.

Deterministic: article ``i`` of seed ``s`` is drawn from its own
``random.Random(f"{s}/{i}")``, so the same seed writes identical bytes and a
corpus of 100 is the first 100 files of a corpus of 1,000 (benchmarks of
different sizes measure the same kind of text).

    python -m benchmarks.corpus -n 1000 -o /tmp/corpus --seed 7
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

G60 = "https://w3id.org/g60kg/ontology#"
G60M = "https://w3id.org/g60kg/measure/"
G60R = "https://w3id.org/g60kg/resource/"


@dataclass(frozen=True)
class Place:
    """A region or initiative as the articles name it."""

    label: str
    aliases: tuple[str, ...] = ()
    kind: str = "Region"

    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class Measure:
    """A measure concept: the phrases articles use and the kind of value it takes."""

    label: str
    phrases: tuple[str, ...]
    family: str  # money | percent | count | area
    count_nouns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    """Everything the generator names, read from the knowledge files."""

    regions: tuple[Place, ...]
    initiatives: tuple[Place, ...]
    organizations: tuple[str, ...]
    event_series: tuple[Place, ...]
    measures: tuple[Measure, ...]
    cities: tuple[Place, ...] = ()
    anaphors: tuple[str, ...] = ()
    #: Unit words by family: "money" (yuan), "dollars", "percent", "area".
    units: dict[str, tuple[str, ...]] = field(default_factory=dict)
    comparators: tuple[str, ...] = ()


# --- reading the knowledge files ---------------------------------------------

#: Which unit's phrases (``g60:unitPhrase`` in units.ttl) the generator prints for a family.
_FAMILY_UNITS = {
    "money": "CCY_CNY",
    "dollars": "CCY_USD",
    "percent": "PERCENT",
    "area": "KiloM2",
}


def _family_from_words(phrase: str) -> str:
    """Guess what kind of number a measure takes from its preferred label.

    The lexicon says which measures are counts (``g60:countNoun``) but not
    which are money, areas or percentages; the guess only decides which unit
    words the generator prints after the number.
    """
    words = phrase.lower()
    if words.startswith("number of"):
        return "count"
    if "area" in words.split():
        return "area"
    if any(w in words for w in ("intensity", "growth", "rate", "ratio", "share", "proportion")):
        return "percent"
    return "money"


def load_vocabulary(ontology: Path | None = None) -> Vocabulary:
    """Read regions, initiatives, organisations, events, measures and unit words.

    Regions, initiatives, organisations and event series are recognised by
    their IRI pattern (``g60r:region/…`` etc., the data-model contract), their
    names are ``rdfs:label``@en plus ``skos:altLabel``@en; initiatives also
    give their ``g60:anaphor`` phrases ("the valley"). Measures are the
    ``skos:Concept``s in ``g60m:`` with their ``prefLabel``/``altLabel``
    phrases and ``g60:countNoun``s; unit words and comparators come from
    ``units.ttl``. Raises ValueError if the files name no region or measure.
    """
    from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef

    if ontology is None:
        from g60kg.paths import ontology_dir

        ontology = ontology_dir()
    graph = Graph()
    for name in ("gazetteer.ttl", "measures.ttl", "units.ttl", "g60kg.ttl"):
        path = Path(ontology) / name
        if path.exists():
            graph.parse(path, format="turtle")

    def english(subject: URIRef, predicate: URIRef) -> list[str]:
        return sorted(
            str(o)
            for o in graph.objects(subject, predicate)
            if isinstance(o, Literal) and (o.language or "en").startswith("en")
        )

    def kind(subject: URIRef) -> str:
        names = sorted(str(t) for t in graph.objects(subject, RDF.type) if str(t).startswith(G60))
        return names[0][len(G60) :] if names else "Region"

    subjects = sorted({s for s in graph.subjects() if isinstance(s, URIRef)}, key=str)

    def places(prefix: str) -> tuple[Place, ...]:
        found = []
        for s in subjects:
            if not str(s).startswith(G60R + prefix):
                continue
            labels = english(s, RDFS.label)
            if not labels:
                continue
            aliases = tuple(a for a in english(s, SKOS.altLabel) if a not in labels)
            found.append(Place(labels[0], aliases, kind(s)))
        return tuple(found)

    regions = tuple(p for p in places("region/") if p.kind not in ("Country",))
    initiatives = places("initiative/")
    anaphors = sorted(
        {
            a
            for s in subjects
            if str(s).startswith(G60R + "initiative/")
            for a in english(s, URIRef(G60 + "anaphor"))
        }
    )
    measures = []
    for s in sorted(set(graph.subjects(RDF.type, SKOS.Concept)), key=str):
        pref = english(s, SKOS.prefLabel)
        if not str(s).startswith(G60M) or not pref:
            continue
        phrases = tuple(dict.fromkeys([*pref, *english(s, SKOS.altLabel)]))
        nouns = tuple(english(s, URIRef(G60 + "countNoun")))
        family = "count" if nouns else _family_from_words(pref[0])
        measures.append(Measure(pref[0], phrases, family, nouns))
    unit_ns = "http://qudt.org/vocab/unit/"
    units = {
        family: tuple(english(URIRef(unit_ns + local), URIRef(G60 + "unitPhrase")))
        for family, local in _FAMILY_UNITS.items()
    }
    comparators = sorted(
        {c for s in subjects for c in english(s, URIRef(G60 + "comparatorPhrase"))}
    )
    if not regions or not measures:
        raise ValueError(f"{ontology}: no regions or no measures to write articles about")
    return Vocabulary(
        regions=regions,
        initiatives=initiatives,
        organizations=tuple(p.label for p in places("organization/")),
        event_series=tuple(p for p in places("event/") if p.kind == "EventSeries"),
        measures=tuple(measures),
        cities=tuple(
            p for p in regions if p.kind in ("Municipality", "PrefectureLevelCity", "District")
        ),
        anaphors=tuple(anaphors),
        units={k: v for k, v in units.items() if v},
        comparators=tuple(comparators),
    )


# --- writing articles --------------------------------------------------------

_MONTHS_AP = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
              "Nov.", "Dec.")  # fmt: skip
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "10th")  # fmt: skip
#: Unit words when the lexicon has none for a family (a tiny test ontology).
_DEFAULT_UNITS = {"money": ("yuan",), "dollars": ("U.S. dollars",), "percent": ("percent",),
                  "area": ("square kilometers",)}  # fmt: skip
_TOPICS = ("Industrial Cooperation", "Sci-Tech Innovation", "Talent Exchange", "Digital Economy",
           "Advanced Manufacturing", "Green Development", "Open Innovation",
           "Integrated Circuit Industry", "New Energy Vehicle", "Biomedicine")  # fmt: skip
_GATHERINGS = ("Conference", "Forum", "Summit", "Fair", "Matchmaking Meeting", "Symposium")
_FIELDS = ("integrated circuits", "artificial intelligence", "biomedicine", "new materials",
           "new energy vehicles", "industrial internet", "high-end equipment",
           "photovoltaics", "aerospace", "robotics")  # fmt: skip
_WHOLES = ("the output value of industrial enterprises above designated size",
           "the city's total industrial output", "the regional GDP",
           "total fixed-asset investment", "total exports", "the national total")  # fmt: skip
_FILLERS = (
    "Officials in {r} said cross-regional cooperation on {f} would be deepened further.",
    "{r} has set up a shared service platform that helps firms in {f} find partners.",
    "Companies in {r} are upgrading their factories with {f} solutions.",
    "A number of research institutes working on {f} settled in {r} during the period.",
    "The {i} continues to draw projects in {f} to {r}.",
    "Local universities in {r} signed agreements with enterprises to train engineers in {f}.",
    "Analysts expect demand for {f} to keep growing across the Yangtze River Delta.",
    "Government agencies in {r} have simplified approval procedures for foreign investors.",
)
_HEADLINES = (
    "{r} steps up {f} cooperation within the {i}",
    "{i} draws new investment as {r} expands {f}",
    "{r} reports strong growth in {f} industries",
    "How {r} is building an innovation hub for {f}",
    "{i} members sign {f} agreements in {r}",
)


def _ordinal(n: int) -> str:
    """1 -> "1st", 2 -> "2nd", 11 -> "11th"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _plural(noun: str) -> str:
    """English plural of a count noun's last word ("high-tech company" -> "...companies")."""
    if noun.endswith(("people", "s")):
        return noun
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def _time_lead(rng: random.Random, year: int) -> str:
    return rng.choice(
        (
            "This year",
            "In the first half of this year",
            "In the first three quarters of this year",
            "Last year",
            f"In {year - 1}",
            f"Between {year - 7} and {year - 3}",
            "Over the past five years",
            "From January to September",
        )
    )


def _time_tail(rng: random.Random, year: int) -> str:
    return rng.choice(
        (
            " this year",
            " last year",
            f" in {year - 1}",
            " in the first half of this year",
            f" between {year - 6} and {year - 2}",
            " over the past five years",
            "",
        )
    )


class _Writer:
    """Draws one article from ``rng`` and ``vocab``."""

    def __init__(self, vocab: Vocabulary, rng: random.Random, year: int) -> None:
        self.v = vocab
        self.rng = rng
        self.year = year
        self.focus = rng.choice(vocab.cities or vocab.regions)

    def unit(self, family: str) -> str:
        words = self.v.units.get(family) or _DEFAULT_UNITS[family]
        return self.rng.choice(words)

    def comparator(self) -> str:
        """No comparator half the time, else one of the lexicon's phrases."""
        if not self.v.comparators or self.rng.random() < 0.5:
            return ""
        return self.rng.choice(self.v.comparators) + " "

    def money(self) -> str:
        rng = self.rng
        scale = rng.choice(("million", "billion", "billion", "trillion"))
        whole = rng.randint(1, 9 if scale == "trillion" else 999)
        digits = rng.choice((0, 1, 2)) if whole < 100 else 0
        number = f"{whole}"
        if digits:
            number += f".{rng.randint(1, 10**digits - 1):0{digits}d}"
        currency = self.unit("dollars" if rng.random() < 0.25 else "money")
        return f"{number} {scale} {currency}"

    def percent(self, high: int = 90) -> str:
        value = f"{self.rng.randint(1, high)}.{self.rng.randint(0, 9)}".removesuffix(".0")
        unit = self.unit("percent")
        return f"{value}{unit}" if unit == "%" else f"{value} {unit}"

    def area(self) -> str:
        return f"{self.rng.randint(50, 90000):,} {self.unit('area')}"

    def count(self) -> str:
        return f"{self.rng.randint(12, 48000):,}"

    def value(self, family: str) -> str:
        return getattr(self, family)()

    def the_valleys(self) -> str:
        """Possessive of an anaphor for the initiative, at a sentence start.

        "The valley's", "These cities'".
        """
        phrase = self.rng.choice(self.v.anaphors) if self.v.anaphors else "the valley"
        phrase = phrase[0].upper() + phrase[1:]
        return f"{phrase}'" if phrase.endswith("s") else f"{phrase}'s"

    def region(self) -> str:
        place = self.focus if self.rng.random() < 0.5 else self.rng.choice(self.v.regions)
        return self.rng.choice(place.names())

    def initiative(self) -> str:
        if not self.v.initiatives:
            return "G60 valley"
        return self.rng.choice(self.rng.choice(self.v.initiatives).names())

    def measure(self, families: Sequence[str] | None = None) -> tuple[Measure, str]:
        pool = [m for m in self.v.measures if families is None or m.family in families]
        m = self.rng.choice(pool or list(self.v.measures))
        return m, self.rng.choice(m.phrases)

    def level(self) -> str:
        rng, year = self.rng, self.year
        m, phrase = self.measure()
        value = self.value(m.family)
        cmp = self.comparator()
        if m.count_nouns and rng.random() < 0.5:
            noun = _plural(rng.choice(m.count_nouns))
            return f"{self.region()} is now home to {cmp}{value} {noun}{_time_tail(rng, year)}."
        verb = rng.choice(("reached", "amounted to", "stood at", "totaled", "hit", "came to"))
        if m.family == "percent":
            verb = rng.choice(("has risen to", "reached", "stood at"))
        if m.family == "area":
            return f"{self.region()} covers a total area of {cmp}{value}."
        form = rng.randrange(4)
        if form == 0:
            return f"In {self.region()}, the {phrase} {verb} {cmp}{value}{_time_tail(rng, year)}."
        if form == 1:
            return f"{self.region()}'s {phrase} {verb} {cmp}{value}{_time_tail(rng, year)}."
        if form == 2:
            lead = _time_lead(rng, year)
            return f"{lead}, the {phrase} in {self.region()} {verb} {cmp}{value}."
        return f"{self.the_valleys()} {phrase} {verb} {cmp}{value}{_time_tail(rng, year)}."

    def change(self) -> str:
        rng, year = self.rng, self.year
        _, phrase = self.measure(("money", "count"))
        value = self.percent(70)
        cmp = self.comparator()
        verb = rng.choice(("increased by", "grew by", "rose by", "went up by", "rose"))
        since = rng.choice(
            (" compared to the same period last year", " year on year", " from a year earlier", "")
        )
        form = rng.randrange(3)
        if form == 0:
            return f"{self.region()}'s {phrase} {verb} {cmp}{value}{since}."
        if form == 1:
            lead = _time_lead(rng, year)
            return f"{lead}, the {phrase} of {self.region()} {verb} {value}{since}."
        return f"In {self.region()}, the {phrase} {verb} {cmp}{value}{_time_tail(rng, year)}."

    def share(self) -> str:
        rng = self.rng
        _, phrase = self.measure(("money", "count"))
        value = self.percent(80)
        cmp = self.comparator()
        whole = rng.choice(_WHOLES)
        verb = rng.choice(("accounts for", "accounted for", "made up"))
        if rng.random() < 0.5:
            return f"In {self.region()}, the {phrase} {verb} {cmp}{value} of {whole}."
        return f"{self.region()}'s {phrase} {verb} {cmp}{value} of {whole}."

    def event(self) -> str:
        rng = self.rng
        name = f"{self.year} {rng.choice(_TOPICS)} {rng.choice(_GATHERINGS)}"
        name += f" of the {self.initiative()}"
        if self.v.event_series and rng.random() < 0.5:
            series = rng.choice(self.v.event_series)
            edition = max(1, self.year - 2017)
            spelled = edition <= len(_ORDINALS) and rng.random() < 0.5
            ordinal = _ORDINALS[edition - 1] if spelled else _ordinal(edition)
            name += f" at the {ordinal} {series.label}"
            acronyms = [a for a in series.aliases if a.isupper()]
            if acronyms:
                name += f" ({acronyms[0]})"
        when = rng.choice(("recently", "this week", f"on {self.date_words()}"))
        return f"The {name} was held in {self.region()} {when}."

    def date_words(self) -> str:
        month = self.rng.randint(1, 12)
        return f"{_MONTHS_AP[month - 1]} {self.rng.randint(1, 28)}"

    def filler(self) -> str:
        return self.rng.choice(_FILLERS).format(
            r=self.region(), f=self.rng.choice(_FIELDS), i=self.initiative()
        )

    def fact(self) -> str:
        kind = self.rng.choices(("level", "change", "share"), weights=(5, 4, 2))[0]
        return getattr(self, kind)()


def render_article(vocab: Vocabulary, seed: int, index: int) -> tuple[str, str]:
    """Return ``(file name, file text)`` of article ``index`` of corpus ``seed``."""
    rng = random.Random(f"{seed}/{index}")
    date = datetime.date(2018, 1, 1) + datetime.timedelta(days=rng.randrange(7 * 365))
    w = _Writer(vocab, rng, date.year)
    publisher = rng.choice(vocab.organizations) if vocab.organizations else "G60 News"
    field_ = rng.choice(_FIELDS)
    headline = rng.choice(_HEADLINES).format(r=w.focus.label, f=field_, i=w.initiative())
    headline = headline[0].upper() + headline[1:]
    if rng.random() < 0.4:
        headline = f"{publisher}: {headline}"
    slug = f"g60-synthetic-{seed}-{index:05d}"

    paragraphs: list[str] = []
    opening = w.event() if rng.random() < 0.5 else w.fact()
    if rng.random() < 0.6:
        place = rng.choice(vocab.cities or vocab.regions).label.upper()
        month = _MONTHS_AP[date.month - 1]
        if rng.random() < 0.5:
            dateline = f"{place}, {month} {date.day}, {date.year} /PRNewswire/ \u2014 "
        else:
            dateline = f"{place}, {month} {date.day} (Xinhua) -- "
        paragraphs.append(dateline + opening)
    else:
        paragraphs.append(opening)
    for _ in range(rng.randint(3, 6)):
        sentences = [w.fact() for _ in range(rng.randint(1, 2))]
        if rng.random() < 0.5:
            sentences.insert(rng.randint(0, len(sentences)), w.filler())
        paragraphs.append(" ".join(sentences))
    if rng.random() < 0.3:
        paragraphs.append(w.event())

    front = [
        "---",
        f"title: {_yaml_str(headline)}",
        f"date: {date.isoformat()}",
        f"url: https://news.example.org/{date.year}/{date.month:02d}/{slug}.html",
        f"publisher: {_yaml_str(publisher)}",
        "---",
        "",
    ]
    return f"{slug}.txt", "\n".join(front) + "\n\n".join(paragraphs) + "\n"


def _yaml_str(text: str) -> str:
    """A double-quoted YAML scalar (titles hold ':' and '&')."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(n: int, out_dir: Path, seed: int = 7, vocab: Vocabulary | None = None) -> list[Path]:
    """Write ``n`` articles into ``out_dir`` and return their paths, in order.

    Plain writes, not atomic ones: this is a scratch corpus for benchmarks, and
    10,000 fsyncs would measure the disk rather than the generator.
    """
    vocab = vocab or load_vocabulary()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in iter_articles(vocab, n, seed):
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def iter_articles(vocab: Vocabulary, n: int, seed: int) -> Iterator[tuple[str, str]]:
    """Yield ``(file name, text)`` for articles ``0 … n-1`` of corpus ``seed``."""
    for i in range(n):
        yield render_article(vocab, seed, i)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.corpus", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("-n", type=int, default=100, help="number of articles (default 100)")
    parser.add_argument("-o", "--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--seed", type=int, default=7, help="seed number (default 7)")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("-n must be >= 0")
    paths = generate(args.n, args.out, args.seed)
    print(f"wrote {len(paths)} articles to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
