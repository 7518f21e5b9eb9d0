"""Deterministic Turtle: same graph in, same bytes out.

rdflib's Turtle serializer orders objects by hash iteration, which changes
between processes, so two builds would differ; it is also slow on millions
of triples. This writer sorts everything (subjects, then predicates with
``rdf:type`` first, then objects), binds the published prefixes in their fixed
order, and writes through :mod:`g60kg.fileio` so a reader never sees half a
file.

Published data has no blank nodes, but an OWL ontology may (``owl:unionOf``
lists, restrictions). Those are written inline (``[ ... ]`` and ``( ... )``),
ordered by their own rendering, so they too come out the same every time.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from g60kg.fileio import atomic_write_bytes
from g60kg.graph.terms import RDF_TYPE, XSD_NS, BNode, Lit, Term, Triple, from_rdflib
from g60kg.namespaces import PREFIXES

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_FIRST, _REST, _NIL = _RDF + "first", _RDF + "rest", _RDF + "nil"
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


def escape_string(text: str) -> str:
    """Turtle/N-Triples string escapes, spelled as pyoxigraph spells them (canonical)."""

    def sub(m: re.Match[str]) -> str:
        ch = m.group()
        return _ESCAPES.get(ch) or f"\\u{ord(ch):04X}"

    return _NEEDS_ESCAPE.sub(sub, text)


class _Writer:
    def __init__(self, found: Iterable[Triple], prefixes: dict[str, str]) -> None:
        self._by_ns = {ns: prefix for prefix, ns in prefixes.items()}
        self.prefix_order = list(prefixes.items())
        self.plain: list[Triple] = []
        self.by_subject: dict = {}  # blank-node subjects only
        refs: dict[BNode, int] = {}
        for triple in found:
            s, p, o = triple
            if isinstance(s, BNode):
                self.by_subject.setdefault(s, {}).setdefault(p, []).append(o)
            else:
                self.plain.append(triple)
            if isinstance(o, BNode):
                refs[o] = refs.get(o, 0) + 1
        self.inline = {b for b, n in refs.items() if n == 1 and b in self.by_subject}
        self._iris: dict[str, str] = {RDF_TYPE: "a"}
        self._rendered: dict[BNode, str] = {}
        self._labels: dict[BNode, str] = {}

    def iri(self, value: str) -> str:
        """``prefix:local`` when a bound namespace ends right before a valid local name."""
        out = self._iris.get(value)
        if out is None:
            # A local name never holds "/" or "#", so the namespace ends at the last one.
            cut = max(value.rfind("/"), value.rfind("#")) + 1
            prefix = self._by_ns.get(value[:cut])
            local = value[cut:]
            out = f"{prefix}:{local}" if prefix and _LOCAL.match(local) else f"<{value}>"
            self._iris[value] = out
        return out

    def literal(self, lit: Lit) -> str:
        lex, dt = lit.lex, lit.datatype
        if lit.lang:
            return f'"{escape_string(lex)}"@{lit.lang}'
        if dt is None:
            return f'"{escape_string(lex)}"'
        if dt == XSD_NS + "integer" and _INTEGER.match(lex):
            return lex
        if dt == XSD_NS + "decimal" and _DECIMAL.match(lex):
            return lex
        if dt == XSD_NS + "boolean" and lex in ("true", "false"):
            return lex
        return f'"{escape_string(lex)}"^^{self.iri(dt)}'

    def term(self, term: Term, stack: tuple = ()) -> str:
        if isinstance(term, Lit):
            return self.literal(term)
        if isinstance(term, BNode):
            if term in self.inline and term not in stack:
                return self.inline_node(term, stack)
            return self.label(term)
        return self.iri(term)

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

    def collection(self, node: Term) -> list | None:
        """Items of a well-formed rdf:List starting at ``node``, else None."""
        items: list = []
        seen: set = set()
        while node != _NIL:
            if not isinstance(node, BNode) or node in seen or (items and node not in self.inline):
                return None
            props = self.by_subject.get(node, {})
            if set(props) != {_FIRST, _REST} or len(props[_FIRST]) != 1 or len(props[_REST]) != 1:
                return None
            seen.add(node)
            items.append(props[_FIRST][0])
            node = props[_REST][0]
        return items

    def body(self, subject: BNode, stack: tuple, indent: str = "\n    ") -> str:
        """Predicate-object list of a blank node (rendered inline or labelled)."""
        props = self.by_subject.get(subject, {})
        parts = []
        for p in sorted(props, key=lambda x: (x != RDF_TYPE, x)):
            objects = sorted({self.term(o, stack) for o in props[p]})
            sep = " ,\n        " if indent.startswith("\n") and len(objects) > 1 else " , "
            parts.append(f"{self.iri(p)} {sep.join(objects)}")
        return (" ;" + indent).join(parts)

    def document(self) -> str:
        """Group triples by subject, sort subjects by their rendering, then each group.

        Sorting rendered strings (not terms) is total and fast; sorting per
        subject keeps each sort small. ``rdf:type`` sorts first among a
        subject's predicates via an empty sort key.
        """
        iri, term, cache = self.iri, self.term, self._iris
        groups: dict[str, list] = {}
        for s, p, o in self.plain:
            groups.setdefault(s, []).append((p, o))
        heads = [(cache.get(s) or iri(s), s) for s in groups]
        for s in self.by_subject:
            if s not in self.inline:
                heads.append((self.label(s), s))
        heads.sort()
        out = [f"@prefix {p}: <{ns}> .\n" for p, ns in self.prefix_order]
        for head, s in heads:
            if isinstance(s, BNode):
                out.append(f"\n{head} {self.body(s, (s,))} .\n")
                continue
            rows = sorted(
                {("" if p == RDF_TYPE else cache.get(p) or iri(p), term(o)) for p, o in groups[s]}
            )
            out.append(f"\n{head}")
            predicate = None
            for p, o in rows:
                if predicate is None:
                    out.append(f" {p or 'a'} {o}")
                elif p != predicate:
                    out.append(f" ;\n    {p or 'a'} {o}")
                else:
                    out.append(f" ,\n        {o}")
                predicate = p
            out.append(" .\n")
        return "".join(out)


def to_turtle(found, prefixes: dict[str, str] | None = None) -> bytes:
    """Sorted, prefixed Turtle (UTF-8): identical bytes for equal graphs.

    ``found`` is an iterable of :mod:`g60kg.graph.terms` triples or an ``rdflib.Graph``.
    """
    if hasattr(found, "namespace_manager"):  # an rdflib Graph
        found = [(from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in found]
    return _Writer(found, prefixes or PREFIXES).document().encode("utf-8")


def write_turtle(found, path: Path) -> None:
    """Write the graph as deterministic Turtle to ``path`` atomically."""
    atomic_write_bytes(path, to_turtle(found))
