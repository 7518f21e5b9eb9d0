"""The rdflib query engine (``--engine rdflib``): the reference the fast path is checked against.

rdflib is the library the project builds graphs with, so its SPARQL engine is
the natural second opinion. It parses the files on every call (no persistent
store) and is 10-100x slower than pyoxigraph on large graphs (44 s against
0.75 s for one query over 300,000 triples, benchmarks/README.md), which is why
it is not the default. Results are converted to pyoxigraph terms with
pyoxigraph's canonical number forms, so both engines print the same bytes.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from g60kg.errors import InputError
from g60kg.namespaces import PREFIXES, XSD
from g60kg.query.results import Result

_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".n3": "n3",
}


def load_dataset(files: Sequence[Path]):  # -> rdflib.Graph or rdflib.Dataset
    """Parse ``files`` into one graph (TriG/N-Quads: a Dataset, default graph = union).

    A plain Graph when every file holds triples (the usual case): rdflib 7.6's
    Dataset warns about its own deprecated API on every triple it matches.
    """
    import rdflib

    formats = []
    for f in files:
        fmt = _FORMATS.get(Path(f).suffix.lower())
        if fmt is None:
            raise InputError(f"{f}: unknown RDF file extension '{Path(f).suffix}'")
        formats.append(fmt)
    quads = any(fmt in ("trig", "nquads") for fmt in formats)
    graph = rdflib.Dataset(default_union=True) if quads else rdflib.Graph()
    for f, fmt in zip(files, formats, strict=True):
        try:
            graph.parse(str(f), format=fmt)
        except FileNotFoundError:
            raise InputError(f"{f}: no such data file") from None
        except Exception as exc:  # rdflib's parsers raise many unrelated types
            # rdflib spreads one message over lines ("at line 1 of <>:\nBad syntax ..."):
            # join them, and keep it short, the CLI prints one line.
            message = " ".join(str(exc).split()) or type(exc).__name__
            if len(message) > 200:
                message = message[:199] + "…"
            raise InputError(f"{f}: invalid RDF: {message}") from None
    return graph


def to_rdflib(term: Any):
    """A pyoxigraph term as an rdflib term."""
    import rdflib

    kind = type(term).__name__
    if kind == "NamedNode":
        return rdflib.URIRef(term.value)
    if kind == "BlankNode":
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == XSD + "string":
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def from_rdflib(term: Any):
    """An rdflib term as a pyoxigraph term (numbers in pyoxigraph's canonical form)."""
    import pyoxigraph
    import rdflib

    from g60kg.query.engine import canonical_literal

    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return pyoxigraph.BlankNode(str(term))
    if term.language:
        return pyoxigraph.Literal(str(term), language=term.language)
    if term.datatype is None:
        return pyoxigraph.Literal(str(term))
    datatype = str(term.datatype)
    lexical = canonical_literal(str(term), datatype)
    return pyoxigraph.Literal(lexical, datatype=pyoxigraph.NamedNode(datatype))


def _syntax_error(source: str, exc: Exception) -> InputError:
    line, column = getattr(exc, "lineno", None), getattr(exc, "col", None)
    what = getattr(exc, "msg", None) or str(exc).splitlines()[0]
    if line is not None and column is not None:
        return InputError(f"{source}: SPARQL syntax error at line {line}, column {column}: {what}")
    return InputError(f"{source}: SPARQL syntax error: {what}")


def run(
    text: str,
    files: Sequence[Path],
    terms: Mapping[str, Any],
    *,
    source: str = "<query>",
    update: bool = False,
) -> Result:
    """Answer ``text`` with rdflib over ``files``; ``terms`` are pyoxigraph terms to bind."""
    with warnings.catch_warnings():
        # rdflib 7.6's Dataset and TriG parser call its own deprecated API on quad data.
        warnings.filterwarnings("ignore", "Dataset.default_context", DeprecationWarning)
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        return _run(text, files, terms, source=source, update=update)


def _run(
    text: str,
    files: Sequence[Path],
    terms: Mapping[str, Any],
    *,
    source: str = "<query>",
    update: bool = False,
) -> Result:
    import pyoxigraph
    import rdflib
    from pyparsing import ParseException

    dataset = load_dataset(files)
    if update:
        before = len(dataset)
        try:
            dataset.update(text, initNs=PREFIXES)
        except ParseException as exc:
            raise _syntax_error(source, exc) from None
        triples = [
            pyoxigraph.Triple(from_rdflib(s), from_rdflib(p), from_rdflib(o))
            for s, p, o in dataset.triples((None, None, None))
        ]
        message = (
            f"update applied to an in-memory copy of the graph ({before} -> {len(dataset)} "
            "triples); no data, ontology or store file was changed"
        )
        return Result("update", triples=triples, message=message)

    bindings = {rdflib.Variable(k): to_rdflib(v) for k, v in terms.items()}
    try:
        answer = dataset.query(text, initNs=PREFIXES, initBindings=bindings)
    except ParseException as exc:
        raise _syntax_error(source, exc) from None
    except Exception as exc:
        raise InputError(f"{source}: query failed: {str(exc).splitlines()[0]}") from None
    if answer.type == "ASK":
        return Result("ask", boolean=bool(answer.askAnswer))
    if answer.type in ("CONSTRUCT", "DESCRIBE"):
        return Result(
            "graph",
            triples=[
                pyoxigraph.Triple(from_rdflib(s), from_rdflib(p), from_rdflib(o))
                for s, p, o in answer.graph
            ],
        )
    variables = [str(v) for v in answer.vars]
    rows = [tuple(from_rdflib(row[i]) for i in range(len(variables))) for row in answer]
    return Result("select", variables=variables, rows=rows)
