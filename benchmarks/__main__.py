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
import json
import os
import platform
import statistics
import sys
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
    rows: list[dict[str, Any]] = field(default_factory=list)
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


BENCHMARKS: dict[str, Callable[[Context], None]] = {
    "cli": bench_cli,
    "corpus": bench_corpus,
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
        env=env,
    )
    ctx.workdir.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    for name in names:
        print(f"benchmark {name} ...", file=sys.stderr, flush=True)
        BENCHMARKS[name](ctx)
    result = {
        "started": started,
        "command": "python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": machine(),
        "rows": ctx.rows,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(markdown(ctx.rows))
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
