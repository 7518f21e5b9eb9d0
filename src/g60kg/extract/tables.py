"""Tables printed as text: a heading that names a measure, then one line per place.

Statistics pages print a table as lines of text: "GDP of the 16 cities in 2022:"
and under it "Hefei 12013.1 3.5%", "Wuhu 4502.13 4.1%". No sentence states these
figures, so the sentence reader cannot take them; this module reads them as a
person reads a table:

* a **row** is one line holding a known place and then numbers only;
* the **heading** is the nearest line above the first row of a run that names a
  measure of the lexicon; its time phrase, if any, is the period of every row;
* a **percent** in a row is the change of the heading's measure (the growth column
  statistical tables print beside a level), unless the measure is itself a rate;
* a number with **no unit** is set aside: the unit (often "100 million yuan")
  is a convention of the source that the text does not state;
* a heading that names a province ("cities in Anhui") decides which of two
  places of one name a row means (Suzhou of Anhui, not of Jiangsu).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from g60kg.extract.facts import Mention, Observation, Rejection, Span
from g60kg.extract.gazetteer import REGION_KINDS, Gazetteer
from g60kg.extract.measures import Lexicon
from g60kg.namespaces import UNIT

# A row's place: any region below the country (a country's row is no table of places).
_ROW_KINDS = REGION_KINDS - {"Country"}
# After the place: numbers only, each perhaps a percent ("12013.1 3.5%").
_ROW_REST = re.compile(r"(?:[ \t]+[-+]?\d[\d,]*(?:\.\d+)?[ \t]*%?)+[ \t]*")
# Why a row's number is decided as it is, for ``g60kg extract --explain``.
_ROW_RULE = "a row of a text table"
# How far above the first row its heading may stand (lines).
_HEADING_WITHIN = 3


@dataclass(frozen=True)
class TableReading:
    observations: list[Observation]
    #: Quantities of rows not taken, by begin offset.
    set_aside: dict[int, Rejection]


def read_tables(
    *,
    slug: str,
    text: str,
    norm: str,
    paragraphs: Sequence[tuple[int, int]],
    mentions: Sequence[Mention],
    quantities: Sequence,
    times: Sequence,
    lexicon: Lexicon,
    gazetteer: Gazetteer | None = None,
) -> TableReading:
    """The observations of every text table in the paragraphs, in text order."""
    by_start = {m.span.begin: m for m in mentions}
    q_starts = [q.begin for q in quantities]
    lines = [ln for b, e in paragraphs for ln in _lines(norm, b, e)]
    observations: list[Observation] = []
    set_aside: dict[int, Rejection] = {}
    heading: tuple[str, tuple] | None = None
    last_row = -10
    for i, (b, e) in enumerate(lines):
        place = by_start.get(b)
        is_row = (
            place is not None
            and place.kind in _ROW_KINDS
            and _ROW_REST.fullmatch(norm, place.span.end, e) is not None
        )
        if not is_row:
            continue
        if i - last_row > 1:  # the first row of a run: find its heading
            heading = _heading(norm, lines, i, lexicon, times)
            within = _heading_provinces(lines, i, mentions)
        last_row = i
        if heading is None:
            continue
        measure, period = heading
        subject = _in_provinces(place, within, gazetteer)
        row = quantities[bisect.bisect_left(q_starts, b) : bisect.bisect_left(q_starts, e)]
        for q in row:
            if q.unit != UNIT + "PERCENT":
                set_aside[q.begin] = Rejection(
                    q.stated, q.begin, q.end, "table figure with no unit", _ROW_RULE
                )
                continue
            rate = lexicon[measure].implied_by_units == (UNIT + "PERCENT",)
            observations.append(
                Observation(
                    article_slug=slug,
                    begin=q.begin,
                    end=q.end,
                    subject=subject,
                    measure=measure,
                    value=q.value,
                    stated=q.stated,
                    unit=q.unit,
                    value_kind="Level" if rate else "Change",
                    comparator=q.comparator,
                    evidence=Span(b, e, text[b:e]),
                    period_start=period[0],
                    period_end=period[1],
                    rule="a row of a table under a heading that names the measure",
                )
            )
    return TableReading(observations, set_aside)


def _heading_provinces(lines: list, first_row: int, mentions: Sequence[Mention]) -> set[str]:
    """The provinces the lines just above a table name ("16 cities in Anhui")."""
    top = lines[max(0, first_row - _HEADING_WITHIN)][0]
    bottom = lines[first_row][0]
    return {m.iri for m in mentions if top <= m.span.begin < bottom and m.kind == "Province"}


def _in_provinces(place: Mention, provinces: set[str], gazetteer: Gazetteer | None) -> str:
    """The reading of a row's place name that lies in the heading's province, if one does."""
    if not provinces or gazetteer is None or place.iri not in gazetteer.entities:
        return place.iri
    if provinces & set(gazetteer.ancestors(place.iri)):
        return place.iri
    for iri in gazetteer.lookup(place.span.quote):
        if provinces & set(gazetteer.ancestors(iri)):
            return iri
    return place.iri


def _lines(norm: str, begin: int, end: int) -> list[tuple[int, int]]:
    """The non-blank lines of ``norm[begin:end]``, trimmed."""
    out = []
    for m in re.finditer(r"[^\n]+", norm[begin:end]):
        b, e = begin + m.start(), begin + m.end()
        while b < e and norm[b].isspace():
            b += 1
        while e > b and norm[e - 1].isspace():
            e -= 1
        if b < e:
            out.append((b, e))
    return out


def _heading(norm: str, lines: list, first_row: int, lexicon: Lexicon, times: Sequence):
    """``(measure IRI, (start, end))`` of the line that heads a run of rows, or None."""
    for k in range(first_row - 1, max(-1, first_row - 1 - _HEADING_WITHIN), -1):
        b, e = lines[k]
        found = lexicon.find(norm, b, e)
        if not found:
            continue
        periods = [
            t for t in times if b <= t.begin and t.end <= e and t.kind == "period" and t.start
        ]
        period = (periods[-1].start, periods[-1].end_date) if periods else (None, None)
        return found[-1][2], period
    return None
