"""Time each stage of a build on one large article (default 1 MB).

The article repeats the bundled seed's body until it reaches the size, so it
is as dense in facts as real news (a worst case: every paragraph states
numbers). Run: ``PYTHONPATH=src python benchmarks/build_large_article.py [MB]``.
Articles over about 1.2 MB of it name places more than the 20,000 times an
article may (``g60kg.extract.entities.MAX_NAMES``) and are refused.
"""

from __future__ import annotations

import gc
import sys
import tempfile
import time
from pathlib import Path

from g60kg.paths import articles_dir


def make_article(path: Path, megabytes: float) -> None:
    seed = (articles_dir() / "g60-article-2023-11-22.txt").read_text(encoding="utf-8")
    head, _, body = seed.partition("\n\n")
    body = body.split("Original link:")[0]  # page furniture ends the article
    parts = [head]
    size = len(head)
    while size < megabytes * 1_000_000:
        parts.append(body.strip())
        size += len(body)
    path.write_text("\n\n".join(parts), encoding="utf-8")


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "large-article.txt"
        make_article(article, megabytes)
        from g60kg.extract import entities, events, metrics, quantities, timex
        from g60kg.extract.pipeline import extract_article
        from g60kg.graph.ntriples import nt_lines
        from g60kg.graph.rdf import facts_triples, ontology_lines
        from g60kg.graph.turtle import turtle_bytes
        from g60kg.text.article import read_article

        # Wrap the stages to time them.
        timings: dict[str, float] = {}

        def timed(module, name):
            original = getattr(module, name, None)
            if original is None:  # a stage the extraction no longer has under this name
                return

            def wrapper(*args, **kwargs):
                t = time.perf_counter()
                try:
                    return original(*args, **kwargs)
                finally:
                    timings[name] = timings.get(name, 0.0) + time.perf_counter() - t

            setattr(module, name, wrapper)
            import g60kg.extract.pipeline as pipeline

            if hasattr(pipeline, name):
                setattr(pipeline, name, wrapper)

        for module, name in (
            (entities, "find_mentions"),
            (timex, "find_times"),
            (quantities, "find_quantities"),
            (events, "find_events"),
            (metrics, "find_observations"),
        ):
            timed(module, name)
        gc.disable()  # as g60kg.graph.build.build does
        t0 = time.perf_counter()
        art = read_article(article)
        t1 = time.perf_counter()
        facts = extract_article(art)
        t2 = time.perf_counter()
        # What the build does in memory: the article's lines and the ontology's, merged.
        found = sorted(set(ontology_lines()).union(nt_lines(facts_triples(facts))))
        t3 = time.perf_counter()
        data = turtle_bytes(found)
        t4 = time.perf_counter()
        print(
            f"article: {article.stat().st_size / 1e6:.1f} MB, {len(found)} triples, "
            f"{len(facts.observations)} observations, {len(data) / 1e6:.1f} MB Turtle"
        )
        print(
            f"read {t1 - t0:.1f} s, extract {t2 - t1:.1f} s, triples {t3 - t2:.1f} s, "
            f"turtle {t4 - t3:.1f} s, total {t4 - t0:.1f} s"
        )
        print("extract stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))


if __name__ == "__main__":
    main()
