"""The ontology's HTML documentation, rendered with pyLODE.

pyLODE (OntPub profile) is the documentation style users of published
ontologies know: one section per class and property with label, definition,
super-classes, domain and range. Version 3.3.4 is the last that runs on
Python 3.11 (see NOTES.md); it does not show ``skos:*Match`` or
``owl:equivalentProperty``/``owl:sameAs``, which is where this ontology keeps
its Wikidata matches and alignments. So the page is rendered from a display
copy of the ontology in which each such link is also written as a
``skos:note`` (pyLODE renders notes as Markdown, so the links stay links). The
published ontology is not changed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from g60kg.docs.sources import curie, label, pages_graph
from g60kg.namespaces import OWL, SKOS, WD, WDT

#: Links pyLODE leaves out, with the words the note uses for them.
ALIGNMENT_PROPERTIES: tuple[tuple[str, str], ...] = (
    (SKOS + "exactMatch", "exact match"),
    (SKOS + "closeMatch", "close match"),
    (SKOS + "broadMatch", "broader match"),
    (SKOS + "narrowMatch", "narrower match"),
    (SKOS + "relatedMatch", "related match"),
    (OWL + "equivalentProperty", "equivalent property"),
    (OWL + "sameAs", "same as"),
)


def _markdown_escape(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_{}[]()<>#+!|" else ch for ch in text)


def display_graph(ontology: Graph) -> Graph:
    """A copy of the ontology with alignments and Wikidata matches also as skos:note."""
    display = Graph()
    for prefix, namespace in ontology.namespaces():
        display.bind(prefix, namespace)
    for triple in ontology:
        display.add(triple)
    note = URIRef(SKOS + "note")
    for prop, words in ALIGNMENT_PROPERTIES:
        for subject, target in sorted(ontology.subject_objects(URIRef(prop))):
            if not isinstance(target, URIRef):
                continue
            name = curie(ontology, target)
            title = label(ontology, target)
            text = (
                f"{_markdown_escape(name)} ({_markdown_escape(title)})"
                if title != name
                else (_markdown_escape(name))
            )
            source = "Wikidata " if str(target).startswith((WD, WDT)) else ""
            display.add((subject, note, Literal(f"{source}{words}: [{text}]({target})", lang="en")))
    return display


def ontology_html(paths: Iterable[Path]) -> str:
    """The pyLODE page of the ontology files given (read as one graph)."""
    graph = display_graph(pages_graph(paths))
    root = logging.getLogger()
    saved = (root.level, list(root.handlers))
    try:
        # Imported here, under a guard: pyLODE 3.3.4 calls logging.basicConfig(level=DEBUG)
        # when imported, which would print every rdflib debug line on our stderr.
        from pylode import OntPub
    finally:
        root.setLevel(saved[0])
        for handler in list(root.handlers):
            if handler not in saved[1]:
                root.removeHandler(handler)
    return OntPub(ontology=graph, sort_subjects=True).make_html()
