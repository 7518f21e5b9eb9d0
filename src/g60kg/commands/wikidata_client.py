"""The options and the client of the commands that ask Wikidata (``link``, ``export check``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from g60kg.wikidata.client import WikidataClient


def wikidata_client_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options of a command that asks Wikidata: where, who is asking, how politely."""
    for option in reversed(
        [
            click.option(
                "--cache",
                type=click.Path(dir_okay=False, path_type=Path),
                default=None,
                help="JSON file caching Wikidata answers between runs.",
            ),
            click.option("--sparql-url", default=None, help="Wikidata SPARQL endpoint URL."),
            click.option(
                "--contact", default=None, help="Contact URL or mailto: sent in the User-Agent."
            ),
            click.option(
                "--min-interval",
                type=float,
                default=1.0,
                show_default=True,
                help="Seconds to wait between requests to Wikidata.",
            ),
        ]
    ):
        command = option(command)
    return command


def wikidata_client(
    cache: Path | None,
    sparql_url: str | None,
    contact: str | None,
    min_interval: float,
    api_url: str | None = None,
) -> WikidataClient:
    """The polite client, at the given (or the public) endpoints."""
    from g60kg.wikidata import client as wikidata

    return wikidata.WikidataClient(
        api_url=api_url or wikidata.DEFAULT_API_URL,
        sparql_url=sparql_url or wikidata.DEFAULT_SPARQL_URL,
        contact=contact or wikidata.DEFAULT_CONTACT,
        cache_path=cache,
        min_interval=min_interval,
    )
