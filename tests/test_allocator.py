"""The query command shares one malloc arena between its threads; the library never does."""

from __future__ import annotations

import platform

import pytest
from click.testing import CliRunner

import g60kg
from g60kg import allocator
from g60kg.cli import cli


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_glibc_takes_the_setting():
    assert allocator.share_one_arena() is True


@pytest.fixture
def calls(monkeypatch) -> list[str]:
    made: list[str] = []
    monkeypatch.setattr(allocator, "share_one_arena", lambda: made.append("arena") or True)
    return made


def test_the_query_command_asks_for_one_arena(calls, mini_graph):
    done = CliRunner().invoke(
        cli, ["query", "-e", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "--data", str(mini_graph)]
    )
    assert done.exit_code == 0, done.output
    assert calls == ["arena"]


def test_the_library_leaves_the_allocator_alone(calls, mini_graph):
    result = g60kg.query(None, [mini_graph], sparql="ASK { ?s ?p ?o }")
    assert result.boolean is True
    assert calls == []
