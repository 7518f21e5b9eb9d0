"""Measure article reading, sentence splitting, quantity and time parsing on a large article.

Run: ``PYTHONPATH=src python benchmarks/text_processing.py [MEGABYTES]`` (default 10).
The article is the seed's body paragraphs repeated; prints seconds per stage.
Not a test: timings depend on the machine.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from g60kg.extract.quantities import find_quantities
from g60kg.extract.timex import find_times
from g60kg.paths import articles_dir
from g60kg.text.article import read_article
from g60kg.text.normalize import sentences


def main(megabytes: float = 10.0) -> None:
    seed = read_article(articles_dir() / "g60-article-2023-11-22.txt")
    body = "\n\n".join(seed.text[b:e] for b, e in seed.paragraphs)
    copies = max(1, int(megabytes * 1_000_000 / len(body)))
    raw = seed.headline + "\n\n" + "\n\n".join([body] * copies) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big-article.txt"
        path.write_text(raw, encoding="utf-8")
        find_quantities("warm up 1 percent")  # load the units lexicon outside the timing
        t0 = time.perf_counter()
        art = read_article(path, date=seed.date)
        t1 = time.perf_counter()
        sents = sentences(art.text)
        t2 = time.perf_counter()
        quantities = [q for b, e in art.body_spans() for q in find_quantities(art.text, b, e)]
        t3 = time.perf_counter()
        times = find_times(art.text, art.date)
        t4 = time.perf_counter()
    print(f"article: {len(art.text):,} characters, {len(art.paragraphs):,} paragraphs")
    print(f"read_article     {t1 - t0:6.2f} s")
    print(f"sentences        {t2 - t1:6.2f} s  ({len(sents):,} sentences)")
    print(f"find_quantities  {t3 - t2:6.2f} s  ({len(quantities):,} quantities, per paragraph)")
    print(f"find_times       {t4 - t3:6.2f} s  ({len(times):,} time expressions, whole text)")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 10.0)
