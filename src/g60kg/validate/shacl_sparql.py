"""SHACL on pyoxigraph: the project's shapes compiled to SPARQL queries.

pyshacl walks rdflib's slowest paths: on this machine it needs about 0.7 s per
generated article (34 s for 50 articles, 15k triples), so a 10,000-article
build would take hours. The shapes in ``ontology/shapes.ttl`` use a small part
of SHACL Core plus SHACL-SPARQL constraints, and each of those parts is one
SPARQL query over the whole graph, which pyoxigraph answers in milliseconds to
seconds. This module compiles exactly that part and refuses any other shape
term (an ``InputError`` naming it), so a shape it does not understand can
never pass silently.

Supported: ``sh:targetClass`` (instances of subclasses included, via
``rdfs:subClassOf*`` in the graph), ``sh:target`` with an ``sh:SPARQLTarget``
(its ``sh:select`` becomes a sub-select), ``sh:property`` with an IRI ``sh:path``,
``sh:minCount``, ``sh:maxCount``, ``sh:datatype``, ``sh:class``,
``sh:nodeKind``, ``sh:pattern`` (``sh:flags``), ``sh:minInclusive``,
``sh:maxInclusive``, ``sh:minExclusive``, ``sh:maxExclusive``, ``sh:in``,
``sh:lessThan``, ``sh:lessThanOrEquals``, ``sh:uniqueLang``,
``sh:languageIn``, ``sh:qualifiedValueShape`` with ``sh:qualifiedMinCount``/
``sh:qualifiedMaxCount`` (value shapes made of the value constraints above),
and ``sh:sparql`` constraints with ``sh:select``. Results are the same
findings pyshacl reports (tests compare both on the same graphs).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph
import pyoxigraph as ox

from g60kg.errors import InputError
from g60kg.namespaces import RDF, RDFS, SH, XSD

#: Shape terms that carry no constraint.
_DESCRIPTIVE = {
    f"{RDF}type",
    f"{RDFS}label",
    f"{RDFS}comment",
    f"{SH}message",
    f"{SH}name",
    f"{SH}description",
    f"{SH}order",
    f"{SH}group",
    f"{SH}severity",
    f"{SH}property",
    f"{SH}targetClass",
    f"{SH}target",
    f"{SH}select",
    f"{SH}path",
    f"{SH}sparql",
}
_VALUE = {f"{SH}{n}" for n in ("datatype", "class", "nodeKind", "pattern", "flags",
                               "minInclusive", "maxInclusive", "minExclusive", "maxExclusive",
                               "in", "languageIn")}  # fmt: skip
_COUNTS = {f"{SH}minCount", f"{SH}maxCount"}
_CASTABLE = {f"{XSD}{n}" for n in ("integer", "decimal", "float", "double", "boolean", "date",
                                   "dateTime")}  # fmt: skip
_PAIRS = {f"{SH}lessThan", f"{SH}lessThanOrEquals"}
_QUALIFIED = {f"{SH}qualifiedValueShape", f"{SH}qualifiedMinCount", f"{SH}qualifiedMaxCount"}
_OTHER = {f"{SH}uniqueLang"}
_SUPPORTED = _DESCRIPTIVE | _VALUE | _COUNTS | _PAIRS | _QUALIFIED | _OTHER


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the focus node, the path, the offending value, the message."""

    focus: Any  # a pyoxigraph term
    path: Any  # a pyoxigraph NamedNode or None
    value: Any  # a pyoxigraph term or None
    message: str


@dataclass(frozen=True)
class Check:
    """One compiled constraint: a SELECT returning ``?this`` (and maybe ``?v``)."""

    query: str
    path: str | None
    message: str
    targets: str | None = None  # for SPARQL constraints: restrict ?this to this class


def _term(node: Any) -> str:
    """A pyoxigraph term as SPARQL syntax."""
    if isinstance(node, ox.NamedNode):
        return f"<{node.value}>"
    if isinstance(node, ox.Literal):
        return str(node)
    raise InputError(f"shapes: blank node {node} cannot appear in a constraint value")


class _Shapes:
    """The shapes graph, read with pyoxigraph."""

    def __init__(self, path: Path) -> None:
        self.store = ox.Store()
        try:
            self.store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
        except (SyntaxError, OSError) as exc:
            raise InputError(f"{path}: {exc}") from None
        self.path = path

    def objects(self, subject: Any, predicate: str) -> list[Any]:
        return sorted(
            (
                q.object
                for q in self.store.quads_for_pattern(subject, ox.NamedNode(predicate), None)
            ),
            key=str,
        )

    def one(self, subject: Any, predicate: str) -> Any:
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def properties(self, subject: Any) -> set[str]:
        return {q.predicate.value for q in self.store.quads_for_pattern(subject, None, None)}

    def items(self, head: Any) -> list[Any]:
        """Members of an RDF list."""
        out = []
        while head is not None and getattr(head, "value", None) != f"{RDF}nil":
            out.append(self.one(head, f"{RDF}first"))
            head = self.one(head, f"{RDF}rest")
        return out

    def check_supported(self, shape: Any) -> None:
        unknown = sorted(p for p in self.properties(shape) if p not in _SUPPORTED)
        if unknown:
            raise InputError(
                f"{self.path}: {shape} uses {', '.join(unknown)}, which the pyoxigraph "
                "SHACL engine does not implement; validate with pyshacl instead"
            )


def _value_violation(shapes: _Shapes, shape: Any, var: str) -> list[str]:
    """SPARQL boolean expressions, one per value constraint, true when ``var`` violates it."""
    exprs = []
    for dt in shapes.objects(shape, f"{SH}datatype"):
        expr = f"!isLiteral({var}) || datatype({var}) != <{dt.value}>"
        if dt.value in _CASTABLE:
            # An ill-typed lexical form ("76,200"^^xsd:decimal) fails the cast.
            expr += f" || COALESCE(STR(<{dt.value}>(STR({var}))) = '', true)"
        exprs.append(f"({expr})")
    for cls in shapes.objects(shape, f"{SH}class"):
        exprs.append(f"NOT EXISTS {{ {var} <{RDF}type>/<{RDFS}subClassOf>* <{cls.value}> }}")
    for kind in shapes.objects(shape, f"{SH}nodeKind"):
        tests = {
            "IRI": "isIRI({v})",
            "Literal": "isLiteral({v})",
            "BlankNode": "isBlank({v})",
            "BlankNodeOrIRI": "(isBlank({v}) || isIRI({v}))",
            "BlankNodeOrLiteral": "(isBlank({v}) || isLiteral({v}))",
            "IRIOrLiteral": "(isIRI({v}) || isLiteral({v}))",
        }
        name = kind.value.removeprefix(SH)
        exprs.append("!" + tests[name].format(v=var))
    flags = shapes.one(shape, f"{SH}flags")
    for pattern in shapes.objects(shape, f"{SH}pattern"):
        extra = f", {_term(flags)}" if flags is not None else ""
        exprs.append(f"(isBlank({var}) || !REGEX(STR({var}), {_term(pattern)}{extra}))")
    for name, op in (("minInclusive", ">="), ("maxInclusive", "<="), ("minExclusive", ">"),
                     ("maxExclusive", "<")):  # fmt: skip
        for bound in shapes.objects(shape, f"{SH}{name}"):
            exprs.append(f"COALESCE(!({var} {op} {_term(bound)}), true)")
    for head in shapes.objects(shape, f"{SH}in"):
        members = ", ".join(_term(m) for m in shapes.items(head))
        exprs.append(f"({var} NOT IN ({members}))")
    for head in shapes.objects(shape, f"{SH}languageIn"):
        tags = " || ".join(f"langMatches(lang({var}), {_term(t)})" for t in shapes.items(head))
        exprs.append(f"!({tags or 'false'})")
    return exprs


def compile_shapes(path: Path) -> list[Check]:
    """Every constraint of the shapes file at ``path`` as a :class:`Check`."""
    shapes = _Shapes(path)
    checks: list[Check] = []
    for unsupported in ("targetNode", "targetSubjectsOf", "targetObjectsOf"):
        pattern = shapes.store.quads_for_pattern(None, ox.NamedNode(f"{SH}{unsupported}"), None)
        found = list(pattern)
        if found:
            raise InputError(
                f"{path}: {found[0].subject} uses sh:{unsupported}, which the pyoxigraph "
                "SHACL engine does not implement; validate with pyshacl instead"
            )
    targeted = sorted(
        {
            q.subject
            for name in ("targetClass", "target")
            for q in shapes.store.quads_for_pattern(None, ox.NamedNode(f"{SH}{name}"), None)
        },
        key=str,
    )
    for node_shape in targeted:
        shapes.check_supported(node_shape)
        if _value_violation(shapes, node_shape, "?this"):
            raise InputError(
                f"{path}: {node_shape}: value constraints on a node shape with a "
                "target are not implemented by the pyoxigraph SHACL engine"
            )
        classes = [cls.value for cls in shapes.objects(node_shape, f"{SH}targetClass")]
        foci = ["{FOCUS:" + cls + "}" for cls in classes]
        for target in shapes.objects(node_shape, f"{SH}target"):
            select = shapes.one(target, f"{SH}select")
            kinds = {t.value for t in shapes.objects(target, f"{RDF}type")}
            if select is None or f"{SH}SPARQLTarget" not in kinds:
                raise InputError(
                    f"{path}: {target}: only an sh:SPARQLTarget with sh:select is "
                    "implemented as an sh:target"
                )
            # A SPARQL target is a sub-select binding ?this.
            foci.append(f"{{ {select.value} }}")
        for focus in foci:
            for prop in shapes.objects(node_shape, f"{SH}property"):
                checks.extend(_property_checks(shapes, prop, focus))
        for constraint in shapes.objects(node_shape, f"{SH}sparql"):
            select = shapes.one(constraint, f"{SH}select")
            if select is None or len(classes) != len(foci):
                raise InputError(
                    f"{path}: {constraint}: only sh:select constraints on sh:targetClass "
                    "shapes are implemented"
                )
            message = shapes.one(constraint, f"{SH}message")
            for cls in classes:
                checks.append(Check(select.value, None, message.value if message else "", cls))
    return checks


def _property_checks(shapes: _Shapes, prop: Any, focus: str) -> Iterator[Check]:
    shapes.check_supported(prop)
    path = shapes.one(prop, f"{SH}path")
    if path is None or not hasattr(path, "value") or not str(path).startswith("<"):
        raise InputError(f"{shapes.path}: {prop}: only IRI paths are implemented")
    p = f"<{path.value}>"
    message_node = shapes.one(prop, f"{SH}message")
    message = message_node.value if message_node is not None else ""
    low = shapes.one(prop, f"{SH}minCount")
    if low is not None:
        yield Check(
            f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {p} ?v }} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {low.value})",
            path.value,
            message,
        )
    high = shapes.one(prop, f"{SH}maxCount")
    if high is not None:
        yield Check(
            f"SELECT ?this WHERE {{ {focus} ?this {p} ?v }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {high.value})",
            path.value,
            message,
        )
    for expr in _value_violation(shapes, prop, "?v"):
        yield Check(
            f"SELECT DISTINCT ?this ?v WHERE {{ {focus} ?this {p} ?v . FILTER ({expr}) }}",
            path.value,
            message,
        )
    for name, op in (("lessThan", "<"), ("lessThanOrEquals", "<=")):
        for other in shapes.objects(prop, f"{SH}{name}"):
            yield Check(
                f"SELECT DISTINCT ?this ?v WHERE {{ {focus} ?this {p} ?v . "
                f"?this <{other.value}> ?w . FILTER (COALESCE(!(?v {op} ?w), true)) }}",
                path.value,
                message,
            )
    unique = shapes.one(prop, f"{SH}uniqueLang")
    if unique is not None and unique.value == "true":
        yield Check(
            f"SELECT ?this WHERE {{ {focus} ?this {p} ?v . FILTER (lang(?v) != '') }} "
            "GROUP BY ?this (lang(?v) AS ?lang) HAVING (COUNT(DISTINCT ?v) > 1)",
            path.value,
            message,
        )
    qualified = shapes.one(prop, f"{SH}qualifiedValueShape")
    if qualified is not None:
        unknown = shapes.properties(qualified) - _VALUE - _DESCRIPTIVE
        if unknown:
            raise InputError(
                f"{shapes.path}: {qualified}: qualified value shapes may only hold value "
                f"constraints, not {', '.join(sorted(unknown))}"
            )
        conforms = " && ".join(f"!{e}" for e in _value_violation(shapes, qualified, "?v"))
        conforms = conforms or "true"
        for name, op in (("qualifiedMinCount", "<"), ("qualifiedMaxCount", ">")):
            bound = shapes.one(prop, f"{SH}{name}")
            if bound is None:
                continue
            yield Check(
                f"SELECT ?this WHERE {{ {focus} "
                f"OPTIONAL {{ ?this {p} ?v . FILTER ({conforms}) }} }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) {op} {bound.value})",
                path.value,
                message,
            )


def subclasses(store: pyoxigraph.Store, cls: str) -> str:
    """``cls`` and its subclasses in ``store`` as a SPARQL VALUES list.

    Matching ``?this rdf:type ?t`` against a fixed list is many times faster
    than the property path ``rdf:type/rdfs:subClassOf*`` on a large graph.
    """
    rows = store.query(f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS}subClassOf>* <{cls}> }}")
    names = sorted({f"<{row['c'].value}>" for row in rows if hasattr(row["c"], "value")})
    return " ".join(names or [f"<{cls}>"])


def _focused(store: pyoxigraph.Store, query: str, cache: dict[str, str]) -> str:
    """Replace each ``{FOCUS:class}`` marker by the focus-node pattern of that class."""
    for marker, pattern in (
        ("{FOCUS:", "VALUES ?this_t {{ {classes} }} ?this <" + RDF + "type> ?this_t ."),
        ("{ISA:", "VALUES ?isa_t {{ {classes} }}"),
    ):
        while marker in query:
            start = query.index(marker)
            end = query.index("}", start)
            cls = query[start + len(marker) : end]
            if cls not in cache:
                cache[cls] = subclasses(store, cls)
            query = query[:start] + pattern.format(classes=cache[cls]) + query[end + 1 :]
    return query


def violations(store: pyoxigraph.Store, checks: list[Check]) -> list[Violation]:
    """Run every check on ``store`` and return the violations, sorted."""
    found: set[tuple] = set()
    out: list[Violation] = []
    cache: dict[str, str] = {}
    for check in checks:
        allowed = None
        if check.targets is not None:
            targets = _focused(store, "{FOCUS:" + check.targets + "}", cache)
            allowed = {
                row["this"] for row in store.query(f"SELECT DISTINCT ?this WHERE {{ {targets} }}")
            }
        results = store.query(_focused(store, check.query, cache))
        names = {v.value for v in results.variables}
        for row in results:
            focus = row["this"]
            if focus is None or (allowed is not None and focus not in allowed):
                continue
            value = row["value"] if "value" in names else row["v"] if "v" in names else None
            path = row["path"] if "path" in names else None
            if path is None and check.path:
                path = ox.NamedNode(check.path)
            key = (str(focus), str(path), str(value), check.message)
            if key not in found:
                found.add(key)
                out.append(Violation(focus, path, value, check.message))
    return sorted(out, key=lambda v: (str(v.focus), str(v.path), str(v.value), v.message))
