"""What Wikidata holds today for the statements g60kg would export.

Before pasting QuickStatements an editor needs to know, for each statement,
whether Wikidata already has the same value for the same item, property and
time (pasting it would only add a reference), a different one (a conflict to
look at: both values are shown, with the relative difference), or none
(missing). The check asks the Wikidata Query Service through the polite
client (:mod:`g60kg.wikidata.client`): one SPARQL query per batch of item and
property pairs, rate limited, cached on disk when asked.

Times are compared as Wikidata stores them: a point in time (P585) matches at
the same precision and the same year, month or day; a span matches when its
start (P580) and end (P582) are the same days. Amounts are compared exactly,
in the same unit; deprecated statements are ignored (Wikidata itself marks
them as wrong). An answer that is not what the query asks for (a value that is
not a number or a date, a row without its item) stops the check with one line,
like an unreachable service: half a comparison would read as "missing".
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from g60kg.errors import InputError
from g60kg.namespaces import WD
from g60kg.wikidata.client import WikidataError
from g60kg.wikidata.export import (
    DAY,
    END_TIME,
    MONTH,
    POINT_IN_TIME,
    START_TIME,
    YEAR,
    Period,
    Statement,
    decimal_text,
    quickstatements,
)
from g60kg.wikidata.link import curie
from g60kg.wikidata.reference import ReferenceTable, load_reference

if TYPE_CHECKING:
    from g60kg.wikidata.client import WikidataClient

FORMATS = ("table", "csv", "json")
#: Item and property pairs per query: keeps a GET URL far below the service's limits.
BATCH = 25
#: The unit Wikidata's RDF gives a quantity without a unit (the item "1").
NO_UNIT = WD + "Q199"
PROP = "http://www.wikidata.org/prop/"
STATEMENT_VALUE = "http://www.wikidata.org/prop/statement/value/"
QUALIFIER_VALUE = "http://www.wikidata.org/prop/qualifier/value/"

SAME, DIFFERENT, MISSING = "same", "different", "missing"


@dataclass(frozen=True)
class Held:
    """One quantity statement Wikidata holds for an item and property."""

    statement: str
    amount: Decimal
    unit: str | None
    times: frozenset[tuple[str, ...]]

    @property
    def value(self) -> str:
        """The amount as QuickStatements writes it, so it reads like ours."""
        text = decimal_text(self.amount)
        return f"{text}U{self.unit[1:]}" if self.unit else text


@dataclass(frozen=True)
class Comparison:
    """One exportable statement against what Wikidata holds."""

    statement: Statement
    status: str
    held: tuple[Held, ...]
    other_times: int
    relative_difference: Decimal | None

    def record(self) -> dict[str, Any]:
        """The comparison as plain values (what every output format shows)."""
        ours = self.statement
        return {
            "item": ours.item,
            "property": ours.property,
            "time": ours.period.label(),
            "value": ours.value,
            "status": self.status,
            "wikidata": [held.value for held in self.held],
            "relative_difference": self.relative_difference,
            "other_times": self.other_times,
            "observation": ours.observation,
        }


@dataclass(frozen=True)
class CheckResult:
    """Every comparison, and how many requests it took."""

    comparisons: list[Comparison]
    requests: int

    def summary(self) -> str:
        counts = {s: sum(c.status == s for c in self.comparisons) for s in (SAME, DIFFERENT)}
        missing = len(self.comparisons) - sum(counts.values())
        return (
            f"{len(self.comparisons)} statements: {counts[SAME]} same, "
            f"{counts[DIFFERENT]} different, {missing} missing; "
            f"{self.requests} request{'' if self.requests == 1 else 's'} to Wikidata"
        )


def check(
    client: WikidataClient,
    files: Sequence[Path] = (),
    *,
    subject: str | None = None,
    reference: Path | None = None,
) -> CheckResult:
    """Compare every statement ``g60kg export quickstatements`` would write with Wikidata."""
    table = load_reference(reference)
    exported = quickstatements(files, subject=subject, reference=reference).statements
    before = client.requests_sent
    comparisons = compare(client, exported, table)
    return CheckResult(comparisons, client.requests_sent - before)


def compare(
    client: WikidataClient, statements: Sequence[Statement], table: ReferenceTable
) -> list[Comparison]:
    """The library core of :func:`check`: ask Wikidata, then compare each statement."""
    pairs = sorted({(s.item, s.property) for s in statements})
    held: dict[tuple[str, str], list[Held]] = {pair: [] for pair in pairs}
    for start in range(0, len(pairs), BATCH):
        query = held_query(pairs[start : start + BATCH], table)
        rows = client.sparql(query, check=lambda rows: _read_rows(rows, client.sparql_url))
        for pair, values in _read_rows(rows, client.sparql_url).items():
            if pair in held:
                held[pair].extend(values)
    return [_compare(s, held[(s.item, s.property)]) for s in statements]


def held_query(pairs: Sequence[tuple[str, str]], table: ReferenceTable) -> str:
    """SPARQL for the quantity statements of the pairs, with their time qualifiers."""
    rows = "\n".join(f"    (wd:{item} p:{prop} psv:{prop})" for item, prop in pairs)
    optional = ""
    for role, var, precision in (
        (POINT_IN_TIME, "time", "precision"),
        (START_TIME, "start", "startPrecision"),
        (END_TIME, "end", "endPrecision"),
    ):
        pid = table.term(role)
        if pid:  # a time property the table does not verify cannot be in a statement
            optional += (
                f"  OPTIONAL {{ ?statement pqv:{pid} ?{var}Node .\n"
                f"             ?{var}Node wikibase:timeValue ?{var} ; "
                f"wikibase:timePrecision ?{precision} . }}\n"
            )
    return f"""PREFIX wd: <{WD}>
PREFIX p: <{PROP}>
PREFIX psv: <{STATEMENT_VALUE}>
PREFIX pqv: <{QUALIFIER_VALUE}>
PREFIX wikibase: <http://wikiba.se/ontology#>
SELECT ?item ?claim ?statement ?amount ?unit ?time ?precision ?start ?startPrecision
       ?end ?endPrecision WHERE {{
  VALUES (?item ?claim ?value) {{
{rows}
  }}
  ?item ?claim ?statement .
  ?statement ?value ?quantity ;
             wikibase:rank ?rank .
  FILTER(?rank != wikibase:DeprecatedRank)
  ?quantity wikibase:quantityAmount ?amount ;
            wikibase:quantityUnit ?unit .
{optional}}}
ORDER BY ?item ?claim ?statement
"""


def time_key(period: Period) -> tuple[str, ...]:
    """How the statement's time is compared: ``("point", "9", "2023")`` or a span of days."""
    precision = period.precision
    if precision is None:
        return ("span", period.start.isoformat(), period.end.isoformat())
    return ("point", str(precision), _truncate(period.start.isoformat(), precision))


def _truncate(date: str, precision: int) -> str:
    return {YEAR: date[:4], MONTH: date[:7], DAY: date[:10]}.get(precision, date)


def _read_rows(rows: list[dict[str, str]], where: str) -> dict[tuple[str, str], list[Held]]:
    """Group the answer by statement; anything not shaped as asked is a WikidataError."""
    grouped: dict[str, dict[str, Any]] = {}
    for row in rows:
        try:
            item, claim, statement = row["item"], row["claim"], row["statement"]
            amount = Decimal(row["amount"])
            unit = row["unit"]
        except KeyError as exc:
            raise WikidataError(f"SPARQL answer from {where} has a row without {exc}") from None
        except InvalidOperation:
            raise WikidataError(
                f"SPARQL answer from {where}: amount {row['amount']!r} is not a number"
            ) from None
        if not (item.startswith(WD) and claim.startswith(PROP) and unit.startswith(WD)):
            raise WikidataError(f"SPARQL answer from {where} names no Wikidata item or property")
        if not amount.is_finite():
            raise WikidataError(f"SPARQL answer from {where}: amount {amount} is not a number")
        entry = grouped.setdefault(
            statement,
            {
                "pair": (item[len(WD) :], claim[len(PROP) :]),
                "amount": amount,
                "unit": None if unit == NO_UNIT else unit[len(WD) :],
                "times": set(),
            },
        )
        entry["times"].update(_held_times(row, where))
    out: dict[tuple[str, str], list[Held]] = {}
    for statement, entry in grouped.items():
        out.setdefault(entry["pair"], []).append(
            Held(statement, entry["amount"], entry["unit"], frozenset(entry["times"]))
        )
    return out


def _held_times(row: dict[str, str], where: str) -> set[tuple[str, ...]]:
    times: set[tuple[str, ...]] = set()
    if "time" in row:
        precision = _precision(row.get("precision"), where)
        times.add(("point", str(precision), _truncate(_date(row["time"], where), precision)))
    if "start" in row and "end" in row:
        start_precision = _precision(row.get("startPrecision"), where)
        end_precision = _precision(row.get("endPrecision"), where)
        if start_precision == end_precision == DAY:
            times.add(("span", _date(row["start"], where), _date(row["end"], where)))
    return times


def _precision(text: str | None, where: str) -> int:
    try:
        return int(text or "")
    except ValueError:
        raise WikidataError(
            f"SPARQL answer from {where}: time precision {text!r} is not a number"
        ) from None


def _date(text: str, where: str) -> str:
    """``2023-01-01`` from ``2023-01-01T00:00:00Z`` (Wikidata's times are at midnight UTC)."""

    day = text.lstrip("+")[:10]
    try:
        datetime.date.fromisoformat(day)
    except ValueError:
        raise WikidataError(f"SPARQL answer from {where}: {text!r} is not a date") from None
    return day


def _compare(statement: Statement, held: list[Held]) -> Comparison:
    key = time_key(statement.period)
    at_time = tuple(sorted((h for h in held if key in h.times), key=lambda h: h.statement))
    others = len(held) - len(at_time)
    if not at_time:
        return Comparison(statement, MISSING, (), others, None)
    if any(h.amount == statement.amount and h.unit == statement.unit for h in at_time):
        return Comparison(statement, SAME, at_time, others, Decimal(0))
    differences = [
        (statement.amount - h.amount) / h.amount
        for h in at_time
        if h.unit == statement.unit and h.amount != 0
    ]
    nearest = min(differences, key=abs) if differences else None
    return Comparison(statement, DIFFERENT, at_time, others, nearest)


# -- output -------------------------------------------------------------------------------------

COLUMNS = (
    "item",
    "property",
    "time",
    "value",
    "status",
    "wikidata",
    "relative_difference",
    "other_times",
    "observation",
)


def render(result: CheckResult, fmt: str) -> str:
    """The comparisons as an aligned table, CSV (RFC 4180) or JSON (a list of objects)."""
    records = [c.record() for c in result.comparisons]
    if fmt == "json":
        for record in records:
            diff = record["relative_difference"]
            record["relative_difference"] = None if diff is None else float(round(diff, 6))
        return json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for record in records:
            diff = record["relative_difference"]
            record["wikidata"] = " ".join(record["wikidata"])
            record["relative_difference"] = "" if diff is None else f"{diff:.6f}"
            writer.writerow([record[c] for c in COLUMNS])
        return buffer.getvalue()
    if fmt != "table":
        raise InputError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    header = ["item", "property", "time", "value", "status", "wikidata", "difference", "other"]
    header.append("observation")
    cells = [
        [
            r["item"],
            r["property"],
            r["time"],
            r["value"],
            r["status"],
            " ".join(r["wikidata"]) or "-",
            "" if r["relative_difference"] is None else f"{r['relative_difference']:+.2%}",
            str(r["other_times"]),
            curie(r["observation"]),
        ]
        for r in records
    ]
    widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(header)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, cells)]) + "\n"
