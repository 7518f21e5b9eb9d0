"""Exports toward Wikidata: the Wikidata-shaped view and QuickStatements.

Both only use Wikidata IDs that the reference table verifies. The
QuickStatements export is for a person to review before any upload: it writes
a line only when every ID the statement needs (the property, the unit item,
the time qualifier property and the reference properties) is verified, and
lists every other observation with the reasons it was not exported. With the
reference table as shipped (P2046 and P1082 verified, but no unit item and no
point-in-time, reference-URL, title or publication-date property), that list
is honest about why nothing can be uploaded yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Graph, URIRef

from g60kg import paths
from g60kg.errors import InputError
from g60kg.graph.rdflib_terms import triples_from_rdflib
from g60kg.graph.turtle import to_turtle
from g60kg.namespaces import G60, OWL, PROV, RDF, SCHEMA, SKOS, UNIT, WD, WDT
from g60kg.wikidata.link import curie, load_graph, one_line, wikidata_id
from g60kg.wikidata.reference import QID_RE, ReferenceTable, load_reference

WIKIDATA_SHAPE_QUERY = "wikidata-shape.rq"

#: Reference-table rows naming the IDs a statement needs besides its property.
POINT_IN_TIME = "property: point in time"
START_TIME = "property: start time"
END_TIME = "property: end time"
REFERENCE_URL = "property: reference URL"
TITLE = "property: title"
PUBLICATION_DATE = "property: publication date"

#: Units that need no Wikidata unit item (plain counts and multiples).
UNITLESS = frozenset({UNIT + "NUM", UNIT + "UNITLESS"})


def default_graph() -> Path:
    """The built knowledge graph, ``build/g60kg.ttl``."""
    return paths.DEFAULT_BUILD_DIR / "g60kg.ttl"


def _graph(files: Sequence[Path]) -> Graph:
    files = [Path(f) for f in files] or [default_graph()]
    for file in files:
        if not file.exists():
            hint = " (run g60kg build first)" if file == default_graph() else ""
            raise InputError(f"{file}: no such file{hint}")
    return load_graph(*files)


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
    """QuickStatements v1 lines (one per statement) and the observations left out."""

    lines: list[str]
    skipped: list[Skipped]

    def text(self) -> str:
        return "".join(line + "\n" for line in self.lines)


def quickstatements(
    files: Sequence[Path] = (),
    *,
    subject: str | None = None,
    reference: Path | None = None,
) -> QuickStatements:
    """Observations about linked regions as QuickStatements v1, or why not.

    ``subject`` (a QID) keeps only observations about that item.
    """
    if subject is not None and not (QID_RE.match(subject) and subject.startswith("Q")):
        raise InputError(f"--subject {subject!r} is not a QID (Q followed by digits)")
    return statements(_graph(files), load_reference(reference), subject=subject)


def statements(
    graph: Graph, table: ReferenceTable, *, subject: str | None = None
) -> QuickStatements:
    """The library core of :func:`quickstatements`, on a parsed graph."""

    def one(node: object, prop: str) -> object | None:
        return graph.value(node, URIRef(prop))

    verified = table.verified_ids
    lines: list[str] = []
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
        if kind is not None and str(kind) != G60 + "Level":
            reasons.append(f"a {curie(str(kind))} observation, not a level: no property fits")
        comparator = one(obs, G60 + "comparator")
        if comparator is not None and str(comparator) != G60 + "Exactly":
            reasons.append(f"stated as {curie(str(comparator))}, not an exact amount")
        amount = _amount(graph, obs, verified, reasons)
        qualifiers = _time_qualifiers(
            one(obs, G60 + "periodStart"), one(obs, G60 + "periodEnd"), table, reasons
        )
        sources = _sources(graph, one(obs, PROV + "wasDerivedFrom"), table, reasons)
        if reasons:
            skipped.append(Skipped(str(obs), str(measure), str(area), tuple(reasons)))
            continue
        lines.append("\t".join([item, prop, amount, *qualifiers, *sources]))
    return QuickStatements(lines, skipped)


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


def _amount(graph: Graph, obs: object, verified: frozenset[str], reasons: list[str]) -> str:
    value = graph.value(obs, URIRef(G60 + "value"))
    try:
        number = Decimal(str(value)) if value is not None else None
    except InvalidOperation:
        number = None
    if number is None:
        reasons.append("no numeric g60:value")
        return ""
    text = format(number.normalize(), "f")
    unit = graph.value(obs, URIRef(G60 + "unit"))
    if unit is None or str(unit) in UNITLESS:
        return text
    items = sorted(
        q
        for q in (wikidata_id(o) for o in graph.objects(unit, URIRef(SKOS + "exactMatch")))
        if q and q.startswith("Q") and q in verified
    )
    if not items:
        reasons.append(f"no verified Wikidata unit item for {curie(str(unit))}")
        return ""
    return f"{text}U{items[0][1:]}"


def _time_qualifiers(
    start: object, end: object, table: ReferenceTable, reasons: list[str]
) -> list[str]:
    if start is None or end is None:
        reasons.append("no period (g60:periodStart/g60:periodEnd)")
        return []
    start_s, end_s = str(start), str(end)
    if start_s == end_s:
        return _role(table, POINT_IN_TIME, _qs_time(start_s, 11), reasons)
    if start_s.endswith("-01-01") and end_s == start_s[:4] + "-12-31":
        return _role(table, POINT_IN_TIME, _qs_time(start_s[:4] + "-00-00", 9), reasons)
    return _role(table, START_TIME, _qs_time(start_s, 11), reasons) + _role(
        table, END_TIME, _qs_time(end_s, 11), reasons
    )


def _sources(graph: Graph, article: object, table: ReferenceTable, reasons: list[str]) -> list[str]:
    if article is None:
        reasons.append("no prov:wasDerivedFrom article to cite")
        return []
    url = graph.value(article, URIRef(SCHEMA + "url"))
    headline = graph.value(article, URIRef(SCHEMA + "headline"))
    published = graph.value(article, URIRef(SCHEMA + "datePublished"))
    wanted = []
    if url is not None:
        wanted.append((REFERENCE_URL, f'"{_qs_string(str(url))}"'))
    if headline is not None:
        lang = getattr(headline, "language", None) or "en"
        wanted.append((TITLE, f'{lang}:"{_qs_string(str(headline))}"'))
    if published is not None:
        wanted.append((PUBLICATION_DATE, _qs_time(str(published)[:10], 11)))
    out: list[str] = []
    missing = []
    for role, value in wanted:
        pid = table.term(role)
        if pid:
            out += ["S" + pid[1:], value]
        else:
            missing.append(role.split(": ", 1)[1])
    if not out:
        what = ", ".join(missing) if missing else "the article has no URL, headline or date"
        reasons.append(f"no verified property to cite the article ({what})")
    return out


def _role(table: ReferenceTable, role: str, value: str, reasons: list[str]) -> list[str]:
    pid = table.term(role)
    if pid is None:
        reasons.append(f"no verified property for {role.split(': ', 1)[1]!r}")
        return []
    return [pid, value]


def _qs_time(date: str, precision: int) -> str:
    return f"+{date}T00:00:00Z/{precision}"


def _qs_string(text: str) -> str:
    """QuickStatements v1 strings have no escapes: fold whitespace, swap double quotes."""
    return " ".join(text.split()).replace('"', "'")
