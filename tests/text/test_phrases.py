from g60kg.text.phrases import PhraseMatcher


def test_longest_phrase_wins_at_the_same_start():
    m = PhraseMatcher(["Songjiang", "Songjiang District"])
    text = "in Songjiang District of Shanghai"
    assert [x.group() for x in m.finditer(text)] == ["Songjiang District"]


def test_falls_back_to_shorter_phrase_when_longer_is_incomplete():
    m = PhraseMatcher(["Songjiang", "Songjiang District"])
    assert [x.group() for x in m.finditer("Songjiang Dis")] == ["Songjiang"]


def test_matches_whole_words_only():
    m = PhraseMatcher(["Wuhu"])
    assert [x.group() for x in m.finditer("Wuhuan Wuhu's")] == ["Wuhu"]


def test_hyphens_and_spaces_are_interchangeable_and_case_is_ignored():
    m = PhraseMatcher(["foreign-funded enterprises"])
    assert [x.group() for x in m.finditer("Foreign funded  enterprises")] == [
        "Foreign funded  enterprises"
    ]


def test_custom_separators_skip_quotes():
    m = PhraseMatcher(["little giant enterprises"], separators=r"\s\-\"'")
    found = [x.group() for x in m.finditer('45 "little giant" enterprises')]
    assert found == ['little giant" enterprises']


def test_key_is_the_canonical_token_form():
    m = PhraseMatcher([])
    assert m.key("Foreign-Funded   Enterprises") == "foreign funded enterprises"


def test_empty_matcher_finds_nothing():
    assert list(PhraseMatcher([]).finditer("anything at all")) == []


def test_a_determiner_after_a_chosen_token_may_stand_in_the_text():
    m = PhraseMatcher(["output value of industrial enterprises"], determiners_after=("of",))
    found = [x.group() for x in m.finditer("the output value of its industrial enterprises rose")]
    assert found == ["output value of its industrial enterprises"]
    assert m.key(found[0]) == "output value of industrial enterprises"


def test_without_determiners_after_the_phrase_must_be_exact():
    m = PhraseMatcher(["output value of industrial enterprises"])
    assert list(m.finditer("output value of its industrial enterprises")) == []
