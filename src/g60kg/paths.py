"""Where the project's bundled files live.

In a source checkout (``pip install -e .``) the ontology, queries and articles
are read from the checkout, so editing ``ontology/gazetteer.ttl`` takes effect at
once. A wheel carries copies under ``g60kg/_data`` (see pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent.parent


def _locate(name: str) -> Path:
    bundled = _PACKAGE / "_data" / name
    if bundled.is_dir():
        return bundled
    return _CHECKOUT / name


def ontology_dir() -> Path:
    """The folder holding g60kg.ttl, measures.ttl, gazetteer.ttl and shapes.ttl."""
    return _locate("ontology")


def queries_dir() -> Path:
    """The folder of stored SPARQL queries (``*.rq``)."""
    return _locate("queries")


def articles_dir() -> Path:
    """The bundled articles: ``data/articles`` in the checkout."""
    bundled = _PACKAGE / "_data" / "articles"
    if bundled.is_dir():
        return bundled
    return _CHECKOUT / "data" / "articles"


DEFAULT_BUILD_DIR = Path("build")
