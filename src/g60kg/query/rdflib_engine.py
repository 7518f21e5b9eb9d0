"""The rdflib query engine (``--engine rdflib``): the reference the fast path is checked against.

rdflib is the library the project builds graphs with, so its SPARQL engine is
the natural second opinion. It parses the files on every call (no persistent
store) and is 10-100x slower than pyoxigraph on large graphs, which is why it
is not the default. Results are converted to pyoxigraph terms, numbers spelt
as :func:`g60kg.graph.literals.canonical_number` says, so both engines print
the same bytes. This module imports rdflib; :mod:`g60kg.query.engine` imports
it only when this engine is asked for.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph
import rdflib
from pyparsing import ParseException

from g60kg.errors import InputError
from g60kg.graph import rdflib_terms
from g60kg.graph.formats import rdf_format, rdflib_name
from g60kg.graph.literals import canonical_number
from g60kg.namespaces import PREFIXES
from g60kg.query.results import Result


def load_dataset(files: Sequence[Path]) -> rdflib.Graph:
    """Parse ``files`` into one graph (TriG/N-Quads: a Dataset, default graph = union).

    A plain Graph when every file holds triples (the usual case): rdflib 7.6's
    Dataset warns about its own deprecated API on every triple it matches.
    """
    formats = [rdf_format(f) for f in files]
    quads = any(fmt in (pyoxigraph.RdfFormat.TRIG, pyoxigraph.RdfFormat.N_QUADS) for fmt in formats)
    graph = rdflib.Dataset(default_union=True) if quads else rdflib.Graph()
    for f, fmt in zip(files, formats, strict=True):
        try:
            graph.parse(str(f), format=rdflib_name(fmt))
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


def _answer_term(term: Any) -> Any:
    """An rdflib answer as a pyoxigraph term, numbers spelt as pyoxigraph's answers are."""
    found = rdflib_terms.from_rdflib(term)
    if isinstance(found, pyoxigraph.Literal) and not found.language:
        datatype = found.datatype.value
        lexical = canonical_number(found.value, datatype)
        if lexical != found.value:
            return pyoxigraph.Literal(lexical, datatype=found.datatype)
    return found


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
    dataset = load_dataset(files)
    if update:
        before = len(dataset)
        try:
            dataset.update(text, initNs=PREFIXES)
        except ParseException as exc:
            raise _syntax_error(source, exc) from None
        triples = [
            pyoxigraph.Triple(_answer_term(s), _answer_term(p), _answer_term(o))
            for s, p, o in dataset.triples((None, None, None))
        ]
        message = (
            f"update applied to an in-memory copy of the graph ({before} -> {len(dataset)} "
            "triples); no data, ontology or store file was changed"
        )
        return Result("update", triples=triples, message=message)

    bindings = {rdflib.Variable(k): rdflib_terms.to_rdflib(v) for k, v in terms.items()}
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
                pyoxigraph.Triple(_answer_term(s), _answer_term(p), _answer_term(o))
                for s, p, o in answer.graph
            ],
        )
    variables = [str(v) for v in answer.vars]
    rows = [tuple(_answer_term(row[i]) for i in range(len(variables))) for row in answer]
    return Result("select", variables=variables, rows=rows)
