"""The rdflib query engine (``--engine rdflib``): the reference the fast path is checked against.

rdflib is the library the project builds graphs with, so its SPARQL engine is
the natural second opinion. It parses the files on every call (no persistent
store) and is 10-100x slower than pyoxigraph on large graphs (44 s against
0.75 s for one query over 300,000 triples, benchmarks/README.md), which is why
it is not the default. Results are converted to pyoxigraph terms with
pyoxigraph's canonical number forms, so both engines print the same bytes.

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


def load_dataset(files: Sequence[Path], *, dataset: bool = False):  # -> rdflib.Graph or Dataset
    """Parse ``files`` into one graph (TriG/N-Quads: a Dataset, default graph = union).

    A plain Graph when every file holds triples (the usual case) and ``dataset``
    is not asked for: rdflib 7.6's Dataset warns about its own deprecated API on
    every triple it matches. Updates and queries naming graphs (``FROM``,
    ``GRAPH``) need a Dataset: on a Graph rdflib raises "requiring a dataset".
    """
    import rdflib

    formats = []
    for f in files:
        fmt = _FORMATS.get(Path(f).suffix.lower())
        if fmt is None:
            raise InputError(f"{f}: unknown RDF file extension '{Path(f).suffix}'")
        formats.append(fmt)
    quads = dataset or any(fmt in ("trig", "nquads") for fmt in formats)
    graph = rdflib.Dataset(default_union=True) if quads else rdflib.Graph()
    for f, fmt in zip(files, formats, strict=True):
        try:
            graph.parse(str(f), format=fmt)
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
    import rdflib.plugins.sparql

    from g60kg.query import sparqlscan

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
    import pyoxigraph
    import rdflib
    from pyparsing import ParseException

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
        # rdflib evaluates lazily: errors of evaluation come while the rows are read.
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
