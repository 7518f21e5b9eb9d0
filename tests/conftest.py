"""Shared fixtures. The seed graph is built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from g60kg.paths import articles_dir

SEED_ARTICLE = articles_dir() / "g60-article-2023-11-22.txt"


@pytest.fixture(scope="session")
def seed_article() -> Path:
    return SEED_ARTICLE


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Path:
    """The folder of a build of the bundled article (holds ``g60kg.ttl``)."""
    from g60kg.build import build

    out = tmp_path_factory.mktemp("seed-build")
    build([SEED_ARTICLE], out)
    return out


@pytest.fixture(scope="session")
def seed_graph_file(seed_build: Path) -> Path:
    return seed_build / "g60kg.ttl"


FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def mini_graph() -> Path:
    """A small hand-written graph in the data-model shape (engine/format/safety tests)."""
    return FIXTURES / "mini.ttl"


@pytest.fixture(autouse=True)
def _query_cache_in_tmp(tmp_path_factory, monkeypatch):
    """Keep query stores of files outside a build out of the user's ~/.cache."""
    monkeypatch.setenv("G60KG_CACHE_DIR", str(tmp_path_factory.mktemp("g60kg-cache")))
