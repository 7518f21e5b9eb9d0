"""The ``g60kg`` command: a group of commands, each loaded when it is needed.

The commands live in :mod:`g60kg.commands`, one module each; this module only
names them (:data:`COMMANDS`), so ``g60kg --help`` and ``g60kg query`` start
without defining the other commands (:class:`g60kg.cli_lazy.LazyGroup`).
Each command is a thin layer of click over the Python API (:mod:`g60kg.api`)
and prints the value it returns. ``g60kg.cli:main`` is the console script.
"""

from __future__ import annotations

import click

from g60kg import __version__
from g60kg.cli_lazy import LazyCommand, LazyGroup

#: Every command: where it is defined, and the first paragraph of its docstring
#: (what ``g60kg --help`` lists; a test holds the two equal).
COMMANDS = {
    "build": LazyCommand(
        "g60kg.commands.build:build_command",
        "Build the knowledge graph from ARTICLE files or folders (default: data/articles).",
    ),
    "docs": LazyCommand(
        "g60kg.commands.docs:docs_command",
        "Write ontology docs, diagrams (Mermaid, DOT, SVG) and the annotated-article report.",
    ),
    "export": LazyCommand(
        "g60kg.commands.export:export",
        "Export the graph toward Wikidata (Wikidata-shaped view, QuickStatements).",
    ),
    "extract": LazyCommand(
        "g60kg.commands.extract:extract_command",
        "Print what extraction finds in one ARTICLE (observations, regions, events).",
    ),
    "link": LazyCommand(
        "g60kg.commands.link:link",
        "Link gazetteer entities to Wikidata: offline report, or online proposals.",
    ),
    "load": LazyCommand(
        "g60kg.commands.load:load_command",
        "Load FILES (default: build/g60kg.ttl) into a SPARQL 1.1 store and verify the counts.",
    ),
    "queries": LazyCommand(
        "g60kg.commands.queries:queries_command",
        "List the stored queries: name, title and parameters (with defaults).",
    ),
    "query": LazyCommand(
        "g60kg.commands.query:query_command",
        "Run a stored query (see `g60kg queries`), a .rq file, or -e 'SPARQL'.",
    ),
    "serve": LazyCommand(
        "g60kg.commands.serve:serve_command",
        "Serve FILES as a SPARQL 1.1 endpoint until Ctrl-C.",
    ),
    "validate": LazyCommand(
        "g60kg.commands.validate:validate",
        "Check FILES with the SHACL shapes and the OWL reasoner (HermiT).",
    ),
}


@click.group(
    name="g60kg",
    cls=LazyGroup,
    lazy=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "--version", prog_name="g60kg")
def cli() -> None:
    """Turn news about the G60 S&T Innovation Valley into a knowledge graph."""


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="g60kg")
