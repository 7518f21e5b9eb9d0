"""`g60kg validate` through click: exit codes 0/1/2, report on stdout, errors on stderr."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from layout import FIXTURES

from g60kg import __version__
from g60kg.cli import cli
from g60kg.paths import ontology_dir

needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_help_lists_validate_and_its_options():
    assert "validate" in run("--help").output
    result = run("validate", "--help")
    assert result.exit_code == 0
    assert "--format [text|json]" in result.output


def test_version():
    result = run("--version")
    assert (result.exit_code, result.output.strip()) == (0, f"g60kg, version {__version__}")


@pytest.mark.integration
@needs_java
def test_ontology_files_validate_with_exit_0():
    files = sorted(str(p) for p in ontology_dir().glob("*.ttl"))
    result = run("validate", *files)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-3:] == [
        "SHACL: conforms",
        "OWL (HermiT): consistent",
        "valid",
    ]


@pytest.mark.integration
@needs_java
def test_seed_build_validates_with_exit_0(seed_graph_file):
    result = run("validate", str(seed_graph_file))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-3:] == [
        "SHACL: conforms",
        "OWL (HermiT): consistent",
        "valid",
    ]


@pytest.mark.integration
@needs_java
def test_default_is_the_build_when_there_is_one(seed_graph_file, tmp_path, monkeypatch):
    (tmp_path / "build").mkdir()
    shutil.copy(seed_graph_file, tmp_path / "build" / "g60kg.ttl")
    monkeypatch.chdir(tmp_path)
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-4].startswith("build/g60kg.ttl: ")


@pytest.mark.integration
@needs_java
def test_default_without_a_build_validates_the_ontology(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no build/ here
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert "g60kg.ttl" in result.stdout and "shapes.ttl" in result.stdout


@pytest.mark.integration
@needs_java
def test_broken_observation_exits_1_naming_focus_node_and_property():
    result = run("validate", str(FIXTURES / "bad-observation.ttl"))
    assert result.exit_code == 1
    out = result.stdout
    assert "SHACL  g60r:observation/broken/0-10" in out
    for prop in ("g60:unit", "g60:value", "g60:periodStart", "g60:evidence"):
        assert f"path:    {prop}" in out
    assert "message: g60:unit: an observation needs exactly one unit" in out
    assert out.rstrip().endswith("invalid: 5 finding(s)")


@pytest.mark.integration
@needs_java
def test_inconsistent_graph_exits_1():
    result = run("validate", str(FIXTURES / "inconsistent.ttl"))
    assert result.exit_code == 1
    assert "OWL (HermiT): inconsistent" in result.stdout
    assert "g60r:region/shanghai" in result.stdout


@pytest.mark.integration
@needs_java
def test_json_report_for_machines():
    result = run("validate", "--format", "json", str(FIXTURES / "bad-observation.ttl"))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert report["owl"]["result"] == "inconsistent"
    assert report["shacl"]["violations"] == 4
    first = report["findings"][0]
    assert set(first) == {"check", "focus", "path", "message", "value"}


def test_without_java_one_line_on_stderr_and_shacl_still_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = run("validate", str(FIXTURES / "bad-observation.ttl"))
    assert result.exit_code == 1
    assert result.stderr == "java not found on PATH: OWL consistency check skipped, SHACL only\n"
    assert "OWL (HermiT): skipped" in result.stdout


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("missing.ttl", None, "missing.ttl: no such file"),
        ("empty.ttl", "", "empty.ttl: empty file, no RDF triples in it"),
        ("bad.ttl", "<http://a> <http://b> .\n", "bad.ttl: line 1, column "),
    ],
)
def test_unusable_input_exits_2_with_one_line(tmp_path, name, content, expected):
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {tmp_path}/{expected}")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_directory_exits_2(tmp_path):
    result = run("validate", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path}: is a directory, not an RDF file\n"
