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
* "currently", "at present", "to date", "today" → the instant of the
  publication date; "yesterday" the day before; "on Friday" the latest Friday
  up to the publication date.
* "early / mid / late 2022" → Jan-Apr / May-Aug / Sep-Dec; "earlier this
  year" → Jan 1 … publication; "later this year" → publication … Dec 31.
* a month or day without a year ("in April", "on Dec. 28") → in the
  publication year, unless that is more than 60 days after publication, then
  the year before.
* "recently" → ``kind == "period"`` with an open start (``None``) and the
  publication date as end: something that happened before publication, the
  data model's ``g60:heldBefore``. Vague spans ("in recent years", "over the
  past few years") resolve the same way: they end a previous time scope, but
  have no stated start.
* comparison phrases ("compared to the same period last year", "year on year")
  → ``kind == "comparison"``, ``shift_years == -1``: the compared period is the
  main period moved back one year. "compared with 2022" also carries the dates
  of 2022 and the shift from the publication year.

``stated`` keeps a leading preposition ("In the first half", "since 2016", "by
the end of 2022") because it changes the meaning. Where matches overlap, the
longest wins. Matching ignores case, except that the month "May" must be
capitalised (the verb "may" is not a date).
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from g60kg.text.english import (
    MONTH,
    MONTH_STEMS,
    ONES,
    ORDINALS,
    SCALES,
    UP_TO_TWELVE,
    month_number,
)
from g60kg.text.normalize import normalize


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


_NUMBER_WORDS: dict[str, int | None] = {
    "a": 1, "an": 1, **{w: ONES[w] for w in UP_TO_TWELVE},
    "several": None, "few": None, "couple of": 2,
}  # fmt: skip
YEAR = r"(?:1[89]\d\d|2[01]\d\d)"
_NUM = rf"(?:\d{{1,2}}|a|an|{'|'.join(UP_TO_TWELVE)}|several|few|couple\s+of)"
_COUNT_Q = rf"(?:\d{{1,2}}|{'|'.join(UP_TO_TWELVE)})"
# "this year", "last year", "2023", "the year", "the previous year" as a year reference
_YEAR_REF = (
    rf"(?:this\s+year|the\s+current\s+year|last\s+year|the\s+previous\s+year|the\s+past\s+year|"
    rf"the\s+year|next\s+year|{YEAR})"
)
_B = r"(?<![A-Za-z0-9])"
_E = r"(?![A-Za-z0-9])"


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _minus_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # Feb 29
        return day.replace(year=day.year - years, day=28)


def _nearest(pub: datetime.date, month: int, day: int = 1) -> datetime.date | None:
    """The date a month (and day) printed without a year means, seen from ``pub``.

    News mostly reports the past: the publication year, unless that puts the
    date more than 60 days after publication, then the year before. A release
    of Jan 3 writing "Dec. 28" means the previous December; one of Nov. 22
    writing "Dec. 5" or "in December" means the coming one.
    """
    this_year = _to_date(pub.year, month, day)
    if this_year is not None and (this_year - pub).days <= 60:
        return this_year
    return _to_date(pub.year - 1, month, day)


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

_RULES: list[_Rule] = []


_CENTURIES = ("18", "19", "20", "21")


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    handler: Handler
    keys: tuple[str, ...]  # lower-case strings of which every match contains one


def _rule(pattern: str, *, keys: tuple[str, ...]) -> Callable[[Handler], Handler]:
    """Register a pattern and its resolver.

    ``keys`` make long texts fast: a rule runs only on the paragraphs that
    contain one of its keys (a plain substring test), so a 10 MB article costs
    one regular-expression pass per rule over the few paragraphs that could match.
    """

    def register(fn: Handler) -> Handler:
        _RULES.append(_Rule(re.compile(pattern, re.IGNORECASE), fn, keys))
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
    rf"|a\s+year\s+(?:earlier|ago|before)|the\s+previous\s+year|the\s+prior\s+year"
    rf"|(?P<ly>last\s+year))"
    rf"(?!\s*'s)(?![A-Za-z0-9])",
    keys=("year", "period"),
)
def _comparison(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    text = m.group(0).lower()
    if not re.match(
        r"(?:as\s+)?compared|from|over|than|against|versus|vs|the\s+same|a\s+year", text
    ):
        # a bare "the previous year" / "a year earlier" is not a comparison phrase
        # unless it follows "from/over/than/compared": it is a plain year reference
        return None
    if m.group("ly"):
        # "compared with last year", "up 5 percent from last year": the whole of it
        if not re.match(r"(?:as\s+)?compared|from|over|than|against|versus|vs", text):
            return None  # a plain "last year" (see _this_last)
        if pub is None:
            return (None, None, "comparison", -1)
        year = pub.year - 1
        return (datetime.date(year, 1, 1), datetime.date(year, 12, 31), "comparison", -1)
    ref = m.group("ref")
    if ref and re.fullmatch(YEAR, ref):
        year = int(ref)
        shift = year - pub.year if pub else 0
        return (datetime.date(year, 1, 1), datetime.date(year, 12, 31), "comparison", shift)
    return (None, None, "comparison", -1)


@_rule(
    rf"{_B}(?:year[\s-]+on[\s-]+year|year[\s-]+over[\s-]+year|y-o-y|yoy){_E}",
    keys=("year", "yoy", "y-o-y"),
)
def _yoy(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    return (None, None, "comparison", -1)


@_rule(
    rf"{_B}(?:as\s+)?compared\s+(?:to|with)\s+(?:the\s+year\s+)?(?P<year>{YEAR}){_E}"
    rf"|{_B}(?:as\s+)?compared\s+(?:to|with)\s+(?:that\s+(?:at|by)\s+)?the\s+end\s+of\s+"
    rf"(?P<endref>last\s+year|the\s+previous\s+year|{YEAR}){_E}",
    keys=("compared",),
)
def _compared_year(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    if m.group("endref"):
        year = _year_of(m.group("endref"), pub)
        if year is None:
            return (None, None, "comparison", 0)
        day = datetime.date(year, 12, 31)
        return (day, day, "comparison", year - pub.year if pub else 0)
    year = int(m.group("year"))
    shift = year - pub.year if pub else 0
    return (datetime.date(year, 1, 1), datetime.date(year, 12, 31), "comparison", shift)


# --- five-year plans ------------------------------------------------------------


@_rule(
    rf"{_B}(?:during\s+|in\s+|over\s+|(?P<endof>(?:by|at|as\s+of|until)\s+the\s+end\s+of\s+))?"
    rf"(?:the\s+)?(?P<n>\d{{1,2}})(?:st|nd|rd|th)\s+five-year\s+plan"
    rf"(?:\s+period)?(?:\s*\(\s*(?P<y1>{YEAR})\s*(?:-|to)\s*(?P<y2>{YEAR})\s*\))?",
    keys=("five-year",),
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
    if m.group("endof"):
        return (datetime.date(y2, 12, 31), datetime.date(y2, 12, 31), "instant", 0)
    return (datetime.date(y1, 1, 1), datetime.date(y2, 12, 31), "period", 0)


# --- instants: ends of periods, full dates ------------------------------------------


@_rule(
    rf"{_B}(?:(?:by|as\s+of|at|until|till|to)\s+)?(?:the\s+)?end\s+of\s+"
    rf"(?:(?P<month>{MONTH})\s+(?P<myear>{YEAR}|this\s+year|last\s+year)|(?P<ref>{_YEAR_REF})"
    rf"|(?P<mref>last|this)\s+month)"
    rf"|{_B}(?:by|as\s+of|at)\s+end-(?P<eyear>{YEAR}){_E}",
    keys=("end",),
)
def _end_of(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    if m.group("month"):
        year = _year_of(m.group("myear"), pub)
        if year is None:
            return None
        day = _month_end(year, month_number(m.group("month")))
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
    rf"|{_B}(?:(?:on|as\s+of|by|since)\s+)?(?P<iy>{YEAR})-(?P<im>\d\d)-(?P<id>\d\d){_E}",
    keys=(*MONTH_STEMS, "-0", "-1"),
)
def _full_date(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    if m.group("iy"):
        day = _to_date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
    else:
        month_word = m.group("month") or m.group("month2")
        if month_word.lower() == "may" and not month_word[0].isupper():
            return None  # the verb "may"
        month = month_number(month_word)
        d = int(m.group("day") or m.group("day2"))
        year_text = m.group("year") or m.group("year2")
        if year_text:
            day = _to_date(int(year_text), month, d)
        elif pub is not None:
            day = _nearest(pub, month, d)
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


@_rule(
    rf"{_B}(?:(?:in|during|for|over)\s+)?the\s+(?P<n>{_COUNT_Q})\s+months\s+"
    rf"(?:ended|ending|to|through)\s+(?P<month>{MONTH})\s*(?P<day>\d{{1,2}})?"
    rf"(?:\s*,?\s*(?P<year>{YEAR}))?{_E}",
    keys=("months",),
)
def _months_ended(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    """ "in the six months ended June 30" (of this year unless another is named)."""
    n = _count(m.group("n").lower())
    last = month_number(m.group("month"))
    if n is None or not 1 <= n <= last:
        return None
    return _part_of_year(m.group("year"), pub, last, first_month=last - n + 1)


def _of_year(tag: str = "") -> str:
    """Optional "of this year" / "of 2022" / "2022" after a part of a year."""
    return rf"(?:\s+(?:of|in)\s+(?P<ref{tag}>{_YEAR_REF})|\s+(?P<refy{tag}>{YEAR}))?"


@_rule(
    rf"{_B}(?:(?:in|during|for|over)\s+)?the\s+first\s+(?P<n>{_COUNT_Q}|{_COUNT_Q}\s+)?"
    rf"(?P<unit>quarters?|half|months?){_of_year()}{_E}",
    keys=("first",),
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
    rf"|{_B}(?:(?:in|during)\s+)?(?:the\s+)?(?P<q>Q[1-4]|H[12])(?:\s+(?P<qy>{YEAR}))?{_E}",
    keys=("quarter", "half", "q1", "q2", "q3", "q4", "h1", "h2"),
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
        q = ORDINALS[m.group("ord").lower()]
        first, last = (q - 1) * 3 + 1, q * 3
    return _part_of_year(ref, pub, last, first)


@_rule(
    rf"{_B}(?:(?:from|between|in|during|for|over)\s+(?:the\s+)?)?(?P<m1>{MONTH})\s*(?:-|to|and|through)\s*"
    rf"(?P<m2>{MONTH})"
    rf"(?:\s*,?\s*(?:(?:of\s+)?(?P<ref>{_YEAR_REF})))?{_E}",
    keys=MONTH_STEMS,
)
def _month_range(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    m1, m2 = month_number(m.group("m1")), month_number(m.group("m2"))
    if m1 > m2:
        return None
    return _part_of_year(m.group("ref"), pub, m2, m1)


# --- relative spans ------------------------------------------------------------


@_rule(
    rf"{_B}(?:(?:over|in|during|for|within)\s+)?(?:the\s+)?(?:past|last|previous|recent)\s+"
    rf"(?:(?P<n>{_NUM})\s+)?(?P<unit>years?|decades?|months?){_E}",
    keys=("past", "last", "previous", "recent"),
)
def _past(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    unit = m.group("unit").lower()
    n = _count(m.group("n")) if m.group("n") else 1
    if n is None or (n > 1) != unit.endswith("s"):
        return None
    head = m.group(0).lower()
    if n == 1 and unit == "year" and not re.search(r"the\s+(?:past|last|previous)\s+year$", head):
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
    rf"|{_B}(?:the\s+)?(?:year|month)[\s-]+to[\s-]+date{_E}",
    keys=("this", "last", "next", "to date", "to-date"),
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


@_rule(
    rf"{_B}(?:currently|at\s+present|presently|to\s+date|as\s+of\s+now|so\s+far){_E}",
    keys=("currently", "present", "to date", "now", "so far"),
)
def _now(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    return (pub, pub, "instant", 0)


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@_rule(
    rf"{_B}(?:(?:on|last)\s+)?(?P<wd>{'|'.join(_WEEKDAYS)}){_E}"
    rf"|{_B}(?P<rel>today|yesterday|the\s+day\s+before\s+yesterday){_E}",
    keys=(*_WEEKDAYS, "today", "yesterday"),
)
def _day_word(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    """A weekday is the latest such day up to publication; "yesterday" the day before it."""
    if pub is None:
        return None
    if m.group("wd"):
        back = (pub.weekday() - _WEEKDAYS.index(m.group("wd").lower())) % 7
    else:
        back = {"today": 0, "yesterday": 1}.get(m.group("rel").lower(), 2)
    day = pub - datetime.timedelta(days=back)
    return (day, day, "instant", 0)


@_rule(
    rf"{_B}(?:recently|lately|(?:(?:in|over|during)\s+)?recent\s+(?:days|weeks|months|years)"
    rf"|(?:(?:in|over|during)\s+)?the\s+(?:past|last)\s+(?:few|several)\s+(?:years|months)){_E}",
    keys=("recent", "lately", "few", "several"),
)
def _recently(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    return (None, pub, "period", 0)


@_rule(
    rf"{_B}(?:(?:over|in|during|for|within)\s+)?the\s+(?:next|coming|following|upcoming)\s+"
    rf"(?:(?P<n>{_NUM})\s+)?(?P<unit>years?|decades?){_E}",
    keys=("next", "coming", "following", "upcoming"),
)
def _next(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    unit = m.group("unit").lower()
    n = _count(m.group("n")) if m.group("n") else 1
    if n is None or (n > 1) != unit.endswith("s"):
        return None
    if pub is None:
        return (None, None, "period", 0)
    years = n * (10 if unit.startswith("decade") else 1)
    return (pub, _minus_years(pub, -years), "period", 0)


@_rule(
    rf"{_B}(?P<pre>since|from|at|in)\s+the\s+(?:beginning|start)\s+of\s+(?P<ref>{_YEAR_REF}){_E}"
    rf"|{_B}(?:in\s+)?(?P<early>early|earlier|mid|late|later)(?:\s+|-)"
    rf"(?P<eref>this\s+year|last\s+year|{YEAR}){_E}",
    keys=("beginning", "start", "early", "earlier", "mid", "late"),
)
def _beginning(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    year = _year_of(m.group("ref") or m.group("eref"), pub)
    if year is None:
        return None
    first = datetime.date(year, 1, 1)
    part = (m.group("early") or "").lower()
    if part in ("earlier", "later") and pub is not None and year == pub.year:
        # "earlier this year": Jan 1 .. publication; "later this year": the rest of it
        if part == "earlier":
            return (first, pub, "period", 0)
        return (pub, datetime.date(year, 12, 31), "period", 0)
    if part:
        # thirds of a year: early = Jan-Apr, mid = May-Aug, late = Sep-Dec
        first_month = {"early": 1, "earlier": 1, "mid": 5, "late": 9, "later": 9}[part]
        return (
            datetime.date(year, first_month, 1),
            _month_end(year, first_month + 3),
            "period",
            0,
        )
    if m.group("pre").lower() in ("since", "from"):
        return (first, pub, "period", 0)
    return (first, first, "instant", 0)


@_rule(
    rf"{_B}(?P<pre>in|during|since|by|as\s+of|until|till|(?:at\s+)?the\s+end\s+of)\s+"
    rf"(?P<month>{MONTH}){_E}(?!\s*,?\s*(?:\d|this\s+year|last\s+year|of\s))"
    rf"(?!\s*(?:-|to|through)\s*{MONTH})",
    keys=MONTH_STEMS,
)
def _month_alone(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    word = m.group("month")
    if word.lower().startswith("may") and not word[0].isupper():
        return None
    if pub is None:
        return None
    start = _nearest(pub, month_number(word))
    if start is None:
        return None
    last = _month_end(start.year, start.month)
    pre = re.sub(r"\s+", " ", m.group("pre").lower())
    if pre == "since":
        if start > pub:  # "since May" looks back: the latest May that has begun
            start = start.replace(year=start.year - 1)
        return (start, pub, "period", 0)
    if pre in ("by", "as of", "until", "till") or pre.endswith("end of"):
        return (last, last, "instant", 0)
    return (start, last, "period", 0)


# --- absolute years and months ----------------------------------------------------


@_rule(
    rf"{_B}(?:(?P<pre>between|from)\s+)?(?P<y1>{YEAR})\s*(?:(?P<sep>-|to|and|through|until)\s*)"
    rf"(?P<y2>{YEAR}|\d\d){_E}",
    keys=_CENTURIES,
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


@_rule(
    rf"{_B}since\s+(?:(?P<month>{MONTH})\s+)?(?:(?P<year>{YEAR})|(?P<ref>last\s+year)){_E}",
    keys=("since",),
)
def _since(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    year = _year_of(m.group("year") or m.group("ref"), pub)
    if year is None:
        return None
    month = month_number(m.group("month")) if m.group("month") else 1
    return (datetime.date(year, month, 1), pub, "period", 0)


@_rule(rf"{_B}by\s+(?P<year>{YEAR}){_E}(?!\s*(?:-|to)\s*\d)", keys=_CENTURIES)
def _by_year(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    year = int(m.group("year"))
    day = datetime.date(year, 12, 31)
    return (day, day, "instant", 0)


@_rule(
    rf"{_B}(?:(?:in|during|since|by|as\s+of)\s+)?(?P<month>{MONTH})\s*(?:of\s+)?(?:,\s*)?"
    rf"(?P<year>{YEAR}|this\s+year|last\s+year){_E}",
    keys=MONTH_STEMS,
)
def _month_year(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    word = m.group("month")
    if word.lower() == "may" and not word[0].isupper():
        return None
    year = _year_of(m.group("year"), pub)
    if year is None:
        return None
    month = month_number(word)
    head = m.group(0).lower()
    first, last = datetime.date(year, month, 1), _month_end(year, month)
    if head.startswith("since"):
        return (first, pub, "period", 0)
    if head.startswith(("by", "as of")):
        return (last, last, "instant", 0)
    return (first, last, "period", 0)


_THOUSANDS_AND_UP = "|".join(w for w, power in SCALES.items() if power >= 3)
_AMOUNT_AFTER = (
    rf"(?!\s*(?:%|percent|per\s+cent|yuan|rmb|dollars|usd|{_THOUSANDS_AND_UP}|"
    r"square|sq|km|hectares|tons|tonnes|times|enterprises|companies|firms|projects|people)\b)"
)


@_rule(
    rf"{_B}(?<![$\u00a5]\s)(?<![$\u00a5])(?:(?:in|during|for|throughout)\s+)?(?P<year>{YEAR}){_E}"
    rf"(?![,.]\d){_AMOUNT_AFTER}",
    keys=_CENTURIES,
)
def _year(m: re.Match[str], pub: datetime.date | None) -> Resolved | None:
    year = int(m.group("year"))
    return (datetime.date(year, 1, 1), datetime.date(year, 12, 31), "period", 0)


def _chunks(text: str, norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Paragraphs of ``norm[start:end]``; very long ones cut at sentence ends.

    Time expressions never cross a paragraph or sentence end, so matching per
    chunk finds the same expressions while letting each rule skip the chunks
    that lack its keys.
    """
    from g60kg.text.normalize import sentences

    chunks: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        brk = norm.find("\n\n", pos, end)
        stop = end if brk < 0 else brk
        if stop - pos > 4000:
            chunks.extend(sentences(text, pos, stop))
        elif stop > pos:
            chunks.append((pos, stop))
        pos = stop + 2
    return chunks


def _resolve(
    rule: _Rule, m: re.Match[str], norm: str, text: str, published: datetime.date | None
) -> TimeExpr | None:
    try:
        resolved = rule.handler(m, published)
    except (ValueError, OverflowError):  # beyond the calendar (year 1 or 9999)
        return None
    if resolved is None:
        return None
    b, e = m.start(), m.end()
    while e > b and norm[e - 1] in " \n.":  # a month "Nov." keeps its dot
        if norm[e - 1] == "." and re.search(rf"{MONTH}\.$", norm[max(b, e - 5) : e], re.I):
            break
        e -= 1
    first, last, kind, shift = resolved
    if first is not None and last is not None and first > last:
        return None  # "since 2030" in a 2023 article: no period to speak of
    return TimeExpr(b, e, text[b:e], first, last, kind, shift)


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
    for c_start, c_end in _chunks(text, norm, start, end):
        low = norm[c_start:c_end].lower()
        for rank, rule in enumerate(_RULES):
            if not any(k in low for k in rule.keys):
                continue
            for m in rule.pattern.finditer(norm, c_start, c_end):
                expr = _resolve(rule, m, norm, text, published)
                if expr is not None:
                    candidates.append((expr.begin, -(expr.end - expr.begin), rank, expr))
    candidates.sort(key=lambda c: (c[1], c[2], c[0]))
    # Chosen spans never overlap, so sorted by begin they are sorted by end too:
    # one bisect finds the only neighbours a new span could collide with.
    begins: list[int] = []
    chosen: list[TimeExpr] = []
    for _b, _neg, _rank, expr in candidates:
        i = bisect.bisect_left(begins, expr.begin)
        if i < len(chosen) and chosen[i].begin < expr.end:
            continue
        if i > 0 and chosen[i - 1].end > expr.begin:
            continue
        begins.insert(i, expr.begin)
        chosen.insert(i, expr)
    return chosen
