"""The ``g60kg`` command: a thin layer of click over the library.

Each command parses options, calls one function of the Python API
(:mod:`g60kg.api`: build, extract, query, validate, load, link) or, for the
other commands, of the library, and prints the value it returns. Heavy
imports (rdflib, owlready2, pyshacl) happen inside the commands that need
them, so ``g60kg --help`` and the pyoxigraph query path start fast.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource

import g60kg
from g60kg import __version__
from g60kg.cli_options import (
    LibraryChoice,
    data_files_option,
    date_option,
    output_dir_option,
    output_file_option,
    password_env_option,
    reference_option,
    renamed,
    report_format_option,
    timeout_option,
    url_option,
    user_option,
)
from g60kg.errors import InputError

if TYPE_CHECKING:
    from g60kg.wikidata.client import WikidataClient


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn library InputErrors, and the system's refusals, into one line and exit code 2.

    An OSError that reaches here (a full disk, an output folder one may not
    write) is the machine saying no, not a bug: the user needs its reason and
    the file, not a traceback. Outputs are staged, so nothing was half-written.
    """
    try:
        yield
    except InputError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"Error: {where}{exc.strerror or exc}", err=True)
        sys.exit(2)


@contextmanager
def _interruptible() -> Iterator[None]:
    """Ctrl-C: one line and exit 130 at once, without waiting for a query's worker thread.

    ``os._exit`` after flushing: a query abandoned in native code (see
    ``g60kg.query.engine.run_in_worker``) must not hold the exit.
    """
    import os

    try:
        yield
    except KeyboardInterrupt:
        click.echo("Error: interrupted", err=True)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(130)


@click.group(name="g60kg", context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="g60kg")
def cli() -> None:
    """Turn news about the G60 S&T Innovation Valley into a knowledge graph."""


@cli.command("build")
# Plain strings, not Paths: with --cluster they may be URLs (s3://bucket/news).
@click.argument("articles", nargs=-1, type=click.Path())
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False),
    default="build",
    show_default=True,
    help="Folder for g60kg.ttl and the other outputs (with --cluster, also an fsspec URL).",
)
@date_option
@url_option
@click.option(
    "--format",
    "formats",
    metavar="LIST",
    help="Comma-separated outputs: ttl, nt (sorted), jsonld, trig (graph per article), "
    "void [default: all].",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Stream the build with N extraction processes (streaming is automatic from 100 "
    "articles on; also writes articles/*.nt). For a corpus, --format ttl,nt is fastest.",
)
@click.option(
    "--cluster",
    metavar="ADDRESS",
    help="Extract on a Dask cluster (scheduler tcp://HOST:PORT, or local:N for N worker "
    "processes here) and write the graph in parts to OUTPUT/parts/: N-Triples by subject, "
    "N-Quads per article graph, manifest.json. Needs pip install 'g60kg[cluster]'.",
)
@click.option(
    "--quads/--no-quads",
    default=True,
    help="With --cluster: also write the named graphs as N-Quads parts (one task reads the "
    "whole graph for them: leave them out past tens of millions of triples).",
)
def build_command(
    articles: tuple[str, ...],
    out_dir: str,
    date: datetime | None,
    url: str | None,
    formats: str | None,
    jobs: int | None,
    cluster: str | None,
    quads: bool,
) -> None:
    """Build the knowledge graph from ARTICLE files or folders (default: data/articles)."""
    from g60kg.graph.stream import terminal_progress

    with user_errors():
        result = g60kg.build(
            articles,
            out_dir,
            formats=formats,
            jobs=jobs,
            date=date.date() if date else None,
            url=url,
            progress=terminal_progress,
            cluster=cluster,
            quads=quads,
        )
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if cluster is not None:
        click.echo(
            f"Wrote {len(result.files) - 1} parts and their manifest into "
            f"{out_dir.rstrip('/')}/parts ({result.scheduler_bytes:,} bytes of tasks and "
            "results through the scheduler)",
            err=True,
        )
    for path in result.files if cluster is None else ():
        click.echo(f"Wrote {path}", err=True)
    click.echo(
        f"{result.articles} articles, {result.triples} triples, {result.regions} regions, "
        f"{result.events} events, {result.observations} observations, "
        f"{len(result.unlinked)} entities without a Wikidata link",
        err=True,
    )


@cli.command("extract")
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


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@report_format_option("Report for people (text) or machines (json).")
@click.option(
    "--stores",
    is_flag=True,
    help="Also check the files for what triple stores refuse or load differently.",
)
@click.option(
    "--engine",
    type=LibraryChoice("g60kg.validate.options:ENGINES"),
    default="auto",
    show_default=True,
    help="pyshacl + HermiT on everything, or SHACL as SPARQL on pyoxigraph + HermiT on a "
    "sample of articles; auto picks oxigraph above 50,000 triples.",
)
@click.option(
    "--sample",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="Articles HermiT checks with the oxigraph engine.",
)
def validate(files: tuple[Path, ...], fmt: str, stores: bool, engine: str, sample: int) -> None:
    """Check FILES with the SHACL shapes and the OWL reasoner (HermiT).

    Default FILES: build/g60kg.ttl if it exists, else the ontology files.
    With --stores, also check them (default: every published build file) for
    the load failures of Oxigraph, Fuseki, GraphDB, Virtuoso and Blazegraph.
    Exit 0 valid, 1 violations, inconsistency or store findings, 2 unusable input.
    """
    with user_errors():
        found = g60kg.validate(list(files) or None, engine=engine, sample=sample, stores=stores)
    if found.report.note:
        click.echo(found.report.note, err=True)
    if fmt == "json":
        click.echo(json.dumps(found.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(found.text())
    sys.exit(0 if found.valid else 1)


@cli.command("load")
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
        password = _password(user, password_env)
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


@cli.command("serve")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@renamed("--bind", "--host")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on, without the port (default: loopback only).",
)
@click.option("--port", type=int, default=7878, show_default=True, help="TCP port (1-65535).")
@click.option(
    "--writable",
    is_flag=True,
    help="Allow SPARQL Update and Graph Store writes (from this server's own pages or "
    "non-browser clients; cross-origin writes are always refused).",
)
@click.option(
    "--read-only",
    is_flag=True,
    help="Accepted for compatibility: read-only is the default.",
)
@timeout_option(30.0, "Stop a query after this long (the server is restarted if it does not stop).")
@click.option(
    "--allow-service",
    is_flag=True,
    help="Allow SERVICE clauses (outbound HTTP requests from the server).",
)
@click.option(
    "--location",
    type=click.Path(path_type=Path, file_okay=False),
    help="Keep the store in DIR (reused while it still is the build); default: a temporary one.",
)
def serve_command(
    files: tuple[Path, ...],
    host: str,
    port: int,
    writable: bool,
    read_only: bool,
    timeout: float,
    allow_service: bool,
    location: Path | None,
) -> None:
    """Serve FILES as a SPARQL 1.1 endpoint until Ctrl-C.

    Default FILES: build/g60kg.trig (one graph per article) if it exists, else
    build/g60kg.ttl. Queries see the union of all graphs. By default the
    endpoint is read-only, makes no outbound requests (SERVICE and LOAD are
    refused), listens on loopback only and stops a query after 30 s.
    """
    from g60kg.paths import DEFAULT_BUILD_DIR
    from g60kg.stores.serve import default_files, start

    def log(message: str) -> None:
        click.echo(message, err=True)

    with user_errors():
        server = start(
            list(files) or default_files(DEFAULT_BUILD_DIR),
            bind=host,
            port=port,
            writable=writable,
            read_only=read_only or None,
            location=location,
            timeout=timeout,
            allow_service=allow_service,
            log=log,
        )

    def announce() -> None:
        click.echo(f"SPARQL query endpoint: {server.query_url}")
        mode = "read-write (--writable)" if writable else "read-only"
        service = "SERVICE allowed" if allow_service else "no outbound requests"
        click.echo(
            f"{mode}, {service}, queries stopped after {timeout:g} s. "
            f"Stop with Ctrl-C. Store: {server.location}",
            err=True,
        )

    sys.exit(server.wait(announce))


@cli.command("docs")
@renamed("--out", "--output")
@output_dir_option(Path("build/docs"), "Folder to write the documentation into.")
@click.option(
    "--data",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The built graph (Turtle) the diagrams and report are drawn from "
    "[default: build/g60kg.ttl, as build/manifest.json lists it].",
)
@click.option(
    "--ontology",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="OWL ontology to document [default: the bundled ontology/g60kg.ttl].",
)
@click.option(
    "--measures",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="SKOS measure scheme to list [default: the bundled ontology/measures.ttl].",
)
def docs_command(
    out_dir: Path, data: Path | None, ontology: Path | None, measures: Path | None
) -> None:
    """Write ontology docs, diagrams (Mermaid, DOT, SVG) and the annotated-article report."""
    from g60kg.docs import build_docs

    with user_errors():
        result = build_docs(out_dir, data, ontology, measures)
    for note in result.notes:
        click.echo(note, err=True)
    click.echo(f"Wrote {len(result.files)} files to {result.out_dir}", err=True)


def _password(user: str | None, password_env: str | None) -> str | None:
    """The password ``--password-env`` names (None without ``--user``), never typed in."""
    import os

    if password_env is not None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", password_env):
        # Perhaps the password itself, given by mistake: never print it.
        raise InputError(
            "--password-env takes the name of an environment variable (letters, digits "
            "and _), not a password; the value given is not shown"
        )
    if password_env and not user:
        raise InputError("--password-env needs --user")
    if not user:
        return None
    if password_env and password_env not in os.environ:
        raise InputError(f"environment variable {password_env} is not set")
    return os.environ.get(password_env or "", "") if password_env else ""


# --- query / queries ----------------------------------------------------------------------


@cli.command("queries")
def queries_command() -> None:
    """List the stored queries: name, title and parameters (with defaults)."""
    from g60kg.query.stored import format_listing, list_queries

    with user_errors():
        stored = list_queries()
        if not stored:
            click.echo("No stored queries found.", err=True)
            return
        click.echo(format_listing(stored), nl=False)


@cli.command("query")
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
    from g60kg.query.engine import DEFAULT_DATA, check_output, parse_binding, resolve
    from g60kg.query.options import STORE_MODES, QueryOptions
    from g60kg.query.results import resolve_format, write

    if store in STORE_MODES:
        cache = _old_store_option(cache, store)
        store = None
    with user_errors(), _interruptible():
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
            password=_password(user, password_env),
            limit=limit,
            offset=offset,
        )
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


_SUBJECT_OPTION = click.option(
    "--subject", default=None, help="Only statements about this item (a QID)."
)


def _wikidata_client_options(command: Callable[..., None]) -> Callable[..., None]:
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


def _wikidata_client(
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


@cli.command()
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
@_wikidata_client_options
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
        client = _wikidata_client(cache, sparql_url, contact, min_interval, api_url)
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


@cli.group()
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


@export.command("wikidata-shape")
@_data_option
@output_file_option()
def export_wikidata_shape(data: tuple[Path, ...], output: Path | None) -> None:
    """Linked entities as Wikidata items with wdt:P31, wdt:P131, wdt:P17 (Turtle)."""
    from g60kg.wikidata.export import wikidata_shape

    with user_errors():
        _emit(wikidata_shape(data), output)


@export.command("quickstatements")
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


@export.command("check")
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
@_wikidata_client_options
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
        client = _wikidata_client(cache, sparql_url, contact, min_interval)
        result = check(client, data, subject=subject, reference=reference)
        _emit(render(result, fmt).encode("utf-8"), output)
    click.echo(result.summary(), err=True)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="g60kg")
