"""``g60kg validate``: the SHACL shapes, the OWL reasoner and, if asked, the store checks."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

import g60kg
from g60kg.cli_options import (
    LibraryChoice,
    report_format_option,
)
from g60kg.commands.exits import user_errors
from g60kg.commands.parsing import Command


@click.command("validate", cls=Command)
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
