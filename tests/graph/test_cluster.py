"""Cluster build: Dask workers write the graph in parts, the same triples as ``--jobs 2``.

One LocalCluster of two worker processes serves the module (starting one
costs seconds); the fsspec test adds a cluster of threads, which starts in
well under a second.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import distributed
import fsspec
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import g60kg
from benchmarks.corpus import generate
from g60kg.cli import cli
from g60kg.errors import InputError
from g60kg.graph import cluster as cluster_module
from g60kg.graph.parts import (
    PARTS_FOLDER,
    partition_of,
    read_manifest,
    verify_part,
)
from g60kg.paths import articles_dir

ARTICLES = 24


@pytest.fixture(scope="module")
def client():
    with (
        cluster_module.local_cluster(2) as local,
        distributed.Client(local) as connected,
    ):
        yield connected


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    generate(ARTICLES, folder, seed=11)
    # The bundled seed too: its publisher and spans are shared the way real news is.
    for path in articles_dir().glob("*.txt"):
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    """The one-machine streaming build with two processes: N-Triples and TriG."""
    out = tmp_path_factory.mktemp("jobs2")
    return out, g60kg.build([corpus], out, formats="ttl,nt,trig", jobs=2)


@pytest.fixture(scope="module")
def clustered(corpus, client, tmp_path_factory):
    out = tmp_path_factory.mktemp("cluster")
    return out, g60kg.build([corpus], out, cluster=client, partitions=3)


def part_lines(folder: Path, kind: str) -> list[bytes]:
    lines: list[bytes] = []
    for path in sorted((folder / PARTS_FOLDER / kind).iterdir()):
        lines += path.read_bytes().splitlines(keepends=True)
    return lines


def quads_of(paths) -> set[str]:
    found: set[str] = set()
    for path in paths:
        found |= {str(q) for q in ox.parse(path=str(path))}
    return found


def test_triple_parts_hold_exactly_the_lines_of_a_jobs_2_build(reference, clustered):
    (jobs_out, _), (out, _) = reference, clustered
    expected = (jobs_out / "g60kg.nt").read_bytes().splitlines(keepends=True)
    assert sorted(part_lines(out, "triples")) == expected
    assert len(expected) > 9000


def test_quad_parts_hold_the_quads_of_the_trig(reference, clustered):
    (jobs_out, _), (out, _) = reference, clustered
    trig = quads_of([jobs_out / "g60kg.trig"])
    assert quads_of((out / PARTS_FOLDER / "quads").iterdir()) == trig
    graphs = {q.split(" ")[-1] for q in trig}
    assert len(graphs) == ARTICLES + 1 + 2  # an article each, the seed, ontology, gazetteer


def test_each_part_is_sorted_distinct_and_holds_its_subjects_only(clustered):
    out, _ = clustered
    manifest = read_manifest(out)
    assert manifest.partitions == 3
    assert [p.path for p in manifest.triples] == [f"triples/part-0000{i}.nt" for i in range(3)]
    assert [p.path for p in manifest.quads] == [f"quads/part-0000{i}.nq" for i in range(3)]
    for index, part in enumerate(manifest.triples):
        verify_part(out / PARTS_FOLDER, part)
        lines = (out / PARTS_FOLDER / part.path).read_bytes().splitlines()
        assert lines == sorted(set(lines))
        assert part.statements == len(lines) > 0
        assert {partition_of(line.split(b" ", 1)[0].decode(), 3) for line in lines} == {index}
    for part in manifest.quads:
        verify_part(out / PARTS_FOLDER, part)
    assert manifest.quad_count == manifest.triple_count


def test_result_counts_match_the_one_machine_build(reference, clustered):
    (_, expected), (out, result) = reference, clustered
    assert (result.articles, result.triples) == (ARTICLES + 1, expected.triples)
    assert (result.regions, result.events, result.observations) == (
        expected.regions,
        expected.events,
        expected.observations,
    )
    assert result.unlinked == expected.unlinked
    assert result.files[0] == out / PARTS_FOLDER / "manifest.json"
    assert len(result.files) == 1 + 3 + 3
    # Task arguments and results only: file names and counts, never the triples.
    part_bytes = sum(p.stat().st_size for p in result.files[1:])
    assert 0 < result.scheduler_bytes < part_bytes / 20


def test_build_manifest_names_the_parts_folder_and_no_stale_outputs(corpus, client, tmp_path):
    out = tmp_path / "out"
    g60kg.build([articles_dir()], out, formats="ttl,nt")
    assert (out / "g60kg.ttl").is_file()
    g60kg.build([corpus], out, cluster=client, partitions=3)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["files"] == [] and manifest["folders"] == [PARTS_FOLDER]
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "parts"]
    first = (out / PARTS_FOLDER / "manifest.json").read_bytes()
    g60kg.build([corpus], out, cluster=client, partitions=2)
    assert not (out / PARTS_FOLDER / "triples" / "part-00002.nt").exists()
    assert not (out / PARTS_FOLDER / "quads" / "part-00002.nq").exists()
    g60kg.build([corpus], out, cluster=client, partitions=3)
    assert (out / PARTS_FOLDER / "manifest.json").read_bytes() == first  # same bytes again
    g60kg.build([articles_dir()], out, formats="ttl")
    assert sorted(p.name for p in out.iterdir()) == ["g60kg.ttl", "manifest.json"]


def test_article_that_fails_on_a_worker_is_named_and_nothing_is_written(client, tmp_path):
    folder = tmp_path / "news"
    generate(3, folder, seed=5)
    (folder / "broken.txt").write_bytes(b"\n \n")
    out = tmp_path / "out"
    with pytest.raises(InputError, match=r"broken\.txt: empty file$"):
        g60kg.build([folder], out, cluster=client)
    assert not (out / PARTS_FOLDER).exists()
    assert not (out / "manifest.json").exists()


class KillOnce(distributed.WorkerPlugin):
    """Kills its worker's process when the first extract task starts (once, marked by a file)."""

    name = "kill-once"

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def transition(self, key, start, finish, **kwargs) -> None:
        if finish == "executing" and str(key).startswith("extract-"):
            try:
                os.close(os.open(self.marker, os.O_CREAT | os.O_EXCL))
            except FileExistsError:
                return
            os.kill(os.getpid(), signal.SIGKILL)


def test_worker_killed_mid_build_leaves_complete_equal_parts(corpus, client, reference, tmp_path):
    marker = tmp_path / "killed"
    client.register_plugin(KillOnce(str(marker)))
    try:
        out = tmp_path / "out"
        result = g60kg.build([corpus], out, cluster=client, partitions=3)
    finally:
        client.unregister_worker_plugin(KillOnce.name)
    assert marker.exists()
    jobs_out, expected = reference
    assert result.triples == expected.triples
    assert sorted(part_lines(out, "triples")) == (jobs_out / "g60kg.nt").read_bytes().splitlines(
        keepends=True
    )
    assert quads_of((out / PARTS_FOLDER / "quads").iterdir()) == quads_of([jobs_out / "g60kg.trig"])
    assert not [p for p in out.rglob("*") if p.name.startswith(".")]  # no shuffle or temp left


def test_fsspec_urls_in_and_out(reference, corpus):
    fs = fsspec.filesystem("memory")
    for path in corpus.iterdir():
        fs.pipe_file(f"/news/{path.name}", path.read_bytes())
    with distributed.Client(
        processes=False,
        n_workers=1,
        threads_per_worker=2,
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
    ) as threads:
        g60kg.build(["memory://news"], "memory://graph", cluster=threads, partitions=4)
        result = g60kg.build(["memory://news"], "memory://graph", cluster=threads, partitions=2)
    assert result.files == ()
    manifest = json.loads(fs.cat_file("/graph/parts/manifest.json"))
    assert [p["path"] for p in manifest["parts"]] == [
        "triples/part-00000.nt",
        "triples/part-00001.nt",
    ]
    assert not fs.exists("/graph/parts/triples/part-00003.nt")  # the earlier build's extra parts
    lines = []
    for part in manifest["parts"]:
        lines += fs.cat_file(f"/graph/parts/{part['path']}").splitlines(keepends=True)
    jobs_out, _ = reference
    assert sorted(lines) == (jobs_out / "g60kg.nt").read_bytes().splitlines(keepends=True)
    assert [p for p in fs.ls("/graph", detail=False)] == ["/graph/parts"]
    fs.rm("/news", recursive=True)
    fs.rm("/graph", recursive=True)


def test_cli_builds_on_a_local_cluster(corpus, reference, tmp_path):
    out = tmp_path / "out"
    done = CliRunner().invoke(cli, ["build", str(corpus), "-o", str(out), "--cluster", "local:2"])
    assert done.exit_code == 0, done.output
    assert f"Wrote 4 parts and their manifest into {out}/parts (" in done.output
    assert f"{ARTICLES + 1} articles, {reference[1].triples} triples" in done.output


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("nonsense", "--cluster 'nonsense': expected a Dask scheduler address (tcp://HOST:PORT)"),
        ("local:0", "--cluster local:0: a local cluster needs at least 1 worker"),
    ],
)
def test_cli_refuses_a_bad_cluster_value(value, message, tmp_path):
    done = CliRunner().invoke(cli, ["build", "-o", str(tmp_path), "--cluster", value])
    assert done.exit_code == 2
    assert done.output.startswith(f"Error: {message}")
    assert done.output.count("\n") == 1


def test_cli_no_quads_writes_only_the_triple_parts(corpus, tmp_path):
    out = tmp_path / "out"
    args = ["build", str(corpus), "-o", str(out), "--cluster", "local:1", "--no-quads"]
    done = CliRunner().invoke(cli, args)
    assert done.exit_code == 0, done.output
    manifest = read_manifest(out)
    assert [p.path for p in manifest.triples] == ["triples/part-00000.nt", "triples/part-00001.nt"]
    assert manifest.quads == ()
    assert not (out / PARTS_FOLDER / "quads").exists()


def test_cli_says_which_scheduler_it_cannot_reach(monkeypatch, tmp_path):
    monkeypatch.setattr(cluster_module, "CONNECT_TIMEOUT", 1.0)
    address = f"tcp://127.0.0.1:{_closed_port()}"
    done = CliRunner().invoke(cli, ["build", "-o", str(tmp_path), "--cluster", address])
    assert done.exit_code == 2
    assert done.output == f"Error: cannot reach the Dask scheduler at {address} within 1 s\n"


def test_cli_without_dask_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    done = CliRunner().invoke(cli, ["build", "-o", str(tmp_path), "--cluster", "local:2"])
    assert done.exit_code == 2
    assert done.output == "Error: --cluster needs Dask distributed: pip install 'g60kg[cluster]'\n"


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--jobs", "2"], "--jobs is for the one-machine build"),
        (["--format", "ttl"], "--format is for the one-machine build"),
        (["--no-quads"], "--no-quads is for --cluster builds"),
    ],
)
def test_cli_refuses_options_of_the_other_build(option, message, tmp_path):
    cluster = [] if option == ["--no-quads"] else ["--cluster", "local:1"]
    done = CliRunner().invoke(cli, ["build", "-o", str(tmp_path), *cluster, *option])
    assert done.exit_code == 2
    assert done.output.startswith(f"Error: {message}")


def test_the_cli_does_not_import_dask_without_cluster():
    code = (
        "import sys, g60kg.cli, g60kg.api, g60kg.graph.build; print('distributed' in sys.modules)"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert found.stdout == "False\n"


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
