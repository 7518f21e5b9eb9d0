"""Where each common triple store keeps its SPARQL 1.1 endpoints.

Every store speaks the same protocols (SPARQL 1.1 Query, Update and, mostly,
the Graph Store Protocol) but lays the URLs out its own way. A preset turns
the base URL a user knows (the one in the store's admin page) into the three
endpoints ``g60kg load`` needs. A full endpoint URL without a preset always
works too (see :func:`endpoints_for`).

Base URL given to ``--endpoint``, then Graph Store / query / update paths:

* oxigraph ``http://HOST:7878``: ``/store``, ``/query``, ``/update``
* fuseki ``http://HOST:3030/DATASET``: ``/DATASET/data``, ``/DATASET/query``,
  ``/DATASET/update``
* graphdb ``http://HOST:7200/repositories/REPO``:
  ``/repositories/REPO/rdf-graphs/service``, ``/repositories/REPO``,
  ``/repositories/REPO/statements``
* virtuoso ``http://HOST:8890``: ``/sparql-graph-crud-auth`` (with a user; else
  ``/sparql-graph-crud``), ``/sparql``, ``/sparql-auth`` (else ``/sparql``)
* blazegraph ``http://HOST:9999/blazegraph/namespace/NS``: no Graph Store
  Protocol (SPARQL Update instead), ``/sparql``, ``/sparql``

Known quirks the presets encode. Oxigraph 0.5 and Virtuoso 7.2.5 are tested
against running servers (tests/test_load.py); Fuseki, GraphDB and Blazegraph
follow their manuals and have not been run here.

* Oxigraph: the ``no_transaction`` parameter makes the server use its bulk
  loader (about 1.8-2.8x faster for 1M triples; see benchmarks/README.md). The load
  is then not atomic: a crash leaves part of the graph, which a rerun with
  ``--replace`` (the default) puts right.
* GraphDB and Virtuoso answer a query without ``FROM`` over the union of all
  graphs (Oxigraph does when asked with ``union-default-graph``, which its
  preset sends with every query, so a graph loaded per article answers the
  stored queries as the files do), so the default graph alone is counted with GraphDB's
  ``FROM <http://www.openrdf.org/schema/sesame#nil>``; Virtuoso has no
  separate default graph for the Graph Store Protocol, so it needs ``--graph``
  or ``--graph-per-article``.
* Virtuoso names the graph with ``graph-uri`` and uses HTTP digest
  authentication on the ``-auth`` endpoints (it answers a Basic attempt with
  a bare 401, so the loader then asks for the challenge; see load.py).
* Blazegraph has its own REST API instead of the Graph Store Protocol, so
  its preset loads with SPARQL Update ``INSERT DATA`` in chunks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from g60kg.errors import InputError

STORES = ("oxigraph", "fuseki", "graphdb", "virtuoso", "blazegraph")
#: How triples are sent: the Graph Store Protocol, or SPARQL Update INSERT DATA in chunks.
PROTOCOLS = ("gsp", "update")


@dataclass(frozen=True)
class Endpoints:
    """The URLs and protocol details of one store."""

    query: str
    gsp: str | None = None
    update: str | None = None
    #: Extra query-string parameters sent with every Graph Store request.
    gsp_params: tuple[tuple[str, str], ...] = ()
    #: The query-string parameter naming the graph (SPARQL 1.1 says ``graph``).
    graph_param: str = "graph"
    #: True when the store has no separate default graph to load into.
    named_graph_required: bool = False
    #: ``FROM`` IRI that restricts a query to the default graph, for stores
    #: whose default graph is the union of all graphs.
    default_graph_from: str | None = None
    store: str | None = None
    #: Extra query-string parameters sent with every query, so that a query
    #: without ``FROM`` sees the union of all graphs, as ``g60kg query`` on
    #: files does (a graph loaded per article is otherwise invisible to it).
    query_params: tuple[tuple[str, str], ...] = ()


def _strip(url: str) -> str:
    return url.rstrip("/")


def store_endpoints(store: str, base_url: str, *, authenticated: bool = False) -> Endpoints:
    """The endpoints of ``store`` served under ``base_url``."""
    base = _strip(base_url)
    if store == "oxigraph":
        return Endpoints(
            query=f"{base}/query",
            gsp=f"{base}/store",
            update=f"{base}/update",
            gsp_params=(("no_transaction", ""),),
            store=store,
            query_params=(("union-default-graph", ""),),
        )
    if store == "fuseki":
        return Endpoints(
            query=f"{base}/query", gsp=f"{base}/data", update=f"{base}/update", store=store
        )
    if store == "graphdb":
        return Endpoints(
            query=base,
            gsp=f"{base}/rdf-graphs/service",
            update=f"{base}/statements",
            default_graph_from="http://www.openrdf.org/schema/sesame#nil",
            store=store,
        )
    if store == "virtuoso":
        suffix = "-auth" if authenticated else ""
        return Endpoints(
            query=f"{base}/sparql",
            gsp=f"{base}/sparql-graph-crud{suffix}",
            update=f"{base}/sparql{suffix}",
            graph_param="graph-uri",
            named_graph_required=True,
            store=store,
        )
    if store == "blazegraph":
        return Endpoints(query=f"{base}/sparql", gsp=None, update=f"{base}/sparql", store=store)
    raise InputError(f"unknown store {store!r}: choose one of {', '.join(STORES)}")


# Endpoint suffixes that identify a store when the user gives a full URL.
_SUFFIXES = (
    ("/store", "oxigraph"),
    ("/data", "fuseki"),
    ("/rdf-graphs/service", "graphdb"),
    ("/sparql-graph-crud-auth", "virtuoso"),
    ("/sparql-graph-crud", "virtuoso"),
)


def endpoints_for(
    endpoint: str,
    *,
    store: str | None = None,
    protocol: str = "gsp",
    query_endpoint: str | None = None,
    authenticated: bool = False,
) -> Endpoints:
    """Resolve the user's ``--endpoint`` (and ``--store``) to endpoints.

    With a preset, ``endpoint`` is the store's base URL. Without one it is the
    full Graph Store URL (or, with ``--protocol update``, the update URL); the
    query endpoint comes from ``query_endpoint`` or, for the well-known
    layouts above, from the URL's suffix, else it is the same URL (Fuseki's
    dataset URL, Blazegraph's and Virtuoso's ``/sparql`` answer both).
    """
    if store is not None:
        resolved = store_endpoints(store, endpoint, authenticated=authenticated)
        if query_endpoint:
            resolved = _replace(resolved, query=query_endpoint)
        return resolved
    url = _strip(endpoint)
    for suffix, name in _SUFFIXES:
        if protocol == "gsp" and url.endswith(suffix):
            preset = store_endpoints(name, url[: -len(suffix)], authenticated=authenticated)
            resolved = _replace(preset, gsp=url)
            if name == "virtuoso":
                resolved = _replace(resolved, update=None)
            return _replace(resolved, query=query_endpoint) if query_endpoint else resolved
    if protocol == "gsp":
        return Endpoints(query=query_endpoint or url, gsp=url)
    return Endpoints(query=query_endpoint or url, update=url)


def query_endpoint(endpoint: str, store: str | None = None) -> Endpoints:
    """Where ``g60kg query --endpoint`` sends a query: the preset's query URL, or ``endpoint``.

    Without a preset the URL is taken as the query endpoint itself, sent as
    given (no parameters added: what its default graph holds is the store's
    setting).
    """
    if store is not None:
        return store_endpoints(store, endpoint)
    return Endpoints(query=endpoint)


def _replace(endpoints: Endpoints, **changes: object) -> Endpoints:
    return replace(endpoints, **changes)
