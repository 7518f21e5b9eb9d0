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


@dataclass(frozen=True)
class Vocabulary:
    """Everything the generator names, read from the knowledge files."""

    regions: tuple[Place, ...]
    initiatives: tuple[Place, ...]
    organizations: tuple[str, ...]
    event_series: tuple[Place, ...]
    measures: tuple[Measure, ...]
    cities: tuple[Place, ...] = field(default=())


# --- reading the knowledge files ---------------------------------------------

_UNIT_FAMILIES = {
    "PERCENT": "percent",
    "KiloM2": "area",
    "KiloM": "area",
    "M2": "area",
    "CCY_CNY": "money",
    "CCY_USD": "money",
    "NUM": "count",
}


def _family_from_words(phrase: str) -> str:
    """Guess the value family of a measure from its phrase.

    Only used when the lexicon does not say which unit a measure takes; the
    guess decides whether the generator writes "yuan", "percent", a count or
    "square kilometers" after the number.
    """
    words = phrase.lower()
    if "area" in words:
        return "area"
    if any(w in words for w in ("intensity", "rate", "ratio", "share", "proportion")):
        return "percent"
    if any(w in words for w in ("number", "count", "enterprises", "projects", "patents")):
        return "count"
    return "money"


def load_vocabulary(ontology: Path | None = None) -> Vocabulary:
    """Read regions, initiatives, organisations, events and measures from ``ontology``.

    Regions, initiatives, organisations and event series are recognised by
    their IRI pattern (``g60r:region/…`` etc., the data-model contract), their
    names are ``rdfs:label``@en plus ``skos:altLabel``@en. Measures are the
    ``skos:Concept``s in ``g60m:`` with their ``prefLabel``/``altLabel``
    phrases.
    """
    from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef

    if ontology is None:
        from g60kg.paths import ontology_dir

        ontology = ontology_dir()
    graph = Graph()
    for name in ("gazetteer.ttl", "measures.ttl", "g60kg.ttl"):
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

    def places(prefix: str) -> tuple[Place, ...]:
        found = []
        subjects = {s for s in graph.subjects() if isinstance(s, URIRef)}
        for s in sorted(subjects, key=str):
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
    organizations = tuple(p.label for p in places("organization/"))
    events = tuple(p for p in places("event/") if p.kind == "EventSeries")

    measures = []
    unit_predicates = [URIRef(G60 + "unit"), URIRef("http://qudt.org/schema/qudt/hasUnit")]
    for s in sorted(set(graph.subjects(RDF.type, SKOS.Concept)), key=str):
        if not str(s).startswith(G60M):
            continue
        pref = english(s, SKOS.prefLabel)
        if not pref:
            continue
        phrases = tuple(dict.fromkeys([*pref, *english(s, SKOS.altLabel)]))
        family = None
        for p in unit_predicates:
            for unit in sorted(graph.objects(s, p), key=str):
                family = family or _UNIT_FAMILIES.get(str(unit).rsplit("/", 1)[-1])
        measures.append(Measure(pref[0], phrases, family or _family_from_words(pref[0])))

    vocab = Vocabulary(
        regions=regions,
        initiatives=initiatives,
        organizations=organizations,
        event_series=events,
        measures=tuple(measures),
        cities=tuple(
            p for p in regions if p.kind in ("Municipality", "PrefectureLevelCity", "District")
        ),
    )
    if not vocab.regions or not vocab.measures:
        return _fallback(vocab)
    return vocab


def _fallback(found: Vocabulary) -> Vocabulary:
    """TEMPORARY: names to use until gazetteer.ttl and measures.ttl exist on main.

    Only the parts the knowledge files do not provide yet are filled in.
    """
    regions = found.regions or (
        Place("Songjiang District", ("Songjiang",), "District"),
        Place("Hangzhou", (), "PrefectureLevelCity"),
        Place("Huzhou", (), "PrefectureLevelCity"),
        Place("Jiaxing", (), "PrefectureLevelCity"),
        Place("Hefei", (), "PrefectureLevelCity"),
        Place("Shanghai", (), "Municipality"),
        Place("Zhejiang Province", ("Zhejiang",), "Province"),
    )
    measures = found.measures or (
        Measure("utilization of foreign capital", ("utilization of foreign capital",), "money"),
        Measure("area", ("total area",), "area"),
        Measure("R&D investment intensity", ("R&D investment intensity",), "percent"),
        Measure("total investment", ("total investment",), "money"),
    )
    return Vocabulary(
        regions=regions,
        initiatives=found.initiatives
        or (Place("G60 Science and Technology Innovation Valley", ("G60 S&T Innovation Valley",)),),
        organizations=found.organizations or ("Xinhua Silk Road", "PR Newswire"),
        event_series=found.event_series or (Place("China International Import Expo", ("CIIE",)),),
        measures=measures,
        cities=tuple(
            p for p in regions if p.kind in ("Municipality", "PrefectureLevelCity", "District")
        ),
    )


# --- writing articles --------------------------------------------------------

_MONTHS_AP = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
              "Nov.", "Dec.")  # fmt: skip
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "10th")  # fmt: skip
_COMPARATORS = ("", "", "", "", "more than ", "nearly ", "about ", "over ", "at least ",
                "less than ", "approximately ", "almost ")  # fmt: skip
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


def _money(rng: random.Random) -> str:
    scale = rng.choice(("million", "billion", "billion", "trillion"))
    top = {"million": 999, "billion": 999, "trillion": 9}[scale]
    whole = rng.randint(1, top)
    digits = rng.choice((0, 1, 2)) if whole < 100 else 0
    number = f"{whole}" if digits == 0 else f"{whole}.{rng.randint(1, 10**digits - 1):0{digits}d}"
    currency = rng.choice(("yuan", "yuan", "yuan", "U.S. dollars"))
    return f"{number} {scale} {currency}"


def _percent(rng: random.Random, high: int = 90) -> str:
    value = f"{rng.randint(1, high)}.{rng.randint(0, 9)}".removesuffix(".0")
    return f"{value}{rng.choice((' percent', ' percent', ' percent', '%'))}"


def _count(rng: random.Random) -> str:
    return f"{rng.randint(12, 48000):,}"


def _area(rng: random.Random) -> str:
    return f"{rng.randint(50, 90000):,} square kilometers"


_VALUE = {"money": _money, "percent": _percent, "count": _count, "area": _area}


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

    def region(self) -> str:
        place = self.focus if self.rng.random() < 0.5 else self.rng.choice(self.v.regions)
        return self.rng.choice(place.names())

    def initiative(self) -> str:
        if not self.v.initiatives:
            return "valley"
        return self.rng.choice(self.rng.choice(self.v.initiatives).names())

    def measure(self, families: Sequence[str] | None = None) -> tuple[Measure, str]:
        pool = [m for m in self.v.measures if families is None or m.family in families]
        m = self.rng.choice(pool or list(self.v.measures))
        return m, self.rng.choice(m.phrases)

    def level(self) -> str:
        rng, year = self.rng, self.year
        m, phrase = self.measure()
        value = _VALUE[m.family](rng)
        cmp = rng.choice(_COMPARATORS)
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
        return f"The valley's {phrase} {verb} {cmp}{value}{_time_tail(rng, year)}."

    def change(self) -> str:
        rng, year = self.rng, self.year
        _, phrase = self.measure(("money", "count"))
        value = _percent(rng, 70)
        cmp = rng.choice(_COMPARATORS)
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
        value = _percent(rng, 80)
        cmp = rng.choice(_COMPARATORS)
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
