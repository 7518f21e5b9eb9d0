"""Rows go from the engine to the writer as they come: never all of them held at once."""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from layout import SRC

import g60kg
from g60kg.cli import cli
from g60kg.query import engine
from g60kg.query.engine import BATCH_ROWS, QueryTimeout, stream_query
from g60kg.query.results import WRITE_BATCH, Answer, Result, write

#: Rows that may sit between the engine and the file: the batch being made,
#: the batch being written out, and the writer's own batch of formatted rows.
IN_FLIGHT = 2 * BATCH_ROWS + WRITE_BATCH
OBSERVATIONS = 30_000
VALUE = "https://w3id.org/g60kg/ontology#value"


@pytest.fixture(scope="module")
def generated_graph(tmp_path_factory) -> Path:
    """A graph of 30,000 observation values (a small corpus's worth of rows, and more)."""
    path = tmp_path_factory.mktemp("stream") / "values.nt"
    with open(path, "w", encoding="utf-8") as out:
        for i in range(OBSERVATIONS):
            out.write(
                f"<https://w3id.org/g60kg/resource/observation/a/{i}> <{VALUE}> "
                f'"{i}.5"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'
            )
    return path


#: What each format writes once per row.
ROW_MARKS = {"csv": b"\r\n", "tsv": b"\n", "md": b"\n", "json": b'{"o":', "xml": b"<result>"}


class CountingFile(io.RawIOBase):
    """A binary file that keeps nothing and counts the rows written to it."""

    def __init__(self, mark: bytes) -> None:
        self.mark = mark
        self.rows = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[no-untyped-def]
        self.rows += bytes(data).count(self.mark)
        return len(data)


@pytest.mark.parametrize("fmt", sorted(ROW_MARKS))
def test_the_writer_has_written_all_but_a_few_batches_of_the_rows_the_engine_gave(
    generated_graph, monkeypatch, fmt
):
    out = CountingFile(ROW_MARKS[fmt])
    ahead = []  # for each row the engine makes: rows made and not yet written
    real_rows = engine._rows

    def counted(solutions, store, source):  # type: ignore[no-untyped-def]
        for row in real_rows(solutions, store, source):
            ahead.append(len(ahead) - out.rows)
            yield row

    monkeypatch.setattr(engine, "_rows", counted)
    query = f"SELECT ?o ?v {{ ?o <{VALUE}> ?v }}"  # no ORDER BY: computed as asked for
    answer = stream_query(query, [generated_graph], store="never")
    assert write(answer, fmt, out) == OBSERVATIONS
    assert len(ahead) == OBSERVATIONS
    assert out.rows >= OBSERVATIONS  # (the header line counts too in csv, tsv and md)
    assert max(ahead) <= IN_FLIGHT < OBSERVATIONS / 5


def test_a_fake_engine_s_rows_are_written_before_many_more_are_made(monkeypatch, tmp_path):
    made = 0
    written: list[int] = []

    def rows():  # type: ignore[no-untyped-def]
        nonlocal made
        for k in range(20_000):
            assert made - len(written) <= IN_FLIGHT, (made, len(written))
            made += 1
            yield (ox.Literal(str(k)),)

    class Lines(io.RawIOBase):
        def writable(self) -> bool:
            return True

        def write(self, data) -> int:  # type: ignore[no-untyped-def]
            written.extend(range(bytes(data).count(b"\n")))
            return len(data)

    monkeypatch.setattr(
        engine, "_run_pyoxigraph", lambda *args: Answer("select", variables=["k"], rows=rows())
    )
    data = tmp_path / "empty.nt"
    data.write_text("")
    assert write(stream_query("SELECT ?k {}", [data]), "csv", Lines()) == 20_000
    assert len(written) == 20_001  # the header and every row


def test_rows_that_come_too_slowly_time_out_and_the_engine_is_stopped(monkeypatch, tmp_path):
    stopped = threading.Event()

    def slow_rows():  # type: ignore[no-untyped-def]
        try:
            for k in range(10_000):
                time.sleep(0.002)
                yield (ox.Literal(str(k)),)
        finally:
            stopped.set()

    monkeypatch.setattr(
        engine, "_run_pyoxigraph", lambda *args: Answer("select", variables=["k"], rows=slow_rows())
    )
    data = tmp_path / "empty.nt"
    data.write_text("")
    answer = stream_query("SELECT ?k {}", [data], timeout=0.5)
    with pytest.raises(QueryTimeout, match=r"no answer within the --timeout of 0\.5 s"):
        for _ in answer:
            pass
    assert stopped.wait(5)  # the worker closed the engine's rows at its next batch


def test_a_table_shows_its_head_and_says_how_many_rows_followed():
    rows = [(ox.Literal(str(k)),) for k in range(12)]
    out = io.BytesIO()
    count = write(Answer.of(Result("select", variables=["k"], rows=rows)), "table", out, head=3)
    assert count == 12
    assert out.getvalue().decode().splitlines() == [
        "?k",
        "--",
        "0",
        "1",
        "2",
        "… 9 more rows; use --format csv -o FILE for all",
    ]
    out = io.BytesIO()
    write(Answer.of(Result("select", variables=["k"], rows=rows[:3])), "table", out, head=3)
    assert out.getvalue().decode().splitlines()[-1] == "2"


def test_a_table_on_a_terminal_is_cut_to_the_screen(generated_graph):
    """A real pseudo-terminal: the command sees a tty 20 lines high."""
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(SRC), "LINES": "20", "COLUMNS": "120"}
    query = f"SELECT ?o ?v {{ ?o <{VALUE}> ?v }}"
    process = subprocess.Popen(
        [sys.executable, "-m", "g60kg", "query", "-e", query, "--data", str(generated_graph)],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(follower)
    output = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 1)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the command is done
                break
            if not chunk:
                break
            output += chunk
        elif process.poll() is not None:
            break
    os.close(leader)
    _, stderr = process.communicate(timeout=60)
    lines = output.decode().replace("\r\n", "\n").splitlines()
    assert process.returncode == 0, stderr
    assert lines[0].split() == ["?o", "?v"]
    assert len(lines) == 2 + 15 + 1  # header, rule, the rows that fit, the note
    assert lines[-1] == f"… {OBSERVATIONS - 15:,} more rows; use --format csv -o FILE for all"
    assert stderr.decode() == f"{OBSERVATIONS} rows\n"


def test_a_table_written_elsewhere_has_every_row(generated_graph):
    query = f"SELECT ?o ?v {{ ?o <{VALUE}> ?v }}"
    result = CliRunner().invoke(cli, ["query", "-e", query, "--data", str(generated_graph)])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 2 + OBSERVATIONS


def test_the_api_gives_an_iterator_beside_the_result(generated_graph):
    query = f"SELECT ?o ?v {{ ?o <{VALUE}> ?v }} ORDER BY ?v"
    answer = g60kg.query_stream(sparql=query, data=generated_graph, limit=3)
    assert answer.variables == ["o", "v"]
    first = next(iter(answer))
    assert first[1] == ox.Literal("0.5", datatype=ox.NamedNode(XSD_DECIMAL))
    assert [r["v"].value for r in answer.records()] == ["1.5", "2.5"]
    result = g60kg.query(sparql=query, data=generated_graph, offset=OBSERVATIONS - 2)
    assert isinstance(result.rows, list)
    assert [row[1].value for row in result.rows] == [
        f"{OBSERVATIONS - 2}.5",
        f"{OBSERVATIONS - 1}.5",
    ]


XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"


def test_limit_and_offset_page_an_ordered_stored_query(tmp_path, seed_graph_file):
    runner = CliRunner()
    full = runner.invoke(cli, ["query", "metrics", "--data", str(seed_graph_file), "-f", "csv"])
    args = ["query", "metrics", "--data", str(seed_graph_file), "-f", "csv"]
    page = runner.invoke(cli, [*args, "--offset", "2", "--limit", "3"])
    assert page.exit_code == 0, page.output
    lines = full.stdout_bytes.split(b"\r\n")
    assert page.stdout_bytes.split(b"\r\n") == [lines[0], *lines[3:6], b""]
    assert page.stderr == "3 rows\n"
