"""The values the ``g60kg validate`` options take, in a module of their own.

``g60kg validate --help`` lists them; reading them from
:mod:`g60kg.validate.large` would import rdflib, pyoxigraph and owlready2
(about a second) just to print the help.
"""

#: Validators: pyshacl + HermiT on everything, SHACL as SPARQL on pyoxigraph +
#: HermiT on a sample, or the first for small graphs and the second for large.
ENGINES = ("auto", "pyshacl", "oxigraph")
