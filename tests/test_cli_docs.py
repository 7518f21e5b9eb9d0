"""docs/cli.md is the commands' own --help, complete and current."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import click
from click.testing import CliRunner

from g60kg import cli_docs

CLI_MD = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def _sections(text: str) -> dict[str, str]:
    """``{"g60kg query": its help text, ...}`` from the file's ``## `` sections."""
    parts = re.split(r"^## (.+)$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_cli_md_is_up_to_date_with_help():
    # If this fails after a change to an option: run `python -m g60kg.cli_docs`.
    assert CLI_MD.read_text(encoding="utf-8") == cli_docs.render()


def test_every_command_and_visible_option_has_its_place_in_cli_md():
    sections = _sections(CLI_MD.read_text(encoding="utf-8"))
    missing = []
    for ctx, command in cli_docs.commands():
        section = sections.get(ctx.command_path)
        if section is None:
            missing.append(ctx.command_path)
            continue
        for param in command.get_params(ctx):
            if isinstance(param, click.Option) and not param.hidden:
                missing += [f"{ctx.command_path} {o}" for o in param.opts if o not in section]
    assert missing == []
    assert {"g60kg", "g60kg build", "g60kg query", "g60kg export wikidata-shape"} <= set(sections)


def test_old_option_names_stay_out_of_the_reference():
    sections = _sections(CLI_MD.read_text(encoding="utf-8"))
    assert "--bind" not in sections["g60kg query"] + sections["g60kg serve"]
    assert "[auto|always|never]" not in sections["g60kg query"].partition("--store")[2][:80]
    assert "--out " not in sections["g60kg docs"]
    assert "--graph" not in sections["g60kg export wikidata-shape"]


def test_help_is_rendered_at_a_fixed_width_whatever_the_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    text = cli_docs.render()
    assert max(len(line) for line in text.splitlines()) <= cli_docs.WIDTH
    assert text == CLI_MD.read_text(encoding="utf-8")


def test_check_says_when_the_file_is_stale(tmp_path):
    target = tmp_path / "cli.md"
    target.write_text(cli_docs.render().replace("--param", "--bind"), encoding="utf-8")
    result = CliRunner().invoke(cli_docs.main, ["--check", "-o", str(target)])
    assert result.exit_code == 1
    assert result.stderr == f"{target} is stale: run python -m g60kg.cli_docs\n"


def test_writing_then_checking_agrees(tmp_path):
    target = tmp_path / "cli.md"
    written = CliRunner().invoke(cli_docs.main, ["-o", str(target)])
    assert written.exit_code == 0
    assert written.stderr == f"Wrote {target}\n"
    assert CliRunner().invoke(cli_docs.main, ["--check", "-o", str(target)]).exit_code == 0


def test_writing_into_a_missing_folder_is_one_line_and_exit_2(tmp_path):
    target = tmp_path / "nowhere" / "cli.md"
    result = CliRunner().invoke(cli_docs.main, ["-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: no folder {target.parent}: give -o FILE\n"


def _mentions(text: str) -> list[tuple[str, str]]:
    """``(command path, option)`` for each ``--option`` after ``g60kg COMMAND`` on a line.

    In inline code the options are those inside the same backticks; on a line
    of a console block, the rest of the line.
    """
    names = {ctx.command_path for ctx, _ in cli_docs.commands()}
    found = []
    for line in text.splitlines():
        pieces = line.split("g60kg ")
        for before, part in itertools.pairwise(pieces):
            if before.endswith("`"):  # inline code: the command ends where the code does
                part = part.split("`", 1)[0]
            words = re.findall(r"^([a-z][a-z-]*)(?: ([a-z][a-z-]*))?", part)
            if not words:
                continue
            first, second = words[0]
            path = f"g60kg {first} {second}"
            if path not in names:
                path = f"g60kg {first}"
            if path in names:
                found += [(path, o) for o in re.findall(r"(?<![\w-])--[a-z][a-z-]*", part)]
    return found


def test_the_guides_name_only_options_the_commands_show():
    root = CLI_MD.parent.parent
    shown = {
        ctx.command_path: {
            o
            for p in command.get_params(ctx)
            if isinstance(p, click.Option) and not p.hidden
            for o in [*p.opts, *p.secondary_opts]
        }
        for ctx, command in cli_docs.commands()
    }
    wrong = []
    for page in [root / "README.md", *sorted(CLI_MD.parent.glob("*.md"))]:
        for path, option in _mentions(page.read_text(encoding="utf-8")):
            if option not in shown[path]:
                wrong.append(f"{page.name}: {path} {option}")
    assert wrong == []


def test_mentions_reads_the_command_and_its_options():
    assert _mentions("$ g60kg query x --param a=1 && g60kg export quickstatements --data f") == [
        ("g60kg query", "--param"),
        ("g60kg export quickstatements", "--data"),
    ]
    assert _mentions("run `g60kg build` first (or pass --data FILE), `g60kg query --wide`") == [
        ("g60kg query", "--wide")
    ]


def test_the_guides_use_no_old_option_name_anywhere():
    # The check above reads options after `g60kg COMMAND` on one line; tables
    # and prose name options alone, so the old spellings are looked for everywhere
    # (`--bind` stays right for `oxigraph serve`, `--store` for a load preset).
    root = CLI_MD.parent.parent
    old = []
    for page in [root / "README.md", *sorted(CLI_MD.parent.glob("*.md"))]:
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            if "--bind" in line and "oxigraph serve" not in line:
                old.append(f"{page.name}:{number}: --bind")
            if re.search(r"--store (auto|always|never)|--out\b|(shape|statements) --graph", line):
                old.append(f"{page.name}:{number}: {line.strip()}")
    assert old == []
