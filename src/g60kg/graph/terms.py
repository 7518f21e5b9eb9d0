"""Light RDF terms for the hot path of a build.

Building an ``rdflib.Graph`` costs tens of microseconds per triple; a 10 MB
article yields millions. Extraction output is therefore turned into plain
tuples of these terms, which sort, hash and print fast; rdflib is used only
to parse the ontology files and when a caller asks for a Graph.
"""

from __future__ import annotations

from typing import NamedTuple

XSD_NS = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class IRI(str):
    """An IRI (a ``str`` so it sorts and hashes like one)."""

    __slots__ = ()


class BNode(str):
    """A blank node label; only the ontology files may have them."""

    __slots__ = ()


class Lit(NamedTuple):
    """A literal: lexical form, datatype IRI (None for a plain string), language tag."""

    lex: str
    datatype: str | None = None
    lang: str | None = None


Term = IRI | BNode | Lit
Triple = tuple[IRI | BNode, IRI, Term]


def from_rdflib(term) -> Term:
    """Convert an rdflib term."""
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return IRI(term)
    if isinstance(term, rdflib.BNode):
        return BNode(term)
    datatype = str(term.datatype) if term.datatype is not None else None
    if datatype == XSD_NS + "string":
        datatype = None
    return Lit(str(term), datatype, term.language)


def to_rdflib(term: Term):
    """Convert to an rdflib term."""
    import rdflib

    if isinstance(term, Lit):
        if term.lang:
            return rdflib.Literal(term.lex, lang=term.lang)
        if term.datatype:
            return rdflib.Literal(term.lex, datatype=rdflib.URIRef(term.datatype))
        return rdflib.Literal(term.lex)
    if isinstance(term, BNode):
        return rdflib.BNode(term)
    return rdflib.URIRef(term)
