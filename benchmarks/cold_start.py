"""Cold start of a query against its floor: ``python -m benchmarks.cold_start [--runs 21]``.

Builds the seed into a temporary folder, then alternates two fresh processes
``--runs`` times (so the load of this shared 2-core machine hits both alike)
and prints their medians and the ratio:

* ``python -c "import click, pyoxigraph"``: what any pyoxigraph CLI pays;
* ``g60kg query -e 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --format csv``
  on the seed build (run in the folder that holds ``build/``, as a user
  would), target at most 1.5x the first.

``g60kg`` runs as its console script does (``from g60kg.cli import main``),
this checkout's ``src`` first on ``PYTHONPATH``, bytecode compiled once
beforehand as in an installed package. ``--importtime`` prints the modules
the query imports beyond the floor, slowest first (``python -X importtime``,
one run: noisy, for finding where the time goes, not for the figure).
``--compare DIR`` times the same query with another ``src`` folder in the
same alternation (an A/B against, say, ``git archive main src``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.cli_start import ENTRY, ROOT

QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _time(argv: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def _imports(argv: list[str], env: dict[str, str], cwd: Path) -> dict[str, int]:
    """Microseconds of each module's own import (``-X importtime``)."""
    done = subprocess.run(
        [argv[0], "-X", "importtime", *argv[1:]], env=env, cwd=cwd, capture_output=True, text=True
    )
    found = {}
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+\d+ \|(\s*)(\S+)", line)
        if match:
            found[match[3]] = int(match[1])
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="runs of each command (median)")
    parser.add_argument("--importtime", action="store_true", help="list the extra imports")
    parser.add_argument(
        "--compare", type=Path, help="also time the query with this src folder (another version)"
    )
    args = parser.parse_args(argv)

    py = sys.executable
    work = Path(tempfile.mkdtemp(prefix="g60kg-cold-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "G60KG_CACHE_DIR": str(work / "cache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    try:
        subprocess.run(
            [py, "-c", ENTRY, "build"], env=env, cwd=work, check=True, capture_output=True
        )
        commands = {
            'python -c "import click, pyoxigraph"': [py, "-c", "import click, pyoxigraph"],
            f"g60kg query -e '{QUERY}' --format csv": [
                py, "-c", ENTRY, "query", "-e", QUERY, "--format", "csv",
            ],
        }  # fmt: skip
        floor, query = commands.values()
        if args.compare:
            other = f"the same query, src {args.compare}"
            commands[other] = ["env", f"PYTHONPATH={args.compare.resolve()}", *query]
        for argv_ in commands.values():  # bytecode, page cache
            _time(argv_, env, work)
        # After the first runs: with a fresh bytecode folder, the listing would
        # time compiling every module (the standard library's too), not importing it.
        if args.importtime:
            base, ours = _imports(floor, env, work), _imports(query, env, work)
            extra = sorted(((us, m) for m, us in ours.items() if m not in base), reverse=True)
            print(
                f"{sum(us for us, _ in extra) / 1000:.1f} ms in {len(extra)} modules beyond "
                "the floor"
            )
            for us, module in extra[:25]:
                print(f"{us / 1000:7.1f} ms  {module}")
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, argv_ in commands.items():
                times[name].append(_time(argv_, env, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    med = {name: statistics.median(values) * 1000 for name, values in times.items()}
    (floor_name, floor_ms), (query_name, query_ms), *others = med.items()
    print(f"Command: python -m benchmarks.cold_start --runs {args.runs}; load average "
          f"{os.getloadavg()[0]:.1f}\n")  # fmt: skip
    print("| command | median ms |")
    print("| --- | ---: |")
    print(f"| `{floor_name}` | {floor_ms:.0f} |")
    print(f"| `{query_name}` | {query_ms:.0f} |")
    for name, ms in others:
        print(f"| {name} | {ms:.0f} |")
    print(f"\nratio {query_ms / floor_ms:.2f} (target <= 1.5)")
    for name, ms in others:
        print(f"ratio of {name}: {ms / floor_ms:.2f}")


if __name__ == "__main__":
    main()
