"""The rdflib query engine (``--engine rdflib``): the reference the fast path is checked against.

rdflib is the library the project builds graphs with, so its SPARQL engine is
the natural second opinion. It parses the files on every call (no persistent
store) and is 10-100x slower than pyoxigraph on large graphs (44 s against
0.75 s for one query over 300,000 triples, benchmarks/README.md), which is why
it is not the default. Results are converted to pyoxigraph terms, numbers spelt
as :func:`g60kg.graph.literals.canonical_number` says, so both engines print
the same bytes. This module imports rdflib; :mod:`g60kg.query.engine` imports
it only when this engine is asked for.

rdflib reaches out to the network on its own: ``FROM <url>``, ``FROM NAMED``
and ``LOAD`` make it fetch the URL (``SPARQL_LOAD_GRAPHS``, on by default), and
SERVICE posts to the endpoint. The first is switched off while g60kg runs a
query (``FROM`` then names graphs of the data, as in pyoxigraph); SERVICE and
LOAD are refused by the guard before rdflib sees the text, and the worker
thread that runs rdflib cannot open internet sockets (``g60kg.netguard``).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph
import rdflib
import rdflib.plugins.sparql
from pyparsing import ParseException

from g60kg.errors import InputError
from g60kg.graph import rdflib_terms
from g60kg.graph.formats import rdf_format, rdflib_name
from g60kg.graph.literals import canonical_number
from g60kg.namespaces import PREFIXES
from g60kg.query import sparqlscan
from g60kg.query.results import Result


def load_dataset(files: Sequence[Path], *, dataset: bool = False) -> rdflib.Graph:
    """Parse ``files`` into one graph (TriG/N-Quads: a Dataset, default graph = union).

    A plain Graph when every file holds triples (the usual case) and ``dataset``
    is not asked for: rdflib 7.6's Dataset warns about its own deprecated API on
    every triple it matches. Updates and queries naming graphs (``FROM``,
    ``GRAPH``) need a Dataset: on a Graph rdflib raises "requiring a dataset".
    """
    formats = [rdf_format(f) for f in files]
    datasets = (pyoxigraph.RdfFormat.TRIG, pyoxigraph.RdfFormat.N_QUADS)
    quads = dataset or any(fmt in datasets for fmt in formats)
    graph = rdflib.Dataset(default_union=True) if quads else rdflib.Graph()
    for f, fmt in zip(files, formats, strict=True):
        try:
            graph.parse(str(f), format=rdflib_name(fmt))
        except FileNotFoundError:
            raise InputError(f"{f}: no such data file") from None
        except MemoryError:
            raise InputError(f"{f}: too large for rdflib to parse in memory") from None
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
        lexical = canonical_number(found.value, found.datatype.value)
        if lexical != found.value:
            return pyoxigraph.Literal(lexical, datatype=found.datatype)
    return found


def _syntax_error(source: str, exc: Exception) -> InputError:
    line, column = getattr(exc, "lineno", None), getattr(exc, "col", None)
    what = getattr(exc, "msg", None) or str(exc).splitlines()[0]
    if line is not None and column is not None:
        return InputError(f"{source}: SPARQL syntax error at line {line}, column {column}: {what}")
    return InputError(f"{source}: SPARQL syntax error: {what}")


#: Words after which rdflib needs a Dataset rather than a Graph.
_DATASET_WORDS = frozenset({"FROM", "NAMED", "GRAPH", "USING", "WITH", "INTO"})


def run(
    text: str,
    files: Sequence[Path],
    terms: Mapping[str, Any],
    *,
    source: str = "<query>",
    update: bool = False,
) -> Result:
    """Answer ``text`` with rdflib over ``files``; ``terms`` are pyoxigraph terms to bind."""
    words = {t.text.upper() for t in sparqlscan.tokenize(text) if t.kind == "word"}
    loading = rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS
    with warnings.catch_warnings():
        # rdflib 7.6's Dataset and TriG parser call its own deprecated API on quad data.
        warnings.filterwarnings("ignore", "Dataset.default_context", DeprecationWarning)
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False  # FROM <url> must not fetch the URL
        try:
            return _run(
                text,
                files,
                terms,
                source=source,
                update=update,
                dataset=update or bool(words & _DATASET_WORDS),
            )
        except RecursionError:
            raise InputError(
                f"{source}: the query nests too deeply for rdflib's parser (Python's recursion "
                "limit); the default engine (pyoxigraph) reads it"
            ) from None
        finally:
            rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = loading


def _run(
    text: str,
    files: Sequence[Path],
    terms: Mapping[str, Any],
    *,
    source: str = "<query>",
    update: bool = False,
    dataset: bool = False,
) -> Result:
    dataset = load_dataset(files, dataset=dataset)
    if update:
        before = len(dataset)
        try:
            dataset.update(text, initNs=PREFIXES)
        except ParseException as exc:
            raise _syntax_error(source, exc) from None
        except RecursionError:
            raise
        except Exception as exc:  # rdflib's update evaluation raises plain Exceptions
            raise InputError(f"{source}: update failed: {_first_line(exc)}") from None
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
        # rdflib evaluates lazily: errors of evaluation come while the rows are read.
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
    except ParseException as exc:
        raise _syntax_error(source, exc) from None
    except (RecursionError, InputError):
        raise
    except Exception as exc:
        raise InputError(f"{source}: query failed: {_first_line(exc)}") from None
    return Result("select", variables=variables, rows=rows)


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
