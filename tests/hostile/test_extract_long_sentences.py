"""Extraction does bounded work per number, however long a sentence is.

Each number reads only the text and times within a few hundred characters of it,
so one sentence of 300,000 characters holding tens of thousands of numbers and
times is read in seconds. Before those bounds, work grew with the square of the
sentence and such input ran for minutes. The sentences are generated here.
"""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

WORDS = [
    "Quzhou", "exports", "grew", "by", "5.5", "percent", "to", "12", "billion", "yuan",
    "in", "2023", "and", "the", "city's", "output", "1,250", "since", "2019",
]  # fmt: skip


def one_sentence(n_words: int, seed: int) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(n_words))


@pytest.mark.parametrize("n_words", [60_000])
def test_a_sentence_of_300_kb_of_numbers_and_times_is_read(tmp_path, n_words):
    article = tmp_path / "long.txt"
    article.write_text("Head\n\n" + one_sentence(n_words, seed=5) + ".\n", encoding="utf-8")
    # Generous: the bounded reader needs a few seconds; the unbounded one took minutes.
    done = subprocess.run(
        [sys.executable, "-m", "g60kg", "extract", str(article), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    assert '"observations"' in done.stdout
