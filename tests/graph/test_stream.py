"""Streaming build: the same bytes as the in-memory build, for any --jobs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.corpus import generate
from g60kg.cli import cli
from g60kg.errors import InputError
from g60kg.graph import build as build_module
from g60kg.graph import stream
from g60kg.graph.build import build
from g60kg.graph.stream import merge_sorted

G60 = "https://w3id.org/g60kg/ontology#"
R = "https://w3id.org/g60kg/resource/"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    generate(50, folder, seed=7)
    return folder


ALL_FORMATS = ("ttl", "nt", "jsonld", "trig", "void")
MERGED = ["g60kg.jsonld", "g60kg.nt", "g60kg.trig", "g60kg.ttl", "manifest.json", "void.ttl"]


@pytest.fixture(scope="module")
def in_memory(corpus, tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("in-memory")
    return out, build([corpus], out, formats=ALL_FORMATS)


@pytest.fixture(scope="module")
def streamed(corpus, tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("jobs1")
    return out, build([corpus], out, jobs=1, formats=ALL_FORMATS)


@pytest.fixture(scope="module")
def streamed2(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("jobs2")
    build([corpus], out, jobs=2, formats=ALL_FORMATS)
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _merged_outputs(folder: Path) -> dict[str, bytes]:
    """Every entry of the output folder but the per-article work folder, with its bytes."""
    return {
        p.name: p.read_bytes() if p.is_file() else b"<dir>"
        for p in sorted(folder.iterdir())
        if p.name != "articles"
    }


def test_streaming_and_in_memory_builds_write_the_same_bytes(in_memory, streamed):
    memory = _merged_outputs(in_memory[0])
    streaming = _merged_outputs(streamed[0])
    assert sorted(memory) == MERGED
    # The manifests differ only in the work folder the streaming build keeps.
    manifests = [json.loads(outputs.pop("manifest.json")) for outputs in (memory, streaming)]
    assert streaming == memory
    assert manifests[0]["files"] == manifests[1]["files"]
    assert (manifests[0]["folders"], manifests[1]["folders"]) == ([], ["articles"])


def test_void_describes_every_file_of_a_streaming_build(streamed):
    void = (streamed[0] / "void.ttl").read_text(encoding="utf-8")
    for name in ("g60kg.ttl", "g60kg.nt", "g60kg.jsonld", "g60kg.trig"):
        assert f'dcterms:title "{name}"' in void


def test_streaming_build_reports_what_the_in_memory_build_reports(in_memory, streamed):
    out, result = streamed
    expected = in_memory[1]
    assert result.files == tuple(
        out / name for name in ("g60kg.ttl", "g60kg.nt", "g60kg.jsonld", "g60kg.trig", "void.ttl")
    )
    assert (result.articles, result.triples, result.regions, result.events) == (
        expected.articles,
        expected.triples,
        expected.regions,
        expected.events,
    )
    assert result.observations == expected.observations
    assert result.unlinked == expected.unlinked
    assert result.warnings == expected.warnings


def test_two_jobs_write_the_same_bytes_as_one(streamed, streamed2):
    out, _ = streamed
    one, two = _files(out), _files(streamed2)
    assert len([name for name in one if name.startswith("articles/")]) == 50
    assert one == two


def test_rebuild_with_fewer_articles_drops_their_files(corpus, tmp_path):
    few = sorted(corpus.glob("*.txt"))[:3]
    build(sorted(corpus.glob("*.txt"))[:5], tmp_path, jobs=1, formats=("ttl", "nt"))
    result = build(few, tmp_path, jobs=1, formats=("ttl", "nt"))
    assert sorted(p.name for p in (tmp_path / "articles").iterdir()) == [
        f"{p.stem}.nt" for p in few
    ]
    text = (tmp_path / "g60kg.nt").read_text(encoding="utf-8")
    typed = f"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{G60}NewsArticle> .\n"
    assert sorted(line.split(" ")[0] for line in text.splitlines(True) if line.endswith(typed)) == [
        f"<{R}article/{p.stem}>" for p in few
    ]
    assert result.articles == 3


def test_bad_article_stops_the_build_and_keeps_the_old_outputs(corpus, tmp_path):
    build(sorted(corpus.glob("*.txt"))[:2], tmp_path, jobs=1)
    before = (tmp_path / "g60kg.ttl").read_bytes()
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    with pytest.raises(InputError, match=r"empty\.txt: empty file"):
        build([*sorted(corpus.glob("*.txt"))[:2], empty], tmp_path, jobs=2)
    assert (tmp_path / "g60kg.ttl").read_bytes() == before


def test_two_files_with_one_slug_are_refused(tmp_path, seed_article):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        (tmp_path / folder / "same name.txt").write_bytes(seed_article.read_bytes())
    with pytest.raises(InputError, match="same article slug 'same-name'"):
        build([tmp_path / "a", tmp_path / "b"], tmp_path / "out", jobs=1)


def test_few_articles_without_jobs_use_the_in_memory_build(corpus, tmp_path):
    build(sorted(corpus.glob("*.txt"))[:2], tmp_path / "small")
    assert sorted(p.name for p in (tmp_path / "small").iterdir()) == ["g60kg.ttl", "manifest.json"]
    build(sorted(corpus.glob("*.txt"))[:2], tmp_path / "jobs", jobs=1)
    assert sorted(p.name for p in (tmp_path / "jobs").iterdir()) == [
        "articles",
        "g60kg.ttl",
        "manifest.json",
    ]


def test_many_articles_stream_without_jobs(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(build_module, "STREAM_FROM", 3)
    build(sorted(corpus.glob("*.txt"))[:3], tmp_path)
    assert sorted(p.name for p in (tmp_path / "articles").iterdir()) == [
        f"{p.stem}.nt" for p in sorted(corpus.glob("*.txt"))[:3]
    ]


def test_build_command_streams_with_jobs_and_shows_no_bar_off_terminal(corpus, tmp_path):
    files = [str(p) for p in sorted(corpus.glob("*.txt"))[:4]]
    result = CliRunner().invoke(cli, ["build", *files, "-o", str(tmp_path), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[:2] == [f"Wrote {tmp_path / 'g60kg.ttl'}", f"Wrote {tmp_path / 'g60kg.nt'}"]
    assert lines[-1].startswith("4 articles, ")
    assert "article/s" not in result.stderr
    assert result.stdout == ""


def test_build_command_refuses_zero_jobs(tmp_path):
    result = CliRunner().invoke(cli, ["build", "-o", str(tmp_path), "--jobs", "0"])
    assert result.exit_code == 2
    assert "Invalid value for '-j' / '--jobs': 0 is not in the range x>=1." in result.stderr


# --- the parts ---------------------------------------------------------------


def test_merge_sorted_sorts_and_removes_duplicates_across_runs(tmp_path, monkeypatch):
    monkeypatch.setattr(stream, "RUN_LINES", 3)
    files = []
    for i, lines in enumerate([["b\n", "d\n"], ["a\n", "d\n", "e\n"], ["c\n", "c2\n"]]):
        path = tmp_path / f"{i}.nt"
        path.write_text("".join(lines))
        files.append(path)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    merged = [line for piece in merge_sorted(files, [b"e\n", b"0\n"], scratch) for line in piece]
    assert merged == [b"0\n", b"a\n", b"b\n", b"c\n", b"c2\n", b"d\n", b"e\n"]
    assert list(scratch.iterdir()) == []  # runs are removed


@given(
    runs=st.lists(st.lists(st.binary(max_size=3), max_size=12), max_size=5),
    chunk=st.integers(1, 4),
)
def test_merging_runs_by_slices_equals_sorting_everything(runs, chunk):
    """Runs of unique sorted lines, read in chunks of any size, merge to sorted(set(...))."""
    from g60kg.graph.stream import _merge_runs

    sorted_runs = [sorted(set(run)) for run in runs]
    chunked = [iter([run[i : i + chunk] for i in range(0, len(run), chunk)]) for run in sorted_runs]
    merged = [line for piece in _merge_runs(chunked) for line in piece]
    assert merged == sorted(set().union(*sorted_runs))


def test_streaming_build_writes_the_other_formats_asked_for(corpus, tmp_path):
    result = build(
        sorted(corpus.glob("*.txt"))[:3], tmp_path, jobs=1, formats=("ttl", "nt", "trig")
    )
    assert [p.name for p in result.files] == ["g60kg.ttl", "g60kg.nt", "g60kg.trig"]
    assert (tmp_path / "g60kg.trig").stat().st_size > 0


@pytest.mark.parametrize("failing", ["g60kg.jsonld", "g60kg.trig"])
def test_streaming_build_failing_in_a_later_format_keeps_the_previous_build_whole(
    corpus, tmp_path, disk_full_while_writing, failing
):
    articles = sorted(corpus.glob("*.txt"))
    build(articles[:2], tmp_path, jobs=1, formats=ALL_FORMATS)
    before = _merged_outputs(tmp_path)
    disk_full_while_writing(failing)
    with pytest.raises(OSError, match="No space left"):
        build(articles[:3], tmp_path, jobs=1, formats=ALL_FORMATS)
    assert _merged_outputs(tmp_path) == before
    assert sorted(before) == MERGED


def test_streaming_rebuild_replaces_every_merged_output(corpus, tmp_path):
    articles = sorted(corpus.glob("*.txt"))
    build(articles[:2], tmp_path / "out", jobs=1, formats=ALL_FORMATS)
    before = _merged_outputs(tmp_path / "out")
    result = build(articles[:3], tmp_path / "out", jobs=1, formats=ALL_FORMATS)
    build(articles[:3], tmp_path / "fresh", jobs=1, formats=ALL_FORMATS)
    after = _merged_outputs(tmp_path / "out")
    assert after == _merged_outputs(tmp_path / "fresh")
    assert sorted(after) == MERGED
    assert all(after[name] != before[name] for name in MERGED)
    assert [p.name for p in result.files] == [
        "g60kg.ttl",
        "g60kg.nt",
        "g60kg.jsonld",
        "g60kg.trig",
        "void.ttl",
    ]
    assert all(p.parent == tmp_path / "out" for p in result.files)


def _article_files(folder: Path, lines: list[list[str]]) -> list[Path]:
    files = []
    for i, group in enumerate(lines):
        path = folder / f"{i}.nt"
        path.write_text("".join(sorted(group)), encoding="utf-8")
        files.append(path)
    return files


_A = f"<{R}a>"
_LINES = [
    [f'{_A} <{G60}quote> "one" .\n', f"{_A} <{G60}unit> <{R}u> .\n"],
    [f'<{R}b> <{G60}quote> "two" .\n', f'{_A} <{G60}quote> "one" .\n'],
]


def test_the_turtle_of_a_second_process_has_the_same_bytes(tmp_path):
    files = _article_files(tmp_path, _LINES)
    for jobs in (1, 2):
        out = tmp_path / f"j{jobs}"
        out.mkdir()
        assert stream.write_merged(files, (), out / "g.nt", out / "g.ttl", jobs=jobs) == 3
    assert (tmp_path / "j1" / "g.ttl").read_bytes() == (tmp_path / "j2" / "g.ttl").read_bytes()
    assert (tmp_path / "j1" / "g.nt").read_bytes() == (tmp_path / "j2" / "g.nt").read_bytes()
    assert 'g60r:a\n    g60:quote "one" ;\n    g60:unit g60r:u .\n' in (
        tmp_path / "j2" / "g.ttl"
    ).read_text(encoding="utf-8")


def test_a_failing_turtle_process_fails_the_merge_and_writes_nothing(tmp_path):
    files = _article_files(tmp_path, [[f"{_A} <{G60}quote> <{R}x>\n"]])  # no " ." at the end
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(RuntimeError, match=r"the Turtle writer process failed \(exit 1\)"):
        stream.write_merged(files, (), out / "g.nt", out / "g.ttl", jobs=2)
    assert list(out.iterdir()) == []


def test_a_failing_merge_stops_the_turtle_process_and_writes_nothing(tmp_path):
    import multiprocessing

    files = [*_article_files(tmp_path, _LINES), tmp_path / "missing.nt"]
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(FileNotFoundError):
        stream.write_merged(files, (), out / "g.nt", out / "g.ttl", jobs=2)
    assert list(out.iterdir()) == []
    assert multiprocessing.active_children() == []
