"""The namespaces users write queries against, and the one way to shorten an IRI with them.

Plain strings on purpose: the query path must start fast and must not import
rdflib (its import alone takes about twice as long as click's).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

G60 = "https://w3id.org/g60kg/ontology#"
G60M = "https://w3id.org/g60kg/measure/"
G60R = "https://w3id.org/g60kg/resource/"
#: Why a number of an article is not an observation (SKOS concepts, ontology/reasons.ttl).
G60REASON = "https://w3id.org/g60kg/reason/"
WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"

SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
QB = "http://purl.org/linked-data/cube#"
QUDT = "http://qudt.org/schema/qudt/"
UNIT = "http://qudt.org/vocab/unit/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
TIME = "http://www.w3.org/2006/time#"
DCTERMS = "http://purl.org/dc/terms/"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SH = "http://www.w3.org/ns/shacl#"
OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: Prefixes bound in every published file and in query output, in this order.
PREFIXES: dict[str, str] = {
    "g60": G60,
    "g60m": G60M,
    "g60r": G60R,
    "g60reason": G60REASON,
    "wd": WD,
    "wdt": WDT,
    "schema": SCHEMA,
    "prov": PROV,
    "qb": QB,
    "qudt": QUDT,
    "unit": UNIT,
    "skos": SKOS,
    "time": TIME,
    "dcterms": DCTERMS,
    "void": VOID,
    "dcat": DCAT,
    "sh": SH,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}


#: A local name every RDF syntax reads without escapes (Turtle, TriG, SPARQL,
#: JSON-LD): what the writers abbreviate. Anything else stays a full ``<IRI>``,
#: so no backslash escape (``g60r:region\\/shanghai``) ever appears in a file.
PLAIN_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
#: The local names a hand-written Turtle file may hold without escapes (a subset of
#: PN_LOCAL: dots inside, digits first), for finding how such a file spells a subject.
TURTLE_LOCAL = re.compile(r"[A-Za-z0-9_](?:[\w.-]*[\w-])?")
#: Any non-empty rest: for text people read (tables, reports), never parsed back.
ANY_LOCAL = re.compile(r".+", re.DOTALL)


class PrefixedNames:
    """``prefix:local`` for IRIs, with the longest namespace whose rest is a ``local`` name.

    One instance per output; it remembers what it has shortened (up to
    ``cache_size`` IRIs), because a writer meets the same predicates and
    classes on every line.
    """

    def __init__(
        self,
        prefixes: Mapping[str, object] = PREFIXES,
        local: re.Pattern[str] = PLAIN_LOCAL,
        cache_size: int = 200_000,
    ) -> None:
        # A JSON-LD context also maps terms to objects: only string namespaces count.
        namespaces = [(ns, p) for p, ns in prefixes.items() if isinstance(ns, str) and ns]
        self._longest_first = sorted(namespaces, key=lambda item: -len(item[0]))
        # The usual namespace ends in "/" or "#", so a local name free of those
        # starts right after the IRI's last one: one dict lookup, not a scan.
        self._at_cut = {ns: p for ns, p in namespaces if ns[-1] in "/#"}
        self._scan = len(self._at_cut) < len(namespaces) or bool(
            local.fullmatch("a/b") or local.fullmatch("a#b")
        )
        self._local = local
        self._cache: dict[str, str | None] = {}
        self._cache_size = cache_size

    def __call__(self, iri: str) -> str | None:
        """The prefixed name of ``iri``, or None when no namespace fits."""
        cache = self._cache
        if iri in cache:
            return cache[iri]
        found = self.lookup(iri)
        if len(cache) >= self._cache_size:
            cache.clear()
        cache[iri] = found
        return found

    def lookup(self, iri: str) -> str | None:
        """:meth:`__call__` without the cache, for IRIs met once (a writer's subjects)."""
        fits = self._local.fullmatch
        if not self._scan:
            cut = max(iri.rfind("/"), iri.rfind("#")) + 1
            prefix = self._at_cut.get(iri[:cut])
            if prefix is not None and fits(iri, cut):
                return f"{prefix}:{iri[cut:]}"
            return None
        for namespace, prefix in self._longest_first:
            if iri.startswith(namespace) and fits(iri, len(namespace)):
                return f"{prefix}:{iri[len(namespace) :]}"
        return None


def prefixed_name(
    iri: str, prefixes: Mapping[str, object] = PREFIXES, local: re.Pattern[str] = ANY_LOCAL
) -> str | None:
    """``prefix:local`` of one IRI for display (see :class:`PrefixedNames`), or None."""
    return PrefixedNames(prefixes, local).lookup(iri)


def curie(iri: str) -> str:
    """A compact name for display (``g60r:region/shanghai``), else the IRI itself."""
    return prefixed_name(iri) or iri
