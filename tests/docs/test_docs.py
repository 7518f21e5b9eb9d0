import filecmp
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from docs_support import FIXTURE_GRAPH, FIXTURE_MEASURES, FIXTURE_ONTOLOGY, NINE_MEMBERS

from g60kg.cli import cli
from g60kg.docs import build_docs, default_measures, default_ontology, diagrams
from g60kg.errors import InputError

TEXT_FILES = [
    "diagrams/ontology.dot",
    "diagrams/ontology.mmd",
    "diagrams/valley.dot",
    "diagrams/valley.mmd",
    "figures.html",
    "index.html",
    "measures.html",
    "ontology.html",
    "report.html",
]
SVGS = ["diagrams/ontology.svg", "diagrams/valley.svg"]


def _build(out: Path, data: Path = FIXTURE_GRAPH):
    return build_docs(out, data, FIXTURE_ONTOLOGY, FIXTURE_MEASURES)


def _written(result) -> list[str]:
    return sorted(p.relative_to(result.out_dir).as_posix() for p in result.files)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One build of the fixture docs, shared by the tests that only read it."""
    return _build(tmp_path_factory.mktemp("docs"))


@pytest.mark.skipif(diagrams.dot_program() is None, reason="Graphviz dot not installed")
def test_writes_pages_diagrams_and_svgs_when_dot_exists(built):
    assert _written(built) == sorted(TEXT_FILES + SVGS)
    assert built.notes == []
    for name in SVGS:
        assert "<svg" in (built.out_dir / name).read_text(encoding="utf-8")
    index = (built.out_dir / "index.html").read_text(encoding="utf-8")
    linked = re.findall(r'<a href="([^"]+)">', index)
    assert linked == sorted(n for n in TEXT_FILES + SVGS if n != "index.html")


def test_without_dot_text_forms_are_written_and_the_user_told(tmp_path, monkeypatch):
    monkeypatch.setattr(diagrams, "dot_program", lambda: None)
    result = _build(tmp_path / "docs")
    assert _written(result) == TEXT_FILES
    assert result.notes == ["Graphviz 'dot' is not on PATH: wrote .mmd and .dot, no .svg"]
    assert not (tmp_path / "docs" / "diagrams" / "valley.svg").exists()


def test_two_runs_write_identical_files(built, tmp_path):
    second = _build(tmp_path / "two")
    names = _written(built)
    assert names == _written(second)
    match, mismatch, errors = filecmp.cmpfiles(
        built.out_dir, tmp_path / "two", names, shallow=False
    )
    assert (mismatch, errors) == ([], [])
    assert sorted(match) == names


def test_valley_text_forms_name_the_nine_members(built):
    for name in ("valley.mmd", "valley.dot"):
        text = (built.out_dir / "diagrams" / name).read_text(encoding="utf-8")
        assert [m for m in NINE_MEMBERS if m not in text] == [], name


def test_missing_data_says_to_build_first(tmp_path):
    with pytest.raises(InputError, match=r"g60kg\.ttl: no such file \(run 'g60kg build' first"):
        _build(tmp_path / "docs", data=tmp_path / "g60kg.ttl")
    assert not (tmp_path / "docs").exists()


def test_cli_writes_docs_and_reports_on_stderr(tmp_path):
    out = tmp_path / "site"
    args = ["docs", "-o", str(out), "--data", str(FIXTURE_GRAPH)]
    args += ["--ontology", str(FIXTURE_ONTOLOGY), "--measures", str(FIXTURE_MEASURES)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    count = len(TEXT_FILES) + (len(SVGS) if diagrams.dot_program() else 0)
    assert result.stderr.splitlines()[-1] == f"Wrote {count} files to {out}"
    assert (out / "report.html").is_file()


def test_cli_bad_data_exits_2_with_one_line(tmp_path):
    bad = tmp_path / "g60kg.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["docs", "-o", str(tmp_path / "d"), "--data", str(bad), "--ontology",
              str(FIXTURE_ONTOLOGY), "--measures", str(FIXTURE_MEASURES)]
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {bad}: line 1, column 1: ")
    assert len(result.stderr.splitlines()) == 1


@pytest.fixture(scope="module")
def seed_docs(request, tmp_path_factory):
    """Docs of the real seed build (needs the build and the ontology from their branches)."""
    pytest.importorskip("g60kg.graph.build")
    if not (default_ontology().is_file() and default_measures().is_file()):
        pytest.skip("ontology/g60kg.ttl or ontology/measures.ttl has not landed on this branch")
    graph_file = request.getfixturevalue("seed_graph_file")
    return build_docs(tmp_path_factory.mktemp("seed-docs"), graph_file)


def test_seed_valley_diagrams_name_all_nine_member_regions(seed_docs):
    for name in ("valley.mmd", "valley.dot"):
        text = (seed_docs.out_dir / "diagrams" / name).read_text(encoding="utf-8")
        assert [m for m in NINE_MEMBERS if m not in text] == [], name
        assert text.count('"memberRegion"') == 9


def test_seed_svgs_exist_when_dot_does(seed_docs):
    expected = diagrams.dot_program() is not None
    for name in SVGS:
        assert (seed_docs.out_dir / name).is_file() is expected
