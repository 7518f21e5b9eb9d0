"""g60kg: news about a region's development, as a knowledge graph.

The Python API, one function per job (see docs/api.md)::

    from g60kg import build, extract, query, query_stream, validate, load, link
    from g60kg import QueryOptions  # how to ask a query, as one value

``extract``, ``query`` and ``validate`` are also the names of subpackages
(``g60kg/extract``, ``g60kg/query``, ``g60kg/validate``). On this package the
names are the functions. Each of the three functions also answers for its
subpackage's names (its attribute dictionary *is* the subpackage's), so every
way of reaching a module keeps working: ``from g60kg.query.engine import
run_query``, ``import g60kg.query.engine as engine``, ``g60kg.query.engine``
after ``import g60kg.query.engine``, and dotted paths in ``mock.patch`` or
pytest's ``monkeypatch``.
"""

# The subpackages first: importing one binds its name on this package, once;
# the functions then take the names for good (later imports of a subpackage's
# modules do not bind the name again).
from g60kg import extract as _extract_package
from g60kg import query as _query_package
from g60kg import validate as _validate_package
from g60kg.api import Validation, build, extract, link, load, query, query_stream, validate
from g60kg.query.options import QueryOptions
from g60kg.version import __version__

for _function, _package in (
    (extract, _extract_package),
    (query, _query_package),
    (validate, _validate_package),
):
    # A function's attributes live in its __dict__; sharing the package's makes
    # g60kg.query.engine (once imported) an attribute of the function too.
    _function.__dict__ = _package.__dict__
del _function, _package

__all__ = [
    "QueryOptions",
    "Validation",
    "__version__",
    "build",
    "extract",
    "link",
    "load",
    "query",
    "query_stream",
    "validate",
]
