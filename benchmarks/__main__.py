"""Benchmark runner: ``python -m benchmarks [--quick] [--sizes 100,1000,10000]``.

Runs each benchmark in a fresh process of this checkout (``python -m g60kg``
with ``PYTHONPATH=src``), writes every figure with the machine it was measured
on to a JSON file (``benchmarks/results.json`` by default) and prints Markdown
tables to stdout, ready for ``benchmarks/README.md``. Ratios the targets are
stated in are measured side by side in one run, because absolute times on a
shared 2-core machine are noisy.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.measure import Run, run

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Context:
    """Options shared by all benchmarks, and the rows they add."""

    sizes: list[int]
    quick: bool
    workdir: Path
    seed: int
    repeat: int
    build_runs: int = 1
    rows: list[dict[str, Any]] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)

    def g60kg(self, *args: str, check: bool = True) -> Run:
        return run([sys.executable, "-m", "g60kg", *args], env=self.env, check=check)

    def add(self, benchmark: str, case: str, **figures: Any) -> None:
        row = {"benchmark": benchmark, "case": case, **figures}
        self.rows.append(row)
        print(f"  {benchmark} | {case} | {figures}", file=sys.stderr, flush=True)

    def corpus(self, n: int) -> Path:
        """The generated corpus of ``n`` articles (made once, reused by every benchmark)."""
        from benchmarks.corpus import generate

        folder = self.workdir / f"corpus-{self.seed}-{n}"
        if not (folder / ".complete").exists():
            generate(n, folder, seed=self.seed)
            (folder / ".complete").write_text("")
        return folder


def machine() -> dict[str, Any]:
    """nproc, CPU model, RAM and library versions, for the README."""
    from importlib.metadata import PackageNotFoundError, version

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = {}
    for pkg in ("rdflib", "pyoxigraph", "oxigraph", "pyshacl", "owlready2", "click"):
        try:
            versions[pkg] = version(pkg)
        except PackageNotFoundError:
            versions[pkg] = None
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": round(ram, 1),
        "python": platform.python_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "versions": versions,
    }


# --- benchmarks --------------------------------------------------------------


def bench_cli(ctx: Context) -> None:
    """Cold start of the command: a fresh interpreter per call, median of several."""
    cases = [
        ("python -c pass (interpreter only)", [sys.executable, "-c", "pass"]),
        ("g60kg --version", [sys.executable, "-m", "g60kg", "--version"]),
        ("g60kg --help", [sys.executable, "-m", "g60kg", "--help"]),
    ]
    for sub in ("build", "query", "validate", "load"):
        probe = ctx.g60kg(sub, "--help", check=False)
        if probe.returncode == 0:
            cases.append((f"g60kg {sub} --help", [sys.executable, "-m", "g60kg", sub, "--help"]))
    for name, argv in cases:
        samples = [run(argv, env=ctx.env).seconds for _ in range(ctx.repeat)]
        ctx.add("cli cold start", name, median_s=round(statistics.median(samples), 3))


def bench_corpus(ctx: Context) -> None:
    """Generating the corpus (also makes it for the benchmarks that follow)."""
    import time

    for n in ctx.sizes:
        start = time.perf_counter()
        folder = ctx.corpus(n)
        seconds = time.perf_counter() - start
        size = sum(p.stat().st_size for p in folder.glob("*.txt"))
        ctx.add("corpus", f"{n} articles", seconds=round(seconds, 2), mib=round(size / 2**20, 1))


def _summary(stderr: bytes) -> dict[str, int]:
    """Counts from the build's last stderr line: "N articles, T triples, ..."."""
    line = stderr.decode("utf-8", "replace").strip().splitlines()[-1]
    counts = {}
    for part in line.split(", "):
        number, _, what = part.partition(" ")
        if number.isdigit():
            counts[what.split(" ")[0]] = int(number)
    return counts


def build_dir(ctx: Context, n: int, jobs: int) -> Path:
    return ctx.workdir / f"build-{ctx.seed}-{n}-j{jobs}"


def bench_build(ctx: Context) -> None:
    """``g60kg build CORPUS --jobs 1`` and ``--jobs 2`` for every size, side by side.

    With ``--build-runs N`` each size is built N times per ``--jobs``, the two
    alternating (so a burst of other jobs on the machine hits both alike), and
    the medians are reported.
    """
    times: dict[tuple[int, int], float] = {}
    for n in ctx.sizes:
        corpus = ctx.corpus(n)
        runs: dict[int, list[Run]] = {1: [], 2: []}
        for _ in range(ctx.build_runs):
            for jobs in (1, 2):
                out = build_dir(ctx, n, jobs)
                shutil.rmtree(out, ignore_errors=True)
                args = ["-o", str(out), "--jobs", str(jobs), "--format", "ttl,nt"]
                runs[jobs].append(ctx.g60kg("build", str(corpus), *args))
        for jobs in (1, 2):
            r = sorted(runs[jobs], key=lambda run: run.seconds)[len(runs[jobs]) // 2]
            counts = _summary(r.stderr)
            times[n, jobs] = r.seconds
            ctx.add(
                "build",
                f"{n} articles, --jobs {jobs}"
                + (f" (median of {ctx.build_runs})" if ctx.build_runs > 1 else ""),
                seconds=round(r.seconds, 2),
                articles_per_s=round(n / r.seconds, 1),
                triples=counts.get("articles") and counts.get("triples"),
                triples_per_s=round(counts.get("triples", 0) / r.seconds),
                cpu_s=round(r.cpu_s, 1),
                peak_rss_tree_mib=round(max(run.tree_rss_mib for run in runs[jobs])),
                peak_rss_largest_process_mib=round(max(run.max_rss_mib for run in runs[jobs])),
            )
            ctx.details[f"build {n} --jobs {jobs} seconds"] = [
                round(run.seconds, 2) for run in runs[jobs]
            ]
        ctx.add(
            "build ratios",
            f"{n} articles: t(--jobs 1) / t(--jobs 2)",
            value=round(times[n, 1] / times[n, 2], 2),
            target=">= 1.6 at 10,000",
        )
    sizes = sorted(ctx.sizes)
    for small, large in itertools.pairwise(sizes):
        for jobs in (1, 2):
            ctx.add(
                "build ratios",
                f"t({large:,}) / t({small:,}), --jobs {jobs}",
                value=round(times[large, jobs] / times[small, jobs], 2),
                target=f"<= {1.1 * large / small:g} (linear + 10%)",
            )


def bench_cluster(ctx: Context) -> None:
    """``--cluster local:2`` against ``--jobs 2`` writing the same content, alternating.

    The cluster build writes the triples (N-Triples parts) and the named
    graphs (N-Quads parts); the one-machine build the same as ``nt`` and
    ``trig`` (and the Turtle it always writes). The cluster's time includes
    starting and closing its LocalCluster. The load average before each run
    is kept: the machine is shared.
    """
    for n in ctx.sizes:
        corpus = ctx.corpus(n)
        runs: dict[str, list[Run]] = {"jobs": [], "cluster": []}
        loads: dict[str, list[float]] = {"jobs": [], "cluster": []}
        for _ in range(ctx.build_runs):
            for kind in ("jobs", "cluster"):
                out = ctx.workdir / f"cluster-{ctx.seed}-{n}-{kind}"
                shutil.rmtree(out, ignore_errors=True)
                args = (
                    ["--jobs", "2", "--format", "ttl,nt,trig"]
                    if kind == "jobs"
                    else ["--cluster", "local:2"]
                )
                loads[kind].append(round(os.getloadavg()[0], 2))
                runs[kind].append(ctx.g60kg("build", str(corpus), "-o", str(out), *args))
        seconds = {}
        for kind, label in (
            ("jobs", "--jobs 2 --format ttl,nt,trig"),
            ("cluster", "--cluster local:2"),
        ):
            r = sorted(runs[kind], key=lambda run: run.seconds)[len(runs[kind]) // 2]
            counts = _summary(r.stderr)
            seconds[kind] = r.seconds
            ctx.add(
                "cluster build",
                f"{n} articles, {label}",
                seconds=round(r.seconds, 2),
                triples=counts.get("triples"),
                cpu_s=round(r.cpu_s, 1),
                cpu_ms_per_article=round(1000 * r.cpu_s / n, 1),
                load_before=loads[kind],
                peak_rss_tree_mib=round(r.tree_rss_mib),
            )
        ctx.add(
            "cluster build",
            f"{n} articles: t(--cluster local:2) / t(--jobs 2)",
            value=round(seconds["cluster"] / seconds["jobs"], 2),
            target="<= 1.3",
        )


def bench_memory_build(ctx: Context) -> None:
    """The in-memory strategy of the build on the smallest corpus, for comparison."""
    n = min(ctx.sizes)
    out = ctx.workdir / f"memory-build-{ctx.seed}-{n}"
    code = (
        "import sys; from pathlib import Path; from g60kg.graph.build import build; "
        "r = build([Path(sys.argv[1])], Path(sys.argv[2])); print(r.triples)"
    )
    r = run([sys.executable, "-c", code, str(ctx.corpus(n)), str(out)], env=ctx.env)
    triples = int(r.stdout.decode().strip())
    ctx.add(
        "build",
        f"{n} articles, in-memory build (same writer and bytes as streaming)",
        seconds=round(r.seconds, 2),
        articles_per_s=round(n / r.seconds, 1),
        triples=triples,
        triples_per_s=round(triples / r.seconds),
        peak_rss_tree_mib=round(r.tree_rss_mib),
        peak_rss_largest_process_mib=round(r.max_rss_mib),
    )


_PUBLISH = """
import statistics, sys, time, tempfile
from pathlib import Path
import pyoxigraph as ox
from g60kg.graph.rdf import ontology_lines
from g60kg.graph.stream import write_merged
build, runs = Path(sys.argv[1]), int(sys.argv[2])
sources = sorted((build / "articles").glob("*.nt"))
store = ox.Store()
store.bulk_load(path=str(build / "g60kg.nt"), format=ox.RdfFormat.N_TRIPLES)
ours, oxi = [], []
for _ in range(runs):  # alternating, so load from other jobs hits both alike
    with tempfile.TemporaryDirectory(dir=build) as tmp:
        t = time.perf_counter()
        n = write_merged(sources, ontology_lines(), Path(tmp) / "g60kg.nt", Path(tmp) / "g60kg.ttl")
        ours.append(time.perf_counter() - t)
    with tempfile.TemporaryDirectory(dir=build) as tmp:
        t = time.perf_counter()
        store.dump(output=str(Path(tmp) / "a.nt"), format=ox.RdfFormat.N_TRIPLES,
                   from_graph=ox.DefaultGraph())
        store.dump(output=str(Path(tmp) / "a.ttl"), format=ox.RdfFormat.TURTLE,
                   from_graph=ox.DefaultGraph())
        oxi.append(time.perf_counter() - t)
print(n, statistics.median(ours), statistics.median(oxi))
"""


def bench_publish(ctx: Context) -> None:
    """Writing the merged outputs vs pyoxigraph alone serialising the same triples.

    Ours: external merge sort of the per-article files plus the ontology, then
    sorted N-Triples and Turtle in one pass. Baseline: the same triples already
    in a pyoxigraph store, dumped as N-Triples and as Turtle.
    """
    for n in ctx.sizes:
        build = build_dir(ctx, n, 1)
        if not (build / "g60kg.nt").exists():
            continue
        runs = 3
        r = run([sys.executable, "-c", _PUBLISH, str(build), str(runs)], env=ctx.env)
        triples, ours, oxi = r.stdout.decode().split()
        ctx.add(
            "publish",
            f"{n} articles ({int(triples):,} triples, medians of {runs})",
            merge_and_write_s=round(float(ours), 2),
            pyoxigraph_dump_nt_and_ttl_s=round(float(oxi), 2),
            ratio=round(float(ours) / float(oxi), 2),
            target="<= 2",
        )


_WARM = """
import json, sys, time
from pathlib import Path
from g60kg.query.engine import resolve, run_query
data, engine, name, repeat = [Path(sys.argv[1])], sys.argv[2], sys.argv[3], int(sys.argv[4])
text = resolve(name).text
if engine == "rdflib":
    from g60kg.query.rdflib_engine import load_dataset
    graph = load_dataset(data)
times, rows = [], 0
for _ in range(repeat + 1):
    t = time.perf_counter()
    if engine == "rdflib":
        rows = len(list(graph.query(text)))
    else:
        rows = len(run_query(resolve(name), data, store="always").rows)
    times.append(time.perf_counter() - t)
print(json.dumps({"first": times[0], "warm": sorted(times[1:])[len(times[1:]) // 2], "rows": rows}))
"""

#: Seconds after which one query command is stopped and reported as a timeout.
QUERY_TIMEOUT = 60.0


def _query_rows(
    ctx: Context, n: int, what: str, times: dict[str, float | None], target: str | None
) -> None:
    """One row per size: median and slowest over the stored queries, timeouts named."""
    done = {k: v for k, v in times.items() if v is not None}
    late = sorted(k for k, v in times.items() if v is None)
    slowest = max(done, key=done.__getitem__) if done else ""
    ctx.add(
        "query",
        f"{n} articles, {what} ({len(times)} queries)",
        median_s=round(statistics.median(done.values()), 3) if done else None,
        max_s=round(done[slowest], 3) if done else None,
        slowest=slowest,
        over_1s=", ".join(sorted(k for k, v in done.items() if v > 1)),
        timed_out=", ".join(late) + (f" (> {QUERY_TIMEOUT:g} s)" if late else ""),
        target=target,
    )
    ctx.details[f"query {what} {n}"] = times


def bench_query(ctx: Context) -> None:
    """Stored queries on the builds: cold (fresh process) and warm (same process), both engines.

    pyoxigraph uses the persistent store (``--cache always``): the first query
    builds it, later processes open it. rdflib parses the file on every call,
    so it is measured cold on builds of up to 1,000 articles and warm on 100 only.
    """
    import json

    from g60kg.query.engine import resolve
    from g60kg.query.stored import list_queries

    names = [q.name for q in list_queries()]
    # CONSTRUCT queries print RDF, not a table.
    graphs = {n for n in names if "CONSTRUCT" in resolve(n).text.upper()}
    for n in ctx.sizes:
        build = build_dir(ctx, n, 2)
        data = build / "g60kg.ttl"
        if not data.exists():
            continue
        shutil.rmtree(build / ".g60kg-store", ignore_errors=True)
        first = ctx.g60kg("query", "metrics", "--data", str(data), "--cache", "always", "-f", "tsv")
        ctx.add(
            "query",
            f"{n} articles, pyoxigraph: first query (builds the store)",
            seconds=round(first.seconds, 2),
            peak_rss_mib=round(first.tree_rss_mib),
        )
        cold: dict[str, float | None] = {}
        for name in names:
            fmt = "nt" if name in graphs else "tsv"
            r = run(
                [sys.executable, "-m", "g60kg", "query", name, "--data", str(data),
                 "--cache", "always", "-f", fmt],
                env=ctx.env, timeout=QUERY_TIMEOUT,
            )  # fmt: skip
            cold[name] = None if r.timed_out else r.seconds
        _query_rows(ctx, n, "pyoxigraph: cold query, store reused", cold, "< 0.5 s at 10,000")
        engines = ["pyoxigraph"] + (["rdflib"] if n <= 100 else [])
        for engine in engines:
            repeat = 3 if engine == "pyoxigraph" and n < 10_000 else 1
            warm: dict[str, float | None] = {}
            for name in names:
                if engine == "pyoxigraph" and cold[name] is None:
                    warm[name] = None  # timed out cold: it cannot be fast warm either
                    continue
                r = run(
                    [sys.executable, "-c", _WARM, str(data), engine, name, str(repeat)],
                    env=ctx.env, timeout=QUERY_TIMEOUT * (repeat + 1),
                )  # fmt: skip
                warm[name] = None if r.timed_out else json.loads(r.stdout)["warm"]
            target = "< 1 s at 10,000" if engine == "pyoxigraph" else None
            _query_rows(ctx, n, f"{engine}: warm query (same process)", warm, target)
        if n <= 1000:
            r = ctx.g60kg(
                "query", "metrics", "--data", str(data), "--engine", "rdflib", "-f", "tsv"
            )
            ctx.add(
                "query",
                f"{n} articles, rdflib: cold query (parses the file)",
                median_s=round(r.seconds, 2),
                peak_rss_mib=round(r.tree_rss_mib),
            )


def bench_validate(ctx: Context) -> None:
    """``g60kg validate`` on the builds: oxigraph engine on every size, full check on the smallest.

    The full check (pyshacl + HermiT over everything) needs minutes per hundred
    articles, so it runs on the smallest build only, for the comparison.
    """
    for n in ctx.sizes:
        data = build_dir(ctx, n, 2) / "g60kg.nt"
        if not data.exists():
            continue
        engines = ["oxigraph"] + (["pyshacl"] if n == min(ctx.sizes) and n <= 100 else [])
        for engine in engines:
            r = ctx.g60kg("validate", "--engine", engine, str(data), check=False)
            verdict = r.stdout.decode().strip().splitlines()[-1] if r.stdout else ""
            ctx.add(
                "validate",
                f"{n} articles, --engine {engine}",
                seconds=round(r.seconds, 1),
                peak_rss_mib=round(r.tree_rss_mib),
                result=verdict,
                target="< 120 s at 10,000" if engine == "oxigraph" else None,
            )


def bench_load(ctx: Context) -> None:
    """Load the largest build into a fresh oxigraph server vs offline ``oxigraph load``.

    Reuses ``benchmarks/load.py`` (the load helper's): a fresh store per run.
    """
    try:
        from benchmarks import load
    except ImportError:
        print("  benchmarks/load.py not present: skipped", file=sys.stderr)
        return
    n = max(ctx.sizes)
    data = build_dir(ctx, n, 2) / "g60kg.nt"
    if not data.exists():
        return
    with tempfile.TemporaryDirectory(dir=ctx.workdir) as tmp:
        offline = [load.offline(data, Path(tmp)) for _ in range(ctx.repeat // 3 or 1)]
        online = [load.g60kg_load(data, Path(tmp))[0] for _ in range(ctx.repeat // 3 or 1)]
    with open(data, "rb") as handle:
        lines = sum(1 for _ in handle)
    ctx.add(
        "load",
        f"{n} articles ({lines:,} triples, g60kg.nt)",
        oxigraph_load_s=round(statistics.median(offline), 2),
        g60kg_load_http_s=round(statistics.median(online), 2),
        triples_per_s_http=round(lines / statistics.median(online)),
        ratio=round(statistics.median(online) / statistics.median(offline), 2),
        target="<= 2.5",
    )


BENCHMARKS: dict[str, Callable[[Context], None]] = {
    "cli": bench_cli,
    "corpus": bench_corpus,
    "build": bench_build,
    "cluster": bench_cluster,
    "memory-build": bench_memory_build,
    "publish": bench_publish,
    "query": bench_query,
    "validate": bench_validate,
    "load": bench_load,
}


# --- output ------------------------------------------------------------------


def markdown(rows: Sequence[dict[str, Any]]) -> str:
    """One Markdown table per benchmark, columns in first-seen order."""
    out: list[str] = []
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row["benchmark"], []).append(row)
    for name, group in groups.items():
        columns = ["case"]
        for row in group:
            columns += [k for k in row if k not in ("benchmark", *columns)]
        out.append(f"### {name}\n")
        out.append("| " + " | ".join(columns) + " |")
        out.append("| " + " | ".join("---" for _ in columns) + " |")
        for row in group:
            out.append("| " + " | ".join(_cell(row.get(c)) for c in columns) + " |")
        out.append("")
    return "\n".join(out)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".") if value < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, fewer repeats")
    parser.add_argument("--sizes", help="comma-separated corpus sizes (default 100,1000,10000)")
    parser.add_argument(
        "--only", help=f"comma-separated benchmarks to run (of {','.join(BENCHMARKS)})"
    )
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/g60kg-bench"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--build-runs", type=int, default=1, help="builds per size and --jobs (medians)"
    )
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "benchmarks" / "results.json")
    args = parser.parse_args(argv)
    default_sizes = "50,200" if args.quick else "100,1000,10000"
    sizes = [int(s) for s in (args.sizes or default_sizes).split(",") if s]
    names = args.only.split(",") if args.only else list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "src"), str(ROOT), *filter(None, [env.get("PYTHONPATH")])]
    )
    ctx = Context(
        sizes=sizes,
        quick=args.quick,
        workdir=args.workdir,
        seed=args.seed,
        repeat=3 if args.quick else 7,
        build_runs=args.build_runs,
        env=env,
    )
    ctx.workdir.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    load_before = machine()["load_average"]

    def save() -> dict[str, Any]:
        result = {
            "started": started,
            "command": "python -m benchmarks "
            + " ".join(argv if argv is not None else sys.argv[1:]),
            "machine": {**machine(), "load_average_at_start": load_before},
            "rows": ctx.rows,
            "details": ctx.details,
        }
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        return result

    for name in names:
        print(f"benchmark {name} ...", file=sys.stderr, flush=True)
        BENCHMARKS[name](ctx)
        save()  # after each benchmark, so a late failure keeps the figures
    save()
    print(markdown(ctx.rows))
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
