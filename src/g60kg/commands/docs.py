"""``g60kg docs``: the ontology documentation, diagrams and the annotated-article report."""

from __future__ import annotations

from pathlib import Path

import click

from g60kg.cli_options import (
    output_dir_option,
    renamed,
)
from g60kg.commands.exits import user_errors
from g60kg.commands.parsing import Command


@click.command("docs", cls=Command)
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
