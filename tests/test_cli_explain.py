"""``g60kg extract --explain`` and the ``rejected`` list of ``--format json``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from g60kg.cli import cli

# Our own sentences.
ARTICLE = """\
---
date: 2024-03-15
---
Wuhu sets a record

Wuhu's exports rose 12.5 percent to 90 billion yuan in 2023, ranking second in Anhui Province.

The city has grown for five straight years and aims to add 300 firms by 2026.
"""


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "wuhu-record.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_explain_prints_every_number_in_text_order_with_its_decision(article):
    result = CliRunner().invoke(cli, ["extract", str(article), "--explain"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "wuhu-record: 7 numbers, 2 observations, 5 rejected",
        '[40:52] "12.5 percent" observation: Wuhu | exports | 12.5% | change | '
        "2023-01-01..2023-12-31 (subject: a possessive before the measure)",
        '[56:71] "90 billion yuan" observation: Wuhu | exports | 90000000000 CNY | level | '
        "2023-01-01..2023-12-31 (subject: the figure before it, stated again)",
        '[75:79] "2023" rejected: year (in the time expression “in 2023”)',
        '[89:95] "second" rejected: rank (“ranking” before it)',
        '[139:143] "five" rejected: duration (“years” after it)',
        '[175:184] "300 firms" rejected: goal, not a fact (a word of intent before it)',
        '[188:192] "2026" rejected: year (in the time expression “by 2026”)',
    ]


def test_json_carries_the_rejected_numbers_and_the_subject_rule(article):
    result = CliRunner().invoke(cli, ["extract", str(article), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["rejected"] == [
        {
            "text": "2023",
            "begin": 75,
            "end": 79,
            "reason": "year",
            "rule": "in the time expression “in 2023”",
        },
        {"text": "second", "begin": 89, "end": 95, "reason": "rank", "rule": "“ranking” before it"},
        {
            "text": "five",
            "begin": 139,
            "end": 143,
            "reason": "duration",
            "rule": "“years” after it",
        },
        {
            "text": "300 firms",
            "begin": 175,
            "end": 184,
            "reason": "goal, not a fact",
            "rule": "a word of intent before it",
        },
        {
            "text": "2026",
            "begin": 188,
            "end": 192,
            "reason": "year",
            "rule": "in the time expression “by 2026”",
        },
    ]
    assert [o["rule"] for o in data["observations"]] == [
        "a possessive before the measure",
        "the figure before it, stated again",
    ]
    text = ARTICLE.split("---\n", 2)[2]
    for r in data["rejected"]:
        assert text[r["begin"] : r["end"]] == r["text"]


def test_explain_with_json_is_one_line_exit_2(article):
    result = CliRunner().invoke(cli, ["extract", str(article), "--explain", "--format", "json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Error: --explain prints text; the JSON already lists every rejected number\n"
    )
