"""The ``g60kg`` commands, one module per command, each imported only when its command is needed.

:mod:`g60kg.cli` names every command with the module that defines it
(``"g60kg.commands.query:query_command"``) and its one-line summary, so
``g60kg query`` imports this package and :mod:`g60kg.commands.query`, not the
other commands' options and texts: building all of them cost about 3 ms of
every start (benchmarks/README.md). A module is named after its command; what
several commands share lives beside them, named after what it holds
(:mod:`~g60kg.commands.exits`: how a command stops on bad input;
:mod:`~g60kg.commands.wikidata_client`: the options of the commands that ask
Wikidata). Options shared more widely are in :mod:`g60kg.cli_options`.

Each command is a thin layer of click over the library: it parses options,
calls one function of the Python API (:mod:`g60kg.api`) or of the library,
and prints the value returned. Heavy imports (rdflib, owlready2, pyshacl,
pyoxigraph) happen inside the command functions.
"""
