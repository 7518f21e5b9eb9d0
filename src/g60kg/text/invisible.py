"""The text as a reader sees it: invisible characters deleted, with the way back.

Pages put characters that print nothing inside words and numbers: a zero-width
space or joiner where a line may break, a word joiner, a byte-order mark, a
soft hyphen ("1\u200b2 percent" shows as "12 percent"). A reader does not see
them, so the extractors must not either.

Why delete them here, with an offset map, rather than let each number pattern
skip them: every reader (quantities, numbers, times, names, measures, tables)
would need the skip in every pattern that can meet a digit or a letter, and
the values would need cleaning after the match; one missed pattern reads
"1\u200b2" as 1 again. :func:`g60kg.text.normalize.normalize` cannot do it
either: it maps one code point to one so that offsets stay shared, and a
deletion would shift them. So extraction runs on :attr:`Visible.text` and
maps every offset it finds back with :meth:`Visible.begin` and
:meth:`Visible.end`: the graph's offsets index the published text, and a quote
that spans an invisible character holds it, as printed.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

#: Zero-width space, non-joiner and joiner, word joiner, byte-order mark, soft hyphen.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")


@dataclass(frozen=True)
class Visible:
    """``text`` without its invisible characters, and the map back to ``published``."""

    published: str
    text: str
    #: Offsets into ``published`` of the deleted characters, ascending.
    deleted: tuple[int, ...]
    #: For each deleted character, the offset in ``text`` of the character after it.
    _after: tuple[int, ...]

    def begin(self, offset: int) -> int:
        """The offset in ``published`` of the character at ``offset`` in ``text``."""
        return offset + bisect.bisect_right(self._after, offset)

    def end(self, offset: int) -> int:
        """An end offset of ``text`` in ``published``: just after the character before it.

        Invisible characters inside a span stay in its quote; those right after
        its last character do not.
        """
        return 0 if offset <= 0 else self.begin(offset - 1) + 1

    def span(self, begin: int, end: int) -> tuple[int, int]:
        """``(begin, end)`` of ``text`` as offsets into ``published``."""
        b = self.begin(begin)
        return b, max(b, self.end(end))

    def forward(self, offset: int) -> int:
        """The offset in ``text`` that ``offset`` of ``published`` becomes."""
        return offset - bisect.bisect_left(self.deleted, offset)


def visible(published: str) -> Visible | None:
    """The text less its invisible characters, or None if it has none (nothing to map)."""
    if _INVISIBLE.search(published) is None:
        return None
    deleted = tuple(m.start() for m in _INVISIBLE.finditer(published))
    return Visible(
        published,
        visible_text(published),
        deleted,
        tuple(d - k for k, d in enumerate(deleted)),
    )


def visible_text(text: str) -> str:
    """``text`` less its invisible characters (for a string no offset points into)."""
    return _INVISIBLE.sub("", text)
