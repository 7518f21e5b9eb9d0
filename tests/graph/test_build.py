"""g60kg.graph.build: articles in, one deterministic Turtle file out."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from layout import SRC
from rdflib import URIRef

from g60kg.errors import InputError
from g60kg.graph.build import build, collect_articles

R = "https://w3id.org/g60kg/resource/"
G60 = rdflib.Namespace("https://w3id.org/g60kg/ontology#")


def test_seed_build_summary(seed_article, tmp_path):
    result = build([seed_article], tmp_path)
    assert result.files == (tmp_path / "g60kg.ttl",)
    assert (result.articles, result.regions, result.events, result.observations) == (1, 16, 2, 8)
    assert R + "region/yangtze-river-delta" in result.unlinked
    assert R + "region/suzhou-jiangsu" not in result.unlinked
    assert result.triples == len(rdflib.Graph().parse(result.files[0]))


def test_output_parses_with_pyoxigraph(seed_graph_file):
    store = pyoxigraph.Store()
    store.load(path=str(seed_graph_file), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(rdflib.Graph().parse(seed_graph_file))


def test_no_blank_nodes_describe_resources(seed_graph_file):
    graph = rdflib.Graph().parse(seed_graph_file)
    for s, _, o in graph:
        if str(s).startswith(R):
            assert not isinstance(o, rdflib.BNode), s


def _cli_build(out: Path, seed: int) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONPATH": str(SRC)}
    subprocess.run(
        [sys.executable, "-m", "g60kg", "build", "-o", str(out)],
        check=True,
        env=env,
        capture_output=True,
    )
    return (out / "g60kg.ttl").read_bytes()


def test_two_builds_in_different_processes_give_identical_bytes(tmp_path):
    assert _cli_build(tmp_path / "a", 1) == _cli_build(tmp_path / "b", 2)


def test_same_region_in_two_articles_is_one_node(tmp_path):
    for name in ("one", "two"):
        (tmp_path / f"{name}.txt").write_text(
            f"Article {name}\n\nIn Wuhu, exports grew by {len(name)} percent in 2022.\n",
            encoding="utf-8",
        )
    result = build([tmp_path], tmp_path / "out")
    graph = rdflib.Graph().parse(result.files[0])
    assert result.articles == 2 and result.observations == 2
    refs = set(graph.objects(None, G60.refArea))
    assert refs == {URIRef(R + "region/wuhu")}


def test_article_without_facts_gives_article_node_and_warning(tmp_path):
    article = tmp_path / "quiet.txt"
    article.write_text("A quiet day\n\nNothing happened at all.\n", encoding="utf-8")
    result = build([article], tmp_path / "out", date=datetime.date(2024, 5, 1))
    graph = rdflib.Graph().parse(result.files[0])
    assert (URIRef(R + "article/quiet"), rdflib.RDF.type, G60.NewsArticle) in graph
    assert result.observations == 0
    assert result.warnings == (f"{article}: no observations, events or initiatives found",)


def test_html_article_builds(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Site</title><script>var x = 5;</script></head><body>"
        "<nav>Home 12 News</nav><h1>Huzhou grows</h1>"
        "<p>In Huzhou, retail sales rose by 7 percent in 2023.</p>"
        "<form>Leave a Reply</form></body></html>",
        encoding="utf-8",
    )
    result = build([page], tmp_path / "out", url="https://example.com/huzhou")
    graph = rdflib.Graph().parse(result.files[0])
    assert result.observations == 1
    assert (None, URIRef("https://schema.org/url"), None) in graph


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary\x00", "binary"),
        (b"caf\xe9 au lait\n\nbody\n", "UTF-8"),
    ],
)
def test_bad_input_raises_and_writes_nothing(tmp_path, content, fragment):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = tmp_path / "out"
    with pytest.raises(InputError) as info:
        build([bad], out)
    assert str(bad) in str(info.value)
    assert "\n" not in str(info.value)
    assert not out.exists()


def test_missing_file_raises_and_writes_nothing(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        build([tmp_path / "nope.txt"], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_folder_without_articles_is_an_error(tmp_path):
    with pytest.raises(InputError, match=r"no \.txt or \.html articles"):
        collect_articles([tmp_path])


def test_no_paths_means_the_bundled_articles():
    assert [p.name for p in collect_articles([])] == ["g60-article-2023-11-22.txt"]


def test_two_files_with_one_slug_are_an_error(tmp_path, seed_article):
    shutil.copy(seed_article, tmp_path / "same.txt")
    (tmp_path / "same.html").write_text("<h1>T</h1><p>x</p>", encoding="utf-8")
    with pytest.raises(InputError, match="same article slug"):
        build([tmp_path], tmp_path / "out")


ALL_FORMATS = ("ttl", "nt", "jsonld", "trig", "void")


def _articles(folder: Path, names: tuple[str, ...]) -> Path:
    folder.mkdir()
    for name in names:
        (folder / f"{name}.txt").write_text(
            f"Article {name}\n\nIn Wuhu, exports grew by {len(name)} percent in 2022.\n",
            encoding="utf-8",
        )
    return folder


def _outputs(folder: Path) -> dict[str, bytes]:
    """Every entry of the output folder (temp files and folders included) with its bytes."""
    return {p.name: p.read_bytes() if p.is_file() else b"<dir>" for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("failing", ["g60kg.jsonld", "g60kg.trig", "void.ttl"])
def test_build_failing_in_a_later_format_keeps_the_previous_build_whole(
    tmp_path, disk_full_while_writing, failing
):
    out = tmp_path / "out"
    build([_articles(tmp_path / "a", ("one",))], out, formats=ALL_FORMATS)
    before = _outputs(out)
    disk_full_while_writing(failing)
    with pytest.raises(OSError, match="No space left"):
        build([_articles(tmp_path / "b", ("one", "two"))], out, formats=ALL_FORMATS)
    assert _outputs(out) == before
    assert sorted(before) == [
        "g60kg.jsonld",
        "g60kg.nt",
        "g60kg.trig",
        "g60kg.ttl",
        "manifest.json",
        "void.ttl",
    ]


def test_successful_rebuild_replaces_every_output(tmp_path):
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    build([_articles(tmp_path / "a", ("one",))], out, formats=ALL_FORMATS)
    before = _outputs(out)
    two = _articles(tmp_path / "b", ("one", "two"))
    result = build([two], out, formats=ALL_FORMATS)
    build([two], fresh, formats=ALL_FORMATS)
    after = _outputs(out)
    assert after == _outputs(fresh)
    assert all(after[name] != before[name] for name in before)
    assert result.files == tuple(
        out / name for name in ("g60kg.ttl", "g60kg.nt", "g60kg.jsonld", "g60kg.trig", "void.ttl")
    )
