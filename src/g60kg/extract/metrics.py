"""Metrics: a measure phrase, a quantity and a subject, with kind and period.

For each quantity in a body sentence (:mod:`g60kg.extract.quantities`):

* **Measure**: the nearest measure phrase of the lexicon between the previous
  quantity of the sentence and this one ("the utilization of foreign capital
  grew by 54.5 percent"); for counts, the thing counted ("1,200 high-tech
  enterprises"); otherwise the noun phrase before a reporting verb ("the
  digital economy output reached ...") becomes a new, uncurated measure. A
  quantity with none of these (e.g. "nine cities") states no metric.
* **Subject**: a possessive right before the measure ("Songjiang's contracted
  foreign capital"); a place right after it ("investment in projects landed
  *in these cities*"); the sentence's own subject ("In Songjiang, ...", "The
  valley ..."); else the discourse subject, the last sentence subject seen.
* **Value kind**: ``Change`` after growth verbs ("increased by", "grew by",
  "a rise of"; falls make the value negative), ``Level`` after "to" ("has
  risen to") and level verbs, ``Share`` after "accounts for", "makes up".
* **Period**: a time phrase right after the quantity ("... in 2022"), else the
  nearest one before it in the sentence, else the scope carried from earlier
  sentences of the passage, else the measure's ``g60:defaultPeriod``. A scope
  carries to the end of its paragraph, and into the next paragraph when its
  own paragraph stated no metric (a lead-in such as "Over the past five
  years, these cities have ..."). A comparison phrase ("compared to the same
  period last year") gives the comparison period.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from g60kg.facts import MeasureConcept, Mention, Observation, Span
from g60kg.measures import PUBLICATION_DATE, Lexicon, uncurated
from g60kg.namespaces import UNIT

_SUBJECT_KINDS = frozenset(
    {
        "Country",
        "Province",
        "Municipality",
        "PrefectureLevelCity",
        "District",
        "EconomicRegion",
        "Region",
        "Initiative",
    }
)
_CHANGE = re.compile(
    r"\b(?:increas\w*|grew|grow\w*|rose|rise[sn]?|rising|climb\w*|jump\w*|surg\w*|soar\w*|"
    r"expand\w*|gain\w*|up|decreas\w*|declin\w*|fell|fall\w*|drop\w*|shr[iau]nk\w*|down|"
    r"dipp?\w*|slid\w*|reduc\w*|edged|ris\w*)\b"
)
_FALL = re.compile(
    r"\b(?:decreas\w*|declin\w*|fell|fall\w*|drop\w*|shr[iau]nk\w*|down|dipp?\w*|slid\w*|reduc\w*)\b"
)
_TO_END = re.compile(r"\b(?:to|at|of|reach\w*|total\w*|amount\w*|hit|stood|topp?\w*|exceed\w*)\s*$")
_CHANGE_NOUN_END = re.compile(
    r"\b(?:increase|growth|rise|gain|decline|decrease|drop|fall|jump|surge)\s+of\s*$"
)
_SHARE = re.compile(
    r"\b(?:account(?:s|ed|ing)?\s+for|ma(?:kes?|de|king)\s+up|represent\w*|constitut\w*)\b"
)
_CHANGE_AFTER = re.compile(
    r"^\s*(?:(?:on\s+a\s+)?year[-\s]on[-\s]year|y-o-y|yoy|from\s+a\s+year\s+(?:earlier|ago)|"
    r"over\s+the\s+(?:previous|same\s+period|last)|compared\s+(?:to|with)|than\s+(?:a|the|last))",
    re.IGNORECASE,
)
_VERB = (
    r"(?:reached|reaching|amounted\s+to|amounting\s+to|totaled|totalled|totaling|totalling|"
    r"stood\s+at|hit|exceeded|topped|surpassed|increased|grew|rose|risen|climbed|jumped|"
    r"surged|soared|declined|decreased|fell|dropped|expanded|was|were|is|are)"
)
_UNKNOWN_NP = re.compile(
    r"(?:^|[,;:]\s*|\b(?:and|while|whereas|with|where)\s+)"
    r"(?:the\s+|its\s+|their\s+|whose\s+|a\s+|total\s+)?"
    r"(?P<np>[A-Za-z][A-Za-z&\-]*(?:\s+[A-Za-z][A-Za-z&\-]*){0,5}?)\s+"
    r"(?:has\s+|have\s+|had\s+|has\s+been\s+|was\s+|were\s+)?" + _VERB + r"(?:\s+(?:by|to|at))?\s*$"
)
_NOT_NP = re.compile(
    r"^(?:it|this|that|these|those|they|which|there|he|she|we|who|what|each|all|both|"
    r"number|figure|total|amount|value|rate|level|one|others?)$",
    re.IGNORECASE,
)
_LEAD_PREP = re.compile(r"(?:In|For|At|Among|Across|Within|Of)\s+(?:the\s+)?", re.IGNORECASE)


@dataclass
class _Obs:
    """An observation under construction (its evidence clause comes last)."""

    q: object
    measure: str
    measure_begin: int
    measure_end: int
    subject: str | None
    value_kind: str
    value: object
    period: tuple[datetime.date | None, datetime.date | None]
    comparison: tuple[datetime.date | None, datetime.date | None]


def find_observations(
    *,
    slug: str,
    text: str,
    norm: str,
    published: datetime.date | None,
    paragraphs: Sequence[tuple[int, int]],
    sentences: Sequence[tuple[int, int]],
    mentions: Sequence[Mention],
    quantities: Sequence,
    times: Sequence,
    lexicon: Lexicon,
    blocked: Sequence[tuple[int, int]] = (),
) -> tuple[list[Observation], list[MeasureConcept]]:
    """Every metric stated in the given paragraphs, in text order.

    ``blocked`` spans (the dateline, event names) hold no metric and no time
    scope: "The 2023 Key Factors Bridging Conference" does not date what follows.
    """
    mention_starts = [m.span.begin for m in mentions]
    by_start = {m.span.begin: m for m in mentions}
    times = [t for t in times if not _inside_any(t.begin, t.end, blocked)]
    quantities = [q for q in quantities if not _inside_any(q.begin, q.end, blocked)]
    q_starts = [q.begin for q in quantities]
    t_starts = [t.begin for t in times]

    observations: list[Observation] = []
    new_measures: dict[str, MeasureConcept] = {}
    discourse: str | None = None
    carried: object | None = None  # TimeExpr carried into the next paragraph
    for p_begin, p_end in paragraphs:
        scope = carried
        carried = None
        para_obs = 0
        stated_here = None
        for s_begin, s_end in sentences:
            if s_begin < p_begin or s_end > p_end:
                continue
            for b_begin, b_end in blocked:  # a sentence opening with the dateline
                if b_begin <= s_begin < b_end:
                    s_begin = b_end
            while s_begin < s_end and norm[s_begin] in " -":
                s_begin += 1
            if s_begin >= s_end:
                continue
            lead = _leading_subject(norm, s_begin, s_end, by_start)
            if lead is not None:
                discourse = lead
            s_quants = quantities[
                bisect.bisect_left(q_starts, s_begin) : bisect.bisect_left(q_starts, s_end)
            ]
            s_times = times[
                bisect.bisect_left(t_starts, s_begin) : bisect.bisect_left(t_starts, s_end)
            ]
            s_times = [t for t in s_times if t.end <= s_end]
            plain = [t for t in s_times if t.kind != "comparison"]
            built: list[_Obs] = []
            prev_end = s_begin
            claimed: set[int] = set()
            for i, q in enumerate(s_quants):
                next_begin = s_quants[i + 1].begin if i + 1 < len(s_quants) else s_end
                cut = q.comparator_begin if q.comparator_begin is not None else q.begin
                found = _measure(norm, prev_end, cut, q, lexicon, mentions, mention_starts)
                prev_end = q.end
                if found is None:
                    continue
                measure_iri, m_begin, m_end, new = found
                if new is not None:
                    new_measures.setdefault(new.iri, MeasureConcept(new.iri, new.label, False))
                subject = (
                    _possessive_subject(norm, m_begin, mentions, mention_starts)
                    or _following_subject(norm, m_end, by_start)
                    or lead
                    or discourse
                )
                if subject is None:
                    continue
                kind, negative = _value_kind(norm, m_end, cut, q)
                value = -q.value if negative and q.value > 0 else q.value
                period = _period(q, next_begin, plain, claimed, s_begin, norm, scope)
                if period is None:
                    period = _default_period(lexicon, measure_iri, published)
                comparison = _comparison(s_times, q.end, next_begin, period)
                built.append(
                    _Obs(q, measure_iri, m_begin, m_end, subject, kind, value, period, comparison)
                )
            if plain:
                scope = plain[-1]
                stated_here = scope
            for obs, clause in zip(built, _clauses(norm, s_begin, s_end, built), strict=True):
                q = obs.q
                observations.append(
                    Observation(
                        article_slug=slug,
                        begin=q.begin,
                        end=q.end,
                        subject=obs.subject,
                        measure=obs.measure,
                        value=obs.value,
                        stated=q.stated,
                        unit=q.unit or UNIT + "NUM",
                        value_kind=obs.value_kind,
                        comparator=q.comparator,
                        evidence=Span(clause[0], clause[1], text[clause[0] : clause[1]]),
                        period_start=obs.period[0],
                        period_end=obs.period[1],
                        comparison_start=obs.comparison[0],
                        comparison_end=obs.comparison[1],
                    )
                )
            para_obs += len(built)
        if para_obs == 0 and stated_here is not None:
            carried = stated_here
    return observations, sorted(new_measures.values(), key=lambda m: m.iri)


def _inside_any(begin: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(b <= begin and end <= e for b, e in spans)


def _measure(
    norm: str,
    seg_begin: int,
    cut: int,
    q,
    lexicon: Lexicon,
    mentions: Sequence[Mention],
    mention_starts: list[int],
):
    """``(measure IRI, begin, end, new Measure or None)`` for a quantity, or None."""
    is_count = q.unit in (None, UNIT + "NUM")
    if is_count and q.counted:
        iri = lexicon.for_count(q.counted)
        if iri:
            return iri, q.begin, q.end, None
    phrases = lexicon.find(norm, seg_begin, cut)
    if phrases:
        begin, end, iri = phrases[-1]
        if is_count and q.counted:
            return None  # "nine cities": the count is not of the measure before it
        return iri, begin, end, None
    if is_count:
        return None
    m = _UNKNOWN_NP.search(norm, seg_begin, cut)
    if not m:
        return None
    np_begin, np_end = m.span("np")
    # A place inside the noun phrase is its subject, not part of the measure.
    k = bisect.bisect_left(mention_starts, np_begin)
    while k < len(mentions) and mentions[k].span.begin < np_end:
        after = mentions[k].span.end
        after += 2 if norm.startswith("'s", after) else 0
        np_begin = after
        k += 1
    phrase = norm[np_begin:np_end].strip(" -'")
    words = phrase.split()
    if not words or _NOT_NP.match(words[-1]) or _NOT_NP.match(words[0]) or len(phrase) < 3:
        return None
    known = lexicon.for_phrase(phrase)
    if known:
        return known, np_begin, np_end, None
    phrase = phrase[0].lower() + phrase[1:] if not phrase[:2].isupper() else phrase
    new = uncurated(phrase)
    if not new.iri.rsplit("/", 1)[-1]:
        return None
    return new.iri, np_begin, np_end, new


def _possessive_subject(
    norm: str, measure_begin: int, mentions: Sequence[Mention], mention_starts: list[int]
) -> str | None:
    """ "Songjiang's contracted foreign capital": a possessive within 3 words before."""
    k = bisect.bisect_left(mention_starts, measure_begin) - 1
    if k < 0:
        return None
    m = mentions[k]
    if not m.possessive or m.kind not in _SUBJECT_KINDS:
        return None
    gap = norm[m.span.end : measure_begin]
    if re.fullmatch(r"'s?\s+(?:[\w&-]+\s+){0,3}", gap):
        return m.iri
    return None


def _following_subject(norm: str, measure_end: int, by_start: dict[int, Mention]) -> str | None:
    """ "GDP of Hefei", "projects landed in these cities": a place right after."""
    m = re.compile(r"\s+(?:of|in|for|across)\s+(?:the\s+)?").match(norm, measure_end)
    if not m:
        return None
    mention = by_start.get(m.end())
    if mention is None and norm[m.end() - 4 : m.end()].lower() == "the ":
        mention = by_start.get(m.end() - 4)
    if mention is not None and mention.kind in _SUBJECT_KINDS and not mention.qualifier:
        return mention.iri
    return None


def _leading_subject(
    norm: str, s_begin: int, s_end: int, by_start: dict[int, Mention]
) -> str | None:
    """The place or initiative a sentence is about, if it opens with one.

    "In Songjiang, ...", "The valley ...", "This year, Songjiang's ...":
    leading adverbial chunks ending with a comma are skipped (at most two).
    """
    pos = s_begin
    for _ in range(3):
        prep = _LEAD_PREP.match(norm, pos, s_end)
        start = prep.end() if prep else pos
        mention = by_start.get(start)
        if mention is None and prep:
            mention = by_start.get(pos) if prep.group().lower().startswith("the") else None
        if mention is not None and mention.kind in _SUBJECT_KINDS:
            return mention.iri
        comma = norm.find(",", pos, min(s_end, pos + 60))
        if comma < 0:
            return None
        pos = comma + 1
        while pos < s_end and norm[pos] == " ":
            pos += 1
    return None


def _value_kind(norm: str, measure_end: int, cut: int, q) -> tuple[str, bool]:
    """``(kind, negative)`` from the words between the measure and the number."""
    tail = norm[measure_end:cut].lower()
    after = norm[q.end : q.end + 60]
    if _SHARE.search(tail):
        return "Share", False
    if _CHANGE_NOUN_END.search(tail):
        return "Change", bool(_FALL.search(tail))
    if re.search(r"\bto\s*$", tail) or not _CHANGE.search(tail):
        if _CHANGE_AFTER.match(after) and q.unit in (UNIT + "PERCENT", _PP):
            return "Change", False
        return "Level", False
    return "Change", bool(_FALL.search(tail))


_PP = "https://w3id.org/g60kg/ontology#PercentagePoint"


def _period(q, next_begin: int, plain: list, claimed: set[int], s_begin: int, norm: str, scope):
    """The period a quantity is stated for, or None to use the default."""
    for t in plain:  # right after the number: "... 5 percent in 2022"
        if q.end <= t.begin < next_begin and re.fullmatch(r"[\s\w-]{0,30}", norm[q.end : t.begin]):
            claimed.add(t.begin)
            return t.start, t.end_date
    before = [t for t in plain if t.end <= q.begin and t.begin not in claimed]
    if before:
        t = before[-1]
        return t.start, t.end_date
    if scope is not None:
        return scope.start, scope.end_date
    return None


def _default_period(lexicon: Lexicon, measure: str, published: datetime.date | None):
    if published is None:
        return None, None
    known = lexicon.measures.get(measure)
    if known is not None and known.default_period == PUBLICATION_DATE:
        return published, published
    return datetime.date(published.year, 1, 1), datetime.date(published.year, 12, 31)


def _comparison(s_times: list, q_end: int, next_begin: int, period):
    for t in s_times:
        if t.kind == "comparison" and q_end <= t.begin < next_begin:
            if t.start is not None:
                return t.start, t.end_date
            return _shift(period[0], t.shift_years), _shift(period[1], t.shift_years)
    return None, None


def _shift(day: datetime.date | None, years: int) -> datetime.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # Feb 29
        return day.replace(year=day.year + years, day=28)


def _clauses(norm: str, s_begin: int, s_end: int, built: list[_Obs]) -> list[tuple[int, int]]:
    """Evidence per observation: the sentence, or its clause when it states several."""
    if len(built) <= 1:
        return [(s_begin, s_end)] * len(built)
    bounds = [s_begin]
    for a, b in itertools.pairwise(built):
        gap = norm[a.q.end : b.measure_begin]
        cut = max(gap.rfind(","), gap.rfind(";"))
        bounds.append(a.q.end + cut if cut >= 0 else -1)
    bounds.append(s_end)
    out = []
    for i in range(len(built)):
        begin, end = bounds[i], bounds[i + 1]
        if begin < 0 or end < 0:
            out.append((s_begin, s_end))
            continue
        if i > 0:
            begin += 1
            m = re.compile(r"\s*(?:and\s+|while\s+|whereas\s+)?").match(norm, begin)
            begin = m.end()
        while end > begin and norm[end - 1] in " ,;":
            end -= 1
        out.append((begin, end))
    return out
