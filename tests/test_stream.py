"""Streaming build: input collection, the external merge sort, the Turtle writer."""

from __future__ import annotations

import io

import pytest

from g60kg import stream
from g60kg.errors import InputError
from g60kg.stream import TurtleWriter, collect_articles, merge_sorted

G60 = "https://w3id.org/g60kg/ontology#"
R = "https://w3id.org/g60kg/resource/"
NT = f"""\
<{R}region/shanghai> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{G60}Municipality> .
<{R}region/shanghai> <http://www.w3.org/2000/01/rdf-schema#label> "Shanghai"@en .
<{R}region/shanghai> <http://www.w3.org/2000/01/rdf-schema#label> "上海市"@zh .
<{R}x> <{G60}quote> "say \\"hi\\"\\nthere" .
<{R}x> <{G60}value> "1290000000000"^^<http://www.w3.org/2001/XMLSchema#decimal> .
<{R}x> <{G60}unit> <http://qudt.org/vocab/unit/CCY_CNY> .
<{R}x> <{G60}evidence> <{R}article/a#char=3,9> .
"""


def test_turtle_writer_output_is_the_same_graph():
    from rdflib import Graph
    from rdflib.compare import isomorphic

    out = io.StringIO()
    writer = TurtleWriter(out)
    for line in sorted(NT.splitlines(keepends=True)):
        writer.add(line)
    writer.close()
    written = Graph().parse(data=out.getvalue(), format="turtle")
    assert len(written) == 7
    assert isomorphic(written, Graph().parse(data=NT, format="nt"))


def test_turtle_writer_abbreviates_plain_names_only():
    out = io.StringIO()
    writer = TurtleWriter(out, {"g60": G60, "g60r": R, "xsd": "http://www.w3.org/2001/XMLSchema#"})
    for line in sorted(NT.splitlines(keepends=True)):
        writer.add(line)
    writer.close()
    body = out.getvalue().split("\n\n", 1)[1]
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


def test_merge_sorted_sorts_and_removes_duplicates_across_runs(tmp_path, monkeypatch):
    monkeypatch.setattr(stream, "RUN_LINES", 3)
    files = []
    for i, lines in enumerate([["b\n", "d\n"], ["a\n", "d\n", "e\n"], ["c\n", "c2\n"]]):
        path = tmp_path / f"{i}.nt"
        path.write_text("".join(lines))
        files.append(path)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    merged = list(merge_sorted(files, ["e\n", "0\n"], scratch))
    assert merged == ["0\n", "a\n", "b\n", "c\n", "c2\n", "d\n", "e\n"]
    assert list(scratch.iterdir()) == []  # runs are removed


def test_collect_articles_expands_folders_in_name_order(tmp_path):
    (tmp_path / "b.txt").write_text("B")
    (tmp_path / "a.html").write_text("A")
    (tmp_path / "notes.json").write_text("{}")
    (tmp_path / "z.txt").write_text("Z")
    assert collect_articles([tmp_path]) == [
        tmp_path / "a.html",
        tmp_path / "b.txt",
        tmp_path / "z.txt",
    ]


def test_collect_articles_rejects_missing_path(tmp_path):
    with pytest.raises(InputError, match=r"nope\.txt: no such file or folder"):
        collect_articles([tmp_path / "nope.txt"])


def test_collect_articles_rejects_folder_without_articles(tmp_path):
    with pytest.raises(InputError, match="folder holds no article files"):
        collect_articles([tmp_path])


def test_collect_articles_rejects_two_files_with_one_slug(tmp_path):
    (tmp_path / "A b.txt").write_text("x")
    (tmp_path / "a-b.html").write_text("x")
    with pytest.raises(InputError, match="same article slug 'a-b'"):
        collect_articles([tmp_path])
