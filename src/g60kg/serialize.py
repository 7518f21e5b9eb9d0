"""Publishing formats beside the Turtle: sorted N-Triples, TriG and JSON-LD.

Why each:

* **N-Triples, sorted** (``g60kg.nt``): one triple per line, so two builds
  diff line by line, and every bulk loader reads it (``split`` it for a
  parallel load). Written by pyoxigraph (canonical N-Triples, fast), sorted
  bytewise, duplicates dropped.
* **TriG** (``g60kg.trig``): one named graph per article (graph IRI = the
  article IRI) so a store can replace or drop one article's facts, plus
  :data:`ONTOLOGY_GRAPH` for the ontology and :data:`GAZETTEER_GRAPH` for the
  gazetteer, measures and units. The rule is :func:`assign_graphs`.
* **JSON-LD** (``g60kg.jsonld``): for web developers. Its ``@context`` is the
  published ``ontology/context.jsonld`` embedded whole, so the file parses
  offline, with no fetch of a remote context (processors differ on whether,
  and how safely, they fetch one).

All writers take pyoxigraph triples (an rdflib graph converts with
:func:`triples_from_rdflib`) and write atomically, byte-identical on rebuild.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from g60kg.fileio import atomic_write_bytes
from g60kg.namespaces import G60, PREFIXES, PROV, RDF
from g60kg.paths import ontology_dir

ONTOLOGY_GRAPH = "https://w3id.org/g60kg/graph/ontology"
GAZETTEER_GRAPH = "https://w3id.org/g60kg/graph/gazetteer"
ONTOLOGY_IRI = G60.rstrip("#")
CONTEXT_FILE = "context.jsonld"

#: Ontology files whose triples go to the ontology graph; every other ``*.ttl``
#: under ``ontology/`` (gazetteer, measures, units) goes to the gazetteer graph.
ONTOLOGY_FILES = ("g60kg.ttl", "shapes.ttl")

_NEWS_ARTICLE = ox.NamedNode(G60 + "NewsArticle")
_TYPE = ox.NamedNode(RDF + "type")
_OWNING_LINKS = (ox.NamedNode(PROV + "wasDerivedFrom"), ox.NamedNode(G60 + "inArticle"))


def triples_from_rdflib(graph) -> list[ox.Triple]:  # type: ignore[no-untyped-def]
    """Convert an rdflib graph to pyoxigraph triples (through N-Triples, the fast way)."""
    data = graph.serialize(format="nt", encoding="utf-8")
    return [quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


def read_triples(path: Path) -> list[ox.Triple]:
    """Parse a Turtle or N-Triples file with pyoxigraph's strict parser."""
    return [quad.triple for quad in ox.parse(path=str(path))]


def _reference_triples(directory: Path | None) -> tuple[set[ox.Triple], set[ox.Triple]]:
    directory = ontology_dir() if directory is None else directory
    ontology: set[ox.Triple] = set()
    reference: set[ox.Triple] = set()
    if not directory.is_dir():
        return ontology, reference
    for path in sorted(directory.glob("*.ttl")):
        target = ontology if path.name in ONTOLOGY_FILES else reference
        target.update(q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    return ontology, reference


def assign_graphs(
    triples: Iterable[ox.Triple], ontology_directory: Path | None = None
) -> dict[str, list[ox.Triple]]:
    """Split a build into named graphs: one per article, the ontology, the gazetteer.

    * A triple read from ``ontology/g60kg.ttl`` (or ``shapes.ttl``), or about a
      ``g60:`` term, goes to :data:`ONTOLOGY_GRAPH`; one read from the other
      ontology files (gazetteer, measures, units) to :data:`GAZETTEER_GRAPH`.
    * An article owns itself, its spans (``<article#char=…>``) and what is
      ``prov:wasDerivedFrom`` it or ``g60:inArticle`` it (its observations),
      and, transitively, the nodes those reference that no curated file
      describes (new uncurated measures, events named only in the article). A
      triple whose subject (or else object) one article owns goes to that
      article's graph.
    * A fact between curated entities that no curated file states (an
      initiative's member regions, read from an article) goes to the article
      that mentions both ends (``g60:evidence`` / ``g60:refersTo`` spans).
    * A triple that several articles own (a new measure two articles use, a
      membership two articles state) goes to the gazetteer graph, the graph of
      shared reference data, as does anything left.

    So every triple is in exactly one graph: the graphs partition the build.
    That matters because stores answer a query over the union of graphs with
    one row per quad (Oxigraph's union default graph does), so a triple in two
    graphs would count twice. Graphs map to lists sorted by N-Triples text, so
    output order is stable.
    """
    triples = list(dict.fromkeys(triples))
    ontology, reference = _reference_triples(ontology_directory)
    articles = {t.subject for t in triples if t.predicate == _TYPE and t.object == _NEWS_ARTICLE}
    article_values = {a.value for a in articles if isinstance(a, ox.NamedNode)}

    owners: dict[object, set[str]] = {a: {a.value} for a in articles}
    curated_subjects = {t.subject for t in ontology | reference}
    for t in triples:
        node = t.subject
        if isinstance(node, ox.NamedNode) and "#" in node.value:
            base = node.value.split("#", 1)[0]
            if base in article_values:
                owners.setdefault(node, set()).add(base)
        if t.predicate in _OWNING_LINKS and t.object in articles:
            owners.setdefault(node, set()).add(t.object.value)

    def shared(t: ox.Triple) -> str | None:
        if t in ontology:
            return ONTOLOGY_GRAPH
        if t in reference:
            return GAZETTEER_GRAPH
        subject = t.subject
        if isinstance(subject, ox.NamedNode) and (
            subject.value.startswith(G60) or subject.value == ONTOLOGY_IRI
        ):
            return ONTOLOGY_GRAPH
        return None

    # Propagate ownership to uncurated nodes referenced from owned ones.
    changed = True
    while changed:
        changed = False
        for t in triples:
            source = owners.get(t.subject)
            target = t.object
            if (
                not source
                or not isinstance(target, ox.NamedNode | ox.BlankNode)
                or target in curated_subjects
                or target.value.startswith(G60)
            ):
                continue
            known = owners.setdefault(target, set())
            if not source <= known:
                known |= source
                changed = True

    # Which articles mention a node: spans that refer to it, or its evidence spans.
    mentions: dict[object, set[str]] = {}
    refers_to = ox.NamedNode(G60 + "refersTo")
    evidence = ox.NamedNode(G60 + "evidence")
    for t in triples:
        if t.predicate == refers_to and t.subject in owners:
            mentions.setdefault(t.object, set()).update(owners[t.subject])
        elif t.predicate == evidence and t.object in owners:
            mentions.setdefault(t.subject, set()).update(owners[t.object])

    graphs: dict[str, set[ox.Triple]] = {}
    for t in triples:
        name = shared(t)
        if name is not None:
            graphs.setdefault(name, set()).add(t)
            continue
        owning = owners.get(t.subject) or owners.get(t.object)
        if not owning:
            # A fact between curated entities read from articles (an initiative's
            # member regions): the articles that mention both ends.
            owning = mentions.get(t.subject, set())
            if isinstance(t.object, ox.NamedNode):
                owning = owning & mentions.get(t.object, set())
        graph = next(iter(owning)) if owning and len(owning) == 1 else GAZETTEER_GRAPH
        graphs.setdefault(graph, set()).add(t)
    return {name: sorted(graphs[name], key=str) for name in sorted(graphs)}


def ntriples_bytes(triples: Iterable[ox.Triple]) -> bytes:
    """Canonical N-Triples, one line per distinct triple, lines sorted bytewise."""
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    lines = sorted(set(data.splitlines()))
    return b"".join(line + b"\n" for line in lines if line)


def write_ntriples(triples: Iterable[ox.Triple], path: Path) -> Path:
    """Write sorted N-Triples to ``path`` atomically."""
    atomic_write_bytes(path, ntriples_bytes(triples))
    return path


def _trig_prefixes() -> dict[str, str]:
    # pyoxigraph escapes "/" in local names (g60r:region\/x): legal Turtle, but
    # ugly and a known stumbling block for older loaders, so IRIs under g60r:
    # are written in full.
    return {name: iri for name, iri in PREFIXES.items() if name != "g60r"}


def trig_bytes(graphs: dict[str, list[ox.Triple]]) -> bytes:
    """TriG with one block per named graph, graphs and triples in sorted order."""
    quads = [
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name))
        for name in sorted(graphs)
        for t in sorted(graphs[name], key=str)
    ]
    data = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=_trig_prefixes())
    # pyoxigraph writes the @prefix lines in hash order: put them in a stable one.
    lines = data.split(b"\n")
    head = [line for line in lines if line.startswith(b"@prefix ")]
    body = lines[len(head) :]
    return b"\n".join(sorted(head) + body)


def write_trig(
    triples: Iterable[ox.Triple], path: Path, ontology_directory: Path | None = None
) -> Path:
    """Write the build as TriG, one named graph per article (see :func:`assign_graphs`)."""
    atomic_write_bytes(path, trig_bytes(assign_graphs(triples, ontology_directory)))
    return path


def context() -> dict:
    """The published JSON-LD context: ``ontology/context.jsonld``, else the project prefixes."""
    path = ontology_dir() / CONTEXT_FILE
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    return context_document()


def context_document() -> dict:
    """The JSON-LD context generated from the project prefixes (what ``context.jsonld`` holds)."""
    return {"@context": dict(PREFIXES)}


def _sort_json(value):  # type: ignore[no-untyped-def]
    if isinstance(value, dict):
        return {key: _sort_json(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        items = [_sort_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def jsonld_bytes(triples: Iterable[ox.Triple]) -> bytes:
    """Compact JSON-LD with the published context embedded; nodes and values sorted."""
    import rdflib

    graph = rdflib.Graph()
    graph.parse(data=ntriples_bytes(triples), format="nt")
    ctx = context()["@context"]
    document = json.loads(graph.serialize(format="json-ld", context=ctx, auto_compact=True))
    nodes = document.get("@graph")
    if nodes is None:
        nodes = (
            [{k: v for k, v in document.items() if k != "@context"}] if len(document) > 1 else []
        )
    nodes = [_sort_json(node) for node in nodes]
    nodes.sort(key=lambda node: node.get("@id", ""))
    out = {"@context": ctx, "@graph": nodes}
    return (json.dumps(out, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write_jsonld(triples: Iterable[ox.Triple], path: Path) -> Path:
    """Write the build as JSON-LD (context embedded) to ``path`` atomically."""
    atomic_write_bytes(path, jsonld_bytes(triples))
    return path


def write_context(path: Path) -> Path:
    """Write ``context.jsonld`` (used to publish ``ontology/context.jsonld``)."""
    data = json.dumps(context_document(), ensure_ascii=False, indent=2) + "\n"
    atomic_write_bytes(path, data.encode("utf-8"))
    return path


#: Formats ``g60kg build --format`` knows, with the file each writes.
FORMAT_FILES = {
    "ttl": "g60kg.ttl",
    "nt": "g60kg.nt",
    "jsonld": "g60kg.jsonld",
    "trig": "g60kg.trig",
    "void": "void.ttl",
}


def parse_formats(text: str) -> tuple[str, ...]:
    """``"ttl,nt"`` -> ``("ttl", "nt")``; unknown names are an InputError."""
    from g60kg.errors import InputError

    names = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [name for name in names if name not in FORMAT_FILES]
    if unknown or not names:
        raise InputError(
            f"unknown format {', '.join(unknown) or '(none)'}: choose from "
            + ", ".join(FORMAT_FILES)
        )
    return names


def write_formats(turtle: Path, formats: Iterable[str]) -> list[Path]:
    """Write the other publishing formats next to the build's Turtle file.

    The Turtle is parsed back with pyoxigraph's strict parser, so every format
    holds exactly what the Turtle holds; ``void`` is written last so it can
    describe the files. Returns the files written (not the Turtle itself).
    """
    from g60kg.void import write_void

    formats = [f for f in formats if f != "ttl"]
    if not formats:
        return []
    turtle = Path(turtle)
    triples = read_triples(turtle)
    folder = turtle.parent
    written: list[Path] = []
    writers = {"nt": write_ntriples, "jsonld": write_jsonld, "trig": write_trig}
    for name in ("nt", "jsonld", "trig"):
        if name in formats:
            written.append(writers[name](triples, folder / FORMAT_FILES[name]))
    if "void" in formats:
        described = [turtle, *written]
        written.append(write_void(triples, folder / FORMAT_FILES["void"], described))
    return written
