"""The values the ``g60kg query`` options take, in a module of their own.

``g60kg query --help`` lists them (the command's choices come from these
tables); reading them from :mod:`g60kg.query.engine` or
:mod:`g60kg.query.results` would import pyoxigraph just to print the help.
"""

#: SPARQL engines: pyoxigraph (the default) and rdflib (the reference).
ENGINES = ("pyoxigraph", "rdflib")
#: Where pyoxigraph keeps the data between queries (see ``g60kg.query.cache``).
STORE_MODES = ("auto", "always", "never")
#: Output formats of SELECT and ASK results.
SELECT_FORMATS = ("table", "csv", "tsv", "json", "xml", "md")
#: Output formats of CONSTRUCT, DESCRIBE and update results.
GRAPH_FORMATS = ("ttl", "nt")
