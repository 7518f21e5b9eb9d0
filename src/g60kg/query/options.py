"""The values of the ``g60kg query`` options, and the options of a query, in a module of their own.

``g60kg query --help`` lists the values (the command's choices come from these
tables); reading them from :mod:`g60kg.query.engine` or
:mod:`g60kg.query.results` would import pyoxigraph just to print the help.
:class:`QueryOptions` is imported with ``g60kg`` itself (the API's ``query``
and ``query_stream`` take it), so it is a named tuple: a dataclass would cost
0.5-2 ms at every start. The annotations are evaluated (no ``from __future__
import annotations``): as strings, typing compiles each into a ``ForwardRef``
when it makes the named tuple, 0.1 ms for these fields.
"""

from collections.abc import Mapping
from typing import NamedTuple

#: SPARQL engines: pyoxigraph (the default) and rdflib (the reference).
ENGINES = ("pyoxigraph", "rdflib")
#: Where pyoxigraph keeps the data between queries (see ``g60kg.query.cache``).
STORE_MODES = ("auto", "always", "never")
#: Output formats of SELECT and ASK results.
SELECT_FORMATS = ("table", "csv", "tsv", "json", "xml", "md")
#: Output formats of CONSTRUCT, DESCRIBE and update results.
GRAPH_FORMATS = ("ttl", "nt")


class QueryOptions(NamedTuple):
    """How to answer a query: everything :func:`g60kg.query` takes besides the query and data.

    The one list of these options: :func:`g60kg.query` and
    :func:`g60kg.query_stream` take them as keywords or as one value
    (``QueryOptions(limit=3)``; keywords given too replace its fields), and
    ``g60kg query`` builds one from its command line.
    """

    #: SPARQL text to run instead of a stored query (``-e``).
    sparql: str | None = None
    #: Values of the query's variables, each written as on the command line
    #: (``"g60r:region/hefei"``, ``"2023"``, ``'"text"@en'``).
    params: Mapping[str, str] | None = None
    #: ``pyoxigraph`` or ``rdflib`` (see :data:`ENGINES`).
    engine: str = "pyoxigraph"
    #: Run a SPARQL Update, on an in-memory copy of the data only.
    allow_update: bool = False
    #: Let ``SERVICE`` clauses make outbound requests.
    allow_service: bool = False
    #: Send Wikidata ``SERVICE`` calls to this URL instead.
    service_endpoint: str | None = None
    #: Whether pyoxigraph keeps the data in an on-disk store between calls
    #: (``auto``, ``always``, ``never``; see :data:`STORE_MODES`).
    cache: str = "auto"
    #: Seconds after which the query is given up (``QueryTimeout``); with
    #: ``endpoint``, each wait for the store (60 s by default).
    timeout: float | None = None
    #: Ask this SPARQL store instead of files: its query URL, or its base URL with ``store``.
    endpoint: str | None = None
    #: The store preset of ``endpoint`` (``oxigraph``, ``virtuoso``, ...).
    store: str | None = None
    #: User name the store is asked as, with ``password``.
    user: str | None = None
    password: str | None = None
    #: Keep at most this many rows of the answer, ...
    limit: int | None = None
    #: ... after skipping this many.
    offset: int | None = None
