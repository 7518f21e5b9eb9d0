"""The command line loads a command's module only when that command is needed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from layout import SRC

from g60kg.cli import COMMANDS, cli
from g60kg.cli_lazy import LazyCommand, LazyCommands

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

PROBE = """
import sys
from g60kg.cli import main
sys.argv[0] = "g60kg"
try:
    main()
except SystemExit as exit:
    assert not exit.code, exit.code
watched = ("difflib", "dataclasses")
loaded = sorted(m for m in sys.modules if m.startswith("g60kg.commands") or m in watched)
print("LOADED:" + ",".join(loaded), file=sys.stderr)
"""


def loaded_modules(*args: str, cwd: Path | None = None) -> list[str]:
    """The command modules, difflib and dataclasses a fresh ``g60kg ARGS`` imported."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC)},
        cwd=cwd,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    line = next(ln for ln in done.stderr.splitlines() if ln.startswith("LOADED:"))
    return [m for m in line.removeprefix("LOADED:").split(",") if m]


@pytest.fixture
def one_triple_build(tmp_path: Path) -> Path:
    build = tmp_path / "build"
    build.mkdir()
    (build / "g60kg.ttl").write_text("<http://e/a> <http://e/p> <http://e/b> .\n")
    return tmp_path


def test_a_query_imports_its_own_command_module_and_no_other(one_triple_build):
    loaded = loaded_modules("query", "-e", COUNT, "--format", "csv", cwd=one_triple_build)
    assert loaded == [
        "g60kg.commands",
        "g60kg.commands.exits",
        "g60kg.commands.parsing",
        "g60kg.commands.query",
    ]


def test_help_and_version_import_no_command_module():
    assert loaded_modules("--help") == []
    assert loaded_modules("--version") == []
    assert loaded_modules("query", "--help") == [
        "dataclasses",  # the store presets, listed as --store's choices
        "g60kg.commands",
        "g60kg.commands.exits",
        "g60kg.commands.parsing",
        "g60kg.commands.query",
    ]


def test_export_loads_its_subcommands_with_the_wikidata_options_they_share():
    assert loaded_modules("export", "--help") == [
        "g60kg.commands",
        "g60kg.commands.exits",
        "g60kg.commands.export",
        "g60kg.commands.parsing",
        "g60kg.commands.wikidata_client",
    ]


def test_each_summary_is_the_first_paragraph_of_its_command_docstring():
    for name, entry in COMMANDS.items():
        command = entry.load()
        assert command.name == name
        assert command.help is not None, name
        assert entry.summary == " ".join(command.help.split("\n\n")[0].split()), name
        assert command.short_help is None, name  # else --help would show that instead


def test_the_group_help_is_what_click_prints_for_the_loaded_commands():
    loaded = click.Group(
        "g60kg",
        commands=dict(cli.commands.items()),
        params=cli.params,
        help=cli.help,
        context_settings=cli.context_settings,
    )
    lazy = click.Context(cli, info_name="g60kg", terminal_width=80, **cli.context_settings)
    plain = click.Context(loaded, info_name="g60kg", terminal_width=80, **cli.context_settings)
    assert cli.get_help(lazy) == loaded.get_help(plain)
    assert "  validate  Check FILES with the SHACL shapes and the OWL reasoner (HermiT)." in (
        cli.get_help(lazy).splitlines()
    )


def test_the_commands_mapping_imports_only_what_is_looked_up():
    imported: list[str] = []

    class Recorded(LazyCommand):
        def load(self) -> click.Command:
            imported.append(self.target)
            return click.Command(self.target)

    commands = LazyCommands({"a": Recorded("m:a", "A."), "b": Recorded("m:b", "B.")})
    assert (list(commands), len(commands), "a" in commands, "c" in commands) == (
        ["a", "b"],
        2,
        True,
        False,
    )
    assert commands.get("c") is None
    assert imported == []
    assert commands["b"].name == "m:b"
    assert commands["b"] is commands.get("b")
    assert imported == ["m:b"]
    commands["c"] = click.Command("c")
    del commands["a"]
    assert list(commands) == ["b", "c"]
    assert imported == ["m:b"]
    with pytest.raises(KeyError):
        del commands["a"]


def test_an_error_while_loading_a_command_is_not_taken_for_an_unknown_command():
    class Broken(LazyCommand):
        def load(self) -> click.Command:
            raise KeyError("a key inside the command's module")

    commands = LazyCommands({"broken": Broken("m:broken", "Broken.")})
    assert commands.get("other") is None
    with pytest.raises(KeyError, match="a key inside"):
        commands.get("broken")


def test_a_target_that_is_not_a_command_is_refused():
    with pytest.raises(TypeError, match=r"^g60kg.cli:COMMANDS is not a click command$"):
        LazyCommand("g60kg.cli:COMMANDS", "").load()
