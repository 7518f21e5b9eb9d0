"""The ``g60kg`` command: a thin layer of click over the library.

Each command parses options, calls one library function that returns a value,
and prints it. Heavy imports (rdflib, owlready2, pyshacl) happen inside the
commands that need them, so ``g60kg --help`` and the pyoxigraph query path
start fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from g60kg import __version__
from g60kg.errors import InputError


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn library InputErrors into one line on stderr and exit code 2."""
    try:
        yield
    except InputError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)


@click.group(name="g60kg", context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="g60kg")
def cli() -> None:
    """Turn news about the G60 S&T Innovation Valley into a knowledge graph."""


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report for people (text) or machines (json).",
)
def validate(files: tuple[Path, ...], fmt: str) -> None:
    """Check FILES with the SHACL shapes and the OWL reasoner (HermiT).

    Default FILES: build/g60kg.ttl if it exists, else the ontology files.
    Exit 0 valid, 1 violations or inconsistency, 2 unusable input.
    """
    from g60kg.validate import render_text
    from g60kg.validate import validate as run_validate

    with user_errors():
        report = run_validate(list(files) or None)
    if report.note:
        click.echo(report.note, err=True)
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(report))
    sys.exit(0 if report.valid else 1)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="g60kg")
