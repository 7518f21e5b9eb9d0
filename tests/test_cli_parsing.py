"""The commands' parser: click's answers, without importing difflib for a short option."""

from __future__ import annotations

from click.testing import CliRunner

from g60kg.cli import cli
from g60kg.commands.parsing import Command


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_every_command_parses_with_the_parser_that_skips_difflib():
    def leaves(command, path):
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from leaves(sub, f"{path} {name}")
        if not hasattr(command, "commands"):
            yield path, command

    found = list(leaves(cli, "g60kg"))
    assert len(found) == 12
    assert [path for path, command in found if not isinstance(command, Command)] == []


def test_a_mistyped_long_option_still_gets_its_suggestion():
    result = run("query", "--expresion", "ASK {}")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: No such option '--expresion'. Did you mean '--expression'?"
    )


def test_an_unknown_short_option_is_named_as_click_names_it():
    result = run("query", "-z")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: No such option '-z'."


def test_short_options_take_their_values_attached_or_apart(tmp_path):
    data = tmp_path / "one.nt"
    data.write_text("<http://e/a> <http://e/p> <http://e/b> .\n")
    apart = run("query", "-e", "SELECT ?s WHERE { ?s ?p ?o }", "--data", str(data), "-f", "csv")
    attached = run("query", "-eSELECT ?s WHERE { ?s ?p ?o }", f"--data={data}", "-fcsv")
    assert apart.exit_code == 0, apart.stderr
    assert apart.stdout == attached.stdout == "s\nhttp://e/a\n"


def test_a_long_option_given_a_value_it_does_not_take_is_refused():
    result = run("query", "--wide=1")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: Option '--wide' does not take a value."
