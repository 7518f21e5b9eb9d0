"""The Python API: one function per job, each returning a value (nothing is printed).

``from g60kg import build, extract, query, validate, load, link`` gives these;
the ``g60kg`` command calls exactly them and only prints what they return.
docs/api.md shows a session (a test runs it).

Every function imports what it needs when it is called: ``import g60kg`` is
what ``g60kg --help`` pays, and the extraction, rdflib, pyshacl and owlready2
together take seconds to import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, overload

from g60kg.errors import InputError
from g60kg.paths import DEFAULT_BUILD_DIR, articles_dir
from g60kg.query.options import QueryOptions

if TYPE_CHECKING:
    import datetime

    from distributed import Client

    from g60kg.extract.facts import Facts
    from g60kg.graph.build import BuildResult
    from g60kg.graph.stream import ProgressFactory
    from g60kg.query.results import Answer, Result
    from g60kg.stores.load import LoadResult
    from g60kg.stores.storecheck import StoreFinding
    from g60kg.validate.check import ValidationReport
    from g60kg.wikidata.client import WikidataClient
    from g60kg.wikidata.link import LinkReport, OnlineResult


def build(
    articles: Sequence[Path | str] | Path | str = (),
    output: Path | str = DEFAULT_BUILD_DIR,
    *,
    formats: Sequence[str] | str | None = None,
    jobs: int | None = None,
    date: datetime.date | None = None,
    url: str | None = None,
    progress: ProgressFactory | None = None,
    cluster: str | Client | None = None,
    partitions: int | None = None,
    quads: bool = True,
) -> BuildResult:
    """Build the knowledge graph of ``articles`` (files or folders; none: the bundled ones).

    Writes ``g60kg.ttl`` and the other ``formats`` (``"ttl,nt"`` or a list of
    ``ttl``, ``nt``, ``jsonld``, ``trig``, ``void``; None: all) into ``output``, all
    replacing the previous build's files together. A few articles are built
    in memory; a corpus (100 articles or more) or ``jobs`` (processes)
    streams, in bounded memory, to the same bytes. The result's ``graph``
    (an ``rdflib.Graph``) and ``dataset`` (an ``rdflib.Dataset``, a named
    graph per article) are parsed from the files when first read.

    ``cluster`` (a Dask scheduler address, ``"local:N"`` or a
    ``distributed.Client``) builds on Dask workers instead and writes the
    graph in ``partitions`` parts under ``output/parts/`` (N-Triples by
    subject, and the named graphs as N-Quads unless ``quads`` is False; see
    :mod:`g60kg.graph.cluster`); ``articles`` and ``output`` may then be
    fsspec URLs. It needs ``pip install 'g60kg[cluster]'``.
    """
    if cluster is None and not quads:
        raise InputError("--no-quads is for --cluster builds; leave trig out of --format instead")
    if cluster is not None:
        return _build_on_cluster(
            articles, output, cluster, formats, jobs, partitions, quads, date, url, progress
        )
    from g60kg.graph import build as graph_build
    from g60kg.graph.outputs import FORMAT_FILES
    from g60kg.graph.serialize import parse_formats

    if isinstance(articles, str | Path):
        articles = [articles]
    if formats is None:
        formats = tuple(FORMAT_FILES)
    names = formats if isinstance(formats, str) else ",".join(formats)
    return graph_build.build(
        [Path(a) for a in articles],
        Path(output),
        formats=parse_formats(names),
        jobs=jobs,
        date=date,
        url=url,
        progress=progress,
    )


def _build_on_cluster(
    articles: Sequence[Path | str] | Path | str,
    output: Path | str,
    cluster: str | Client,
    formats: Sequence[str] | str | None,
    jobs: int | None,
    partitions: int | None,
    quads: bool,
    date: datetime.date | None,
    url: str | None,
    progress: ProgressFactory | None,
) -> BuildResult:
    # Dask's distributed costs about a second to import: only a cluster build pays it.
    from g60kg.graph.cluster import build_on_cluster

    if jobs is not None:
        raise InputError("--jobs is for the one-machine build; a cluster's workers extract")
    if formats is not None:
        raise InputError(
            "--format is for the one-machine build; --cluster writes N-Triples and N-Quads parts"
        )
    if isinstance(articles, str | Path):
        articles = [articles]
    # None: the bundled articles, as the one-machine build reads them.
    sources = list(articles) or [articles_dir()]
    return build_on_cluster(
        sources,
        output,
        cluster,
        partitions=partitions,
        quads=quads,
        date=date,
        url=url,
        progress=progress,
    )


def extract(
    article: Path | str, *, date: datetime.date | None = None, url: str | None = None
) -> Facts:
    """What extraction finds in one article file: observations, regions, events, warnings.

    ``date`` and ``url`` apply when the article does not state its own.
    :mod:`g60kg.extract.report` turns the facts into text or JSON.
    """
    from g60kg.extract.pipeline import extract_article
    from g60kg.text.article import read_article

    return extract_article(read_article(Path(article), date=date, url=url))


def query(
    name: str | None = None,
    data: Sequence[Path | str] | Path | str | BuildResult | None = None,
    options: QueryOptions | None = None,
    **fields: Any,
) -> Result:
    """Answer a stored query (``name``, see ``g60kg queries``), a ``.rq`` file, or ``sparql``.

    ``data`` is the graph to ask (files, or a build's result; default
    ``build/g60kg.ttl``). How to ask it (:class:`QueryOptions`, one list for
    both functions and the command) comes as keywords or as ``options``,
    which keywords given too override: ``params`` binds the query's
    variables, each value written as on the command line
    (``"g60r:region/hefei"``, ``"2023"``, ``'"text"@en'``); ``engine`` is
    ``pyoxigraph`` or ``rdflib``; ``cache`` (``auto``, ``always``, ``never``)
    says whether pyoxigraph keeps the data in an on-disk store between calls;
    past ``timeout`` seconds the query is given up (``QueryTimeout``).
    ``endpoint`` asks a SPARQL store instead of files: its query URL, or its
    base URL with a ``store`` preset (``oxigraph``, ``virtuoso``, ...), with
    ``user`` and ``password`` if it wants them; ``timeout`` then bounds each
    wait for it (60 s by default). ``limit`` and ``offset`` keep that window
    of the answer. The result's ``records()`` gives the rows as dicts,
    ``render(result, fmt)`` (:mod:`g60kg.query.results`) the W3C formats.
    :func:`query_stream` gives the rows as they come instead of all at once.
    """
    return query_stream(name, data, _query_options("query", options, fields)).collect()


def query_stream(
    name: str | None = None,
    data: Sequence[Path | str] | Path | str | BuildResult | None = None,
    options: QueryOptions | None = None,
    **fields: Any,
) -> Answer:
    """:func:`query`, with the rows as the engine (or the store) yields them: read them once.

    Iterate the answer for row tuples (``answer.variables`` names the
    columns) or ``answer.records()`` for dicts; without ORDER BY no more than
    a few hundred rows are held at a time, so an export of every observation
    of a large build does not fill the memory. ``write(answer, fmt, file)``
    (:mod:`g60kg.query.results`) writes a W3C format as the rows come.
    """
    from g60kg.query.engine import resolve, stream_query

    asked = _query_options("query_stream", options, fields)
    remote = None
    if asked.endpoint is not None:
        # Imported here: httpx costs more to import than a small local query takes.
        from g60kg.query.endpoint import endpoint as connect
        from g60kg.stores.http import Credentials

        if asked.password is not None and asked.user is None:
            raise InputError("a password needs a user name")
        credentials = (
            Credentials(asked.user, asked.password or "") if asked.user is not None else None
        )
        remote = connect(
            asked.endpoint, store=asked.store, credentials=credentials, timeout=asked.timeout
        )
    elif asked.store is not None or asked.user is not None:
        raise InputError("a store preset and a user name go with an endpoint (--endpoint URL)")
    return stream_query(
        resolve(name, asked.sparql),
        _files(data),
        bindings=asked.params,
        engine=asked.engine,
        allow_update=asked.allow_update,
        allow_service=asked.allow_service,
        service_endpoint=asked.service_endpoint,
        store=asked.cache,
        timeout=asked.timeout,
        endpoint=remote,
        limit=asked.limit,
        offset=asked.offset,
    )


def _query_options(
    function: str, options: QueryOptions | None, fields: Mapping[str, Any]
) -> QueryOptions:
    """``options`` (default: the defaults) with the keyword ``fields`` in place of its own.

    The TypeError is the one Python raises for a keyword a function does not
    take, as when these options were the functions' own parameters.
    """
    unknown = [name for name in fields if name not in QueryOptions._fields]
    if unknown:
        raise TypeError(f"{function}() got an unexpected keyword argument '{unknown[0]}'")
    return (options if options is not None else QueryOptions())._replace(**fields)


# A named tuple, not a dataclass: ``import g60kg`` is part of every query's start, and
# the dataclasses module with one class costs about 1.5 ms of it.
class Validation(NamedTuple):
    """What :func:`validate` found: the SHACL/OWL report and, if asked, the store checks."""

    report: ValidationReport
    #: None when the store checks were not asked for.
    store_findings: tuple[StoreFinding, ...] | None = None

    @property
    def valid(self) -> bool:
        """No SHACL violation, no OWL fault, no construct a store would refuse."""
        return self.report.valid and not self.store_findings

    def to_dict(self) -> dict[str, Any]:
        """The JSON report ``g60kg validate --format json`` prints."""
        from g60kg.stores import storecheck

        document = self.report.to_dict()
        if self.store_findings is not None:
            document["stores"] = storecheck.to_dicts(list(self.store_findings))
        return document

    def text(self) -> str:
        """The report for people ``g60kg validate`` prints."""
        from g60kg.stores import storecheck
        from g60kg.validate.check import render_text

        out = render_text(self.report)
        if self.store_findings is not None:
            out += "\n" + storecheck.render(list(self.store_findings))
        return out


def validate(
    data: Sequence[Path | str] | Path | str | BuildResult | None = None,
    *,
    engine: str = "auto",
    sample: int = 20,
    stores: bool = False,
) -> Validation:
    """Check a graph with the SHACL shapes and the OWL reasoner (HermiT).

    ``data`` defaults to ``build/g60kg.ttl`` if it exists, else the ontology
    files. ``engine`` is ``pyshacl`` (everything), ``oxigraph`` (SHACL as
    SPARQL on every triple, HermiT on ``sample`` articles) or ``auto``
    (oxigraph above 50,000 triples). ``stores`` also checks the files for
    what triple stores refuse or load differently (default files: every
    published build file).
    """
    from g60kg.stores import storecheck
    from g60kg.validate.check import default_inputs
    from g60kg.validate.large import validate_any

    files = _files(data)
    report = validate_any(files or None, engine=engine, sample=sample)
    found = None
    if stores:
        targets = files or storecheck.published_files(DEFAULT_BUILD_DIR) or default_inputs()
        found = tuple(storecheck.check_files(targets))
    return Validation(report, found)


def load(
    data: Sequence[Path | str] | Path | str | BuildResult | None,
    endpoint: str,
    *,
    store: str | None = None,
    graph: str | None = None,
    per_article: bool = False,
    replace: bool = True,
    user: str | None = None,
    password: str | None = None,
    protocol: str | None = None,
    chunk_size: int = 10_000,
    query_endpoint: str | None = None,
    retries: int = 4,
    timeout: float = 60.0,
    allow_empty: bool = False,
    jobs: int = 1,
) -> LoadResult:
    """Load a graph into a SPARQL 1.1 store, then count what the store holds.

    ``endpoint`` is the store's base URL with ``store`` (``oxigraph``,
    ``fuseki``, ``graphdb``, ``virtuoso``, ``blazegraph``), else its full
    Graph Store (or update) URL. ``graph`` names the target graph;
    ``per_article`` gives each article its own. ``replace`` empties each
    target graph first, so loading twice leaves the same store; input without
    triples is refused then (it would empty the graph) unless ``allow_empty``.
    ``timeout`` is the seconds to wait for the connection and for each
    answer. ``data`` defaults to the latest build's Turtle (``build/``). The
    result's ``ok`` says whether the store holds exactly the triples sent.

    ``data`` may also be one folder: a parts folder, or a build folder holding
    ``parts/``. Its parts are checked against their manifest and sent
    ``jobs`` at a time, and the store's count is checked against the
    manifest's (:func:`g60kg.stores.load_parts.load_parts`).
    """
    from g60kg.graph.outputs import graph_file
    from g60kg.stores.load import Credentials, connect
    from g60kg.stores.load import load as load_files
    from g60kg.stores.load_parts import load_parts

    if password is not None and user is None:
        raise InputError("a password needs a user name")
    files = _files(data) or [graph_file(DEFAULT_BUILD_DIR)]
    target: dict[str, Any] = {"replace": replace, "allow_empty": allow_empty}
    options: dict[str, Any] = {
        "store": store,
        "graph": graph,
        "per_article": per_article,
        "credentials": Credentials(user, password or "") if user is not None else None,
        "protocol": protocol,
        "chunk_size": chunk_size,
        "query_endpoint": query_endpoint,
        "retries": retries,
        "timeout": timeout,
    }
    if len(files) == 1 and files[0].is_dir():
        connection = connect(endpoint, **options)
        return load_parts(
            connection, files[0], jobs=jobs, graph=graph, per_article=per_article, **target
        )
    if jobs != 1:
        raise InputError(
            f"--jobs {jobs} sends the parts of a parts folder side by side; give the folder "
            "(a parts folder, or a build folder holding parts/), not files"
        )
    return load_files(files, endpoint, **options, **target)


@overload
def link(
    *,
    online: Literal[False] = False,
    accept: bool = False,
    gazetteer: Path | str | None = None,
    ontology: Sequence[Path | str] = (),
    reference: Path | str | None = None,
    client: WikidataClient | None = None,
) -> LinkReport: ...


@overload
def link(
    *,
    online: Literal[True],
    accept: bool = False,
    gazetteer: Path | str | None = None,
    ontology: Sequence[Path | str] = (),
    reference: Path | str | None = None,
    client: WikidataClient | None = None,
) -> OnlineResult: ...


def link(
    *,
    online: bool = False,
    accept: bool = False,
    gazetteer: Path | str | None = None,
    ontology: Sequence[Path | str] = (),
    reference: Path | str | None = None,
    client: WikidataClient | None = None,
) -> LinkReport | OnlineResult:
    """Link the gazetteer's entities to Wikidata.

    Offline (the default): which entities are unlinked, and which QIDs the
    reference table of verified IDs does not back. ``online``: ask Wikidata
    (through ``client``, default a :class:`g60kg.wikidata.client.WikidataClient`
    with its defaults) for candidate QIDs of the unlinked entities; ``accept``
    writes the matches into the gazetteer, nothing is written otherwise.
    """
    from g60kg.wikidata import link as linking
    from g60kg.wikidata.client import WikidataClient

    gazetteer_path = Path(gazetteer) if gazetteer is not None else None
    ontology_paths = [Path(p) for p in ontology]
    reference_path = Path(reference) if reference is not None else None
    if not online:
        if accept:
            raise InputError("accepting matches needs the online lookup (--online)")
        return linking.link_report(gazetteer_path, ontology_paths, reference_path)
    return linking.link_online(
        client or WikidataClient(),
        gazetteer=gazetteer_path,
        ontology=ontology_paths,
        reference=reference_path,
        do_accept=accept,
    )


def _files(data: Sequence[Path | str] | Path | str | BuildResult | None) -> list[Path]:
    """The files behind ``data``: paths as given, or a build's Turtle file."""
    if data is None:
        return []
    if isinstance(data, str | Path):
        return [Path(data)]
    files = getattr(data, "files", None)
    if files is not None:  # a BuildResult: its Turtle holds the whole graph
        return [Path(files[0])]
    return [Path(d) for d in data]
