"""Benchmark: `g60kg load PARTS --jobs N` against `g60kg load` of the build's single file.

A build's ``g60kg.nt`` is cut into subject-partitioned parts with a manifest
(by the test suite's ``parts_writer``, as a cluster build writes them); then,
in alternating runs, each into a fresh ``oxigraph serve`` over a fresh store
directory: the parts with ``--jobs N``, the single ``g60kg.nt`` and the
single ``g60kg.ttl``. Every run is the ``g60kg load`` command in its own
process (upload, then the COUNT check; the parts load also hashes every part
first), timed with its peak memory.

    PYTHONPATH=src python -m benchmarks.load_parts BUILD_DIR --partitions 8 --jobs 2 --runs 3

Prints one line per run, then medians and ratios (``--markdown`` for a table).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.load import _Server, oxigraph_installed
from benchmarks.measure import run

ROOT = Path(__file__).resolve().parent.parent
_WRITE_PARTS = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from parts_writer import write_parts
manifest = write_parts(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
print(manifest.triple_count, len(manifest.triples))
"""


def make_parts(nt: Path, folder: Path, partitions: int) -> tuple[int, int]:
    """Triples and parts written by the test suite's ``parts_writer``, in a child process.

    Not in this process: every ``g60kg load`` measured is forked from it, and
    Linux reports a forked child's peak memory as at least its parent's.
    """
    args = [str(ROOT / "tests"), str(nt), str(folder), str(partitions)]
    done = run([sys.executable, "-c", _WRITE_PARTS, *args], env={**os.environ, **_ENV})
    triples, parts = done.stdout.split()
    return int(triples), int(parts)


_ENV = {"PYTHONPATH": str(ROOT / "src")}


def _load(args: list[str], workdir: Path) -> tuple[float, float, str]:
    """Seconds, peak MiB and printed table of one `g60kg load` into a fresh server."""
    with _Server(workdir) as server:
        command = [sys.executable, "-m", "g60kg", "load", *args]
        done = run(
            [*command, "--endpoint", server.url, "--store", "oxigraph"],
            env={**os.environ, **_ENV},
        )
    table = done.stdout.decode().splitlines()[-1]
    return done.seconds, done.tree_rss_mib, table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path, help="a build folder with g60kg.nt and g60kg.ttl")
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--also-jobs", type=int, help="Load the parts with this --jobs too.")
    parser.add_argument("--no-ttl", action="store_true", help="Leave out the Turtle load.")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    if not oxigraph_installed():
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="g60kg-bench-parts-"))
    try:
        folder = workdir / "parts"
        triples, parts = make_parts(args.build / "g60kg.nt", folder, args.partitions)
        print(f"{triples} triples in {parts} parts, {os.cpu_count()} CPUs", file=sys.stderr)
        cases = {
            f"parts, --jobs {args.jobs}": [str(folder), "--jobs", str(args.jobs)],
            "g60kg.nt (one file)": [str(args.build / "g60kg.nt")],
        }
        if args.also_jobs:
            cases[f"parts, --jobs {args.also_jobs}"] = [str(folder), "-j", str(args.also_jobs)]
        if not args.no_ttl:
            cases["g60kg.ttl (one file)"] = [str(args.build / "g60kg.ttl")]
        times: dict[str, list[float]] = {name: [] for name in cases}
        memory: dict[str, list[float]] = {name: [] for name in cases}
        for number in range(args.runs):
            # Alternating: every run loads each case once, in the order reversed every other run.
            order = list(cases) if number % 2 == 0 else list(reversed(cases))
            for name in order:
                seconds, mib, table = _load(cases[name], workdir)
                times[name].append(seconds)
                memory[name].append(mib)
                print(f"run {number + 1}: {name}: {seconds:.1f} s, {mib:.0f} MiB | {table}")
        parts_case = next(iter(cases))
        base = statistics.median(times[parts_case])
        if args.markdown:
            print("| load | median s | runs (s) | peak MiB | vs parts |")
            print("| --- | ---: | --- | ---: | ---: |")
        for name in cases:
            median = statistics.median(times[name])
            runs = " / ".join(f"{t:.1f}" for t in times[name])
            peak = max(memory[name])
            if args.markdown:
                print(f"| {name} | {median:.1f} | {runs} | {peak:.0f} | {median / base:.2f}x |")
            else:
                print(
                    f"{name}: median {median:.1f} s ({runs}), peak {peak:.0f} MiB, "
                    f"{median / base:.2f}x the parts"
                )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
