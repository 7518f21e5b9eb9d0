"""Time and peak memory of ``g60kg extract`` and ``g60kg build`` on hostile article shapes.

Run: ``PYTHONPATH=src:. python -m benchmarks.hostile_inputs [--megabytes 10] [--only NAME]``.
Each shape is generated into a temporary folder (never a third-party text):

* ``words-numbers-line``: one line of words and numbers, no sentence end;
* ``bare-numbers``: one line of numbers separated by spaces;
* ``ordinary-repeated``: the bundled seed's body repeated (every paragraph states facts);
* ``no-spaces-line``: one line of words and numbers glued together;
* ``words-line``: one line of the same words without the numbers (a city
  named every 90 characters).

``--at-limit`` cuts each shape just below :data:`g60kg.text.article.MAX_NUMBERS`
numbers and :data:`g60kg.extract.entities.MAX_NAMES` names, whichever comes
first: the largest input of that shape that is read rather than refused.

Each command runs once in a child process under ``/usr/bin/time -v`` (wall
time, maximum resident set size), with a time limit; ``--profile DIR`` also
writes a cProfile of each ``extract`` run there. Not a test: timings depend on
the machine, which is shared, so rerun before comparing figures.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import random
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.build_large_article import make_article
from g60kg.extract import gazetteer
from g60kg.extract.entities import MAX_NAMES
from g60kg.text.article import MAX_NUMBERS, number_ends
from g60kg.text.english import NUMBER_WORDS
from g60kg.text.normalize import normalize

# --at-limit keeps this many numbers (names) fewer than the limit: the headline and
# page furniture the reader drops are counted in the file, not in the article.
_MARGIN = 100

_WORDS = [
    "Quzhou", "exports", "grew", "by", "5.5", "percent", "to", "12", "billion", "yuan",
    "in", "2023", "and", "the", "city's", "output", "1,250", "since", "2019",
]  # fmt: skip


def _line(path: Path, size: int, piece: Callable[[random.Random], str]) -> None:
    rng = random.Random(7)
    parts, n = ["Head\n\n"], 0
    while n < size:
        parts.append(piece(rng))
        n += len(parts[-1])
    path.write_text("".join(parts) + "\n", encoding="utf-8")


_PLAIN = [w for w in _WORDS if not w[0].isdigit() and w not in NUMBER_WORDS]


SHAPES: dict[str, Callable[[Path, int], None]] = {
    "words-numbers-line": lambda p, n: _line(p, n, lambda r: r.choice(_WORDS) + " "),
    "bare-numbers": lambda p, n: _line(p, n, lambda r: f"{r.randint(0, 99999)} "),
    "ordinary-repeated": lambda p, n: make_article(p, n / 1_000_000),
    "no-spaces-line": lambda p, n: _line(p, n, lambda r: r.choice(_WORDS)),
    "words-line": lambda p, n: _line(p, n, lambda r: r.choice(_PLAIN) + " "),
}


def _timed(command: list[str], limit: float) -> dict[str, object]:
    """Wall seconds, max RSS (MiB), exit code and last stderr line of one child process."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        try:
            done = subprocess.run(
                ["/usr/bin/time", "-v", "-o", report.name, *command],
                capture_output=True,
                text=True,
                timeout=limit,
            )
        except subprocess.TimeoutExpired:
            return {"seconds": f"> {limit:.0f}", "rss_mib": "", "exit": "killed", "stderr": ""}
        stats = report.read()
    wall = re.search(r"Elapsed \(wall clock\) time .*: (?:(\d+):)?(\d+):([\d.]+)", stats)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stats)
    seconds = (
        int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
        if wall
        else float("nan")
    )
    lines = done.stderr.strip().splitlines()
    return {
        "seconds": round(seconds, 1),
        "rss_mib": round(int(rss.group(1)) / 1024) if rss else "",
        "exit": done.returncode,
        "stderr": lines[-1][:120] if lines else "",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=10.0)
    parser.add_argument("--only", action="append", choices=sorted(SHAPES))
    parser.add_argument("--limit", type=float, default=600.0, help="seconds per command")
    parser.add_argument("--profile", type=Path, help="write a cProfile of each extract here")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument(
        "--at-limit",
        action="store_true",
        help="cut each shape just below the article number limit (the worst that is read)",
    )
    args = parser.parse_args(argv)
    python = [sys.executable, "-m"]
    print("| shape | command | seconds | max RSS MiB | exit | message |")
    print("| --- | --- | ---: | ---: | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.only or SHAPES:
            article = Path(tmp) / f"{name}.txt"
            SHAPES[name](article, int(args.megabytes * 1_000_000))
            if args.at_limit:
                text = article.read_text(encoding="utf-8")
                ends = itertools.islice(number_ends(text), MAX_NUMBERS - _MARGIN)
                last_number = collections.deque(ends, 1)
                names = gazetteer.load().find(normalize(text), most=MAX_NAMES - _MARGIN)
                cut = min(
                    last_number[0] if last_number else len(text),
                    names[-1].end if len(names) == MAX_NAMES - _MARGIN else len(text),
                )
                article.write_text(text[:cut] + "\n", encoding="utf-8")
            runs = {"extract": [*python, "g60kg", "extract", str(article), "--format", "json"]}
            if args.profile:
                args.profile.mkdir(parents=True, exist_ok=True)
                prof = str(args.profile / f"{name}.prof")
                runs["extract"] = [*python, "cProfile", "-o", prof, *runs["extract"][1:]]
            if not args.no_build:
                runs["build"] = [*python, "g60kg", "build", str(article), "-o", f"{tmp}/out"]
            for label, command in runs.items():
                r = _timed(command, args.limit)
                print(
                    f"| {name} ({article.stat().st_size / 1e6:.1f} MB) | {label} | {r['seconds']} "
                    f"| {r['rss_mib']} | {r['exit']} | {r['stderr']} |",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
