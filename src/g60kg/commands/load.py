"""``g60kg load``: send a graph (files, or a folder of parts) to a SPARQL store and count."""

from __future__ import annotations

import sys
from pathlib import Path

import click

import g60kg
from g60kg.cli_options import (
    LibraryChoice,
    password_env_option,
    password_from_env,
    timeout_option,
    user_option,
)
from g60kg.commands.exits import user_errors
from g60kg.commands.parsing import Command


@click.command("load", cls=Command)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--endpoint", required=True, help="Store base URL (with --store) or full endpoint URL."
)
@click.option(
    "--store",
    type=LibraryChoice("g60kg.stores.presets:STORES"),
    help="Map a base URL to this store's Graph Store, query and update endpoints.",
)
@click.option("--graph", help="Load into this named graph (default: the default graph).")
@click.option(
    "--graph-per-article", is_flag=True, help="One named graph per article (graph IRI = article)."
)
@click.option(
    "--replace/--append",
    default=True,
    help="Replace each target graph (default; idempotent) or add to it.",
)
@user_option
@password_env_option
@click.option(
    "--protocol",
    type=LibraryChoice("g60kg.stores.presets:PROTOCOLS"),
    help="Graph Store Protocol, or SPARQL Update INSERT DATA in chunks (default: the store's).",
)
@click.option(
    "--chunk-size",
    type=int,
    default=10_000,
    show_default=True,
    help="Triples per INSERT DATA request (--protocol update).",
)
@click.option("--query-endpoint", help="SPARQL query URL for the counts, if not derivable.")
@click.option("--retries", type=int, default=4, show_default=True, help="Retries on refusal/5xx.")
@timeout_option(60.0, "Wait this long for the store to accept the connection, and for each answer.")
@click.option(
    "--allow-empty",
    is_flag=True,
    help="Load input without triples even with --replace (which then empties the graph).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Upload N parts at a time (FILES is then one parts folder, or a build folder "
    "holding parts/).",
)
def load_command(
    files: tuple[Path, ...],
    endpoint: str,
    store: str | None,
    graph: str | None,
    graph_per_article: bool,
    replace: bool,
    user: str | None,
    password_env: str | None,
    protocol: str | None,
    chunk_size: int,
    query_endpoint: str | None,
    retries: int,
    timeout: float,
    allow_empty: bool,
    jobs: int,
) -> None:
    """Load FILES (default: build/g60kg.ttl) into a SPARQL 1.1 store and verify the counts.

    Prints graph, triples sent and triples found; exits 1 when they differ.
    Input without triples is refused with --replace (it would empty the
    graph) unless --allow-empty is given.

    FILES may be one folder of parts (or a build folder holding parts/): each
    part is checked against the manifest before the target graph is
    cleared, the parts are posted --jobs at a time (a part that fails is
    sent again alone), and the store's count must equal the manifest's.
    --graph-per-article loads the per-article quad parts instead.
    """
    from g60kg.stores.load import format_result
    from g60kg.stores.load_parts import describe_parts

    with user_errors():
        password = password_from_env(user, password_env)
        result = g60kg.load(
            list(files) or None,
            endpoint,
            store=store,
            graph=graph,
            per_article=graph_per_article,
            replace=replace,
            user=user,
            password=password,
            protocol=protocol,
            chunk_size=chunk_size,
            query_endpoint=query_endpoint,
            retries=retries,
            timeout=timeout,
            allow_empty=allow_empty,
            jobs=jobs,
        )
    click.echo(format_result(result))
    if result.parts:
        click.echo(describe_parts(result), err=True)
    if result.problem:
        click.echo(f"Error: {result.problem}", err=True)
        sys.exit(1)
