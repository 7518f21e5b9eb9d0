"""Named events: conferences, forums, expos and summits, with what the text says of them.

A name is a run of capitalised words (and a leading year) ending in an event
noun ("Conference", "Forum", "Expo", "Summit", ...), optionally continued by
"on/of/for ..." capitalised words and an abbreviation in brackets. Then, in
its sentence:

* an ordinal before the name is the edition ("the 6th China International
  Import Expo"); a name that is a gazetteer event series becomes that
  series' edition ``g60r:event/{series-slug}-{edition}`` (or ``-{year}``);
* "at / during / on the sidelines of" another event → ``partOf``;
* "held / took place ... in <region>" → location of the sentence's first event;
  a day ("on Nov. 5, 2023") → date; "recently" → held before publication;
* an initiative named inside the event's name → ``about``;
* a year leading the name → its year. An event held at another lends it its
  place and year when the text gives none (the conference took place at the
  expo, so the expo was there, then).

Event IRIs are slugs of the name in which every gazetteer name is replaced by
its entity's slug, so two spellings of the initiative give one event.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import re
from collections.abc import Sequence

from g60kg.extract.facts import Event, Mention, Span
from g60kg.extract.gazetteer import Gazetteer
from g60kg.namespaces import G60R
from g60kg.text.normalize import slugify

_HEAD = (
    r"(?:Conference|Forum|Expo|Exposition|Summit|Fair|Congress|Symposium|Convention|Exhibition|"
    r"Seminar|Dialogue|Festival|Week|Competition|Contest|Roadshow|Ceremony|Meeting|Workshop|Salon)s?"
)
_CAP = r"(?:[A-Z][\w&'\-]*|\d{4})"
_LINK = r"(?:of|on|for|and|the|in|&)"
_ORDINAL_WORDS = {
    word: number
    for number, word in enumerate(
        (
            "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
            "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
            "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth",
        ),
        start=1,
    )
}  # fmt: skip
_NAME = re.compile(
    rf"(?:(?P<ord>\d{{1,3}})(?:st|nd|rd|th)\s+|(?P<word>(?i:{'|'.join(_ORDINAL_WORDS)}))\s+)?"
    rf"(?P<name>{_CAP}(?:\s+(?:{_CAP}|{_LINK}))*?\s+{_HEAD}"
    rf"(?:\s+(?:on|of|for)\s+(?:the\s+)?{_CAP}(?:\s+(?:{_CAP}|{_LINK}))*)?)"
    rf"(?:\s*\((?P<abbr>[A-Z][A-Za-z0-9&]+)\))?"
)
_SERIES_ONLY = re.compile(r"(?P<ord>\d{1,3})(?:st|nd|rd|th)\s+")
_PART_OF = re.compile(
    r"\s*(?:,\s*)?(?:(?:(?:was|were|is|are|will\s+be)\s+)?(?:held|hosted|staged|organized|"
    r"organised|launched|opened)\s+)?"
    r"(?:at|during|on\s+the\s+sidelines\s+of|as\s+part\s+of|within|under)\s+(?:the\s+)?$"
)
_PLACE_KINDS = frozenset(
    {"Country", "Province", "Municipality", "PrefectureLevelCity", "District", "Region"}
)
_IN_PLACE = re.compile(r"\s*(?:,\s*)?(?:in|at)\s+(?:the\s+)?$")
_HELD_IN = re.compile(
    r"\b(?:held|took\s+place|opened|kicked\s+off|convened|hosted|staged|launched|closed|"
    r"concluded|unveiled)\b(?:\s+[\w,.]+){0,4}?\s+in\s+(?:the\s+)?$"
)


def find_events(
    *,
    text: str,
    norm: str,
    published: datetime.date | None,
    sentences: Sequence[tuple[int, int]],
    mentions: Sequence[Mention],
    times: Sequence,
    gazetteer: Gazetteer,
    start: int = 0,
) -> tuple[list[Event], list[Mention]]:
    """Events named in the text (merged by IRI) and a mention span for each name."""
    events: dict[str, Event] = {}
    new_mentions: list[Mention] = []
    starts = [m.span.begin for m in mentions]
    t_starts = [t.begin for t in times]
    for s_begin, s_end in sentences:
        if s_end <= start:
            continue
        s_begin = max(s_begin, start)
        while s_begin < s_end and norm[s_begin] in " -":
            s_begin += 1
        found = _names(text, norm, s_begin, s_end, mentions, starts, gazetteer)
        if not found:
            continue
        sentence = Span(s_begin, s_end, text[s_begin:s_end])
        for ev in found:
            known = events.get(ev.iri)
            if known is None:
                events[ev.iri] = known = ev
            known.evidence.append(sentence)
            new_mentions.append(Mention(span=ev.name_span, iri=ev.iri, kind="Event"))
        # partOf: "A at the B"
        for a, b in itertools.pairwise(found):
            if _PART_OF.fullmatch(norm[a.name_span.end : b.name_span.begin]):
                events[a.iri].part_of = b.iri
        for ev in found:  # "the 5th CIIE in Shanghai"
            _place_right_after(norm, events[ev.iri], ev.name_span.end, s_end, mentions, starts)
        # The words after each name (up to the next name) speak of that event,
        # or of the event held at it: "A at the B was held in Shanghai" is about A.
        for n, ev in enumerate(found):
            after = ev.name_span.end
            until = found[n + 1].name_span.begin if n + 1 < len(found) else s_end
            owner = next((a for a in found[:n] if events[a.iri].part_of == ev.iri), ev)
            local_times = times[
                bisect.bisect_left(t_starts, after) : bisect.bisect_left(t_starts, until)
            ]
            _place_and_time(norm, events[owner.iri], after, until, mentions, starts, local_times)
    # An event held at another shares its place and year.
    for ev in events.values():
        parent = events.get(ev.part_of) if ev.part_of else None
        if parent is None:
            continue
        # Held at the other event: same place, same year, whichever the text states.
        parent.location = parent.location or ev.location
        ev.location = ev.location or parent.location
        parent.year = parent.year or ev.year or (ev.date.year if ev.date else None)
        ev.year = ev.year or parent.year
    ordered = sorted(events.values(), key=lambda e: e.iri)
    for ev in ordered:
        ev.evidence = sorted(set(ev.evidence), key=lambda s: (s.begin, s.end))
    return ordered, new_mentions


def _names(
    text: str,
    norm: str,
    s_begin: int,
    s_end: int,
    mentions: Sequence[Mention],
    starts: list[int],
    gazetteer: Gazetteer,
) -> list[Event]:
    out: list[Event] = []
    taken_end = s_begin
    series_mentions = [
        m
        for m in mentions[bisect.bisect_left(starts, s_begin) : bisect.bisect_left(starts, s_end)]
        if m.kind == "EventSeries"
    ]
    for m in _NAME.finditer(norm, s_begin, s_end):
        b, e = m.span("name")
        # Drop a leading "The"/"A" and any leading capitalised words that are not part of
        # the name proper (sentence-initial "The").
        lead = re.match(r"(?:The|A|An|This|That)\s+", norm[b:e])
        if lead:
            b += lead.end()
        if b < taken_end:
            continue
        edition = (
            int(m.group("ord"))
            if m.group("ord")
            else _ORDINAL_WORDS.get((m.group("word") or "").lower())
        )
        end = m.end()
        if m.group("abbr") is None:
            end = e
        out.append(_event(text, norm, b, end, e, edition, m.start(), mentions, starts, gazetteer))
        taken_end = end
    # A series named without an event noun in a name ("the 6th CIIE").
    for sm in series_mentions:
        if any(ev.name_span.begin <= sm.span.begin < ev.name_span.end for ev in out):
            continue
        before = norm[max(s_begin, sm.span.begin - 8) : sm.span.begin]
        om = re.search(r"(\d{1,3})(?:st|nd|rd|th)\s+$", before)
        year = re.search(r"(\d{4})\s+$", before)
        if not (om or year):
            continue
        b = sm.span.begin - len(om.group(0) if om else year.group(0))
        out.append(
            _event(
                text,
                norm,
                sm.span.begin,
                sm.span.end,
                sm.span.end,
                int(om.group(1)) if om else None,
                b,
                mentions,
                starts,
                gazetteer,
            )
        )
    out.sort(key=lambda ev: ev.name_span.begin)
    return out


def _event(
    text: str,
    norm: str,
    b: int,
    end: int,
    name_end: int,
    edition: int | None,
    ord_begin: int,
    mentions: Sequence[Mention],
    starts: list[int],
    gazetteer: Gazetteer,
) -> Event:
    """An Event for the name ``norm[b:name_end]`` (``end`` includes an abbreviation)."""
    inside = [
        m
        for m in mentions[bisect.bisect_left(starts, b) : bisect.bisect_left(starts, name_end)]
        if m.span.end <= name_end
    ]
    name = norm[b:name_end]
    year_m = re.match(r"(\d{4})\s+", name)
    year = int(year_m.group(1)) if year_m else None
    series = [m for m in inside if m.kind == "EventSeries" and m.span.begin == b]
    series_iri = series[0].iri if series and series[0].span.end >= name_end - 1 else None
    label_begin = ord_begin if edition is not None else b
    label = " ".join(text[label_begin:name_end].split())
    if series_iri is not None:
        suffix = edition if edition is not None else year
        iri = f"{series_iri}-{suffix}" if suffix is not None else series_iri
    else:
        parts, pos = [], b
        for m in inside:
            parts.append(norm[pos : m.span.begin])
            parts.append(" " + gazetteer[m.iri].iri.rsplit("/", 1)[-1] + " ")
            pos = m.span.end
        parts.append(norm[pos:name_end])
        slug = slugify("".join(parts))
        if edition is not None:
            slug = f"{slug}-{edition}"
        iri = G60R + "event/" + slug
    about = next((m.iri for m in inside if m.kind == "Initiative"), None)
    return Event(
        iri=iri,
        label=label,
        name_span=Span(label_begin, end, text[label_begin:end]),
        series=series_iri if iri != series_iri else None,
        edition=edition,
        year=year,
        about=about,
    )


def _place_right_after(
    norm: str, ev: Event, name_end: int, s_end: int, mentions: Sequence[Mention], starts: list[int]
) -> None:
    k = bisect.bisect_left(starts, name_end)
    if k < len(mentions) and mentions[k].span.begin < s_end and ev.location is None:
        m = mentions[k]
        if m.kind in _PLACE_KINDS and _IN_PLACE.fullmatch(norm[name_end : m.span.begin]):
            ev.location = m.iri


def _place_and_time(
    norm: str,
    ev: Event,
    after: int,
    s_end: int,
    mentions: Sequence[Mention],
    starts: list[int],
    times: Sequence,
) -> None:
    """Location, date and "recently" stated after the event names of a sentence."""
    for m in mentions[bisect.bisect_left(starts, after) : bisect.bisect_left(starts, s_end)]:
        if m.kind in ("Initiative", "Organization", "Infrastructure", "EventSeries", "Event"):
            continue
        if (
            _HELD_IN.search(norm, max(after, m.span.begin - 60), m.span.begin)
            and ev.location is None
        ):
            ev.location = m.iri
            break
    for t in times:
        stated = t.stated.lower()
        if "recent" in stated and t.end_date is not None:
            ev.held_before = t.end_date
        elif t.kind == "instant" or (t.start is not None and t.start == t.end_date):
            ev.date = t.start
            ev.year = ev.year or t.start.year
        elif t.kind == "period" and t.start and t.end_date and t.start.year == t.end_date.year:
            ev.year = ev.year or t.start.year
