"""``g60kg query``: a stored query, a ``.rq`` file or ``-e`` text, over files or a store.

The command a user runs most often, and the one whose start is measured
(benchmarks/README.md): this module defines its options only (their choices
are read from the library's tables when click asks); the engine and the
writers are imported when the command runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from click.core import ParameterSource

import g60kg
from g60kg.cli_options import (
    LibraryChoice,
    data_files_option,
    output_file_option,
    password_env_option,
    password_from_env,
    renamed,
    timeout_option,
    user_option,
)
from g60kg.commands.exits import interruptible, user_errors
from g60kg.commands.parsing import Command


@click.command("query", cls=Command)
@click.argument("name_or_file", required=False, metavar="[NAME|FILE.rq]")
@click.option(
    "-e", "--expression", metavar="TEXT", help="SPARQL text to run instead of a stored query."
)
@data_files_option("RDF file(s) to query (default: build/g60kg.ttl). Repeatable.")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=LibraryChoice("g60kg.query.options:SELECT_FORMATS", "g60kg.query.options:GRAPH_FORMATS"),
    default=None,
    help="Output format (default: from -o's extension, else table; Turtle for CONSTRUCT).",
)
@renamed("--bind", "--param")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Give the query parameter NAME (a variable) this value. Repeatable.",
)
@output_file_option("Write to FILE (atomically) instead of stdout.")
@click.option("--wide", is_flag=True, help="Do not cut long literals in table/md output.")
@click.option(
    "--engine",
    type=LibraryChoice("g60kg.query.options:ENGINES"),
    default="pyoxigraph",
    show_default=True,
    help="SPARQL engine; rdflib is slower and parses the data on every call.",
)
@click.option(
    "--update",
    "allow_update",
    is_flag=True,
    help="Allow SPARQL Update (on an in-memory copy only).",
)
@click.option(
    "--allow-service", is_flag=True, help="Allow SERVICE clauses (outbound HTTP requests)."
)
@click.option(
    "--service-endpoint", metavar="URL", help="Send Wikidata SERVICE calls to URL instead."
)
@click.option(
    "--fail-on-empty", is_flag=True, help="Exit 1 when there are no rows or an ASK is false."
)
@click.option(
    "--cache",
    type=LibraryChoice("g60kg.query.options:STORE_MODES"),
    default="auto",
    show_default=True,
    help="pyoxigraph: keep the data in an on-disk store reused between runs (always), parse "
    "it into memory (never), or use the store for data of 1 MiB or more (auto).",
)
@click.option(
    "--endpoint",
    metavar="URL",
    help="Ask this SPARQL store instead of files: its query URL, or its base URL with --store.",
)
@click.option(
    "--store",
    type=LibraryChoice("g60kg.stores.presets:STORES", legacy=["g60kg.query.options:STORE_MODES"]),
    help="With --endpoint: the base URL is this store's (its query URL and options).",
)
@user_option
@password_env_option
@click.option("--limit", type=click.IntRange(min=0), metavar="N", help="Answer at most N rows.")
@click.option(
    "--offset", type=click.IntRange(min=0), metavar="N", help="Skip the first N rows of the answer."
)
@timeout_option(
    None,
    "Stop (exit 2) when loading and answering take longer [default: no limit; with "
    "--endpoint, each wait for the store, 60 s].",
)
def query_command(
    name_or_file: str | None,
    expression: str | None,
    data: tuple[Path, ...],
    fmt: str | None,
    params: tuple[str, ...],
    output: Path | None,
    wide: bool,
    engine: str,
    allow_update: bool,
    allow_service: bool,
    service_endpoint: str | None,
    fail_on_empty: bool,
    cache: str,
    endpoint: str | None,
    store: str | None,
    user: str | None,
    password_env: str | None,
    limit: int | None,
    offset: int | None,
    timeout: float | None,
) -> None:
    """Run a stored query (see `g60kg queries`), a .rq file, or -e 'SPARQL'.

    Output is a table unless --format (or -o FILE's extension) says csv, tsv,
    json or xml (the W3C SPARQL 1.1 result formats) or md; CONSTRUCT and
    DESCRIBE print Turtle (or --format nt). Exit 0 on success, 1 with
    --fail-on-empty when nothing matched, 2 on bad input, a refused query or
    --timeout; Ctrl-C stops a running query at once (exit 130).
    """
    from g60kg.allocator import share_one_arena
    from g60kg.query.engine import DEFAULT_DATA, check_output, parse_binding, resolve
    from g60kg.query.options import STORE_MODES, QueryOptions
    from g60kg.query.results import resolve_format, write

    if store in STORE_MODES:
        cache = _old_store_option(cache, store)
        store = None
    with user_errors(), interruptible():
        if output is not None:
            request = resolve(name_or_file, expression)
            query_file = [request.stored.path] if request.stored else []
            inputs = [] if endpoint else list(data or [DEFAULT_DATA])
            check_output(output, [*inputs, *query_file])
        asked = QueryOptions(
            sparql=expression,
            params=dict(parse_binding(p) for p in params),
            engine=engine,
            allow_update=allow_update,
            allow_service=allow_service,
            service_endpoint=service_endpoint,
            cache=cache,
            timeout=timeout,
            endpoint=endpoint,
            store=store,
            user=user,
            password=password_from_env(user, password_env),
            limit=limit,
            offset=offset,
        )
        # Before the worker thread starts: see g60kg.allocator for why.
        share_one_arena()
        answer = g60kg.query_stream(name_or_file, list(data) or None, asked)
        fmt = resolve_format(answer, fmt, output)
        count = 0
        if output is not None:
            from g60kg.fileio import atomic_writer

            with atomic_writer(output) as handle:
                count = write(answer, fmt, handle, wide=wide)
        elif answer.kind != "update":
            sys.stdout.flush()
            stdout = sys.stdout.buffer
            head = _terminal_rows() if fmt == "table" and stdout.isatty() else None
            count = write(answer, fmt, stdout, wide=wide, head=head)
            stdout.flush()
        if answer.summary(count):
            click.echo(answer.summary(count), err=True)
        for note in answer.notes:
            click.echo(f"Note: {note}", err=True)
    empty = not answer.boolean if answer.kind == "ask" else count == 0
    if fail_on_empty and empty:
        sys.exit(1)


def _old_store_option(cache: str, value: str) -> str:
    """``--store always`` once meant ``--cache always``: still honoured, with a warning."""
    ctx = click.get_current_context()
    if ctx.get_parameter_source("cache") is ParameterSource.COMMANDLINE:
        click.echo(
            f"Error: --store {value} is the old spelling of --cache {value}: give --cache only",
            err=True,
        )
        sys.exit(2)
    click.echo(
        f"Warning: {ctx.command_path} --store {value} is deprecated, use --cache {value} "
        "(--store names a store preset)",
        err=True,
    )
    return value


def _terminal_rows() -> int:
    """How many rows of a table fit on the terminal (header, rule and the note aside)."""
    import shutil

    return max(10, shutil.get_terminal_size().lines - 5)
