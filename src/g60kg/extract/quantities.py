"""Find quantities in article text: number, scale, unit, comparator, counted noun.

"more than 60 percent", "1.29 trillion yuan", "RMB 50 billion", "nine cities",
"between 10 and 20 percent", "4.9 times". The unit phrases, count nouns and
comparator phrases come from ``ontology/units.ttl``, the fraction words and
multiplying verbs from ``ontology/cues.ttl``, the number words from
:mod:`g60kg.text.english`; this module only knows how numbers are written in
English.

What is *not* a quantity: ordinals ("the 6th"), years ("in 2016", "2023"),
days of dates ("Nov. 22"), numbering ("No. 3", "Phase 2", "(1)"), codes glued
to letters ("G60", "5G", "COVID-19"), clock times, and spelled-out numbers with
nothing to count ("one of the ...", "five years"). Digits with no unit are kept
as bare numbers (``unit is None``) so that callers decide; durations such as
"10 years" are not kept, they are time spans (see :mod:`g60kg.extract.timex`).

Counts are quantities too: "nine cities" is 9 ``unit:NUM`` counting "cities".
Whether a quantity becomes an observation (a membership count does not) is
the metrics extractor's decision, not this module's.

All matching happens on :func:`g60kg.text.normalize.normalize` output, which has the same
length as the input, so every offset indexes the text as printed.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation, localcontext

from g60kg.extract import cues as cues_mod
from g60kg.extract.cues import words_pattern
from g60kg.namespaces import G60, UNIT
from g60kg.paths import ontology_dir
from g60kg.text.english import (
    NUMBER_WORDS,
    ONES,
    SCALE_ABBREVIATIONS,
    SCALES,
    TENS,
    month_pattern,
)
from g60kg.text.normalize import normalize


@dataclass(frozen=True)
class Quantity:
    """A quantity as printed, its value with scale applied, and what qualifies it.

    ``stated`` is ``text[begin:end]`` and excludes the comparator words, whose
    span is ``comparator_begin``/``comparator_end`` ("more than" in "more than
    60 percent"), except for a glued "plus" that sits between number and noun
    ("1,900-plus listed companies": the comparator span lies inside ``stated``).
    Ranges ("20 to 30 percent") have ``value`` 20 and ``upper`` 30.
    """

    begin: int
    end: int
    stated: str
    value: Decimal
    unit: str | None
    comparator: str
    comparator_begin: int | None
    counted: str | None = None
    upper: Decimal | None = None
    comparator_end: int | None = None


NUM_UNIT = UNIT + "NUM"

# --- how English writes numbers ---------------------------------------------

_SCALES = {**SCALES, **SCALE_ABBREVIATIONS}
_WORD = "|".join(sorted([*ONES, *TENS, "hundred", "dozen"], key=len, reverse=True))
_ABBREVIATED_SCALE = "|".join(SCALE_ABBREVIATIONS)
_SCALE = f"{'|'.join(SCALES)}|{_ABBREVIATED_SCALE}"
# Digits glued to letters are codes ("G60", "km2"), except right after a currency
# symbol ("RMB3.6bn"): the lookbehind applies only when no prefix matched.
_DIGITS = r"(?(prefix)|(?<![\w.])(?<!\d,)(?<![A-Za-z]-))-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_WORDS = (
    rf"(?<![A-Za-z-])(?:an?(?=\s+(?:{_SCALE}|dozen)\b)|(?:{_WORD}))"
    rf"(?:(?:\s+|-|(?<=hundred)\s+and\s+)(?:{_WORD})(?![A-Za-z]))*(?![A-Za-z])"
)
_NUMBER = (
    rf"(?:(?P<digits>{_DIGITS})|(?P<words>{_WORDS}))"
    rf"(?:(?:\s+|(?<=\d)(?=(?:{_ABBREVIATED_SCALE})\b))(?P<scale>(?:{_SCALE})(?:\s+(?:{_SCALE}))*)\b)?"
    # "1,900-plus listed companies", "300+ firms": a lower bound glued to the number
    r"(?P<plus>\s*-\s*plus(?![A-Za-z])|\+)?"
)
_STOP = (
    "of|in|on|at|to|from|and|or|the|a|an|by|for|with|than|as|per|is|are|was|were|be|"
    "has|have|had|will|which|that|this|these|those|its|their|it|year|years|month|months|"
    "day|days|percent|times|since|during|over|under|between|each|every|yuan|dollars"
)
_TIME_UNITS = re.compile(
    # "for 70 consecutive months": a duration, whatever the adjective before its unit
    r"\s*-?\s*(?:(?:consecutive|straight|successive|full|whole)\s+)?(?:years?|months?|days?|weeks?|hours?|minutes?|seconds?|decades?|quarters?|"
    r"centuries|century)(?![A-Za-z])",
    re.IGNORECASE,
)
_MONTH = month_pattern(dot=False)
_MONTH_BEFORE = re.compile(rf"(?<![A-Za-z]){_MONTH}\.?\s*$", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?\s*,?\s*{_MONTH}(?![a-z])", re.IGNORECASE)
_NUMBERING_BEFORE = re.compile(
    r"(?:(?<![A-Za-z])(?:no|nos|number|phase|line|route|road|lane|highway|expressway|article|"
    r"section|chapter|room|building|floor|level|gate|hall|booth|page|item|version|"
    r"grade|class|group|batch|round|stage|step|season|episode|vol|volume|issue|edition|"
    r"industry|web)\.?\s*|#\s*|\d:|/)$",
    re.IGNORECASE,
)


def _phrase_pattern(phrase: str) -> str:
    """Regex for a lexicon phrase: spaces stretch (or hyphenate: "2,000-square-meter"),
    words end at a word boundary."""
    pat = r"(?:\s+|-)".join(re.escape(part) for part in normalize(phrase).split())
    if phrase[-1:].isalnum():
        pat += r"(?![A-Za-z0-9])"
    return pat


def _plurals(noun: str) -> list[str]:
    if re.search(r"[^aeiou]y$", noun):
        return [noun, noun[:-1] + "ies"]
    if re.search(r"(?:s|x|z|ch|sh)$", noun):
        return [noun, noun + "es"]
    if noun in ("people",):
        return [noun]
    return [noun, noun + "s"]


@dataclass(frozen=True)
class _Lexicon:
    pattern: re.Pattern[str]
    suffix_units: dict[str, str]  # normalised lower phrase -> unit IRI
    prefix_units: dict[str, str]
    comparators_before: re.Pattern[str]
    comparators_after: re.Pattern[str]
    comparator_names: dict[str, str]  # lower phrase -> local name
    compound_noun: re.Pattern[str]  # a count noun right after another: "invention patents"
    fraction: re.Pattern[str]  # "one-third of", "a quarter of"
    denominators: dict[str, int]  # lower fraction word -> what it divides by
    multiplied: re.Pattern[str]  # "doubled", "tripled"
    multiples: dict[str, Decimal]  # lower verb form -> percent change


@functools.lru_cache(maxsize=4096)
def _literal_key(text: str) -> str:
    return re.sub(r"\s+", " ", normalize(text).lower().strip())


@functools.lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """Load ``ontology/units.ttl`` and ``cues.ttl`` once and compile the patterns from them."""
    import rdflib

    graph = rdflib.Graph()
    graph.parse(ontology_dir() / "units.ttl", format="turtle")
    g60 = rdflib.Namespace(G60)
    suffix: dict[str, str] = {}
    prefix: dict[str, str] = {}
    nouns: set[str] = set()
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for s, o in graph.subject_objects(g60.unitPhrase):
        suffix[_literal_key(str(o))] = str(s)
    for s, o in graph.subject_objects(g60.unitSymbol):
        prefix[_literal_key(str(o))] = str(s)
    for o in graph.objects(None, g60.countNoun):
        nouns.update(_plurals(_literal_key(str(o))))
    for s, o in graph.subject_objects(g60.comparatorPhrase):
        before[_literal_key(str(o))] = str(s).removeprefix(G60)
    for s, o in graph.subject_objects(g60.comparatorSuffix):
        after[_literal_key(str(o))] = str(s).removeprefix(G60)

    cues = cues_mod.load()
    denominators, multiples = cues.denominators(), cues.multipliers()

    def alternation(phrases: object) -> str:
        return "|".join(_phrase_pattern(p) for p in sorted(phrases, key=lambda p: (-len(p), p)))

    # a symbol may touch its digits ("RMB3.6bn"), but not a longer word ("RMBs")
    prefix_alt = alternation(prefix).replace("(?![A-Za-z0-9])", "(?![A-Za-z])")
    pattern = re.compile(
        rf"(?:(?<![A-Za-z0-9])(?P<prefix>{prefix_alt})\s*(?=[-\d.]|an?\b|[a-z]))?"
        rf"{_NUMBER}"
        rf"(?:(?P<usep>\s*-?\s*)(?P<unit>{alternation(suffix)})"
        # counted things are common nouns: lower case, so "2023 China Conference" is a name
        # (acronyms are fine: "120 NEV-related enterprises", "12 R&D platforms")
        rf"|\s+(?P<mods>(?:(?!(?:{_STOP})\b)(?-i:[a-z][a-z-]*|[A-Z][A-Z&]+(?:-[a-z]+)*)\s+){{0,2}}?)"
        rf"(?P<noun>(?-i:{alternation(nouns)})))?"
        r"(?![A-Za-z0-9])",
        re.IGNORECASE,
    )
    return _Lexicon(
        pattern=pattern,
        suffix_units=suffix,
        prefix_units=prefix,
        comparators_before=re.compile(
            rf"(?<![A-Za-z])(?P<cmp>{alternation(before)})\s*$", re.IGNORECASE
        ),
        comparators_after=re.compile(rf"\s+(?P<cmp>{alternation(after)})", re.IGNORECASE),
        comparator_names={**before, **after},
        compound_noun=re.compile(rf"[ \t]+(?P<noun>{alternation(nouns)})"),
        fraction=re.compile(
            r"(?<![A-Za-z-])(?P<num>one|an?|two|three|four)[\s-]+"
            rf"(?P<den>{words_pattern(denominators)})(?=\s+of\b)",
            re.IGNORECASE,
        ),
        denominators=denominators,
        multiplied=re.compile(
            rf"(?<![A-Za-z])(?P<verb>{words_pattern(multiples)})(?![A-Za-z])", re.IGNORECASE
        ),
        multiples=multiples,
    )


def _word_value(words: str) -> int | None:
    """Value of spelled-out English numbers up to the hundreds ("twenty-three")."""
    tokens = [t for t in re.split(r"[\s-]+", words.lower()) if t and t != "and"]
    total = 0
    last = None  # kind of the previous token, to reject "five nine"
    for tok in tokens:
        if tok in ("a", "an"):
            if last is not None:
                return None
            total, last = 1, "one"
        elif tok in ONES:
            if last in ("one", "teen") or (last == "ten" and ONES[tok] >= 10):
                return None
            if last == "ten" and total % 10:
                return None
            total += ONES[tok]
            last = "teen" if ONES[tok] >= 10 else "one"
        elif tok in TENS:
            if last in ("one", "teen", "ten"):
                return None
            total += TENS[tok]
            last = "ten"
        elif tok == "hundred":
            if last not in (None, "one", "teen") or total >= 100:
                return None
            total = (total or 1) * 100
            last = "hundred"
        elif tok == "dozen":
            if last not in (None, "one", "teen", "ten"):
                return None
            total = (total or 1) * 12
            last = "dozen"
        else:
            return None
    return total if last is not None else None


def _scaled(value: Decimal, scale: str | None) -> Decimal:
    if not scale:
        return value
    exponent = sum(_SCALES[w.lower()] for w in scale.split())
    result = value * (Decimal(10) ** exponent)
    if result == result.to_integral_value():
        with localcontext() as ctx:  # "60 trillion trillion trillion": 38 digits, not 28
            ctx.prec = max(ctx.prec, result.adjusted() + 2)
            return result.quantize(Decimal(1))
    return result.normalize() if result.as_tuple().exponent < 0 else result


def _base_value(digits: str | None, words: str | None) -> Decimal | None:
    if digits is not None:
        try:
            return Decimal(digits.replace(",", ""))
        except InvalidOperation:
            return None
    value = _word_value(words or "")
    return None if value is None else Decimal(value)


_PARSE = re.compile(rf"(?P<prefix>(?!))?\s*{_NUMBER}\s*", re.IGNORECASE)


def parse_number(words: str) -> Decimal | None:
    """Value of a printed number: "76,200", "1.29 trillion", "nine", "twenty-three".

    Returns None if ``words`` is not a number (as a whole).
    """
    m = _PARSE.fullmatch(normalize(words))
    if not m:
        return None
    base = _base_value(m.group("digits"), m.group("words"))
    return None if base is None else _scaled(base, m.group("scale"))


@dataclass(frozen=True)
class _Raw:
    """A quantity before range merging: keeps the scale for a bare first number."""

    q: Quantity
    scale: str | None
    keep: bool  # False for a spelled-out number with nothing counted


_PART_OF = re.compile(r"\s+of\s+(?:its|their|the|these|those|our|[A-Z][\w-]*'s?)(?=\s)")
_MODIFIER = re.compile(r"\s+(?:[a-z][a-z-]*|\"[^\"\n]{1,30}\")(?=\s)")


def _part_of(lex: _Lexicon, norm: str, end: int) -> tuple[int, int] | None:
    """The span of the counted noun in "... of its (modifiers) firms", if one follows."""
    m = _PART_OF.match(norm, end)
    if m is None:
        return None
    pos = m.end()
    noun = lex.compound_noun.match(norm, pos)
    for _ in range(2):  # up to two modifiers: "of Wuhu's research institutes"
        if noun is not None:
            break
        mod = _MODIFIER.match(norm, pos)
        if mod is None:
            return None
        pos = mod.end()
        noun = lex.compound_noun.match(norm, pos)
    if noun is None:
        return None
    stop = noun.end("noun")
    if stop < len(norm) and (norm[stop].isalnum()):
        return None
    noun_begin = noun.start("noun")
    while more := lex.compound_noun.match(norm, stop):
        noun_begin, stop = more.start("noun"), more.end("noun")
    return noun_begin, stop


def _single(lex: _Lexicon, norm: str, text: str, m: re.Match[str], lo: int) -> _Raw | None:
    digits, words, scale = m.group("digits"), m.group("words"), m.group("scale")
    prefix, unit_phrase, noun = m.group("prefix"), m.group("unit"), m.group("noun")
    base = _base_value(digits, words)
    if base is None:
        return None
    num_start = m.start("digits") if digits is not None else m.start("words")
    begin = m.start("prefix") if prefix else num_start
    unit: str | None = None
    counted: str | None = None
    end = m.end("scale") if scale else (m.end("digits") if digits is not None else m.end("words"))
    if prefix:
        unit = lex.prefix_units.get(_literal_key(prefix))
    if unit_phrase:
        if unit is None:
            key = _literal_key(unit_phrase)
            unit = lex.suffix_units.get(key) or lex.suffix_units.get(
                re.sub(r"(?<=\w)-(?=\w)", " ", key)  # "square-meter" is "square meter"
            )
        if unit is not None:
            end = m.end("unit")
    elif noun and not prefix:
        noun_begin, end = m.start("noun"), m.end("noun")
        while more := lex.compound_noun.match(norm, end):  # "invention patents"
            noun_begin, end = more.start("noun"), more.end("noun")
        unit, counted = NUM_UNIT, text[noun_begin:end]
    elif words and not prefix and not scale and not unit_phrase:
        # "Forty-seven of its firms", "twelve of Wuhu's labs": a spelled-out count of a
        # part of the things named after "of"
        part = _part_of(lex, norm, end)
        if part is not None and (_word_value(words.lower()) or 0) >= 2:
            noun_begin, end = part
            unit, counted = NUM_UNIT, text[noun_begin:end]
    if begin < lo:  # a prefix symbol before the window
        return None
    cmp_span: tuple[int, int] | None = None
    if m.group("plus"):  # the span of "plus" / "+", inside ``stated`` if a unit follows it
        pb = m.start("plus")
        while norm[pb] in " -":
            pb += 1
        cmp_span = (pb, m.end("plus"))

    bare = unit is None and not scale
    if bare and words is None:
        if _TIME_UNITS.match(norm, end):
            return None  # a duration, not an amount
        plain = digits.lstrip("-")
        if re.fullmatch(r"\d{4}", plain) and 1800 <= int(plain) <= 2199:
            return None  # a year
        if re.fullmatch(r"\d{1,2}", plain) and (
            _MONTH_BEFORE.search(norm, max(0, begin - 12), begin) or _MONTH_AFTER.match(norm, end)
        ):
            return None  # the day of a date
        if _NUMBERING_BEFORE.search(norm, max(0, begin - 14), begin):
            return None
        after = norm[end : end + 2]
        if after[:1] in (":", "/") or after[:2] == ".0":
            return None  # clock time, fraction, version
        if after[:1] in (".", ")") and _opens_line(norm, begin):
            return None  # list numbering "1." / "2)"
        if norm[begin - 1 : begin] == "(" and after[:1] == ")":
            return None  # "(1)"
    value = _scaled(base, scale)
    return _Raw(
        Quantity(
            begin=begin,
            end=end,
            stated=text[begin:end],
            value=value,
            unit=unit,
            comparator=lex.comparator_names.get("plus", "MoreThan") if cmp_span else "Exactly",
            comparator_begin=cmp_span[0] if cmp_span else None,
            counted=counted,
            comparator_end=cmp_span[1] if cmp_span else None,
        ),
        scale=scale,
        keep=not (bare and words is not None),  # "one of the", "five years"
    )


def _opens_line(norm: str, begin: int) -> bool:
    """Whether only spaces stand between the start of the line and ``begin``.

    Walks back over the spaces only: slicing back to the line's start cost time
    in the square of the line's length when a text is one long line of numbers.
    """
    k = begin
    while k > 0 and norm[k - 1] != "\n" and norm[k - 1].isspace():
        k -= 1
    return k == 0 or norm[k - 1] == "\n"


_RANGE_GAP = re.compile(r"\s*(?:-|to|and|~)\s*", re.IGNORECASE)
_BETWEEN = re.compile(r"(?<![A-Za-z])between\s+$", re.IGNORECASE)
_FROM = re.compile(r"(?<![A-Za-z])from\s+$", re.IGNORECASE)


def _merge_ranges(raws: list[_Raw], norm: str, text: str) -> list[Quantity]:
    """Join "10 to 20 percent", "between 1 and 2 billion yuan", "10-20%" into ranges.

    "from 10 to 20 percent" is a change, not a range: the two stay apart and the
    bare first number borrows the second's unit (and scale). A spelled-out
    number with nothing counted survives only as the low end of a range.
    """
    out: list[Quantity] = []
    i = 0
    while i < len(raws):
        first = raws[i]
        a = first.q
        nxt = raws[i + 1] if i + 1 < len(raws) else None
        if nxt is not None and nxt.q.unit is not None and a.unit in (None, nxt.q.unit):
            b = nxt.q
            gap = _RANGE_GAP.fullmatch(norm, a.end, b.begin)
            if gap is not None and a.counted is None:
                word = gap.group().strip().lower()
                low = a.value
                if first.scale is None and nxt.scale:
                    low = _scaled(a.value, nxt.scale)
                between = _BETWEEN.search(norm, max(0, a.begin - 12), a.begin)
                if word != "and" and _FROM.search(norm, max(0, a.begin - 8), a.begin):
                    out.append(replace(a, value=low, unit=b.unit) if a.unit is None else a)
                    i += 1
                    continue
                if (word != "and" or between) and low < b.value:
                    begin = between.start() if between else a.begin
                    out.append(
                        replace(
                            b, begin=begin, stated=text[begin : b.end], value=low, upper=b.value
                        )
                    )
                    i += 2
                    continue
        if first.keep:
            out.append(a)
        i += 1
    return out


def _with_comparator(lex: _Lexicon, norm: str, q: Quantity, lo: int, hi: int) -> Quantity:
    if q.comparator_begin is not None:  # "1,900-plus" already says it
        return q
    m = lex.comparators_before.search(norm, max(lo, q.begin - 24), q.begin)
    if m:
        return replace(
            q,
            comparator=lex.comparator_names[_literal_key(m.group("cmp"))],
            comparator_begin=m.start("cmp"),
            comparator_end=m.end("cmp"),
        )
    m = lex.comparators_after.match(norm, q.end, hi)
    if m and (m.end() == hi or not norm[m.end()].isalnum()):
        return replace(
            q,
            comparator=lex.comparator_names[_literal_key(m.group("cmp"))],
            comparator_begin=m.start("cmp"),
            comparator_end=m.end("cmp"),
        )
    return q


_DIGIT = re.compile(r"\d")


# Fractions stated in words are shares: "one-third of", "a quarter of", "two-fifths of"
# ("the first half of" and "the first quarter of" are times, not shares).
_PERIOD_BEFORE = re.compile(r"(?i:first|last|past|next|second|final|these|those)\s+$")
PERCENT_UNIT = UNIT + "PERCENT"


def _word_quantities(lex: _Lexicon, text: str, norm: str, start: int, end: int) -> list[_Raw]:
    """Fractions ("one-third of") and multiplying verbs ("doubled": a change stated as a
    multiple, up 100 percent) as percentages."""
    out = []
    for m in lex.fraction.finditer(norm, start, end):
        if _PERIOD_BEFORE.search(norm, max(0, m.start() - 12), m.start()):
            continue  # "the first three quarters of this year" is a time
        num = m.group("num").lower()
        numerator = {"one": 1, "a": 1, "an": 1}.get(num) or ONES[num]
        den = lex.denominators[m.group("den").lower()]
        if numerator >= den:
            continue
        value = (Decimal(100 * numerator) / Decimal(den)).quantize(Decimal("0.01")).normalize()
        out.append(_fixed(text, m.start(), m.end(), value))
    for m in lex.multiplied.finditer(norm, start, end):
        out.append(_fixed(text, m.start(), m.end(), lex.multiples[m.group("verb").lower()]))
    return out


def _fixed(text: str, begin: int, end: int, value: Decimal) -> _Raw:
    quantity = Quantity(
        begin=begin,
        end=end,
        stated=text[begin:end],
        value=value,
        unit=PERCENT_UNIT,
        comparator="Exactly",
        comparator_begin=None,
    )
    return _Raw(quantity, scale=None, keep=True)


def _could_hold_number(lex: _Lexicon, norm: str, start: int, end: int) -> bool:
    """Cheap pre-check: a digit or a number word (plain substring tests) in the window."""
    if _DIGIT.search(norm, start, end):
        return True
    low = norm[start:end].lower()
    return any(word in low for word in (*NUMBER_WORDS, *lex.multiples, *lex.denominators))


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """All quantities in ``text[start:end]``, in order, offsets into ``text``.

    Linear in the length of the text: one regular-expression scan plus a
    constant amount of look-around per match.
    """
    lex = _lexicon()
    end = len(text) if end is None else min(end, len(text))
    start = max(0, start)
    norm = normalize(text)
    if not _could_hold_number(lex, norm, start, end):
        return []
    raws: list[_Raw] = []
    for m in lex.pattern.finditer(norm, start, end):
        raw = _single(lex, norm, text, m, start)
        if raw is not None:
            raws.append(raw)
    words = _word_quantities(lex, text, norm, start, end)
    if words:
        taken = [(r.q.begin, r.q.end) for r in raws if r.keep]
        words = [w for w in words if not any(b < w.q.end and w.q.begin < e for b, e in taken)]
        raws = [
            r for r in raws if not any(w.q.begin < r.q.end and r.q.begin < w.q.end for w in words)
        ]
        raws.extend(words)
        raws.sort(key=lambda r: r.q.begin)
    return [_with_comparator(lex, norm, q, start, end) for q in _merge_ranges(raws, norm, text)]
