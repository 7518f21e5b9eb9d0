"""Reading RDF files into one ``rdflib.Graph``, for the commands whose libraries need rdflib.

``validate`` (pyshacl, HermiT), ``docs`` (pyLODE and the pages), ``link`` and
``export`` read their input here, so a file is refused the same way whichever
command reads it: missing, a folder or not a regular file, bad syntax (file,
line and column), or an IRI no strict parser would accept. The format follows
the file's extension, Turtle when it has none we know.

What differs between them is what an ill-typed literal (``"abc"^^xsd:integer``)
means: ``validate`` reports each one as a finding, while the commands that
print or export values refuse the graph, since such a literal has no value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import rdflib

from g60kg.errors import InputError
from g60kg.graph.formats import format_of, rdflib_name
from g60kg.inputs import quiet_rdflib, refuse_ill_typed, regular_file


def read_graph(
    files: Iterable[Path | str],
    *,
    keep_ill_typed: bool = False,
    require_triples: bool = False,
) -> rdflib.Graph:
    """Parse ``files`` into one graph, or raise an InputError naming the bad file.

    ``keep_ill_typed`` keeps ill-typed literals for the caller to report;
    without it the first one is an InputError. ``require_triples`` refuses
    an empty file or one without triples (a validator must not pass nothing).
    """
    graph = rdflib.Graph()
    for path in map(Path, files):
        if not path.exists():
            raise InputError(f"{path}: no such file")
        if path.is_dir():
            raise InputError(f"{path}: is a directory, not an RDF file")
        regular_file(path)
        if require_triples and path.stat().st_size == 0:
            raise InputError(f"{path}: empty file, no RDF triples in it")
        fmt = format_of(path) or ox.RdfFormat.TURTLE
        part = rdflib.Graph()
        try:
            with quiet_rdflib():
                part.parse(path, format=rdflib_name(fmt))
        except Exception as exc:  # rdflib's parsers raise many exception types
            raise InputError(_printable(_describe_syntax_error(path, fmt, exc))) from None
        if require_triples and not part:
            raise InputError(f"{path}: no RDF triples in the file")
        _check_iris(part, path, fmt)
        if not keep_ill_typed:
            refuse_ill_typed(part, path)
        graph += part
        for prefix, namespace in part.namespaces():
            graph.bind(prefix, namespace, override=False)
    return graph


# Characters RFC 3987 does not allow anywhere in an IRI.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _check_iris(graph: rdflib.Graph, path: Path, fmt: ox.RdfFormat) -> None:
    """Refuse an IRI that is not one (``<http://e/a b>``), as every strict parser would.

    rdflib reads such an IRI without a word and fails only when writing it
    out (for HermiT); pyoxigraph and the triple stores refuse the file. The
    message names line and column where pyoxigraph can find them.
    """
    for triple in graph:
        for term in triple:
            if isinstance(term, rdflib.URIRef) and _NOT_IN_IRI.search(term):
                located = _locate_with_oxigraph(path, fmt)
                where = located or f"<{term}>: a character no IRI may hold"
                raise InputError(_printable(f"{path}: {where}"))


def _printable(text: str) -> str:
    """Escape control characters a binary file puts in a parser message."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _describe_syntax_error(path: Path, fmt: ox.RdfFormat, exc: Exception) -> str:
    # rdflib's Turtle parser keeps the text and the failing offset; its RDF/XML
    # parser raises SAX errors with a location; for the rest ask pyoxigraph.
    lines = getattr(exc, "lines", None)
    text = getattr(exc, "_str", None)
    index = getattr(exc, "_i", None)
    if isinstance(lines, int) and isinstance(text, bytes) and isinstance(index, int):
        # _i counts characters of the decoded text that _str holds encoded
        column = index - text.decode("utf-8", "replace").rfind("\n", 0, index)
        why = getattr(exc, "_why", "") or "bad syntax"
        return f"{path}: line {lines + 1}, column {column}: {why}"
    if hasattr(exc, "getLineNumber") and hasattr(exc, "getColumnNumber"):  # XML (SAX)
        reason = str(getattr(exc, "getMessage", lambda: exc)())
        return f"{path}: line {exc.getLineNumber()}, column {exc.getColumnNumber()}: {reason}"
    located = _locate_with_oxigraph(path, fmt)
    if located:
        return f"{path}: {located}"
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"{path}: not readable as {rdflib_name(fmt)}: {first}"


def _locate_with_oxigraph(path: Path, fmt: ox.RdfFormat) -> str:
    """Ask pyoxigraph where the error is; it reports line and column for every format."""
    try:
        for _ in ox.parse(path=str(path), format=fmt):
            pass
    except SyntaxError as err:
        if err.lineno is not None and err.offset is not None:
            reason = str(err.msg).split(": ", 1)[-1]
            return f"line {err.lineno}, column {err.offset}: {reason}"
        return str(err.msg)
    except (OSError, ValueError) as err:
        return str(err)
    return ""


__all__ = ["read_graph"]
