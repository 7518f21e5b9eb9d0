"""Linking: offline report and QID checks, online reconciliation, accepting matches."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from layout import FIXTURES
from rdflib import Graph, Literal, URIRef
from wikidata_replay import ReplayServer

from g60kg.cli import cli
from g60kg.errors import InputError
from g60kg.graph.rdflib_files import read_graph
from g60kg.wikidata.client import WikidataClient
from g60kg.wikidata.link import (
    Candidate,
    UnlinkedEntity,
    accept,
    check_qids,
    class_alignment,
    entities,
    gazetteer_path,
    reconcile,
    report,
    serialize_gazetteer,
)
from g60kg.wikidata.reference import load_reference

GAZETTEER = FIXTURES / "gazetteer.ttl"
ALIGNMENT = FIXTURES / "alignment.ttl"
R = "https://w3id.org/g60kg/resource/"
SAME_AS = URIRef("http://www.w3.org/2002/07/owl#sameAs")
WD = "http://www.wikidata.org/entity/"


@pytest.fixture(scope="module")
def table():
    return load_reference()


@pytest.fixture
def graph() -> Graph:
    return read_graph([GAZETTEER, ALIGNMENT])


def unlink(graph: Graph, slug: str) -> None:
    graph.remove((URIRef(R + slug), SAME_AS, None))


def entity(graph: Graph, slug: str):
    (found,) = [e for e in entities(graph) if e.iri == R + slug]
    return found


# -- offline ---------------------------------------------------------------------


def test_report_lists_unlinked_entities_with_reasons(graph, table):
    assert report(graph, table) == [
        UnlinkedEntity(
            R + "event/china-international-import-expo",
            "g60:EventSeries",
            "China International Import Expo",
            "no verified QID in the reference table (status 'unknown')",
        ),
        UnlinkedEntity(
            R + "infrastructure/g60-expressway",
            "g60:Infrastructure",
            "G60 Shanghai-Kunming Expressway",
            "no verified QID in the reference table (status 'unknown')",
        ),
        UnlinkedEntity(
            R + "initiative/g60-science-and-technology-innovation-valley",
            "g60:Initiative",
            "G60 Science and Technology Innovation Valley",
            "no verified QID in the reference table (status 'unknown')",
        ),
        UnlinkedEntity(
            R + "region/suzhou-anhui",
            "g60:PrefectureLevelCity",
            "Suzhou",
            "no verified QID in the reference table (not listed)",
        ),
        UnlinkedEntity(
            R + "region/yangtze-river-delta",
            "g60:EconomicRegion",
            "Yangtze River Delta",
            "no verified QID in the reference table (status 'unknown')",
        ),
    ]


def test_report_names_a_verified_qid_the_gazetteer_forgot(graph, table):
    unlink(graph, "region/hefei")
    (hefei,) = [u for u in report(graph, table) if u.iri == R + "region/hefei"]
    assert hefei.why.startswith("the reference table verifies Q185684 for it (line 11)")


def test_fixture_gazetteer_uses_only_verified_qids(graph, table):
    assert check_qids(graph, table) == []


def test_shipped_gazetteer_uses_only_verified_qids(table):
    path = gazetteer_path()
    if not path.exists():
        pytest.skip("ontology/gazetteer.ttl has not landed on this branch yet")
    graph = read_graph([path])
    assert check_qids(graph, table) == []
    linked = [e for e in entities(graph) if e.qids]
    assert {q for e in linked for q in e.qids} <= table.verified_ids
    assert linked, "the shipped gazetteer links nothing"


def test_jiangsu_suzhou_qid_on_the_anhui_suzhou_is_a_problem(graph, table):
    graph.add((URIRef(R + "region/suzhou-anhui"), SAME_AS, URIRef(WD + "Q42622")))
    problems = {(p.subject, p.problem) for p in check_qids(graph, table)}
    assert problems == {
        (
            R + "region/suzhou-anhui",
            "Q42622 is verified for 'Suzhou (Jiangsu)' (line 4), which is not this entity (Suzhou)",
        ),
        (R + "region/suzhou-anhui", "Q42622 is the owl:sameAs of 2 entities"),
        (R + "region/suzhou-jiangsu", "Q42622 is the owl:sameAs of 2 entities"),
    }


def test_bare_songjiang_item_is_not_accepted_for_the_district(graph, table):
    unlink(graph, "region/songjiang-district")
    graph.add((URIRef(R + "region/songjiang-district"), SAME_AS, URIRef(WD + "Q11104659")))
    problems = [(p.qid, p.problem) for p in check_qids(graph, table)]
    assert ("Q11104659", "Q11104659 is not in the reference table") in problems
    assert (
        "Q662380",
        "the reference table verifies Q662380 for 'Songjiang District (Shanghai)' (line 3) "
        "but the entity has no owl:sameAs",
    ) not in problems  # the entity has a sameAs, just a wrong one
    assert len(problems) == 1


def test_unverified_class_alignment_is_a_problem(graph, table):
    graph.add(
        (
            URIRef("https://w3id.org/g60kg/ontology#Infrastructure"),
            URIRef("http://www.w3.org/2004/02/skos/core#exactMatch"),
            URIRef(WD + "Q9000000050"),
        )
    )
    (problem,) = check_qids(graph, table)
    assert problem.subject == "https://w3id.org/g60kg/ontology#Infrastructure"
    assert problem.problem == "Q9000000050 is not in the reference table"


def test_unknown_status_row_is_not_verification(graph, table, tmp_path):
    path = tmp_path / "ref.tsv"
    text = load_reference().path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("Hefei\tQ185684\tHefei / 合肥市\tverified", "Hefei\tQ185684\t\tunknown")
    )
    (problem,) = check_qids(graph, load_reference(path))
    assert problem.problem == "Q185684 is listed with status 'unknown' (line 11), not verified"


def test_entities_carry_parent_qid_and_chinese_label(graph):
    suzhou = entity(graph, "region/suzhou-anhui")
    assert suzhou.parent_qid == "Q40956"
    assert ("宿州市", "zh") in suzhou.labels
    assert suzhou.qids == ()


# -- online ------------------------------------------------------------------


@pytest.fixture
def client():
    with ReplayServer() as server:
        yield WikidataClient(
            api_url=server.api_url, sparql_url=server.sparql_url, min_interval=0.0, timeout=5
        )


def reconcile_one(graph, table, client, slug):
    found = reconcile([entity(graph, slug)], client, class_alignment(graph, table), table)
    return {c.qid: c for c in found}


def test_suzhou_in_jiangsu_context_matches_q42622(graph, table, client):
    unlink(graph, "region/suzhou-jiangsu")
    found = reconcile_one(graph, table, client, "region/suzhou-jiangsu")
    assert found["Q42622"].status == "match"
    assert found["Q42622"].score == 1.0
    assert "inside Q16963 by P131" in found["Q42622"].evidence
    assert "P31 Q748149 confirmed" in found["Q42622"].evidence
    assert found["Q9000000001"].status == "rejected"
    assert "P131 is Q40956, not inside Q16963" in found["Q9000000001"].evidence


def test_suzhou_in_anhui_is_not_linked_to_q42622(graph, table, client):
    found = reconcile_one(graph, table, client, "region/suzhou-anhui")
    assert found["Q42622"].status == "rejected"
    assert "P131 is Q16963, not inside Q40956" in found["Q42622"].evidence
    assert found["Q9000000001"].status == "match"


def test_an_item_linked_to_another_entity_is_rejected(graph, table, client):
    taken = {q: e.iri for e in entities(graph) for q in e.qids}
    found = {
        c.qid: c
        for c in reconcile(
            [entity(graph, "region/suzhou-anhui")],
            client,
            class_alignment(graph, table),
            table,
            taken=taken,
        )
    }
    assert found["Q42622"].status == "rejected"
    assert "Q42622 is already the owl:sameAs of g60r:region/suzhou-jiangsu" in (
        found["Q42622"].evidence
    )
    assert found["Q9000000001"].status == "match"


def test_songjiang_district_is_q662380_not_the_bare_songjiang_item(graph, table, client):
    unlink(graph, "region/songjiang-district")
    found = reconcile_one(graph, table, client, "region/songjiang-district")
    assert (found["Q662380"].status, found["Q662380"].score) == ("match", 1.0)
    assert found["Q11104659"].status == "rejected"
    assert found["Q11104659"].score == 0.3  # alias hit only
    assert "P31 is Q9000000050, not Q1065118" in found["Q11104659"].evidence


def test_same_named_districts_without_a_parent_qid_are_ambiguous(table, client, tmp_path):
    path = tmp_path / "gulou.ttl"
    path.write_text(
        "@prefix g60: <https://w3id.org/g60kg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/g60kg/resource/region/gulou-district> a g60:District ;\n"
        '  rdfs:label "Gulou District"@en ;\n'
        "  g60:locatedIn <https://w3id.org/g60kg/resource/region/fuzhou> .\n"
        "<https://w3id.org/g60kg/resource/region/fuzhou> a g60:PrefectureLevelCity ;\n"
        '  rdfs:label "Fuzhou"@en .\n',
        encoding="utf-8",
    )
    graph = read_graph([path, ALIGNMENT])
    found = reconcile_one(graph, table, client, "region/gulou-district")
    assert sorted(found) == ["Q9000000011", "Q9000000012", "Q9000000013"]
    assert {c.status for c in found.values()} == {"ambiguous"}
    assert {c.score for c in found.values()} == {0.7}
    assert "our parent region has no QID: parent not checked" in found["Q9000000011"].evidence


def test_no_search_hit_is_reported_not_found(graph, table, client):
    (candidate,) = reconcile(
        [entity(graph, "region/yangtze-river-delta")], client, class_alignment(graph, table), table
    )
    assert candidate.qid is None
    assert candidate.status == "not found"
    assert candidate.evidence == ("no search hit for 'Yangtze River Delta', '长江三角洲'",)


def test_class_without_verified_alignment_stays_below_threshold(graph, table, client):
    found = reconcile_one(graph, table, client, "event/china-international-import-expo")
    assert found["Q9000000021"].status == "below threshold"
    assert found["Q9000000021"].score == 0.4
    assert "no verified Wikidata class for g60:EventSeries" in found["Q9000000021"].evidence


def test_closematch_is_not_used_to_confirm_a_type(graph, table):
    alignment = class_alignment(graph, table)
    assert alignment["https://w3id.org/g60kg/ontology#PrefectureLevelCity"] == {"Q748149"}
    assert "https://w3id.org/g60kg/ontology#EventSeries" not in alignment


def test_search_uses_english_and_chinese_labels(graph, table):
    unlink(graph, "region/suzhou-jiangsu")
    with ReplayServer() as server:
        client = WikidataClient(
            api_url=server.api_url, sparql_url=server.sparql_url, min_interval=0.0
        )
        reconcile_one(graph, table, client, "region/suzhou-jiangsu")
        searched = [
            (r.params["search"], r.params["language"]) for r in server.requests("/w/api.php")
        ]
    assert searched == [("Suzhou", "en"), ("苏州市", "zh"), ("Suzhou City", "en")]


# -- accepting -------------------------------------------------------------------


def match(slug: str, qid: str) -> Candidate:
    return Candidate(R + slug, "x", qid, "x", "", 1.0, "match")


def test_accept_writes_only_matches_as_a_last_line_of_the_block(tmp_path):
    target = tmp_path / "gazetteer.ttl"
    shutil.copy(GAZETTEER, target)
    before = target.read_text(encoding="utf-8")
    written = accept(
        [
            match("region/suzhou-anhui", "Q9000000001"),
            Candidate(
                R + "region/yangtze-river-delta", "x", "Q9000000002", "", "", 0.7, "ambiguous"
            ),
        ],
        target,
    )
    assert [c.qid for c in written] == ["Q9000000001"]
    old_end = (
        "    g60:locatedIn <https://w3id.org/g60kg/resource/region/anhui> .\n\n"
        "<https://w3id.org/g60kg/resource/region/hefei>"
    )
    new_end = (
        "    g60:locatedIn <https://w3id.org/g60kg/resource/region/anhui> ;\n"
        "    owl:sameAs wd:Q9000000001 .\n\n"
        "<https://w3id.org/g60kg/resource/region/hefei>"
    )
    assert before.count(old_end) == 1
    assert target.read_text(encoding="utf-8") == before.replace(old_end, new_end)
    first = target.read_bytes()
    assert accept([match("region/suzhou-anhui", "Q9000000001")], target) == []
    assert target.read_bytes() == first


def test_accept_keeps_the_shipped_gazetteers_prefixed_names(tmp_path):
    path = gazetteer_path()
    if not path.exists():
        pytest.skip("ontology/gazetteer.ttl has not landed on this branch yet")
    target = tmp_path / "gazetteer.ttl"
    shutil.copy(path, target)
    before = target.read_text(encoding="utf-8")
    accept([match("region/yangtze-river-delta", "Q9000000002")], target)
    after = target.read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added[-1] == "    owl:sameAs wd:Q9000000002 ."
    assert len(after.splitlines()) == len(before.splitlines()) + 1
    graph = read_graph([target])
    assert set(graph) - set(read_graph([path])) == {
        (URIRef(R + "region/yangtze-river-delta"), SAME_AS, URIRef(WD + "Q9000000002"))
    }


def test_accept_reserializes_deterministically_when_the_block_is_not_editable(tmp_path):
    target = tmp_path / "gazetteer.ttl"
    # The entity is described in two blocks: no single place to add a line.
    target.write_text(
        "# A header comment.\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://w3id.org/g60kg/resource/region/x> rdfs:label "X"@en .\n'
        '<https://w3id.org/g60kg/resource/region/x> rdfs:label "Ex"@en .\n',
        encoding="utf-8",
    )
    accept([match("region/x", "Q9000000003")], target)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# A header comment.\n\n@prefix rdfs:")
    assert set(read_graph([target])) == {
        (URIRef(R + "region/x"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), lit)
        for lit in (Literal("X", lang="en"), Literal("Ex", lang="en"))
    } | {(URIRef(R + "region/x"), SAME_AS, URIRef(WD + "Q9000000003"))}
    assert text.encode("utf-8") == b"# A header comment.\n\n" + serialize_gazetteer(
        read_graph([target]), prefixes={"rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
    )


def test_accept_refuses_an_entity_not_in_the_gazetteer(tmp_path):
    target = tmp_path / "gazetteer.ttl"
    shutil.copy(GAZETTEER, target)
    before = target.read_bytes()
    with pytest.raises(InputError, match=r"gazetteer\.ttl: has no entity .*region/atlantis"):
        accept([match("region/atlantis", "Q9000000001")], target)
    assert target.read_bytes() == before


def test_serialization_is_byte_identical_for_the_same_triples(graph):
    again = Graph()
    for triple in sorted(graph):
        again.add(triple)
    assert serialize_gazetteer(graph) == serialize_gazetteer(again)


# -- the command -----------------------------------------------------------------


def test_link_report_command_lists_unlinked_and_exits_0():
    result = CliRunner().invoke(
        cli, ["link", "--gazetteer", str(GAZETTEER), "--ontology", str(ALIGNMENT)]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 5
    assert lines[3] == (
        "unlinked\tg60r:region/suzhou-anhui\tg60:PrefectureLevelCity\tSuzhou\t"
        "no verified QID in the reference table (not listed)"
    )
    assert result.stderr == "13 entities: 8 linked, 5 unlinked, 0 QID problems\n"


def test_link_report_exits_1_on_an_unverified_qid(tmp_path):
    bad = tmp_path / "g.ttl"
    bad.write_text(
        GAZETTEER.read_text(encoding="utf-8").replace("wd:Q185684", "wd:Q9000000001"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["link", "--report", "--gazetteer", str(bad), "--ontology", str(ALIGNMENT)]
    )
    assert result.exit_code == 1
    assert "problem\tg60r:region/hefei\tQ9000000001\tQ9000000001 is not in the reference table" in (
        result.stdout
    )


def test_link_missing_gazetteer_is_exit_2():
    result = CliRunner().invoke(cli, ["link", "--gazetteer", "/nonexistent/g.ttl"])
    assert result.exit_code == 2
    assert result.stderr == "Error: /nonexistent/g.ttl: no such file\n"


def test_link_online_without_accept_changes_nothing_on_disk(tmp_path):
    target = tmp_path / "gazetteer.ttl"
    shutil.copy(GAZETTEER, target)
    before = target.read_bytes()
    cache = tmp_path / "cache.json"
    with ReplayServer() as server:
        args = ["link", "--online", "--gazetteer", str(target), "--ontology", str(ALIGNMENT)]
        args += ["--api-url", server.api_url, "--sparql-url", server.sparql_url]
        args += ["--min-interval", "0", "--cache", str(cache), "--contact", "mailto:t@example.org"]
        result = CliRunner().invoke(cli, args)
        agents = {r.headers["User-Agent"] for r in server.requests()}
        sent = len(server.requests())
        assert result.exit_code == 0, result.output
        assert target.read_bytes() == before
        again = CliRunner().invoke(cli, [*args, "--accept"])
        assert len(server.requests()) == sent  # every answer came from the cache
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache.json", "gazetteer.ttl"]
    assert "g60r:region/suzhou-anhui\tSuzhou\tQ9000000001\tSuzhou\t1.00\tmatch\t" in result.stdout
    assert "g60r:region/suzhou-anhui\tSuzhou\tQ42622\tSuzhou\t0.70\trejected\t" in result.stdout
    assert result.stderr == f"1 matches, {sent} requests to Wikidata\n"
    assert len(agents) == 1 and "(+mailto:t@example.org)" in agents.pop()
    assert again.exit_code == 0, again.output
    assert "wrote 1 owl:sameAs links into the gazetteer" in again.stderr
    graph = read_graph([target])
    assert (URIRef(R + "region/suzhou-anhui"), SAME_AS, URIRef(WD + "Q9000000001")) in graph


def test_accept_needs_online():
    result = CliRunner().invoke(cli, ["link", "--accept"])
    assert result.exit_code == 2
    assert "--accept needs --online" in result.stderr


# -- in context: the build's entity extraction, then the links ------------------------


def resolved(sentence: str) -> dict[str, str]:
    """Mention text → entity IRI, as g60kg.extract resolves names in ``sentence``."""
    from g60kg.extract import gazetteer as gazetteer_module
    from g60kg.extract.entities import find_mentions
    from g60kg.text.normalize import normalize, sentences

    found = find_mentions(
        sentence, normalize(sentence), gazetteer_module.load(), sentences(sentence)
    )
    return {m.span.quote: m.iri for m in found}


@pytest.fixture(scope="module")
def shipped():
    path = gazetteer_path()
    if not path.exists():
        pytest.skip("ontology/gazetteer.ttl has not landed on this branch yet")
    graph = read_graph([path])
    return {e.iri: e for e in entities(graph)}


def test_suzhou_in_a_jiangsu_context_is_linked_to_q42622(shipped):
    iri = resolved("Suzhou City of Jiangsu Province hosted the forum.")["Suzhou City"]
    assert iri == R + "region/suzhou-jiangsu"
    assert shipped[iri].qids == ("Q42622",)


def test_suzhou_in_an_anhui_context_is_not_linked_to_q42622(shipped):
    iri = resolved("Suzhou of Anhui Province joined the corridor.")["Suzhou"]
    assert iri == R + "region/suzhou-anhui"
    assert "Q42622" not in shipped[iri].qids
    assert shipped[iri].qids == ()


def test_songjiang_in_context_is_the_district_q662380(shipped):
    names = resolved("In Songjiang, output grew. Songjiang District of Shanghai leads.")
    assert names["Songjiang"] == names["Songjiang District"] == R + "region/songjiang-district"
    assert shipped[R + "region/songjiang-district"].qids == ("Q662380",)


def test_shipped_ontology_aligns_region_classes_to_verified_wikidata_classes(table):
    from g60kg.paths import ontology_dir

    path = ontology_dir() / "g60kg.ttl"
    if not path.exists():
        pytest.skip("ontology/g60kg.ttl has not landed on this branch yet")
    alignment = class_alignment(read_graph([path]), table)
    g60 = "https://w3id.org/g60kg/ontology#"
    assert alignment[g60 + "PrefectureLevelCity"] == {"Q748149"}
    assert alignment[g60 + "District"] == {"Q1065118"}
    assert alignment[g60 + "Province"] == {"Q1615742"}
    assert alignment[g60 + "Municipality"] == {"Q1208802"}
