"""Exports toward Wikidata: the Wikidata-shaped view and QuickStatements.

Both only use Wikidata IDs that the reference table verifies. The
QuickStatements export is for a person to review before any upload: it writes
a statement only when the graph says exactly what Wikidata would record (one
exact level of a measure aligned to a verified property, about a linked item,
in a unit the alignment allows and whose item is verified, for a stated
period) and every ID the statement needs is verified; every other observation
is listed with all the reasons it was not exported. Nothing is guessed: a
range, a bound ("more than"), an approximation, a change or a share stays in
the list.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Graph, URIRef

from g60kg import paths
from g60kg.errors import InputError
from g60kg.graph.rdflib_files import read_graph
from g60kg.graph.rdflib_terms import triples_from_rdflib
from g60kg.graph.turtle import to_turtle
from g60kg.namespaces import G60, OWL, PROV, RDF, SCHEMA, SKOS, UNIT, WD, WDT
from g60kg.wikidata.link import curie, one_line, wikidata_id
from g60kg.wikidata.reference import QID_RE, ReferenceTable, load_reference

WIKIDATA_SHAPE_QUERY = "wikidata-shape.rq"

#: Reference-table rows naming the IDs a statement needs besides its property.
POINT_IN_TIME = "property: point in time"
START_TIME = "property: start time"
END_TIME = "property: end time"
REFERENCE_URL = "property: reference URL"
TITLE = "property: title"
PUBLICATION_DATE = "property: publication date"
STATED_IN = "property: stated in"
RETRIEVED = "property: retrieved"

#: Units that need no Wikidata unit item (plain counts and multiples).
UNITLESS = frozenset({UNIT + "NUM", UNIT + "UNITLESS"})

#: Wikidata time precisions (the ``/P`` of a QuickStatements time).
YEAR, MONTH, DAY = 9, 10, 11

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def default_graph() -> Path:
    """The built knowledge graph, ``build/g60kg.ttl``."""
    return paths.DEFAULT_BUILD_DIR / "g60kg.ttl"


def _graph(files: Sequence[Path]) -> Graph:
    files = [Path(f) for f in files] or [default_graph()]
    for file in files:
        if not file.exists():
            hint = " (run g60kg build first)" if file == default_graph() else ""
            raise InputError(f"{file}: no such file{hint}")
    return read_graph(files)


# -- the Wikidata-shaped view ------------------------------------------------------


def wikidata_shape(files: Sequence[Path] = ()) -> bytes:
    """Run ``queries/wikidata-shape.rq`` over the graph; Turtle, deterministic.

    The stored query is the definition (``g60kg query`` runs the same text);
    this function only runs it and writes the result with the project's
    deterministic Turtle writer and the ``wd:``/``wdt:`` prefixes.
    """
    query_file = paths.queries_dir() / WIKIDATA_SHAPE_QUERY
    try:
        query = query_file.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{query_file}: cannot read: {exc.strerror}") from None
    source = _graph(files)
    try:
        result = source.query(query)
    except Exception as exc:
        raise InputError(f"{query_file}: {one_line(exc)}") from None
    out = Graph(bind_namespaces="none")
    for triple in result:
        out.add(triple)
    return to_turtle(triples_from_rdflib(out), {"wd": WD, "wdt": WDT})


# -- QuickStatements ------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """When an observation holds, read as Wikidata records time.

    A single day, a whole calendar month or a whole calendar year is a point in
    time (P585) at day, month or year precision; any other span is a start
    time and an end time (P580/P582), each to the day.
    """

    start: datetime.date
    end: datetime.date

    @property
    def precision(self) -> int | None:
        """9 (year), 10 (month) or 11 (day) for a point in time; None for a span."""
        start, end = self.start, self.end
        if start == end:
            return DAY
        if start.day != 1 or end < start or (end + datetime.timedelta(days=1)).day != 1:
            return None
        if start.month == 1 and end.month == 12 and start.year == end.year:
            return YEAR
        if (start.year, start.month) == (end.year, end.month):
            return MONTH
        return None

    def label(self) -> str:
        """``2023``, ``2023-05``, ``2023-05-04`` or ``2023-01-01/2023-11-22``."""
        precision = self.precision
        if precision == YEAR:
            return f"{self.start.year:04d}"
        if precision == MONTH:
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if precision == DAY:
            return self.start.isoformat()
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    def point(self) -> str:
        """The point in time as a QuickStatements time (only when :attr:`precision` is set)."""
        day = self.start
        if self.precision == YEAR:
            return qs_time(f"{day.year:04d}-00-00", YEAR)
        if self.precision == MONTH:
            return qs_time(f"{day.year:04d}-{day.month:02d}-00", MONTH)
        return qs_time(day.isoformat(), DAY)


@dataclass(frozen=True)
class Statement:
    """One exportable observation, as the Wikidata statement it becomes.

    ``qualifiers`` and ``reference`` are QuickStatements (property, value)
    pairs, flattened; ``unit`` is the unit item's QID, or None for a plain
    number (a population).
    """

    observation: str
    item: str
    property: str
    amount: Decimal
    unit: str | None
    period: Period
    qualifiers: tuple[str, ...]
    reference: tuple[str, ...]

    @property
    def value(self) -> str:
        """The quantity as QuickStatements writes it: ``735200000000U39099``."""
        text = decimal_text(self.amount)
        return f"{text}U{self.unit[1:]}" if self.unit else text

    def line(self) -> str:
        return "\t".join((self.item, self.property, self.value, *self.qualifiers, *self.reference))


@dataclass(frozen=True)
class Skipped:
    """An observation not exported, with every reason."""

    observation: str
    measure: str
    ref_area: str
    reasons: tuple[str, ...]

    def line(self) -> str:
        return "\t".join(
            (
                curie(self.observation),
                curie(self.measure),
                curie(self.ref_area),
                "; ".join(self.reasons),
            )
        )


@dataclass(frozen=True)
class QuickStatements:
    """The exportable statements (one QuickStatements v1 line each), and what was left out."""

    statements: list[Statement]
    skipped: list[Skipped]

    @property
    def lines(self) -> list[str]:
        return [statement.line() for statement in self.statements]

    def text(self) -> str:
        return "".join(line + "\n" for line in self.lines)


def quickstatements(
    files: Sequence[Path] = (),
    *,
    subject: str | None = None,
    reference: Path | None = None,
    retrieved: datetime.date | None = None,
) -> QuickStatements:
    """Observations about linked regions as QuickStatements v1, or why not.

    ``subject`` (a QID) keeps only observations about that item. ``retrieved``
    (the date of the reference's "retrieved", P813) defaults to the build
    date: the day, in UTC, the newest of ``files`` was last written, which is
    when the articles were last read into the graph.
    """
    if subject is not None and not (QID_RE.match(subject) and subject.startswith("Q")):
        raise InputError(f"--subject {subject!r} is not a QID (Q followed by digits)")
    files = [Path(f) for f in files] or [default_graph()]
    graph = _graph(files)
    if retrieved is None:
        newest = max(f.stat().st_mtime for f in files)
        retrieved = datetime.datetime.fromtimestamp(newest, datetime.UTC).date()
    return statements(graph, load_reference(reference), retrieved=retrieved, subject=subject)


def statements(
    graph: Graph,
    table: ReferenceTable,
    *,
    retrieved: datetime.date,
    subject: str | None = None,
) -> QuickStatements:
    """The library core of :func:`quickstatements`, on a parsed graph."""

    def one(node: object, prop: str) -> object | None:
        return graph.value(node, URIRef(prop))

    verified = table.verified_ids
    exported: list[Statement] = []
    skipped: list[Skipped] = []
    observations = sorted(graph.subjects(URIRef(RDF + "type"), URIRef(G60 + "Observation")))
    for obs in observations:
        area = one(obs, G60 + "refArea")
        measure = one(obs, G60 + "measure")
        reasons: list[str] = []
        item = _linked_item(graph, area, verified, reasons)
        if subject is not None and item != subject:
            continue
        prop = _measure_property(graph, measure, verified, reasons)
        kind = one(obs, G60 + "valueKind")
        if kind is None:
            reasons.append("no g60:valueKind: not known to be a level")
        elif str(kind) != G60 + "Level":
            reasons.append(f"a {curie(str(kind))} observation, not a level: no property fits")
        comparator = one(obs, G60 + "comparator")
        if comparator is not None and str(comparator) != G60 + "Exactly":
            reasons.append(f"stated as {curie(str(comparator))}, not an exact amount")
        stated = one(obs, G60 + "statedValue")
        if stated is not None and len(_NUMBER.findall(str(stated))) > 1:
            reasons.append(f"a range ({str(stated)!r}), not one amount")
        amount, unit = _amount(graph, obs, measure if prop else None, verified, reasons)
        period = _period(one(obs, G60 + "periodStart"), one(obs, G60 + "periodEnd"), reasons)
        qualifiers = _time_qualifiers(period, table, reasons) if period else ()
        cited = _reference(graph, one(obs, PROV + "wasDerivedFrom"), table, retrieved, reasons)
        if reasons or amount is None or period is None:
            skipped.append(Skipped(str(obs), str(measure), str(area), tuple(reasons)))
            continue
        exported.append(Statement(str(obs), item, prop, amount, unit, period, qualifiers, cited))
    return QuickStatements(exported, skipped)


def _linked_item(graph: Graph, area: object, verified: frozenset[str], reasons: list[str]) -> str:
    if area is None:
        reasons.append("no g60:refArea")
        return ""
    qids = sorted(
        q for q in (wikidata_id(o) for o in graph.objects(area, URIRef(OWL + "sameAs"))) if q
    )
    if not qids:
        reasons.append(f"{curie(str(area))} has no owl:sameAs wd:Q…")
        return ""
    unverified = [q for q in qids if q not in verified]
    if unverified:
        reasons.append(f"{curie(str(area))} is linked to {unverified[0]}, not verified")
        return ""
    if len(qids) > 1:
        reasons.append(f"{curie(str(area))} is linked to several items ({', '.join(qids)})")
        return ""
    return qids[0]


def _measure_property(
    graph: Graph, measure: object, verified: frozenset[str], reasons: list[str]
) -> str:
    if measure is None:
        reasons.append("no g60:measure")
        return ""
    pids = sorted(
        p
        for p in (wikidata_id(o) for o in graph.objects(measure, URIRef(SKOS + "exactMatch")))
        if p and p.startswith("P")
    )
    if not pids:
        reasons.append(f"no Wikidata property is aligned to {curie(str(measure))}")
        return ""
    if pids[0] not in verified:
        reasons.append(f"{curie(str(measure))} is aligned to {pids[0]}, not verified")
        return ""
    return pids[0]


def _amount(
    graph: Graph, obs: object, measure: object, verified: frozenset[str], reasons: list[str]
) -> tuple[Decimal | None, str | None]:
    """The value, and the verified Wikidata item of its unit (None for a plain number).

    ``measure`` is the aligned measure, whose ``g60:exportUnit`` values are the
    units in which its values mean what its Wikidata property means.
    """
    value = graph.value(obs, URIRef(G60 + "value"))
    try:
        number = Decimal(str(value)) if value is not None else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        reasons.append("no numeric g60:value")
        number = None
    unit = graph.value(obs, URIRef(G60 + "unit"))
    if unit is None:
        reasons.append("no g60:unit")
        return number, None
    if measure is not None:
        allowed = set(graph.objects(measure, URIRef(G60 + "exportUnit")))
        if unit not in allowed:
            reasons.append(
                f"{curie(str(unit))} is not a unit {curie(str(measure))} is exported in"
                + (f" ({', '.join(sorted(curie(str(u)) for u in allowed))})" if allowed else "")
            )
    if str(unit) in UNITLESS:
        return number, None
    items = sorted(
        q
        for q in (wikidata_id(o) for o in graph.objects(unit, URIRef(SKOS + "exactMatch")))
        if q and q.startswith("Q") and q in verified
    )
    if not items:
        reasons.append(f"no verified Wikidata unit item for {curie(str(unit))}")
        return number, None
    return number, items[0]


def _period(start: object, end: object, reasons: list[str]) -> Period | None:
    if start is None or end is None:
        reasons.append("no period (g60:periodStart/g60:periodEnd)")
        return None
    try:
        period = Period(
            datetime.date.fromisoformat(str(start)), datetime.date.fromisoformat(str(end))
        )
    except ValueError:
        reasons.append(f"period {start}/{end} is not two dates")
        return None
    if period.end < period.start:
        reasons.append(f"period {period.label()} ends before it starts")
        return None
    return period


def _time_qualifiers(period: Period, table: ReferenceTable, reasons: list[str]) -> tuple[str, ...]:
    if period.precision is not None:
        return _role(table, POINT_IN_TIME, period.point(), reasons)
    return _role(table, START_TIME, qs_time(period.start.isoformat(), DAY), reasons) + _role(
        table, END_TIME, qs_time(period.end.isoformat(), DAY), reasons
    )


def _reference(
    graph: Graph,
    article: object,
    table: ReferenceTable,
    retrieved: datetime.date,
    reasons: list[str],
) -> tuple[str, ...]:
    """One reference: the article's URL, title, date, publisher (where verified), retrieved.

    The URL is required (it is what a reviewer follows to check the number);
    title, publication date and publisher are added when the graph has them
    and, for the publisher, when it is linked to a verified item.
    """
    if article is None:
        reasons.append("no prov:wasDerivedFrom article to cite")
        return ()
    url = graph.value(article, URIRef(SCHEMA + "url"))
    if url is None:
        reasons.append(f"{curie(str(article))} has no schema:url to cite")
        return ()
    headline = graph.value(article, URIRef(SCHEMA + "headline"))
    published = graph.value(article, URIRef(SCHEMA + "datePublished"))
    publisher = graph.value(article, URIRef(SCHEMA + "publisher"))
    wanted: list[tuple[str, str]] = [(REFERENCE_URL, f'"{qs_string(str(url))}"')]
    if headline is not None:
        lang = (getattr(headline, "language", None) or "en").lower()
        wanted.append((TITLE, f'{lang}:"{qs_string(str(headline))}"'))
    if published is not None:
        wanted.append((PUBLICATION_DATE, qs_time(str(published)[:10], DAY)))
    if publisher is not None:
        qids = sorted(
            q
            for q in (wikidata_id(o) for o in graph.objects(publisher, URIRef(OWL + "sameAs")))
            if q and q in table.verified_ids
        )
        if len(qids) == 1:
            wanted.append((STATED_IN, qids[0]))
    wanted.append((RETRIEVED, qs_time(retrieved.isoformat(), DAY)))
    out: list[str] = []
    for role, value in wanted:
        pid = table.term(role)
        if pid:
            out += ["S" + pid[1:], value]
        elif role in (REFERENCE_URL, RETRIEVED):
            reasons.append(f"no verified property for {role.split(': ', 1)[1]!r}")
    return tuple(out)


def _role(table: ReferenceTable, role: str, value: str, reasons: list[str]) -> tuple[str, ...]:
    pid = table.term(role)
    if pid is None:
        reasons.append(f"no verified property for {role.split(': ', 1)[1]!r}")
        return ()
    return (pid, value)


def decimal_text(number: Decimal) -> str:
    """A decimal as QuickStatements (and Wikidata) write amounts: digits, no exponent."""
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def qs_time(date: str, precision: int) -> str:
    """``+2023-00-00T00:00:00Z/9``: a QuickStatements time at a precision."""
    return f"+{date}T00:00:00Z/{precision}"


def qs_string(text: str) -> str:
    """QuickStatements v1 strings have no escapes: fold whitespace, swap double quotes."""
    return " ".join(text.split()).replace('"', "'")
