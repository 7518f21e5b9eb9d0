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
