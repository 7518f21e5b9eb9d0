"""Which term model the data path uses: pyoxigraph terms, or plain Python tuples.

The build turns an article's facts into triples and the triples into sorted,
distinct N-Triples lines (everything after is the same either way). Timed
here on one large article (the seed's body repeated, as
``build_large_article.py`` makes it), best of ``--runs``:

* **pyoxigraph**: ``g60kg.graph.rdf.facts_triples`` (pyoxigraph Triples), then
  ``g60kg.graph.ntriples.nt_lines`` (pyoxigraph writes the N-Triples of all
  triples in one call);
* **tuples**: the same triples as ``(str, str, (lexical, datatype, lang))``
  tuples, timed from the point they exist (so the cost of making them is
  left out, which favours them), then spelled in Python with a cache of
  term spellings, sorted and made distinct.

Run: ``PYTHONPATH=src python benchmarks/term_model.py [MB] [--runs N]``.
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from benchmarks.build_large_article import make_article
from g60kg.extract.pipeline import extract_article
from g60kg.graph.ntriples import nt_lines
from g60kg.graph.rdf import facts_triples
from g60kg.text.article import read_article

_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


def _escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


def as_tuples(triples: list[ox.Triple]) -> list[tuple]:
    """The triples in the plain-tuple model: IRIs as str, literals as (lex, datatype, lang)."""

    def term(t: object) -> object:
        if isinstance(t, ox.Literal):
            datatype = t.datatype.value
            plain = datatype.endswith("#string") or datatype.endswith("#langString")
            return (t.value, None if plain else datatype, t.language)
        return t.value  # type: ignore[attr-defined]

    return [(term(t.subject), term(t.predicate), term(t.object)) for t in triples]


def tuple_lines(triples: list[tuple]) -> list[str]:
    """Sorted, distinct N-Triples lines of plain tuples, spelled in Python (cached)."""
    cache: dict[object, str] = {}
    out: set[str] = set()
    for s, p, o in triples:
        a = cache.get(s)
        if a is None:
            a = cache[s] = f"<{s}>"
        b = cache.get(p)
        if b is None:
            b = cache[p] = f"<{p}>"
        c = cache.get(o)
        if c is None:
            if isinstance(o, tuple):
                lex, datatype, lang = o
                c = f'"{_escape(lex)}"' + (
                    f"@{lang}" if lang else f"^^<{datatype}>" if datatype else ""
                )
            else:
                c = f"<{o}>"
            cache[o] = c
        out.add(f"{a} {b} {c} .\n")
    return sorted(out)


def _best(work, runs: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("megabytes", nargs="?", type=float, default=2.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "large-article.txt"
        make_article(article, args.megabytes)
        facts = extract_article(read_article(article))
    gc.disable()  # as the build runs
    make, triples = _best(lambda: facts_triples(facts), args.runs)
    oxi, lines = _best(lambda: nt_lines(triples), args.runs)
    plain = as_tuples(triples)
    tup, other = _best(lambda: tuple_lines(plain), args.runs)
    assert lines == other, "the two models must spell the same lines"
    print(f"{args.megabytes:g} MB article, {len(lines):,} distinct triples, best of {args.runs}")
    print(f"pyoxigraph terms: make {make:.2f} s + N-Triples lines {oxi:.2f} s")
    print(f"plain tuples:     N-Triples lines {tup:.2f} s (making the tuples not counted)")


if __name__ == "__main__":
    main()
