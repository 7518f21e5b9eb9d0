"""An article of more numbers or names than extraction reads is refused, counting no further.

Extraction decides every number and publishes every name it finds, so work and
memory grow with those counts, not with the length of the text. The articles
here are generated: one line of bare numbers, the shape that costs most per
byte (10 MB of it held 1.7 million numbers and did not build in 2 GB), and one
line naming a city again and again.
"""

from __future__ import annotations

import datetime
import subprocess
import sys

import pytest

from g60kg.errors import InputError
from g60kg.extract import gazetteer
from g60kg.extract.entities import MAX_NAMES, find_mentions
from g60kg.text import article as article_mod
from g60kg.text.article import MAX_NUMBERS, parse_article
from g60kg.text.normalize import normalize

MESSAGE = (
    "the article holds more than 20,000 numbers; the limit is 20,000 per article "
    "(extraction decides each one): split it into articles"
)


def _numbers(n: int, word: str = "") -> str:
    return "Headline\n\n" + " ".join(f"{word}{k % 97}" for k in range(n)) + "\n"


@pytest.mark.parametrize("command", ["extract", "build"])
def test_an_article_over_the_number_limit_is_refused_in_one_line(tmp_path, command):
    path = tmp_path / "numbers.txt"
    path.write_text(_numbers(MAX_NUMBERS + 1), encoding="utf-8")
    args = [command, str(path), *(["-o", str(tmp_path / "out")] if command == "build" else [])]
    done = subprocess.run(
        [sys.executable, "-m", "g60kg", *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert done.stderr == f"Error: {path}: {MESSAGE}\n"
    assert not (tmp_path / "out" / "g60kg.ttl").exists()


def test_the_limit_is_twenty_thousand_numbers_exactly():
    assert MAX_NUMBERS == 20_000
    parse_article(_numbers(MAX_NUMBERS), slug="a", date=datetime.date(2024, 1, 1))
    with pytest.raises(InputError, match="more than 20,000 numbers"):
        parse_article(_numbers(MAX_NUMBERS + 1), slug="a", date=datetime.date(2024, 1, 1))


def test_number_words_count_and_other_words_do_not():
    words = "Headline\n\n" + "nine first hundred often someone G60 5.5 1,250 " * 5
    assert len(list(article_mod.number_ends(words))) == 5 * 6  # "often", "someone": no
    spelled = "Headline\n\n" + " ".join(["nine"] * (MAX_NUMBERS + 1))
    with pytest.raises(InputError, match="more than 20,000 numbers"):
        parse_article(spelled, slug="a")


def test_counting_stops_after_the_limit(monkeypatch):
    """The work of the check is bounded too: it reads at most one number past the limit."""
    counted = []

    def counting(text):
        for end in original(text):
            counted.append(end)
            yield end

    original = article_mod.number_ends
    monkeypatch.setattr(article_mod, "number_ends", counting)
    with pytest.raises(InputError):
        parse_article(_numbers(3 * MAX_NUMBERS), slug="a")
    assert len(counted) == MAX_NUMBERS + 1


NAMES_MESSAGE = (
    "the article names places, organisations or events more than 20,000 times; the limit "
    "is 20,000 per article (each is published as a mention): split it into articles"
)


@pytest.mark.parametrize("command", ["extract", "build"])
def test_an_article_naming_places_over_the_limit_is_refused_in_one_line(tmp_path, command):
    path = tmp_path / "names.txt"
    path.write_text("Headline\n\n" + "Quzhou " * (MAX_NAMES + 1) + "\n", encoding="utf-8")
    args = [command, str(path), *(["-o", str(tmp_path / "out")] if command == "build" else [])]
    done = subprocess.run(
        [sys.executable, "-m", "g60kg", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr == f"Error: {path}: {NAMES_MESSAGE}\n"
    assert not (tmp_path / "out" / "g60kg.ttl").exists()


def test_the_name_limit_is_twenty_thousand_names_exactly():
    assert MAX_NAMES == 20_000
    text = "Quzhou " * MAX_NAMES
    found = find_mentions(text, normalize(text), gazetteer.load(), [(0, len(text))])
    assert len(found) == MAX_NAMES
    with pytest.raises(InputError, match="more than 20,000 times"):
        more = text + "Quzhou"
        find_mentions(more, normalize(more), gazetteer.load(), [(0, len(more))], source="x")


def test_the_name_search_stops_after_the_limit():
    text = normalize("Quzhou " * (3 * MAX_NAMES))
    assert len(gazetteer.load().find(text, most=MAX_NAMES + 1)) == MAX_NAMES + 1
