"""One name, one meaning: the renamed options, their old spellings, and choices from the library."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from g60kg.cli import cli
from g60kg.cli_options import LibraryChoice, renamed

FIXTURES = Path(__file__).parent / "fixtures"
GAZETTEER = FIXTURES / "gazetteer.ttl"
ALIGNMENT = FIXTURES / "alignment.ttl"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def warning(command: str, old: str, new: str) -> str:
    return f"Warning: g60kg {command} {old} is deprecated, use {new}\n"


# --- query --param (was --bind) --------------------------------------------------------------


def test_query_param_gives_a_query_parameter(mini_graph):
    result = run("query", "metric-changes", "--data", str(mini_graph), "--param", "threshold=1000")
    assert result.exit_code == 0, result.output
    assert result.stderr == "0 rows\n"


def test_query_bind_still_works_as_param_with_a_warning(mini_graph):
    args = ["query", "region-indicators", "--data", str(mini_graph), "-f", "csv"]
    new = run(*args, "--param", "region=<https://w3id.org/g60kg/resource/region/hefei>")
    old = run(*args, "--bind", "region=<https://w3id.org/g60kg/resource/region/hefei>")
    assert new.exit_code == old.exit_code == 0
    assert old.stdout == new.stdout
    assert new.stdout.count("\n") == 2  # the header and Hefei's one observation
    assert new.stderr == "1 row\n"
    assert old.stderr == warning("query", "--bind", "--param") + "1 row\n"


def test_query_param_and_bind_together_give_both_parameters(mini_graph):
    result = run(
        "query",
        "-e",
        "SELECT ?a ?b { }",
        "--data",
        str(mini_graph),
        "-f",
        "csv",
        "--param",
        "a=1",
        "--bind",
        "b=2",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["a,b", "1,2"]
    assert result.stderr == warning("query", "--bind", "--param") + "1 row\n"


def test_a_wrong_param_is_named_by_its_new_name(mini_graph):
    result = run("query", "member-regions", "--data", str(mini_graph), "--param", "nothing")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --param nothing: expected NAME=VALUE, e.g. --param region=g60r:region/hefei\n"
    )


# --- query --cache (was --store) -------------------------------------------------------------


@pytest.fixture
def build_folder(tmp_path, mini_graph) -> Path:
    """A folder holding g60kg.ttl: the query store of its data goes beside it."""
    shutil.copy(mini_graph, tmp_path / "g60kg.ttl")
    return tmp_path


@pytest.mark.parametrize(
    ("args", "stored", "warned"),
    [
        (["--cache", "always"], True, False),
        (["--cache", "never"], False, False),
        (["--store", "always"], True, True),
        (["--store", "never"], False, True),
    ],
)
def test_query_cache_decides_whether_an_on_disk_store_is_kept(build_folder, args, stored, warned):
    data = build_folder / "g60kg.ttl"
    result = run("query", "member-regions", "--data", str(data), *args)
    assert result.exit_code == 0, result.output
    assert (build_folder / ".g60kg-store").exists() is stored
    mode = args[1]
    expected = (
        f"Warning: g60kg query --store {mode} is deprecated, use --cache {mode} "
        "(--store names a store preset)\n"
        if warned
        else ""
    )
    assert result.stderr == expected + "3 rows\n"


def test_query_store_in_its_old_meaning_beside_cache_is_refused(mini_graph):
    result = run(
        "query",
        "member-regions",
        "--data",
        str(mini_graph),
        "--store",
        "always",
        "--cache",
        "never",
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --store always is the old spelling of --cache always: give --cache only\n"
    )


def test_query_cache_takes_only_the_engine_s_modes(mini_graph):
    result = run("query", "member-regions", "--data", str(mini_graph), "--cache", "sometimes")
    assert result.exit_code == 2
    assert "'sometimes' is not one of 'auto', 'always', 'never'" in result.stderr


# --- serve --host (was --bind) ---------------------------------------------------------------


ANNOUNCED = (
    "read-only, no outbound requests, queries stopped after 30 s. Stop with Ctrl-C. Store: store\n"
)


class _FakeServer:
    query_url = "http://example.invalid/query"
    location = Path("store")

    def wait(self, announce) -> int:
        announce()
        return 0


@pytest.fixture
def serve_calls(monkeypatch) -> list[dict]:
    """Record what `g60kg serve` asks the library for, without starting a server."""
    from g60kg.stores import serve

    calls: list[dict] = []

    def start(files, **kwargs):
        calls.append({"files": files, **kwargs})
        return _FakeServer()

    monkeypatch.setattr(serve, "start", start)
    return calls


def test_serve_host_is_the_address_to_listen_on(serve_calls):
    result = run("serve", "x.ttl", "--host", "0.0.0.0", "--port", "9999")
    assert result.exit_code == 0, result.output
    assert (serve_calls[0]["bind"], serve_calls[0]["port"]) == ("0.0.0.0", 9999)
    assert result.stderr == ANNOUNCED


def test_serve_listens_on_loopback_unless_told(serve_calls):
    assert run("serve", "x.ttl").exit_code == 0
    assert serve_calls[0]["bind"] == "127.0.0.1"


def test_serve_bind_still_works_as_host_with_a_warning(serve_calls):
    result = run("serve", "x.ttl", "--bind", "0.0.0.0")
    assert result.exit_code == 0, result.output
    assert serve_calls[0]["bind"] == "0.0.0.0"
    assert result.stderr == warning("serve", "--bind", "--host") + ANNOUNCED


def test_serve_bind_and_host_together_are_refused(serve_calls):
    result = run("serve", "x.ttl", "--bind", "0.0.0.0", "--host", "127.0.0.1")
    assert result.exit_code == 2
    assert result.stderr == "Error: --bind is the old name of --host: give --host only\n"
    assert serve_calls == []


# --- docs --output (was --out) ---------------------------------------------------------------


@pytest.fixture
def docs_calls(monkeypatch) -> list[tuple]:
    """Record where `g60kg docs` is told to write, without drawing anything."""
    import g60kg.docs

    calls: list[tuple] = []

    def build_docs(out_dir, *args):
        calls.append((out_dir, *args))
        return g60kg.docs.DocsResult(out_dir)

    monkeypatch.setattr(g60kg.docs, "build_docs", build_docs)
    return calls


@pytest.mark.parametrize("option", ["--output", "-o"])
def test_docs_output_is_the_folder_written(docs_calls, option):
    result = run("docs", option, "site")
    assert result.exit_code == 0, result.output
    assert docs_calls[0][0] == Path("site")
    assert result.stderr == "Wrote 0 files to site\n"


def test_docs_out_still_works_as_output_with_a_warning(docs_calls):
    result = run("docs", "--out", "site")
    assert result.exit_code == 0, result.output
    assert docs_calls[0][0] == Path("site")
    assert result.stderr == warning("docs", "--out", "--output") + "Wrote 0 files to site\n"


# --- export --data (was --graph) -------------------------------------------------------------


def test_export_data_names_the_files_read():
    result = run("export", "wikidata-shape", "--data", str(GAZETTEER), "--data", str(ALIGNMENT))
    assert result.exit_code == 0, result.output
    assert "wd:Q42622\n    wdt:P131 wd:Q16963 ;" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("command", ["wikidata-shape", "quickstatements"])
def test_export_graph_still_works_as_data_with_a_warning(command):
    new = run("export", command, "--data", str(GAZETTEER), "--data", str(ALIGNMENT))
    old = run("export", command, "--graph", str(GAZETTEER), "--graph", str(ALIGNMENT))
    assert new.exit_code == old.exit_code == 0
    assert old.stdout == new.stdout
    assert old.stderr == warning(f"export {command}", "--graph", "--data") + new.stderr


# --- --timeout: seconds to wait, in every command that has it ---------------------------------


@pytest.mark.parametrize(
    "args",
    [["load", "--endpoint", "http://127.0.0.1:9"], ["query", "member-regions"], ["serve"]],
)
@pytest.mark.parametrize(("value", "shown"), [("0", "0"), ("-1.50", "-1.5")])
def test_timeout_is_a_positive_number_of_seconds_everywhere(args, value, shown):
    result = run(*args, "--timeout", value)
    assert result.exit_code == 2
    assert result.stderr == f"Error: --timeout must be a positive number of seconds, not {shown}\n"


# --- what --help shows ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "old", "new"),
    [
        (["query"], "--bind", "--param"),
        (["serve"], "--bind", "--host"),
        (["docs"], "--out", "--output"),
        (["export", "wikidata-shape"], "--graph", "--data"),
        (["export", "quickstatements"], "--graph", "--data"),
        (["export", "check"], "--graph", "--data"),
    ],
)
def test_help_shows_the_new_name_and_hides_the_old(command, old, new):
    shown = run(*command, "--help").stdout
    assert f"{new} " in shown
    assert f"{old} " not in shown and f"{old}," not in shown


def _options(command: click.Command) -> dict[str, click.Option]:
    return {
        name: param
        for param in command.params
        if isinstance(param, click.Option) and not param.hidden
        for name in param.opts
    }


def _all_commands(group: click.Group = cli, path: str = "g60kg"):
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _all_commands(command, f"{path} {name}")
        else:
            yield f"{path} {name}", command


def test_one_option_name_has_one_value_kind_in_every_command():
    # The same name may not take a file in one command and an IRI or a mode in another.
    kinds: dict[str, set[str]] = {}
    for _, command in _all_commands():
        for name, option in _options(command).items():
            kinds.setdefault(name, set()).add(type(option.type).__name__)
    mixed = {name: sorted(k) for name, k in kinds.items() if len(k) > 1}
    # Two names take different kinds for one meaning. --format: the form of the
    # output (a list of files for `build`, a report or result format elsewhere).
    # --cache: what is kept between runs (Wikidata's answers in a JSON file for
    # `link`, whether `query` keeps an on-disk store).
    assert mixed == {
        "--cache": ["LibraryChoice", "Path"],
        "--format": ["Choice", "LibraryChoice", "StringParamType"],
    }


def test_output_is_always_where_a_command_writes():
    for path, command in _all_commands():
        options = _options(command)
        for name in ("-o", "--output"):
            if name in options:
                assert options[name].name in ("out_dir", "output"), path
                assert {"-o", "--output"} <= set(options[name].opts), path


# --- choices come from the library ------------------------------------------------------------


def _choices(command_path: list[str], option: str) -> tuple[str, ...]:
    command: click.Command = cli
    for name in command_path:
        command = command.commands[name]  # type: ignore[attr-defined]
    return tuple(_options(command)[option].type.choices)


def test_choices_are_the_library_tables():
    from g60kg.query.engine import ENGINES, STORE_MODES
    from g60kg.query.results import GRAPH_FORMATS, SELECT_FORMATS
    from g60kg.stores.presets import PROTOCOLS, STORES
    from g60kg.validate import large

    assert _choices(["query"], "--engine") == ENGINES
    assert _choices(["query"], "--cache") == STORE_MODES
    assert _choices(["query"], "--format") == SELECT_FORMATS + GRAPH_FORMATS
    assert _choices(["load"], "--store") == STORES
    assert _choices(["load"], "--protocol") == PROTOCOLS
    assert _choices(["validate"], "--engine") == large.ENGINES


def test_build_help_names_every_publishing_format():
    from g60kg.graph.serialize import FORMAT_FILES

    shown = " ".join(run("build", "--help").stdout.split())
    assert [name for name in FORMAT_FILES if f" {name}" not in shown] == []


def test_build_writes_every_format_unless_told(tmp_path, seed_article):
    from g60kg.graph.serialize import FORMAT_FILES

    result = run("build", str(seed_article), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert written == sorted([*FORMAT_FILES.values(), "manifest.json"])
    assert len(FORMAT_FILES) == 5


def test_the_tables_are_not_imported_to_start_the_command():
    code = (
        "import sys, g60kg.cli; "
        "print(sorted(m for m in ('g60kg.query.engine', 'g60kg.validate.large', "
        "'g60kg.stores.presets', 'g60kg.query.results') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"


def test_a_library_choice_reads_its_tables_in_order():
    choice = LibraryChoice("g60kg.query.results:GRAPH_FORMATS", "g60kg.query.engine:ENGINES")
    assert choice.choices == ("ttl", "nt", "pyoxigraph", "rdflib")


def test_validate_engine_unknown_to_the_library_is_refused():
    from g60kg.errors import InputError
    from g60kg.validate.large import validate_any

    message = r"^unknown engine 'hermit': choose one of auto, pyshacl, oxigraph$"
    with pytest.raises(InputError, match=message):
        validate_any(None, engine="hermit")


def test_renamed_must_sit_above_the_option_it_keeps():
    with pytest.raises(TypeError, match=r"@renamed\('--old', '--new'\) must sit right above"):

        @renamed("--old", "--new")
        def command() -> None: ...
