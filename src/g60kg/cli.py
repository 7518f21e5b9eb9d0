"""The ``g60kg`` command: a thin layer of click over the library.

Each command parses options, calls one library function that returns a value,
and prints it. Heavy imports (rdflib, owlready2, pyshacl) happen inside the
commands that need them, so ``g60kg --help`` and the pyoxigraph query path
start fast.
"""

from __future__ import annotations

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


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="g60kg")


@cli.command("docs")
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build/docs"),
    show_default=True,
    help="Folder to write the documentation into.",
)
@click.option(
    "--data",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("build/g60kg.ttl"),
    show_default=True,
    help="The built graph (Turtle) the diagrams and report are drawn from.",
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
def docs_command(out_dir: Path, data: Path, ontology: Path | None, measures: Path | None) -> None:
    """Write ontology docs, diagrams (Mermaid, DOT, SVG) and the annotated-article report."""
    from g60kg.docs import build_docs

    with user_errors():
        result = build_docs(out_dir, data, ontology, measures)
    for note in result.notes:
        click.echo(note, err=True)
    click.echo(f"Wrote {len(result.files)} files to {result.out_dir}", err=True)
