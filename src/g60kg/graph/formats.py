"""The one table from a file's extension to its RDF format.

pyoxigraph knows the standard extensions (``RdfFormat.from_extension``: .ttl,
.nt, .nq, .trig, .jsonld, .rdf, .xml, .n3); this adds the long spellings
people also use (.turtle, .ntriples, .nquads) and .owl (RDF/XML, as Protégé
saves it), and names each format for rdflib, which parses the files a library
needs as rdflib (pyshacl, owlready2, the rdflib query engine). Callers decide
which formats they accept: the loader and the store checks read only the
line-based ones (:data:`LINE_FORMATS`).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from g60kg.errors import InputError

_ALIASES = {"turtle": "ttl", "ntriples": "nt", "nquads": "nq", "owl": "rdf"}
_RDFLIB_NAMES = {
    ox.RdfFormat.TURTLE: "turtle",
    ox.RdfFormat.N_TRIPLES: "nt",
    ox.RdfFormat.N_QUADS: "nquads",
    ox.RdfFormat.TRIG: "trig",
    ox.RdfFormat.JSON_LD: "json-ld",
    ox.RdfFormat.RDF_XML: "xml",
    ox.RdfFormat.N3: "n3",
}
#: Formats whose statements a reader can take line by line (the store checks,
#: the loader's streaming upload): Turtle, N-Triples and their dataset forms.
LINE_FORMATS = frozenset(
    {ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS}
)


def format_of(path: Path | str) -> ox.RdfFormat | None:
    """The RDF format ``path``'s extension names (case-insensitive), or None."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if not suffix:
        return None
    return ox.RdfFormat.from_extension(_ALIASES.get(suffix, suffix))


def rdf_format(path: Path | str) -> ox.RdfFormat:
    """:func:`format_of`, or an InputError naming the file and the extensions known."""
    fmt = format_of(path)
    if fmt is None:
        suffix = Path(path).suffix
        raise InputError(
            f"{path}: unknown RDF file extension '{suffix or '(none)'}' "
            "(use .ttl, .nt, .nq, .trig, .jsonld or .rdf)"
        )
    return fmt


def rdflib_name(fmt: ox.RdfFormat) -> str:
    """The name rdflib's ``Graph.parse(format=...)`` knows ``fmt`` by."""
    return _RDFLIB_NAMES[fmt]
