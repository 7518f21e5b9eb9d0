"""Run SPARQL over the knowledge graph: stored queries, parameters, engines, safety.

``run_query`` is what ``g60kg query`` calls; it returns a ``Result`` value
(see ``g60kg.query.results``). Two engines answer the same rows: pyoxigraph (the
default; large data is kept in an on-disk store so a cold query does not
reparse it, see ``g60kg.query.cache``) and rdflib (``engine="rdflib"``, the reference
implementation the project builds graphs with). The pyoxigraph path imports
neither rdflib nor owlready2 nor pyshacl: a test asserts it, because
``import rdflib`` alone costs more than the whole pyoxigraph query.

Safety is decided before the engine sees the text, on tokens (not substrings)
read the way each engine reads them (:mod:`g60kg.query.sparqlscan`): a SPARQL
Update is refused unless ``allow_update`` (and then runs on a private
in-memory copy of the data; no file is ever written back), ``LOAD`` is always
refused, ``SERVICE`` is refused unless ``allow_service``, and a query nested
deeper than ``MAX_DEPTH`` or heavier than ``MAX_WEIGHT`` (which crash the
engines) is refused. The engine then runs in a worker thread that cannot open
an internet socket unless ``allow_service`` (:mod:`g60kg.netguard`), so a
SERVICE or LOAD the guard missed still goes nowhere; the main thread waits,
so Ctrl-C and ``timeout`` stop a query that runs long (pyoxigraph releases
the GIL while it evaluates, and the process can exit). Parameters are
bound as terms through the engine's substitution (pyoxigraph ``substitutions``,
rdflib ``initBindings``), never spliced into the query text as the user typed
them, so a value like ``x" } ; DROP ALL ; #`` is one string literal. For
pyoxigraph the parsed terms are also written, in their escaped N-Triples
spelling, into a ``VALUES`` block at the top of the WHERE group
(:func:`g60kg.query.sparqlscan.bind_at_top`), because its planner ignores
substituted constants.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import queue
import re
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import pyoxigraph

from g60kg import netguard
from g60kg.errors import InputError
from g60kg.graph.outputs import graph_file
from g60kg.inputs import regular_file
from g60kg.namespaces import PREFIXES, XSD
from g60kg.paths import DEFAULT_BUILD_DIR, articles_dir, ontology_dir
from g60kg.query import cache as querystore
from g60kg.query import sparqlscan
from g60kg.query.options import ENGINES, STORE_MODES
from g60kg.query.results import Answer, Result
from g60kg.query.sparqlscan import MAX_DEPTH, MAX_WEIGHT
from g60kg.query.stored import StoredQuery, find_query, load

if TYPE_CHECKING:
    from g60kg.query.endpoint import Endpoint

#: Below this much data, parsing into memory (about 5 ms for the seed's 110 kB)
#: beats opening the on-disk RocksDB store (about 33 ms, measured here), so
#: ``store="auto"`` keeps the persistent store for larger graphs only.
STORE_MIN_BYTES = 1 << 20
DEFAULT_DATA = DEFAULT_BUILD_DIR / "g60kg.ttl"


# Named tuples, not dataclasses: each dataclass costs 0.5-2 ms at import on every query.
class QueryText(NamedTuple):
    """A query to run: its text, where it came from, and the stored query if any."""

    text: str
    source: str
    stored: StoredQuery | None = None

    def defaults(self) -> dict[str, str]:
        """Default parameter values from the stored query's header."""
        return self.stored.defaults() if self.stored else {}


def resolve(spec: str | None = None, expression: str | None = None) -> QueryText:
    """The query named by ``spec`` (stored name or ``.rq`` path) or the text ``expression``."""
    if (spec is None) == (expression is None):
        raise InputError("give a stored query name, a .rq file, or -e 'SPARQL TEXT' (one of them)")
    if expression is not None:
        return QueryText(expression, "<-e>")
    assert spec is not None
    path = Path(spec)
    if path.is_file() and (path.suffix in (".rq", ".sparql") or len(path.parts) > 1):
        stored = load(path)
        return QueryText(stored.text, str(path), stored)
    try:
        stored = find_query(spec)
    except InputError:
        if spec.endswith(".rq"):
            raise InputError(f"{spec}: no such query file") from None
        raise
    return QueryText(stored.text, str(stored.path), stored)


def data_files(data: Sequence[Path | str] | None) -> list[Path]:
    """The files to query: ``data`` or the default build, which must exist."""
    if data:
        files = [Path(d) for d in data]
        for f in files:
            if not f.exists():
                raise InputError(f"{f}: no such data file")
            if f.is_dir():
                raise InputError(f"{f}: is a directory; pass the RDF files in it with --data")
            regular_file(f)  # a FIFO or device would block or never end
        return files
    default = graph_file(DEFAULT_BUILD_DIR)  # the Turtle the build's manifest lists
    if not default.is_file():
        raise InputError(f"no graph at {default}: run `g60kg build` first (or pass --data FILE)")
    return [default]


# --- parameter values ----------------------------------------------------------------------

_LITERAL = re.compile(
    r'"(?P<body>(?:[^"\\]|\\.)*)"'
    r"(?:@(?P<lang>[A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(?P<dt><[^<>\s]*>|[A-Za-z][\w.-]*:\S*))?",
    re.DOTALL,
)
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", '"': '"', "'": "'", "\\": "\\", "b": "\b", "f": "\f"}


def _unescape(body: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m[1], m[0]), body, flags=re.DOTALL)


def _expand(name: str, prefixes: Mapping[str, str]) -> str | None:
    prefix, _, local = name.partition(":")
    namespace = prefixes.get(prefix)
    return None if namespace is None else namespace + local


def parse_value(text: str, prefixes: Mapping[str, str] | None = None):  # -> pyoxigraph term
    """Read a ``--param`` value into an RDF term.

    ``<iri>``; ``prefix:name`` (known prefixes only); ``"text"``, ``"text"@en``,
    ``"5"^^xsd:integer``; a bare number (integer, decimal or double);
    ``true``/``false``; anything else is a plain string literal, taken whole.
    """
    prefixes = {**PREFIXES, **(prefixes or {})}
    value = text.strip()
    try:
        if value.startswith("<") and value.endswith(">") and len(value) > 2:
            return pyoxigraph.NamedNode(value[1:-1])
        literal = _LITERAL.fullmatch(value)
        if literal:
            body = _unescape(literal["body"])
            if literal["lang"]:
                return pyoxigraph.Literal(body, language=literal["lang"].lower())
            if literal["dt"]:
                dt = literal["dt"]
                iri = dt[1:-1] if dt.startswith("<") else _expand(dt, prefixes)
                if iri is None:
                    raise InputError(f"--param value {text}: unknown prefix in datatype {dt}")
                return pyoxigraph.Literal(body, datatype=pyoxigraph.NamedNode(iri))
            return pyoxigraph.Literal(body)
        if re.fullmatch(r"[+-]?\d+", value):
            return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(XSD + "integer"))
        if re.fullmatch(r"[+-]?\d*\.\d+", value):
            return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(XSD + "decimal"))
        if re.fullmatch(r"[+-]?(?:\d+\.\d*|\.\d+|\d+)[eE][+-]?\d+", value):
            return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(XSD + "double"))
        if value in ("true", "false"):
            return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(XSD + "boolean"))
        if re.fullmatch(r"[A-Za-z][\w.-]*:[^\s<>\"{}|^`\\]*", value):
            iri = _expand(value, prefixes)
            if iri is not None:
                return pyoxigraph.NamedNode(iri)
    except ValueError as exc:
        raise InputError(f"--param value {text}: {exc}") from None
    return pyoxigraph.Literal(text)


def parse_binding(spec: str) -> tuple[str, str]:
    """Split ``var=value`` (``?var=value`` and ``$var=value`` accepted)."""
    name, sep, value = spec.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not re.fullmatch(r"\w+", name):
        raise InputError(
            f"--param {spec}: expected NAME=VALUE, e.g. --param region=g60r:region/hefei"
        )
    return name, value


# --- running -------------------------------------------------------------------------------


class QueryTimeout(InputError):
    """The query ran longer than its timeout; its worker thread was abandoned."""


def check_safety(
    text: str, *, allow_update: bool = False, allow_service: bool = False, source: str = "<query>"
) -> sparqlscan.Scan:
    """Refuse what would crash an engine, LOAD, updates and SERVICE; return the scan.

    Updates pass with ``allow_update``, SERVICE with ``allow_service``; LOAD
    and queries over ``MAX_DEPTH`` or ``MAX_WEIGHT`` never. Every reading of
    the text an engine may make is checked (see :mod:`g60kg.query.sparqlscan`),
    so ``\\u0053ERVICE`` or ``ex:p\\#q`` hide nothing.
    """
    found = sparqlscan.scan(text)
    if found.depth > MAX_DEPTH:
        raise InputError(
            f"{source}: the query nests brackets {found.depth} deep; the limit is {MAX_DEPTH} "
            "(deeper queries crash the SPARQL engines)"
        )
    if found.weight > MAX_WEIGHT:
        raise InputError(
            f"{source}: the query is too long: it weighs {found.weight} operators and patterns "
            f"outside VALUES and DATA blocks, the limit is {MAX_WEIGHT} (longer chains crash the "
            "SPARQL engines; put long lists of values in a VALUES block)"
        )
    loads = found.calls("LOAD")
    if loads:
        raise InputError(
            f"{source}: LOAD is refused (it fetches remote data; found {loads[0]!r}); "
            "use --data FILE"
        )
    if found.update and not allow_update:
        raise InputError(
            f"{source}: this is a SPARQL Update ({found.form or 'update'}); it is refused unless "
            "--update is given, and even then it changes only an in-memory copy of the graph, "
            "never a file"
        )
    services = found.calls("SERVICE")
    if services and not allow_service:
        shown = [_endpoint(spelling) for spelling in services]
        raise InputError(
            f"{source}: the query calls SERVICE {', '.join(shown)}; outbound requests are "
            "refused unless --allow-service is given"
        )
    return found


def _endpoint(spelling: str) -> str:
    keyword, _, target = spelling.partition(" ")
    if keyword.upper() == "SERVICE" and target:
        return target[1:-1] if target.startswith("<") else target
    return repr(spelling)


def run_query(
    query: QueryText | str, data: Sequence[Path | str] | None = None, **options: Any
) -> Result:
    """Answer ``query`` over ``data`` (default: the build) and return the result as a value.

    Takes the options of :func:`stream_query` and reads every row into the
    :class:`Result`.
    """
    return stream_query(query, data, **options).collect()


def stream_query(
    query: QueryText | str,
    data: Sequence[Path | str] | None = None,
    *,
    bindings: Mapping[str, str] | None = None,
    engine: str = "pyoxigraph",
    allow_update: bool = False,
    allow_service: bool = False,
    service_endpoint: str | None = None,
    store: str = "auto",
    store_root: Path | None = None,
    timeout: float | None = None,
    endpoint: Endpoint | None = None,
    limit: int | None = None,
    offset: int | None = None,
) -> Answer:
    """Answer ``query`` over ``data`` (default: the build), or at ``endpoint``; rows as they come.

    ``bindings`` maps variable names to ``--param`` value texts; a stored
    query's parameter defaults fill the variables not bound. ``store`` picks
    where pyoxigraph holds the data: ``always`` the persistent on-disk store,
    ``never`` a fresh in-memory parse, ``auto`` the store only for data of at
    least ``STORE_MIN_BYTES`` (see there why). ``timeout`` (seconds, None for
    none) bounds loading and answering, rows included: past it,
    ``QueryTimeout`` is raised and the worker thread is left to finish on its
    own (neither engine can be cancelled from outside), so a caller that
    times out should exit soon. ``endpoint`` (see :mod:`g60kg.query.endpoint`)
    sends the query to a SPARQL store instead, which bounds each wait by its
    own timeout. ``limit`` and ``offset`` keep that window of the rows the
    query answers (see :func:`g60kg.query.sparqlscan.window`).
    """
    if timeout is not None and timeout <= 0:
        raise InputError(f"--timeout {timeout:g}: give a positive number of seconds")
    if isinstance(query, str):
        query = QueryText(query, "<query>")
    if store not in STORE_MODES:
        raise InputError(f"unknown store mode '{store}' (choose {', '.join(STORE_MODES)})")
    if engine not in ENGINES:
        raise InputError(f"unknown engine '{engine}' (choose {' or '.join(ENGINES)})")
    text, source = query.text, query.source
    check_safety(text, allow_update=allow_update, allow_service=allow_service, source=source)
    update = sparqlscan.is_update(text)
    if endpoint is not None and update:
        raise InputError(
            f"{source}: a SPARQL Update is never sent to a store by g60kg query (--update runs "
            "on an in-memory copy of local data only); use the store's own update endpoint"
        )
    if service_endpoint:
        try:
            text = sparqlscan.rewrite_service_endpoint(
                text, sparqlscan.WIKIDATA_ENDPOINT, service_endpoint
            )
        except ValueError as exc:
            raise InputError(f"--service-endpoint: {exc}") from None
    if limit is not None or offset is not None:
        try:
            text = sparqlscan.window(text, limit, offset)
        except ValueError as exc:
            raise InputError(f"{source}: {exc}") from None

    declared = sparqlscan.declared_prefixes(text)
    mentioned = sparqlscan.variables(text)
    values: dict[str, str] = {k: v for k, v in query.defaults().items() if k in mentioned}
    for name, value in (bindings or {}).items():
        if name not in mentioned:
            raise InputError(f"--param {name}: the query has no variable ?{name}")
        values[name] = value
    terms = {name: parse_value(value, declared) for name, value in values.items()}
    if allow_service and terms:
        text = sparqlscan.bind_in_services(text, {k: str(v) for k, v in terms.items()})

    if endpoint is not None:
        if data:
            raise InputError("--data and --endpoint exclude each other: query files or a store")
        if engine != "pyoxigraph":
            raise InputError("--engine picks a local engine; with --endpoint the store answers")
        remote = endpoint
        spelled = {k: str(v) for k, v in terms.items()}
        sent = sparqlscan.bind_at_top(text, spelled)
        if spelled and sent == text:
            raise InputError(
                f"{source}: cannot bind {', '.join('?' + k for k in spelled)} for the store: "
                "the query has no WHERE group to put the values in"
            )
        answer = stream_in_worker(
            lambda: remote.answer(sent, source), timeout=None, network=True, source=source
        )
        answer.prefixes = {**PREFIXES, **declared}
        return answer

    files = data_files(data)

    def work() -> Answer:
        if engine == "rdflib":
            # Imported here: the module imports rdflib, 0.1-0.5 s, more than a pyoxigraph query.
            from g60kg.query import rdflib_engine

            return Answer.of(rdflib_engine.run(text, files, terms, source=source, update=update))
        return _run_pyoxigraph(text, files, terms, source, update, store, store_root)

    answer = stream_in_worker(work, timeout=timeout, network=allow_service, source=source)
    answer.prefixes = {**PREFIXES, **data_prefixes(files), **declared}
    return answer


#: Rows the worker hands over at a time: the most rows held between the engine
#: and the writer is two batches (one being made, one being written).
BATCH_ROWS = 256


def stream_in_worker(
    work: Callable[[], Answer],
    *,
    timeout: float | None = None,
    network: bool = False,
    source: str = "<query>",
) -> Answer:
    """Run ``work`` and pull its rows in a worker thread; hand them over a batch at a time.

    Why a thread: a query blocks inside the engine's native code (pyoxigraph
    computes the rows of a query without ORDER BY as they are asked for), where
    the main thread would see neither Ctrl-C nor a deadline until it returned.
    Here the main thread waits in steps of 0.1 s, so KeyboardInterrupt and
    ``QueryTimeout`` (past ``timeout``, counted from the call) come at once; the
    worker is abandoned (a daemon thread does not keep the process alive). Its
    network is closed unless ``network`` (:func:`g60kg.netguard.deny_network_in_this_thread`
    binds that thread only). Why one batch at a time, on request: pyoxigraph
    lets go of the GIL for every row, and a worker that ran ahead while the
    caller writes would wait for it again at every row; taking turns, the two
    threads never run Python at once, and at most ``2 * BATCH_ROWS`` rows are
    in between. The worker stops when the rows are closed or dropped.
    """
    asks: queue.SimpleQueue[bool] = queue.SimpleQueue()
    replies: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
    stop = threading.Event()

    def asked() -> bool:
        while not stop.is_set():
            try:
                return asks.get(timeout=0.1)
            except queue.Empty:
                continue
        return False

    def produce() -> None:
        rows: Iterator[Any] = iter(())
        try:
            if not network:
                netguard.deny_network_in_this_thread()
            answer = work()
            rows, answer.rows = answer.rows, iter(())
            replies.put(("head", answer))
            while asked():
                batch = list(itertools.islice(rows, BATCH_ROWS))
                replies.put(("rows", batch) if batch else ("end", None))
                if not batch:
                    return
        except BaseException as exc:  # handed to the waiting thread
            _clear_locals(exc)
            replies.put(("error", exc))
        finally:
            close = getattr(rows, "close", None)
            if close is not None:
                close()

    worker = threading.Thread(target=produce, name="g60kg-query", daemon=True)
    worker.start()
    deadline = None if timeout is None else time.monotonic() + timeout

    def receive() -> tuple[str, Any]:
        while True:
            step = 0.1 if deadline is None else max(0.0, min(0.1, deadline - time.monotonic()))
            try:
                return replies.get(timeout=step)
            except queue.Empty:
                pass
            if deadline is not None and time.monotonic() >= deadline:
                stop.set()
                raise QueryTimeout(
                    f"{source}: no answer within the --timeout of {timeout:g} s; "
                    "the query was stopped"
                )

    kind, head = receive()
    if kind == "error":
        raise head

    def rows() -> Iterator[Any]:
        try:
            while True:
                asks.put(True)
                kind, item = receive()
                if kind == "rows":
                    yield from item
                elif kind == "end":
                    return
                else:
                    raise item
        finally:
            stop.set()

    head.rows = rows()
    # A caller that drops the answer unread must not leave the worker waiting.
    weakref.finalize(head.rows, stop.set)
    return head


def _clear_locals(exc: BaseException) -> None:
    """Drop the locals of the frames ``exc`` (and what caused it) went through.

    As ``traceback.clear_frames`` does, whose module costs 1 ms to import.
    """
    cause: BaseException | None = exc
    while cause is not None:
        tb = cause.__traceback__
        while tb is not None:
            with contextlib.suppress(RuntimeError):  # a frame still running
                tb.tb_frame.clear()
            tb = tb.tb_next
        cause = cause.__cause__ or cause.__context__


def _syntax_error(source: str, exc: Exception) -> InputError:
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    match = re.match(r"error at (\d+):(\d+): (.*)", message)
    if match:
        line, column, what = match.groups()
        return InputError(f"{source}: SPARQL syntax error at line {line}, column {column}: {what}")
    return InputError(f"{source}: SPARQL syntax error: {message}")


def _run_pyoxigraph(
    text: str,
    files: list[Path],
    terms: Mapping[str, Any],
    source: str,
    update: bool,
    store_mode: str,
    store_root: Path | None,
) -> Answer:
    if update:
        store = querystore.memory_store(files)
        before = len(store)
        try:
            store.update(text, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise _syntax_error(source, exc) from None
        except (OSError, RuntimeError) as exc:
            raise InputError(f"{source}: update failed: {_engine_error(exc)}") from None
        triples = [quad.triple for quad in store]
        message = (
            f"update applied to an in-memory copy of the graph ({before} -> {len(store)} triples); "
            "no data, ontology or store file was changed"
        )
        return Answer("update", triples=triples, message=message)

    size = sum(f.stat().st_size for f in files)
    notes = []
    if store_mode == "always" or (store_mode == "auto" and size >= STORE_MIN_BYTES):
        opened = querystore.open_store(files, store_root)
        store = opened.store
        if opened.trusted:
            notes.append(
                f"the data ({size / (1 << 20):.0f} MiB, over "
                f"{querystore.HASH_ALWAYS_BYTES >> 20} MiB) was not rehashed: its size, "
                "modification and change times are those of the stored copy"
            )
    else:
        store = querystore.memory_store(files)
    substitutions = {pyoxigraph.Variable(k): v for k, v in terms.items()}
    options = {
        "prefixes": PREFIXES,
        "substitutions": substitutions or None,
        "use_default_graph_as_union": True,
    }
    planned = sparqlscan.bind_at_top(text, {k: str(v) for k, v in terms.items()})
    try:
        try:
            answer = store.query(planned, **options)
        except SyntaxError:
            if planned == text:
                raise
            # The user's own text decides: it is malformed (and the error must
            # point into it, not into our VALUES), or our VALUES clashed with it
            # (a BIND of a bound variable), and the substitution alone will do.
            answer = store.query(text, **options)
    except (SyntaxError, RuntimeError, OSError) as exc:
        raise _query_error(source, exc) from None
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return Answer("ask", boolean=bool(answer), notes=notes)
    if isinstance(answer, pyoxigraph.QuerySolutions):
        variables = [v.value for v in answer.variables]
        return Answer("select", variables=variables, rows=_rows(answer, store, source), notes=notes)
    try:
        return Answer("graph", triples=list(answer), notes=notes)
    except (RuntimeError, OSError) as exc:
        raise _query_error(source, exc) from None


def _rows(solutions: Any, store: Any, source: str) -> Iterator[tuple[Any, ...]]:
    """The solutions as tuples, computed as they are asked for; ``store`` kept open meanwhile."""
    try:
        # A solution iterates its values in the order of the variables, None where
        # unbound: 10 % faster than looking each up by name on 72,000 rows.
        for solution in solutions:
            yield tuple(solution)
    except (RuntimeError, OSError) as exc:
        raise _query_error(source, exc) from None


def _query_error(source: str, exc: BaseException) -> InputError:
    """An engine's error as the one line the user sees."""
    if isinstance(exc, SyntaxError):
        return _syntax_error(source, exc)
    message = str(exc)
    missing = re.search(r"variable \?(\w+) in its SELECT projection", message)
    if isinstance(exc, RuntimeError) and missing:
        return InputError(
            f"{source}: pyoxigraph binds only variables the query returns; ?{missing[1]} is "
            "not among them (add it to the SELECT clause) or use --engine rdflib"
        )
    return InputError(f"{source}: query failed: {_engine_error(exc)}")


_REFUSED_SOCKET = "Permission denied (os error 13)"


def _engine_error(exc: BaseException) -> str:
    """The first line of an engine's error; a refused socket said as such (see netguard)."""
    message = (str(exc).splitlines() or [type(exc).__name__])[0]
    if _REFUSED_SOCKET in message:
        return "the engine tried to open a network connection, which is refused (" + message + ")"
    return message


# The keywords' cases spelt out: re.IGNORECASE costs 4 ms to compile on every query.
_TURTLE_PREFIX = re.compile(
    r"^[ \t]*(?:@[Pp][Rr][Ee][Ff][Ii][Xx][ \t]+([A-Za-z][\w.-]*)?:[ \t]*<([^<>\s]*)>[ \t]*\."
    r"|[Pp][Rr][Ee][Ff][Ii][Xx][ \t]+([A-Za-z][\w.-]*)?:[ \t]*<([^<>\s]*)>)",
    re.MULTILINE,
)


def data_prefixes(files: Sequence[Path], head: int = 1 << 16) -> dict[str, str]:
    """Prefixes declared at the top of Turtle/TriG data files, to print IRIs the data's way.

    Only the first ``head`` bytes are read: declarations come first, and a
    1 GB file must not be read to print a table.
    """
    found: dict[str, str] = {}
    for f in files:
        if Path(f).suffix.lower() not in (".ttl", ".trig", ".n3"):
            continue
        try:
            with open(f, "rb") as handle:
                text = handle.read(head).decode("utf-8", errors="ignore")
        except OSError:
            continue
        for m in _TURTLE_PREFIX.finditer(text):
            name, namespace = (m[1], m[2]) if m[2] is not None else (m[3], m[4])
            if namespace.startswith(("http://", "https://", "urn:")):
                found[name or ""] = namespace
    return found


def check_output(output: Path, inputs: Sequence[Path | str]) -> None:
    """Refuse ``-o FILE`` over an input (a data file, the query file) or into ontology/ or data/.

    Why: the result is written atomically, so ``g60kg query metrics --data G.ttl
    -o G.ttl`` replaced the graph by a table of it. The same file under another
    name (a symbolic or hard link) is the same input. ``data/`` holds the
    bundled articles and reference tables, ``ontology/`` the shapes and terms:
    no query result belongs in either.
    """
    target = Path(output)
    resolved = target.resolve()
    protected = [ontology_dir().resolve(), articles_dir().resolve().parent]
    for given in inputs:
        source = Path(given)
        same = source.resolve() == resolved
        if not same and target.exists() and source.exists():
            try:
                same = os.path.samefile(target, source)
            except OSError:
                same = False
        if same:
            raise InputError(
                f"{output}: this is an input of the query ({given}); a result is never written "
                "over its input: choose another -o FILE"
            )
    for folder in protected:
        if resolved.is_relative_to(folder):
            raise InputError(
                f"{output}: query results are never written into {folder} (the project's "
                "articles, ontology and reference data); choose another -o FILE"
            )


def check_update_target(output: Path, data: Sequence[Path | str] | None) -> None:
    """Refuse to write an updated graph over an input file or into ontology/ or data/."""
    check_output(output, list(data or [DEFAULT_DATA]))
