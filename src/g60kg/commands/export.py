"""``g60kg export``: the graph toward Wikidata (a Wikidata-shaped view, QuickStatements, checks)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from g60kg.cli_options import (
    LibraryChoice,
    data_files_option,
    output_file_option,
    reference_option,
    renamed,
)
from g60kg.commands.exits import user_errors
from g60kg.commands.parsing import Command
from g60kg.commands.wikidata_client import wikidata_client, wikidata_client_options

_SUBJECT_OPTION = click.option(
    "--subject", default=None, help="Only statements about this item (a QID)."
)


@click.group("export")
def export() -> None:
    """Export the graph toward Wikidata (Wikidata-shaped view, QuickStatements)."""


def _data_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """The graph an export reads: ``--data``, once called ``--graph`` (a graph IRI in ``load``)."""
    return renamed("--graph", "--data")(
        data_files_option(
            "RDF file(s) to read [default: build/g60kg.ttl]. Repeatable.", dir_okay=False
        )(f)
    )


_RETRIEVED_OPTION = click.option(
    "--retrieved",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Date for the references' 'retrieved' (P813) [default: the day the graph was built].",
)


def _emit(data: bytes, output: Path | None) -> None:
    from g60kg.fileio import atomic_write_bytes

    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        atomic_write_bytes(output, data)


@export.command("wikidata-shape", cls=Command)
@_data_option
@output_file_option()
def export_wikidata_shape(data: tuple[Path, ...], output: Path | None) -> None:
    """Linked entities as Wikidata items with wdt:P31, wdt:P131, wdt:P17 (Turtle)."""
    from g60kg.wikidata.export import wikidata_shape

    with user_errors():
        _emit(wikidata_shape(data), output)


@export.command("quickstatements", cls=Command)
@_data_option
@output_file_option()
@_SUBJECT_OPTION
@reference_option
@_RETRIEVED_OPTION
def export_quickstatements(
    data: tuple[Path, ...],
    output: Path | None,
    subject: str | None,
    reference: Path | None,
    retrieved: datetime | None,
) -> None:
    """QuickStatements v1 lines for observations about linked regions, for review.

    One statement per exact level: value with unit, its time (P585, or
    P580/P582 for a span) and one reference to the article. Observations that
    cannot be exported (no fitting property, a Wikidata ID the reference table
    does not verify, a bound, range, change or share instead of an amount) are
    listed on stderr with the reasons.
    """
    from g60kg.wikidata.export import quickstatements

    with user_errors():
        result = quickstatements(
            data,
            subject=subject,
            reference=reference,
            retrieved=retrieved.date() if retrieved else None,
        )
        _emit(result.text().encode("utf-8"), output)
        for skipped in result.skipped:
            click.echo(f"not exported\t{skipped.line()}", err=True)
        click.echo(
            f"{len(result.lines)} statements, {len(result.skipped)} observations not exported",
            err=True,
        )


@export.command("check", cls=Command)
@_data_option
@output_file_option()
@_SUBJECT_OPTION
@reference_option
@click.option(
    "-f",
    "--format",
    "fmt",
    type=LibraryChoice("g60kg.wikidata.check:FORMATS"),
    default="table",
    show_default=True,
    help="Output format.",
)
@wikidata_client_options
def export_check(
    data: tuple[Path, ...],
    output: Path | None,
    subject: str | None,
    reference: Path | None,
    fmt: str,
    cache: Path | None,
    sparql_url: str | None,
    contact: str | None,
    min_interval: float,
) -> None:
    """What Wikidata holds for each statement export quickstatements would write.

    For the same item, property and time: the same value, a different one
    (both shown, with the relative difference), or none (missing). Asks the
    Wikidata Query Service (rate limited; --cache keeps the answers). An
    unreachable service, a refusal (HTTP 429) or a malformed answer is one
    line on stderr and exit code 2, with nothing written.
    """
    from g60kg.wikidata.check import check, render

    with user_errors():
        client = wikidata_client(cache, sparql_url, contact, min_interval)
        result = check(client, data, subject=subject, reference=reference)
        _emit(render(result, fmt).encode("utf-8"), output)
    click.echo(result.summary(), err=True)
