"""Read an article file into one published text plus metadata and spans.

The :class:`Article` text is what the graph publishes as ``schema:articleBody``
and what every extracted offset indexes: the headline, a blank line, then the
kept body paragraphs separated by blank lines. Characters are kept as printed
(non-breaking spaces, curly quotes); only page furniture is dropped (empty
bylines, "Original link:", comment forms, share buttons), so a quote in the
graph can always be found verbatim in the text it claims to come from.

Inputs: ``.txt`` (first non-empty line is the headline, optional YAML front
matter) and saved web pages ``.html``/``.htm`` (headline from ``<h1>`` or
``<title>``, body from ``<p>``; script, style, navigation, header, footer,
aside, forms and comment sections dropped).
"""

from __future__ import annotations

import datetime
import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from g60kg.errors import InputError
from g60kg.inputs import MAX_LITERAL_BYTES, regular_file
from g60kg.text.english import NUMBER_WORDS, ORDINALS, month_number, month_pattern
from g60kg.text.normalize import normalize, slugify


@dataclass(frozen=True)
class Article:
    """One article: the text the graph publishes, its metadata and its layout."""

    slug: str
    source: str
    headline: str
    text: str
    date: datetime.date | None
    url: str | None
    publisher: str | None
    distributor: str | None
    dateline_place: str | None
    paragraphs: tuple[tuple[int, int], ...]
    photo_credits: tuple[tuple[int, int], ...] = ()
    #: Span of the wire dateline ("BEIJING, Nov. 22, 2023 /PRNewswire/ —") in ``text``.
    dateline: tuple[int, int] | None = None
    #: Span of the headline in ``text`` (always starts at 0).
    headline_span: tuple[int, int] = (0, 0)

    def body_spans(self) -> tuple[tuple[int, int], ...]:
        """Paragraph spans that may state facts: photo captions left out."""
        credits = set(self.photo_credits)
        return tuple(p for p in self.paragraphs if p not in credits)


# --- boilerplate -------------------------------------------------------------

# Lines that are page furniture, matched on the normalised, stripped line.
_BOILERPLATE = re.compile(
    r"""^(?:
        [\u2022\u00b7*\-]?\s*by\s*:?\s*$                       # empty byline "• by"
      | [\u2022\u00b7]\s*by\s+.{0,60}$                          # "• by Jane Doe"
      | original\s+(?:link|url|source)\s*:.*                    # "Original link:"
      | source\s+link\s*:.*
      | leave\s+a\s+(?:reply|comment).*
      | your\s+email\s+address\s+will\s+not\s+be\s+published.*
      | .{0,40}required\s+fields\s+are\s+marked.*
      | (?:share|share\s+this(?:\s+article)?|share\s+on\s+\w+|print|email|tweet|
           print\s+this(?:\s+(?:article|page))?|e-?mail\s+this(?:\s+article)?|
           follow\s+us(?:\s+on\s+\w+)?|related(?:\s+(?:articles|news|posts|stories))?|
           read\s+more|click\s+here.*|subscribe.*|advertisement|comments?|
           post\s+comment|cancel\s+reply|tags?\s*:.*|categor(?:y|ies)\s*:.*|
           save\s+my\s+name.*|name\s*\*?|website|back\s+to\s+top|top|
           share\s+this\s*:?|like\s+this\s*:?|loading\.*|previous\s+(?:post|article)\s*:?.{0,120}|
           next\s+(?:post|article)\s*:?.{0,120}|you\s+may\s+also\s+like|
           (?:posted|filed)\s+(?:in|under)\s*:?.{0,80}|related\s+posts\s*:?)
        \s*[:.!]?\s*$
      | https?://\S+                                            # a bare URL line
      | (?:(?:web\s+)?editors?|reporters?|writers?|authors?|translators?|contributors?|
           edited\s+by|written\s+by|reported\s+by)\s*[:|].{0,80}  # "Editor: Li Ming"
      | (?:copyright|\u00a9|\(c\)).{0,120}                        # copyright notices
      | all\s+rights\s+reserved.{0,60}
      | view\s+original\s+content.{0,200}                     # PR Newswire footer
      | (?:cision\s+)?view\s+original\s+release.{0,200}
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Once one of these appears, the rest of the page is a comment form.
_COMMENT_SECTION = re.compile(
    r"^(?:leave\s+a\s+(?:reply|comment)|\d*\s*comments?\s*:?|post\s+a\s+comment)\s*[:.!]?\s*$",
    re.IGNORECASE,
)
# PR Newswire ends a release with "SOURCE <organisation>" (upper-case SOURCE).
_SOURCE_LINE = re.compile(r"^SOURCE\s+(?P<org>[A-Z][^\n]{1,80})$")
_ORIGINAL_LINK = re.compile(r"^original\s+(?:link|url)\s*:\s*(https?://\S+)", re.IGNORECASE)
_PHOTO = re.compile(
    r"^(?:photo|picture|image|file\s+photo|pictured|caption)\b\s*(?:shows|taken|:|-|by|\()"
    r"|^(?:\S+\s+){0,4}(?:photo|picture|image)\s+(?:taken\s+on\b|shows\b)"
    r"|\[(?:photo|image|video)\s*[/:][^\]]*\]\s*$"
    r"|\((?:xinhua|photo|image)\s*/[^)]*\)\s*$"
    r"|^\(?(?:photo|source|image)\s*(?:credit)?\s*:.*\)?$"
    r"|\((?:photo|source|image)\s*(?:credit)?\s*:\s*[^)]*\)\s*$"
    r"|^(?:photo|image)\s+(?:credit|courtesy)\b",
    re.IGNORECASE,
)

# --- dateline ---------------------------------------------------------------

_MONTH_RE = month_pattern(capitalised=True)  # matched case-sensitively: "Nov. 22"
# "BEIJING, Nov. 22, 2023 /PRNewswire/ —", "HANGZHOU, China, Nov. 3 (Xinhua) --",
# "SHANGHAI, Nov 22, 2023 -".
# A line holding only a date ("November 22, 2023", "2023-11-22"): a post date.
_DATE_LINE = re.compile(
    r"^(?:(?:posted|published|updated|released)\s*(?:on|at)?\s*:?\s*)?"
    r"(?:\d{1,2}:\d{2}(?::\d{2})?\s*,?\s*)?(?:"  # CGTN: "Updated 15:32, 25-Jul-2023"
    r"(?P<month>" + _MONTH_RE + r")\s*(?P<day>\d{1,2}),?\s*(?P<year>\d{4})"
    r"|(?P<dday>\d{1,2})(?:\s+|\s*-\s*)(?P<dmonth>"
    + _MONTH_RE
    + r")(?:\s+|\s*-\s*|,\s*)(?P<dyear>\d{4})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}))(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
    r"(?:\s*[AP]\.?M\.?)?"  # "Published: Mar 14, 2025 09:12 PM"
    r"(?:\s*\(?(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d{2})?\)?"  # "Aug 22, 2024 17:05 GMT+8"
    r"|\s*\(?(?:Beijing\s+time|BJT|CST)\)?)?\s*$",
    re.IGNORECASE,
)
# A masthead paragraph of a few short lines, one a date: "By Global Times\nPublished:
# Mar 14, 2025 09:12 PM". A line ending a sentence is body text, not a masthead.
_MASTHEAD_LINE = re.compile(r"^.{1,60}(?<![.!?\"'”:])$")
# A masthead line of fields between bars, one of them a date: "By X | China Daily |
# Updated: 2021-11-10 07:56", "Source: Xinhua | 2022-12-06 18:40:12 | Editor: huaxia".
_MASTHEAD_FIELD = re.compile(r"^[^|]{1,80}$")
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'\- ]{1,40}?)"
    r"(?:,\s*(?P<country>[A-Z][A-Za-z.' ]{1,30}?))?"
    r",\s*(?P<month>" + _MONTH_RE + r")\s*(?P<day>\d{1,2})(?:\s*,\s*(?P<year>\d{4}))?"
    r"\s*(?:/\s*(?P<wire>[^/\n]{2,40}?)\s*/|\(\s*(?P<agency>[^()\n]{2,40}?)\s*\))?"
    r"\s*(?:-{1,3}|:)\s*"
)
# How many paragraphs may stand before the dateline, each at most this long.
_DATELINE_WITHIN = 4
_SHORT_LINE = 120
_HEADLINE_PUBLISHER = re.compile(r"^(?P<pub>[A-Z][\w&.'-]*(?: [A-Z][\w&.'-]*){0,4}):\s+\S")
# Headline prefixes that are labels, not publishers ("Exclusive: ...").
_NOT_PUBLISHERS = frozenset(
    {
        "exclusive",
        "update",
        "breaking",
        "analysis",
        "interview",
        "opinion",
        "feature",
        "photos",
        "video",
        "watch",
        "live",
        "factbox",
        "explainer",
        "q&a",
        "editorial",
        "commentary",
        "review",
        "profile",
    }
)


def _wire_name(raw: str) -> str:
    """Wire name as people write it: "PRNewswire" -> "PR Newswire"."""
    name = re.sub(r"^([A-Z]{2,})([A-Z][a-z])", r"\1 \2", raw.strip())
    return name


def _masthead_date(line: str) -> re.Match[str] | None:
    """The date field of a masthead line of ``|``-separated short fields, if any."""
    if "|" not in line or "\n" in line:
        return None
    fields = [f.strip() for f in line.split("|")]
    if not all(_MASTHEAD_FIELD.match(f) for f in fields):
        return None
    return next((m for f in fields if (m := _DATE_LINE.match(f))), None)


def _masthead_lines_date(para: str) -> re.Match[str] | None:
    """The date line of a paragraph of two to four short masthead lines, if any."""
    lines = [line.strip() for line in para.split("\n") if line.strip()]
    if not 2 <= len(lines) <= 4:
        return None
    if not all(_DATE_LINE.match(line) or _MASTHEAD_LINE.match(line) for line in lines):
        return None
    return next((m for line in lines if (m := _DATE_LINE.match(line))), None)


def _date_line_value(m: re.Match[str]) -> datetime.date | None:
    try:
        if m.group("iso"):
            return datetime.date.fromisoformat(m.group("iso"))
        if m.group("dday"):
            month = month_number(m.group("dmonth"))
            return datetime.date(int(m.group("dyear")), month, int(m.group("dday")))
        month = month_number(m.group("month"))
        return datetime.date(int(m.group("year")), month, int(m.group("day")))
    except ValueError:
        return None


def _title_place(raw: str) -> str:
    return " ".join(w.capitalize() if w.isupper() else w for w in raw.strip().split())


# --- HTML -------------------------------------------------------------------

_SKIP_TAGS = frozenset({"script", "style", "nav", "header", "footer", "aside", "form", "noscript",
                        "template", "svg", "iframe", "button", "select", "textarea"})  # fmt: skip
_VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                        "meta", "param", "source", "track", "wbr"})  # fmt: skip
_SKIP_CLASS = re.compile(r"comment|share|social|related|breadcrumb|cookie|newsletter|advert",
                         re.IGNORECASE)  # fmt: skip
_BLOCK_TAGS = frozenset({"p", "h1", "title", "figcaption", "li", "blockquote"})


# Meta tags of saved pages (Open Graph, article:, Dublin Core, schema.org microdata).
_META_FIELDS = {
    "article:published_time": "date",
    "og:article:published_time": "date",
    "datepublished": "date",
    "pubdate": "date",
    "publishdate": "date",
    "dc.date": "date",
    "dcterms.date": "date",
    "og:url": "url",
    "og:site_name": "publisher",
    "article:publisher": "publisher",
    "og:title": "title",
}


class _PageParser(HTMLParser):
    """Collect the headline candidates and body paragraphs of a saved web page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.h1 = ""
        self.header_h1 = ""  # an <h1> inside <header>: the headline if no other
        self.paragraphs: list[tuple[str, str]] = []  # (tag, text)
        self._stack: list[tuple[str, bool]] = []  # (tag, opened a skipped region)
        self._skip_depth = 0
        self._block: str | None = None
        self._buf: list[str] = []
        self._has_article = False
        #: what the page says about itself: og:/article: meta tags, canonical link
        self.meta: dict[str, str] = {}

    def _page_meta(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag == "link":
            if (attrs.get("rel") or "").lower() == "canonical" and attrs.get("href"):
                self.meta.setdefault("url", str(attrs["href"]).strip())
            return
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        value = (attrs.get("content") or "").strip()
        field = _META_FIELDS.get(key)
        if field and value:
            self.meta.setdefault(field, value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("meta", "link"):
            self._page_meta(tag, dict(attrs))
        if tag in _VOID_TAGS:
            if tag == "br" and self._block is not None:
                self._buf.append("\n")
            return
        marker = " ".join(v or "" for k, v in attrs if k in ("class", "id"))
        skip = tag in _SKIP_TAGS or bool(marker and _SKIP_CLASS.search(marker))
        self._stack.append((tag, skip))
        if skip:
            self._skip_depth += 1
        if (
            tag in _BLOCK_TAGS
            and self._block is None
            and (self._skip_depth == 0 or (tag == "h1" and self._only_header_skipped()))
        ):
            self._block = tag
            self._buf = []

    def _only_header_skipped(self) -> bool:
        """True inside <header> and nothing else that is dropped (the page's masthead)."""
        return all(t == "header" for t, skip in self._stack if skip)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID_TAGS or not any(t == tag for t, _ in self._stack):
            return
        while self._stack:
            open_tag, skip = self._stack.pop()
            if skip:
                self._skip_depth -= 1
            if open_tag == self._block:
                self._flush()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._block is not None and (
            self._skip_depth == 0 or (self._block == "h1" and self._only_header_skipped())
        ):
            self._buf.append(data)

    def _flush(self) -> None:
        text = re.sub(r"[ \t\r\n]+", " ", "".join(self._buf)).strip()
        tag, self._block, self._buf = self._block, None, []
        if not text:
            return
        if tag == "title":
            self.title = self.title or text
        elif tag == "h1" and self._skip_depth:
            self.header_h1 = self.header_h1 or text
        elif tag == "h1":
            self.h1 = self.h1 or text
        else:
            self.paragraphs.append((tag or "p", text))

    def close(self) -> None:
        super().close()
        if self._block is not None:
            self._flush()


# --- front matter -----------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def _front_matter(raw: str, source: str) -> tuple[dict[str, Any], str]:
    """Split optional YAML front matter off ``raw``; return (fields, rest)."""
    if not raw.startswith("---"):
        return {}, raw
    m = _FRONT_MATTER.match(raw)
    if not m:
        raise InputError(f"{source}: front matter opened with '---' is never closed")

    try:
        data = yaml.load(m.group(1) or "", Loader=_front_matter_loader()) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 2} column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise InputError(f"{source}:{where}: unreadable front matter: {problem}") from None
    if not isinstance(data, dict):
        raise InputError(f"{source}: front matter must be a mapping of keys to values")
    return data, raw[m.end() :]


@functools.cache
def _front_matter_loader() -> type:
    """YAML's safe loader without its timestamp type: dates stay text until :func:`_as_date`.

    The safe loader turns ``date: 2023-13-45`` into a ValueError from deep
    inside its constructor; as text it gets the same one-line refusal as any
    other date that is not one.
    """

    class Loader(yaml.SafeLoader):
        pass

    timestamp = "tag:yaml.org,2002:timestamp"
    Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != timestamp]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


def _as_date(value: Any, source: str) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise InputError(f"{source}: front matter date {value!r} is not YYYY-MM-DD") from None


def _lenient_date(value: str | None) -> datetime.date | None:
    """A date from a web page's meta tag; a malformed one is ignored, not an error."""
    try:
        return datetime.date.fromisoformat(value.strip()[:10]) if value else None
    except ValueError:
        return None


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


# --- assembling -------------------------------------------------------------


def _text_paragraphs(body: str) -> list[str]:
    """Paragraphs of a plain-text body.

    A blank line always ends a paragraph; inside a block of lines, a line that
    ends a sentence ends a paragraph too (files with one paragraph per line), and
    a line that does not (a hard-wrapped paragraph) continues on the next line.
    """
    paragraphs: list[str] = []
    current: list[str] = []
    for line in body.split("\n"):
        stripped = line.strip()
        if not stripped:
            if current:
                paragraphs.append("\n".join(current))
                current = []
            continue
        current.append(stripped)
        if re.search(r"[.!?:;\"')\]]$", normalize(stripped)):
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return paragraphs


def parse_article(
    raw: str,
    *,
    slug: str,
    source: str = "<string>",
    html: bool = False,
    date: datetime.date | None = None,
    url: str | None = None,
) -> Article:
    """Parse article content ``raw`` (already decoded) into an :class:`Article`.

    Precedence of metadata: explicit ``date``/``url`` arguments (the CLI's
    ``--date``/``--url``) win over front matter, which wins over what the text
    says (wire dateline, "Original link:", "Publisher: headline").
    """
    raw = raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    meta, body = _front_matter(raw, source)
    headline = _as_text(meta.get("title") or meta.get("headline"))
    if html:
        page = _PageParser()
        try:
            page.feed(body)
            page.close()
        except AssertionError:
            # html.parser asserts on a malformed "<![" section ("<![0"): read it as text
            page = _PageParser()
            page.feed(body.replace("<![", "&lt;!["))
            page.close()
        # The page's own tags fill what front matter leaves open (front matter wins).
        page_date = _lenient_date(page.meta.get("date"))
        if page_date and not meta.get("date"):
            meta["date"] = page_date
        for key in ("url", "publisher"):
            value = page.meta.get(key)
            if value and not meta.get(key) and not (key == "publisher" and "://" in value):
                meta[key] = value
        headline = headline or page.h1 or page.header_h1 or page.meta.get("title") or page.title
        lines = [text for _tag, text in page.paragraphs]
        if headline and lines and normalize(lines[0]) == normalize(headline):
            lines = lines[1:]
        candidates = lines
    else:
        candidates = _text_paragraphs(body)
        if (
            candidates
            and "\n" not in candidates[0]
            and (headline is None or normalize(candidates[0]) == normalize(headline))
        ):
            headline = headline or candidates[0]
            candidates = candidates[1:]
        elif headline is None and candidates:
            first, _, rest = candidates[0].partition("\n")
            headline = first
            candidates = [rest, *candidates[1:]] if rest else candidates[1:]
    if not headline:
        raise InputError(f"{source}: no headline (the file has no text)")

    found_url: str | None = None
    found_source: str | None = None
    found_date: datetime.date | None = None
    kept: list[str] = []
    for para in candidates:
        norm = normalize(para).strip()
        link = _ORIGINAL_LINK.match(norm)
        if link:
            found_url = found_url or link.group(1)
        if _COMMENT_SECTION.match(norm):
            break
        date_line = _DATE_LINE.match(norm) or _masthead_date(norm) or _masthead_lines_date(norm)
        if date_line:
            found_date = found_date or _date_line_value(date_line)
            continue
        source_line = _SOURCE_LINE.match(norm)
        if source_line:
            found_source = found_source or source_line.group("org").strip()
            continue
        if _BOILERPLATE.match(norm):
            continue
        kept.append(para)

    text_parts = [headline]
    pos = len(headline)
    paragraphs: list[tuple[int, int]] = []
    credits: list[tuple[int, int]] = []
    for para in kept:
        pos += 2
        paragraphs.append((pos, pos + len(para)))
        if _PHOTO.search(normalize(para)):
            credits.append((pos, pos + len(para)))
        text_parts.append(para)
        pos += len(para)
    text = "\n\n".join(text_parts)

    dateline_span: tuple[int, int] | None = None
    place = distributor = None
    dateline_date: datetime.date | None = None
    # Pages put a repeated headline or a time stamp before the wire dateline: look
    # past a few short lines, never past a paragraph of body text.
    m, first = None, 0
    for k, (b, e) in enumerate(paragraphs[:_DATELINE_WITHIN]):
        m = _DATELINE.match(normalize(text[b:e]))
        if m:
            first = k
            break
        if e - b > _SHORT_LINE:
            break
    if m:
        dateline_span = (b, b + len(m.group(0).rstrip()))
        paragraphs[first] = (b + m.end(), e)
        place = _title_place(m.group("place"))
        wire = m.group("wire") or m.group("agency")
        distributor = _wire_name(wire) if wire else None
        month = month_number(m.group("month"))
        year = int(m.group("year")) if m.group("year") else None
        if year is None and (date or meta.get("date") or found_date):
            known = date or _as_date(meta.get("date"), source) or found_date
            year = known.year  # type: ignore[union-attr]
        if year is not None:
            try:
                dateline_date = datetime.date(year, month, int(m.group("day")))
            except ValueError:
                dateline_date = None

    publisher = _as_text(meta.get("publisher")) or found_source
    if publisher is None:
        m = _HEADLINE_PUBLISHER.match(normalize(headline))
        if m and m.group("pub").lower() not in _NOT_PUBLISHERS:
            publisher = m.group("pub")

    _check_literal_size(text, source)
    _check_numbers(text, source)
    return Article(
        slug=slug,
        source=source,
        headline=headline,
        text=text,
        date=date or _as_date(meta.get("date"), source) or dateline_date or found_date,
        url=url or _as_text(meta.get("url")) or found_url,
        publisher=publisher,
        distributor=_as_text(meta.get("distributor")) or distributor,
        dateline_place=_as_text(meta.get("dateline")) or place,
        paragraphs=tuple(paragraphs),
        photo_credits=tuple(credits),
        dateline=dateline_span,
        headline_span=(0, len(headline)),
    )


#: The largest article file read (bytes): a saved web page may be several
#: times its text, but nothing this size makes an article the graph can hold.
MAX_FILE_BYTES = 64_000_000
# Characters a Turtle or N-Triples string spells with an escape: two bytes, or
# six for the other control characters (as pyoxigraph writes them).
_ESCAPED = re.compile(r'[\\"\n\r\t\b\f\x00-\x1f\x7f]')


def _check_literal_size(text: str, source: str) -> None:
    """Refuse a text whose ``schema:articleBody`` literal pyoxigraph could not read back.

    The limit is :data:`g60kg.inputs.MAX_LITERAL_BYTES` of the literal as
    written (UTF-8, escapes included), checked here, before extraction, so a
    build stops with one line instead of writing a graph no reader can load.
    """
    size = len(text.encode("utf-8"))
    if size + 5 * len(text) <= MAX_LITERAL_BYTES:  # even if every character were escaped
        return
    size += sum(1 if ch in '\\"\n\r\t\b\f' else 5 for ch in _ESCAPED.findall(text))
    if size > MAX_LITERAL_BYTES:
        raise InputError(
            f"{source}: the article text is {size:,} bytes as an RDF literal; the limit is "
            f"{MAX_LITERAL_BYTES:,} (the longest literal pyoxigraph reads back)"
        )


#: The most numbers (digit groups and number words) an article may hold.
#:
#: Extraction decides every number (an observation or a reason it is not one)
#: and the graph publishes each decision, so work and memory grow with the
#: count, whatever the text's length. Real news articles hold hundreds; at this
#: limit the worst shapes measured (one line of bare numbers; dense statistics
#: pages repeated) build in under a minute and 2 GB (benchmarks/README.md,
#: "Hostile input shapes"). More is refused before extraction starts.
MAX_NUMBERS = 20_000
_WORD_OR_DIGITS = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z]+", re.ASCII)
_SPELLED = NUMBER_WORDS | frozenset(ORDINALS)


def number_ends(text: str) -> Iterator[int]:
    """The end offset of each number of ``text`` as :data:`MAX_NUMBERS` counts them."""
    for m in _WORD_OR_DIGITS.finditer(text):
        if m.group()[0].isdigit() or m.group().lower() in _SPELLED:
            yield m.end()


def _check_numbers(text: str, source: str) -> None:
    """Refuse a text of more than :data:`MAX_NUMBERS` numbers, counting no further."""
    if len(text) < 2 * MAX_NUMBERS:
        return  # each number takes a character and a gap: no need to count
    if sum(1 for _ in itertools.islice(number_ends(text), MAX_NUMBERS + 1)) > MAX_NUMBERS:
        raise InputError(
            f"{source}: the article holds more than {MAX_NUMBERS:,} numbers; the limit is "
            f"{MAX_NUMBERS:,} per article (extraction decides each one): split it into articles"
        )


def read_article(
    path: Path, *, date: datetime.date | None = None, url: str | None = None
) -> Article:
    """Read ``path`` (.txt, .md, .html, .htm) into an :class:`Article`.

    Every unusable input raises :class:`InputError` with a one-line message
    naming the file: missing, a directory, a FIFO or device (reading one
    would block or never end), over :data:`MAX_FILE_BYTES`, empty, not UTF-8
    text, a text too long to publish (:func:`_check_literal_size`) or holding
    more numbers than extraction will decide (:func:`_check_numbers`).
    """
    path = Path(path)
    source = str(path)
    if not path.exists():
        raise InputError(f"{source}: no such file")
    if path.is_dir():
        raise InputError(f"{source}: is a directory, not an article file")
    regular_file(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(
            f"{source}: {size:,} bytes; an article file may have at most {MAX_FILE_BYTES:,}"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{source}: cannot read: {exc.strerror or exc}") from None
    return article_from_bytes(data, source, path.name, date=date, url=url)


def article_from_bytes(
    data: bytes,
    source: str,
    name: str,
    *,
    date: datetime.date | None = None,
    url: str | None = None,
) -> Article:
    """An article file's bytes (read from ``source``, a path or URL) as an :class:`Article`.

    The checks of :func:`read_article` that need only the bytes, for files a
    build reads through fsspec (object stores) rather than from a local path;
    ``name`` (the file name) gives the slug and says whether it is HTML.
    """
    if len(data) > MAX_FILE_BYTES:
        raise InputError(
            f"{source}: {len(data):,} bytes; an article file may have at most {MAX_FILE_BYTES:,}"
        )
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{source}: not UTF-8 text at byte {exc.start}") from None
    if "\x00" in raw:
        nul = data.index(b"\x00")
        raise InputError(f"{source}: not UTF-8 text at byte {nul} (a NUL byte: binary file)")
    if not raw.strip("\ufeff \t\r\n\u00a0"):
        raise InputError(f"{source}: empty file")
    pure = PurePosixPath(name)
    html = pure.suffix.lower() in (".html", ".htm", ".xhtml")
    return parse_article(raw, slug=slugify(pure.stem), source=source, html=html, date=date, url=url)
