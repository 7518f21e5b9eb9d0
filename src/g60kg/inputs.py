"""Checks every reader of a user's file makes before trusting it.

Two kinds of input used to hang or crash a command instead of being refused:

* Files that are not regular files. Opening a FIFO blocks until someone
  writes to it (forever, from a shell), and ``/dev/zero`` never ends, so
  reading it whole fills memory. A path is looked at with ``stat`` (which
  neither opens nor blocks) and refused unless it is a regular file.
* RDF with one term longer than pyoxigraph's parser buffer (16 MiB): the
  parser raises ``MemoryError: Reached the buffer maximal size``, which is
  a limit, not the machine running out of memory. Readers turn it into one
  line that names the file and the limit (:func:`oversized_term`).

And one kind printed a traceback and went on: an ill-typed literal
(``"abc"^^xsd:integer``) makes rdflib log a traceback for each one it reads.
Commands that draw on the values (docs, export) refuse such a graph in one
line (:func:`refuse_ill_typed`); ``g60kg validate`` reports each as a finding.
"""

from __future__ import annotations

import logging
import os
import stat
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from g60kg.errors import InputError

#: pyoxigraph's parser buffer (bytes): no single IRI or literal may be longer.
PARSER_BUFFER_BYTES = 16 * 1024 * 1024
#: The longest literal g60kg publishes (bytes of its Turtle/N-Triples spelling,
#: escapes included): below the buffer, with room for the statement around it.
MAX_LITERAL_BYTES = 16_000_000

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


def regular_file(path: Path) -> Path:
    """``path`` if it names a regular file (a symbolic link to one will do), else an InputError."""
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if stat.S_ISREG(mode):
        return path
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    raise InputError(f"{path}: is {kind}, not a regular file")


def oversized_term(path: Path | str, exc: BaseException) -> InputError | None:
    """The one-line InputError for pyoxigraph's buffer limit, or None for any other error.

    Use in an ``except MemoryError`` around a pyoxigraph parse or load; a
    real shortage of memory (None here) is re-raised by the caller.
    """
    if "buffer maximal size" not in str(exc):
        return None
    return InputError(
        f"{path}: holds an IRI or literal too long for pyoxigraph's parser "
        f"(its buffer holds {PARSER_BUFFER_BYTES:,} bytes)"
    )


@contextmanager
def quiet_rdflib() -> Iterator[None]:
    """Silence what rdflib says of every ill-typed literal: a logged traceback when it
    reads one, a warning when it writes one. The caller reports them itself."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Serializing weird numerical", UserWarning)
            yield
    finally:
        logger.setLevel(level)


def refuse_ill_typed(graph: Any, path: Path | str) -> None:
    """Raise an InputError naming the first literal of rdflib ``graph`` not valid for its type."""
    # Imported here: the pyoxigraph query path imports this module, and rdflib
    # alone (0.1-0.5 s) costs more than a whole query there.
    from rdflib import Literal

    bad = [o for _, _, o in graph if isinstance(o, Literal) and o.ill_typed]
    if bad:
        first = min(bad, key=lambda o: (str(o.datatype), str(o)))  # the same one every run
        text = str(first) if len(first) <= 60 else str(first)[:57] + "..."
        raise InputError(
            f"{path}: the literal {text!r} is not a valid <{first.datatype}>; "
            "`g60kg validate` lists every such value"
        )
