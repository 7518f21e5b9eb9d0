"""The project's one Turtle writer: sorted N-Triples lines in, deterministic Turtle out.

Every Turtle file g60kg writes goes through :class:`TurtleWriter`: the build's
``g60kg.ttl`` (a handful of articles or ten thousand, in memory or streamed),
``void.ttl``, the Wikidata-shaped export and a rewritten gazetteer. It reads
canonical N-Triples lines (:mod:`g60kg.graph.ntriples`) in sorted order and
writes them in one pass: a subject's statements joined with ``;``, prefixed
names where the local part is a plain name (:data:`g60kg.namespaces.PLAIN_LOCAL`),
the full ``<IRI>`` otherwise, literals in their N-Triples spelling with the
datatype abbreviated. Equal graphs give equal bytes, memory stays constant,
and it costs about a microsecond a triple, which is why a corpus build can
afford it.

pyoxigraph's own Turtle writer emits triples in store order and escapes
``/`` inside prefixed names (``g60r:region\\/shanghai``): legal, but not
stable across builds and a stumbling block for older loaders.

Blank nodes are written with the labels they arrive with; callers that read
files with blank nodes give them content-derived labels first
(:func:`g60kg.graph.rdf.ontology_lines`), so the bytes stay stable.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from g60kg.fileio import atomic_writer
from g60kg.graph.ntriples import nt_lines
from g60kg.namespaces import PLAIN_LOCAL, PREFIXES, RDF, PrefixedNames

_RDF_TYPE = f"<{RDF}type>".encode()


class TurtleWriter:
    """Write sorted N-Triples lines (bytes) to ``handle`` as Turtle, one pass, constant memory.

    This loop is the publishing cost of a corpus build, hence the caches and
    bytes: predicates are remembered for good (so ``rdf:type`` stays ``a``),
    object spellings until ``CACHE_SIZE`` are held.
    """

    #: Object spellings remembered at most; the cache starts afresh when full.
    CACHE_SIZE = 200_000

    def __init__(self, handle: IO[bytes], prefixes: Mapping[str, str] | None = None) -> None:
        self.handle = handle
        prefixes = dict(PREFIXES if prefixes is None else prefixes)
        self._names = PrefixedNames(prefixes, PLAIN_LOCAL, cache_size=0)
        self._predicates: dict[bytes, bytes] = {_RDF_TYPE: b"a"}
        self._objects: dict[bytes, bytes] = {}
        self._subject: bytes | None = None
        if prefixes:
            head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items())
            handle.write(head.encode() + b"\n")

    def _abbreviate(self, token: bytes) -> bytes:
        """``<IRI>`` as ``prefix:local`` when the local part is a plain name."""
        name = self._names.lookup(token[1:-1].decode("utf-8"))
        return token if name is None else name.encode("utf-8")

    def _object(self, token: bytes) -> bytes:
        """An IRI or typed literal object (ends in ``>``) with its IRI abbreviated."""
        if token[0] == 0x3C:  # "<"
            return self._abbreviate(token)
        cut = token.rfind(b'"^^<') + 3
        return token[:cut] + self._abbreviate(token[cut:])

    def add(self, line: bytes) -> None:
        """Write one N-Triples line (subjects must arrive grouped)."""
        self.add_many((line,))

    def add_many(self, lines: Iterable[bytes]) -> None:
        """Write N-Triples lines (subjects grouped), one ``write`` for the lot."""
        out: list[bytes] = []
        emit = out.append
        predicates, objects = self._predicates, self._objects
        current = self._subject
        for line in lines:
            if not line.endswith(b" .\n"):
                raise ValueError(f"not a canonical N-Triples line: {line[:80]!r}")
            subject, predicate, obj = line[:-3].split(b" ", 2)
            p = predicates.get(predicate)
            if p is None:
                p = predicates[predicate] = self._abbreviate(predicate)
            if obj[-1] == 0x3E:  # ">": an IRI or a typed literal
                o = objects.get(obj)
                if o is None:
                    if len(objects) >= self.CACHE_SIZE:
                        objects.clear()
                    o = objects[obj] = self._object(obj)
            else:
                o = obj
            if subject == current:
                emit(b" ;\n    %s %s" % (p, o))
                continue
            if current is not None:
                emit(b" .\n\n")
            current = subject
            head = self._abbreviate(subject) if subject[0] == 0x3C else subject
            emit(b"%s\n    %s %s" % (head, p, o))
        self._subject = current
        self.handle.write(b"".join(out))

    def close(self) -> None:
        """End the last statement."""
        if self._subject is not None:
            self.handle.write(b" .\n")


def turtle_bytes(lines: Iterable[str], prefixes: Mapping[str, str] | None = None) -> bytes:
    """Turtle of sorted, distinct N-Triples ``lines`` (each ending in `` .\\n``)."""
    buffer = io.BytesIO()
    writer = TurtleWriter(buffer, prefixes)
    writer.add_many(line.encode("utf-8") for line in lines)
    writer.close()
    return buffer.getvalue()


def to_turtle(triples: Iterable[ox.Triple], prefixes: Mapping[str, str] | None = None) -> bytes:
    """Deterministic Turtle of ``triples`` (any order, duplicates allowed)."""
    return turtle_bytes(nt_lines(triples), prefixes)


def write_turtle(
    triples: Iterable[ox.Triple], path: Path, prefixes: Mapping[str, str] | None = None
) -> None:
    """Write :func:`to_turtle` to ``path`` atomically."""
    with atomic_writer(path) as handle:
        handle.write(to_turtle(triples, prefixes))
