"""Every number of an article, and what became of it: an observation or a reason.

Extraction reads an article for metrics, but a reader of the graph also needs
to see what it did *not* take: a year, a rank, a duration, a figure with no
place to pin it on. :func:`read_numbers` scans the whole published text (the
headline and the photo captions too, since the graph publishes them and a
reader sees their numbers) for every numeric expression:

* digits, with their separators ("76,200", "6.79"), ordinal suffix ("6th") or
  decade ("1990s"), and codes glued to letters ("G60", "5G", "COVID-19");
* spelled-out numbers ("nine", "forty-seven"), ordinals ("fourth"), vague
  amounts ("hundreds"), fractions ("half", "a quarter") and multiples
  ("doubled"), the words coming from ``ontology/cues.ttl``.

Each ends with exactly one decision. A number inside the quantity of an
observation is that observation. Otherwise it is a :class:`Rejection` whose
reason is, in order of evidence:

1. the metrics reader's own reason (its :class:`Rejection`: a currency
   conversion, a goal, an unknown place, ...), unless that reason only says it
   found nothing ("no measure found", "no subject found") and a rule below
   says what the number is;
2. what the number is by its form and neighbours: a phone number or street
   address, part of a name (inside a name the gazetteer or the event reader
   found, a code, a capitalised title), part of a time expression (a year, the
   day of a date, a period: :func:`g60kg.extract.timex.find_times`), a time of
   day, a cue word before or after it (a rank, numbering, a duration, a count
   of member places: the ``g60:setsAside`` cues of ``ontology/cues.ttl``), an
   ordinal;
3. the metrics reader's "found nothing" reason;
4. where it stands: the headline, photo captions and a summary the body
   repeats word for word are not read for facts;
5. a spelled-out number with nothing counted; else "not read", a gap of the
   extractor, listed so that it is seen.

Reasons are the ``skos:prefLabel`` of the concepts of ``ontology/reasons.ttl``;
the graph publishes each rejected number as a ``g60:SetAsideNumber`` span.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from g60kg.extract import cues as cues_mod
from g60kg.extract.cues import words_pattern
from g60kg.extract.facts import Mention, Observation, Rejection, Span
from g60kg.extract.quantities import NUM_UNIT
from g60kg.extract.timex import find_times
from g60kg.namespaces import G60REASON
from g60kg.paths import ontology_dir
from g60kg.text.article import Article
from g60kg.text.english import MONTH

# The reasons this module's own grammar gives (labels of ontology/reasons.ttl);
# the cue words of ontology/cues.ttl give the others.
YEAR = "year"
DATE = "date"
PERIOD = "period"
ORDINAL = "ordinal"
RANK = "rank"
NAME = "part of a name"
HEADLINE = "in the headline"
CAPTION = "in a photo caption"
REPEATED = "in a repeated summary"
NOTHING_COUNTED = "nothing counted"
NOT_READ = "not read"
CONTACT = "phone, address or postcode"
_CUE_IRI = "https://w3id.org/g60kg/cue/"
_AFTER_NUMBER = "fraction after a number"
#: A publication date for finding (not resolving) the time phrases of an undated article.
_ANY_DAY = datetime.date(2000, 6, 30)
#: The metrics reader's reasons that only say it found nothing: a rule that says
#: what the number is (a rank, a duration) is the better reason.
FOUND_NOTHING = frozenset({"no measure found", "no subject found"})


@dataclass(frozen=True)
class _Token:
    """A numeric expression as scanned, before it is decided."""

    begin: int
    end: int
    #: "digits"; "clock" ("15:24"); "code" (digits glued to letters: "G60"); the IRI
    #: of the cue whose g60:numberForm it is; "fraction" ("a *quarter*"); or "word"
    #: (a multiple, "half").
    kind: str
    #: Digits with an ordinal suffix ("6th"), or a decade ("1990s").
    suffix: str = ""


@dataclass(frozen=True)
class _Container:
    """A span that decides every token in it at once (a quantity, a phone number)."""

    begin: int
    end: int
    priority: int
    observation: bool = False
    reason: str | None = None
    rule: str = ""
    quantity: bool = False
    #: The unit of its quantity: an amount with a unit (percent, yuan) is no rank,
    #: duration or count of members, whatever words follow it.
    unit: str | None = None


@dataclass(frozen=True)
class _CueRule:
    """The reason a cue gives, and the pattern of its forms around a number."""

    reason: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class _NumberCues:
    """The ``g60:setsAside`` cues of ``ontology/cues.ttl``, compiled."""

    #: Lower-case word -> "word" (a spelled-out number, a multiple: "doubled"),
    #: "fraction" ("half") or a fraction word that counts only after a number or
    #: an article (``fraction_after`` matches the text before it: "a quarter").
    word_kinds: dict[str, str]
    fraction_after: re.Pattern[str]
    #: Lower-case word -> (cue IRI, reason, cue label) of its g60:numberForm cue.
    word_cues: dict[str, tuple[str, str, str]]
    before: tuple[_CueRule, ...]
    after: tuple[_CueRule, ...]
    after_name: tuple[_CueRule, ...]


@functools.cache
def reason_labels() -> dict[str, str]:
    """Reason IRI -> label, from ``ontology/reasons.ttl`` (parsed once per process)."""
    import rdflib

    graph = rdflib.Graph()
    graph.parse(ontology_dir() / "reasons.ttl", format="turtle")
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    return {
        str(s): str(o)
        for s, o in graph.subject_objects(skos.prefLabel)
        if str(s).startswith(G60REASON) and (s, rdflib.RDF.type, skos.Concept) in graph
    }


# Where a cue's forms stand around the number (``FORMS`` is their alternation).
_CUE_GRAMMAR = {
    # "ranked third", "ranking the second", "Tel: 021-...": right before the number
    "before": (r"(?<![A-Za-z])(?P<form>FORMS)\s*[:#]?\s*(?:the\s+)?$", re.IGNORECASE),
    # "70 consecutive months", "second-largest", "nine member cities"
    "after": (r"[\s-]+(?:[A-Za-z][\w&'-]*\s+)?(?P<form>FORMS)(?![A-Za-z])", re.IGNORECASE),
    # "88 Century Avenue": after the number and a capitalised name
    "after_name": (r"\s+(?:[A-Z][\w'-]*\s+){1,3}(?P<form>FORMS)(?![A-Za-z])", 0),
}


@functools.cache
def _number_cues() -> _NumberCues:
    """Compile the number cues once per process."""
    cues = cues_mod.load()
    labels = reason_labels()
    word_cues: dict[str, tuple[str, str, str]] = {}
    rules: dict[str, list[_CueRule]] = {"before": [], "after": [], "after_name": []}
    for cue in cues.cues:
        if cue.sets_aside is None:
            continue
        reason = labels.get(cue.sets_aside)
        if reason is None:  # a reason ontology/reasons.ttl does not define: a test catches it
            continue
        for form in cue.number_forms:
            word_cues[form.lower()] = (cue.iri, reason, cue.label)
        for where, forms in (
            ("before", cue.forms_before),
            ("after", cue.forms_after),
            ("after_name", cue.forms_after_name),
        ):
            if forms:
                grammar, flags = _CUE_GRAMMAR[where]
                pattern = re.compile(grammar.replace("FORMS", words_pattern(forms)), flags)
                rules[where].append(_CueRule(reason, pattern))
    # Fractions and multiples are numbers too ("half", "a quarter of", "doubled"); a
    # fraction word that is also an ordinal ("third") keeps its ordinal cue.
    halves = {w for w, d in cues.denominators().items() if d == 2}
    fractions = [w for w in cues.denominators() if w not in word_cues and w not in halves]
    multiples = [w for w in cues.multipliers() if w not in word_cues]
    # (looked up word by word: one scan of the text's words beats a long alternation)
    word_kinds = {
        **dict.fromkeys(fractions, _AFTER_NUMBER),
        **dict.fromkeys(multiples, "word"),
        **dict.fromkeys(halves, "fraction"),
        **dict.fromkeys(word_cues, "word"),
    }
    fraction_after = re.compile(
        rf"(?<![A-Za-z])(?:a|an|{words_pattern(word_cues)})[\s-]+$", re.IGNORECASE
    )
    return _NumberCues(
        word_kinds,
        fraction_after,
        word_cues,
        tuple(rules["before"]),
        tuple(rules["after"]),
        tuple(rules["after_name"]),
    )


# A time of day ("15:24") is one numeral; so is any other run of digits with its
# separators ("76,200", "6.79", "1/15").
# ASCII digits only, as the quantity reader reads them (a Devanagari zero is no digit here).
_DIGITS = re.compile(
    r"(?<!\d)(?:(?P<clock>\d{1,2}:\d{2}(?::\d{2})?)(?![\d:])"
    r"|\d+(?:[.,]\d+)*(?:/\d+(?:[.,]\d+)*)*)",
    re.ASCII,
)
_SUFFIX = re.compile(r"(?:st|nd|rd|th|s)(?![A-Za-z])")
# Letters glued before digits ("G60", "A380"), or capitals and a hyphen or plus
# ("COVID-19", "UTC+8"; not "mid-2023"); letters glued after them ("5G").
_GLUED_BEFORE = re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z]+[A-Za-z0-9]*|[A-Z][A-Z0-9]*[-+])$")
_GLUED_AFTER = re.compile(r"[A-Za-z][A-Za-z0-9]*")
# "021-5555-0100", "+86 21 5555 0100", "(021) 5555 0100": digit groups that only a
# telephone number has (an ISO date "2023-11-22" has them too, and is not one)
_PHONE = re.compile(
    r"(?<![\w+])(?P<plus>\+\d{1,3}[ -]?)?(?P<area>\(\d{1,5}\)[ -]?)?\d{2,8}(?:[ -]\d{2,8}){1,4}"
    r"(?![\w/.,:]?\w)"
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_E_MAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WEB_ADDRESS = re.compile(r"(?<![\w.])(?:https?://|www\.)[^\s\"'<>]+")
_SENTENCE_END = re.compile(r"[.!?:\n][\s\"'(]*$")  # on normalised text
_CAPITALISED_NEXT = re.compile(r"[ -][A-Z][A-Za-z]")
_DIGIT = re.compile(r"\d", re.ASCII)
_LETTERS = re.compile(r"[A-Za-z]+")
_PIECE = re.compile(r"[A-Za-z0-9](?:.*[A-Za-z0-9])?", re.DOTALL)
_WORD_BEFORE = re.compile(r"(?<![A-Za-z])([A-Za-z]+) $")


def scan(text: str, norm: str) -> list[tuple[int, int, str]]:
    """Every numeric expression of ``text``: ``(begin, end, kind)`` in text order.

    ``norm`` is :func:`g60kg.text.normalize.normalize` of ``text`` (same
    length). Spelled-out numbers written together ("forty-seven", "one hundred
    and twenty", "twenty-first") are one expression.
    """
    return [(t.begin, t.end, t.kind) for t in _tokens(norm)]


def _tokens(norm: str) -> list[_Token]:
    cues = _number_cues()
    tokens: list[_Token] = []
    for m in _DIGITS.finditer(norm):
        begin, end = m.span()
        if tokens and begin < tokens[-1].end:
            continue  # "0A0": the digits after a code's letters belong to the code
        if m.group("clock"):
            tokens.append(_Token(begin, end, "clock"))
            continue
        suffix = _SUFFIX.match(norm, end)
        if suffix and (suffix.group() != "s" or end - begin == 4):  # "6th", "1990s"
            tokens.append(_Token(begin, suffix.end(), "digits", suffix.group()))
            continue
        before = _GLUED_BEFORE.search(norm, max(0, begin - 12), begin)
        after = _GLUED_AFTER.match(norm, end)
        if before or after:  # "G60", "5G", "COVID-19": the whole code
            begin = before.start() if before else begin
            end = after.end() if after else end
            if tokens and begin < tokens[-1].end:  # "A0-0": one code, not two that overlap
                begin = tokens.pop().begin
            tokens.append(_Token(begin, end, "code"))
            continue
        tokens.append(_Token(begin, end, "digits"))
    spans = []
    for m in _LETTERS.finditer(norm):
        kind = cues.word_kinds.get(m.group().lower())
        if kind == _AFTER_NUMBER:
            after = cues.fraction_after.search(norm, max(0, m.start() - 16), m.start())
            kind = "fraction" if after else None
        if kind is not None:
            spans.append((m.start(), m.end(), kind))
    words: list[_Token] = []
    for begin, end, kind in spans:
        found = cues.word_cues.get(norm[begin:end].lower())
        kind = found[0] if found else kind
        previous = words[-1] if words else None
        if previous is not None and _joins(norm, previous, begin, kind):
            # "forty-seven", "one hundred and twenty", "twenty-first": one number
            words[-1] = _Token(previous.begin, end, kind)
            continue
        words.append(_Token(begin, end, kind))
    # A word inside a code ("0billion", "A0-nine") is part of that code, not a number
    numerals = list(tokens)
    starts = [t.begin for t in numerals]
    for word in words:
        k = bisect.bisect_right(starts, word.begin) - 1
        inside = k >= 0 and numerals[k].end > word.begin
        nxt = k + 1 < len(numerals) and numerals[k + 1].begin < word.end
        if not inside and not nxt:
            tokens.append(word)
    tokens.sort(key=lambda t: (t.begin, t.end))
    return tokens


def _joins(norm: str, previous: _Token, begin: int, kind: str) -> bool:
    """Whether a number word at ``begin`` continues the one before it."""
    gap = norm[previous.end : begin]
    if gap == "-":
        return True
    if kind == "fraction":  # "three quarters"
        return re.fullmatch(r"\s+", gap) is not None
    if previous.kind != kind or not kind.startswith(_CUE_IRI):  # "doubled doubled": two
        return False
    return re.fullmatch(r"\s+(?:and\s+)?", gap) is not None


def read_numbers(
    *,
    article: Article,
    norm: str,
    observations: Sequence[Observation],
    set_aside: Sequence[Rejection],
    quantities: Sequence,
    times: Sequence,
    mentions: Sequence[Mention],
    repeats: Sequence[tuple[int, int]] = (),
) -> list[Rejection]:
    """A decision for every number of the article: the rejections, in text order.

    Every numeric expression of ``article.text`` lies in the quantity of one
    observation or in exactly one returned rejection. ``set_aside`` are the
    metrics and table readers' :class:`Rejection` records, ``quantities`` and ``times`` what
    :func:`~g60kg.extract.quantities.find_quantities` and
    :func:`~g60kg.extract.timex.find_times` found in the text, ``mentions``
    the names found (events included), ``repeats`` the paragraphs not read
    because the body says them again (a summary under the headline).
    """
    text = article.text
    if article.date is None:
        # Undated, "the first half of this year" resolves to no dates and so is no
        # time expression to the readers; it is still a time phrase, not an amount.
        times = find_times(text, _ANY_DAY)
    containers = _containers(norm, observations, set_aside, quantities)
    starts = [c.begin for c in containers]
    held: dict[int, list[_Token]] = {}
    loose: list[_Token] = []
    for token in _cut(norm, _tokens(norm), containers, starts):
        k = bisect.bisect_right(starts, token.begin) - 1
        if k < 0 or containers[k].end <= token.begin:
            k += 1  # a token that starts before a container and runs into it
            if k >= len(containers) or containers[k].begin >= token.end:
                loose.append(token)
                continue
        held.setdefault(k, []).append(token)
    context = _Context(article, norm, times, mentions, repeats)
    out: list[Rejection] = []
    for k, c in enumerate(containers):
        tokens = held.get(k, [])
        if c.observation or (not tokens and c.reason is None and not c.quantity):
            continue
        if c.reason is not None and c.reason not in FOUND_NOTHING:
            reason, rule = c.reason, c.rule
        else:
            amount = c.unit is not None and c.unit != NUM_UNIT
            found = context.classify(tokens[0]) if tokens and not amount else None
            if found is None and c.reason is not None:
                found = c.reason, c.rule
            reason, rule = (
                found
                or context.position(c.begin)
                or (NOT_READ, "a quantity the metrics reader did not look at")
            )
        out.append(Rejection(text[c.begin : c.end], c.begin, c.end, reason, rule))
    for token in loose:
        found = context.classify(token) or context.position(token.begin)
        if found is None:
            if context.is_cardinal(token):
                found = NOTHING_COUNTED, "no counted noun or unit after it"
            else:
                found = NOT_READ, "the quantity reader did not take it"
        out.append(Rejection(text[token.begin : token.end], token.begin, token.end, *found))
    out.sort(key=lambda r: (r.begin, r.end))
    return out


def _cut(
    norm: str, tokens: list[_Token], containers: Sequence[_Container], starts: list[int]
) -> list[_Token]:
    """Tokens cut where a decided span begins or ends inside them.

    The quantity and metrics readers decide where a number starts and stops:
    "one hundred" they took as two numbers, "24/7 yuan" as "7 yuan", "UTC+8 dollars"
    as "8 dollars". Each piece (with a letter or digit in it) is then decided once.
    """
    out = []
    for token in tokens:
        k = bisect.bisect_left(starts, token.end) - 1
        cuts = set()
        while k >= 0 and containers[k].end > token.begin:
            c = containers[k]
            cuts.update(x for x in (c.begin, c.end) if token.begin < x < token.end)
            k -= 1
        if not cuts:
            out.append(token)
            continue
        bounds = [token.begin, *sorted(cuts), token.end]
        for begin, end in itertools.pairwise(bounds):
            piece = _PIECE.search(norm, begin, end)
            numeral = token.kind in ("digits", "clock", "code")
            if piece is not None and not (numeral and not _DIGIT.search(piece.group())):
                out.append(_Token(piece.start(), piece.end(), token.kind))  # not "UTC" of "UTC+8"
    return out


def _containers(
    norm: str, observations: Sequence[Observation], set_aside: Sequence, quantities: Sequence
) -> list[_Container]:
    """The spans that decide the tokens in them, highest priority kept where they overlap.

    An observation's quantity first, then a reason the metrics reader gave, then
    a telephone number, then a set-aside that only says nothing was found, then
    a quantity no one decided on.
    """
    units = {q.begin: q.unit for q in quantities}
    found = [_Container(o.begin, o.end, 0, observation=True) for o in observations]
    for a in set_aside:
        priority = 3 if a.reason in FOUND_NOTHING else 1
        found.append(
            _Container(
                a.begin, a.end, priority, reason=a.reason, rule=a.rule, unit=units.get(a.begin)
            )
        )
    for m in _PHONE.finditer(norm):
        stated = m.group()
        digits = sum(ch.isdigit() for ch in stated)
        marked = m.group("plus") or m.group("area") or stated.count("-") >= 2
        if digits >= 7 and marked and not _ISO_DATE.search(stated):
            found.append(
                _Container(
                    m.start(), m.end(), 2, reason=CONTACT, rule="digit groups of a telephone number"
                )
            )
    addresses = [
        *(_E_MAIL.finditer(norm) if "@" in norm else ()),
        *(_WEB_ADDRESS.finditer(norm) if "www." in norm or "://" in norm else ()),
    ]
    for m in addresses:
        if any(ch.isdigit() for ch in m.group()):
            found.append(
                _Container(
                    m.start(), m.end(), 2, reason=CONTACT, rule="in an e-mail or web address"
                )
            )
    found.extend(_Container(q.begin, q.end, 4, quantity=True, unit=q.unit) for q in quantities)
    # Kept spans never overlap, so sorted by begin they are sorted by end too: one
    # bisect finds the only neighbours a new span could collide with.
    kept: list[_Container] = []
    begins: list[int] = []
    for c in sorted(found, key=lambda c: (c.priority, c.begin, -c.end)):
        k = bisect.bisect_left(begins, c.begin)
        if (k < len(kept) and kept[k].begin < c.end) or (k > 0 and kept[k - 1].end > c.begin):
            continue
        begins.insert(k, c.begin)
        kept.insert(k, c)
    return kept


class _Context:
    """What the rules look at around a number: names, times, the article's layout."""

    def __init__(
        self,
        article: Article,
        norm: str,
        times: Sequence,
        mentions: Sequence[Mention],
        repeats: Sequence[tuple[int, int]],
    ) -> None:
        self.article, self.norm = article, norm
        self.captions, self.repeats = sorted(article.photo_credits), sorted(repeats)
        self.times = sorted(times, key=lambda t: t.begin)
        self.time_starts = [t.begin for t in self.times]
        self.names = sorted(
            {m.span for m in mentions if not m.anaphor}, key=lambda s: (s.begin, -s.end)
        )
        self.name_starts = [s.begin for s in self.names]
        self.longest_name = max((s.end - s.begin for s in self.names), default=0)
        self.cues = _number_cues()

    def _name_around(self, begin: int, end: int) -> Span | None:
        """The innermost name holding ``begin:end`` (a place's name inside an event's)."""
        best = None
        k = bisect.bisect_right(self.name_starts, begin) - 1
        while k >= 0 and self.names[k].begin >= begin - self.longest_name:
            span = self.names[k]
            if span.end >= end and (best is None or span.end - span.begin < best.end - best.begin):
                best = span
            k -= 1
        return best

    def _time_around(self, begin: int, end: int):
        k = bisect.bisect_right(self.time_starts, begin) - 1
        if k >= 0 and self.times[k].end >= end:
            return self.times[k]
        return None

    def classify(self, token: _Token) -> tuple[str, str] | None:
        """What the number is by its form and neighbours (step 2 of the module docstring)."""
        norm = self.norm
        begin, end = token.begin, token.end
        digits = token.kind == "digits"
        name = self._name_around(begin, end)
        if name is not None:
            return NAME, f"in the name “{name.quote}”"
        time = self._time_around(begin, end)
        if time is not None:
            return self._in_time(token, time)
        if digits and token.suffix == "s":
            return YEAR, "a decade"
        if token.kind == "code":
            return NAME, "digits glued to letters: a code"
        if digits and not token.suffix and re.fullmatch(r"(?:18|19|20|21)\d\d", norm[begin:end]):
            return YEAR, "a four-digit year"
        if token.kind == "clock":
            return DATE, "a time of day"
        for rule in self.cues.after_name:  # "No. 88 Century Avenue": an address, not a rank
            m = rule.pattern.match(norm, end, min(len(norm), end + 60))
            if m:
                return rule.reason, f"“{m.group('form')}” after it"
        window = norm[max(0, begin - 40) : begin]
        for rule in self.cues.before:
            m = rule.pattern.search(window)
            if m:
                return rule.reason, f"“{m.group('form')}” before it"
        if self._capitalised(token):
            return NAME, "in a capitalised title"
        ordinal = bool(token.suffix) or (self._word_cue(token) or ("", ""))[1] == ORDINAL
        for rule in self.cues.after:
            if ordinal and rule.reason != RANK:
                continue  # "the second year": an ordinal; "the second-largest": a rank
            m = rule.pattern.match(norm, end, min(len(norm), end + 60))
            if m:
                return rule.reason, f"“{m.group('form')}” after it"
        if digits and token.suffix:
            return ORDINAL, "an ordinal suffix"
        found = self._word_cue(token)
        if found is not None and found[1] != NOTHING_COUNTED:
            return found[1], f"the {found[2]} “{self.article.text[begin:end]}”"
        return None

    def _word_cue(self, token: _Token) -> tuple[str, str, str] | None:
        """The number-form cue of a spelled-out number, by its last word ("twenty-*first*")."""
        if token.kind == "digits":
            return None
        last = re.split(r"[\s-]+", self.norm[token.begin : token.end].lower())[-1]
        return self.cues.word_cues.get(last)

    def _in_time(self, token: _Token, time) -> tuple[str, str]:
        norm = self.norm
        quoted = f"in the time expression “{time.stated}”"
        stated = norm[token.begin : token.end - len(token.suffix)]
        if token.kind == "digits" and (
            re.fullmatch(r"(?:18|19|20|21)\d\d", stated) or token.suffix == "s"
        ):
            return YEAR, quoted
        if token.kind == "digits" and len(stated) <= 2:
            month_before = re.search(rf"{MONTH}\.?\s*$", norm[time.begin : token.begin], re.I)
            month_after = re.match(
                rf"(?:st|nd|rd|th)?\s*,?\s*{MONTH}", norm[token.end : time.end], re.I
            )
            if month_before or month_after or time.start == time.end_date:
                return DATE, quoted
        return PERIOD, quoted

    def _capitalised(self, token: _Token) -> bool:
        """A number in a title ("the 14th Five-Year Plan", "the Global 500 List").

        The number is mid-sentence and a capitalised word follows it; a spelled-out
        number is capitalised itself, digits are an ordinal or follow a capitalised
        word that does not open the sentence.
        """
        norm, begin, end = self.norm, token.begin, token.end
        if _opens_sentence(norm, begin) or not _CAPITALISED_NEXT.match(norm, end):
            return False
        if token.kind != "digits":
            return norm[begin].isupper()  # "the Five-Year Plan"
        if token.suffix:
            return True  # "the 14th Five-Year Plan"
        word = _WORD_BEFORE.search(norm, max(0, begin - 30), begin)
        return (
            word is not None
            and word.group(1)[0].isupper()
            and not _opens_sentence(norm, word.start(1))
        )

    def position(self, begin: int) -> tuple[str, str] | None:
        """The headline, photo captions and a summary the body repeats are not read for facts."""
        head = self.article.headline_span
        if head[0] <= begin < head[1]:
            return HEADLINE, "the headline is not read for facts"
        if _within(self.captions, begin):
            return CAPTION, "photo captions are not read for facts"
        if _within(self.repeats, begin):
            return REPEATED, "the body says this paragraph again"
        return None

    def is_cardinal(self, token: _Token) -> bool:
        """A spelled-out cardinal ("nine", "one hundred"), not an ordinal or a fraction."""
        found = self._word_cue(token)
        return found is not None and found[1] == NOTHING_COUNTED


def _opens_sentence(norm: str, begin: int) -> bool:
    """Whether only quotes, brackets and space stand between a sentence end and ``begin``."""
    return begin == 0 or bool(_SENTENCE_END.search(norm, max(0, begin - 6), begin))


def _within(spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` lies in one of ``spans`` (sorted, not overlapping)."""
    k = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= offset < spans[k][1]
