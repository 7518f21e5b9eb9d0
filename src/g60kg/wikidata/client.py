"""A small, polite Wikidata client: entity search and SPARQL, nothing else.

Wikidata is a shared public service, so the client behaves as its User-Agent
and API etiquette policies ask: it names itself (tool, version, a contact URL
and the library), waits a minimum interval between requests, honours
``Retry-After`` on 429/503 (bounded, so a hostile value cannot park us for an
hour), gives up after a timeout, and caches every answer on disk so a second
run asks nothing. HTTP goes through httpx, as the loader's does, with one
connection kept open for the run.

Base URLs are parameters: tests point the client at a local replay server, and
a mirror can be used the same way. Clock and sleep are injectable so tests can
check the rate limit and Retry-After without waiting.
"""

from __future__ import annotations

import datetime
import email.utils
import json
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from g60kg.errors import InputError
from g60kg.fileio import atomic_write_bytes
from g60kg.version import __version__

DEFAULT_API_URL = "https://www.wikidata.org/w/api.php"
DEFAULT_SPARQL_URL = "https://query.wikidata.org/sparql"
DEFAULT_CONTACT = "https://w3id.org/g60kg"

#: Upper bound on a server's Retry-After we are willing to honour (seconds).
MAX_RETRY_AFTER = 120.0
#: HTTP statuses that mean "slow down / try later".
RETRY_STATUSES = frozenset({429, 503})


class WikidataError(InputError):
    """Wikidata (or the configured endpoint) gave no usable answer.

    A subclass of InputError so the CLI prints it as one line and exits 2.
    """


@dataclass(frozen=True)
class SearchHit:
    """One item from ``wbsearchentities``: enough to show and to check."""

    qid: str
    label: str
    description: str
    matched_text: str


def user_agent(contact: str = DEFAULT_CONTACT) -> str:
    """The User-Agent Wikimedia's policy asks for: tool/version (contact) library/version."""
    return f"g60kg/{__version__} (+{contact}) python-httpx/{httpx.__version__}"


class WikidataClient:
    """Entity search and SPARQL against Wikidata, rate limited and cached.

    ``cache_path`` holds a JSON object mapping request keys (the full URL, plus
    the query for SPARQL) to decoded JSON answers. It is rewritten atomically
    after each new answer with sorted keys, so the same answers give the same
    bytes and an interrupted run keeps what it already fetched.
    """

    def __init__(
        self,
        *,
        api_url: str = DEFAULT_API_URL,
        sparql_url: str = DEFAULT_SPARQL_URL,
        contact: str = DEFAULT_CONTACT,
        cache_path: Path | None = None,
        min_interval: float = 1.0,
        timeout: float = 30.0,
        max_retries: int = 3,
        max_retry_after: float = MAX_RETRY_AFTER,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.api_url = api_url
        self.sparql_url = sparql_url
        self.user_agent = user_agent(contact)
        self.cache_path = Path(cache_path) if cache_path else None
        self.min_interval = min_interval
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_retry_after = max_retry_after
        self._sleep = sleep
        self._clock = clock
        self._last_done: float | None = None
        self.requests_sent = 0
        self._cache: dict[str, Any] = self._load_cache()
        self._http = httpx.Client(timeout=timeout, headers={"User-Agent": self.user_agent})

    # -- public API ---------------------------------------------------------

    def search(self, text: str, language: str = "en", limit: int = 10) -> list[SearchHit]:
        """Items whose label or alias matches ``text`` in ``language`` (wbsearchentities)."""
        params = {
            "action": "wbsearchentities",
            "format": "json",
            "language": language,
            "uselang": language,
            "type": "item",
            "limit": str(limit),
            "search": text,
        }
        url = f"{self.api_url}?{urllib.parse.urlencode(params)}"
        data = self._get_json(url)
        if not isinstance(data, dict) or "error" in data:
            info = data.get("error", {}).get("info", data) if isinstance(data, dict) else data
            raise WikidataError(f"Wikidata search for {text!r} failed at {url}: {info}")
        hits = []
        for entry in data.get("search", []):
            qid = entry.get("id", "")
            if not qid.startswith("Q"):
                continue
            match = entry.get("match", {})
            hits.append(
                SearchHit(
                    qid=qid,
                    label=entry.get("label", ""),
                    description=entry.get("description", ""),
                    matched_text=match.get("text", entry.get("label", "")),
                )
            )
        return hits

    def sparql(
        self, query: str, check: Callable[[list[dict[str, str]]], object] | None = None
    ) -> list[dict[str, str]]:
        """Run a SELECT query; rows map variable names to plain string values.

        ``check`` raises a WikidataError on rows that are not what the query
        asks for; such an answer is then not cached.
        """
        url = f"{self.sparql_url}?{urllib.parse.urlencode({'format': 'json', 'query': query})}"

        def valid(data: Any) -> None:
            rows = self._sparql_rows(data)
            if check is not None:
                check(rows)

        return self._sparql_rows(self._get_json(url, "application/sparql-results+json", valid))

    def _sparql_rows(self, data: Any) -> list[dict[str, str]]:
        try:
            bindings = data["results"]["bindings"]
            return [{var: str(cell["value"]) for var, cell in row.items()} for row in bindings]
        except (KeyError, TypeError, AttributeError) as exc:
            raise WikidataError(
                f"SPARQL answer from {self.sparql_url} is not SPARQL JSON results: missing {exc}"
            ) from None

    def close(self) -> None:
        """Close the connection (the cache is saved as it grows)."""
        self._http.close()

    # -- transport ------------------------------------------------------------

    def _get_json(
        self,
        url: str,
        accept: str = "application/json",
        check: Callable[[Any], object] | None = None,
    ) -> Any:
        """The decoded answer, from the cache or the network.

        ``check`` raises on an answer of the wrong shape before it is cached,
        so a malformed answer is not replayed by the next run.
        """
        if url in self._cache:
            return self._cache[url]
        body = self._fetch(url, accept)
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise WikidataError(f"malformed JSON from {_short(url)}: {exc}") from None
        if check is not None:
            check(data)
        self._cache[url] = data
        self._save_cache()
        return data

    def _fetch(self, url: str, accept: str) -> bytes:
        attempt = 0
        while True:
            self._wait_turn()
            self.requests_sent += 1
            try:
                response = self._http.get(url, headers={"Accept": accept})
            except httpx.TimeoutException:
                self._last_done = self._clock()
                if attempt >= self.max_retries:
                    raise WikidataError(
                        f"no answer from {_short(url)} within {self.timeout:g} s "
                        f"({attempt + 1} attempts)"
                    ) from None
            except httpx.HTTPError as exc:
                self._last_done = self._clock()
                raise WikidataError(f"cannot reach {_short(url)}: {_reason(exc)}") from None
            else:
                self._last_done = self._clock()
                if response.is_success:
                    return response.content
                status = response.status_code
                if status not in RETRY_STATUSES or attempt >= self.max_retries:
                    raise WikidataError(
                        f"HTTP {status} {response.reason_phrase} from {_short(url)}"
                        + (" (gave up after retries)" if status in RETRY_STATUSES else "")
                    ) from None
                self._sleep(self._retry_after(response.headers.get("Retry-After"), attempt, url))
            attempt += 1

    def _wait_turn(self) -> None:
        """Keep ``min_interval`` between the end of one request and the start of the next."""
        if self._last_done is None:
            return
        wait = self._last_done + self.min_interval - self._clock()
        if wait > 0:
            self._sleep(wait)

    def _retry_after(self, header: str | None, attempt: int, url: str) -> float:
        """Seconds to wait before retrying: the server's Retry-After, else backoff."""
        if header is None:
            return min(self.max_retry_after, max(self.min_interval, 1.0) * 2**attempt)
        try:
            seconds = float(header)
        except ValueError:
            seconds = _seconds_until(header)
            if seconds is None:
                return min(self.max_retry_after, max(self.min_interval, 1.0) * 2**attempt)
        if seconds > self.max_retry_after:
            raise WikidataError(
                f"{_short(url)} asks to retry after {seconds:.0f} s, more than the "
                f"{self.max_retry_after:g} s we wait; try again later"
            )
        return max(seconds, 0.0)

    # -- cache -------------------------------------------------------------

    def _load_cache(self) -> dict[str, Any]:
        if self.cache_path is None or not self.cache_path.exists():
            return {}
        try:
            data = json.loads(self.cache_path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise WikidataError(f"{self.cache_path}: not a g60kg response cache: {exc}") from None
        if not isinstance(data, dict):
            raise WikidataError(f"{self.cache_path}: not a g60kg response cache (not an object)")
        return data

    def _save_cache(self) -> None:
        if self.cache_path is None:
            return
        text = json.dumps(self._cache, sort_keys=True, ensure_ascii=False, indent=1) + "\n"
        atomic_write_bytes(self.cache_path, text.encode("utf-8"))


def _seconds_until(http_date: str) -> float | None:
    """Seconds from now until an HTTP-date Retry-After, or None if it is not one."""
    try:
        when = email.utils.parsedate_to_datetime(http_date)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return (when - datetime.datetime.now(datetime.UTC)).total_seconds()


def _reason(exc: BaseException) -> str:
    """The system's reason behind an httpx error (``[Errno 111] Connection refused``)."""
    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, OSError):
        cause = cause.__cause__ or cause.__context__
    return str(cause or exc).splitlines()[0] if str(cause or exc) else type(exc).__name__


def _short(url: str, limit: int = 160) -> str:
    """A URL short enough for a one-line error message."""
    return url if len(url) <= limit else url[: limit - 1] + "…"
