"""The README's examples stay true."""

import re
from pathlib import Path

import pyoxigraph as ox

README = Path(__file__).resolve().parent.parent / "README.md"


def _data_model_turtle() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Data model", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```turtle\n(.*?)```", section, re.S).group(1)


def test_data_model_example_is_valid_turtle_found_verbatim_in_the_seed_build(seed_graph_file):
    example = list(ox.parse(_data_model_turtle().encode(), format=ox.RdfFormat.TURTLE))
    built = set(ox.parse(path=str(seed_graph_file), format=ox.RdfFormat.TURTLE))
    assert len(example) == 19
    assert [t for t in example if t not in built] == []


def test_explain_example_lines_are_what_the_command_prints(seed_article):
    from click.testing import CliRunner

    from g60kg.cli import cli

    text = README.read_text(encoding="utf-8")
    command = "$ g60kg extract data/articles/g60-article-2023-11-22.txt --explain\n"
    example = text.split(command, 1)[1].split("```", 1)[0].splitlines()
    result = CliRunner().invoke(cli, ["extract", str(seed_article), "--explain"])
    assert result.exit_code == 0, result.output
    printed = result.stdout.splitlines()
    shown = [line for line in example if line != "..."]
    assert len(shown) == 9
    assert [line for line in shown if line not in printed] == []
    assert [line for line in printed if line in shown] == shown  # in the same order
