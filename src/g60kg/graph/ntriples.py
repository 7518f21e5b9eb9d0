"""Triples as canonical N-Triples text, the form every writer of the project starts from.

pyoxigraph writes each term one way only (its canonical escapes), so the text
of a triple identifies it: the build sorts and merges these lines, the
publishing formats group and count them, and two builds compare with ``cmp``.
Each line is written by pyoxigraph in one call for many triples, which is
faster than spelling terms one by one in Python.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox


def _serialized(triples: Iterable[ox.Triple]) -> list[str]:
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    # split("\n"), not splitlines(): a literal may hold a raw U+2028.
    return [line for line in data.split("\n") if line]


def nt_lines(triples: Iterable[ox.Triple]) -> list[str]:
    """Sorted, distinct N-Triples lines of ``triples``, each ending in `` .\\n``."""
    return sorted({line + "\n" for line in _serialized(triples)})


def triple_texts(triples: Iterable[ox.Triple]) -> list[str]:
    """Each distinct triple's N-Triples text without the final `` .``, in first-seen order.

    That text is ``str(triple)``, one canonical string per triple and per term,
    so the publishing code groups, counts and sorts plain strings, where
    reading ``triple.subject`` and hashing terms one by one was most of the
    time on a large build.
    """
    return list(dict.fromkeys(line[:-2] for line in _serialized(triples)))


def term_value(term: str) -> str:
    """The ``.value`` of a term given as N-Triples text (IRI, blank node or literal)."""
    if term.startswith("<"):
        return term[1:-1]
    if term.startswith("_:"):
        return term[2:]
    return next(iter(ox.parse(f"<x:s> <x:p> {term} .", format=ox.RdfFormat.N_TRIPLES))).object.value
