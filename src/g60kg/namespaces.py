"""The namespaces users write queries against.

Plain strings on purpose: the query path must start fast and must not import
rdflib (its import alone takes about twice as long as click's); modules that
build graphs wrap these in ``rdflib.Namespace`` themselves (``g60kg.graph.rdf``).
"""

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


def curie(iri: str) -> str:
    """A compact name for display (``g60r:region/shanghai``), else the IRI itself."""
    for prefix, base in PREFIXES.items():
        if iri.startswith(base) and iri != base:
            return f"{prefix}:{iri[len(base) :]}"
    return iri
