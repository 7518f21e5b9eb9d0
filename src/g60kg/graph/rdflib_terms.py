"""The edge between the project's terms (pyoxigraph) and rdflib's.

Inside the data path every term is a pyoxigraph term. rdflib is used where a
library needs its graphs (pyshacl, pyLODE, owlready2 through a file, the
rdflib query engine) and in the Python API, whose users get an
``rdflib.Graph``. Every conversion between the two lives here.

rdflib is imported when this module is: only those edges import it, and its
import alone (about 0.3 s) is more than a whole pyoxigraph query.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.compare import to_canonical_graph

from g60kg.graph.ntriples import nt_lines
from g60kg.namespaces import PREFIXES, XSD

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


def to_rdflib(term: OxTerm) -> Any:
    """A pyoxigraph term as an rdflib term (None stays None)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == XSD + "string":
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def from_rdflib(term: Any) -> OxTerm | None:
    """An rdflib term as a pyoxigraph term, lexical form kept (None stays None)."""
    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is None:
        return ox.Literal(str(term))
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))


def triple_from_rdflib(triple: tuple[Any, Any, Any]) -> ox.Triple:
    """An rdflib ``(s, p, o)`` as a pyoxigraph Triple."""
    s, p, o = triple
    return ox.Triple(from_rdflib(s), from_rdflib(p), from_rdflib(o))


def triples_from_rdflib(graph: rdflib.Graph) -> list[ox.Triple]:
    """Every triple of an rdflib graph as pyoxigraph Triples."""
    return [triple_from_rdflib(t) for t in graph]


def rdflib_graph(
    triples: Iterable[ox.Triple] | Iterable[str],
    prefixes: Mapping[str, str] = PREFIXES,
) -> rdflib.Graph:
    """An ``rdflib.Graph`` of pyoxigraph triples or N-Triples lines, the project's prefixes bound.

    The triples go over as one N-Triples document, which rdflib parses
    faster than it adds terms one by one.
    """
    triples = list(triples)
    if triples and not isinstance(triples[0], str):
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    else:
        data = "".join(triples)  # type: ignore[arg-type]
    graph = rdflib.Graph(bind_namespaces="none")
    for prefix, iri in prefixes.items():
        graph.bind(prefix, iri, override=True, replace=True)
    if data:
        graph.parse(data=data, format="nt")
    return graph


def canonical_lines(triples: Iterable[ox.Triple]) -> list[str]:
    """:func:`g60kg.graph.ntriples.nt_lines` with content-derived blank node labels.

    A parser labels blank nodes afresh on every run; rdflib's canonical
    labelling (RDFC-style hashing of each node's surroundings) gives the
    same labels to the same graph, so a file with blank nodes still builds
    to the same bytes.
    """
    canonical = to_canonical_graph(rdflib_graph(triples))
    return nt_lines(triple_from_rdflib(t) for t in canonical)
