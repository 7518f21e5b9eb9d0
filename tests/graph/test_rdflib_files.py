"""Reading RDF files into rdflib: one refusal per kind of bad file, whichever command reads it."""

from __future__ import annotations

import pytest
import rdflib
from layout import FIXTURES

from g60kg.errors import InputError
from g60kg.graph.rdflib_files import read_graph


def read(files):
    return read_graph(files, keep_ill_typed=True, require_triples=True)


XSD = "http://www.w3.org/2001/XMLSchema#"


def test_an_ill_typed_literal_is_refused_unless_kept(tmp_path):
    data = tmp_path / "ill.ttl"
    data.write_text(f'<http://e/a> <http://e/p> "abc"^^<{XSD}integer> .\n')
    with pytest.raises(InputError) as err:
        read_graph([data])
    assert str(err.value) == (
        f"{data}: the literal 'abc' is not a valid <{XSD}integer>; "
        "`g60kg validate` lists every such value"
    )
    assert len(read([data])) == 1


def test_an_empty_file_is_an_empty_graph_unless_triples_are_required(tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("")
    assert len(read_graph([empty])) == 0


def test_files_are_read_into_one_graph_with_their_prefixes(tmp_path):
    first, second = tmp_path / "a.ttl", tmp_path / "b.nt"
    first.write_text("@prefix ex: <http://example.org/> .\nex:a ex:p ex:b .\n")
    second.write_text("<http://example.org/a> <http://example.org/p> <http://example.org/c> .\n")
    graph = read_graph([first, second])
    assert len(graph) == 2
    assert dict(graph.namespaces())["ex"] == rdflib.URIRef("http://example.org/")


def test_missing_file_is_an_input_error_naming_it(tmp_path):
    with pytest.raises(InputError, match=r"nope\.ttl: no such file$"):
        read([tmp_path / "nope.ttl"])


def test_directory_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read([tmp_path])


def test_empty_file_is_an_input_error(tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("")
    with pytest.raises(InputError, match=r"empty\.ttl: empty file"):
        read([empty])


def test_file_with_only_prefixes_is_an_input_error(tmp_path):
    bare = tmp_path / "bare.ttl"
    bare.write_text("@prefix ex: <http://example.org/> .\n# nothing else\n")
    with pytest.raises(InputError, match=r"bare\.ttl: no RDF triples"):
        read([bare])


def test_turtle_syntax_error_names_file_line_and_column(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b ex:c ex:d .\n")
    with pytest.raises(InputError) as err:
        read([bad])
    assert str(err.value).startswith(f"{bad}: line 3, column 16: ")
    assert "\n" not in str(err.value)


def test_column_counts_characters_not_bytes(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('<http://a> <http://b> "上海" <http://c> .\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.ttl: line 1, column 28: "):
        read([bad])


def test_binary_file_is_an_input_error_on_one_printable_line(tmp_path):
    junk = tmp_path / "junk.ttl"
    junk.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\n\x00")
    with pytest.raises(InputError) as err:
        read([junk])
    message = str(err.value)
    assert message.startswith(f"{junk}: line 1, column 1: ")
    assert message.isprintable()


def test_ntriples_syntax_error_names_line_and_column(tmp_path):
    bad = tmp_path / "bad.nt"
    bad.write_text("<http://a> <http://b> <http://c> .\n<http://a> <http://b> .\n")
    with pytest.raises(InputError, match=r"bad\.nt: line 2, column \d+: "):
        read([bad])


def test_rdf_xml_syntax_error_names_line_and_column(tmp_path):
    bad = tmp_path / "bad.rdf"
    bad.write_text(
        '<?xml version="1.0"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="http://a">\n'
        "</rdf:RDF>\n"
    )
    with pytest.raises(InputError, match=r"bad\.rdf: line 4, column \d+: mismatched tag"):
        read([bad])


def test_several_files_load_into_one_graph():
    graph = read([FIXTURES / "good.ttl", FIXTURES / "inconsistent.ttl"])
    alone = read([FIXTURES / "good.ttl"])
    assert len(graph) == len(alone) + 1  # the shared region gains one type
