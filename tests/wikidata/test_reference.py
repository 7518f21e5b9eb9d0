"""The reference table of verified Wikidata IDs."""

from __future__ import annotations

import pytest

from g60kg.errors import InputError
from g60kg.wikidata.reference import load_reference, qid_key


def test_shipped_table_verifies_the_member_cities_and_the_properties():
    table = load_reference()
    assert {"Q42622", "Q662380", "Q16963", "P31", "P131", "P2046"} <= table.verified_ids
    assert "Q11104659" not in table.verified_ids  # named only in a note, as the wrong item


def test_term_gives_a_verified_property_or_none():
    table = load_reference()
    assert table.term("property: area") == "P2046"
    assert table.term("class: municipal district") is None  # listed, status unknown
    assert table.term("property: point in time") == "P585"
    assert table.term("unit: percentage point") is None  # listed, no verified item
    assert table.term("property: GDP growth rate") is None  # not listed


def test_row_names_and_context_split_the_parenthesis():
    row = load_reference().row_for("Q42622")
    assert row is not None and row.line == 4
    assert row.names() == ({"suzhou", "苏州市"}, "Jiangsu")


def test_abbreviation_in_parentheses_is_a_name_not_a_context():
    (row,) = [r for r in load_reference().rows if r.entity.endswith("(CIIE)")]
    names, context = row.names()
    assert "ciie" in names and context is None


def test_reference_table_errors_name_file_and_line(tmp_path):
    path = tmp_path / "ref.tsv"
    path.write_text(
        "entity\tqid\twikidata_label\tstatus\tnote\nHefei\tX185684\tHefei\tverified\tx\n"
    )
    with pytest.raises(InputError, match=r"ref\.tsv:2: 'X185684' is not a Wikidata ID"):
        load_reference(path)
    path.write_text("entity\tqid\n")
    with pytest.raises(InputError, match=r"ref\.tsv:1: header must be entity qid"):
        load_reference(path)


def test_qid_key_sorts_numerically():
    assert sorted(["Q10", "Q9", "P2"], key=qid_key) == ["P2", "Q9", "Q10"]
