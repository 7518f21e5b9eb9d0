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
  valley ..."); else the discourse subject, the last sentence subject seen;
  a sentence opening with a list of places ("Hefei, Wuhu and Xuancheng saw
  their combined output ...") has no one subject and states no metric;
  else the initiative the article named before (its topic).
* **Value kind**: ``Change`` after growth verbs ("increased by", "grew by",
  "a rise of"; falls make the value negative), ``Level`` after "to" ("has
  risen to") and level verbs, ``Share`` after "accounts for", "makes up".
  The verbs and nouns are the cue words of ``ontology/cues.ttl``
  (:mod:`g60kg.extract.cues`); this module holds the grammar around them.
* **Period**: a time phrase right after the quantity ("... in 2022"), else the
  nearest one before it in the sentence, else the scope carried from earlier
  sentences of the passage, else for a flow the period of the last figures
  given (if it closed before publication), else the measure's
  ``g60:defaultPeriod``. A scope
  carries to the end of its paragraph, and into the next paragraph when its
  own paragraph stated no metric (a lead-in such as "Over the past five
  years, these cities have ..."). A comparison phrase ("compared to the same
  period last year") gives the comparison period.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime
import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from g60kg.extract import cues as cues_mod
from g60kg.extract.cues import cues_pattern, words_pattern
from g60kg.extract.facts import MeasureConcept, Mention, Observation, Rejection, Span
from g60kg.extract.gazetteer import REGION_KINDS
from g60kg.extract.measures import PUBLICATION_DATE, Lexicon, singular, uncurated
from g60kg.extract.quantities import parse_number
from g60kg.namespaces import UNIT
from g60kg.text.english import MONTH_NAMES, NUMBER_WORDS

# What a figure may be about: a region or an initiative.
_SUBJECT_KINDS = REGION_KINDS | {"Initiative"}
_CHANGE_AFTER = re.compile(
    r"^\s*(?:(?:on\s+a\s+)?year[-\s]on[-\s]year|y-o-y|yoy|from\s+a\s+year\s+(?:earlier|ago)|"
    r"over\s+the\s+(?:previous|same\s+period|last)|compared\s+(?:to|with)|than\s+(?:a|the|last))",
    re.IGNORECASE,
)
# The noun phrase before a reporting verb ("the digital economy output reached"), which
# names the measure of the number after it. The verbs come from ontology/cues.ttl.
_UNKNOWN_NP_BEFORE = (
    r"(?:^|[,;:]\s*|\b(?:and|while|whereas|with|where)\s+|^[A-Z][\w\s-]{0,40}'s?\s+"
    r"|(?:^|[,;:]\s*)(?i:the\s+)?[a-z][\w-]*'s\s+)"  # ", the corridor's high-tech output grew"
    r"(?:(?i:the|its|their|whose|a|total)\s+)?"
    r"(?P<np>[A-Za-z][A-Za-z&\-]*(?:\s+[A-Za-z][A-Za-z&\-]*){0,14}?)\s+"
    r"(?:has\s+|have\s+|had\s+|has\s+been\s+|was\s+|were\s+)?"
)
# What may stand between a figure and a change named after the next one: "..., a 5.6
# percent increase", "..., marking a 7 percent increase", "with a 4.5 percent growth".
_BEFORE_CHANGE_NOUN = re.compile(
    r"[\s,;(]*(?:(?:marking|representing|registering|recording|posting|showing|with)\s+)?"
    r"(?:an?\s+)?"
)
_COPULAS = ("was", "were", "is", "are")  # "the total was 5 billion yuan"
# "..., up 5.8 percent year on year": a second number for the measure just stated
# (before a word of change, see _CueWords.follow_up).
_FOLLOW_UP_BEFORE = (
    r"^[\s,;(]*(?:(?:which\s+(?:is|was)|representing|marking|for|with)\s+)?(?:an?\s+)?"
    r"(?:(?:year-on-year|year\s+on\s+year|y-o-y|yoy|annual|yearly|average\s+(?:annual|yearly))\s+)?"
)
# "..., which accounts for about" / "equivalent to": a share of the number just stated
# (with a share verb, see _CueWords.follow_share).
_EQUAL_TO = r"(?:(?:which|that)\s+(?:is|was)\s+)?(?:equivalent|equal)\s+to"
_FOLLOW_SHARE_AFTER = r"(?:\s+(?:about|nearly|over|more\s+than|around|almost))?\s*$"
# The clause of another place that repeats the measure just stated; the change verbs
# that may follow "Huzhou's" come from the cue words (see _CueWords.elided).
_ELIDED_BEFORE = (
    r"(?:[^,;]{0,80}[,;]){0,2}[\s,;)]*(?:(?:and|while|whereas|but)\s+|followed\s+by\s+)"
    r"(?P<place>[A-Z][^,;()]{1,60}?)"
    # "and Huzhou's was", "followed by Suzhou with", "followed by Hangzhou (1.88 ..."
    r"(?:'s?\s+(?:was|were|stood\s+at|reached|hit|came\s+to|"
)
# "..., up 6.2 percent, while Huzhou's expanded 5.9 percent": (?P<verb>...) between these
_ELIDED_AFTER = r"(?:\s+by)?)|\s+with|\s*\(|\s+(?:had|has|have)(?=\s+\S*\s*$))\s*$"


@dataclass(frozen=True)
class _CueWords:
    """The value-kind patterns: the grammar of this module around the cue words."""

    #: A word of change, up or down ("grew", "declined", "up").
    change: re.Pattern[str]
    #: A word of fall ("fell", "down", "lower"): a change it reports is negative.
    fall: re.Pattern[str]
    #: A verb of share ("accounts for", "makes up").
    share: re.Pattern[str]
    #: "an increase of" right before the number.
    change_noun_end: re.Pattern[str]
    #: "a 5.6 percent increase": the change named right after its number.
    change_noun_after: re.Pattern[str]
    #: "doubled", a whole quantity: up 100 percent.
    multiplied: re.Pattern[str]
    #: The noun phrase before a reporting verb, ending the text before a number.
    unknown_np: re.Pattern[str]
    #: Between two numbers: ", up" - the second is a change of the first one's measure.
    follow_up: re.Pattern[str]
    #: A verb of outlay ("spent") and the measure words of each of its forms.
    outlay: re.Pattern[str]
    outlay_nouns: dict[str, str]
    #: The end of a counted noun phrase whose count is no metric ("nine cities").
    no_metric: re.Pattern[str]
    #: Between two numbers: ", which accounts for" - the second is a share.
    follow_share: re.Pattern[str]
    #: "..., while Huzhou's expanded": another place, the same measure.
    elided: re.Pattern[str]
    #: "aims to", "will", "by 2025" before a number in its clause: a goal, not a fact.
    target: re.Pattern[str]


@functools.cache
def _cue_words() -> _CueWords:
    """Compile the value-kind patterns from ``ontology/cues.ttl`` once per process."""
    cues = cues_mod.load()
    change, share = cues.signalling(cues_mod.CHANGE), cues.signalling(cues_mod.SHARE)
    nouns = words_pattern([f for c in cues.cues for f in c.noun_forms])
    reporting = words_pattern([*(f for c in cues.cues for f in c.reporting_forms), *_COPULAS])
    change_verbs = words_pattern([f for c in change for f in c.reporting_forms])
    multiplying = words_pattern([f for c in cues.cues if c.factor is not None for f in c.forms])
    return _CueWords(
        change=re.compile(rf"\b(?:{cues_pattern(change)})\b"),
        fall=re.compile(rf"\b(?:{cues_pattern(cues.falling())})\b"),
        share=re.compile(rf"\b(?:{cues_pattern(share)})\b"),
        change_noun_end=re.compile(rf"\b(?:{nouns})\s+of\s*$"),
        change_noun_after=re.compile(
            rf"\s*(?:year-on-year\s+|annual\s+)?(?:{nouns})\b", re.IGNORECASE
        ),
        multiplied=re.compile(rf"(?i:{multiplying})"),
        unknown_np=re.compile(rf"{_UNKNOWN_NP_BEFORE}(?:{reporting})(?:\s+(?:by|to|at))?\s*$"),
        follow_up=re.compile(
            rf"{_FOLLOW_UP_BEFORE}(?:{cues_pattern(change)})(?:\s+(?:by|of|at))?\s*$", re.IGNORECASE
        ),
        follow_share=re.compile(
            rf"^[\s,;]*(?:(?:which|and|while)\s+)?(?:{cues_pattern(share)}|{_EQUAL_TO})"
            rf"{_FOLLOW_SHARE_AFTER}",
            re.IGNORECASE,
        ),
        elided=re.compile(rf"{_ELIDED_BEFORE}(?P<verb>{change_verbs}){_ELIDED_AFTER}"),
        target=re.compile(
            rf"\b(?:{cues_pattern(c for c in cues.cues if c.target)}|by\s+20\d\d)\b",
            re.IGNORECASE,
        ),
        outlay=re.compile(
            rf"\b(?:{cues_pattern(c for c in cues.cues if c.outlay)})\b", re.IGNORECASE
        ),
        outlay_nouns={f.lower(): c.outlay for c in cues.cues if c.outlay for f in c.forms},
        no_metric=re.compile(
            rf"\b(?:{cues_pattern(c for c in cues.cues if c.counts_no_metric)})$",
            re.IGNORECASE,
        ),
    )


_NOT_NP = re.compile(
    r"^(?:it|this|that|these|those|they|which|there|he|she|we|who|what|each|all|both|"
    r"number|figure|total|amount|value|rate|level|one|others?)$",
    re.IGNORECASE,
)
_COUNTED = re.compile(r"[A-Za-z][\w\-'\" &]*$")
_CONVERSION = re.compile(
    r"\s*\(\s*(?:(?:approximately|approx\.|about|around|roughly|or|some|nearly|"
    r"equivalent\s+to|equal\s+to)\s+)?$",
    re.IGNORECASE,
)
_BASELINE = re.compile(
    r"(?:\bfrom|\bover|\bthan(?:\s+(?:in|that\s+of))?|\bcompared\s+(?:to|with))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_FOLLOW_LEVEL = re.compile(
    r"^[\s,;]*(?:(?:and\s+)?(?:reaching|totaling|totalling|hitting|to|at|"
    r"to\s+(?:reach|hit|total|stand\s+at|top|exceed))|"
    r"(?:bringing|taking|lifting|raising)\s+(?:the\s+|its\s+|their\s+)?(?:total|it|them)\s+to)\s*$",
    re.IGNORECASE,
)
# ", capital of east China's Zhejiang Province," after a place: not part of the sentence's core.
_APPOSITIVE = re.compile(
    r",\s+(?:(?:a|an|the)\s+)?(?:capital|city|home|hub|one|county|district|seat)\b[^,;]{0,80},"
)
# A possessive that points back: "its", "their", "the district's" (up to three words
# before the measure: "its absolute investment amount").
_PRONOUN = re.compile(
    r"(?:\b(?:[Ii]ts|[Tt]heir)|\b(?:[Tt]he|[Tt]his)\s+(?P<level>city|district|province)'s)"
    r"\s+(?:[\w&-]+\s+){0,3}$"
)
# A clause whose subject is an organisation or a site, named or not: "The company",
# "the park", "The Lingang Science City", "The digital satellite manufacturing plant".
_NON_PLACE_SUBJECT = re.compile(
    r"\s*(?:[A-Z][^,;]{0,40},\s*)?(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:[\w&'-]+\s+){0,6}?"
    r"(?:plant|factory|company|firm|park|project|base|alliance|zone|group|university|"
    r"institute|fund|bank|City|Park|Zone|Company|Group)\b(?!')"
)
# A clause whose subject is a person: "she had", "we invested", "I think".
_PERSON = re.compile(r"\s*(?:[A-Z][^,;]{0,40},\s*)?(?:she|he|I|we|you)\b", re.IGNORECASE)
# "The two cities", "both provinces": several places as one subject (the ones an
# initiative's anaphors name, "the nine cities", are mentions and never reach this).
_SEVERAL_PLACES = re.compile(
    r"(?:the|these|those|both)\s+(?:[a-z]+\s+)?(?:cities|districts|provinces|regions|areas)\b",
    re.IGNORECASE,
)
_LEVEL_ANAPHOR = re.compile(r"(?:the|this)\s+(city|district|province)(?:'s)?\b", re.IGNORECASE)
_LEVEL_KINDS = {
    "city": frozenset({"PrefectureLevelCity", "Municipality"}),
    "district": frozenset({"District"}),
    "province": frozenset({"Province"}),
}
_NARROW_AFTER = re.compile(
    r"(?:\s+amount)?\s+(?:of|in)\s+(?:the\s+)?"
    r"(?:(?:[a-z][\w-]*\s+){0,4}(?:industry|industries|sector|sectors|fixed\s+assets)|"
    # "exports of high-tech products" (but "exports of goods" are exports)
    r"(?:[a-z][\w-]*\s+){1,4}(?:products|goods|commodities))\b"
    # "trade with Belt and Road countries", "trade value generated by private enterprises",
    # "trade value stemming from trade with BRICS countries"
    r"|(?:\s+(?:value|volume))?\s+(?:with|generated\s+by|created\s+by|"
    r"(?:stemming|resulting|coming)\s+from\s+(?:trade\s+)?with)\s+(?:the\s+)?(?:other\s+)?"
    r"(?:[A-Za-z][\w-]*\s+){0,5}(?:countries|economies|enterprises|firms|companies|markets)\b"
)
# The words before a lexicon phrase that narrow it: after a determiner or a preposition
# ("the value of *automobile* exports", "with *high-tech industry* investment up").
_NARROW_BEFORE = re.compile(
    r"(?:'s|\b[Tt]he|\b[Ii]ts|\b[Tt]heir|\bof|\bwith)"
    r"\s+(?P<words>(?:[a-z][\w-]*\s+){1,4})$"
)
# An item of a list whose verb is left out: ", manufacturing investment by 20.9 percent"
_ELIDED_BY = re.compile(r"\s+(?:(?:was|were)\s+)?(?:up\s+|down\s+)?by\s+(?:about\s+)?$|\s+by\s")
_LIST_ITEM = re.compile(
    r"[\s,;]*(?:and\s+)?(?P<words>[a-z][\w&-]*(?:(?:\s*,\s*|\s+and\s+|\s+)[a-z][\w&-]*){0,8})?\s+"
)
_RESIDENTS = re.compile(r"\b(?P<who>[A-Za-z]+)\s+residents'\s+$")
_NOT_NARROWING = frozenset(
    [
        "total",
        "absolute",
        "national",
        "annual",
        "overall",
        "average",
        "combined",
        "actual",
        "gross",
        "whole",
        "entire",
        "new",
        "current",
        "accumulated",
        "cumulative",
        "yearly",
        "monthly",
    ]
)
_FUNCTION_WORDS = frozenset(
    [
        "of",
        "in",
        "for",
        "and",
        "with",
        "to",
        "by",
        "from",
        "at",
        "on",
        "as",
        "the",
        "a",
        "an",
        "its",
        "their",
        "this",
        "that",
        "is",
        "was",
        "were",
        "are",
        "has",
        "have",
        "had",
        "be",
        "been",
    ]
)
_OF_WHOLE = re.compile(
    r"\s+of\s+(?:the\s+)?(?:(?:country|nation|province|city|region|world)'s\s+|"
    r"(?:national|total|whole|provincial|global)\s+)?"
)
#: Subject of a number about a place the gazetteer does not know: such numbers are dropped.
UNKNOWN_PLACE = ""
_OTHER_POSSESSIVE = re.compile(
    r"(?<![\w'])(?!(?:The|Its|Their|This|That|These|Those|In|For|Of|China|[A-Z]\w*day)\b)"
    r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}'s\s+(?:[\w&-]+\s+){0,3}$"
)
_OTHER_PLACE = re.compile(
    r"(?!(?:Addition|Particular|General|Total|Short|Brief|Contrast|Comparison|Fact|Detail|"
    rf"{'|'.join(name.capitalize() for name in MONTH_NAMES)}|"
    r"Spring|Summer|Autumn|Fall|Winter)\b)[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}\s*,"
)
_PAREN = re.compile(r"\([^()]*\)")
_LEAD_PREP = re.compile(
    r"(?:(?:In|For|At|Among|Across|Within|Of)\s+(?:the\s+)?"
    # "In neighboring Jiaxing", "In nearby Huzhou", "In eastern Anhui"
    r"(?:(?-i:neighbou?ring|nearby|adjacent|(?:north|south|east|west)(?:ern)?|central)\s+)?)?"
    r"(?:(?:the\s+)?(?:city|district|province|municipality)\s+of\s+)?"
    # "Neighboring Wuxi, ..." with no preposition
    r"(?:(?<![\w-])(?-i:[Nn]eighbou?ring|[Nn]earby|[Aa]djacent)\s+)?",
    re.IGNORECASE,
)


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
    #: A second number for the measure just stated ("..., up 5.8 percent").
    follow: bool = False
    #: The level a "from X to Y" starts at.
    from_start: bool = False
    #: The end of the span a "from X to Y" is stated for ("between 2016 and 2020").
    span_end: datetime.date | None = None
    #: The rule that chose the subject, for ``g60kg extract --explain``.
    rule: str = ""


@dataclass
class Reading:
    """What the metrics reader made of an article's quantities."""

    observations: list[Observation]
    measures: list[MeasureConcept]
    #: The quantities it set aside, by their begin offset.
    set_aside: dict[int, Rejection]


def read_metrics(
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
    nation: str | None = None,
) -> Reading:
    """Every metric stated in the given paragraphs, in text order, and what was set aside.

    ``blocked`` spans (the dateline, event names) hold no metric and no time
    scope: "The 2023 Key Factors Bridging Conference" does not date what follows.
    """
    reader = _Reader(text, norm, published, mentions, quantities, times, lexicon, blocked)
    reader.nation = nation
    observations = reader.read(slug, paragraphs, sentences)
    return Reading(
        observations,
        sorted(reader.new_measures.values(), key=lambda m: m.iri),
        reader.set_aside,
    )


class _Reader:
    """Reads an article's paragraphs in order, keeping the discourse state.

    The state is what carries from sentence to sentence: the discourse subject
    and the time scope of the passage (see the module docstring).
    """

    def __init__(
        self,
        text: str,
        norm: str,
        published: datetime.date | None,
        mentions: Sequence[Mention],
        quantities: Sequence,
        times: Sequence,
        lexicon: Lexicon,
        blocked: Sequence[tuple[int, int]],
    ) -> None:
        self.text, self.norm, self.published, self.lexicon = text, norm, published, lexicon
        self.mentions = mentions
        self.mention_starts = [m.span.begin for m in mentions]
        self.by_start = {m.span.begin: m for m in mentions}
        self.blocked = sorted(blocked)
        self.blocked_starts = [b for b, _ in self.blocked]
        self.set_aside: dict[int, Rejection] = {}
        for q in quantities:
            if not self._free(q.begin, q.end):
                self._set_aside(q, "part of a name", "inside an event name or the dateline")
        self.quantities = [q for q in quantities if self._free(q.begin, q.end)]
        self.q_starts = [q.begin for q in self.quantities]
        self.times = [t for t in times if self._free(t.begin, t.end) and self._clear(t)]
        self.t_starts = [t.begin for t in self.times]
        self.new_measures: dict[str, MeasureConcept] = {}
        self.discourse: str | None = None
        #: The country the article's places lie in: "the nation", "national GDP".
        self.nation: str | None = None
        self.scope = None  # the TimeExpr the passage so far is about
        self.last_period = None  # the period of the last figures given, for "the same period"
        self.seen: list[_Obs] = []  # observations read so far, for "such firms"
        # Last resort subject: the initiative the article has named (its topic).
        named = [m for m in mentions if m.kind == "Initiative" and not m.anaphor]
        self.topic = named[0].iri if named else None
        self.topic_begin = named[0].span.begin if named else len(text)

    def _set_aside(self, q, reason: str, rule: str) -> None:
        self.set_aside.setdefault(q.begin, Rejection(q.stated, q.begin, q.end, reason, rule))

    def _free(self, begin: int, end: int) -> bool:
        """Outside every blocked span (dateline, event names)."""
        k = bisect.bisect_right(self.blocked_starts, begin) - 1
        return k < 0 or not (self.blocked[k][0] <= begin and end <= self.blocked[k][1])

    def _clear(self, t) -> bool:
        """A time overlapping a quantity ("from 7,600 in 2016 to 43,000") is a misreading."""
        k = bisect.bisect_left(self.q_starts, t.end)
        return k == 0 or self.quantities[k - 1].end <= t.begin

    def read(
        self, slug: str, paragraphs: Sequence[tuple[int, int]], sentences: Sequence[tuple[int, int]]
    ) -> list[Observation]:
        sentence_starts = [b for b, _ in sentences]
        observations: list[Observation] = []
        carried = None  # a lead-in's TimeExpr carried into the next paragraph
        for p_begin, p_end in paragraphs:
            previous, self.scope = self.scope, carried
            if carried is None and _continues(self.norm, p_begin, p_end, previous):
                # "... for 2023 ...\n\nThe city's digital economy ...": a paragraph that
                # goes on about the same place goes on in the same period
                self.scope = previous
            carried = None
            para_obs = 0
            lead_in = None
            first = bisect.bisect_left(sentence_starts, p_begin)
            last = bisect.bisect_right(sentence_starts, p_end)
            for s_begin, s_end in sentences[first:last]:
                if s_end > p_end:
                    continue
                k = bisect.bisect_right(self.blocked_starts, s_begin) - 1
                if k >= 0 and self.blocked[k][0] <= s_begin < self.blocked[k][1]:
                    s_begin = self.blocked[k][1]  # a sentence opening with the dateline
                while s_begin < s_end and self.norm[s_begin] in " -":
                    s_begin += 1
                if s_begin >= s_end:
                    continue
                built, plain = self._sentence(s_begin, s_end)
                # "an increase of 312 over the end of 2023": a baseline, not what follows is about
                plain = [t for t in plain if not _is_baseline(self.norm, s_begin, t)]
                periods = [t for t in plain if t.kind == "period" and t.start is not None]
                if built and periods:  # "the same period" is that of the figures last given
                    self.last_period = periods[-1]
                elif built and _stated_period(self.scope):  # figures in a carried period
                    self.last_period = self.scope
                if plain:
                    self.scope = plain[-1]
                    if plain[0].begin == s_begin:  # "Over the past five years, ..."
                        lead_in = plain[0]
                clauses = _clauses(self.norm, s_begin, s_end, built)
                for obs, clause in zip(built, clauses, strict=True):
                    clause = _bounded_evidence(self.norm, clause, obs.q)
                    observations.append(self._observation(slug, obs, clause))
                para_obs += len(built)
            if para_obs == 0 and lead_in is not None and lead_in.kind == "period":
                carried = lead_in if lead_in.start is not None else None
            elif para_obs == 0 and self.scope is not None and not self._names_event(p_begin, p_end):
                # "Hefei, Wuhu and Xuancheng ... saw their combined output rise 6.3 percent
                # in the first half of 2023.": a paragraph that states no metric of its
                # own sets the time of the next; an event's date ("The 2nd Hefei Expo was
                # held in November 2023.") does not
                scope = self.scope
                if scope.kind == "period" and scope.start is not None and scope.begin >= p_begin:
                    carried = scope
        return observations

    def _in_stated_year(self, t):
        """ "In 2022, ... by the end of the year, up 18 percent over the previous year":
        "the year" is the calendar year the passage is about, not the publication's."""
        scope = self.scope
        if t.start is None or self.published is None or not _THE_YEAR.search(t.stated):
            return t
        if scope is None or scope.kind != "period" or not _whole_year(scope):
            return t
        shift = scope.start.year - self.published.year
        if shift == 0:
            return t
        return dataclasses.replace(
            t, start=_shift(t.start, shift), end_date=_shift(t.end_date, shift)
        )

    def _bare_period(self, measure: str):
        """The period of a number stated with no time in reach.

        A stock is read at the publication date; a flow in the period of the last
        figures the article gave ("In 2022, the GDP ... reached ...\n\nTotal retail
        sales amounted to ..."), else in the publication year (the measure's
        ``g60:defaultPeriod``). A time with no figure ("joined the corridor in
        2018") is not what later figures are about, and a period running to the
        publication date ("this year") gives way to the default whole year.
        """
        last = self.last_period
        closed = last is not None and (self.published is None or last.end_date < self.published)
        if closed and not _is_stock(self.lexicon, measure):
            return last.start, last.end_date
        return _default_period(self.lexicon, measure, self.published)

    def _salient(self, before: int) -> str | None:
        """The place or initiative a reader has in mind at ``before``: the last one named.

        Names that only qualify another ("Songjiang District of *Shanghai*") and
        lists of several places ("Hefei, Wuhu and Xuancheng") are passed over: a
        figure after a list belongs to none of its items alone.
        """
        k = bisect.bisect_left(self.mention_starts, before) - 1
        while k >= 0:
            m = self.mentions[k]
            # The country is named as the whole a region's share is of ("36.7 percent of
            # China's total"), seldom as what the next figures are about
            if m.kind in _SUBJECT_KINDS and not m.qualifier and m.kind != "Country":
                if _starts_list(self.norm, m, self.mentions, self.mention_starts) or (
                    k > 0
                    and _LIST_GAP.fullmatch(self.norm[self.mentions[k - 1].span.end : m.span.begin])
                    and self.mentions[k - 1].kind in _SUBJECT_KINDS
                ):
                    return None
                return m.iri
            k -= 1
        return None

    def _pronoun_subject(self, measure_begin: int, s_begin: int) -> str | None:
        """ "Its GDP", "their output", "the district's revenue": whose, by salience.

        "its"/"their" take the place last named; "the city's" the last place of
        that level (a district is not "the city").
        """
        m = _PRONOUN.search(self.norm, max(s_begin, measure_begin - 50), measure_begin)
        if m is None:
            return None
        level = m.group("level")
        if level:
            return _last_of_kind(
                self.mentions, self.mention_starts, m.start(), _LEVEL_KINDS[level.lower()]
            )
        return self.discourse or self._salient(s_begin)

    def _names_event(self, begin: int, end: int) -> bool:
        """Whether a blocked span (an event name, the dateline) lies in ``begin:end``."""
        k = bisect.bisect_left(self.blocked_starts, begin)
        return k < len(self.blocked) and self.blocked[k][0] < end

    def _observation(self, slug: str, obs: _Obs, clause: tuple[int, int]) -> Observation:
        q = obs.q
        return Observation(
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
            evidence=Span(clause[0], clause[1], self.text[clause[0] : clause[1]]),
            period_start=obs.period[0],
            period_end=obs.period[1],
            comparison_start=obs.comparison[0],
            comparison_end=obs.comparison[1],
            rule=obs.rule,
        )

    def _sentence(self, s_begin: int, s_end: int) -> tuple[list[_Obs], list]:
        """The observations of one sentence and its (non-comparison) times."""
        norm = self.norm
        lead = _leading_subject(
            norm, s_begin, s_end, self.by_start, self.mentions, self.mention_starts
        )
        if lead is None and self.nation and _NATION_LEAD.match(norm, s_begin, s_end):
            lead = self.nation  # "The nation as a whole spent ..."
        if lead is not None:
            self.discourse = lead
        s_quants = self.quantities[
            bisect.bisect_left(self.q_starts, s_begin) : bisect.bisect_left(self.q_starts, s_end)
        ]
        # "250 billion yuan (about 35 billion U.S. dollars)": one number, said twice
        converted = {
            q.begin
            for k, q in enumerate(s_quants)
            if k > 0 and _CONVERSION.match(norm, s_quants[k - 1].end, q.begin)
        }
        for q in s_quants:
            if q.begin in converted:
                self._set_aside(q, "currency conversion", "the figure before it, converted")
        s_quants = _shared_units([q for q in s_quants if q.begin not in converted], norm)
        for q in s_quants:
            if _in_quoted_name(norm, q):
                self._set_aside(q, "part of a name", "inside a quoted title")
        s_quants = [q for q in s_quants if not _in_quoted_name(norm, q)]
        s_times = [
            self._in_stated_year(t)
            for t in self.times[
                bisect.bisect_left(self.t_starts, s_begin) : bisect.bisect_left(
                    self.t_starts, s_end
                )
            ]
        ]
        ctx = _Sentence(s_begin, s_end, lead, [t for t in s_times if t.end <= s_end])
        if self.last_period is not None and _SAME_PERIOD.search(norm, s_begin, s_end):
            self.scope = self.last_period  # "in the same period": the period stated last
        built: list[_Obs] = []
        pending: dict[int, _Obs] = {}  # read, but with no subject yet
        prev_end = s_begin
        for i, q in enumerate(s_quants):
            next_begin = s_quants[i + 1].begin if i + 1 < len(s_quants) else s_end
            if _cue_words().target.search(norm, _clause_start(norm, s_begin, q.begin), q.begin):
                prev_end = q.end  # a goal ("aims to produce 2 million"), not a fact
                self._set_aside(q, "goal, not a fact", "a word of intent before it")
                continue
            if _ATTENDED.match(norm, q.end):
                # "53 companies from Songjiang took part in the expo": who came, no metric
                self._set_aside(q, "event attendance", "a count of those who took part")
                continue
            follows = bool(built) and built[-1].q is s_quants[i - 1]
            obs = self._follow_up(ctx, q, prev_end, next_begin, built[-1]) if follows else None
            if obs is None and follows:
                obs = self._elided(q, prev_end, built[-1])
            if obs is None:
                obs = self._fresh(ctx, q, prev_end, next_begin)
            if obs is None:
                obs = self._place_clause(ctx, q)
            if obs is None:
                # "the GDP of the nine cities totaled ...": "nine" states nothing
                self._set_aside(q, "no measure found", "no measure phrase, counted noun or unit")
                continue
            prev_end = max(q.end, obs.measure_end)  # a measure named after it is used up
            if obs.subject:  # None: nothing to pin it on; UNKNOWN_PLACE: not ours to pin
                built.append(obs)
                self.seen.append(obs)
                continue
            pending[id(q)] = obs  # a list after it may still give it a place
            if obs.subject is None:
                self._set_aside(q, "no subject found", "no place or initiative in reach")
            else:
                self._set_aside(q, "subject not in the gazetteer", "a place unknown to the graph")
        built = self._respectively(ctx, s_quants, built, pending)
        if _OVER_SPAN.search(norm, s_begin, s_end):
            # "has more than doubled since 2018": a change over years whose start the
            # data model has no field for (it still heads "... to 55.4 billion yuan")
            spans = [o for o in built if _cue_words().multiplied.fullmatch(o.q.stated)]
            for o in spans:
                self._set_aside(o.q, "change over an unstated span", "a multiple since a year")
            built = [o for o in built if o not in spans]
            self.seen = [o for o in self.seen if o not in spans]
        return built, ctx.plain

    def _respectively(
        self, ctx: _Sentence, s_quants: list, built: list[_Obs], pending: dict[int, _Obs]
    ) -> list[_Obs]:
        """ "A, B and C grew by 3, 4 and 5 percent respectively": one figure each.

        The k figures before "respectively" pair in order with the last list of k
        items before them: places ("Chizhou and Maanshan ... with 5.4% and 4.6%
        respectively": the measure is the one just stated) or measures ("output,
        revenue and exports rose by ..."; the subject is the first figure's).
        """
        norm = self.norm
        word = _RESPECTIVELY.search(norm, ctx.begin, ctx.end)
        if word is None:
            return built
        run: list = []
        for q in reversed([q for q in s_quants if q.end <= word.start()]):
            gap = norm[q.end : run[0].begin] if run else norm[q.end : word.start()]
            if run and not _LIST_GAP.fullmatch(gap) and not re.fullmatch(r"\s*,\s*", gap):
                break
            if not run and not re.fullmatch(r"[\s,]*", gap):
                break
            run.insert(0, q)
        if len(run) < 2:
            return built
        k = len(run)
        first = next((o for o in built if o.q is run[0]), None) or pending.get(id(run[0]))
        head_end = run[0].comparator_begin if run[0].comparator_begin is not None else run[0].begin
        places = self._listed_places(ctx.begin, head_end, k)
        named = _THE_N_PLACES.search(self.norm, ctx.begin, head_end)
        if places is None and named and parse_number(named.group(1).lower()) == k:
            # "the four areas ... 17.6, 19.2, 19.5 and 18.7 percent respectively": the
            # four places the passage listed before
            places = self._listed_places(max(0, ctx.begin - _LIST_REACH), ctx.begin, k)
        unit = run[-1].unit  # "17.6, 19.2 and 18.7 percent": the unit is said once
        made: list[_Obs] = []
        if places is not None:
            model = first or (self.seen[-1] if self.seen else None)
            if model is None:
                return built
            for q, place in zip(run, places, strict=True):
                made.append(dataclasses.replace(
                    model, q=_with_unit(q, unit), subject=place, value=q.value, follow=False,
                    rule="a list of places, 'respectively'",
                ))  # fmt: skip
        else:
            if first is None:
                return built
            verbs = list(_LIST_VERB.finditer(self.norm, ctx.begin, run[0].begin))
            end = verbs[-1].start() if verbs else first.measure_end
            measures = self._listed_measures(ctx.begin, max(end, first.measure_end), k)
            if measures is None:
                return built
            for q, measure in zip(run, measures, strict=True):
                made.append(dataclasses.replace(
                    first, q=_with_unit(q, unit), measure=measure, value=q.value,
                    rule="a list of measures, 'respectively'",
                ))  # fmt: skip
        stated = next(
            (t for t in ctx.plain if 0 <= t.begin - word.end() <= 4 and t.start is not None), None
        )
        if stated is not None:  # "... respectively in the first quarter"
            made = [dataclasses.replace(o, period=(stated.start, stated.end_date)) for o in made]
        for o in made:
            self.set_aside.pop(o.q.begin, None)
        taken = {id(q) for q in run}
        kept = [o for o in built if id(o.q) not in taken]
        self.seen = [o for o in self.seen if id(o.q) not in taken] + made
        return sorted([*kept, *made], key=lambda o: o.q.begin)

    def _listed_places(self, begin: int, end: int, k: int) -> list[str] | None:
        """The last list of exactly ``k`` places in ``norm[begin:end]``, if there is one."""
        inside = [
            m
            for m in self.mentions[
                bisect.bisect_left(self.mention_starts, begin) : bisect.bisect_left(
                    self.mention_starts, end
                )
            ]
            if m.kind in _SUBJECT_KINDS and not m.qualifier
        ]
        lists: list[list[Mention]] = []
        for m in inside:
            gap = self.norm[lists[-1][-1].span.end : m.span.begin] if lists else ""
            if lists and (_LIST_GAP.fullmatch(gap) or _LIST_OF_KIND.fullmatch(gap)):
                lists[-1].append(m)
            else:
                lists.append([m])
        for group in reversed(lists):
            if len(group) == k:
                return [m.iri for m in group]
        return None

    def _listed_measures(self, begin: int, measure_end: int, k: int) -> list[str] | None:
        """ "industrial output value, financial revenue and gas consumption": k measures.

        The list ends where the first figure's measure phrase ends; each item is a
        lexicon phrase or becomes an uncurated measure.
        """
        begin = max(begin, self.norm.rfind(";", begin, measure_end) + 1)  # its clause
        segment = self.norm[begin:measure_end].strip()
        start = max(segment.rfind("'s "), segment.rfind(", ", 0, len(segment)))
        items = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", segment)
        items = [i.strip() for i in items if i.strip()]
        if len(items) < k or start < 0:
            return None
        items = items[-k:]
        items[0] = re.sub(
            r"^.*'s\s+|^.*\bwhich\s+|^(?:the|its|their)\s+", "", items[0], flags=re.IGNORECASE
        )
        shared = _SHARED_HEAD.match(items[0])
        if shared:  # "the value-added of A and B": the value-added of each
            items[0] = shared.group("item")
            items = [f"{shared.group('head')} {item}" for item in items]
        out = []
        for item in items:
            if not re.fullmatch(r"[a-z][\w&-]*(?:\s+[a-z][\w&-]*){0,6}", item, re.IGNORECASE):
                return None
            known = self.lexicon.for_phrase(item)
            if known is None:
                new = uncurated(item[0].lower() + item[1:])
                self.new_measures.setdefault(
                    new.iri, MeasureConcept(new.iri, new.label, False, new.broader)
                )
                known = new.iri
            out.append(known)
        return out

    def _place_clause(self, ctx: _Sentence, q) -> _Obs | None:
        """ "— Beijing hit 6.83 percent, Shanghai reached 4.44 percent": a clause of a
        place and a verb of level only, after figures of one measure: that measure.

        The measure is the last one stated in the paragraph, and the figure must be
        in its unit; its kind and period are those of that figure.
        """
        if not self.seen:
            return None
        last = self.seen[-1]
        if (q.unit or UNIT + "NUM") != (last.q.unit or UNIT + "NUM"):
            return None
        cut = q.comparator_begin if q.comparator_begin is not None else q.begin
        start = _clause_start(self.norm, ctx.begin, cut)
        # "... exceed the average — Beijing hit": the clause starts after the dash
        dash = max(self.norm.rfind("\u2014", start, cut), self.norm.rfind(" - ", start, cut) + 1)
        start = dash + 1 if dash > 0 else start
        while start < cut and self.norm[start] in " -":
            start += 1
        place = self.by_start.get(start)
        if place is None or place.kind not in _SUBJECT_KINDS or place.qualifier:
            return None
        if not _PLACE_VERB.fullmatch(self.norm, place.span.end, cut):
            return None
        if q.begin - last.q.end > _PLACE_CLAUSE_REACH:
            return None
        return _Obs(
            q, last.measure, q.begin, q.end, place.iri, last.value_kind, q.value, last.period,
            last.comparison, rule="a clause of a place and a verb, the measure just stated",
        )  # fmt: skip

    def _follow_up(self, ctx: _Sentence, q, prev_end: int, next_begin: int, head: _Obs):
        """ "..., up 5.8 percent", "... to 720 billion yuan": the measure just stated, again."""
        norm = self.norm
        cut = q.comparator_begin if q.comparator_begin is not None else q.begin
        gap = norm[prev_end:cut]
        for t in ctx.times_near(prev_end, cut):  # "... in 2023, up 5.8 percent": no obstacle
            if prev_end <= t.begin and t.end <= cut:
                gap = gap.replace(norm[t.begin : t.end], "\x00", 1)
        gap = re.sub(r"(?:\b(?:in|during|by|for|as\s+of)\s+)?(?:\x00|\b(?:19|20)\d\d\b)", " ", gap)
        gap = _RECORD.sub(" ", gap)  # "..., hitting a record high, up 6.8%"
        gap = _SAME_PERIOD.sub(" ", gap)  # "... over the same period, a 5.6 percent increase"
        kind = _follow_kind(_PAREN.sub(" ", gap))
        if kind is None:
            rest = _follow_gap(_PAREN.sub(" ", gap), head.value_kind)
            kind = _follow_kind(rest)
            after = _CHANGE_TAIL.match(norm, q.end)
            if kind is None and re.fullmatch(r"[\s,;]*", rest) and after:
                kind, gap = "Change", after.group(0)  # "0.4 points higher than": its sign
            noun = _cue_words().change_noun_after.match(norm, q.end)
            if kind is None and noun and _BEFORE_CHANGE_NOUN.fullmatch(rest):
                # "..., a 5.6 percent increase", "..., marking a 7 percent increase"
                kind, gap = "Change", noun.group(0)
        count_change = (
            kind == "Change"
            and q.unit in (None, UNIT + "NUM")
            and head.q.unit in (None, UNIT + "NUM")
            and _cue_words().follow_up.match(gap) is not None
        )  # "2,410, an increase of 312": a count grew by a count
        if kind is None or (
            (kind == "Level") == (q.unit in (UNIT + "PERCENT", _PP)) and not count_change
        ):
            return None
        period = head.period
        if kind == "Level":  # "grew by 6 percent to 720 billion yuan in 2023"
            stated = self._period(ctx, q, next_begin, set())
            if head.from_start:  # "from 4.86 to 7.36 trillion": now, not then
                if stated is None or stated[0] == head.period[0]:
                    end = head.span_end
                    start = head.period[0]
                    if (
                        end is not None
                        and start is not None
                        and end.year > start.year
                        and self.published
                        and end < self.published
                    ):
                        # "between 2016 and 2020 ... from 9,500 to 30,000": then, in 2020
                        stated = (datetime.date(end.year, 1, 1), end)
                    else:
                        stated = _default_period(self.lexicon, head.measure, self.published)
                period = stated
            else:
                head.period = period = stated or period
        value = -q.value if _cue_words().fall.search(gap.lower()) and q.value > 0 else q.value
        comparison = (
            _comparison(
                ctx.times_near(q.begin - _CLAUSE_REACH, next_begin), q.end, next_begin, period
            )
            if kind == "Change"
            else (None, None)
        )
        return _Obs(
            q, head.measure, q.begin, q.end, head.subject, kind, value, period, comparison,
            follow=True, rule="the figure before it, stated again",
        )  # fmt: skip

    def _elided(self, q, prev_end: int, head: _Obs) -> _Obs | None:
        """ "Jiaxing's R&D intensity stood at 3.5 percent, and Huzhou's was 3.2 percent",
        "Hangzhou led with 327 firms, followed by Suzhou with 218": the measure just
        stated, for another place."""
        cut = q.comparator_begin if q.comparator_begin is not None else q.begin
        place, verb = _elided_subject(self.norm, prev_end, cut, self.by_start)
        if place is not None and verb and q.unit == UNIT + "PERCENT":
            # "..., while Huzhou's expanded 5.9 percent": a change of the measure, as stated
            value = -q.value if _cue_words().fall.search(verb) and q.value > 0 else q.value
            return _Obs(
                q, head.measure, q.begin, q.end, place, "Change", value, head.period,
                (None, None), rule="an elided clause of another place",
            )  # fmt: skip
        if place is not None and verb == "":
            if q.unit != head.q.unit:
                return None
            value = -q.value if head.value < 0 < q.value else q.value
            return _Obs(
                q, head.measure, q.begin, q.end, place, head.value_kind, value, head.period,
                head.comparison, rule="an elided clause of another place",
            )  # fmt: skip
        if place is None or verb is not None:
            return None
        if (q.unit or UNIT + "NUM") != (head.q.unit or UNIT + "NUM"):
            return None
        return _Obs(
            q, head.measure, q.begin, q.end, place, head.value_kind, q.value, head.period,
            head.comparison, rule="an elided clause of another place",
        )  # fmt: skip

    def _fresh(self, ctx: _Sentence, q, prev_end: int, next_begin: int) -> _Obs | None:
        """A number with its own measure phrase; subject None when none can be found."""
        norm = self.norm
        cut = q.comparator_begin if q.comparator_begin is not None else q.begin
        found = _measure(norm, prev_end, cut, q, self.lexicon, self.mentions, self.mention_starts)
        if found is None:
            return None
        measure_iri, m_begin, m_end, new = found
        if q.counted and _SUCH.search(norm, q.begin, q.end):
            # "added 12 such firms": the kind of firm just counted
            measure_iri = _such(measure_iri, self.seen, self.lexicon)
        if new is not None:
            self.new_measures.setdefault(
                new.iri, MeasureConcept(new.iri, new.label, False, new.broader)
            )
        subjects = _Subjects(
            possessive=_possessive_subject(norm, m_begin, self.mentions, self.mention_starts),
            # "The national R&D intensity", "the country's exports"
            national=self.nation
            if m_begin < q.begin  # not the whole of a share: "6 percent of the country's GDP"
            and _NATIONAL.search(norm, max(ctx.begin, m_begin - 40), m_begin)
            else None,
            # a place after a share's whole is the whole's: "30 percent of the
            # high-tech enterprises in the YRD" is the share of the sentence's subject
            following=None
            if m_begin >= q.end
            else _following_subject(norm, m_end, self.by_start, self.mentions, self.mention_starts),
            # "3,400 foreign-invested enterprises were set up in the corridor"
            passive=_place_in_clause(norm, m_end, ctx.end, self.by_start)
            if m_begin >= q.begin and q.unit in (None, UNIT + "NUM")
            else None,
            lead=ctx.lead,
            # "Its GDP", "the district's revenue": the place the passage is about
            pronoun=self._pronoun_subject(m_begin, ctx.begin),
            discourse=self.discourse,
            topic=self.topic if self.topic_begin < ctx.begin else None,
            salient=self._salient(ctx.begin),
        )
        if _from_passage(subjects) and any(
            _NON_PLACE_SUBJECT.match(norm, start) for start in _chunk_starts(norm, ctx.begin, cut)
        ):
            # "the park had welcomed 6,164 companies", "The company is investing ...":
            # an organisation's figure, not the place the passage is about
            subjects = _Subjects(possessive=subjects.possessive, national=UNKNOWN_PLACE)
        if _PERSON.match(norm, _clause_start(norm, ctx.begin, cut)):
            # "she had eight employees", "we invested": a person's figure, not a place's
            subjects = _Subjects(possessive=subjects.possessive, national=UNKNOWN_PLACE)
        found_at = next((k for k, c in enumerate(subjects) if c is not None), None)
        subject = None if found_at is None else subjects[found_at]
        rule = "" if found_at is None else _SUBJECT_RULES[found_at]
        kind, negative = _value_kind(norm, m_end, cut, q)
        if (
            kind == "Level"
            and q.unit in (None, UNIT + "NUM")
            and _is_stock(self.lexicon, measure_iri)
            and _ADDED.search(norm, _clause_start(norm, ctx.begin, cut), cut)
        ):
            # "Hangzhou added 2,117 high-tech enterprises": a stock grew by that many
            # ("added 150 new projects" is the level of a flow)
            kind = "Change"
        value = -q.value if negative and q.value > 0 else q.value
        claimed: set[int] = set()
        near = ctx.times_near(q.end, min(next_begin, q.end + _CLAUSE_REACH), plain=True)
        base = _baseline(q, next_begin, near, norm) if kind == "Change" else None
        if base is not None:
            claimed.add(base.begin)
        period = self._period(ctx, q, next_begin, claimed) or self._bare_period(measure_iri)
        from_start = bool(re.search(r"\bfrom\s*$", norm[m_end:cut]))
        span_end = period[1] if from_start else None
        if from_start and period[0] is not None:  # the level when the period began
            year = period[0].year
            period = (datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        comparison = _comparison(
            ctx.times_near(q.begin - _CLAUSE_REACH, next_begin),
            q.end,
            next_begin,
            period,
            _clause_start(norm, ctx.begin, q.begin),
        )
        if kind != "Change":
            comparison = (None, None)
        if base is not None:
            comparison = (base.start, base.end_date)
        return _Obs(
            q, measure_iri, m_begin, m_end, subject, kind, value, period, comparison,
            from_start=from_start, span_end=span_end, rule=rule,
        )  # fmt: skip

    def _period(self, ctx: _Sentence, q, next_begin: int, claimed: set[int]):
        near = ctx.times_near(q.begin - _CLAUSE_REACH, q.end + _CLAUSE_REACH, plain=True)
        return _period(q, next_begin, near, claimed, ctx.begin, self.norm, self.scope, ctx.end)


class _Subjects(NamedTuple):
    """The candidate subjects of a number, in the order ``_Reader._fresh`` tries them.

    The first that is not None is the subject; an empty string
    (:data:`UNKNOWN_PLACE`) is a subject that is not ours to pin.
    """

    possessive: str | None = None
    national: str | None = None
    following: str | None = None
    passive: str | None = None
    lead: str | None = None
    pronoun: str | None = None
    discourse: str | None = None
    topic: str | None = None
    salient: str | None = None


# How ``_Reader._fresh`` found a subject, in the order of ``_Subjects``: for --explain.
_SUBJECT_RULES = (
    "a possessive before the measure",
    "'national' or 'the country's' before the measure",
    "a place right after the measure",
    "the place a passive clause names",
    "the place the sentence opens with",
    "a possessive pronoun or 'the city's' before the measure",
    "the subject of an earlier sentence",
    "the initiative the article is about",
    "the place named last before the sentence",
    "a row of a table under a heading that names the measure",
)


@dataclass
class _Sentence:
    """One sentence being read: its span, opening subject and times."""

    begin: int
    end: int
    lead: str | None
    times: list

    @functools.cached_property
    def plain(self) -> list:
        """Its times that state a period or instant (not a comparison)."""
        return [t for t in self.times if t.kind != "comparison"]

    @functools.cached_property
    def _starts(self) -> tuple[list[int], list[int]]:
        return [t.begin for t in self.times], [t.begin for t in self.plain]

    def times_near(self, begin: int, end: int, plain: bool = False) -> list:
        """Its times that start in ``[begin, end)``, and the last one before ``begin``.

        A number reads the times around it, never the whole sentence: the work per
        number stays bounded however many times a long sentence holds.
        """
        times = self.plain if plain else self.times
        starts = self._starts[1] if plain else self._starts[0]
        lo = bisect.bisect_left(starts, begin)
        hi = bisect.bisect_left(starts, end)
        return times[max(0, lo - 1) : hi]


def _measure(
    norm: str,
    seg_begin: int,
    cut: int,
    q,
    lexicon: Lexicon,
    mentions: Sequence[Mention],
    mention_starts: list[int],
):
    """``(measure IRI, begin, end, new Measure or None)`` for a quantity, or None.

    The measure is looked for in at most ``_MEASURE_REACH`` characters before the
    number: work per number stays bounded however long the sentence is.
    """
    seg_begin = max(seg_begin, cut - _MEASURE_REACH)
    is_count = q.unit in (None, UNIT + "NUM")
    traded = _TRADED.search(norm, seg_begin, cut)
    if is_count and traded:
        # "Wuhu exported 690,000 vehicles": the exports of the thing counted
        flow = "exports" if traded.group(1).lower().startswith("ex") else "imports"
        run = _COUNT_RUN.match(norm, q.end)
        words = _COUNTED.search(norm[q.begin : q.end]) if q.counted else None
        noun = (words.group() if words else run.group(1) if run else "").split()
        if noun:
            phrase = " ".join([*noun[:-1], singular(noun[-1]), flow]).replace('"', "")
            new = uncurated(phrase, broader=lexicon.for_phrase(flow))
            end = q.end if q.counted or run is None else run.end(1)
            return new.iri, q.begin, end, new
    if is_count and q.counted:
        # "Forty-seven of Huzhou's firms": the measure starts after "of", so that the
        # possessive before it names the subject
        part = _PART.match(norm, q.begin, q.end)
        m_begin = part.end() if part else q.begin
        # "86 companies listed on stock markets", "of its firms are listed": the counted
        # noun and the participle after it may name a measure of the lexicon
        participle = _PARTICIPLE.match(norm, q.end)
        if participle:
            noun = q.counted.split()[-1]
            iri = lexicon.for_phrase(f"{noun} {participle.group(2)}")
            if iri and lexicon[iri].count_nouns and (part or not participle.group("be")):
                return iri, m_begin, participle.end(), None
        if part:
            # "Forty-seven of its firms have been recognized as 'little giant'
            # enterprises": the kind after "as"; with none, a part of unknown kind
            kind = _AS_KIND.match(norm, q.end)
            found = _counted_after(norm, kind.end() - 1, lexicon) if kind else None
            return (found[0], m_begin, found[2], None) if found else None
        words = _COUNTED.search(norm[m_begin : q.end])
        longer = _longer_count(norm, q, words.group() if words else q.counted, lexicon)
        if longer is not None:  # "126 industrial enterprises above the designated size"
            return longer[0], m_begin, longer[1], None
        iri = lexicon.for_count(words.group() if words else q.counted)
        narrower = lexicon.narrower_count(_after_number(norm[m_begin : q.end]))
        if narrower is not None:
            return narrower.iri, m_begin, q.end, narrower
        if iri:
            return iri, m_begin, q.end, None
    if q.unit is None and not q.counted:  # 'more than 1,000 "little giant" enterprises'
        after = lexicon.find(norm, q.end, min(len(norm), q.end + 80))
        near = after and re.fullmatch(r"[\s\"']{0,3}", norm[q.end : after[0][0]])
        if near and lexicon[after[0][2]].count_nouns:
            return after[0][2], after[0][0], after[0][1], None
        counted = _counted_after(norm, q.end, lexicon)
        if counted is not None:
            return counted
    outlay = _outlay(norm, seg_begin, cut, q, lexicon)
    if outlay is not None:
        return outlay
    phrases = lexicon.find(norm, seg_begin, cut)
    if not phrases and q.unit == UNIT + "PERCENT":  # "1.5 percent of the country's land area"
        of = _OF_WHOLE.match(norm, q.end)
        later = lexicon.find(norm, of.end(), min(len(norm), of.end() + 80)) if of else []
        if later and later[0][0] == of.end():
            return later[0][2], later[0][0], later[0][1], None
    if not phrases and q.unit is not None and q.unit.startswith(UNIT + "CCY_"):
        # "Huzhou utilized 1.46 billion dollars of foreign capital": the measure after
        # the money, read with the verb before it when the lexicon knows the pair
        of = re.compile(r"(?:\s*\([^()]{0,60}\))?\s+(?:of|in)\s+").match(norm, q.end)
        later = lexicon.find(norm, of.end(), min(len(norm), of.end() + 60)) if of else []
        if later and later[0][0] == of.end():
            verb = re.search(r"([a-z]+)\s+$", norm[seg_begin:cut])
            both = verb and lexicon.for_phrase(f"{verb.group(1)} {norm[later[0][0] : later[0][1]]}")
            return both or later[0][2], later[0][0], later[0][1], None
    implied = lexicon.for_unit(q.unit)
    if not phrases and implied:
        return implied, q.begin, q.end, None  # "covering about 76,200 sq km": an area
    if phrases:
        begin, end, iri = phrases[-1]
        if is_count and q.counted and not lexicon[iri].count_nouns:
            return None  # "the GDP of the nine cities": a count, but not of GDP
        joined = _joined_measure(norm, phrases, lexicon)
        if joined is not None:
            return joined
        return _narrower(norm, seg_begin, begin, end, iri, lexicon)
    if is_count:
        return _counted_thing(norm, q, lexicon)
    segment = _APPOSITIVE.sub(lambda a: " " * len(a.group()), norm[seg_begin:cut])
    m = _cue_words().unknown_np.search(segment) or _NP_OF.search(segment)
    if not m:
        return None
    np_begin, np_end = seg_begin + m.start("np"), seg_begin + m.end("np")
    value_of = _VALUE_OF.match(norm, np_begin, np_end)
    if value_of:  # "the value of its trade with BRICS countries": the trade with them
        np_begin = value_of.end()
    # A place inside the noun phrase is its subject, not part of the measure:
    # "Jinhua's e-commerce sales", "the added value of ... in Hangzhou".
    k = bisect.bisect_left(mention_starts, np_begin)
    while k < len(mentions) and mentions[k].span.begin < np_end:
        mention = mentions[k]
        before = norm[np_begin : mention.span.begin]
        tail = re.search(r"\s+(?:in|of|for|across)\s+(?:the\s+)?$", before)
        if tail and before.strip():
            np_end = np_begin + tail.start()
            break
        after = mention.span.end
        after += 2 if norm.startswith("'s", after) else 0
        np_begin = after
        k += 1
    phrase = norm[np_begin:np_end].strip(" -'")
    words = phrase.split()
    if not words or _NOT_NP.match(words[-1]) or _NOT_NP.match(words[0]) or len(phrase) < 3:
        return None
    if _PLACE_NAME.fullmatch(phrase):
        return None  # "Guangdong province was at 3.42 percent": a place, not a measure
    known = lexicon.for_phrase(phrase)
    if known:
        return known, np_begin, np_end, None
    phrase = phrase[0].lower() + phrase[1:] if not phrase[:2].isupper() else phrase
    new = uncurated(phrase)
    if not new.iri.rsplit("/", 1)[-1]:
        return None
    return new.iri, np_begin, np_end, new


_RANK_BEFORE = re.compile(r"\b(?:top|first|last|No\.)\s*$", re.IGNORECASE)


# How far before its number a measure phrase may stand (characters): "The added value
# of the core industries of the digital economy in Hangzhou, capital of east China's
# Zhejiang Province, reached 590.3 billion yuan" needs about 130.
_MEASURE_REACH = 300


def _longer_count(norm: str, q, counted: str, lexicon: Lexicon):
    """``(measure, end)`` of a count noun of the lexicon that runs on past the quantity."""
    tail = re.compile(r"(?:\s+[a-z][\w-]*){1,4}").match(norm, q.end)
    if tail is None:
        return None
    ends = [m.end() for m in re.finditer(r"[a-z][\w-]*", norm[q.end : tail.end()])]
    words = counted.split()
    heads = {counted, " ".join([*words[:-1], singular(words[-1])])} if words else {counted}
    for cut in reversed(ends):
        for head in sorted(heads):
            iri = lexicon.for_count(head + norm[q.end : q.end + cut])
            if iri:
                return iri, q.end + cut
    return None


def _counted_thing(norm: str, q, lexicon: Lexicon):
    """ "set up 14 industrial alliances": a count of a thing the lexicon lacks.

    The plural noun phrase right after the number becomes an uncurated measure
    "number of ..."; nouns whose count is no metric ("nine cities", "83 members",
    ``g60:countsNoMetric``) and singular words ("the 5 percent") give none.
    """
    if q.unit not in (None, UNIT + "NUM"):
        return None
    if _RANK_BEFORE.search(norm, max(0, q.begin - 12), q.begin):
        return None  # "one of the world's top three makers": a rank
    counted = _COUNT_RUN.match(norm, q.end)  # "12 innovation| alliances"
    words = " ".join(
        [_after_number(norm[q.begin : q.end]) if q.counted else "",
         counted.group(1) if counted else ""]
    )  # fmt: skip
    words = re.sub(r"(?:\s+(?:and|or|as|but|while|which|who|that))+\s*$", "", words.strip())
    words = " ".join(words.replace('"', " ").replace("'", " ").split())
    if not words or not re.search(r"[a-z]{2,}s$", words) or len(words.split()) > 5:
        return None
    if _cue_words().no_metric.search(words):
        return None
    new = uncurated("number of " + words)
    # a count of things is a stock, read at an instant like the curated counts
    lexicon.narrowed.setdefault(new.iri, dataclasses.replace(new, default_period=PUBLICATION_DATE))
    end = q.end if counted is None else counted.end(1)
    return new.iri, q.begin, end, new


def _outlay(norm: str, seg_begin: int, cut: int, q, lexicon: Lexicon):
    """ "spent 7.9 billion yuan on fundamental research": spending on what follows.

    The verb of outlay (``g60:outlayNoun`` in cues.ttl) stands before the figure in
    its clause, or before the first of a list of such figures ("..., 5.7 billion
    yuan on applied research and 33.4 billion yuan on trials").
    """
    if q.unit is None or not q.unit.startswith(UNIT + "CCY_"):
        return None
    verbs = _cue_words().outlay
    found = list(verbs.finditer(norm, seg_begin, cut))
    if not found and re.fullmatch(r"\s*,\s*(?:and\s+)?|\s+and\s+", norm[seg_begin:cut]):
        # a later item of a list: "..., 5.7 billion yuan on applied research and 33.4 ..."
        window = max(0, q.begin - 200)
        stop = max(norm.rfind(". ", window, q.begin), norm.rfind(";", window, q.begin))
        found = list(verbs.finditer(norm, max(window, stop + 1), q.begin))
    if not found:
        return None
    verb = found[-1]
    after = _OUTLAY_ON.match(norm, q.end)
    if after is None:
        return None
    noun = _cue_words().outlay_nouns[verb.group(0).lower()]
    phrase = f"{noun} {' '.join(after.group('np').split())}"
    known = lexicon.for_phrase(phrase)  # "spending on research and development"
    if known:
        return known, after.start("np"), after.end("np"), None
    new = uncurated(phrase)
    return new.iri, after.start("np"), after.end("np"), new


# "... on fundamental research", "(about $1 billion) in new plants": what the outlay went to
_OUTLAY_ON = re.compile(
    r"(?:\s*\([^()]{0,60}\))?(?:\s+(?:last|this|that)\s+year|\s+in\s+(?:19|20)\d\d)?"
    r"\s+(?:on|in)\s+(?:the\s+)?"
    r"(?P<np>[a-z][\w&-]*(?:\s+(?!(?:last|this|in|during|for|from|since|by)\b)"
    r"(?!and\s+\d)[a-z][\w&-]*){0,5})"
)


# "national R&D intensity", "the country's exports": the article's country is the subject
_NATIONAL = re.compile(
    r"\b(?:[Nn]ational|[Nn]ationwide|[Tt]he\s+(?:nation|country)'s)\s+(?:[\w&-]+\s+){0,3}$"
)
_NATION_LEAD = re.compile(r"(?:[Tt]he\s+)(?:nation|country)\b(?:\s+as\s+a\s+whole)?(?!')")
# A name of a place the gazetteer lacks: "Guangdong province", "Tianjin", "Xiamen City".
_PLACE_NAME = re.compile(
    r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*(?:\s+(?:[Pp]rovince|[Cc]ity|[Mm]unicipality|[Dd]istrict))?"
)
# "the value of its trade with ...": what the figure is the value of
_VALUE_OF = re.compile(r"(?:value|amount|volume)\s+of\s+(?:(?:its|their|the)\s+)?", re.IGNORECASE)
# "achieved an industrial profit of 7.97 billion yuan": the noun phrase the figure is of
_NP_OF = re.compile(
    r"\b(?:[Aa]n?|[Tt]he)\s+(?:(?:total|combined|overall)\s+)?"
    r"(?P<np>[a-z][\w&-]*(?:\s+[a-z][\w&-]*){0,4}?)\s+of\s*$"
)


_PART = re.compile(r".*?\bof\s+(?:its|their|the|these|those|our|[A-Z][\w-]*'s?)\s+")
_AS_KIND = re.compile(
    r"\s+(?:(?:have|has)\s+been\s+|are\s+|were\s+|was\s+|is\s+)?(?:[a-z]+ed)\s+as\s+"
    r"(?:(?:an?|the)\s+)?"
)
_PARTICIPLE = re.compile(r"\s+(?P<be>(?:are|were|is|was)\s+)?([a-z]+ed)\b")


def _after_number(stated: str) -> str:
    """The words of a count after its number: "Thirty-one new projects" -> "new projects"."""
    words = stated.split()
    k = 0
    while k < len(words) - 1 and (
        re.fullmatch(r"[\d,.]+", words[k])
        or all(w in NUMBER_WORDS for w in words[k].lower().split("-"))
        or words[k].lower() == "and"
    ):
        k += 1
    return " ".join(words[k:])


_TRADED = re.compile(r"\b(exported|imported)\s+(?:(?:more\s+than|over|about|nearly|some)\s+)?$")


# Up to seven words after a bare number, quotes allowed, up to a function word or
# punctuation: '218 national-level specialized and sophisticated "little giant" firms'.
_COUNT_RUN = re.compile(
    r"[\s\"']+((?:(?!(?:of|from|in|with|to|at|by|for|on|the|this|that|is|are|was|were|have|has)\b)"
    r"[a-z][\w&-]*[\s\"']*){1,7})"
)


def _counted_after(norm: str, end: int, lexicon: Lexicon):
    """The count measure of the longest noun phrase after a bare number, if one fits."""
    run = _COUNT_RUN.match(norm, end)
    if not run:
        return None
    words = run.group(1)
    ends = [m.end() for m in re.finditer(r"[a-z][\w&-]*", words)]
    for cut in reversed(ends):
        iri = lexicon.for_count(words[:cut])
        if iri:
            return iri, run.start(1), run.start(1) + cut, None
    return None


def _narrower(norm: str, seg_begin: int, begin: int, end: int, iri: str, lexicon: Lexicon):
    """A lexicon phrase narrowed by the words around it becomes a new, narrower measure.

    "Hefei's *integrated circuit industry* revenue", "the output value *of the
    new energy industry*": an uncurated measure with ``skos:broader`` the
    curated one. Words such as "total" or "annual" do not narrow.
    """
    new_begin, new_end = begin, end
    tail = _NARROW_AFTER.match(norm, end)
    if tail:
        new_end = tail.end()
    item = _LIST_ITEM.fullmatch(norm, seg_begin, begin) if _ELIDED_BY.match(norm, end) else None
    if item and item.group("words"):
        # "..., manufacturing industry investment by 20.9 percent, and environmental
        # protection and energy investment by 18.9 percent": each item names its own
        phrase = " ".join(f"{item.group('words')} {norm[begin:new_end]}".split())
        known = lexicon.for_phrase(phrase)
        if known:
            return known, item.start("words"), new_end, None
        measure = uncurated(phrase, broader=iri)
        return measure.iri, item.start("words"), new_end, measure
    residents = _RESIDENTS.search(norm, max(seg_begin, begin - 30), begin)
    if residents:  # "urban residents' per capita disposable income"
        phrase = (
            f"{' '.join(norm[begin:new_end].split())} of {residents.group('who').lower()} residents"
        )
        measure = uncurated(phrase, broader=iri)
        return measure.iri, residents.start(), new_end, measure
    head = _NARROW_BEFORE.search(norm, max(seg_begin, begin - 60), begin)
    while head and any(w.lower() in _FUNCTION_WORDS for w in head.group("words").split()):
        # "the value of bicycle exports": the nearest anchor ("of") is the one that counts
        head = _NARROW_BEFORE.search(norm, head.start() + 1, begin)
    if head:
        words = head.group("words").split()
        if (
            not set(w.lower() for w in words) <= _NOT_NARROWING
            and not any(w.lower() in _FUNCTION_WORDS for w in words)
            # "the four areas realizing economic growth": a clause, not a modifier
            and not any(re.fullmatch(r"[a-z]+[^s]s", w) for w in words[:-1])
        ):
            new_begin = head.start("words")
    if (new_begin, new_end) == (begin, end):
        return iri, begin, end, None
    phrase = " ".join(norm[new_begin:new_end].split())
    # "investment amount in ..." is the investment in it
    known = lexicon.for_phrase(phrase) or lexicon.for_phrase(re.sub(r" amount\b", "", phrase))
    if known:
        return known, new_begin, new_end, None
    measure = uncurated(phrase[0].lower() + phrase[1:], broader=iri)
    return measure.iri, new_begin, new_end, measure


def _joined_measure(norm: str, phrases: list, lexicon: Lexicon):
    """ "Investment in strategic emerging industries": two lexicon phrases joined by
    a preposition are the first measure narrowed by the second, not the second."""
    if len(phrases) < 2:
        return None
    (h_begin, h_end, head), (t_begin, t_end, tail) = phrases[-2], phrases[-1]
    if head == tail or not re.fullmatch(r"\s+(?:in|of|on|for)\s+(?:the\s+)?", norm[h_end:t_begin]):
        return None
    phrase = " ".join(norm[h_begin:t_end].split())
    known = lexicon.for_phrase(phrase)
    if known:
        return known, h_begin, t_end, None
    measure = uncurated(phrase[0].lower() + phrase[1:], broader=head)
    return measure.iri, h_begin, t_end, measure


def _possessive_subject(
    norm: str, measure_begin: int, mentions: Sequence[Mention], mention_starts: list[int]
) -> str | None:
    """ "Songjiang's contracted foreign capital": a possessive within 3 words before.

    A capitalised possessive the gazetteer does not know ("Shenzhen's GDP")
    gives :data:`UNKNOWN_PLACE`, so the number is not pinned on another place.
    """
    k = bisect.bisect_left(mention_starts, measure_begin) - 1
    if k >= 0:
        m = mentions[k]
        gap = norm[m.span.end : measure_begin]
        if m.possessive and re.fullmatch(r"'s?\s+(?:[\w&-]+\s+){0,3}", gap):
            return m.iri if m.kind in _SUBJECT_KINDS else UNKNOWN_PLACE
    other = _OTHER_POSSESSIVE.search(norm, max(0, measure_begin - 80), measure_begin)
    if other:
        j = bisect.bisect_left(mention_starts, other.start())
        known = j < len(mentions) and mentions[j].span.begin == other.start()
        if not known:  # "Zhejiang's Taizhou posted a GDP of": Zhejiang is known
            return UNKNOWN_PLACE
    return None


def _following_subject(
    norm: str,
    measure_end: int,
    by_start: dict[int, Mention],
    mentions: Sequence[Mention] = (),
    mention_starts: Sequence[int] = (),
) -> str | None:
    """ "GDP of Hefei", "projects landed in these cities": a place right after.

    A list there ("76,200 sq km across Shanghai, Jiangsu and Anhui") spreads the
    figure over several places: none of them is its subject."""
    m = re.compile(r"\s+(?:of|in|for|across)\s+(?:the\s+)?").match(norm, measure_end)
    if not m:
        return None
    mention = by_start.get(m.end())
    if mention is None and norm[m.end() - 4 : m.end()].lower() == "the ":
        mention = by_start.get(m.end() - 4)
    if mention is not None and _starts_list(norm, mention, mentions, mention_starts):
        return None
    if mention is not None and mention.kind in _SUBJECT_KINDS and not mention.qualifier:
        return mention.iri
    return None


# "were set up in", "have been registered across": a passive verb placing what was counted
_IN_PLACE = re.compile(
    r"\b(?:were|was|have\s+been|had\s+been|are|is)\s+(?:newly\s+)?[a-z]+(?:ed|en|up|\s+up)"
    r"\s+(?:in|across|within|throughout)\s+(?:the\s+)?"
)


def _place_in_clause(norm: str, begin: int, s_end: int, by_start: dict[int, Mention]):
    """The place a passive clause puts a count in: "... were set up in the corridor"."""
    s_end = min(s_end, begin + _CLAUSE_REACH)
    stop = re.compile(r"[,;]|\.(?:\s|$)").search(norm, begin, s_end)
    end = stop.start() if stop else s_end
    for m in _IN_PLACE.finditer(norm, begin, end):
        mention = by_start.get(m.end())
        if mention is None and norm[m.end() - 4 : m.end()].lower() == "the ":
            mention = by_start.get(m.end() - 4)
        if mention is not None and mention.kind in _SUBJECT_KINDS and not mention.qualifier:
            return mention.iri
    return None


def _leading_subject(
    norm: str,
    s_begin: int,
    s_end: int,
    by_start: dict[int, Mention],
    mentions: Sequence[Mention] = (),
    mention_starts: Sequence[int] = (),
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
        if mention is None:
            article = re.compile(r"(?:the|The)\s+").match(norm, start, s_end)
            mention = by_start.get(article.end()) if article else None
        if mention is not None and mention.qualifier and mention.possessive:
            # "Jiangsu's Suzhou, ..., posted": the place qualified is the subject
            after = re.compile(r"'s?\s+").match(norm, mention.span.end, s_end)
            mention = by_start.get(after.end()) if after else None
        if mention is not None and mention.kind in _SUBJECT_KINDS:
            if _starts_list(norm, mention, mentions, mention_starts):
                return UNKNOWN_PLACE  # "Hefei, Wuhu and Xuancheng saw their combined ...": no one
            return mention.iri
        if prep and prep.group() and mention is None and _OTHER_PLACE.match(norm, start, s_end):
            return UNKNOWN_PLACE  # "In Shenzhen, ...": a place the gazetteer does not know
        if mention is None and _SEVERAL_PLACES.match(norm, start, s_end):
            return UNKNOWN_PLACE  # "The two cities together invested ...": no one place
        level = _LEVEL_ANAPHOR.match(norm, start, s_end)
        if level:
            return _last_of_kind(
                mentions, mention_starts, s_begin, _LEVEL_KINDS[level.group(1).lower()]
            )
        comma = norm.find(",", pos, min(s_end, pos + 60))
        if comma < 0:
            return None
        pos = comma + 1
        while pos < s_end and norm[pos] == " ":
            pos += 1
    return None


_SHARE_OF = re.compile(r"^\s*of\s+[^,;]{1,80}?(?=\s*[,;])")
_YEAR_ON_YEAR = re.compile(r"^\s*(?:on\s+a\s+)?(?:year[-\s]on[-\s]year|y-o-y|yoy)\b", re.IGNORECASE)
# "6.2 percent of its GDP, 0.4 percentage points higher than in 2021"
_CHANGE_TAIL = re.compile(
    r"\s+(?:higher|lower|more|less|up|down|above|below)\s+(?:than|from|over|compared|on)\b",
    re.IGNORECASE,
)


_SUCH = re.compile(r"\bsuch\s+[\w-]+$")
# "hitting a record high", "a record", "setting a new record": no obstacle between numbers
_RECORD = re.compile(
    r"\b(?:(?:hitting|setting|reaching|marking|a)\s+)?(?:an?\s+)?(?:new\s+)?(?:all-time\s+)?"
    r"record(?:\s+high)?\b\s*,?",
    re.IGNORECASE,
)
_ADDED = re.compile(r"\b(?:added|adding|newly\s+added)\s+(?:a\s+total\s+of\s+|another\s+)?$")


_SAME_PERIOD = re.compile(
    r"\b(?:in|during|over|for|within)\s+(?:the|this|that)\s+(?:same\s+)?period\b"
    r"(?!\s+(?:of|last|a\s+year))",
    re.IGNORECASE,
)


# "..., Huzhou's GDP rose 5.5 percent, Wuhu 6.2 percent and Lu'an 4.1 percent": a place
# and the number alone, right after the last figure, repeat that figure's measure and kind.
_BARE_ELIDED = re.compile(
    r"(?:\s+(?:in|during|for)\s+[\w\s-]{1,30}?)?"  # "fell 2.5 percent in 2023, and Quzhou 1.1"
    r"[\s,;]*(?:(?:and|while|whereas|but)\s+)?(?P<place>[A-Z][^,;()]{1,40}?)\s+(?P<bare>)$"
)


def _elided_subject(
    norm: str, prev_end: int, cut: int, by_start: dict[int, Mention]
) -> tuple[str | None, str | None]:
    """The place of a clause that repeats the measure just stated without naming it,
    and its change verb if it states one ("and Huzhou's expanded ..."); the verb is ""
    when the clause is the place and the number alone ("and Wuhu 6.2 percent")."""
    m = _cue_words().elided.match(norm, prev_end, cut) or _BARE_ELIDED.match(norm, prev_end, cut)
    if m is None:
        return None, None
    mention = by_start.get(m.start("place"))
    if mention is None or mention.span.end != m.end("place") or mention.kind not in _SUBJECT_KINDS:
        return None, None
    if "bare" in m.groupdict():
        return mention.iri, ""
    return mention.iri, m.group("verb")


# A paragraph opening that refers back to the place just written about.
_CONTINUES = re.compile(
    r"(?:(?:The|This)\s+(?:city|district|province|municipality|region|corridor|valley)'s?|"
    r"Its|Their)\s"
)


def _continues(norm: str, p_begin: int, p_end: int, scope) -> bool:
    """Whether a paragraph opens by referring back and the last scope is a stated period."""
    return (
        scope is not None
        and scope.kind == "period"
        and scope.start is not None
        and _CONTINUES.match(norm, p_begin, p_end) is not None
    )


_THE_YEAR = re.compile(r"\bthe\s+(?:previous\s+)?year\b", re.IGNORECASE)


def _stated_period(t) -> bool:
    """Whether a time is a period with known bounds (not an instant or a comparison)."""
    return t is not None and t.kind == "period" and t.start is not None


def _whole_year(t) -> bool:
    """Whether a time is one whole calendar year ("in 2022", "last year")."""
    return (
        t.start is not None
        and t.end_date is not None
        and (t.start.month, t.start.day, t.end_date.month, t.end_date.day) == (1, 1, 12, 31)
        and t.start.year == t.end_date.year
    )


def _is_baseline(norm: str, s_begin: int, t) -> bool:
    """Whether a time is what a change is measured against ("up 3 percent from 2019")."""
    before = max(s_begin, t.begin - 30)
    return (
        _BASELINE.search(norm, before, t.begin) is not None
        or _FIGURE_OF.search(norm, before, t.begin) is not None
    )


# "more than double the figure of 2018", "twice that of 2020"
_FIGURE_OF = re.compile(
    r"\b(?:(?:the\s+)?(?:figure|level|number|total|amount)|that|those)\s+(?:of|in|for)\s+$",
    re.IGNORECASE,
)


def _is_stock(lexicon: Lexicon, measure: str) -> bool:
    """Whether a measure is read at an instant (``g60:defaultPeriod g60:PublicationDate``)."""
    known = lexicon.measures.get(measure) or lexicon.narrowed.get(measure)
    return known is not None and known.default_period == PUBLICATION_DATE


def _such(found: str, earlier: Sequence, lexicon: Lexicon) -> str:
    """ "12 such firms": the last counted measure that is ``found`` or narrower than it."""
    for obs in reversed(earlier):
        measure = obs.measure
        if measure == found or (measure in lexicon.measures and lexicon[measure].broader == found):
            return measure
    return found


def _follow_gap(gap: str, head_kind: str) -> str:
    """The words between two numbers without what completes the first one.

    "accounted for 55.7 percent *of its total industrial output*, up 1.9
    percentage points": a share's "of ..." complement; "grew 3.1 percent *year
    on year* to 5.54 trillion yuan": the comparison basis.
    """
    if head_kind == "Share":
        gap = _SHARE_OF.sub("", gap, count=1)
    if head_kind == "Change":  # "a 3 percent *increase*, reaching 12 billion yuan"
        noun = _cue_words().change_noun_after.match(gap)
        gap = gap[noun.end() :] if noun else gap
    return _YEAR_ON_YEAR.sub("", gap, count=1)


_LIST_GAP = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


def _starts_list(
    norm: str, mention: Mention, mentions: Sequence[Mention], mention_starts: Sequence[int]
) -> bool:
    """Whether ``mention`` is the first item of a list of places ("Hefei, Wuhu and ...")."""
    if mention.kind == "Initiative":
        return False
    k = bisect.bisect_right(mention_starts, mention.span.begin)
    if k >= len(mentions):
        return False
    nxt = mentions[k]
    return (
        nxt.kind in _SUBJECT_KINDS
        and nxt.kind != "Initiative"
        and not nxt.qualifier
        and _LIST_GAP.fullmatch(norm, mention.span.end, nxt.span.begin) is not None
    )


def _follow_kind(gap: str) -> str | None:
    """Kind of a number that restates the measure just given, from the words between."""
    cue = _cue_words()
    if cue.follow_up.match(gap):
        return "Change"
    if cue.follow_share.match(gap):
        return "Share"
    if _FOLLOW_LEVEL.match(gap):
        return "Level"
    return None


# The longest clause read before a number (characters).
_CLAUSE_REACH = 400


def _clause_start(norm: str, s_begin: int, pos: int) -> int:
    """Start of the clause holding ``pos``: after the last ``,`` or ``;`` before it.

    A comma between digits ("800,000") separates thousands, not clauses. A clause
    is at most ``_CLAUSE_REACH`` characters long: work per number stays bounded.
    """
    s_begin = max(s_begin, pos - _CLAUSE_REACH)
    comma = norm.rfind(",", s_begin, pos)
    while (
        comma > s_begin
        and norm[comma - 1 : comma].isdigit()
        and norm[comma + 1 : comma + 2].isdigit()
    ):
        comma = norm.rfind(",", s_begin, comma)
    return max(comma, norm.rfind(";", s_begin, pos), s_begin - 1) + 1


def _last_of_kind(
    mentions: Sequence[Mention], mention_starts: Sequence[int], before: int, kinds: frozenset
) -> str | None:
    """The last place of one of ``kinds`` named before ``before`` ("the city" → Hangzhou)."""
    k = bisect.bisect_left(mention_starts, before) - 1
    while k >= 0:
        m = mentions[k]
        if m.kind in kinds and not m.qualifier and not m.anaphor:
            return m.iri
        k -= 1
    return None


_OVER_SPAN = re.compile(
    r"\b(?:since|over\s+the\s+(?:past|last)|in\s+the\s+(?:past|last)\s+\w+\s+years|"
    r"from\s+20\d\d|compared\s+with\s+20\d\d)\b",
    re.IGNORECASE,
)


# "Shanghai reached", "Guangdong province was at", "Jiangsu saw": a place's verb of level
_PLACE_VERB = re.compile(
    r"(?:\s+(?:province|city|municipality))?\s+(?:hit|reached|achieved|saw|recorded|posted|"
    r"registered|(?:was|were|stood|sat|came\s+in)\s+at|was|were)\s+(?:(?:about|nearly|over)\s+)?",
    re.IGNORECASE,
)
# How far (characters) such a clause may stand from the figure it takes its measure from.
_PLACE_CLAUSE_REACH = 300
# "Shanghai and the provinces of Jiangsu, Zhejiang and Anhui": one list
_LIST_OF_KIND = re.compile(
    r"\s*,?\s*(?:and\s+)?(?:the\s+)?(?:provinces?|cities|city|municipalit(?:y|ies))\s+of\s+"
)
# A count followed (within its clause) by a verb of taking part: attendance, not a metric
_ATTENDED = re.compile(
    r"[^;.]{0,200}?\b(?:participated|took\s+part|attended|exhibited)\s+in\b", re.IGNORECASE
)
# "the four areas", "these three cities": places listed before, by their number
_THE_N_PLACES = re.compile(
    r"\b(?:the|these|those)\s+([a-z]+)\s+(?:areas|cities|provinces|places|regions|members)\b",
    re.IGNORECASE,
)
# How far back (characters) such a list may stand.
_LIST_REACH = 600
# The verb after a list of measures: "A, B and C *increased* by 3, 4 and 5 percent"
_LIST_VERB = re.compile(
    r"\s(?:increased|decreased|grew|rose|fell|dropped|declined|climbed|were|was|reached|"
    r"totaled|totalled|saw|recorded|posted|expanded)\b"
)
# "value-added of A", "exports to A", "investment in A": a head shared by a list
_SHARED_HEAD = re.compile(
    r"(?:the\s+)?(?P<head>[a-z][\w&-]*(?:\s+[a-z][\w&-]*){0,2}\s+(?:of|to|in|with))\s+"
    r"(?P<item>.+)$",
    re.IGNORECASE,
)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)


def _chunk_starts(norm: str, s_begin: int, pos: int) -> list[int]:
    """The start of the sentence and of each comma-separated chunk of it before ``pos``."""
    starts = [s_begin]
    s_begin = max(s_begin, pos - _CLAUSE_REACH)
    for m in re.finditer(r"[,;]\s*", norm[s_begin:pos]):
        if not (norm[s_begin + m.start() - 1 : s_begin + m.start()].isdigit()):
            starts.append(s_begin + m.end())
    return starts


def _from_passage(subjects: _Subjects) -> bool:
    """Whether the subject would come from the passage, not from the clause itself.

    A possessive, "national", a place right after the measure and a passive's
    place are the clause's own; the rest are what the passage is about.
    """
    return (
        subjects.possessive is None
        and subjects.national is None
        and subjects.following is None
        and subjects.passive is None
    )


def _shared_units(quantities: list, norm: str) -> list:
    """ "17.6, 19.2 and 18.7 percent": the bare numbers of a list take its one unit."""
    out = list(quantities)
    for k in range(len(out) - 2, -1, -1):
        q, nxt = out[k], out[k + 1]
        if (
            q.unit is None
            and not q.counted
            and nxt.unit is not None
            and _LIST_GAP.fullmatch(norm, q.end, nxt.begin)
        ):
            out[k] = dataclasses.replace(q, unit=nxt.unit)
    return out


def _in_quoted_name(norm: str, q) -> bool:
    """'the "1% Work Law"': a number inside a short quoted title is part of a name."""
    opening = max(
        norm.rfind('"', max(0, q.begin - 40), q.begin),
        norm.rfind("\u201c", max(0, q.begin - 40), q.begin),
    )
    if opening < 0:
        return False
    closing = re.compile(r'["\u201d]').search(norm, q.end, q.end + 40)
    if closing is None:
        return False
    inside = norm[opening + 1 : closing.start()]
    words = [w for w in re.findall(r"[A-Za-z][\w-]*", inside)]
    return (
        '"' not in inside
        and len(words) >= 2
        and all(w[0].isupper() or w.lower() in _FUNCTION_WORDS for w in words)
    )


def _with_unit(q, unit: str | None):
    """ "17.6, 19.2 and 18.7 percent": the bare numbers of a list take its one unit."""
    return q if q.unit is not None or unit is None else dataclasses.replace(q, unit=unit)


def _value_kind(norm: str, measure_end: int, cut: int, q) -> tuple[str, bool]:
    """``(kind, negative)`` from the words between the measure and the number."""
    tail = norm[measure_end:cut].lower()
    after = norm[q.end : q.end + 60]
    cue = _cue_words()
    if cue.multiplied.fullmatch(q.stated):  # "output doubled": up 100 percent
        return "Change", False
    if re.search(r"\bfrom\s*$", tail):  # "rose from 4.86 trillion (to 7.36 trillion)"
        return "Level", False
    if measure_end > q.end:
        # "1.5 percent of the country's land area" is a share; "218 'little giant'
        # firms" a count named after its number
        return ("Share" if q.unit == UNIT + "PERCENT" else "Level"), False
    if cue.share.search(tail) and q.unit == UNIT + "PERCENT":
        return "Share", False
    if cue.change_noun_end.search(tail):
        return "Change", bool(cue.fall.search(tail))
    if re.search(r"\bto\s*$", tail) or not cue.change.search(tail):
        if _CHANGE_AFTER.match(after) and q.unit in (UNIT + "PERCENT", _PP):
            return "Change", False
        if q.unit in (UNIT + "PERCENT", _PP) and cue.change_noun_after.match(after):
            # "saw a 3 percent increase": the change is named after its number
            return "Change", bool(cue.fall.search(after[:30].lower()))
        if q.unit in (UNIT + "PERCENT", _PP) and re.search(r"(?:^|\s)by\s*$", tail):
            # "..., manufacturing investment by 20.9 percent": the verb of a list's
            # first item, left out
            return "Change", False
        return "Level", False
    return "Change", bool(cue.fall.search(tail))


_PP = "https://w3id.org/g60kg/ontology#PercentagePoint"


def _period(
    q,
    next_begin: int,
    plain: list,
    claimed: set[int],
    s_begin: int,
    norm: str,
    scope,
    s_end: int | None = None,
):
    """The period a quantity is stated for, or None to use the default.

    In order: a time right after the number ("5 percent in 2022"), the nearest
    time before it in the sentence, a time later in its clause ("grew by 6
    percent to 720 billion yuan in 2023"), the scope carried so far.
    ``claimed`` holds times already used as a change's baseline ("from 2019").
    """
    free = [t for t in plain if t.begin not in claimed]
    for t in free:
        gap = _PAREN.sub("", norm[q.end : t.begin])
        if q.end <= t.begin < next_begin and re.fullmatch(r"[\s\w-]{0,30}", gap):
            return t.start, t.end_date
    before = [t for t in free if t.end <= q.begin and not _is_baseline(norm, s_begin, t)]
    if before:
        return before[-1].start, before[-1].end_date
    for t in free:
        same_clause = not re.search(r"[,;]", norm[q.end : t.begin])
        if t.begin >= q.end and same_clause and (s_end is None or t.end <= s_end):
            return t.start, t.end_date
    if scope is not None:
        return scope.start, scope.end_date
    return None


def _baseline(q, next_begin: int, plain: list, norm: str):
    """ "rose by 0.5 percentage points *from 2019*": the time a change is measured against."""
    for t in plain:
        near = q.end <= t.begin < next_begin and t.begin - q.end <= 40
        if near and _BASELINE.search(norm, q.end, t.begin):
            return t
    return None


def _default_period(lexicon: Lexicon, measure: str, published: datetime.date | None):
    if published is None:
        return None, None
    known = lexicon.measures.get(measure) or lexicon.narrowed.get(measure)
    if known is not None and known.default_period == PUBLICATION_DATE:
        return published, published
    return datetime.date(published.year, 1, 1), datetime.date(published.year, 12, 31)


def _comparison(s_times: list, q_end: int, next_begin: int, period, clause_begin: int = -1):
    """The comparison period of a change: "compared to the same period last year" after
    the number, or "a year-on-year increase of" before it in its clause."""
    for t in s_times:
        after = q_end <= t.begin < next_begin
        before = clause_begin <= t.begin and t.end <= q_end
        if t.kind == "comparison" and (after or before):
            if t.start is not None and "same period" in t.stated.lower() and period[0]:
                # "the same period of 2023": the main period, moved to that year
                years = t.start.year - period[0].year
                return _shift(period[0], years), _shift(period[1], years)
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


# The longest quote an observation keeps as evidence (characters): a clause of a
# sentence that runs on for pages is cut to the words around its number.
_EVIDENCE_MAX = 600


def _bounded_evidence(norm: str, clause: tuple[int, int], q) -> tuple[int, int]:
    """The clause, or the words within ``_EVIDENCE_MAX / 2`` of the number if it is longer."""
    begin, end = clause
    if end - begin <= _EVIDENCE_MAX:
        return clause
    half = _EVIDENCE_MAX // 2
    lo, hi = max(begin, q.begin - half), min(end, q.end + half)
    space = norm.find(" ", lo, q.begin)
    lo = space + 1 if lo > begin and space >= 0 else lo
    space = norm.rfind(" ", q.end, hi)
    hi = space if hi < end and space >= 0 else hi
    return lo, hi


def _clauses(norm: str, s_begin: int, s_end: int, built: list[_Obs]) -> list[tuple[int, int]]:
    """Evidence per observation: the sentence, or its clause when it states several."""
    heads = [o for o in built if not o.follow]
    if len(heads) <= 1:
        return [(s_begin, s_end)] * len(built)
    bounds = [s_begin]
    for a, b in itertools.pairwise(heads):
        gap = norm[a.q.end : b.measure_begin]
        cut = max(gap.rfind(","), gap.rfind(";"))
        bounds.append(a.q.end + cut if cut >= 0 else -1)
    bounds.append(s_end)
    clauses = []
    for i in range(len(heads)):
        begin, end = bounds[i], bounds[i + 1]
        if begin < 0 or end < 0:
            clauses.append((s_begin, s_end))
            continue
        if i > 0:
            begin += 1
            m = re.compile(r"\s*(?:and\s+|while\s+|whereas\s+)?").match(norm, begin)
            begin = m.end()
        while end > begin and norm[end - 1] in " ,;":
            end -= 1
        clauses.append((begin, end))
    out: list[tuple[int, int]] = []
    k = -1
    for obs in built:
        if not obs.follow:
            k += 1
        out.append(clauses[max(k, 0)])
    return out
