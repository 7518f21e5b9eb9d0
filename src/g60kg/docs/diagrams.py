"""Diagrams drawn from the graph: the ontology, and the valley with its members.

One neutral structure (:class:`Diagram`) is filled by SPARQL over the graph and
written out twice, as Mermaid (renders on code hosts) and as Graphviz DOT
(renders to SVG with ``dot``). Both are plain text in a fixed order, so a
changed graph shows up as a readable diff and an unchanged one as none.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from g60kg.docs.sources import curie, label
from g60kg.namespaces import G60, PREFIXES

#: Fill colours per node kind, shared by Mermaid and DOT (and the report's legend).
KIND_COLOURS: dict[str, str] = {
    "class": "#e8eefc",
    "external": "#f2f2f2",
    "initiative": "#e6d7f5",
    "region": "#d6f0d6",
    "event": "#fde2c4",
    "article": "#fff3b0",
}


@dataclass(frozen=True, order=True)
class DiagramNode:
    """A box: ``key`` is its IRI, ``lines`` what it says (first line is the name)."""

    key: str
    lines: tuple[str, ...]
    kind: str


@dataclass(frozen=True, order=True)
class DiagramEdge:
    """An arrow from one node key to another, labelled with the property."""

    source: str
    target: str
    label: str
    dashed: bool = False


@dataclass
class Diagram:
    """Nodes and edges; ``sorted_*`` give the fixed order both writers use."""

    name: str
    nodes: dict[str, DiagramNode] = field(default_factory=dict)
    edges: set[DiagramEdge] = field(default_factory=set)

    def add_node(self, key: str, lines: tuple[str, ...], kind: str) -> None:
        if key not in self.nodes:
            self.nodes[key] = DiagramNode(key, lines, kind)

    def sorted_nodes(self) -> list[DiagramNode]:
        return sorted(self.nodes.values(), key=lambda n: (n.kind, n.lines, n.key))

    def sorted_edges(self) -> list[DiagramEdge]:
        return sorted(e for e in self.edges if e.source in self.nodes and e.target in self.nodes)

    def ids(self) -> dict[str, str]:
        """Readable, unique, syntax-safe identifiers for the node keys."""
        ids: dict[str, str] = {}
        used: set[str] = set()
        for node in self.sorted_nodes():
            base = re.sub(r"[^A-Za-z0-9]+", "_", node.lines[0]).strip("_") or "node"
            base = f"n_{base}"[:60]
            candidate, n = base, 2
            while candidate in used:
                candidate, n = f"{base}_{n}", n + 1
            used.add(candidate)
            ids[node.key] = candidate
        return ids


def _select(graph: Graph, query: str) -> list[tuple[Node, ...]]:
    header = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    return [tuple(row) for row in graph.query(header + query)]


def _class_members(graph: Graph, node: Node) -> list[Node]:
    """A domain or range: the class itself, or the members of an owl:unionOf."""
    if isinstance(node, BNode):
        union = graph.value(node, OWL.unionOf)
        return list(Collection(graph, union)) if union is not None else []
    return [node]


def ontology_diagram(graph: Graph) -> Diagram:
    """Classes of the g60 namespace, their superclasses and the properties between them.

    Object properties become arrows from domain to range; datatype properties
    become lines inside their domain's box; alignments to outside vocabularies
    (subclass, equivalent class) are dashed arrows to grey boxes.
    """
    diagram = Diagram("ontology")
    classes = sorted(
        {c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
        | {c for c in graph.subjects(RDF.type, RDFS.Class) if isinstance(c, URIRef)}
    )
    own = [c for c in classes if str(c).startswith(G60)]
    attributes: dict[str, list[str]] = {str(c): [] for c in own}
    for prop in sorted(set(graph.subjects(RDF.type, OWL.DatatypeProperty))):
        if not str(prop).startswith(G60):
            continue
        ranges = sorted(curie(graph, r) for r in graph.objects(prop, RDFS.range))
        for domain in sorted(graph.objects(prop, RDFS.domain)):
            for cls in _class_members(graph, domain):
                if str(cls) in attributes:
                    text = curie(graph, prop).split(":", 1)[-1]
                    attributes[str(cls)].append(f"{text}: {', '.join(ranges) or 'literal'}")
    for cls in own:
        lines = (curie(graph, cls), *sorted(attributes[str(cls)]))
        diagram.add_node(str(cls), lines, "class")

    def external(node: Node) -> None:
        diagram.add_node(str(node), (curie(graph, node),), "external")

    for cls in own:
        for parent in graph.objects(cls, RDFS.subClassOf):
            if not isinstance(parent, URIRef):
                continue
            if not str(parent).startswith(G60):
                external(parent)
            diagram.edges.add(
                DiagramEdge(str(cls), str(parent), "subClassOf", not str(parent).startswith(G60))
            )
        for other in graph.objects(cls, OWL.equivalentClass):
            if isinstance(other, URIRef):
                if not str(other).startswith(G60):
                    external(other)
                diagram.edges.add(DiagramEdge(str(cls), str(other), "equivalentClass", True))
    for prop in sorted(set(graph.subjects(RDF.type, OWL.ObjectProperty))):
        if not str(prop).startswith(G60):
            continue
        domains = [m for d in graph.objects(prop, RDFS.domain) for m in _class_members(graph, d)]
        ranges = [m for r in graph.objects(prop, RDFS.range) for m in _class_members(graph, r)]
        for domain in domains or [OWL.Thing]:
            for range_ in ranges or [OWL.Thing]:
                if not isinstance(domain, URIRef) or not isinstance(range_, URIRef):
                    continue
                for end in (domain, range_):
                    if str(end) not in diagram.nodes:
                        external(end)
                name = curie(graph, prop).split(":", 1)[-1]
                diagram.edges.add(DiagramEdge(str(domain), str(range_), name))
    return diagram


def valley_diagram(graph: Graph) -> Diagram:
    """Each initiative with its member regions and their parents, the events and the articles.

    The article is linked to the initiatives and events it has evidence for,
    so the picture shows where each box came from.
    """
    diagram = Diagram("valley")

    def node(n: Node, kind: str) -> str:
        diagram.add_node(str(n), tuple(textwrap.wrap(label(graph, n), 32)) or ("?",), kind)
        return str(n)

    for initiative, member in _select(
        graph,
        "SELECT ?i ?m WHERE { ?i a/rdfs:subClassOf* g60:Initiative . "
        "OPTIONAL { ?i g60:memberRegion ?m } }",
    ):
        node(initiative, "initiative")
        if member is not None:
            diagram.edges.add(
                DiagramEdge(node(initiative, "initiative"), node(member, "region"), "memberRegion")
            )
    members_or_initiatives = [n.key for n in list(diagram.nodes.values())]
    for child, parent in _select(graph, "SELECT ?c ?p WHERE { ?c g60:locatedIn ?p }"):
        if str(child) in members_or_initiatives:
            diagram.edges.add(DiagramEdge(str(child), node(parent, "region"), "locatedIn"))
    events = _select(graph, "SELECT DISTINCT ?e WHERE { ?e a/rdfs:subClassOf* g60:Event }")
    for (event,) in events:
        node(event, "event")
    for (event,) in events:
        for prop, kind in (
            ("about", "initiative"),
            ("partOf", "event"),
            ("inSeries", "event"),
            ("location", "region"),
        ):
            for (target,) in _select(graph, f"SELECT ?t WHERE {{ <{event}> g60:{prop} ?t }}"):
                diagram.edges.add(DiagramEdge(str(event), node(target, kind), prop))
    shown = {k for k, n in diagram.nodes.items() if n.kind in ("initiative", "event")}
    for article, thing in _select(
        graph,
        "SELECT DISTINCT ?a ?x WHERE { ?a a/rdfs:subClassOf* g60:NewsArticle . "
        "OPTIONAL { ?x g60:evidence ?s . ?s g60:inArticle ?a } }",
    ):
        node(article, "article")
        if thing is not None and str(thing) in shown:
            diagram.edges.add(DiagramEdge(str(article), str(thing), "reports"))
    return diagram


def _mermaid_text(text: str) -> str:
    """Mermaid label text: its entity codes for characters its parser would take as syntax."""
    out = []
    for ch in text:
        if ch == '"':
            out.append("#quot;")
        elif ch in "<>&#|[](){}`;":
            out.append(f"#{ord(ch)};")
        else:
            out.append(ch)
    return "".join(out)


def to_mermaid(diagram: Diagram) -> str:
    """The diagram as a Mermaid flowchart (left to right)."""
    ids = diagram.ids()
    lines = ["flowchart LR"]
    for node in diagram.sorted_nodes():
        text = "<br>".join(_mermaid_text(line) for line in node.lines)
        lines.append(f'    {ids[node.key]}["{text}"]:::k_{node.kind}')
    for edge in diagram.sorted_edges():
        arrow = "-.->" if edge.dashed else "-->"
        lines.append(
            f'    {ids[edge.source]} {arrow}|"{_mermaid_text(edge.label)}"| {ids[edge.target]}'
        )
    for kind in sorted({n.kind for n in diagram.nodes.values()}):
        lines.append(f"    classDef k_{kind} fill:{KIND_COLOURS[kind]},stroke:#555")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def to_dot(diagram: Diagram) -> str:
    """The diagram as a Graphviz digraph; boxes link to their IRIs in the SVG."""
    ids = diagram.ids()
    lines = [
        f"digraph {diagram.name} {{",
        "    rankdir=LR;",
        '    node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];',
        '    edge [fontname="Helvetica", fontsize=9];',
    ]
    for node in diagram.sorted_nodes():
        if node.kind == "class":  # name, then attribute lines: left-aligned
            text = "\\l".join(_dot_text(line) for line in node.lines)
            text += "\\l" if len(node.lines) > 1 else ""
        else:
            text = "\\n".join(_dot_text(line) for line in node.lines)
        attrs = f'label="{text}", fillcolor="{KIND_COLOURS[node.kind]}"'
        if node.key.startswith(("http://", "https://")):
            attrs += f', URL="{_dot_text(node.key)}", tooltip="{_dot_text(node.key)}"'
        lines.append(f"    {ids[node.key]} [{attrs}];")
    for edge in diagram.sorted_edges():
        style = ", style=dashed" if edge.dashed else ""
        label_attr = f'label="{_dot_text(edge.label)}"'
        lines.append(f"    {ids[edge.source]} -> {ids[edge.target]} [{label_attr}{style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def dot_program() -> str | None:
    """The path of Graphviz ``dot`` if it is on PATH."""
    return shutil.which("dot")


def render_svg(dot_source: str, program: str) -> bytes:
    """Lay out DOT with Graphviz; a failure is an error of the diagram, not of the user."""
    result = subprocess.run(
        [program, "-Tsvg"], input=dot_source.encode("utf-8"), capture_output=True, check=True
    )
    return result.stdout
