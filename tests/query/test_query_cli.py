import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from layout import SRC

from g60kg.cli import cli

SRC = str(SRC)


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_queries_lists_names_titles_and_params():
    result = run("queries")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["NAME", "TITLE", "PARAMS"]
    by_name = {line.split()[0]: line for line in lines[1:]}
    assert "member-regions" in by_name and "wikidata-shape" in by_name
    assert by_name["metric-changes"].endswith("  ?threshold=50")
    assert by_name["region-indicators"].endswith("?region=g60r:region/songjiang-district")


def test_query_prints_a_table_and_the_row_count_on_stderr(mini_graph):
    result = run("query", "member-regions", "--data", str(mini_graph))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "?initiative",
        "?region",
        "?regionLabel",
        "?province",
        "?provinceLabel",
        "?wikidata",
    ]
    assert lines[2].split() == [
        "g60r:initiative/test-valley",
        "g60r:region/hefei",
        "Hefei",
        "g60r:region/anhui",
        "Anhui",
        "wd:Q185684",
    ]
    assert len(lines) == 5
    assert result.stderr == "3 rows\n"


def test_json_output_parses_to_the_rows(mini_graph):
    result = run(
        "query",
        "region-indicators",
        "--data",
        str(mini_graph),
        "--param",
        "region=<https://w3id.org/g60kg/resource/region/hefei>",
        "-f",
        "json",
    )
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    # The stored term (75.0), not Oxigraph's value (75).
    assert [b["value"]["value"] for b in payload["results"]["bindings"]] == ["75.0"]


def test_output_file_format_follows_its_extension(mini_graph, tmp_path):
    out = tmp_path / "regions.csv"
    result = run("query", "member-regions", "--data", str(mini_graph), "-o", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    text = out.read_bytes().decode()
    assert text.startswith("initiative,region,regionLabel,province,provinceLabel,wikidata\r\n")
    assert text.count("\r\n") == 4
    assert [p.name for p in tmp_path.iterdir()] == ["regions.csv"]


def test_construct_prints_turtle(mini_graph):
    result = run("query", "wikidata-shape", "--data", str(mini_graph))
    assert result.exit_code == 0
    assert "wd:Q185684\n    wdt:P131 wd:Q40956 ;\n    wdt:P17 wd:Q148 .\n" in result.stdout
    assert result.stderr == "10 triples\n"


def test_missing_build_is_a_one_line_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("query", "member-regions")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: no graph at build/g60kg.ttl: run `g60kg build` first (or pass --data FILE)\n"
    )


def test_unknown_query_suggests_names(mini_graph):
    result = run("query", "member-region", "--data", str(mini_graph))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "Error: unknown query 'member-region'; did you mean member-regions"
    )


def test_syntax_error_exit_2_with_line_and_column(mini_graph):
    result = run("query", "-e", "SELECT ?s\nWHERE { ?s ?p }", "--data", str(mini_graph))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: <-e>: SPARQL syntax error at line 2, column ")
    assert result.stderr.count("\n") == 1


def test_bad_turtle_is_a_one_line_error(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://ex/a> <http://ex/b> .\n")
    result = run("query", "-e", "ASK {}", "--data", str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {bad}:1:")
    assert result.stderr.count("\n") == 1


def test_fail_on_empty_exits_1_on_a_false_ask(mini_graph):
    args = ["query", "every-observation-has-source", "--data", str(mini_graph)]
    plain = run(*args)
    assert (plain.exit_code, plain.stdout) == (0, "false\n")
    strict = run(*args, "--fail-on-empty")
    assert (strict.exit_code, strict.stdout) == (1, "false\n")
    rows = run("query", "observations-without-source", "--data", str(mini_graph), "--fail-on-empty")
    assert rows.exit_code == 0
    assert "g60r:observation/mini-article/131-154" in rows.stdout


def test_update_refused_then_applied_to_a_copy(mini_graph, tmp_path):
    delete = "DELETE WHERE { ?o g60:comparator ?c }"
    refused = run("query", "-e", delete, "--data", str(mini_graph))
    assert refused.exit_code == 2
    assert "refused unless --update" in refused.stderr
    out = tmp_path / "after.nt"
    done = run("query", "-e", delete, "--update", "--data", str(mini_graph), "-o", str(out))
    assert done.exit_code == 0
    assert done.stderr == (
        "update applied to an in-memory copy of the graph (134 -> 130 triples); "
        "no data, ontology or store file was changed\n"
    )
    assert len(out.read_text().splitlines()) == 130
    over = run("query", "-e", delete, "--update", "--data", str(mini_graph), "-o", str(mini_graph))
    assert over.exit_code == 2
    assert "never written over its input" in over.stderr


def test_service_refused_without_allow_service(mini_graph):
    text = "SELECT * { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"
    result = run("query", "-e", text, "--data", str(mini_graph))
    assert result.exit_code == 2
    assert "refused unless --allow-service" in result.stderr


def test_name_and_expression_together_is_a_usage_error(mini_graph):
    result = run("query", "metrics", "-e", "ASK {}", "--data", str(mini_graph))
    assert result.exit_code == 2
    assert "one of them" in result.stderr


PROBE = """
import sys
from g60kg.cli import cli
try:
    cli.main(sys.argv[1:], prog_name="g60kg")
except SystemExit as exit:
    assert not exit.code, exit.code
watched = ("rdflib", "owlready2", "pyshacl", "pyoxigraph", "hashlib", "g60kg.graph.parts")
heavy = sorted(m for m in watched if m in sys.modules)
print("LOADED:" + ",".join(heavy), file=sys.stderr)
"""


def loaded_modules(*args: str, cwd: Path | None = None) -> list[str]:
    env = {**os.environ, "PYTHONPATH": SRC}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    line = next(ln for ln in proc.stderr.splitlines() if ln.startswith("LOADED:"))
    return [m for m in line.removeprefix("LOADED:").split(",") if m]


def test_pyoxigraph_query_path_never_imports_rdflib_owlready2_or_pyshacl(mini_graph):
    for fmt in ("table", "json", "ttl"):
        query = "wikidata-shape" if fmt == "ttl" else "metrics"
        assert loaded_modules("query", query, "--data", str(mini_graph), "-f", fmt) == [
            "pyoxigraph"
        ]


def test_a_query_over_a_build_reads_its_manifest_without_hashing_or_the_parts_module(tmp_path):
    """Each of the two costs 2-4 ms of a start of about 90 ms; a query needs neither."""
    build = tmp_path / "build"
    build.mkdir()
    (build / "g60kg.ttl").write_text("<http://e/a> <http://e/p> 1 .\n", encoding="utf-8")
    (build / "manifest.json").write_text(
        '{"files": [{"name": "g60kg.ttl"}], "folders": []}', encoding="utf-8"
    )
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert loaded_modules("query", "-e", count, "-f", "csv", cwd=tmp_path) == ["pyoxigraph"]


def test_help_imports_no_rdf_library():
    assert loaded_modules("--help") == []
    assert loaded_modules("query", "--help") == []


def test_a_federated_query_file_runs_against_a_stub_endpoint(mini_graph, tmp_path, sparql_stub):
    url, requests = sparql_stub
    rq = tmp_path / "labels.rq"
    rq.write_text(
        "# title: Chinese label of a region\n"
        "# description: Asks Wikidata for the label.\n"
        "# param: ?item — the Wikidata item (wd:Q185684)\n"
        "PREFIX wd: <http://www.wikidata.org/entity/>\n"
        "SELECT ?item ?label WHERE {\n"
        "  SERVICE <https://query.wikidata.org/sparql> { ?item rdfs:label ?label }\n"
        "}\n"
    )
    refused = run("query", str(rq), "--data", str(mini_graph))
    assert refused.exit_code == 2
    assert requests == []
    args = ["--data", str(mini_graph), "--allow-service", "--service-endpoint", url]
    result = run("query", str(rq), *args, "-f", "tsv")
    assert result.exit_code == 0, result.output
    assert result.stdout == '?item\t?label\n<http://www.wikidata.org/entity/Q185684>\t"合肥市"@zh\n'
    # the bound value travels to the endpoint, so it is not asked for every item's label
    assert len(requests) == 1
    assert b"VALUES ( ?item ) { ( <http://www.wikidata.org/entity/Q185684> )  }" in requests[0]
