"""``g60kg link``: the gazetteer's Wikidata links, checked offline or proposed online."""

from __future__ import annotations

import sys
from pathlib import Path

import click

import g60kg
from g60kg.cli_options import (
    reference_option,
)
from g60kg.commands.exits import user_errors
from g60kg.commands.parsing import Command
from g60kg.commands.wikidata_client import wikidata_client, wikidata_client_options


@click.command("link", cls=Command)
@click.option(
    "--report",
    "mode",
    flag_value="report",
    default=True,
    help="List unlinked entities and QIDs the reference table does not back (default).",
)
@click.option(
    "--online",
    "mode",
    flag_value="online",
    help="Ask Wikidata for candidate QIDs of unlinked entities.",
)
@click.option("--accept", is_flag=True, help="With --online: write the matches into the gazetteer.")
@click.option(
    "--gazetteer",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Gazetteer to check or update [default: ontology/gazetteer.ttl].",
)
@click.option(
    "--ontology",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Ontology file(s) with the class alignments [default: the other ontology/*.ttl].",
)
@reference_option
@click.option("--api-url", default=None, help="Wikidata Action API URL.")
@wikidata_client_options
def link(
    mode, accept, gazetteer, ontology, reference, api_url, cache, sparql_url, contact, min_interval
) -> None:
    """Link gazetteer entities to Wikidata: offline report, or online proposals.

    The report exits 1 if a QID in the graph is not verified in the reference
    table (or not for that entity). --online changes nothing on disk unless
    --accept is given.
    """

    with user_errors():
        if mode == "report":
            if accept:
                raise click.UsageError("--accept needs --online")
            result = g60kg.link(gazetteer=gazetteer, ontology=ontology, reference=reference)
            for line in result.lines():
                click.echo(line)
            click.echo(result.summary(), err=True)
            sys.exit(1 if result.problems else 0)
        client = wikidata_client(cache, sparql_url, contact, min_interval, api_url)
        online = g60kg.link(
            online=True,
            accept=accept,
            gazetteer=gazetteer,
            ontology=ontology,
            reference=reference,
            client=client,
        )
        for line in online.lines():
            click.echo(line)
        matches = sum(c.status == "match" for c in online.candidates)
        click.echo(f"{matches} matches, {online.requests} requests to Wikidata", err=True)
        if accept:
            click.echo(
                f"wrote {len(online.written)} owl:sameAs links into the gazetteer; "
                "add verified rows to the reference table after review",
                err=True,
            )
