"""Find time expressions and resolve them to calendar dates.

Absolute expressions resolve on their own ("2023", "Nov. 22, 2023", "in April
2021", "between 2016 and 2020", "the 14th Five-Year Plan period"); relative ones
resolve against the publication date ("this year", "last year", "the first three
quarters of this year", "over the past five years", "by the end of last year")
and resolve to ``None`` dates when the article has no date.

Conventions (docs/data-model.md), all dates inclusive:

* a year → Jan 1 … Dec 31; a month → its first … last day; a day → that day.
* "this year", "so far this year", "year to date" → Jan 1 of the publication
  year … the publication date; "this month" likewise.
* "last year" → the whole previous calendar year.
* "the first three quarters / the first half / the first quarter (of YEAR)" →
  Jan 1 … Sep 30 / Jun 30 / Mar 31; without a year, the publication year, or
  the year before when that period would end after the publication date.
* "over the past N years", "in the past decade" → the publication date minus N
  years … the publication date.
* "since 2016" → 2016-01-01 … the publication date.
* "by the end of 2022", "as of the end of last year", "by 2025" → the
  instant Dec 31 of that year (``kind == "instant"``, start == end).
* "currently", "at present", "to date" → the instant of the publication date.
* "recently" → ``kind == "period"`` with an open start (``None``) and the
  publication date as end: something that happened before publication, the
  data model's ``g60:heldBefore``.
* comparison phrases ("compared to the same period last year", "year on year")
  → ``kind == "comparison"``, ``shift_years == -1``: the compared period is the
  main period moved back one year. "compared with 2022" also carries the dates
  of 2022 and the shift from the publication year.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from g60kg.text import normalize


@dataclass(frozen=True)
class TimeExpr:
    """A time phrase as printed and the period or instant it means."""

    begin: int
    end: int
    stated: str
    start: datetime.date | None
    end_date: datetime.date | None
    kind: str  # "period" | "instant" | "comparison"
    shift_years: int = 0


_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "several": None, "few": None, "couple of": 2,
}  # fmt: skip
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
}  # fmt: skip

MONTH = (
    r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|"
    r"aug(?:ust|\.)?|sept?(?:ember|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)"
)
YEAR = r"(?:1[89]\d\d|2[01]\d\d)"
_NUM = (
    r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"several|few|couple\s+of)"
)
_COUNT_Q = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
# "this year", "last year", "2023", "the year", "the previous year" as a year reference
_YEAR_REF = (
    rf"(?:this\s+year|the\s+current\s+year|last\s+year|the\s+previous\s+year|the\s+past\s+year|"
    rf"the\s+year|next\s+year|{YEAR})"
)
_B = r"(?<![A-Za-z0-9])"
_E = r"(?![A-Za-z0-9])"


def _month(word: str) -> int:
    return _MONTHS[word[:3].lower()]


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _minus_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # Feb 29
        return day.replace(year=day.year - years, day=28)


def _count(word: str | None) -> int | None:
    if word is None:
        return None
    word = re.sub(r"\s+", " ", word.lower())
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)


def _year_of(ref: str | None, published: datetime.date | None) -> int | None:
    """The calendar year a phrase like "this year", "last year" or "2022" names."""
    if ref is None:
        return None
    ref = re.sub(r"\s+", " ", ref.lower())
    if re.fullmatch(YEAR, ref):
        return int(ref)
    if published is None:
        return None
    if ref in ("this year", "the current year", "the year"):
        return published.year
    if ref in ("last year", "the previous year", "the past year"):
        return published.year - 1
    if ref == "next year":
        return published.year + 1
    return None


Resolved = tuple[datetime.date | None, datetime.date | None, str, int]
Handler = Callable[[re.Match[str], datetime.date | None], Resolved | None]

_RULES: list[tuple[re.Pattern[str], Handler]] = []


def _rule(pattern: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        _RULES.append((re.compile(pattern, re.IGNORECASE), fn))
        return fn

    return register


def _to_date(y: int | None, m: int, d: int) -> datetime.date | None:
    if y is None:
        return None
    try:
        return datetime.date(y, m, d)
    except ValueError:
        return None


# --- comparisons -------------------------------------------------------------


@_rule(
    rf"{_B}(?:(?:(?:as\s+)?compared\s+(?:to|with)|from|over|than|against|versus|vs\.?)\s+)?"
    rf"(?:the\s+same\s+period\s+(?:of\s+|in\s+)?(?P<ref>last\s+year|the\s+previous\s+year|"
    rf"the\s+prior\s+year|a\s+year\s+(?:earlier|ago|before)|{YEAR})"
    rf"|a\s+year\s+(?:earlier|ago|before)|the\s+previous\s+year|the\s+prior\s+year)"
    rf"(?=(?:\s*[,.;:)]|\s+(?:and|while|with|to|in|setting|marking|reaching)\b|\s*$))"
)
def _comparison(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    text = m.group(0).lower()
    if not re.match(
        r"(?:as\s+)?compared|from|over|than|against|versus|vs|the\s+same|a\s+year", text
    ):
        # a bare "the previous year" / "a year earlier" is not a comparison phrase
        # unless it follows "from/over/than/compared": it is a plain year reference
        return None
    ref = m.group("ref")
    if ref and re.fullmatch(YEAR, ref):
        year = int(ref)
        shift = year - pub.year if pub else 0
        return (datetime.date(year, 1, 1), datetime.date(year, 12, 31), "comparison", shift)
    return (None, None, "comparison", -1)


@_rule(rf"{_B}(?:year[\s-]+on[\s-]+year|year[\s-]+over[\s-]+year|y-o-y|yoy){_E}")
def _yoy(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    return (None, None, "comparison", -1)


@_rule(rf"{_B}(?:as\s+)?compared\s+(?:to|with)\s+(?:the\s+year\s+)?(?P<year>{YEAR}){_E}")
def _compared_year(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    year = int(m.group("year"))
    shift = year - pub.year if pub else 0
    return (datetime.date(year, 1, 1), datetime.date(year, 12, 31), "comparison", shift)


# --- five-year plans ------------------------------------------------------------


@_rule(
    rf"{_B}(?:during\s+|in\s+|over\s+)?the\s+(?P<n>\d{{1,2}})(?:st|nd|rd|th)\s+five-year\s+plan"
    rf"(?:\s+period)?(?:\s*\(\s*(?P<y1>{YEAR})\s*(?:-|to)\s*(?P<y2>{YEAR})\s*\))?"
)
def _five_year_plan(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    if m.group("y1"):
        y1, y2 = int(m.group("y1")), int(m.group("y2"))
    else:
        n = int(m.group("n"))
        if n < 4:
            return None  # the early plans did not follow the five-year grid
        y1 = 1971 + 5 * (n - 4)
        y2 = y1 + 4
    return (datetime.date(y1, 1, 1), datetime.date(y2, 12, 31), "period", 0)


# --- instants: ends of periods, full dates ------------------------------------------


@_rule(
    rf"{_B}(?:(?:by|as\s+of|at|until|till|to)\s+)?(?:the\s+)?end\s+of\s+"
    rf"(?:(?P<month>{MONTH})\s+(?P<myear>{YEAR}|this\s+year|last\s+year)|(?P<ref>{_YEAR_REF})"
    rf"|(?P<mref>last|this)\s+month)"
    rf"|{_B}(?:by|as\s+of|at)\s+end-(?P<eyear>{YEAR}){_E}"
)
def _end_of(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    if m.group("month"):
        year = _year_of(m.group("myear"), pub)
        if year is None:
            return None
        day = _month_end(year, _month(m.group("month")))
    elif m.group("mref"):
        if pub is None:
            return None
        if m.group("mref").lower() == "this":
            day = _month_end(pub.year, pub.month)
        else:
            first = pub.replace(day=1) - datetime.timedelta(days=1)
            day = first
    else:
        year = _year_of(m.group("ref") or m.group("eyear"), pub)
        if year is None:
            return None
        day = datetime.date(year, 12, 31)
    return (day, day, "instant", 0)


@_rule(
    rf"{_B}(?:(?:on|as\s+of|by|since)\s+)?(?:(?P<month>{MONTH})\s*(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:\s*,?\s*(?P<year>{YEAR}))?|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
    rf"(?P<month2>{MONTH})(?:\s*,?\s*(?P<year2>{YEAR}))?){_E}"
    rf"|{_B}(?:(?:on|as\s+of|by|since)\s+)?(?P<iy>{YEAR})-(?P<im>\d\d)-(?P<id>\d\d){_E}"
)
def _full_date(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    if m.group("iy"):
        day = _to_date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
    else:
        month_word = m.group("month") or m.group("month2")
        if month_word.lower() == "may" and not month_word[0].isupper():
            return None  # the verb "may"
        month = _month(month_word)
        d = int(m.group("day") or m.group("day2"))
        year_text = m.group("year") or m.group("year2")
        if year_text:
            day = _to_date(int(year_text), month, d)
        elif pub is not None:
            day = _to_date(pub.year, month, d)
            if day is not None and day > pub:
                day = _to_date(pub.year - 1, month, d)
        else:
            return None
    if day is None:
        return None
    head = m.group(0).lower()
    if head.startswith("since"):
        return (day, pub, "period", 0)
    return (day, day, "instant", 0)


# --- parts of a year ---------------------------------------------------------------


def _part_of_year(year_ref: str | None, pub: datetime.date | None, last_month: int,
                  first_month: int = 1) -> Resolved | None:  # fmt: skip
    """Months ``first_month``..``last_month`` of the named (or implied) year."""
    if year_ref:
        year = _year_of(year_ref, pub)
    elif pub is not None:
        year = pub.year if _month_end(pub.year, last_month) <= pub else pub.year - 1
    else:
        year = None
    if year is None:
        return None
    return (datetime.date(year, first_month, 1), _month_end(year, last_month), "period", 0)


def _of_year(tag: str = "") -> str:
    """Optional "of this year" / "of 2022" / "2022" after a part of a year."""
    return rf"(?:\s+(?:of|in)\s+(?P<ref{tag}>{_YEAR_REF})|\s+(?P<refy{tag}>{YEAR}))?"


@_rule(
    rf"{_B}(?:(?:in|during|for|over)\s+)?the\s+first\s+(?P<n>{_COUNT_Q}|{_COUNT_Q}\s+)?"
    rf"(?P<unit>quarters?|half|months?){_of_year()}{_E}"
)
def _first_part(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    unit = m.group("unit").lower()
    n_text = (m.group("n") or "").strip().lower()
    if unit == "half":
        if n_text:
            return None
        months = 6
    else:
        n = 1 if not n_text else _count(n_text)
        if n is None:
            return None
        if unit.startswith("quarter"):
            if (n > 1) != unit.endswith("s") or n > 4:
                return None
            months = 3 * n
        else:
            if (n > 1) != unit.endswith("s") or n > 12:
                return None
            months = n
    return _part_of_year(m.group("ref") or m.group("refy"), pub, months)


@_rule(
    rf"{_B}(?:(?:in|during|for)\s+)?the\s+(?P<ord>first|second|third|fourth)\s+quarter{_of_year()}{_E}"
    rf"|{_B}(?:(?:in|during|for)\s+)?(?:the\s+)?(?P<hord>first|second)\s+half{_of_year('h')}{_E}"
    rf"|{_B}(?:(?:in|during)\s+)?(?:the\s+)?(?P<q>Q[1-4]|H[12])(?:\s+(?P<qy>{YEAR}))?{_E}"
)
def _quarter(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    ref = m.group("ref") or m.group("refy") or m.group("refh") or m.group("refyh") or m.group("qy")
    if m.group("q"):
        code = m.group("q").upper()
        first, last = (
            ((int(code[1]) - 1) * 3 + 1, int(code[1]) * 3)
            if code[0] == "Q"
            else ((1, 6) if code == "H1" else (7, 12))
        )
    elif m.group("hord"):
        first, last = (1, 6) if m.group("hord").lower() == "first" else (7, 12)
    else:
        q = _ORDINALS[m.group("ord").lower()]
        first, last = (q - 1) * 3 + 1, q * 3
    return _part_of_year(ref, pub, last, first)


@_rule(
    rf"{_B}(?:(?:from|between)\s+)?(?P<m1>{MONTH})\s*(?:-|to|and|through)\s*(?P<m2>{MONTH})"
    rf"(?:\s*,?\s*(?:(?:of\s+)?(?P<ref>{_YEAR_REF})))?{_E}"
)
def _month_range(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    m1, m2 = _month(m.group("m1")), _month(m.group("m2"))
    if m1 > m2:
        return None
    return _part_of_year(m.group("ref"), pub, m2, m1)


# --- relative spans ------------------------------------------------------------


@_rule(
    rf"{_B}(?:(?:over|in|during|for|within)\s+)?(?:the\s+)?(?:past|last|previous|recent)\s+"
    rf"(?:(?P<n>{_NUM})\s+)?(?P<unit>years?|decades?|months?){_E}"
)
def _past(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    unit = m.group("unit").lower()
    n = _count(m.group("n")) if m.group("n") else 1
    if n is None or (n > 1) != unit.endswith("s"):
        return None
    head = m.group(0).lower()
    if n == 1 and unit == "year" and re.search(r"(?:^|\s)last\s+year$", head):
        return None  # "last year" is the previous calendar year (rule below)
    if pub is None:
        return (None, None, "period", 0)
    if unit.startswith("decade"):
        start = _minus_years(pub, 10 * n)
    elif unit.startswith("year"):
        start = _minus_years(pub, n)
    else:
        month0 = pub.year * 12 + pub.month - 1 - n
        y, mo = divmod(month0, 12)
        start = datetime.date(y, mo + 1, min(pub.day, calendar.monthrange(y, mo + 1)[1]))
    return (start, pub, "period", 0)


@_rule(
    rf"{_B}(?:(?:so\s+far|to\s+date|up\s+to\s+now|until\s+now)\s+)?(?:(?:in|during|for)\s+)?"
    rf"(?:earlier\s+)?(?P<which>this|last|next)\s+(?P<unit>year|month)"
    rf"(?:\s+(?:so\s+far|to\s+date))?{_E}"
    rf"|{_B}(?:the\s+)?(?:year|month)[\s-]+to[\s-]+date{_E}"
)
def _this_last(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    if pub is None:
        return (None, None, "period", 0)
    which = (m.group("which") or "this").lower()
    unit = (m.group("unit") or ("month" if "month" in m.group(0).lower() else "year")).lower()
    if unit == "year":
        if which == "this":
            return (datetime.date(pub.year, 1, 1), pub, "period", 0)
        year = pub.year - 1 if which == "last" else pub.year + 1
        return (datetime.date(year, 1, 1), datetime.date(year, 12, 31), "period", 0)
    if which == "this":
        return (pub.replace(day=1), pub, "period", 0)
    first = pub.replace(day=1)
    if which == "last":
        prev_end = first - datetime.timedelta(days=1)
        return (prev_end.replace(day=1), prev_end, "period", 0)
    nxt = _month_end(pub.year, pub.month) + datetime.timedelta(days=1)
    return (nxt, _month_end(nxt.year, nxt.month), "period", 0)


@_rule(rf"{_B}(?:currently|at\s+present|presently|to\s+date|as\s+of\s+now|so\s+far){_E}")
def _now(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    return (pub, pub, "instant", 0)


@_rule(rf"{_B}(?:recently|lately|(?:in\s+)?recent\s+(?:days|weeks|months)){_E}")
def _recently(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    return (None, pub, "period", 0)


# --- absolute years and months ----------------------------------------------------


@_rule(
    rf"{_B}(?:(?P<pre>between|from)\s+)?(?P<y1>{YEAR})\s*(?:(?P<sep>-|to|and|through|until)\s*)"
    rf"(?P<y2>{YEAR}|\d\d){_E}"
)
def _year_range(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    y1 = int(m.group("y1"))
    y2_text = m.group("y2")
    y2 = int(y2_text) if len(y2_text) == 4 else (y1 // 100) * 100 + int(y2_text)
    sep = m.group("sep").lower()
    pre = (m.group("pre") or "").lower()
    if y2 <= y1 or (sep == "and" and pre != "between") or (pre == "between" and sep != "and"):
        return None
    return (datetime.date(y1, 1, 1), datetime.date(y2, 12, 31), "period", 0)


@_rule(rf"{_B}since\s+(?:(?P<month>{MONTH})\s+)?(?:(?P<year>{YEAR})|(?P<ref>last\s+year)){_E}")
def _since(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    year = _year_of(m.group("year") or m.group("ref"), pub)
    if year is None:
        return None
    month = _month(m.group("month")) if m.group("month") else 1
    return (datetime.date(year, month, 1), pub, "period", 0)


@_rule(rf"{_B}by\s+(?P<year>{YEAR}){_E}(?!\s*(?:-|to)\s*\d)")
def _by_year(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    year = int(m.group("year"))
    day = datetime.date(year, 12, 31)
    return (day, day, "instant", 0)


@_rule(
    rf"{_B}(?:(?:in|during|since|by|as\s+of)\s+)?(?P<month>{MONTH})\s*(?:of\s+)?(?:,\s*)?"
    rf"(?P<year>{YEAR}|this\s+year|last\s+year){_E}"
)
def _month_year(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    word = m.group("month")
    if word.lower() == "may" and not word[0].isupper():
        return None
    year = _year_of(m.group("year"), pub)
    if year is None:
        return None
    month = _month(word)
    head = m.group(0).lower()
    first, last = datetime.date(year, month, 1), _month_end(year, month)
    if head.startswith("since"):
        return (first, pub, "period", 0)
    if head.startswith(("by", "as of")):
        return (last, last, "instant", 0)
    return (first, last, "period", 0)


@_rule(rf"{_B}(?:(?:in|during|for|throughout)\s+)?(?P<year>{YEAR}){_E}(?![,.]\d)")
def _year(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    year = int(m.group("year"))
    return (datetime.date(year, 1, 1), datetime.date(year, 12, 31), "period", 0)


def find_times(
    text: str, published: datetime.date | None, start: int = 0, end: int | None = None
) -> list[TimeExpr]:
    """All time expressions in ``text[start:end]``, in order, non-overlapping.

    Every rule proposes matches; where two overlap, the longer one wins (then
    the earlier rule), so "by the end of last year" is one instant rather than
    "last year" plus noise. Offsets index ``text``.
    """
    end = len(text) if end is None else min(end, len(text))
    start = max(0, start)
    norm = normalize(text)
    candidates: list[tuple[int, int, int, TimeExpr]] = []
    for rank, (pattern, handler) in enumerate(_RULES):
        for m in pattern.finditer(norm, start, end):
            try:
                resolved = handler(m, published)
            except (ValueError, OverflowError):  # beyond the calendar (year 1 or 9999)
                continue
            if resolved is None:
                continue
            b, e = m.start(), m.end()
            while e > b and norm[e - 1] in " \n.":  # a month "Nov." keeps its dot
                if norm[e - 1] == "." and re.search(rf"{MONTH}\.$", norm[max(b, e - 5) : e], re.I):
                    break
                e -= 1
            first, last, kind, shift = resolved
            expr = TimeExpr(b, e, text[b:e], first, last, kind, shift)
            candidates.append((b, -(e - b), rank, expr))
    candidates.sort(key=lambda c: (c[1], c[2], c[0]))
    taken: list[tuple[int, int]] = []
    chosen: list[TimeExpr] = []
    for _b, _neg, _rank, expr in candidates:
        if any(expr.begin < e and b < expr.end for b, e in taken):
            continue
        taken.append((expr.begin, expr.end))
        chosen.append(expr)
    return sorted(chosen, key=lambda t: t.begin)
