"""``g60kg query`` against pyoxigraph's own ``Store.query`` on the same store, query by query.

Usage (from the checkout; BUILD from ``g60kg build CORPUS -o BUILD``)::

    PYTHONPATH=src:. python -m benchmarks.query_overhead BUILD/g60kg.ttl [--runs 3] [--only a,b]

The persistent store is built first (``--cache always``). Then, for each
stored query (the federated ones aside), alternating, in fresh processes:

* *g60kg*: ``python -m g60kg query NAME --data BUILD/g60kg.ttl --cache always
  -f csv -o FILE`` (the rows streamed to a file);
* *pyoxigraph*: ``Store.read_only`` on the same store directory, ``query``
  of the same text g60kg runs (parameter defaults bound as g60kg binds them),
  and every row iterated as a tuple.

Medians of ``--runs``, wall seconds and peak RSS of the process; the ratio
is g60kg's over pyoxigraph's. Then the same two in one process, warm
(alternating, each first every other run; each run opens the store again), with one malloc arena as
``g60kg query`` sets it (:mod:`g60kg.allocator`): ``stream_query`` with the
rows written as CSV to /dev/null, against ``Store.read_only(...).query`` with
the rows iterated. Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.measure import run

_ENGINE = r"""
import sys, pyoxigraph
text = open(sys.argv[2], encoding="utf-8").read()
store = pyoxigraph.Store.read_only(sys.argv[1])
answer = store.query(text, use_default_graph_as_union=True)
if not isinstance(answer, pyoxigraph.QueryBoolean):
    for row in answer:
        tuple(row)
"""

_WARM = r"""
import json, os, statistics, sys, time
from pathlib import Path
import pyoxigraph
from g60kg.query.engine import resolve, stream_query
from g60kg.query.results import write
from g60kg.allocator import share_one_arena
share_one_arena()  # as g60kg query does; pyoxigraph's side runs under it too
data, store, runs = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
out = {}
for name, text_file in zip(sys.argv[4::2], sys.argv[5::2]):
    query, text = resolve(name), open(text_file, encoding="utf-8").read()
    ours, theirs = [], []

    def g60kg():
        with open(os.devnull, "wb") as sink:
            answer = stream_query(query, [data], store="always")
            return write(answer, "csv" if answer.kind != "graph" else "nt", sink)

    def engine():
        answer = pyoxigraph.Store.read_only(store).query(text, use_default_graph_as_union=True)
        if not isinstance(answer, pyoxigraph.QueryBoolean):
            for row in answer:
                tuple(row)

    for i in range(runs):
        # Each goes first every other run: the second finds the memory the first freed.
        for side in ((g60kg, engine) if i % 2 == 0 else (engine, g60kg)):
            t = time.perf_counter()
            done = side()
            (ours if side is g60kg else theirs).append(time.perf_counter() - t)
            if side is g60kg:
                rows = done
    out[name] = [statistics.median(ours), statistics.median(theirs), rows]
print(json.dumps(out))
"""


def engine_text(name: str) -> str:
    """The text g60kg hands pyoxigraph for a stored query with its defaults."""
    from g60kg.namespaces import PREFIXES
    from g60kg.query import sparqlscan
    from g60kg.query.engine import parse_value, resolve

    query = resolve(name)
    declared = sparqlscan.declared_prefixes(query.text)
    mentioned = sparqlscan.variables(query.text)
    terms = {k: parse_value(v, declared) for k, v in query.defaults().items() if k in mentioned}
    text = sparqlscan.bind_at_top(query.text, {k: str(v) for k, v in terms.items()})
    undeclared = [f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared]
    return "".join(undeclared) + text


def store_dir(data: Path) -> Path:
    """The store ``--cache always`` keeps beside ``data``."""
    (folder,) = [p for p in (data.parent / ".g60kg-store").iterdir() if p.is_dir()]
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="")
    args = parser.parse_args(argv)

    from g60kg.query.stored import list_queries

    env = {**os.environ}
    names = [q.name for q in list_queries() if not q.name.startswith("federated/")]
    if args.only:
        names = [n for n in names if n in args.only.split(",")]
    subprocess.run(
        [sys.executable, "-m", "g60kg", "query", "-e", "ASK {}", "--data", str(args.data),
         "--cache", "always"], check=True, stdout=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    store = store_dir(args.data)
    work = Path(tempfile.mkdtemp(prefix="g60kg-overhead-"))
    print(f"Command: PYTHONPATH=src:. python -m benchmarks.query_overhead {args.data} "
          f"--runs {args.runs}; load average {os.getloadavg()[0]:.1f}\n")  # fmt: skip
    print("| query | g60kg s | pyoxigraph s | ratio | g60kg MiB | pyoxigraph MiB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in names:
        text_file = work / "query.rq"
        text_file.write_text(engine_text(name), encoding="utf-8")
        graph = "CONSTRUCT" in text_file.read_text().upper()
        out = work / ("out.nt" if graph else "out.csv")
        ours_cmd = [sys.executable, "-m", "g60kg", "query", name, "--data", str(args.data)]
        ours_cmd += ["--cache", "always", "-o", str(out)]
        theirs_cmd = [sys.executable, "-c", _ENGINE, str(store), str(text_file)]
        ours, theirs = [], []
        for _ in range(args.runs):
            ours.append(run(ours_cmd, env=env, check=True))
            theirs.append(run(theirs_cmd, env=env, check=True))
        o = statistics.median(r.seconds for r in ours)
        t = statistics.median(r.seconds for r in theirs)
        om = max(r.max_rss_mib for r in ours)
        tm = max(r.max_rss_mib for r in theirs)
        print(f"| {name} | {o:.2f} | {t:.2f} | {o / t:.2f} | {om:.0f} | {tm:.0f} |", flush=True)
    warm_args = []
    for name in names:
        text_file = work / f"{name}.rq"
        text_file.write_text(engine_text(name), encoding="utf-8")
        warm_args += [name, str(text_file)]
    done = subprocess.run(
        [sys.executable, "-c", _WARM, str(args.data), str(store), str(args.runs), *warm_args],
        capture_output=True, check=True, env=env,
    )  # fmt: skip
    params = {q.name for q in list_queries() if q.params}
    print("\n| query, warm (one process) | rows | g60kg s | pyoxigraph s | ratio |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, (o, t, rows) in json.loads(done.stdout).items():
        shown = f"{name} (parameterised)" if name in params else name
        print(f"| {shown} | {rows:,} | {o:.3f} | {t:.3f} | {o / t:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
