"""Time and size of the figures page (``figures.html`` of ``g60kg docs``) on a generated corpus.

Usage (from the checkout)::

    PYTHONPATH=src python -m benchmarks.figures -n 1000 [--seed 7] [--runs 3] [--work DIR]

Generates the corpus (``benchmarks/corpus.py``), builds it once
(``g60kg build -j 2 --format ttl``), then writes the page ``--runs`` times,
each in a fresh process (``python -c``: imports, reading the graph with
pyoxigraph, drawing every chart with matplotlib, writing the file), and
prints a Markdown table: median wall and CPU time, peak memory, page size,
charts, points drawn and whether a size cap sampled anything. The load
average is printed with it: on a shared machine wall time is CPU time
stretched by the other jobs, so the CPU time is the steadier figure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks.measure import run

ROOT = Path(__file__).resolve().parent.parent

_PAGE = r"""
import json, sys
from pathlib import Path
from g60kg.docs.figures import figures_page
page = figures_page([Path(sys.argv[1])])
Path(sys.argv[2]).write_text(page.html, encoding="utf-8")
print(json.dumps({"charts": page.charts, "sampled_panels": page.sampled_panels,
                  "charts_over_cap": page.charts_over_cap}))
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="articles (default 1000)")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (default 7)")
    parser.add_argument("--runs", type=int, default=3, help="page runs (default 3)")
    parser.add_argument("--work", type=Path, help="folder for corpus and build (default: temp)")
    args = parser.parse_args(argv)

    import json
    import re

    from benchmarks.corpus import generate

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    work = args.work or Path(tempfile.mkdtemp(prefix="g60kg-figures-"))
    corpus, build = work / f"corpus-{args.seed}-{args.n}", work / f"build-{args.seed}-{args.n}"
    if not (corpus / ".complete").exists():
        generate(args.n, corpus, seed=args.seed)
        (corpus / ".complete").write_text("")
    graph = build / "g60kg.ttl"
    if not graph.exists():
        command = [sys.executable, "-m", "g60kg", "build", str(corpus), "-o", str(build)]
        run([*command, "-j", "2", "--format", "ttl"], env=env, check=True)
    out = work / "figures.html"
    runs = []
    for _ in range(args.runs):
        done = run([sys.executable, "-c", _PAGE, str(graph), str(out)], env=env, check=True)
        runs.append(done)
    page = out.read_text(encoding="utf-8")
    facts = json.loads(runs[-1].stdout)
    points = len(re.findall(r'<a xlink:href="report\.html', page))
    load, size = os.getloadavg()[0], graph.stat().st_size / 1e6
    print(f"load average {load:.1f} on {os.cpu_count()} cores; graph {size:.1f} MB")
    print(
        "| articles | median wall s (runs) | median CPU s | peak RSS MiB | page MB | charts "
        "| linked points | sampled panels |"
    )
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    seconds = ", ".join(f"{r.seconds:.1f}" for r in runs)
    print(
        f"| {args.n:,} | {statistics.median(r.seconds for r in runs):.1f} ({seconds}) "
        f"| {statistics.median(r.cpu_s for r in runs):.1f} "
        f"| {max(r.max_rss_mib for r in runs):.0f} | {len(page.encode()) / 1e6:.2f} "
        f"| {facts['charts']} | {points:,} | {facts['sampled_panels']} |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
