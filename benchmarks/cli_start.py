"""CLI cold-start benchmark: ``python -m benchmarks.cli_start [--runs 21]``.

Measures, side by side in one run (the commands are interleaved, so load on
this shared 2-core machine hits them alike), the median wall time of fresh
processes:

* ``python -c "import click"``: the floor of any click CLI;
* ``g60kg --help``: target within 1.3x of that floor;
* ``python -c "import click, pyoxigraph"`` plus parsing the seed graph into
  an in-memory store: the floor of any pyoxigraph query over the file;
* ``g60kg query member-regions`` on the seed build in a cold process: target
  within 1.5x of the previous floor. By default (``--cache auto``) a graph
  this small is parsed into memory;
* the same with ``--cache always``: the persistent on-disk store already
  built (what large builds use), and removed first (the first query after a
  build); and with ``--engine rdflib`` for reference.

``g60kg`` runs as its console script does (``from g60kg.cli import main``)
with this checkout's ``src`` first on ``PYTHONPATH``. Prints a Markdown table
for ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENTRY = "import sys; from g60kg.cli import main; sys.argv[0] = 'g60kg'; main()"


def _time(argv: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="runs per command (median)")
    args = parser.parse_args(argv)

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    py = sys.executable
    work = Path(tempfile.mkdtemp(prefix="g60kg-bench-"))
    try:
        env["G60KG_CACHE_DIR"] = str(work / "cache")
        # An installed package has its bytecode compiled; without it every run would
        # recompile g60kg's modules and measure the compiler, not the tool.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        subprocess.run(
            [py, "-c", ENTRY, "build", "-o", str(work / "build")],
            env=env,
            cwd=work,
            check=True,
            capture_output=True,
        )
        graph = work / "build" / "g60kg.ttl"
        store = work / "build" / ".g60kg-store"
        load = (
            "import click, pyoxigraph; s = pyoxigraph.Store(); "
            f"s.load(path={str(graph)!r}, format=pyoxigraph.RdfFormat.TURTLE)"
        )
        query = [py, "-c", ENTRY, "query", "member-regions"]
        always = [*query, "--cache", "always"]
        commands: dict[str, list[str]] = {
            'python -c "import click"': [py, "-c", "import click"],
            "g60kg --help": [py, "-c", ENTRY, "--help"],
            'python -c "import click, pyoxigraph" + load seed graph': [py, "-c", load],
            "g60kg query member-regions": query,
            "g60kg query member-regions --cache always (store reused)": always,
            "g60kg query member-regions --cache always (first: builds store)": always,
            "g60kg query member-regions --engine rdflib": [*query, "--engine", "rdflib"],
        }
        for argv_ in commands.values():  # writes bytecode, builds the store, warms caches
            _time(argv_, env, work)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, argv_ in commands.items():
                if "first:" in name:
                    shutil.rmtree(store, ignore_errors=True)
                times[name].append(_time(argv_, env, work))
        med = {name: statistics.median(values) * 1000 for name, values in times.items()}
    finally:
        shutil.rmtree(work, ignore_errors=True)

    names = list(commands)
    click_floor, load_floor = med[names[0]], med[names[2]]
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"Command: python -m benchmarks.cli_start --runs {args.runs}\n")
    print("| command | median ms | ratio |")
    print("| --- | ---: | --- |")
    for name in names:
        if name == names[1]:
            ratio = f"{med[name] / click_floor:.2f}x import click (target <= 1.3)"
        elif name == names[3]:
            ratio = f"{med[name] / load_floor:.2f}x import + load (target <= 1.5)"
        elif name in names[4:]:
            ratio = f"{med[name] / load_floor:.2f}x import + load"
        else:
            ratio = ""
        print(f"| `{name}` | {med[name]:.0f} | {ratio} |")


if __name__ == "__main__":
    main()
