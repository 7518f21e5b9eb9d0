"""--limit and --offset: the query's own LIMIT/OFFSET rewritten to the intersection of windows."""

from __future__ import annotations

import itertools

import pytest

from g60kg.errors import InputError
from g60kg.query.engine import run_query
from g60kg.query.sparqlscan import window

ORDERED = "SELECT ?n { ?item <https://example.org/n> ?n } ORDER BY ?n"


@pytest.mark.parametrize(
    ("text", "limit", "offset", "expected"),
    [
        ("SELECT * { ?s ?p ?o }", 5, None, "SELECT * { ?s ?p ?o }\n LIMIT 5 "),
        ("SELECT * { ?s ?p ?o } # last", None, 2, "SELECT * { ?s ?p ?o } # last\n OFFSET 2 "),
        (
            "SELECT * { ?s ?p ?o } ORDER BY ?s LIMIT 10 OFFSET 5",
            20,
            3,
            "SELECT * { ?s ?p ?o } ORDER BY ?s  LIMIT 7 OFFSET 8  ",
        ),
        (
            "SELECT * { ?s ?p ?o } offset 5 limit 10",
            2,
            20,
            "SELECT * { ?s ?p ?o }  LIMIT 0 OFFSET 25  ",
        ),
        (
            "SELECT ?s { { SELECT ?s { ?s ?p ?o } LIMIT 3 } } VALUES ?s { <x:a> }",
            2,
            1,
            "SELECT ?s { { SELECT ?s { ?s ?p ?o } LIMIT 3 } } "
            " LIMIT 2 OFFSET 1 VALUES ?s { <x:a> }",
        ),
        (
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 10",
            None,
            4,
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }  LIMIT 6 OFFSET 4 ",
        ),
    ],
)
def test_the_window_is_written_into_the_outermost_modifiers(text, limit, offset, expected):
    assert window(text, limit, offset) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ASK { ?s ?p ?o }", "--limit and --offset page a SELECT, CONSTRUCT or DESCRIBE, not ASK"),
        ("DELETE WHERE { ?s ?p ?o }", "page a SELECT, CONSTRUCT or DESCRIBE, not DELETE"),
        ("SELECT * {} LIMIT ?x", "the query's LIMIT is not a whole number: ?x"),
    ],
)
def test_what_cannot_be_paged_is_refused(text, message):
    with pytest.raises(ValueError, match=message.replace("?", r"\?")):
        window(text, 1, None)


def test_an_ask_with_limit_is_one_line_from_the_engine(tmp_path):
    data = tmp_path / "d.nt"
    data.write_text("<x:a> <x:b> <x:c> .\n")
    with pytest.raises(InputError, match=r"^<query>: --limit and --offset page a SELECT"):
        run_query("ASK { ?s ?p ?o }", [data], limit=1)


@pytest.fixture(scope="module")
def numbers(tmp_path_factory):
    data = tmp_path_factory.mktemp("window") / "numbers.nt"
    integer = "<http://www.w3.org/2001/XMLSchema#integer>"
    data.write_text(
        "".join(f'<x:item{i}> <https://example.org/n> "{i}"^^{integer} .\n' for i in range(30))
    )
    return data


def _ns(result) -> list[int]:  # type: ignore[no-untyped-def]
    return [int(row[0].value) for row in result.rows]


@pytest.mark.parametrize("engine", ["pyoxigraph", "rdflib"])
def test_every_window_of_a_windowed_query_is_the_slice_of_its_rows(numbers, engine):
    full = list(range(30))
    windows = [None, 0, 4, 25, 40]
    for own_limit, own_offset in itertools.product([None, 10, 0], [None, 3, 28]):
        text = ORDERED
        if own_limit is not None:
            text += f" LIMIT {own_limit}"
        if own_offset is not None:
            text += f" OFFSET {own_offset}"
        start = own_offset or 0
        own = full[start : None if own_limit is None else start + own_limit]
        assert _ns(run_query(text, [numbers], engine=engine, store="never")) == own
        for limit, offset in itertools.product(windows, windows):
            if limit is None and offset is None:
                continue
            got = run_query(text, [numbers], engine=engine, limit=limit, offset=offset)
            skip = offset or 0
            expected = own[skip : None if limit is None else skip + limit]
            assert _ns(got) == expected, (text, limit, offset)
