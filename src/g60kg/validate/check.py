"""Check a knowledge graph against the g60kg shapes and ontology.

Two checks, because they catch different faults. SHACL (pyshacl, with
``ontology/g60kg.ttl`` as the ontology graph so ``sh:class`` follows its
subclass axioms) checks that each node carries what the data model promises:
one unit, a decimal value, offsets that select the quote. The OWL reasoner
(HermiT, shipped with owlready2) checks that the graph does not contradict the
ontology: a node that is both a region and an event, a value of the wrong
datatype. HermiT needs Java; without it the SHACL check still runs and the
report says the OWL check was skipped.

The function returns a :class:`ValidationReport`; rendering it as text or JSON
is separate so the CLI only prints.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import owlready2
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import SH

from g60kg import paths
from g60kg.errors import InputError
from g60kg.graph.rdflib_files import read_graph
from g60kg.inputs import quiet_rdflib as _quiet_rdflib  # ill-typed literals are findings
from g60kg.namespaces import OWL, RDF, RDFS, XSD, prefixed_name

#: Outcome of the OWL check.
CONSISTENT = "consistent"
INCONSISTENT = "inconsistent"
SKIPPED = "skipped"


@dataclass(frozen=True)
class Finding:
    """One reason the graph is not valid, with IRIs in compact form."""

    check: str  # "shacl" or "owl"
    focus: str  # the node at fault
    path: str  # the property concerned ("" when there is none)
    message: str
    value: str = ""  # the offending value, when there is one


@dataclass(frozen=True)
class ValidationReport:
    """What ``g60kg validate`` found in a set of files."""

    files: tuple[str, ...]
    triples: int
    findings: tuple[Finding, ...]
    owl: str  # CONSISTENT, INCONSISTENT or SKIPPED
    note: str = ""  # why the OWL check was skipped
    shacl_violations: int = 0

    @property
    def valid(self) -> bool:
        """True when there is no SHACL violation and the OWL check found no fault."""
        return not self.findings

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view, stable for machines."""
        return {
            "valid": self.valid,
            "files": list(self.files),
            "triples": self.triples,
            "shacl": {"violations": self.shacl_violations},
            "owl": {"reasoner": "HermiT", "result": self.owl, "note": self.note},
            "findings": [asdict(f) for f in self.findings],
        }


def default_inputs(build_dir: Path = paths.DEFAULT_BUILD_DIR) -> list[Path]:
    """The built graph if there is one, else the bundled ontology files.

    Validating the ontology files alone is still useful: it proves the shapes
    and the ontology agree with each other.
    """
    built = Path(build_dir) / "g60kg.ttl"
    if built.is_file():
        return [built]
    return sorted(paths.ontology_dir().glob("*.ttl"))


def validate(files: Sequence[Path] | None = None, *, reason: bool = True) -> ValidationReport:
    """Validate ``files`` (default: :func:`default_inputs`) with SHACL and HermiT.

    Raises :class:`InputError` when a file is missing, a directory, empty or
    not RDF, so the caller can tell unusable input from an invalid graph.
    """
    # Ill-typed literals are findings: rdflib's tracebacks and warnings for each are noise.
    with _quiet_rdflib():
        return _validate(files, reason=reason)


def _validate(files: Sequence[Path] | None, *, reason: bool) -> ValidationReport:
    inputs = [Path(f) for f in files] if files else default_inputs()
    if not inputs:
        raise InputError(f"{paths.ontology_dir()}: no .ttl files to validate")
    # Ill-typed literals kept: here they are findings.
    data = read_graph(inputs, keep_ill_typed=True, require_triples=True)
    ontology = read_graph([paths.ontology_dir() / "g60kg.ttl"])
    shapes = read_graph([paths.ontology_dir() / "shapes.ttl"])

    findings = shacl_findings(data, shapes, ontology)
    shacl_count = len(findings)
    owl, note = SKIPPED, ""
    if reason:
        if java_executable() is None:
            note = "java not found on PATH: OWL consistency check skipped, SHACL only"
        else:
            owl, owl_found = owl_findings(data, ontology)
            findings += owl_found
    else:
        note = "OWL consistency check not requested"
    return ValidationReport(
        files=tuple(_display(f) for f in inputs),
        triples=len(data),
        findings=tuple(
            sorted(findings, key=lambda f: (f.check != "shacl", f.focus, f.path, f.message))
        ),
        owl=owl,
        note=note,
        shacl_violations=shacl_count,
    )


def _display(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# --- SHACL ------------------------------------------------------------------


def shacl_findings(
    data: rdflib.Graph, shapes: rdflib.Graph, ontology: rdflib.Graph
) -> list[Finding]:
    """Run pyshacl and turn each violation into a Finding.

    ``advanced=True`` enables the SPARQL targets of the shapes (SHACL Advanced
    Features): they find bad quotes and digests with one query each, where a
    SPARQL constraint would be parsed again for every span.
    """
    import pyshacl  # 0.15 s to import, and the oxigraph engine never runs it

    with _quiet_rdflib():
        _conforms, results, _text = pyshacl.validate(
            data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True
        )
        findings = []
        for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
            if results.value(result, SH.resultSeverity) != SH.Violation:
                continue
            value = results.value(result, SH.value)
            findings.append(
                Finding(
                    check="shacl",
                    focus=compact(results.value(result, SH.focusNode)),
                    path=compact(results.value(result, SH.resultPath)),
                    message=str(results.value(result, SH.resultMessage) or ""),
                    value="" if value is None else compact(value),
                )
            )
    return findings


# --- OWL --------------------------------------------------------------------


def java_executable() -> str | None:
    """The Java that owlready2 will run HermiT with, or None."""
    return shutil.which(owlready2.JAVA_EXE)


def owl_findings(data: rdflib.Graph, ontology: rdflib.Graph) -> tuple[str, list[Finding]]:
    """Check ontology + data with HermiT; explain an inconsistency where we can.

    The union goes to owlready2 as one N-Triples file (its native bulk
    format) in a fresh World, so nothing is kept between calls. HermiT only
    says *that* the graph is inconsistent; :func:`explain_inconsistency` finds
    the usual cause (a node in two disjoint classes) so the report can name it.
    """
    union = data | ontology
    ill_typed = _ill_typed(union)
    for s, p, o, _ in ill_typed:
        union.remove((s, p, o))
    with tempfile.TemporaryDirectory(prefix="g60kg-owl-") as tmp:
        ntriples = Path(tmp) / "graph.nt"
        with _quiet_rdflib():
            union.serialize(ntriples, format="nt", encoding="utf-8")
        world = owlready2.World()
        try:
            world.get_ontology(ntriples.as_uri()).load(format="ntriples")
            # xsd:date and xsd:gYear are outside the OWL 2 datatype map; HermiT
            # treats them as opaque instead of failing (SHACL checks them).
            owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=True)
            unsatisfiable = sorted(compact(c.iri) for c in world.inconsistent_classes())
        except owlready2.OwlReadyInconsistentOntologyError:
            found = explain_inconsistency(union) + [f for *_, f in ill_typed] or [
                Finding(
                    "owl",
                    "",
                    "",
                    "OWL: HermiT finds the ontology and data inconsistent "
                    "(no node in two disjoint classes; check datatypes and functional properties)",
                )
            ]
            return INCONSISTENT, found
        except owlready2.OwlReadyJavaError as exc:
            detail = next(
                (line for line in str(exc).splitlines() if "Exception" in line), "see Java output"
            )
            raise InputError(f"HermiT could not reason over the graph: {detail.strip()}") from None
        finally:
            world.close()
    found = [f for *_, f in ill_typed]
    if unsatisfiable:
        return INCONSISTENT, found + [
            Finding("owl", iri, "", "OWL: the class is unsatisfiable (no individual can be in it)")
            for iri in unsatisfiable
        ]
    return (INCONSISTENT, found) if found else (CONSISTENT, [])


def _ill_typed(graph: rdflib.Graph) -> list[tuple[Any, Any, Any, Finding]]:
    """Literals whose text is not a value of their datatype (``"abc"^^xsd:integer``).

    In OWL 2 such a literal makes the graph inconsistent, so each is a
    finding; they are taken out before the graph goes to owlready2, whose
    N-Triples reader stops on them, so HermiT still checks everything else.
    """
    found = []
    for s, p, o in graph:
        if isinstance(o, Literal) and o.ill_typed:
            message = f"OWL: the literal is not a valid {compact(o.datatype)}"
            found.append((s, p, o, Finding("owl", compact(s), compact(p), message, compact(o))))
    return found


def explain_inconsistency(graph: rdflib.Graph) -> list[Finding]:
    """The usual causes of an inconsistency HermiT reports, located in the graph.

    HermiT only answers "inconsistent"; these two checks name the node and
    property: a node in two disjoint classes, and a literal outside the
    datatype range of its property.
    """
    return _disjoint_clashes(graph) + _datatype_clashes(graph)


def _disjoint_clashes(graph: rdflib.Graph) -> list[Finding]:
    """Nodes that are instances of two disjoint classes.

    A node's classes come from its rdf:type and from the domains and ranges of
    the properties it is used with, closed under rdfs:subClassOf.
    """
    rdf_type = URIRef(RDF + "type")
    subclass = URIRef(RDFS + "subClassOf")
    pairs = set(graph.subject_objects(URIRef(OWL + "disjointWith")))
    pairs |= {(b, a) for a, b in pairs}
    if not pairs:
        return []
    domains = dict(graph.subject_objects(URIRef(RDFS + "domain")))
    ranges = dict(graph.subject_objects(URIRef(RDFS + "range")))
    supers: dict[Any, set[Any]] = {}

    def closure(cls: Any) -> set[Any]:
        if cls not in supers:
            supers[cls] = set(graph.transitive_objects(cls, subclass))
        return supers[cls]

    classes: dict[Any, set[Any]] = {}
    for s, p, o in graph:
        if p == rdf_type:
            classes.setdefault(s, set()).update(closure(o))
        if p in domains:
            classes.setdefault(s, set()).update(closure(domains[p]))
        if p in ranges and isinstance(o, URIRef):
            classes.setdefault(o, set()).update(closure(ranges[p]))

    findings = []
    for node, types in classes.items():
        clashes = {tuple(sorted((compact(a), compact(b)))) for a, b in pairs if {a, b} <= types}
        findings += [
            Finding(
                "owl",
                compact(node),
                "rdf:type",
                f"OWL: the node is both a {a} and a {b}, which are disjoint classes",
            )
            for a, b in sorted(clashes)
        ]
    return findings


_INTEGER_TYPES = frozenset(
    XSD + name
    for name in [
        "integer",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    ]
)
#: Literal datatypes each checked range admits (HermiT's OWL 2 datatype map).
_RANGE_ADMITS = {
    XSD + "decimal": _INTEGER_TYPES | {XSD + "decimal"},
    XSD + "integer": _INTEGER_TYPES,
    XSD + "string": frozenset({XSD + "string"}),
    XSD + "boolean": frozenset({XSD + "boolean"}),
}


def _datatype_clashes(graph: rdflib.Graph) -> list[Finding]:
    """Literals whose datatype lies outside the range of their property, or ill-typed."""
    ranges = {
        p: str(r)
        for p, r in graph.subject_objects(URIRef(RDFS + "range"))
        if str(r) in _RANGE_ADMITS
    }
    findings = []
    for prop, rng in ranges.items():
        for s, o in graph.subject_objects(prop):
            if not isinstance(o, Literal):
                continue
            datatype = str(o.datatype or (RDF + "langString" if o.language else XSD + "string"))
            if datatype in _RANGE_ADMITS[rng] and not o.ill_typed:
                continue
            findings.append(
                Finding(
                    "owl",
                    compact(s),
                    compact(prop),
                    f"OWL: the value is not in the range {compact(URIRef(rng))} of {compact(prop)}",
                    compact(o),
                )
            )
    return findings


# --- rendering --------------------------------------------------------------


def compact(term: Any) -> str:
    """An rdflib term for the report: IRIs as prefix:local where one fits, literals in N3 form."""
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = term.n3()
        if term.datatype is not None:
            text = text.replace(f"<{term.datatype}>", compact(URIRef(term.datatype)))
        return text
    return prefixed_name(str(term)) or f"<{term}>"


def render_text(report: ValidationReport) -> str:
    """The human report: one block per finding, then a summary."""
    lines = []
    for finding in report.findings:
        lines.append(f"{finding.check.upper():5}  {finding.focus or '(graph)'}")
        if finding.path:
            lines.append(f"       path:    {finding.path}")
        if finding.value:
            lines.append(f"       value:   {finding.value}")
        lines.append(f"       message: {finding.message}")
    files = ", ".join(report.files)
    lines.append(f"{files}: {report.triples} triples")
    shacl = report.shacl_violations
    lines.append("SHACL: " + (f"{shacl} violation(s)" if shacl else "conforms"))
    lines.append(f"OWL (HermiT): {report.owl}")
    lines.append("valid" if report.valid else f"invalid: {len(report.findings)} finding(s)")
    return "\n".join(lines)


__all__ = [
    "CONSISTENT",
    "INCONSISTENT",
    "SKIPPED",
    "Finding",
    "ValidationReport",
    "compact",
    "default_inputs",
    "explain_inconsistency",
    "render_text",
    "validate",
]
