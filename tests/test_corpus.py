"""The synthetic benchmark corpus: deterministic, of the kind the tool reads, named from data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from benchmarks.corpus import generate, load_vocabulary, main

TINY_GAZETTEER = """\
@prefix g60: <https://w3id.org/g60kg/ontology#> .
@prefix g60r: <https://w3id.org/g60kg/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

<https://w3id.org/g60kg/resource/region/testville> a g60:PrefectureLevelCity ;
    rdfs:label "Testville"@en , "测试市"@zh ;
    skos:altLabel "Testville City"@en .
<https://w3id.org/g60kg/resource/region/testland> a g60:Country ;
    rdfs:label "Testland"@en .
<https://w3id.org/g60kg/resource/organization/test-wire> a g60:Organization ;
    rdfs:label "Test Wire"@en .
"""
TINY_MEASURES = """\
@prefix g60m: <https://w3id.org/g60kg/measure/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

g60m:widget-output a skos:Concept ;
    skos:prefLabel "widget output"@en ;
    skos:altLabel "output of widgets"@en .
"""


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_writes_identical_files(tmp_path, vocab):
    generate(12, tmp_path / "a", seed=3, vocab=vocab)
    generate(12, tmp_path / "b", seed=3, vocab=vocab)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_other_seed_writes_other_articles(tmp_path, vocab):
    a = generate(3, tmp_path / "a", seed=3, vocab=vocab)
    b = generate(3, tmp_path / "b", seed=4, vocab=vocab)
    assert [p.read_text() for p in a] != [p.read_text() for p in b]


def test_writes_n_numbered_files(tmp_path, vocab):
    paths = generate(25, tmp_path, seed=7, vocab=vocab)
    assert len(paths) == 25
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"g60-synthetic-7-{i:05d}.txt" for i in range(25)
    ]


def test_smaller_corpus_is_prefix_of_larger(tmp_path, vocab):
    generate(4, tmp_path / "small", seed=9, vocab=vocab)
    generate(9, tmp_path / "large", seed=9, vocab=vocab)
    large = _files(tmp_path / "large")
    assert _files(tmp_path / "small") == {k: large[k] for k in sorted(large)[:4]}


def test_front_matter_has_title_date_url_publisher(tmp_path, vocab):
    for path in generate(20, tmp_path, seed=1, vocab=vocab):
        text = path.read_text(encoding="utf-8")
        head = text.split("\n---\n", 1)[0].removeprefix("---\n")
        meta = yaml.safe_load(head)
        assert set(meta) == {"title", "date", "url", "publisher"}
        assert meta["url"] == (
            f"https://news.example.org/{meta['date'].year}/{meta['date'].month:02d}/"
            f"{path.stem}.html"
        )
        assert meta["publisher"] in vocab.organizations


def test_some_articles_open_with_a_wire_dateline(tmp_path, vocab):
    bodies = [p.read_text().split("\n---\n", 1)[1] for p in generate(40, tmp_path, vocab=vocab)]
    dateline = re.compile(
        r"^[A-Z][A-Z ]+, [A-Z][a-z]+\.? \d{1,2}(, \d{4} /PRNewswire/ —| \(Xinhua\) --) "
    )
    with_dateline = sum(bool(dateline.match(b)) for b in bodies)
    assert 0 < with_dateline < len(bodies)


def test_sentences_use_scale_words_comparators_and_time_phrases(tmp_path, vocab):
    text = "\n".join(p.read_text() for p in generate(60, tmp_path, vocab=vocab))
    for phrase in (
        " billion ",
        "covers a total area of ",
        "this year",
        "last year",
        "over the past five years",
        "In the first half of this year",
        "accounts for ",
        "increased by ",
        " was held in ",
    ):
        assert phrase in text, phrase
    for family in ("money", "dollars", "percent", "area"):
        assert vocab.units[family]
        assert any(f" {unit}" in text for unit in vocab.units[family]), family
    assert sum(f"{c} " in text for c in vocab.comparators) >= 10
    assert any(f"{a[0].upper()}{a[1:]}'" in text for a in vocab.anaphors)
    assert re.search(r"[Bb]etween 20\d\d and 20\d\d", text)
    assert re.search(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)?'s ", text)


def test_copies_no_sentence_of_the_seed_article(tmp_path, vocab, seed_article):
    seed = seed_article.read_text(encoding="utf-8")
    seed_sentences = [s.strip() for s in re.split(r"(?<=\.)\s+", seed) if len(s.strip()) > 30]
    text = "\n".join(p.read_text() for p in generate(200, tmp_path, vocab=vocab))
    assert seed_sentences
    assert [s for s in seed_sentences if s in text] == []


def test_names_come_from_the_knowledge_files(tmp_path):
    onto = tmp_path / "ontology"
    onto.mkdir()
    (onto / "gazetteer.ttl").write_text(TINY_GAZETTEER, encoding="utf-8")
    (onto / "measures.ttl").write_text(TINY_MEASURES, encoding="utf-8")
    vocab = load_vocabulary(onto)
    assert [r.names() for r in vocab.regions] == [("Testville", "Testville City")]
    assert vocab.organizations == ("Test Wire",)
    assert [(m.label, m.phrases) for m in vocab.measures] == [
        ("widget output", ("widget output", "output of widgets"))
    ]
    texts = [p.read_text() for p in generate(10, tmp_path / "out", seed=2, vocab=vocab)]
    assert all("Testville" in t for t in texts)
    assert all("widget output" in t or "output of widgets" in t for t in texts)
    assert not any("Testland" in t for t in texts)  # a country is not an "In X, ..." place


def test_every_article_parses_with_read_article(tmp_path, vocab):
    article = pytest.importorskip("g60kg.text.article")
    for path in generate(30, tmp_path, seed=5, vocab=vocab):
        parsed = article.read_article(path)
        meta = yaml.safe_load(path.read_text().split("\n---\n", 1)[0].removeprefix("---\n"))
        assert parsed.slug == path.stem
        assert parsed.headline == meta["title"]
        assert parsed.date == meta["date"]
        assert parsed.publisher == meta["publisher"]
        assert len(parsed.paragraphs) >= 4


def test_command_line_writes_n_articles(tmp_path, capsys):
    assert main(["-n", "3", "-o", str(tmp_path), "--seed", "11"]) == 0
    assert len(list(tmp_path.glob("*.txt"))) == 3
    assert capsys.readouterr().err == f"wrote 3 articles to {tmp_path}\n"


def test_knowledge_files_without_regions_are_refused(tmp_path):
    (tmp_path / "measures.ttl").write_text(TINY_MEASURES, encoding="utf-8")
    with pytest.raises(ValueError, match="no regions or no measures to write articles about"):
        load_vocabulary(tmp_path)
