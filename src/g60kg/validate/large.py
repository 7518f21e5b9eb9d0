"""``g60kg validate`` for corpus builds: SHACL on pyoxigraph, HermiT on a sample.

The full check (:func:`g60kg.validate.check.validate`) runs pyshacl and HermiT over
every triple. Measured here on generated articles: 248 s for a 200-article
build (56k triples), about 0.7 s per article in pyshacl alone, and HermiT
needs 200 s and 1 GiB for the ontology plus 10k individuals. A 10,000-article
build (about 3M triples) would take hours. So for large graphs:

* SHACL: every shape runs over **all** triples as SPARQL on an on-disk
  pyoxigraph store (:mod:`g60kg.validate.shacl_sparql`), which reports the same
  findings as pyshacl.
* OWL: HermiT checks the ontology files (ontology, gazetteer, measures, units)
  plus a bounded, evenly spaced sample of articles with everything they
  produced (article node, spans, observations, the measures, events and
  entities they refer to). The ontology's axioms are what can make data
  inconsistent (disjoint classes, functional properties, datatypes), and every
  article is made by the same extraction code, so a sample exercises them
  without paying HermiT's cost per individual for every article.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib

from g60kg import paths
from g60kg.errors import InputError
from g60kg.graph.formats import format_of
from g60kg.graph.rdf import ontology_triples
from g60kg.graph.rdflib_files import read_graph
from g60kg.graph.rdflib_terms import rdflib_graph, to_rdflib
from g60kg.inputs import oversized_term, quiet_rdflib, regular_file
from g60kg.namespaces import G60, OWL, PROV, RDF, XSD
from g60kg.validate.check import (
    CONSISTENT,
    INCONSISTENT,
    SKIPPED,
    Finding,
    ValidationReport,
    compact,
    default_inputs,
    java_executable,
    owl_findings,
    validate,
)
from g60kg.validate.options import ENGINES
from g60kg.validate.shacl_sparql import compile_shapes, subclasses, violations

#: Above this many triples ``g60kg validate`` takes this path (pyshacl needs ~1 min at 20k).
LARGE_TRIPLES = 50_000
#: Articles HermiT checks by default.
DEFAULT_SAMPLE = 20
#: ``engine`` of :func:`validate_any`: pick by size, or pyshacl, or SHACL as SPARQL on pyoxigraph.


def load_store(store: Any, files: Sequence[Path]) -> None:
    """Bulk-load ``files`` into a pyoxigraph ``store``; InputError names a bad file."""
    for path in map(Path, files):
        if path.is_dir():
            raise InputError(f"{path}: is a directory, not an RDF file")
        regular_file(path)
        fmt = format_of(path) or ox.RdfFormat.TURTLE
        try:
            store.bulk_load(path=str(path), format=fmt)
        except SyntaxError as exc:
            raise InputError(f"{path}: {exc}") from None
        except MemoryError as exc:
            raise oversized_term(path, exc) or exc from None


def shacl_findings(store: Any) -> list[Finding]:
    """The shapes of ``ontology/shapes.ttl`` run on ``store`` as SPARQL."""
    checks = compile_shapes(paths.ontology_dir() / "shapes.ttl")
    return [
        Finding(
            check="shacl",
            focus=compact(to_rdflib(v.focus)),
            path=compact(to_rdflib(v.path)),
            message=v.message,
            value="" if v.value is None else compact(to_rdflib(v.value)),
        )
        for v in violations(store, checks)
    ]


def disjoint_findings(store: Any) -> list[Finding]:
    """Nodes typed in two disjoint classes, over the whole graph (HermiT's usual complaint).

    One query per ``owl:disjointWith`` pair, each class widened to its
    subclasses. Only ``rdf:type`` counts here; classes implied by domains and
    ranges are left to HermiT on the sample (and to the SHACL ``sh:class``
    constraints, which check every value).
    """
    pairs = sorted(
        {
            tuple(sorted((row["a"].value, row["b"].value)))
            for row in store.query(f"SELECT ?a ?b WHERE {{ ?a <{OWL}disjointWith> ?b }}")
            if hasattr(row["a"], "value") and hasattr(row["b"], "value")
        }
    )
    findings = []
    for a, b in pairs:
        query = (
            f"SELECT DISTINCT ?x WHERE {{ VALUES ?ta {{ {subclasses(store, a)} }} "
            f"VALUES ?tb {{ {subclasses(store, b)} }} "
            f"?x <{RDF}type> ?ta . ?x <{RDF}type> ?tb }}"
        )
        first, second = sorted((compact(_rdflib_iri(a)), compact(_rdflib_iri(b))))
        findings += [
            Finding(
                "owl",
                compact(to_rdflib(row["x"])),
                "rdf:type",
                f"OWL: the node is both a {first} and a {second}, which are disjoint classes",
            )
            for row in store.query(query)
        ]
    return sorted(set(findings), key=repr)


def ill_typed_findings(store: Any) -> list[Finding]:
    """Literals anywhere in the graph whose text is not a value of their XSD type.

    The pyshacl engine finds them as OWL findings, because HermiT sees every
    triple; here HermiT sees only a sample, and pyoxigraph keeps such a
    literal as it was written, so each distinct XSD-typed literal of the
    whole store is checked with rdflib's reading of its datatype, the same
    test the pyshacl engine makes, so both engines report the same literals.
    """
    rows = store.query(
        f"SELECT DISTINCT ?o WHERE {{ ?s ?p ?o FILTER (isLiteral(?o) "
        f"&& STRSTARTS(STR(DATATYPE(?o)), '{XSD}') && DATATYPE(?o) != <{XSD}string>) }}"
    )
    bad = [row["o"] for row in rows if to_rdflib(row["o"]).ill_typed]
    findings = []
    for literal in bad:
        message = (
            f"OWL: the literal is not a valid {compact(rdflib.URIRef(literal.datatype.value))}"
        )
        for s, p, o, _ in store.quads_for_pattern(None, None, literal):
            findings.append(
                Finding(
                    "owl",
                    compact(to_rdflib(s)),
                    compact(to_rdflib(p)),
                    message,
                    compact(to_rdflib(o)),
                )
            )
    return findings


def _rdflib_iri(iri: str) -> Any:
    return rdflib.URIRef(iri)


def sample_articles(store: Any, size: int) -> list[str]:
    """``size`` article IRIs evenly spaced in IRI order (all of them if fewer)."""
    rows = store.query(
        f"SELECT ?a WHERE {{ ?a a <{G60}NewsArticle> . FILTER isIRI(?a) }} ORDER BY STR(?a)"
    )
    articles = [row["a"].value for row in rows]
    if len(articles) <= size:
        return articles
    return [articles[i * len(articles) // size] for i in range(size)]


def sample_graph(store: Any, articles: Sequence[str]) -> Any:
    """Everything the sampled articles produced, as an rdflib graph.

    The article nodes, their spans and observations with all their triples;
    the measures, events, organisations and entities those point to, with
    their evidence links into the sample but not to articles outside it.
    """
    values = " ".join(f"<{a}>" for a in articles)
    own = f"""
        SELECT DISTINCT ?s WHERE {{
            VALUES ?a {{ {values} }}
            {{ ?a a <{G60}NewsArticle> . BIND(?a AS ?s) }} UNION {{ ?s <{G60}inArticle> ?a }}
            UNION {{ ?s <{PROV}wasDerivedFrom> ?a }}
        }}"""
    queries = [
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ {own} }} ?s ?p ?o }}",
        f"""CONSTRUCT {{ ?x ?p ?o }} WHERE {{
            {{ {own} }} ?s ?q ?x . FILTER isIRI(?x)
            ?x ?p ?o . FILTER (?p != <{G60}evidence>)
        }}""",
        f"CONSTRUCT {{ ?x <{G60}evidence> ?s }} WHERE {{ {{ {own} }} ?x <{G60}evidence> ?s }}",
    ]
    return rdflib_graph(triple for query in queries for triple in store.query(query))


def validate_large(
    files: Sequence[Path] | None = None,
    *,
    reason: bool = True,
    sample: int = DEFAULT_SAMPLE,
) -> ValidationReport:
    """SHACL on every triple with pyoxigraph; HermiT on the ontology plus ``sample`` articles."""
    # Ill-typed literals are findings: rdflib's logged tracebacks for each are noise.
    with quiet_rdflib():
        return _validate_large(files, reason=reason, sample=sample)


def _validate_large(files: Sequence[Path] | None, *, reason: bool, sample: int) -> ValidationReport:
    inputs = [Path(f) for f in files] if files else default_inputs()
    # In memory: twice as fast as an on-disk store for these scans, about
    # 0.5 KiB per triple (1.3 GiB for a 10,000-article build).
    store = ox.Store()
    load_store(store, inputs)
    triples = len(store)
    if triples == 0:
        raise InputError(f"{inputs[0]}: no RDF triples in the file")
    # sh:class and sh:targetClass follow rdfs:subClassOf: the ontology must be there.
    load_store(store, [paths.ontology_dir() / "g60kg.ttl"])
    findings = shacl_findings(store)
    shacl_count = len(findings)
    owl, note = SKIPPED, "OWL consistency check not requested"
    if reason:
        if java_executable() is None:
            note = "java not found on PATH: OWL consistency check skipped, SHACL only"
        else:
            articles = sample_articles(store, sample)
            data = sample_graph(store, articles)
            data += rdflib_graph(ontology_triples())
            ontology = read_graph([paths.ontology_dir() / "g60kg.ttl"])
            owl, owl_found = owl_findings(data, ontology)
            clashes = disjoint_findings(store) + ill_typed_findings(store)
            if clashes:
                owl = INCONSISTENT
            findings += sorted(set(owl_found) | set(clashes), key=repr)
            note = (
                f"large graph: SHACL and disjoint classes on all {triples} triples with "
                f"pyoxigraph; OWL (HermiT) on the ontology files and {len(articles)} "
                f"sampled articles ({len(data)} triples)"
            )
    return ValidationReport(
        files=tuple(str(f) for f in inputs),
        triples=triples,
        findings=tuple(
            sorted(findings, key=lambda f: (f.check != "shacl", f.focus, f.path, f.message))
        ),
        owl=owl,
        note=note,
        shacl_violations=shacl_count,
    )


def count_triples(files: Sequence[Path]) -> int:
    """Triples in ``files`` (parsed with pyoxigraph, not kept); 0 if one is unreadable.

    A FIFO or device is refused before it is opened (reading it would block
    or never end), and a term over pyoxigraph's buffer is refused in one line:
    neither validator could read such a file.
    """
    total = 0
    for path in map(Path, files):
        if path.exists() and not path.is_dir():
            regular_file(path)
        fmt = format_of(path) or ox.RdfFormat.TURTLE
        try:
            total += sum(1 for _ in ox.parse(path=str(path), format=fmt))
        except (SyntaxError, OSError, ValueError):
            return 0  # let the full validator report the file and line
        except MemoryError as exc:
            raise oversized_term(path, exc) or exc from None
    return total


def validate_any(
    files: Sequence[Path] | None = None, *, engine: str = "auto", sample: int = DEFAULT_SAMPLE
) -> ValidationReport:
    """What ``g60kg validate`` runs: full pyshacl + HermiT for small graphs, else the above."""
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if engine == "auto":
        inputs = [Path(f) for f in files] if files else default_inputs()
        engine = "oxigraph" if count_triples(inputs) > LARGE_TRIPLES else "pyshacl"
    if engine == "pyshacl":
        return validate(files)
    return validate_large(files, sample=sample)


__all__ = ["CONSISTENT", "validate_any", "validate_large"]
