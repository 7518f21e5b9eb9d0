"""Extraction throughput: articles per second through ``extract_article``.

Run: ``PYTHONPATH=src python -m benchmarks.extraction_speed DIR [--runs 3]`` on a
folder of articles (``python -m benchmarks.corpus -n 300 -o DIR`` writes one). The
articles are read first and not timed; each run extracts every article once and
the median run is printed with articles per second and characters per second.

To compare two versions of the extractor, run the same command with
``PYTHONPATH`` pointing at each checkout's ``src`` in turn, alternating, on the
same folder: the machine's speed drifts, so compare runs made side by side.
Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from g60kg.extract.pipeline import extract_article

try:
    from g60kg.text.article import read_article
except ImportError:  # a checkout from before the layout by layer
    from g60kg.article import read_article  # type: ignore[no-redef]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    articles = [read_article(p) for p in sorted(args.folder.glob("*.txt"))]
    extract_article(articles[0])  # load the gazetteer, lexicon and cues outside the timing
    seconds = []
    for _ in range(args.runs):
        start = time.perf_counter()
        for article in articles:
            extract_article(article)
        seconds.append(time.perf_counter() - start)
    median = statistics.median(seconds)
    chars = sum(len(a.text) for a in articles)
    print(
        json.dumps(
            {
                "articles": len(articles),
                "characters": chars,
                "median_seconds": round(median, 3),
                "articles_per_second": round(len(articles) / median, 1),
                "characters_per_second": round(chars / median),
                "runs": [round(s, 3) for s in seconds],
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
