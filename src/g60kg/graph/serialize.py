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

All writers take pyoxigraph triples and write atomically, byte-identical on
rebuild. The Turtle itself is :mod:`g60kg.graph.turtle`'s.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox

from g60kg.errors import InputError
from g60kg.fileio import atomic_write_bytes
from g60kg.graph.ntriples import nt_lines, term_value, triple_texts
from g60kg.graph.outputs import FORMAT_FILES
from g60kg.graph.void import statistics_from_lines, void_turtle_from_statistics
from g60kg.namespaces import G60, PREFIXES, PROV, RDF, PrefixedNames
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


def _reference_lines(directory: Path | None) -> tuple[set[str], set[str]]:
    ontology, reference = _reference_triples(directory)
    return set(triple_texts(ontology)), set(triple_texts(reference))


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
    by_text = dict(zip(triple_texts(triples), triples, strict=True))
    graphs = assign_graph_lines(list(by_text), ontology_directory)
    return {name: [by_text[line] for line in lines] for name, lines in graphs.items()}


def assign_graph_lines(
    lines: list[str], ontology_directory: Path | None = None
) -> dict[str, list[str]]:
    """:func:`assign_graphs` on distinct triples given as N-Triples text (see
    :func:`g60kg.graph.ntriples.triple_texts`).

    Terms are compared as their N-Triples text, which is canonical.
    """
    ontology, reference = _reference_lines(ontology_directory)
    spo = [line.split(" ", 2) for line in lines]
    type_text, article_text = f"<{RDF}type>", f"<{G60}NewsArticle>"
    articles = {s for s, p, o in spo if p == type_text and o == article_text}
    article_values = {term_value(a) for a in articles if a.startswith("<")}

    owners: dict[str, set[str]] = {a: {term_value(a)} for a in articles}
    curated_subjects = {line.split(" ", 1)[0] for line in ontology | reference}
    owning_links = {f"<{link.value}>" for link in _OWNING_LINKS}
    for s, p, o in spo:
        if s.startswith("<") and "#" in s:
            base = s[1:-1].split("#", 1)[0]
            if base in article_values:
                owners.setdefault(s, set()).add(base)
        if p in owning_links and o in articles:
            owners.setdefault(s, set()).add(term_value(o))

    g60_text = "<" + G60
    ontology_iri_text = f"<{ONTOLOGY_IRI}>"

    def shared(line: str, s: str) -> str | None:
        if line in ontology:
            return ONTOLOGY_GRAPH
        if line in reference:
            return GAZETTEER_GRAPH
        if s.startswith(g60_text) or s == ontology_iri_text:
            return ONTOLOGY_GRAPH
        return None

    # Propagate ownership to uncurated nodes referenced from owned ones.
    def propagates(target: str) -> bool:
        if target.startswith("<"):
            return target not in curated_subjects and not target.startswith(g60_text)
        if target.startswith("_:"):
            return target not in curated_subjects and not target[2:].startswith(G60)
        return False

    links = [(s, o) for s, _, o in spo if propagates(o)]
    changed = True
    while changed:
        changed = False
        for s, o in links:
            source = owners.get(s)
            if not source:
                continue
            known = owners.setdefault(o, set())
            if not source <= known:
                known |= source
                changed = True

    # Which articles mention a node: spans that refer to it, or its evidence spans.
    mentions: dict[str, set[str]] = {}
    refers_to = f"<{G60}refersTo>"
    evidence = f"<{G60}evidence>"
    for s, p, o in spo:
        if p == refers_to and s in owners:
            mentions.setdefault(o, set()).update(owners[s])
        elif p == evidence and o in owners:
            mentions.setdefault(s, set()).update(owners[o])

    graphs: dict[str, list[str]] = {}
    for line, (s, _, o) in zip(lines, spo, strict=True):
        name = shared(line, s)
        if name is not None:
            graphs.setdefault(name, []).append(line)
            continue
        owning = owners.get(s) or owners.get(o)
        if not owning:
            # A fact between curated entities read from articles (an initiative's
            # member regions): the articles that mention both ends.
            owning = mentions.get(s, set())
            if o.startswith("<"):
                owning = owning & mentions.get(o, set())
        graph = next(iter(owning)) if owning and len(owning) == 1 else GAZETTEER_GRAPH
        graphs.setdefault(graph, []).append(line)
    return {name: sorted(graphs[name]) for name in sorted(graphs)}


def ntriples_bytes(triples: Iterable[ox.Triple]) -> bytes:
    """Canonical N-Triples, one line per distinct triple, lines sorted bytewise."""
    return "".join(nt_lines(triples)).encode("utf-8")


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
    """TriG with one block per named graph: graphs sorted, triples in the order given.

    :func:`assign_graphs` gives them sorted, so the output is stable.
    """
    quads = [
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name))
        for name in sorted(graphs)
        for t in graphs[name]
    ]
    return _trig_from_quads(quads)


def _trig_from_quads(quads: Iterable[ox.Quad]) -> bytes:
    data = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=_trig_prefixes())
    # pyoxigraph writes the @prefix lines in hash order: put them in a stable one.
    lines = data.split(b"\n")
    head = [line for line in lines if line.startswith(b"@prefix ")]
    body = lines[len(head) :]
    return b"\n".join(sorted(head) + body)


def trig_bytes_from_lines(graphs: dict[str, list[str]]) -> bytes:
    """:func:`trig_bytes` for graphs of N-Triples text (:func:`assign_graph_lines`).

    The quads go to pyoxigraph as one N-Quads document, parsed in bulk, rather
    than as a Python object per quad.
    """
    nquads = "".join(
        f"{line} <{name}> .\n" for name in sorted(graphs) for line in graphs[name]
    ).encode("utf-8")
    return _trig_from_quads(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))


def write_trig(
    triples: Iterable[ox.Triple], path: Path, ontology_directory: Path | None = None
) -> Path:
    """Write the build as TriG, one named graph per article (see :func:`assign_graphs`)."""
    return _write_trig_lines(triple_texts(triples), path, ontology_directory)


def _write_trig_lines(lines: list[str], path: Path, ontology_directory: Path | None = None) -> Path:
    graphs = assign_graph_lines(lines, ontology_directory)
    atomic_write_bytes(path, trig_bytes_from_lines(graphs))
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


#: A JSON-LD compact IRI may have any rest but one starting with "//", which
#: would read as an absolute IRI (JSON-LD 1.1, section 4.1.5).
_JSONLD_LOCAL = re.compile(r"(?!//).*", re.DOTALL)


class _Compactor:
    """IRIs as ``prefix:local`` with the context's prefixes (longest namespace wins)."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.iri_name = PrefixedNames(prefixes, _JSONLD_LOCAL, cache_size=1_000_000)

    def iri(self, value: str) -> str:
        return self.iri_name(value) or value

    def node(self, term: ox.NamedNode | ox.BlankNode) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else self.iri(term.value)

    def value(self, term: object) -> object:
        if isinstance(term, ox.Literal):
            if term.language:
                return {"@value": term.value, "@language": term.language}
            if term.datatype.value == _XSD_STRING:
                return term.value
            return {"@value": term.value, "@type": self.iri(term.datatype.value)}
        return {"@id": self.node(term)}  # type: ignore[arg-type]


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


_encode = json.encoder.encode_basestring  # the C string encoder json.dumps uses


def _sort_key(value: object) -> str:
    """``json.dumps(value, sort_keys=True)`` for the strings and flat string dicts values are.

    Written out because it runs for every value of a multi-valued property.
    """
    if isinstance(value, str):
        return _encode(value)
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return "{" + ", ".join(f"{_encode(k)}: {_encode(value[k])}" for k in sorted(value)) + "}"
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _dump(value: object, indent: str, out: list[str]) -> None:
    """Append ``json.dumps(value, ensure_ascii=False, indent=1)`` to ``out``, nested at ``indent``.

    The same bytes as the standard encoder, which runs in pure Python when
    indenting and was most of the JSON-LD time on a large build.
    """
    if isinstance(value, str):
        out.append(_encode(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = indent + " "
        first = True
        for key, item in value.items():
            out.append(("{\n" if first else ",\n") + inner + _encode(key) + ": ")
            first = False
            _dump(item, inner, out)
        out.append("\n" + indent + "}")
    elif isinstance(value, list):
        if not value:
            out.append("[]")
            return
        inner = indent + " "
        first = True
        for item in value:
            out.append(("[\n" if first else ",\n") + inner)
            first = False
            _dump(item, inner, out)
        out.append("\n" + indent + "]")
    else:
        out.append(json.dumps(value))


def jsonld_bytes(triples: Iterable[ox.Triple]) -> bytes:
    """Compact JSON-LD with the published context embedded; nodes and values sorted.

    Written directly from the triples (one node object per subject, prefixed
    names from the context, lexical forms kept as strings so no number is
    re-formatted): linear in the graph, where rdflib's JSON-LD writer would be
    the slowest step of a large build.
    """
    triples = list(triples)
    texts = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8").split("\n")
    return _jsonld_from_text(dict(zip((line[:-2] for line in texts), triples, strict=False)))


def _jsonld_from_text(by_text: dict[str, ox.Triple]) -> bytes:
    """:func:`jsonld_bytes` of distinct triples keyed by their N-Triples text.

    Subjects, predicates and IRI objects are compacted once per distinct term
    text; only literals are read from the pyoxigraph triple.
    """
    ctx = context()["@context"]
    compact = _Compactor(ctx)
    nodes: dict[str, dict[str, list[object]]] = {}
    type_text = f"<{RDF}type>"
    names: dict[str, str] = {}
    values: dict[str, object] = {}
    by_subject: dict[str, dict[str, list[object]]] = {}

    def name(term: str) -> str:
        found = names.get(term)
        if found is None:
            found = term if term.startswith("_:") else compact.iri(term[1:-1])
            names[term] = found
        return found

    for line, t in by_text.items():
        s, p, o = line.split(" ", 2)
        node = by_subject.get(s)
        if node is None:
            node = by_subject[s] = nodes.setdefault(name(s), {})
        if o[0] == '"':
            value = values.get(o)
            if value is None:
                value = values[o] = compact.value(t.object)
            node.setdefault(name(p), []).append(value)
        elif p == type_text:
            node.setdefault("@type", []).append(name(o))
        else:
            value = values.get(o)
            if value is None:
                value = values[o] = {"@id": name(o)}
            node.setdefault(name(p), []).append(value)
    graph = []
    for subject in sorted(nodes):
        entry: dict[str, object] = {"@id": subject}
        properties = nodes[subject]
        for key in sorted(properties):
            given = properties[key]
            entry[key] = given[0] if len(given) == 1 else sorted(given, key=_sort_key)
        graph.append(entry)
    out: list[str] = []
    _dump({"@context": ctx, "@graph": graph}, "", out)
    out.append("\n")
    return "".join(out).encode("utf-8")


def write_jsonld(triples: Iterable[ox.Triple], path: Path) -> Path:
    """Write the build as JSON-LD (context embedded) to ``path`` atomically."""
    atomic_write_bytes(path, jsonld_bytes(triples))
    return path


def write_context(path: Path) -> Path:
    """Write ``context.jsonld`` (used to publish ``ontology/context.jsonld``)."""
    data = json.dumps(context_document(), ensure_ascii=False, indent=2) + "\n"
    atomic_write_bytes(path, data.encode("utf-8"))
    return path


def parse_formats(text: str) -> tuple[str, ...]:
    """``"ttl,nt"`` -> ``("ttl", "nt")``; unknown names are an InputError."""
    names = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [name for name in names if name not in FORMAT_FILES]
    if unknown or not names:
        raise InputError(
            f"unknown format {', '.join(unknown) or '(none)'}: choose from "
            + ", ".join(FORMAT_FILES)
        )
    return names


def write_formats(
    turtle: Path, formats: Iterable[str], *, written: Sequence[Path] = ()
) -> list[Path]:
    """Write JSON-LD, TriG and VoID (those of ``formats``) next to the build's Turtle file.

    The Turtle is parsed back with pyoxigraph's strict parser, so every format
    holds exactly what the Turtle holds; ``void`` is written last so it can
    describe the files: the Turtle, the ``written`` ones beside it (the
    N-Triples) and the formats made here. Returns the files this call wrote.
    The builds pass the Turtle in their staging folder
    (:func:`g60kg.fileio.staged_outputs`), so the formats are made from the
    new Turtle and are published together with it, or not at all.
    """
    formats = [f for f in formats if f in ("jsonld", "trig", "void")]
    if not formats:
        return []
    turtle = Path(turtle)
    triples = read_triples(turtle)
    folder = turtle.parent
    made: list[Path] = []
    # The N-Triples text of each triple, computed once for JSON-LD, TriG and VoID.
    texts = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8").split("\n")
    by_text = dict(zip((line[:-2] for line in texts), triples, strict=False))
    del texts
    lines = list(by_text)
    if "jsonld" in formats:
        path = folder / FORMAT_FILES["jsonld"]
        atomic_write_bytes(path, _jsonld_from_text(by_text))
        made.append(path)
    if "trig" in formats:
        made.append(_write_trig_lines(lines, folder / FORMAT_FILES["trig"]))
    if "void" in formats:
        described = sorted({turtle, *written, *made})
        path = folder / FORMAT_FILES["void"]
        data = void_turtle_from_statistics(statistics_from_lines(lines), described)
        atomic_write_bytes(path, data)
        made.append(path)
    return made
