"""``g60kg extract``: what extraction finds in one article, as text or JSON."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import click

import g60kg
from g60kg.cli_options import (
    date_option,
    report_format_option,
    url_option,
)
from g60kg.commands.exits import user_errors
from g60kg.commands.parsing import Command


@click.command("extract", cls=Command)
@click.argument("article", type=click.Path(path_type=Path))
@report_format_option("Readable text or JSON (schema in docs/input.md).")
@date_option
@url_option
@click.option(
    "--explain",
    is_flag=True,
    help="Print every number of the article in text order: the observation made of it "
    "(subject, measure, period and the rule that chose the subject) or why it was rejected.",
)
def extract_command(
    article: Path, fmt: str, date: datetime | None, url: str | None, explain: bool
) -> None:
    """Print what extraction finds in one ARTICLE (observations, regions, events)."""
    from g60kg.extract.report import facts_to_explain, facts_to_json, facts_to_text

    if explain and fmt == "json":
        click.echo(
            "Error: --explain prints text; the JSON already lists every rejected number", err=True
        )
        sys.exit(2)
    with user_errors():
        facts = g60kg.extract(article, date=date.date() if date else None, url=url)
    for warning in facts.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if explain:
        click.echo(facts_to_explain(facts), nl=False)
    elif fmt == "json":
        click.echo(json.dumps(facts_to_json(facts), indent=2, ensure_ascii=False))
    else:
        click.echo(facts_to_text(facts), nl=False)
