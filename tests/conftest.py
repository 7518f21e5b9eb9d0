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


# A real ``oxigraph serve`` process (tests/oxigraph_server.py); importing the
# fixture here makes it available to every test module.
from oxigraph_server import oxigraph_server  # noqa: E402, F401
from virtuoso_server import virtuoso_server  # noqa: E402, F401
