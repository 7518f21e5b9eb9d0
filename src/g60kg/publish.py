"""Deterministic Turtle: same graph in, same bytes out.

rdflib's Turtle serializer orders objects by hash iteration, which changes
between processes, so two builds would differ. This writer sorts everything
(subjects, then predicates with ``rdf:type`` first, then objects), binds the
published prefixes in their fixed order, and writes through
:mod:`g60kg.fileio` so a reader never sees half a file.

Published data has no blank nodes, but an OWL ontology may (``owl:unionOf``
lists, restrictions). Those are written inline (``[ ... ]`` and ``( ... )``),
ordered by their own rendering, so they too come out the same every time.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD

from g60kg.fileio import atomic_write_bytes
from g60kg.namespaces import PREFIXES

_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_\-.]*[A-Za-z0-9_\-])?$")
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r\t\b\f\x00-\x1f\x7f]')
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")


def _escape(text: str) -> str:
    def sub(m: re.Match[str]) -> str:
        ch = m.group()
        return _ESCAPES.get(ch) or f"\\u{ord(ch):04X}"

    return _NEEDS_ESCAPE.sub(sub, text)


class _Writer:
    def __init__(self, graph: rdflib.Graph, prefixes: dict[str, str]) -> None:
        self.graph = graph
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self.prefix_order = list(prefixes.items())
        self.by_subject: dict = {}
        refs: dict[BNode, int] = {}
        for s, p, o in graph:
            self.by_subject.setdefault(s, {}).setdefault(p, []).append(o)
            if isinstance(o, BNode):
                refs[o] = refs.get(o, 0) + 1
        self.inline = {b for b, n in refs.items() if n == 1 and b in self.by_subject}
        self._rendered: dict[BNode, str] = {}
        self._labels: dict[BNode, str] = {}

    def iri(self, term: URIRef) -> str:
        value = str(term)
        if value == str(RDF.type):
            return "a"
        for prefix, ns in self.prefixes:
            if value.startswith(ns):
                local = value[len(ns) :]
                if _LOCAL.match(local):
                    return f"{prefix}:{local}"
        return f"<{value}>"

    def literal(self, lit: Literal) -> str:
        lex = str(lit)
        if lit.language:
            return f'"{_escape(lex)}"@{lit.language}'
        dt = lit.datatype
        if dt is None or dt == XSD.string:
            return f'"{_escape(lex)}"'
        if dt == XSD.integer and _INTEGER.match(lex):
            return lex
        if dt == XSD.decimal and _DECIMAL.match(lex):
            return lex
        if dt == XSD.boolean and lex in ("true", "false"):
            return lex
        return f'"{_escape(lex)}"^^{self.iri(dt)}'

    def term(self, term, stack: tuple = ()) -> str:
        if isinstance(term, URIRef):
            return self.iri(term)
        if isinstance(term, Literal):
            return self.literal(term)
        if term in self.inline and term not in stack:
            return self.inline_node(term, stack)
        return self.label(term)

    def label(self, node: BNode) -> str:
        if node not in self._labels:
            body = self.body(node, (node,))
            self._labels[node] = "_:b" + hashlib.sha256(body.encode()).hexdigest()[:16]
        return self._labels[node]

    def inline_node(self, node: BNode, stack: tuple) -> str:
        if node in self._rendered:
            return self._rendered[node]
        items = self.collection(node)
        if items is not None:
            out = "( " + " ".join(self.term(i, (*stack, node)) for i in items) + " )"
        else:
            out = "[ " + self.body(node, (*stack, node), indent=" ") + " ]"
        self._rendered[node] = out
        return out

    def collection(self, node: BNode) -> list | None:
        """Items of a well-formed rdf:List starting at ``node``, else None."""
        items, seen = [], set()
        while node != RDF.nil:
            if not isinstance(node, BNode) or node in seen or (node not in self.inline and items):
                return None
            props = self.by_subject.get(node, {})
            if set(props) != {RDF.first, RDF.rest} or len(props[RDF.first]) != 1:
                return None
            if len(props[RDF.rest]) != 1:
                return None
            seen.add(node)
            items.append(props[RDF.first][0])
            node = props[RDF.rest][0]
        return items

    def body(self, subject, stack: tuple, indent: str = "\n    ") -> str:
        props = self.by_subject.get(subject, {})
        parts = []
        for p in sorted(props, key=lambda x: (x != RDF.type, str(x))):
            objects = sorted(self.term(o, stack) for o in props[p])
            sep = " ,\n        " if indent.startswith("\n") and len(objects) > 1 else " , "
            parts.append(f"{self.iri(p)} {sep.join(objects)}")
        return (" ;" + indent).join(parts)

    def document(self) -> str:
        lines = [f"@prefix {p}: <{ns}> ." for p, ns in self.prefix_order]
        lines.append("")
        blocks = []
        for s in self.by_subject:
            if isinstance(s, BNode) and s in self.inline:
                continue
            head = self.term(s) if not isinstance(s, BNode) else self.label(s)
            blocks.append((0 if isinstance(s, URIRef) else 1, head, s))
        blocks.sort(key=lambda b: (b[0], b[1]))
        for _, head, s in blocks:
            lines.append(f"{head} {self.body(s, (s,))} .")
            lines.append("")
        return "\n".join(lines)


def to_turtle(graph: rdflib.Graph, prefixes: dict[str, str] | None = None) -> bytes:
    """Sorted, prefixed Turtle (UTF-8) of ``graph``: identical bytes for equal graphs."""
    return _Writer(graph, prefixes or PREFIXES).document().encode("utf-8")


def write_turtle(graph: rdflib.Graph, path: Path) -> None:
    """Write ``graph`` as deterministic Turtle to ``path`` atomically."""
    atomic_write_bytes(path, to_turtle(graph))
