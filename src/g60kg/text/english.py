"""English month names and number words: the one place every reader takes them from.

These are the grammar of English, not knowledge of the domain: a closed set
that no article or user adds to, and that the readers need as regular
expressions and values (a month's number, a word's value, a scale's power of
ten). So they are Python, unlike the cue words and unit phrases of
``ontology/``. The article reader (datelines), the sentence splitter
(abbreviations) and the extractors (times, quantities, metrics) all read them
here; ``tests/text/test_english.py`` checks that the number words of
``ontology/cues.ttl`` (which say why a spelled-out number is no fact) are
these.
"""

from __future__ import annotations

#: Full month names, lower case, in calendar order.
MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
#: The three letters that name a month in every spelling ("Sept." is "sep").
MONTH_STEMS = tuple(name[:3] for name in MONTH_NAMES)
#: Abbreviations printed with a dot ("Nov. 22"), lower case, without the dot.
MONTH_ABBREVIATIONS = (*(s for s in MONTH_STEMS if s != "may"), "sept")

# How each month may be printed: a stem, then the rest of the name or (if
# ``dot``) the abbreviation's dot. "May" has no abbreviation; "June" and "July"
# are abbreviated without a dot ("Jun", "Jul").
_MONTH_FORMS = (
    ("jan", "uary", True), ("feb", "ruary", True), ("mar", "ch", True), ("apr", "il", True),
    ("may", "", False), ("jun", "e", False), ("jul", "y", False), ("aug", "ust", True),
    ("sept?", "ember", True), ("oct", "ober", True), ("nov", "ember", True),
    ("dec", "ember", True),
)  # fmt: skip


def month_pattern(*, dot: bool = True, capitalised: bool = False) -> str:
    """A regular expression (a group) matching one month name, full or abbreviated.

    ``dot``: an abbreviation may carry its dot ("Nov."); ``capitalised``: each
    form starts with a capital, for patterns matched case-sensitively (match
    the lower-case form with ``re.IGNORECASE``).
    """
    forms = []
    for stem, rest, dotted in _MONTH_FORMS:
        if capitalised:
            stem = stem[0].upper() + stem[1:]
        tail = [rest] if rest else []
        if dot and dotted:
            tail.append(r"\.")
        if tail == [rest] and len(rest) == 1:
            forms.append(f"{stem}{rest}?")  # "june?"
        else:
            forms.append(f"{stem}(?:{'|'.join(tail)})?" if tail else stem)
    return "(?:" + "|".join(forms) + ")"


#: Any month name or abbreviation (lower case: use with ``re.IGNORECASE``).
MONTH = month_pattern()


def month_number(word: str) -> int:
    """1 for "January", "Jan", "Jan." or "JAN"; 9 for "Sept"."""
    return MONTH_STEMS.index(word[:3].lower()) + 1


#: Cardinal words below twenty and their values.
ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
#: The tens.
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
#: Scale words and the power of ten each multiplies by.
SCALES = {"hundred": 2, "thousand": 3, "million": 6, "billion": 9, "trillion": 12}
#: Abbreviated scales of financial news ("RMB3.6bn", "5 mln"), and their powers of ten.
SCALE_ABBREVIATIONS = {"mln": 6, "mn": 6, "bln": 9, "bn": 9, "trn": 12, "tn": 12}
#: Every word that spells (part of) a number: "Thirty-one", "a dozen", "two million".
NUMBER_WORDS = frozenset({*ONES, *TENS, "dozen", *SCALES})
#: Ordinal words up to the sixteenth, as quarters and months are counted.
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
}  # fmt: skip
#: The cardinal words from one to twelve, in order ("the first six months").
UP_TO_TWELVE = tuple(w for w, v in ONES.items() if 1 <= v <= 12)
