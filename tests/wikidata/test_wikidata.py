"""The Wikidata client against a local replay server; no test touches the internet."""

from __future__ import annotations

import itertools
import json

import pytest
from wikidata_replay import ReplayServer

from g60kg import __version__
from g60kg.wikidata.client import SearchHit, WikidataClient, WikidataError, user_agent


class FakeClock:
    """Time that moves only when the client sleeps: rate limits without waiting."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def server(clock):
    with ReplayServer(clock=clock) as replay:
        yield replay


def client_for(server, clock, **kwargs) -> WikidataClient:
    options = {"min_interval": 1.0, "timeout": 5.0, "sleep": clock.sleep, "clock": clock}
    options.update(kwargs)
    return WikidataClient(api_url=server.api_url, sparql_url=server.sparql_url, **options)


def test_search_returns_hits_in_api_order(server, clock):
    hits = client_for(server, clock).search("Suzhou", "en")
    assert [h.qid for h in hits] == ["Q42622", "Q9000000001"]
    assert hits[0] == SearchHit(
        "Q42622", "Suzhou", "prefecture-level city in Jiangsu, China", "Suzhou"
    )


def test_search_sends_language_and_polite_user_agent(server, clock):
    client_for(server, clock, contact="https://example.org/me").search("苏州市", "zh")
    (request,) = server.requests("/w/api.php")
    assert request.params["language"] == "zh"
    assert request.params["search"] == "苏州市"
    assert request.params["action"] == "wbsearchentities"
    assert request.headers["User-Agent"].startswith(
        f"g60kg/{__version__} (+https://example.org/me) python-httpx/"
    )


def test_user_agent_names_tool_version_and_contact():
    assert user_agent("mailto:a@b.c").startswith(f"g60kg/{__version__} (+mailto:a@b.c) ")


def test_search_not_found_is_an_empty_list(server, clock):
    assert client_for(server, clock).search("Yangtze River Delta", "en") == []


def test_requests_are_spaced_by_the_minimum_interval(server, clock):
    client = client_for(server, clock, min_interval=1.5)
    for text in ("Suzhou", "Songjiang", "G60", "CIIE"):
        client.search(text, "en")
    times = [r.time for r in server.requests()]
    assert len(times) == 4
    assert [b - a for a, b in itertools.pairwise(times)] == [1.5, 1.5, 1.5]


def test_without_a_minimum_interval_requests_are_not_spaced(server, clock):
    client = client_for(server, clock, min_interval=0.0)
    client.search("Suzhou", "en")
    client.search("G60", "en")
    assert clock.sleeps == []
    assert server.requests()[1].time == server.requests()[0].time


def test_429_is_retried_after_the_servers_retry_after(server, clock):
    client = client_for(server, clock, min_interval=0.0)
    hits = client.search("Hefei", "en")
    assert [h.qid for h in hits] == ["Q185684"]
    assert clock.sleeps == [2.0]
    times = [r.time for r in server.requests()]
    assert times[1] - times[0] == 2.0


def test_retry_after_beyond_the_bound_is_an_error_not_a_long_wait(server, clock):
    client = client_for(server, clock, min_interval=0.0, max_retry_after=60)
    with pytest.raises(WikidataError, match=r"asks to retry after 7200 s, more than the 60 s"):
        client.search("Jinhua", "en")
    assert clock.sleeps == []


def test_429_gives_up_after_max_retries(server, clock):
    client = client_for(server, clock, min_interval=0.0, max_retries=0)
    with pytest.raises(WikidataError, match=r"^HTTP 429 .* \(gave up after retries\)$"):
        client.search("Hefei", "en")


def test_timeout_is_a_clear_error_after_bounded_retries(server, clock):
    client = client_for(server, clock, timeout=0.2, max_retries=1, min_interval=0.0)
    with pytest.raises(WikidataError, match=r"no answer from .* within 0.2 s \(2 attempts\)"):
        client.search("Hangzhou", "en")
    assert len(server.requests()) == 2


def test_malformed_json_is_a_clear_error(server, clock):
    with pytest.raises(WikidataError, match=r"^malformed JSON from http://127\.0\.0\.1:\d+/w/api"):
        client_for(server, clock).search("Broken", "en")


def test_missing_recording_is_an_http_error(server, clock):
    with pytest.raises(WikidataError, match=r"^HTTP 500 "):
        client_for(server, clock).search("Nowhere", "en")


def test_unreachable_endpoint_is_a_clear_error(clock):
    client = WikidataClient(api_url="http://127.0.0.1:9/w/api.php", sleep=clock.sleep, clock=clock)
    with pytest.raises(WikidataError, match=r"^cannot reach http://127\.0\.0\.1:9/w/api\.php"):
        client.search("Suzhou")


def test_sparql_rows_are_plain_values(server, clock):
    rows = client_for(server, clock).sparql(
        "SELECT * WHERE { VALUES ?item { wd:Q9000000021 } ?item ?p ?o }"
    )
    assert rows == [
        {
            "item": "http://www.wikidata.org/entity/Q9000000021",
            "class": "http://www.wikidata.org/entity/Q57305",
            "parent": "http://www.wikidata.org/entity/Q8686",
        }
    ]
    (request,) = server.requests("/sparql")
    assert request.params["format"] == "json"
    assert request.headers["Accept"] == "application/sparql-results+json"


def test_cache_answers_a_second_client_without_requests(server, clock, tmp_path):
    cache = tmp_path / "cache.json"
    first = client_for(server, clock, cache_path=cache)
    first.search("Suzhou", "en")
    first.search("G60", "en")
    saved = cache.read_bytes()
    second = client_for(server, clock, cache_path=cache)
    assert [h.qid for h in second.search("Suzhou", "en")] == ["Q42622", "Q9000000001"]
    assert second.requests_sent == 0
    assert len(server.requests()) == 2
    assert cache.read_bytes() == saved
    keys = list(json.loads(saved))
    assert keys == sorted(keys) and len(keys) == 2


def test_corrupt_cache_is_a_clear_error(tmp_path):
    cache = tmp_path / "cache.json"
    cache.write_text("[1, 2", encoding="utf-8")
    with pytest.raises(WikidataError, match=r"cache\.json: not a g60kg response cache"):
        WikidataClient(cache_path=cache)


def test_retry_after_as_an_http_date_is_honoured_within_the_bound():
    client = WikidataClient(max_retry_after=60)
    with pytest.raises(WikidataError, match=r"asks to retry after \d+ s, more than the 60 s"):
        client._retry_after("Thu, 01 Jan 2099 00:00:00 GMT", 0, "http://x")
    assert client._retry_after("Thu, 01 Jan 1970 00:00:00 GMT", 0, "http://x") == 0.0
    assert client._retry_after("soon", 1, "http://x") == 2.0  # unparsable: backoff
