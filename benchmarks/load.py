"""Benchmark: `g60kg load` over the Graph Store Protocol vs offline `oxigraph load`.

Target: loading into an oxigraph server over HTTP within 2.5x of the
offline bulk load of the same file. Each run uses a fresh store directory (and,
for HTTP, a fresh server), so runs do not warm each other's store. The
generated file is observation-shaped N-Triples (10 triples per observation,
IRIs and literals as a build writes them).

    PYTHONPATH=src python benchmarks/load.py --triples 1000000 --runs 3

Prints one line per run and the medians and ratio; a Markdown table with
``--markdown``.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

R = "https://w3id.org/g60kg/resource/"
G = "https://w3id.org/g60kg/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"


def generate(path: Path, triples: int) -> Path:
    """Write ``triples`` (rounded up to 10) observation-shaped N-Triples lines."""
    with open(path, "w", encoding="utf-8") as out:
        for i in range((triples + 9) // 10):
            article = f"{R}article/a{i // 50}"
            obs = f"<{R}observation/a{i // 50}/{i}-{i + 20}>"
            out.write(
                f"{obs} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{G}Observation> .\n"
                f"{obs} <{G}refArea> <{R}region/r{i % 97}> .\n"
                f"{obs} <{G}measure> <https://w3id.org/g60kg/measure/m{i % 31}> .\n"
                f'{obs} <{G}value> "{i * 3.5}"^^<{XSD}decimal> .\n'
                f'{obs} <{G}statedValue> "{i} yuan"@en .\n'
                f'{obs} <{G}periodStart> "2023-01-{1 + i % 28:02d}"^^<{XSD}date> .\n'
                f"{obs} <{G}evidence> <{article}#char={i},{i + 20}> .\n"
                f"{obs} <http://www.w3.org/ns/prov#wasDerivedFrom> <{article}> .\n"
                f"{obs} <{G}unit> <http://qudt.org/vocab/unit/PERCENT> .\n"
                f"{obs} <{G}comparator> <{G}Exactly> .\n"
            )
    return path


def oxigraph_installed() -> bool:
    """True when the ``oxigraph`` command is on PATH; else says how to install it."""
    if shutil.which("oxigraph") is None:
        print("the oxigraph command is missing: pip install oxigraph", file=sys.stderr)
        return False
    return True


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str) -> None:
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"no server at {url}")


def offline(data: Path, workdir: Path) -> float:
    """Seconds for `oxigraph load` of ``data`` into a fresh store directory."""
    location = workdir / "offline"
    shutil.rmtree(location, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(
        ["oxigraph", "load", "--location", str(location), "--file", str(data)],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


class _Server:
    def __init__(self, workdir: Path) -> None:
        self.location = workdir / "served"
        shutil.rmtree(self.location, ignore_errors=True)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                "oxigraph",
                "serve",
                "--location",
                str(self.location),
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait(self.url)

    def __enter__(self) -> _Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def g60kg_load(data: Path, workdir: Path) -> tuple[float, int]:
    """Seconds for `g60kg load` (upload, then the COUNT check) into a fresh server."""
    from g60kg.stores.load import load

    with _Server(workdir) as server:
        start = time.perf_counter()
        result = load([data], server.url, store="oxigraph")
        elapsed = time.perf_counter() - start
    if not result.ok:
        raise RuntimeError(f"count mismatch: {result.graphs}")
    return elapsed, result.graphs[0].found


def bare_post(data: Path, workdir: Path) -> float:
    """Seconds for one plain transactional POST (no ``no_transaction``), for comparison."""
    with _Server(workdir) as server:
        start = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", server.port, blocksize=1 << 20)
        with open(data, "rb") as body:
            connection.request(
                "POST",
                "/store?default",
                body=body,
                headers={
                    "Content-Type": "application/n-triples",
                    "Content-Length": str(data.stat().st_size),
                },
            )
        response = connection.getresponse()
        response.read()
        elapsed = time.perf_counter() - start
        if response.status >= 300:
            raise RuntimeError(f"HTTP {response.status}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-bare", action="store_true", help="Skip the transactional POST.")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    if not oxigraph_installed():
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="g60kg-bench-load-"))
    try:
        data = generate(workdir / "data.nt", args.triples)
        size = data.stat().st_size / 2**20
        print(f"{args.triples} triples, {size:.0f} MiB, {os.cpu_count()} CPUs", file=sys.stderr)
        offline_times, http_times = [], []
        for run in range(args.runs):
            offline_times.append(offline(data, workdir))
            elapsed, found = g60kg_load(data, workdir)
            http_times.append(elapsed)
            print(
                f"run {run + 1}: oxigraph load {offline_times[-1]:.2f} s, "
                f"g60kg load {elapsed:.2f} s ({found} triples found)",
                file=sys.stderr,
            )
        bare = None if args.no_bare else bare_post(data, workdir)
        off, over = statistics.median(offline_times), statistics.median(http_times)
        rows = [
            ("offline `oxigraph load` (median)", off, args.triples / off),
            ("`g60kg load --store oxigraph` (median)", over, args.triples / over),
        ]
        if bare is not None:
            rows.append(("plain transactional POST /store (1 run)", bare, args.triples / bare))
        if args.markdown:
            print("| load | seconds | triples/s |\n| --- | ---: | ---: |")
            for name, seconds, rate in rows:
                print(f"| {name} | {seconds:.2f} | {rate:,.0f} |")
            print(f"\nratio g60kg load / oxigraph load: **{over / off:.2f}** (target <= 2.5)")
        else:
            for name, seconds, rate in rows:
                print(f"{name}: {seconds:.2f} s, {rate:,.0f} triples/s")
            print(f"ratio: {over / off:.2f} (target <= 2.5)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
