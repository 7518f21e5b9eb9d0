"""Write ``docs/cli.md`` from the commands' own ``--help``, so the reference cannot drift.

From a checkout::

    python -m g60kg.cli_docs            # rewrite docs/cli.md
    python -m g60kg.cli_docs --check    # exit 1 if docs/cli.md is not what --help says

Every command and subcommand gets its ``--help`` text verbatim, rendered at a
fixed width so the file does not depend on the terminal it was made in. A
test compares the file with :func:`render`, so a new option without a
regenerated reference fails the suite.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

from g60kg.cli import cli

#: Columns the help is wrapped to (the project's line length).
WIDTH = 100
#: Where the reference lives in a checkout.
DEFAULT_OUTPUT = Path(__file__).resolve().parents[2] / "docs" / "cli.md"

_HEADER = """\
# Command reference

Generated from each command's `--help` by `python -m g60kg.cli_docs`; do not
edit by hand (a test fails when this file and `--help` disagree). The guides
are linked from the [README](../README.md).
"""


def commands(
    command: click.Command = cli, parent: click.Context | None = None
) -> Iterator[tuple[click.Context, click.Command]]:
    """Every command with the context it runs in, the group before its commands, by name."""
    if parent is None:
        ctx = click.Context(
            command,
            info_name="g60kg",
            terminal_width=WIDTH,
            max_content_width=WIDTH,
            **command.context_settings,
        )
    else:
        ctx = click.Context(command, info_name=command.name, parent=parent)
    yield ctx, command
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                yield from commands(sub, ctx)


def render() -> str:
    """The whole reference: a contents list, then one section per command."""
    found = list(commands())
    contents = [f"* [`{ctx.command_path}`](#{_anchor(ctx.command_path)})" for ctx, _ in found]
    sections = [
        f"## {ctx.command_path}\n\n```text\n{command.get_help(ctx)}\n```\n"
        for ctx, command in found
    ]
    return "\n".join([_HEADER, *contents, "", *sections])


def _anchor(heading: str) -> str:
    return heading.lower().replace(" ", "-")


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_OUTPUT,
    show_default="docs/cli.md of the checkout",
    help="The file to write (or, with --check, to compare).",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if the file is not up to date.")
def main(output: Path, check: bool) -> None:
    """Write the command reference generated from --help."""
    text = render()
    if check:
        current = output.read_text(encoding="utf-8") if output.is_file() else None
        if current != text:
            click.echo(f"{output} is stale: run python -m g60kg.cli_docs", err=True)
            sys.exit(1)
        return
    if not output.parent.is_dir():
        click.echo(f"Error: no folder {output.parent}: give -o FILE", err=True)
        sys.exit(2)
    output.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {output}", err=True)


if __name__ == "__main__":
    main()
