"""Hostile queries against `g60kg query`: the guard, the engines' network, limits, Ctrl-C.

Issue 13, Security 1-4 and 7, the query items of Robustness and Data loss 1.
Every outbound attempt is aimed at a local sink server (``outbound_sink``)
that must receive nothing. Big inputs are generated in ``tmp_path``.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from g60kg.errors import InputError
from g60kg.query import sparqlscan
from g60kg.query.engine import check_safety, resolve, run_query, stream_in_worker
from g60kg.query.results import Answer

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
MINI = ROOT / "tests" / "fixtures" / "mini.ttl"


# Every test here ends with the outbound sink as empty as it began.
pytestmark = pytest.mark.usefixtures("nothing_reaches_the_sink")


def cli(*args: str, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run(
        [sys.executable, "-m", "g60kg", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        **kwargs,
    )


def unguarded_reaches(text: str, sink, *, update: bool) -> list[str]:
    """Run ``text`` on both engines without g60kg's guard; return what reached the sink."""
    import pyoxigraph
    import rdflib

    before = len(sink.requests)
    if update:
        runs = [lambda: pyoxigraph.Store().update(text), lambda: rdflib.Dataset().update(text)]
    else:
        runs = [
            lambda: list(pyoxigraph.Store().query(text)),
            lambda: list(rdflib.Graph().query(text)),
        ]
    for run in runs:
        with contextlib.suppress(Exception):  # a syntax error is no request either
            run()
    reached = sink.requests[before:]
    del sink.requests[before:]  # recorded here on purpose: not a leak of the guarded path
    return reached


# --- the issue's reproductions ------------------------------------------------------------


def _attacks(sink) -> list[tuple[str, bool]]:
    url = sink.url
    return [
        # Security 1: an escaped '#' in a local name taken for a comment start.
        (
            f"PREFIX ex: <http://e/> SELECT * {{ OPTIONAL {{ ?s ex:p\\#q ?o }} "
            f"SERVICE <{url}/sparql> {{ ?a ?b ?c }} }}",
            False,
        ),
        # Security 2: the same before a LOAD.
        (
            f"PREFIX ex: <http://e/> INSERT DATA {{ ex:a ex:p\\#q 1 }} ; LOAD <{url}/x.ttl>",
            True,
        ),
        # Security 3: codepoint escapes (rdflib expands them before parsing).
        (f"SELECT * {{ \\u0053ERVICE <{url}/sparql> {{ ?a ?b ?c }} }}", False),
        (f"\\u004cOAD <{url}/x.ttl>", True),
        (f"\\U004COAD <{url}/x.ttl>", True),
        # Keywords glued to a name or a literal: oxigraph matches them without a boundary.
        (f"PREFIX : <{url}/> SELECT * {{ SERVICE:sparql {{ ?a ?b ?c }} }}", False),
        (f"PREFIX ex: <{url}/> SELECT * {{ SERVICEex:sparql {{ ?a ?b ?c }} }}", False),
        (f"SELECT * {{ SERVICESILENT<{url}/sparql> {{ ?a ?b ?c }} }}", False),
        (f"LOADSILENT<{url}/x.ttl>", True),
        (f"PREFIX : <{url}/> LOAD:x.ttl", True),
        # An escape inside a string that ends the string for rdflib only.
        (f'SELECT * {{ BIND("a\\u0022 AS ?x) SERVICE <{url}/sparql> {{ ?a ?b ?c }} }}', False),
        # Lower case, comments between the words.
        (f"select * {{ service#x\n<{url}/sparql> {{ ?a ?b ?c }} }}", False),
    ]


def test_each_attack_of_the_issue_reaches_an_unguarded_engine_and_is_refused(sink, tmp_path):
    for text, update in _attacks(sink):
        assert unguarded_reaches(text, sink, update=update), f"not an attack: {text}"
        with pytest.raises(InputError, match=r"SERVICE|LOAD"):
            check_safety(text, allow_update=True)
        for engine in ("pyoxigraph", "rdflib"):
            # --update given: LOAD is refused all the same; SERVICE without --allow-service.
            with pytest.raises(InputError, match=r"SERVICE|LOAD"):
                run_query(text, [MINI], engine=engine, allow_update=True)
        stored = tmp_path / "attack.rq"
        stored.write_text(text, encoding="utf-8")
        result = cli("query", str(stored), "--data", str(MINI), "--update")
        assert result.returncode == 2, result.stderr
        assert result.stderr.count("\n") == 1 and "Error:" in result.stderr


# --- generated obfuscations ---------------------------------------------------------------


def _spell(keyword: str):
    """A keyword with each letter in any case; in half the draws, some as codepoint escapes."""

    def letter(char: str, escapes: bool):
        code = ord(char)
        forms = [char.upper(), char.lower()]
        if escapes:
            forms += [
                f"\\u{code:04X}",
                f"\\u{code:04x}",
                f"\\U{code:08X}",  # the spec's form
                f"\\U{code:04X}",  # rdflib reads \U with 4 digits too
                f"\\u{code:08x}",  # and \u with 8
            ]
        return st.sampled_from(forms)

    return st.booleans().flatmap(
        lambda escapes: st.tuples(*[letter(c, escapes) for c in keyword]).map("".join)
    )


_GAPS = st.sampled_from([" ", "\n", "\t", " #c\n", "#x\n", "\r\n ", ""])
_BEFORE_PATTERN = st.sampled_from(
    [
        "",
        "?s ?p ?o .",
        "OPTIONAL { ?s ex:p\\#q ?o }",
        "?s ex:p\\#q ?o .",
        "?s ex:a\\.b\\~c ?o .",
        "?s ex:%41\\%q ?o .",
        '?s ?p "a # b" .',
        "?s ?p 'it\\'s' .",
        '?s ?p """x " y""" .',
        "?s ?p '''x''' .",
        "?s ?p true",
        "?s ?p 1",
        "FILTER(?a < 2)",
        "?s <http://e/#frag> ?o .",
        "?s <http://e/\\u0023x> ?o .",
    ]
)
_BEFORE_UPDATE = st.sampled_from(
    [
        "",
        "INSERT DATA { ex:a ex:p\\#q 1 } ;",
        "CLEAR DEFAULT ;",
        'INSERT DATA { ex:a ex:b "x # y" } ;',
        "DELETE WHERE { ?s ex:p\\#q ?o } ;",
    ]
)


@st.composite
def service_attacks(draw, url: str) -> str:
    keyword = draw(_spell("SERVICE"))
    silent = draw(st.sampled_from(["", " SILENT", " silent", "SILENT"]))
    endpoint = draw(
        st.sampled_from(
            [f" <{url}/sparql>", f"<{url}/sparql>", " sink:sparql", "sink:sparql", ":sparql"]
        )
    )
    before = draw(_BEFORE_PATTERN)
    glue = draw(_GAPS)
    prologue = f"PREFIX ex: <http://e/> PREFIX sink: <{url}/> PREFIX : <{url}/>"
    return (
        f"{prologue}{draw(_GAPS)}SELECT * {{ {before}{glue}{keyword}{silent}{endpoint}"
        f"{draw(_GAPS)}{{ ?a ?b ?c }} }}"
    )


@st.composite
def load_attacks(draw, url: str) -> str:
    keyword = draw(_spell("LOAD"))
    silent = draw(st.sampled_from(["", " SILENT", "SILENT"]))
    target = draw(st.sampled_from([f" <{url}/x.ttl>", f"<{url}/x.ttl>", " sink:x.ttl", ":x.ttl"]))
    prologue = f"PREFIX ex: <http://e/> PREFIX sink: <{url}/> PREFIX : <{url}/>"
    return f"{prologue}{draw(_GAPS)}{draw(_BEFORE_UPDATE)}{draw(_GAPS)}{keyword}{silent}{target}"


_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@_SETTINGS
@given(data=st.data())
def test_generated_service_and_load_forms_are_all_refused(sink, data):
    text = data.draw(st.one_of(service_attacks(sink.url), load_attacks(sink.url)))
    with pytest.raises(InputError, match=r"SERVICE|LOAD"):
        check_safety(text, allow_update=True)
    engine = data.draw(st.sampled_from(["pyoxigraph", "rdflib"]))
    with pytest.raises(InputError):
        run_query(text, [MINI], engine=engine, allow_update=True)


@st.composite
def near_misses(draw, url: str) -> str:
    """Queries that mention SERVICE/LOAD only where it is no keyword, or hide it badly."""
    mention = draw(
        st.sampled_from(
            [
                f'"SERVICE <{url}/s> {{ }}"',
                f"'LOAD <{url}/x.ttl>'",
                f'"""SERVICE\n<{url}/s>"""',
                "<http://e/SERVICE>",
                "ex:service",
                "ex:load",
                "?service",
                "$load",
                '"x"@service',
                "ex:p\\#SERVICE",
            ]
        )
    )
    comment = draw(st.sampled_from(["", f"# SERVICE <{url}/s> {{ }}\n", "# LOAD\n"]))
    return f"PREFIX ex: <http://e/> {comment}SELECT * {{ ?s ?p {mention} }}"


@_SETTINGS
@given(data=st.data())
def test_whatever_the_guard_lets_through_makes_no_request(sink, data):
    """The guard's reading equals the engines': a text it accepts calls out on neither."""
    text, update = data.draw(
        st.one_of(
            near_misses(sink.url).map(lambda t: (t, False)),
            service_attacks(sink.url).map(lambda t: (t, False)),
            load_attacks(sink.url).map(lambda t: (t, True)),
        )
    )
    try:
        check_safety(text, allow_update=True)
    except InputError:
        return
    assert unguarded_reaches(text, sink, update=update) == []


def test_near_misses_are_not_refused(sink):
    for text in [
        f'SELECT * {{ ?s ?p "SERVICE <{sink.url}/s> {{ }}" }}',
        "SELECT * { ?s ?p <http://e/SERVICE> }",
        "PREFIX ex: <http://e/> SELECT ?service { ?service ex:load ?o }",
        "PREFIX ex: <http://e/> SELECT * { ?s ex:p\\#SERVICE ?o } # LOAD <x>",
        "SELECT * { ?s ?p '''LOAD'''@en }",
    ]:
        assert check_safety(text).outbound == ()


# --- the second line: the engine's thread has no internet sockets -------------------------


@pytest.mark.skipif(
    sys.platform != "linux" or os.uname().machine not in ("x86_64", "aarch64"),
    reason="seccomp filter for Linux x86-64 and arm64 only",
)
@pytest.mark.parametrize("engine", ["pyoxigraph", "rdflib"])
def test_an_engine_reaches_nothing_even_without_the_guard(sink, engine):
    import pyoxigraph
    import rdflib

    query = f"SELECT * {{ SERVICE <{sink.url}/sparql> {{ ?a ?b ?c }} }}"
    update = f"LOAD <{sink.url}/x.ttl>"

    def work() -> None:
        errors = 0
        for run in (
            (
                lambda: list(pyoxigraph.Store().query(query)),
                lambda: pyoxigraph.Store().update(update),
            )
            if engine == "pyoxigraph"
            else (
                lambda: list(rdflib.Graph().query(query)),
                lambda: rdflib.Dataset().update(update),
            )
        ):
            try:
                run()
            except Exception:
                errors += 1
        assert errors == 2

    _in_query_worker(work)
    # The main thread keeps its network: the sink answers it.
    import urllib.request

    with urllib.request.urlopen(f"{sink.url}/main-thread", timeout=5) as response:
        assert response.status == 200
    assert sink.requests.pop() == "GET /main-thread"


def test_without_seccomp_python_level_requests_are_still_refused(sink, monkeypatch):
    """Where seccomp is missing, an audit hook refuses rdflib's urllib (pyoxigraph: the guard)."""
    import rdflib

    from g60kg import netguard

    monkeypatch.setattr(netguard, "_install", lambda deny: False)
    query = f"SELECT * {{ SERVICE <{sink.url}/sparql> {{ ?a ?b ?c }} }}"

    def work() -> None:
        with pytest.raises(Exception, match="outbound network access is disabled"):
            list(rdflib.Graph().query(query))

    _in_query_worker(work)


def _in_query_worker(work) -> None:  # type: ignore[no-untyped-def]
    """Run ``work`` in the thread a local query runs in (network closed)."""

    def answer() -> Answer:
        work()
        return Answer("ask", boolean=True)

    assert stream_in_worker(answer).boolean is True


# --- limits: depth and weight, before any engine --------------------------------------------


@pytest.mark.parametrize("engine", ["pyoxigraph", "rdflib"])
def test_a_query_nested_5000_deep_is_one_line_not_a_segfault(engine, tmp_path):
    deep = "SELECT * { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    stored = tmp_path / "deep.rq"
    stored.write_text(deep, encoding="utf-8")
    for args in (["-e", deep], [str(stored)]):
        result = cli("query", *args, "--engine", engine, "--data", str(MINI))
        assert result.returncode == 2
        assert result.stderr == (
            f"Error: {'<-e>' if args[0] == '-e' else stored}: the query nests brackets 5002 "
            "deep; the limit is 100 (deeper queries crash the SPARQL engines)\n"
        )


def test_a_chain_of_10000_operators_is_refused(tmp_path):
    for text in (
        "SELECT * { FILTER(" + "!" * 10000 + "true) }",
        "SELECT * { BIND(1" + "-1" * 10000 + " AS ?x) }",
        "SELECT * { ?s ?p ?o " + "".join(f" BIND(1 AS ?x{i})" for i in range(800)) + " }",
    ):
        with pytest.raises(InputError, match=r"too long: it weighs \d+ .* the limit is 2000"):
            check_safety(text)
    # Long lists of values are data, not chains: they pass.
    values = "SELECT * { VALUES ?x {" + " 1" * 50_000 + " } }"
    assert check_safety(values).weight < 20


def test_queries_at_the_limits_do_not_crash_pyoxigraph():
    """The heaviest queries the guard lets through run (in a child: a crash must not kill us)."""
    at_limit = {
        "not": "SELECT * { FILTER(" + "!" * 995 + "true) }",
        "plus": "SELECT * { BIND(" + "+".join(["1"] * 995) + " AS ?x) }",
        "union": "SELECT * { " + " UNION ".join(["{?s ?p ?o}"] * 330) + " }",
        "binds": "SELECT * { ?s ?p ?o " + "".join(f" BIND(1 AS ?x{i})" for i in range(330)) + "}",
        "paren": "SELECT * { FILTER(" + "(" * 98 + "1" + ")" * 98 + ") }",
        "brace": "SELECT * " + "{" * 100 + "}" * 100,
        "deep+chain": "SELECT * { BIND("
        + "(" * 90
        + "+".join(["1"] * 900)
        + ")" * 90
        + " AS ?x) }",
    }
    for name, text in at_limit.items():
        found = sparqlscan.scan(text)
        assert found.depth <= sparqlscan.MAX_DEPTH and found.weight <= sparqlscan.MAX_WEIGHT, name
        result = cli("query", "-e", text, "--data", str(MINI), "--timeout", "20", "-f", "csv")
        assert result.returncode == 0, (name, result.returncode, result.stderr[-300:])


# --- Ctrl-C and --timeout -----------------------------------------------------------------

CARTESIAN = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.mark.parametrize("engine", ["pyoxigraph", "rdflib"])
def test_ctrl_c_stops_a_cartesian_product_within_a_second(engine):
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    command = [sys.executable, "-m", "g60kg", "query", f"--engine={engine}", "-e", CARTESIAN]
    process = subprocess.Popen(
        [*command, f"--data={MINI}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        time.sleep(3)  # well into the product (322 million rows)
        assert process.poll() is None
        sent = time.monotonic()
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=10)
        assert time.monotonic() - sent < 1.0
        assert code == 130
        assert process.stderr.read() == "Error: interrupted\n"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.parametrize("engine", ["pyoxigraph", "rdflib"])
def test_timeout_stops_a_cartesian_product(engine):
    began = time.monotonic()
    result = cli(
        "query", "--engine", engine, "-e", CARTESIAN, "--data", str(MINI), "--timeout", "1"
    )
    assert time.monotonic() - began < 15
    assert result.returncode == 2
    assert (
        result.stderr
        == "Error: <-e>: no answer within the --timeout of 1 s; the query was stopped\n"
    )


def test_timeout_must_be_positive():
    result = cli("query", "-e", "ASK {}", "--data", str(MINI), "--timeout", "0")
    assert result.returncode == 2 and "--timeout" in result.stderr


# --- tracebacks that became one line -------------------------------------------------------


def test_rdflib_drop_all_and_from_named_answer_instead_of_a_traceback(sink):
    dropped = cli("query", "--engine", "rdflib", "--update", "-e", "DROP ALL", "--data", str(MINI))
    assert dropped.returncode == 0, dropped.stderr
    assert "(134 -> 0 triples)" in dropped.stderr
    for text in (
        f"SELECT * FROM NAMED <{sink.url}/n.ttl> {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"SELECT (COUNT(*) AS ?n) FROM <{sink.url}/d.ttl> {{ ?s ?p ?o }}",
    ):
        # rdflib would fetch the FROM graphs from the web: not here, and no traceback.
        result = cli("query", "--engine", "rdflib", "-e", text, "--data", str(MINI))
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr


def test_a_30_mb_literal_in_the_query_or_the_data(tmp_path):
    literal = "a" * 30_000_000
    query = tmp_path / "big.rq"
    query.write_text(f'SELECT (STRLEN(?x) AS ?n) {{ BIND("{literal}" AS ?x) }}', encoding="utf-8")
    began = time.monotonic()
    result = cli("query", str(query), "--data", str(MINI), "-f", "csv")
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout == "n\n30000000\n"  # CSV's CRLF, read as text
    assert time.monotonic() - began < 60
    data = tmp_path / "big.nt"
    data.write_text(f'<http://e/a> <http://e/b> "{literal}" .\n', encoding="utf-8")
    for store in ("never", "always"):
        result = cli("query", "-e", "ASK {}", "--data", str(data), "--cache", store)
        assert result.returncode == 2
        assert result.stderr.startswith(f"Error: {data}: cannot load: ")
        assert result.stderr.count("\n") == 1 and "16 MiB" in result.stderr


# --- Data loss 1: a result is never written over an input ----------------------------------


def test_a_result_is_never_written_over_its_inputs(tmp_path):
    graph = tmp_path / "G.ttl"
    graph.write_bytes(MINI.read_bytes())
    query = tmp_path / "q.rq"
    query.write_text("SELECT * { ?s ?p ?o }", encoding="utf-8")
    link = tmp_path / "link.ttl"
    os.link(graph, link)
    for args in (
        ["metrics", "--data", str(graph), "-o", str(graph), "-f", "csv"],
        ["metrics", "--data", str(graph), "-o", str(link), "-f", "csv"],
        [str(query), "--data", str(graph), "-o", str(query), "-f", "csv"],
        ["metrics", "--data", str(graph), "-o", str(ROOT / "data" / "articles" / "x.txt")],
    ):
        result = cli("query", *args)
        assert result.returncode == 2, args
        assert result.stderr.count("\n") == 1 and "never written" in result.stderr
    assert graph.read_bytes() == MINI.read_bytes()
    assert query.read_text(encoding="utf-8") == "SELECT * { ?s ?p ?o }"
    assert not (ROOT / "data" / "articles" / "x.txt").exists()


# --- the query cache does not trust size and mtime for small files --------------------------


def test_a_rewrite_with_the_same_size_and_mtime_is_seen(tmp_path):
    from g60kg.query import cache

    data = tmp_path / "g.nt"
    data.write_text('<http://e/a> <http://e/b> "one" .\n', encoding="utf-8")
    stat = data.stat()
    ask = "SELECT ?o { ?s ?p ?o }"
    first = run_query(ask, [data], store="always", store_root=tmp_path / "stores")
    assert [r["o"].value for r in first.records()] == ["one"]
    data.write_text('<http://e/a> <http://e/b> "two" .\n', encoding="utf-8")
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert data.stat().st_size == stat.st_size and data.stat().st_mtime_ns == stat.st_mtime_ns
    # Worse than `cp -p`: make the recorded signature match the new file outright, as a
    # rewrite within one clock tick would (the change time cannot be set back otherwise).
    (index,) = (tmp_path / "stores").glob("*.json")
    recorded = json.loads(index.read_text(encoding="utf-8"))
    recorded["files"] = cache._stat_signature([data])
    index.write_text(json.dumps(recorded), encoding="utf-8")
    second = run_query(ask, [data], store="always", store_root=tmp_path / "stores")
    assert [r["o"].value for r in second.records()] == ["two"]
    assert second.notes == []


def test_large_data_is_trusted_by_its_stat_and_the_query_says_so(tmp_path, monkeypatch):
    from g60kg.query import cache

    monkeypatch.setattr(cache, "HASH_ALWAYS_BYTES", 10)
    data = tmp_path / "g.nt"
    data.write_text('<http://e/a> <http://e/b> "one" .\n', encoding="utf-8")
    ask = "ASK { ?s ?p ?o }"
    assert run_query(ask, [data], store="always", store_root=tmp_path / "s").notes == []
    again = run_query(ask, [data], store="always", store_root=tmp_path / "s")
    assert len(again.notes) == 1 and "was not rehashed" in again.notes[0]


# --- Security 7 ---------------------------------------------------------------------------


def test_a_password_given_as_password_env_is_not_echoed():
    result = cli(
        "load", "--endpoint", "http://127.0.0.1:9", "--user", "u", "--password-env", "S3cr3t-PW"
    )
    assert result.returncode == 2
    assert "S3cr3t" not in result.stdout + result.stderr
    assert "name of an environment variable" in result.stderr


def test_stored_queries_pass_the_guard_with_room_to_spare():
    from g60kg.query.stored import list_queries

    for stored in list_queries():
        found = check_safety(stored.text, allow_service=True)
        assert found.depth <= 20 and found.weight <= 500, stored.name
    assert resolve("member-regions").text
