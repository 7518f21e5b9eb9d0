"""``g60kg build``: the knowledge graph from articles, on this machine or a Dask cluster."""

from __future__ import annotations

from datetime import datetime

import click

import g60kg
from g60kg.cli_options import (
    date_option,
    url_option,
)
from g60kg.commands.exits import user_errors
from g60kg.commands.parsing import Command


@click.command("build", cls=Command)
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
