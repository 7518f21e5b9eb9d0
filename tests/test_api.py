"""The Python API: docs/api.md runs as written, and the names shared with subpackages."""

from __future__ import annotations

import doctest
import inspect
import subprocess
import sys

import pytest
from layout import ROOT, SRC

import g60kg

API = ["build", "extract", "query", "validate", "load", "link"]


def test_the_session_in_docs_api_md_gives_the_output_it_shows():
    failures, tried = doctest.testfile(
        str(ROOT / "docs" / "api.md"),
        module_relative=False,
        optionflags=doctest.ELLIPSIS,
        raise_on_error=False,
        verbose=False,
    )
    assert tried > 20
    assert failures == 0


def test_the_package_exports_the_six_functions():
    assert set(API) <= set(g60kg.__all__)
    for name in API:
        function = getattr(g60kg, name)
        assert inspect.isfunction(function), name
        assert function.__module__ == "g60kg.api"
        assert inspect.signature(function).return_annotation not in (inspect.Signature.empty, None)


@pytest.mark.parametrize(
    "statement",
    [
        "import g60kg.query.engine; assert g60kg.query.engine.run_query",
        "import g60kg.query.engine as e; assert e.run_query",
        "from g60kg.query import engine; assert engine.run_query",
        "import g60kg.validate.check as c; assert c.render_text",
        "import g60kg.extract.pipeline as p; assert p.extract_article",
        "from g60kg import query; import inspect; assert inspect.isfunction(query)",
        "import g60kg.query.engine; from g60kg import query; assert query.__name__ == 'query'",
    ],
)
def test_functions_and_subpackages_of_the_same_name_both_import(statement):
    """In a fresh process, whatever was imported first."""
    result = subprocess.run(
        [sys.executable, "-c", statement],
        env={"PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_a_dotted_path_through_a_shared_name_reaches_the_module(monkeypatch):
    from g60kg.query import engine

    monkeypatch.setattr("g60kg.query.engine.STORE_MIN_BYTES", 7)
    assert engine.STORE_MIN_BYTES == 7


def test_bad_input_is_an_input_error_not_a_print(tmp_path, capsys):
    from g60kg.errors import InputError

    with pytest.raises(InputError, match="no such file or folder"):
        g60kg.build([tmp_path / "missing.txt"], tmp_path / "out")
    with pytest.raises(InputError, match="unknown format xml"):
        g60kg.build([], tmp_path / "out", formats="ttl,xml")
    assert capsys.readouterr() == ("", "")


# --- the options of a query, as keywords or as one value ------------------------------------


def _two_triples(tmp_path):
    data = tmp_path / "two.nt"
    data.write_text('<http://e/a> <http://e/p> "1" .\n<http://e/b> <http://e/p> "2" .\n')
    return data


def test_query_options_as_one_value_answer_as_the_keywords_do(tmp_path):
    data = _two_triples(tmp_path)
    text = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o"
    by_keywords = g60kg.query(None, data, sparql=text, limit=1, offset=1)
    by_value = g60kg.query(None, data, g60kg.QueryOptions(sparql=text, limit=1, offset=1))
    assert [row["o"].value for row in by_keywords.records()] == ["2"]
    assert [row["o"].value for row in by_value.records()] == ["2"]


def test_keywords_given_with_the_options_value_replace_its_fields(tmp_path):
    data = _two_triples(tmp_path)
    options = g60kg.QueryOptions(sparql="SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o", limit=1)
    answer = g60kg.query_stream(None, data, options, offset=1)
    assert [term.value for (term,) in answer] == ["2"]
    assert options.offset is None  # the value given is not changed


@pytest.mark.parametrize("function", ["query", "query_stream"])
def test_an_unknown_query_keyword_is_the_type_error_python_gives(function):
    with pytest.raises(TypeError) as raised:
        getattr(g60kg, function)("articles", sparq="ASK {}")
    assert str(raised.value) == f"{function}() got an unexpected keyword argument 'sparq'"
