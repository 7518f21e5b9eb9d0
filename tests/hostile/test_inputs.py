"""Hostile input files: each is refused in one line with exit code 2 (or reported), never a
traceback, a hang or a graph no reader can load."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from g60kg.cli import cli
from g60kg.inputs import MAX_LITERAL_BYTES, PARSER_BUFFER_BYTES
from g60kg.text.article import MAX_FILE_BYTES

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
XSD = "http://www.w3.org/2001/XMLSchema#"
TRIPLE = "<https://example.org/a> <https://example.org/p> {} .\n"


def _g60kg(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the command in a child process: a regression that blocks on a FIFO times out."""
    return subprocess.run(
        [sys.executable, "-m", "g60kg", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "input.ttl"
    os.mkfifo(path)
    return path


# --- files that are not regular files --------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["extract", "{}"],
        ["build", "{}", "-o", "out"],
        ["validate", "{}"],
        ["query", "--data", "{}", "-e", "ASK {}"],
        ["load", "{}", "--endpoint", "http://127.0.0.1:9/store"],
        ["docs", "--data", "{}", "-o", "docs"],
        ["export", "quickstatements", "--data", "{}"],
        ["link", "--reference", "{}"],
    ],
    ids=lambda args: args[0] if args[0] != "export" else "export",
)
def test_a_fifo_is_refused_without_being_opened(fifo, tmp_path, args):
    outcome = _g60kg(*(a.format(fifo) for a in args), cwd=tmp_path)
    assert outcome.returncode == 2
    assert outcome.stderr == f"Error: {fifo}: is a named pipe (FIFO), not a regular file\n"
    assert not (tmp_path / "out").exists() and not (tmp_path / "docs").exists()


@pytest.mark.parametrize("command", [["extract"], ["build", "-o", "out"]])
def test_dev_zero_as_an_article_is_refused(tmp_path, command):
    result = CliRunner().invoke(cli, [command[0], "/dev/zero", *command[1:]])
    assert result.exit_code == 2
    assert result.stderr == "Error: /dev/zero: is a character device, not a regular file\n"


def test_dev_zero_as_rdf_data_is_refused():
    result = CliRunner().invoke(cli, ["validate", "/dev/zero"])
    assert result.exit_code == 2
    assert result.stderr == "Error: /dev/zero: is a character device, not a regular file\n"


# --- articles ---------------------------------------------------------------------


def test_an_impossible_front_matter_date_is_one_line(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(
        "---\ndate: 2023-13-45\n---\nHeadline\n\nThe valley grew 5 percent.\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["extract", str(article)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {article}: front matter date '2023-13-45' is not YYYY-MM-DD\n"


def test_an_article_whose_text_pyoxigraph_could_not_read_back_is_refused(tmp_path):
    paragraph = ("The valley grew by five percent in the year, officials said. " * 20).strip()
    count = MAX_LITERAL_BYTES // len(paragraph) + 1
    text = "\n\n".join(["A very long report", *[paragraph] * count])
    article = tmp_path / "huge.txt"
    article.write_text(text + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(article), "-o", str(out)])
    assert result.exit_code == 2
    # The published text is ASCII; each newline is written as the two bytes \n.
    literal = len(text) + text.count("\n")
    assert result.stderr == (
        f"Error: {article}: the article text is {literal:,} bytes as an RDF literal; "
        f"the limit is {MAX_LITERAL_BYTES:,} (the longest literal pyoxigraph reads back)\n"
    )
    assert not out.exists()


def test_the_literal_limit_leaves_room_below_pyoxigraphs_buffer():
    import pyoxigraph as ox

    text = "x" * MAX_LITERAL_BYTES
    data = (
        f'<https://w3id.org/g60kg/resource/article/a> <https://schema.org/articleBody> "{text}" .'
    )
    assert len(list(ox.parse(data.encode(), format=ox.RdfFormat.N_TRIPLES))) == 1
    assert MAX_LITERAL_BYTES < PARSER_BUFFER_BYTES


def test_an_article_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    article = tmp_path / "big.txt"
    with open(article, "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no 64 MB written
    result = CliRunner().invoke(cli, ["extract", str(article)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {article}: {MAX_FILE_BYTES + 1:,} bytes; "
        f"an article file may have at most {MAX_FILE_BYTES:,}\n"
    )


# --- RDF input --------------------------------------------------------------------


def _big_literal(path: Path) -> Path:
    path.write_text(TRIPLE.format('"' + "a" * (30 * 1024 * 1024) + '"'), encoding="utf-8")
    return path


def test_validate_refuses_a_30_mb_literal_in_one_line(tmp_path):
    data = _big_literal(tmp_path / "big.ttl")
    result = CliRunner().invoke(cli, ["validate", str(data)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {data}: holds an IRI or literal too long for pyoxigraph's parser "
        f"(its buffer holds {PARSER_BUFFER_BYTES:,} bytes)\n"
    )


def test_validate_names_line_and_column_of_an_iri_with_a_space(tmp_path):
    data = tmp_path / "space.ttl"
    data.write_text(
        '<https://example.org/a> <https://example.org/p> "x" .\n'
        + TRIPLE.replace("<https://example.org/a>", "<https://example.org/a b>").format('"y"'),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["validate", str(data)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {data}: line 2, column 1: Invalid IRI code point ' '\n"


@pytest.mark.parametrize("engine", ["pyshacl", "oxigraph"])
def test_validate_reports_ill_typed_literals_as_findings(tmp_path, engine):
    # No article here: the oxigraph engine's HermiT sample holds none of these
    # triples, so only its check of the whole graph can find them.
    data = tmp_path / "ill.ttl"
    data.write_text(
        TRIPLE.format(f'"abc"^^<{XSD}integer>')
        + TRIPLE.replace("/p>", "/q>").format(f'"2023-13-45"^^<{XSD}date>'),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["validate", str(data), "--format", "json", "--engine", engine]
    )
    assert result.exit_code == 1, result.output
    import json

    report = json.loads(result.stdout)
    if report["owl"]["result"] == "skipped":
        pytest.skip("no Java: the OWL check that reports ill-typed literals did not run")
    assert report["owl"]["result"] == "inconsistent"
    assert [(f["path"], f["value"], f["message"]) for f in report["findings"]] == [
        (
            "<https://example.org/p>",
            '"abc"^^xsd:integer',
            "OWL: the literal is not a valid xsd:integer",
        ),
        (
            "<https://example.org/q>",
            '"2023-13-45"^^xsd:date',
            "OWL: the literal is not a valid xsd:date",
        ),
    ]
    assert "Traceback" not in result.stderr
    assert "Warning" not in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["docs", "-o", "{out}", "--data"],
        ["export", "quickstatements", "--data"],
        ["export", "wikidata-shape", "--data"],
    ],
    ids=["docs", "quickstatements", "wikidata-shape"],
)
def test_docs_and_export_refuse_an_ill_typed_literal_in_one_line(tmp_path, command):
    data = tmp_path / "ill.ttl"
    data.write_text(TRIPLE.format(f'"abc"^^<{XSD}integer>'), encoding="utf-8")
    out = tmp_path / "docs"
    result = CliRunner().invoke(cli, [a.format(out=out) for a in command] + [str(data)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {data}: the literal 'abc' is not a valid <{XSD}integer>; "
        "`g60kg validate` lists every such value\n"
    )
    assert not out.exists()


# --- link -------------------------------------------------------------------------


def test_link_names_a_reference_table_that_is_not_utf8(tmp_path):
    table = tmp_path / "qids.tsv"
    data = b"entity\tqid\twikidata_label\tstatus\tnote\nSuzhou\tQ42622\tSu\xe9\t\t\n"
    table.write_bytes(data)
    result = CliRunner().invoke(cli, ["link", "--reference", str(table)])
    assert result.exit_code == 2
    bad = data.index(0xE9)
    assert result.stderr == f"Error: {table}: not UTF-8 text at byte {bad}\n"


def test_link_with_a_gazetteer_checks_that_gazetteer_alone():
    gazetteer = FIXTURES / "gazetteer.ttl"
    result = CliRunner().invoke(cli, ["link", "--gazetteer", str(gazetteer)])
    assert result.exit_code == 0, result.output
    # The 13 entities of the fixture, not those plus the 56 of the bundled gazetteer.
    assert result.stderr == "13 entities: 8 linked, 5 unlinked, 0 QID problems\n"
