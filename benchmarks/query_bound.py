"""Each parameterised stored query bound to one value, warm: the interactive case.

Usage (from the checkout; BUILD from ``g60kg build CORPUS -o BUILD``)::

    PYTHONPATH=src:. python -m benchmarks.query_bound BUILD/g60kg.ttl [--runs 5]

With their defaults, ``measure-time-series`` and ``observation-evidence``
list every observation: those are exports (see ``query_overhead``). Asked
about one thing, each parameterised query should answer in under a second.
The value of each parameter is read from the data, the one a user is most
likely to ask about, so no IRI of a particular build is written here:

* ``?initiative``: the initiative with the most member regions;
* ``?measure`` and ``?region``: the measure and the region with the most
  observations;
* ``?observation``: the observation in the middle of them in IRI order;
* ``?threshold``: the query's own default (50), as is any parameter the data
  has no value for.

In one process, the store opened by the first run: ``stream_query`` with the
binding and every row written as CSV to /dev/null, one warm-up then the
median of ``--runs``. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

PREFIXES = """PREFIX g60: <https://w3id.org/g60kg/ontology#>
"""
#: For each parameter a query of the data that picks its value (first row, first column).
PICK = {
    "initiative": "SELECT ?x { ?x g60:memberRegion ?r } GROUP BY ?x ORDER BY DESC(COUNT(?r)) ?x",
    "measure": "SELECT ?x { ?o g60:measure ?x } GROUP BY ?x ORDER BY DESC(COUNT(?o)) ?x",
    "region": "SELECT ?x { ?o g60:refArea ?x } GROUP BY ?x ORDER BY DESC(COUNT(?o)) ?x",
}
MIDDLE_OBSERVATION = "SELECT ?x { ?x a g60:Observation } ORDER BY ?x"


def pick_values(data: Path) -> dict[str, str]:
    """The value of each parameter, as ``--param`` text."""
    from g60kg.query.engine import run_query

    values = {}
    for name, text in PICK.items():
        rows = run_query(PREFIXES + text + " LIMIT 1", [data], store="always").rows
        if rows:  # else the query keeps its default (no initiative has members, say)
            values[name] = f"<{rows[0][0].value}>"
    observations = run_query(PREFIXES + MIDDLE_OBSERVATION, [data], store="always").rows
    values["observation"] = f"<{observations[len(observations) // 2][0].value}>"
    return values


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    from g60kg.query.engine import resolve, stream_query
    from g60kg.query.results import write
    from g60kg.query.stored import list_queries

    values = pick_values(args.data)
    print(f"Command: PYTHONPATH=src:. python -m benchmarks.query_bound {args.data} "
          f"--runs {args.runs}; load average {os.getloadavg()[0]:.1f}\n")  # fmt: skip
    print("| query | bound to | rows | median s | slowest s |")
    print("| --- | --- | ---: | ---: | ---: |")
    for stored in list_queries():
        if not stored.params or stored.name.startswith("federated/"):
            continue
        query = resolve(stored.name)
        bindings = {p.name: values[p.name] for p in stored.params if p.name in values}
        times, rows = [], 0
        for _ in range(args.runs + 1):
            start = time.perf_counter()
            with open(os.devnull, "wb") as sink:
                answer = stream_query(query, [args.data], bindings=bindings, store="always")
                rows = write(answer, "csv", sink)
            times.append(time.perf_counter() - start)
        times = times[1:]
        shown = ", ".join(f"{k}={v}" for k, v in bindings.items()) or "defaults"
        print(f"| {stored.name} | {shown} | {rows:,} | {statistics.median(times):.2f} "
              f"| {max(times):.2f} |", flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
