"""Cold and warm latency of every stored query on one build, split into engine and formatting.

Usage (from the checkout)::

    PYTHONPATH=src python -m benchmarks.query_latency BUILD/g60kg.ttl [--timeout 60] [--only a,b]

The first query builds the persistent store (``--cache always``) if needed;
then each stored query runs cold (a fresh ``python -m g60kg query NAME -f tsv``
process, store reused, output to /dev/null) and warm (in one process, the
store already open: the engine time of ``store.query`` plus collecting the
rows, and the time to render TSV and the terminal table apart). Medians of
``--runs`` warm runs. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

_WARM = r"""
import json, statistics, sys, time
from pathlib import Path
from g60kg.query import results
from g60kg.query.engine import resolve, run_query
data, name, runs = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
query = resolve(name)
run_query(query, [data], store="always")  # opens the store once: warm page cache
engine, tsv, table = [], [], []
for _ in range(runs):
    t = time.perf_counter()
    result = run_query(query, [data], store="always")
    engine.append(time.perf_counter() - t)
    t = time.perf_counter()
    results.render(result, "tsv" if result.kind != "graph" else "nt")
    tsv.append(time.perf_counter() - t)
    if result.kind != "graph":
        t = time.perf_counter()
        results.render(result, "table")
        table.append(time.perf_counter() - t)
med = lambda xs: statistics.median(xs) if xs else None
rows = len(result.rows) if result.kind == "select" else None
print(json.dumps({"warm": med(engine), "tsv": med(tsv), "table": med(table), "rows": rows}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="")
    args = parser.parse_args(argv)

    from g60kg.query.engine import resolve
    from g60kg.query.stored import list_queries

    names = [q.name for q in list_queries() if not q.name.startswith("federated/")]
    if args.only:
        names = [n for n in names if n in args.only.split(",")]
    subprocess.run(
        [sys.executable, "-m", "g60kg", "query", "-e", "ASK {}", "--data", str(args.data),
         "--cache", "always"], check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    print("| query | rows | cold s | warm s (query + rows) | TSV s | table s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in names:
        fmt = "nt" if "CONSTRUCT" in resolve(name).text.upper() else "tsv"
        cmd = [sys.executable, "-m", "g60kg", "query", name, "--data", str(args.data),
               "--cache", "always", "-f", fmt]  # fmt: skip
        start = time.perf_counter()
        try:
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=args.timeout, check=True)  # fmt: skip
            cold = f"{time.perf_counter() - start:.3f}"
        except subprocess.TimeoutExpired:
            print(f"| {name} |  | > {args.timeout:g} |  |  |  |", flush=True)
            continue
        try:
            out = subprocess.run(
                [sys.executable, "-c", _WARM, str(args.data), name, str(args.runs)],
                capture_output=True, timeout=args.timeout * (args.runs + 1), check=True,
            )  # fmt: skip
            w = json.loads(out.stdout)
        except subprocess.TimeoutExpired:
            w = {}

        def f(key: str, w: dict = w) -> str:
            return "" if w.get(key) is None else f"{w[key]:.3f}"

        rows = "" if w.get("rows") is None else f"{w['rows']:,}"
        print(f"| {name} | {rows} | {cold} | {f('warm')} | {f('tsv')} | {f('table')} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
