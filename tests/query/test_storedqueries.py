import pytest

from g60kg.errors import InputError
from g60kg.query.engine import parse_value
from g60kg.query.sparqlscan import query_form, variables
from g60kg.query.stored import (
    Param,
    find_query,
    format_listing,
    list_queries,
    load,
    parse_header,
)

HEADER = """# title: Indicators of a region
# description: Every observation of the region,
#   with its period.
# param: ?region — the region (g60r:region/hefei)
# param: ?threshold - minimum change in percent (50)
# param: ?measure — the measure, optional (any)
PREFIX g60: <https://w3id.org/g60kg/ontology#>
# title: not part of the header
SELECT * { ?s ?p ?o }
"""


def test_header_gives_title_description_and_params_with_defaults():
    title, description, params = parse_header(HEADER)
    assert title == "Indicators of a region"
    assert description == "Every observation of the region, with its period."
    assert params == (
        Param("region", "the region", "g60r:region/hefei"),
        Param("threshold", "minimum change in percent", "50"),
        Param("measure", "the measure, optional", None),
    )


def test_malformed_param_line_names_file_and_line():
    with pytest.raises(InputError, match=r"^q\.rq:2: a param line must read"):
        parse_header("# title: x\n# param: region without a question mark\n", "q.rq")


def test_unknown_name_suggests_closest(tmp_path):
    (tmp_path / "member-regions.rq").write_text("# title: t\nSELECT * {}\n")
    (tmp_path / "metrics.rq").write_text("# title: t\nSELECT * {}\n")
    with pytest.raises(InputError) as err:
        find_query("membr-regions", tmp_path)
    assert str(err.value) == (
        "unknown query 'membr-regions'; did you mean member-regions? (g60kg queries lists them)"
    )
    with pytest.raises(InputError, match=r"^unknown query 'zzz' \(g60kg"):
        find_query("zzz", tmp_path)


def test_federated_queries_are_named_by_their_subfolder(tmp_path):
    (tmp_path / "federated").mkdir()
    (tmp_path / "federated" / "labels.rq").write_text("# title: Labels\nSELECT * {}\n")
    (tmp_path / "a.rq").write_text("# title: A\nSELECT * {}\n")
    assert [q.name for q in list_queries(tmp_path)] == ["a", "federated/labels"]
    assert find_query("federated/labels", tmp_path).title == "Labels"
    with pytest.raises(InputError, match="unknown query"):
        find_query("../a", tmp_path / "federated")


def test_listing_aligns_names_titles_and_params(tmp_path):
    (tmp_path / "one.rq").write_text("# title: First\n# param: ?x — x (5)\nSELECT ?x {}\n")
    (tmp_path / "second.rq").write_text(
        "# title: Second query\n# param: ?y — y (any)\nSELECT ?y {}\n"
    )
    assert format_listing(list_queries(tmp_path)) == (
        "NAME    TITLE         PARAMS\none     First         ?x=5\nsecond  Second query  ?y\n"
    )


def test_missing_query_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match=r"nope\.rq: no such query file$"):
        load(tmp_path / "nope.rq")


# --- the project's stored queries -------------------------------------------------------------

STORED = list_queries()


def test_at_least_fourteen_stored_queries():
    assert len(STORED) >= 14


@pytest.mark.parametrize("stored", STORED, ids=lambda q: q.name)
def test_stored_query_has_header_and_declared_params(stored):
    assert stored.title and stored.description
    assert query_form(stored.text) in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
    mentioned = variables(stored.text)
    for param in stored.params:
        assert param.name in mentioned
        if param.default is not None:
            parse_value(param.default)  # a default must be a valid --param value
        if query_form(stored.text) == "SELECT":
            # pyoxigraph binds only projected variables: a parameter must be a column
            select_clause = stored.text.split("SELECT", 1)[1].split("WHERE", 1)[0]
            assert f"?{param.name}" in select_clause.split()


def test_a_part_of_a_name_suggests_the_names_containing_it(tmp_path):
    for name in ("region-indicators", "members-per-region", "events"):
        (tmp_path / f"{name}.rq").write_text("# title: t\nSELECT * {}\n")
    with pytest.raises(InputError, match=r"did you mean members-per-region, region-indicators\?"):
        find_query("region", tmp_path)
