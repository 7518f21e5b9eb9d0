"""Find many fixed phrases in long text at once, longest match first.

The gazetteer and the measure lexicon each hold hundreds of phrases. Trying
them one by one over a 10 MB article would be slow, and a plain regex
alternation tries every phrase at every position. Instead the phrases are
compiled into one regex shaped like a token trie, so the regex engine (in C)
does the work; greedy optional groups make the longest phrase win, and
backtracking falls back to a shorter one when the longer fails its boundary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator


class PhraseMatcher:
    """Case-insensitive matcher for phrases made of tokens.

    ``separators`` is a character class body: the characters that may stand
    between two tokens (and that the key ignores). Hyphens and spaces are
    interchangeable by default, so "foreign-funded" matches "foreign funded".
    """

    def __init__(
        self,
        phrases: Iterable[str],
        separators: str = r"\s\-",
        determiners_after: Iterable[str] = (),
        determiners: Iterable[str] = ("the", "its", "their"),
    ) -> None:
        self._sep_class = f"[{separators}]"
        self._split = re.compile(f"{self._sep_class}+")
        # "output value of *its* industrial enterprises" is "output value of
        # industrial enterprises": a determiner right after one of these tokens
        # may stand in the text and is left out of the key.
        self._det_after = frozenset(t.lower() for t in determiners_after)
        self._dets = frozenset(d.lower() for d in determiners)
        trie: dict = {}
        for phrase in phrases:
            tokens = self.tokens(phrase)
            if not tokens:
                continue
            node = trie
            for token in tokens:
                node = node.setdefault(token, {})
            node[""] = {}
        body = self._node_regex(trie) if trie else r"(?!x)x"
        self._regex = re.compile(rf"(?<![\w&])(?:{body})(?![\w&])", re.IGNORECASE)

    def tokens(self, phrase: str) -> list[str]:
        """The phrase's tokens, lower case: the unit the trie is built on."""
        return [t for t in self._split.split(phrase.lower()) if t]

    def key(self, phrase: str) -> str:
        """Canonical form of a phrase or of matched text: its tokens joined by one space."""
        tokens = self.tokens(phrase)
        if self._det_after:
            tokens = [
                t
                for i, t in enumerate(tokens)
                if not (i and t in self._dets and tokens[i - 1] in self._det_after)
            ]
        return " ".join(tokens)

    def _node_regex(self, node: dict) -> str:
        branches = []
        for token in sorted((t for t in node if t), key=lambda t: (-len(t), t)):
            child = node[token]
            rest = ""
            grandchildren = [t for t in child if t]
            if grandchildren:
                inner = self._node_regex({t: child[t] for t in grandchildren})
                det = ""
                if token in self._det_after:
                    words = "|".join(sorted(map(re.escape, self._dets)))
                    det = f"(?:(?:{words}){self._sep_class}+)?"
                rest = f"(?:{self._sep_class}+{det}(?:{inner}))"
                if "" in child:
                    rest += "?"
            branches.append(re.escape(token) + rest)
        return "|".join(branches)

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match]:
        """Non-overlapping leftmost-longest matches in ``text[start:end]``."""
        end = len(text) if end is None else end
        return self._regex.finditer(text, start, end)
