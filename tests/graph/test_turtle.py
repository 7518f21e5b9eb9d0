"""The one Turtle writer: sorted N-Triples lines in, deterministic, parseable Turtle out."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from g60kg.graph.ntriples import nt_lines, triple_texts
from g60kg.graph.rdflib_terms import canonical_lines, triples_from_rdflib
from g60kg.graph.turtle import TurtleWriter, to_turtle, turtle_bytes, write_turtle

G60 = "https://w3id.org/g60kg/ontology#"
R = "https://w3id.org/g60kg/resource/"
XSD = "http://www.w3.org/2001/XMLSchema#"
NT = f"""\
<{R}region/shanghai> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{G60}Municipality> .
<{R}region/shanghai> <http://www.w3.org/2000/01/rdf-schema#label> "Shanghai"@en .
<{R}region/shanghai> <http://www.w3.org/2000/01/rdf-schema#label> "上海市"@zh .
<{R}x> <{G60}quote> "say \\"hi\\"\\nthere" .
<{R}x> <{G60}value> "1290000000000"^^<http://www.w3.org/2001/XMLSchema#decimal> .
<{R}x> <{G60}unit> <http://qudt.org/vocab/unit/CCY_CNY> .
<{R}x> <{G60}evidence> <{R}article/a#char=3,9> .
"""


def _triples(text: str = NT) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES)]


def test_turtle_writer_output_is_the_same_graph():
    out = io.BytesIO()
    writer = TurtleWriter(out)
    for line in sorted(NT.encode().splitlines(keepends=True)):
        writer.add(line)
    writer.close()
    written = rdflib.Graph().parse(data=out.getvalue().decode(), format="turtle")
    assert len(written) == 7
    assert isomorphic(written, rdflib.Graph().parse(data=NT, format="nt"))


def test_turtle_writer_abbreviates_plain_names_only():
    body = to_turtle(_triples(), {"g60": G60, "g60r": R, "xsd": XSD}).decode().split("\n\n", 1)[1]
    assert body == (
        f"<{R}region/shanghai>\n"
        "    a g60:Municipality ;\n"
        '    <http://www.w3.org/2000/01/rdf-schema#label> "Shanghai"@en ;\n'
        '    <http://www.w3.org/2000/01/rdf-schema#label> "上海市"@zh .\n\n'
        "g60r:x\n"
        f"    g60:evidence <{R}article/a#char=3,9> ;\n"
        '    g60:quote "say \\"hi\\"\\nthere" ;\n'
        "    g60:unit <http://qudt.org/vocab/unit/CCY_CNY> ;\n"
        '    g60:value "1290000000000"^^xsd:decimal .\n'
    )


def test_turtle_writer_refuses_a_line_that_is_not_canonical_n_triples():
    writer = TurtleWriter(io.BytesIO())
    with pytest.raises(ValueError, match="not a canonical N-Triples line"):
        writer.add(b"<https://example.org/a> <https://example.org/b> <https://example.org/c>\n")


def test_equal_graphs_give_equal_bytes_whatever_the_order_and_duplicates():
    triples = _triples()
    assert to_turtle(triples) == to_turtle([*reversed(triples), triples[0]])


def test_output_round_trips_through_rdflib_and_pyoxigraph():
    data = to_turtle(_triples())
    assert len(rdflib.Graph().parse(data=data.decode(), format="turtle")) == 7
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.TURTLE)
    assert len(store) == 7


def test_no_prefixes_means_no_prefix_block():
    assert (
        turtle_bytes(nt_lines(_triples()[:1]), {})
        == (f"<{R}region/shanghai>\n    a <{G60}Municipality> .\n").encode()
    )


def test_write_is_atomic_and_leaves_no_temporary_file(tmp_path):
    write_turtle(_triples(), tmp_path / "out" / "g.ttl")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["g.ttl"]


def test_nt_lines_are_sorted_distinct_and_end_in_a_newline():
    triples = _triples()
    lines = nt_lines([*triples, *triples])
    assert lines == sorted(set(NT.splitlines(keepends=True)))


def test_triple_texts_keep_first_seen_order_without_the_final_dot():
    triples = _triples()
    assert triple_texts([triples[1], triples[0], triples[1]]) == [
        NT.splitlines()[1][:-2],
        NT.splitlines()[0][:-2],
    ]


def test_blank_nodes_get_labels_from_their_content():
    source = """
    @prefix owl: <http://www.w3.org/2002/07/owl#> .
    @prefix g60: <https://w3id.org/g60kg/ontology#> .
    g60:Place owl:equivalentClass [ a owl:Class ; owl:unionOf ( g60:Region g60:Initiative ) ] .
    """
    first = triples_from_rdflib(rdflib.Graph().parse(data=source, format="turtle"))
    again = triples_from_rdflib(rdflib.Graph().parse(data=source, format="turtle"))
    assert {t.object for t in first if isinstance(t.object, ox.BlankNode)} != {
        t.object for t in again if isinstance(t.object, ox.BlankNode)
    }
    data = turtle_bytes(canonical_lines(first))
    assert data == turtle_bytes(canonical_lines(again))
    graph = rdflib.Graph().parse(data=data.decode(), format="turtle")
    assert isomorphic(graph, rdflib.Graph().parse(data=source, format="turtle"))
