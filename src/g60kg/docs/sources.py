"""Reading the graph the docs are drawn from.

The docs read only published Turtle (``build/g60kg.ttl`` and the ontology
files), never extraction internals, so they show whatever the build wrote and
nothing it did not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from rdflib import RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from g60kg.graph.rdflib_files import read_graph
from g60kg.namespaces import PREFIXES, SCHEMA, prefixed_name


def pages_graph(paths: Iterable[Path]) -> Graph:
    """Parse RDF files into one graph, the project's prefixes bound for short names.

    An ill-typed literal is refused: the pages print values, and it has none.
    """
    graph = read_graph(paths)
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph


def is_web_iri(iri: object) -> bool:
    """True for an ``http://`` or ``https://`` IRI: the only kind the pages make a link.

    A graph may name anything with any IRI scheme, ``javascript:`` and
    ``data:`` included; as an ``href`` those run script when clicked. So the
    pages link the web IRIs the data model uses and show every other IRI as
    plain text (report.js applies the same rule to the links it draws).
    """
    return str(iri).startswith(("http://", "https://"))


#: Local names the diagrams and pages show short: letters, digits, ``-_./``,
#: not ending in a dot (which would end a sentence or a Mermaid label).
_DOCS_LOCAL = re.compile(r"[\w./-]*[\w/-]")


def curie(graph: Graph, node: Node) -> str:
    """A short name (``g60:Region``) where a project prefix fits, else the full IRI."""
    if not isinstance(node, URIRef):
        return str(node)
    return prefixed_name(str(node), PREFIXES, _DOCS_LOCAL) or str(node)


def label(graph: Graph, node: Node) -> str:
    """An English label (rdfs:label, skos:prefLabel, schema:name/headline) or the short name."""
    best: str | None = None
    for prop in (RDFS.label, SKOS.prefLabel, URIRef(SCHEMA + "name"), URIRef(SCHEMA + "headline")):
        values = sorted(
            (o for o in graph.objects(node, prop) if isinstance(o, Literal)),
            key=lambda lit: (lit.language not in ("en", None), lit.language or "", str(lit)),
        )
        if values:
            best = str(values[0])
            break
    return best if best is not None else curie(graph, node)
