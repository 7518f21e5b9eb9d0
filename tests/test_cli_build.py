"""The build and extract commands, through click's test runner."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from g60kg.cli import cli

R = "https://w3id.org/g60kg/resource/"


def test_build_writes_graph_and_prints_summary(seed_article, tmp_path):
    result = CliRunner().invoke(cli, ["build", str(seed_article), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"Wrote {tmp_path / 'g60kg.ttl'}"
    assert lines[-1].startswith("1 articles, ")
    assert lines[-1].endswith(
        " triples, 16 regions, 2 events, 8 observations, 8 entities without a Wikidata link"
    )
    assert (tmp_path / "g60kg.ttl").is_file()


def test_build_missing_file_is_one_line_exit_2(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "nope.txt"), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path / 'nope.txt'}: no such file or folder\n"
    assert list(tmp_path.iterdir()) == []


def test_build_bad_date_is_a_usage_error(seed_article):
    result = CliRunner().invoke(cli, ["build", str(seed_article), "--date", "22/11/2023"])
    assert result.exit_code == 2


def test_extract_json_schema(seed_article):
    result = CliRunner().invoke(cli, ["extract", str(seed_article), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {
        "article",
        "observations",
        "regions",
        "events",
        "initiatives",
        "rejected",
        "warnings",
    }
    assert len(data["observations"]) == 8
    first = data["observations"][0]
    assert first["subject"] == {
        "iri": R + "initiative/g60-science-and-technology-innovation-valley",
        "label": "G60 Science and Technology Innovation Valley of Yangtze River Delta",
    }
    assert first["measure"] == {
        "iri": "https://w3id.org/g60kg/measure/area",
        "label": "area",
        "curated": True,
        "broader": None,
    }
    assert (first["value"], first["unit"]) == ("76200", "http://qudt.org/vocab/unit/KiloM2")
    assert first["valueKind"] == "https://w3id.org/g60kg/ontology#Level"
    assert first["comparator"] == "https://w3id.org/g60kg/ontology#Exactly"
    assert (first["periodStart"], first["periodEnd"]) == ("2023-11-22", "2023-11-22")
    assert first["quote"].endswith("with a total area of 76,200 square kilometers.")
    assert isinstance(first["begin"], int) and isinstance(first["end"], int)
    assert {r["label"] for r in data["regions"]} >= {"Songjiang District", "Xuancheng"}
    assert len(data["initiatives"][0]["members"]) == 9
    assert len(data["events"]) == 2


def test_extract_text_lists_observations(seed_article):
    result = CliRunner().invoke(cli, ["extract", str(seed_article)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[2] == "Observations (8):"
    assert lines[8].startswith(
        "  Songjiang District | contracted foreign capital | 62.4% | change | "
        "2023-01-01..2023-11-22 vs 2022-01-01..2022-11-22"
    )


def test_extract_missing_file_exit_2(tmp_path):
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "x.txt")])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")


@pytest.mark.parametrize("jobs", [[], ["--jobs", "1"]], ids=["in-memory", "streaming"])
def test_rebuild_with_a_bad_article_is_one_line_exit_2_and_keeps_the_previous_build(
    seed_article, tmp_path, jobs
):
    out = tmp_path / "out"
    first = CliRunner().invoke(cli, ["build", str(seed_article), "-o", str(out), *jobs])
    assert first.exit_code == 0, first.output
    before = {p.name: p.read_bytes() if p.is_file() else None for p in sorted(out.iterdir())}
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    args = ["build", str(seed_article), str(empty), "-o", str(out), *jobs]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {empty}: empty file\n"
    after = {p.name: p.read_bytes() if p.is_file() else None for p in sorted(out.iterdir())}
    assert after == before
    assert {"g60kg.ttl", "g60kg.nt", "g60kg.jsonld", "g60kg.trig", "void.ttl"} <= set(after)


def test_a_full_disk_is_one_line_exit_2_and_keeps_the_previous_build(
    seed_article, tmp_path, disk_full_while_writing
):
    out = tmp_path / "out"
    first = CliRunner().invoke(cli, ["build", str(seed_article), "-o", str(out)])
    assert first.exit_code == 0, first.output
    before = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    disk_full_while_writing("g60kg.jsonld")
    result = CliRunner().invoke(cli, ["build", str(seed_article), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {out / 'g60kg.jsonld'}: No space left on device\n"
    assert {p.name: p.read_bytes() for p in sorted(out.iterdir())} == before
