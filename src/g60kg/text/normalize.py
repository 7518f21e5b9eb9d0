"""Text helpers whose offsets stay valid in the text the graph publishes.

Every extractor matches on ``normalize(text)`` but reports offsets into
``text`` itself. That only works because :func:`normalize` maps each code point
to exactly one code point: the two strings have the same length, so an offset
found in one is the same offset in the other, and ``text[begin:end]`` is the
quote as printed (curly quotes, non-breaking spaces and all).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from g60kg.text.english import MONTH_ABBREVIATIONS

# One code point in, one code point out: never add a mapping to "" or to two
# characters, or every offset after it would drift.
_SPACES = (
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u200b\u202f\u205f\u3000\ufeff\t\x0b\x0c"
)
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u02bc\u00b4\uff07"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\uff02"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_TABLE = str.maketrans(
    {
        **dict.fromkeys(_SPACES, " "),
        **dict.fromkeys(_SINGLE_QUOTES, "'"),
        **dict.fromkeys(_DOUBLE_QUOTES, '"'),
        **dict.fromkeys(_DASHES, "-"),
        "\u2026": ".",  # ellipsis character: one dot keeps the length
        "\uff05": "%",
        "\uff0c": ",",
        "\uff0e": ".",
        "\uff1a": ":",
        "\uff08": "(",
        "\uff09": ")",
        "\uff04": "$",
        "\u00ad": "-",  # soft hyphen
        "\u2028": "\n",
        "\u2029": "\n",
        "\r": "\n",
    }
)


def normalize(text: str) -> str:
    """Fold typographic variants to ASCII look-alikes, one code point for one.

    Non-breaking and thin spaces become ``' '``, curly quotes ``'`` or ``"``,
    en/em dashes and the minus sign ``-``, full-width punctuation its ASCII
    form. The result has exactly ``len(text)`` code points, so offsets found in
    it index ``text`` too.
    """
    if len(text) < 512:
        return text.translate(_TABLE)
    return _normalize_long(text)


@functools.lru_cache(maxsize=8)
def _normalize_long(text: str) -> str:
    # Extractors are called once per paragraph with the whole article text and a
    # window; caching the long text's normal form keeps that linear, not quadratic.
    # (A str caches its hash, so a repeated lookup does not rehash 10 MB.)
    return text.translate(_TABLE)


# Words after which a period does not end a sentence. Lower case, no dot.
_ABBREVIATIONS = frozenset(MONTH_ABBREVIATIONS) | frozenset(
    """
    mr mrs ms dr prof gen gov sen rep st mt ft jr sr
    co ltd inc corp bros dept est approx vs etc e.g i.e ca
    u.s u.k u.n e.u p.r u.s.a
    """.split()  # noqa: SIM905 - a word list reads better as text
)
# Abbreviations that only abbreviate before a number ("No. 5", "Fig. 2"): "said no."
# ends a sentence.
_NUMBERING = frozenset({"no", "nos", "fig", "vol", "pp", "art"})
# A candidate sentence end: terminal punctuation, optional closing quotes or
# brackets, then whitespace.
_END = re.compile(r"[.!?]+[\"')\]]*(?=\s)")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def _is_abbreviation(norm: str, dot: int) -> bool:
    """True if the ``.`` at ``norm[dot]`` closes an abbreviation, not a sentence."""
    m = _WORD_BEFORE.search(norm, max(0, dot - 12), dot)
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    if word in _ABBREVIATIONS:
        return True
    if word in _NUMBERING:
        return bool(re.match(r"\s*\d", norm[dot + 1 : dot + 4]))
    # Initials: "J. Smith", "U.S." (single letters separated by dots).
    return bool(re.fullmatch(r"(?:[a-z]\.)*[a-z]", word))


def _next_starts_sentence(norm: str, pos: int, end: int) -> bool:
    """True if the first non-space character after ``pos`` can open a sentence."""
    i = pos
    while i < end and norm[i].isspace():
        i += 1
    if i >= end:
        return True
    ch = norm[i]
    return ch.isupper() or ch.isdigit() or ch in "\"'(["


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentence spans ``(begin, end)``, trimmed.

    Rule based on purpose (deterministic, no model): a sentence ends at ``.``,
    ``!`` or ``?`` followed by space and a capital, digit or quote, unless the
    word before the dot is a known abbreviation ("Nov.", "No.", "Co., Ltd.",
    "U.S.") or an initial. Decimals ("54.5") never split because the dot is not
    followed by space. A blank line (paragraph break) always ends a sentence.
    """
    end = len(text) if end is None else min(end, len(text))
    start = max(0, start)
    norm = normalize(text)
    spans: list[tuple[int, int]] = []

    def emit(b: int, e: int) -> None:
        while b < e and norm[b].isspace():
            b += 1
        while e > b and norm[e - 1].isspace():
            e -= 1
        if b < e:
            spans.append((b, e))

    blocks: list[tuple[int, int]] = []
    pos = start
    for m in _PARAGRAPH_BREAK.finditer(norm, start, end):
        blocks.append((pos, m.start()))
        pos = m.end()
    blocks.append((pos, end))

    for b_start, b_end in blocks:
        cur = b_start
        for m in _END.finditer(norm, b_start, b_end):
            punct_end = m.end()
            if (
                norm[m.start()] == "."
                and m.group().rstrip("\"')]") == "."
                and _is_abbreviation(norm, m.start())
            ):
                continue
            if not _next_starts_sentence(norm, punct_end, b_end):
                continue
            emit(cur, punct_end)
            cur = punct_end
        emit(cur, b_end)
    return spans


def slugify(name: str) -> str:
    """Lower-case ASCII slug: "R&D investment" -> "rd-investment".

    Accents are folded ("Zürich" -> "zurich"); ``&`` and apostrophes vanish
    (so "R&D" stays one word and "Songjiang's" does not become two); every
    other run of non-alphanumerics becomes one ``-``; no ``-`` at either end.
    """
    folded = unicodedata.normalize("NFKD", normalize(name))
    ascii_only = folded.encode("ascii", "ignore").decode("ascii").lower()
    ascii_only = re.sub(r"[&']", "", ascii_only)
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")
