"""``g60kg queries``: the list of stored queries."""

from __future__ import annotations

import click

from g60kg.commands.exits import user_errors
from g60kg.commands.parsing import Command


@click.command("queries", cls=Command)
def queries_command() -> None:
    """List the stored queries: name, title and parameters (with defaults)."""
    from g60kg.query.stored import format_listing, list_queries

    with user_errors():
        stored = list_queries()
        if not stored:
            click.echo("No stored queries found.", err=True)
            return
        click.echo(format_listing(stored), nl=False)
