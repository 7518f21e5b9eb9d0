"""What an article says about an initiative: members, namesake, location.

* Members: in a sentence where an initiative (or its anaphor, "the valley")
  is followed by "refers to", "includes", "consists of", "covers", ... (the
  cue words with ``g60:introducesMembers`` in ``ontology/cues.ttl``) every
  place named after that verb is a member, except the provinces that only
  qualify a name ("Suzhou City of *Jiangsu Province*") and economic regions
  or countries.
* Members also from a list before the initiative joined to it by a membership
  cue: "Hangzhou, Jiaxing and Huzhou are all members of the corridor", "Jinhua,
  another member of the corridor", "Hefei, Wuhu and Xuancheng, the three cities
  of Anhui Province in the corridor", "Suzhou joined the corridor in 2018
  alongside Hangzhou, Huzhou, ...".
* Namesake: "named after (an expressway,) G60" → the infrastructure named.
* Location: an economic region inside the initiative's own name ("... Valley
  of Yangtze River Delta") or right after it ("... Valley in the Yangtze River
  Delta").
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence

from g60kg.extract import cues as cues_mod
from g60kg.extract.cues import cues_pattern
from g60kg.extract.facts import Initiative, Mention, Span
from g60kg.extract.gazetteer import Gazetteer

_MEMBER_KINDS = frozenset({"Province", "Municipality", "PrefectureLevelCity", "District", "Region"})


@functools.cache
def _member_verbs() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The verbs that list an initiative's members ("comprises", "members are"), and the
    spatial ones among them ("covers"), from ``ontology/cues.ttl``."""
    cues = cues_mod.load().cues
    listing = [c for c in cues if c.introduces_members]
    spatial = [c for c in listing if c.spatial]

    return (
        re.compile(rf"\b(?:{cues_pattern(listing)}|members?\s+(?:are|include))\b", re.IGNORECASE),
        re.compile(rf"(?:{cues_pattern(spatial)})", re.IGNORECASE),
    )


_NAMED_AFTER = re.compile(r"\bnamed\s+after\b", re.IGNORECASE)
_IN_REGION = re.compile(r"\s+(?:located\s+)?in\s+(?:China's\s+)?(?:the\s+)?")


def find_initiatives(
    *,
    text: str,
    norm: str,
    sentences: Sequence[tuple[int, int]],
    mentions: Sequence[Mention],
    gazetteer: Gazetteer,
) -> list[Initiative]:
    """One Initiative per initiative the article names, with what it says of it."""
    found: dict[str, Initiative] = {}
    starts = [m.span.begin for m in mentions]
    for m in mentions:
        if m.kind == "Initiative" and m.iri not in found:
            found[m.iri] = Initiative(iri=m.iri)
    if not found:
        return []
    for m in mentions:
        if m.kind != "Initiative" or m.anaphor:
            continue
        init = found[m.iri]
        if init.located_in is None:
            region = _located(norm, m, mentions, starts, gazetteer)
            if region:
                init.located_in = region
                init.evidence.append(m.span)
    for s_begin, s_end in sentences:
        here = mentions[bisect.bisect_left(starts, s_begin) : bisect.bisect_left(starts, s_end)]
        subjects = [m for m in here if m.kind == "Initiative"]
        if len(found) == 1:
            _members_among(norm, text, here, s_begin, s_end, next(iter(found.values())))
        if not subjects:
            continue
        sentence = Span(s_begin, s_end, text[s_begin:s_end])
        trigger = _member_verbs()[0].search(norm, subjects[0].span.end, s_end)
        if trigger:
            owner = [m for m in subjects if m.span.end <= trigger.start()]
            if owner:
                init = found[owner[-1].iri]
                members = [
                    m.iri
                    for m in here
                    if m.span.begin >= trigger.end() and m.kind in _MEMBER_KINDS and not m.qualifier
                ]
                if _spans_area(norm, trigger, here):
                    # "spans 76,200 sq km across Shanghai, Jiangsu, Zhejiang and Anhui": the
                    # provinces its area lies in, not members; cities named there still are
                    members = [
                        m.iri
                        for m in _list_after(norm, trigger, here)
                        if m.kind in _LISTED_MEMBER_KINDS
                    ]
                if members:
                    for iri in members:
                        if iri not in init.members:
                            init.members.append(iri)
                    init.evidence.append(sentence)
        _members_before(norm, here, subjects, found, sentence)
        named = _NAMED_AFTER.search(norm, s_begin, s_end)
        if named:
            owner = [m for m in subjects if m.span.end <= named.start()]
            target = next(
                (m for m in here if m.span.begin >= named.end() and m.kind == "Infrastructure"),
                None,
            )
            if owner and target:
                init = found[owner[-1].iri]
                init.named_after = target.iri
                init.evidence.append(sentence)
    for init in found.values():
        init.members.sort()
        init.evidence = sorted(set(init.evidence), key=lambda s: (s.begin, s.end))
    return [found[k] for k in sorted(found)]


_AREA_FIRST = re.compile(
    r"[^.;:]*?\d[^.;:]*?\b(?:across|over|in|throughout|through)\s", re.IGNORECASE
)


def _spans_area(norm: str, trigger: re.Match[str], here: Sequence[Mention]) -> bool:
    """Whether a spatial trigger ("covers", "spans") is followed by an area and then the
    places it lies in, rather than by the members themselves."""
    if not _member_verbs()[1].fullmatch(trigger.group(0)):
        return False
    first = next((m for m in here if m.span.begin >= trigger.end()), None)
    if first is None:
        return False
    return _AREA_FIRST.fullmatch(norm, trigger.end(), first.span.begin) is not None


_LIST_SEP = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


def _list_after(norm: str, trigger: re.Match[str], here: Sequence[Mention]) -> list[Mention]:
    """The list of places that first follows ``trigger`` ("Shanghai, Jiangsu and Anhui")."""
    after = [m for m in here if m.span.begin >= trigger.end() and not m.qualifier]
    out = after[:1]
    for m in after[1:]:
        if _LIST_SEP.fullmatch(norm, out[-1].span.end, m.span.begin) is None:
            break
        out.append(m)
    return out


# "Among the member cities, Jiaxing ranked fourth", "Of the nine member cities, Hefei,
# Wuhu and Xuancheng ...": the list right after names members of the one initiative
# the article is about, though the sentence does not name it.
_AMONG_MEMBERS = re.compile(
    r"\b(?:among|of)\s+(?:the|its)\s+(?:[\w-]+\s+)?member\s+(?:cities|regions|districts|cities"
    r"\s+and\s+districts)(?:\s+of\s+the\s+(?:corridor|valley))?\s*,\s*",
    re.IGNORECASE,
)


def _members_among(
    norm: str, text: str, here: Sequence[Mention], s_begin: int, s_end: int, init: Initiative
) -> None:
    cue = _AMONG_MEMBERS.search(norm, s_begin, s_end)
    if cue is None:
        return
    first = next((m for m in here if m.span.begin >= cue.end()), None)
    if first is None or first.span.begin != cue.end():
        return
    listed = [m for m in _list_after(norm, cue, here) if m.kind in _LISTED_MEMBER_KINDS]
    for m in listed:
        if m.iri not in init.members:
            init.members.append(m.iri)
    if listed:
        init.evidence.append(Span(s_begin, s_end, text[s_begin:s_end]))


# Between a list of places and the initiative they belong to: "Hangzhou, Jiaxing and
# Huzhou *are all members of the* G60 corridor", "Jinhua, *another member of the*
# corridor", "Hefei, Wuhu and Xuancheng, *the three cities of Anhui Province in the*
# corridor", "Suzhou *joined the* corridor ... alongside Hangzhou, Huzhou, ...".
_MEMBER_OF = re.compile(
    r"[\s,]*"
    # "Jiaxing, which borders Songjiang, joined the corridor": a relative clause between
    r"(?:(?:which|that|where)\s(?![^,.;]*\bnot\b)[^,.;]{1,80},\s*)?"
    r"(?:(?:(?:are|is|was|were|became|become|as)\s+(?:all\s+|both\s+|also\s+|now\s+)?"
    r"(?:a\s+|the\s+)?|(?:another|a|the\s+other)\s+)members?\s+(?:cities\s+)?of"
    r"|(?:the\s+)?(?:[\w']+\s+){0,3}?(?:cities|districts|cities\s+and\s+districts)\s+"
    r"(?:of\s+[^,.;]{1,40}?\s+)?in"
    r"|(?P<joined>joined|(?:has|have)\s+joined))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# Members named before the initiative are cities and districts: a province there
# qualifies them ("two Zhejiang cities in the corridor").
_LISTED_MEMBER_KINDS = frozenset({"PrefectureLevelCity", "District"})
_ALONGSIDE = re.compile(r"\b(?:alongside|along\s+with|together\s+with)\s+", re.IGNORECASE)
_LIST_GAP = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


def _members_before(
    norm: str,
    here: Sequence[Mention],
    subjects: Sequence[Mention],
    found: dict[str, Initiative],
    sentence: Span,
) -> None:
    """Members named in a list before the initiative, joined to it by a membership cue."""
    for init_mention in subjects:
        k = here.index(init_mention)
        places = [m for m in here[:k] if m.kind in _LISTED_MEMBER_KINDS]
        if not places:
            continue
        # the cue may name a province: "the three cities of Anhui Province in the"
        cue, last = None, places[-1]
        for last in reversed(places):
            if _in_relative_clause(norm, sentence.begin, last.span.begin):
                continue  # "Xuancheng, which borders Huzhou, joined": Huzhou did not
            cue = _MEMBER_OF.match(norm, last.span.end, init_mention.span.begin)
            if cue is not None:
                break
        if cue is None:
            continue
        items = _list_ending_at(norm, [m for m in places if not m.qualifier], last)
        if cue.group("joined"):
            after = _ALONGSIDE.search(norm, init_mention.span.end, sentence.end)
            if after:
                rest = [
                    m
                    for m in here[k + 1 :]
                    if m.kind in _LISTED_MEMBER_KINDS
                    and not m.qualifier
                    and m.span.begin >= after.end()
                ]
                if rest and rest[0].span.begin == after.end():
                    items += _list_starting_at(norm, rest)
        init = found[init_mention.iri]
        for m in items:
            if m.iri not in init.members:
                init.members.append(m.iri)
        if items:
            init.evidence.append(sentence)


_RELATIVE = re.compile(r",\s+(?:which|that|where)\s[^,.;]*$")


def _in_relative_clause(norm: str, s_begin: int, pos: int) -> bool:
    """Whether ``pos`` lies in a ", which ..." clause not yet closed by a comma."""
    return _RELATIVE.search(norm, s_begin, pos) is not None


def _list_ending_at(norm: str, places: Sequence[Mention], last: Mention) -> list[Mention]:
    """The list of places ("Hefei, Wuhu and Xuancheng") whose last item is ``last``."""
    if last.qualifier:
        return []
    items = [last]
    k = places.index(last)
    while k > 0 and _LIST_GAP.fullmatch(norm, places[k - 1].span.end, items[0].span.begin):
        k -= 1
        items.insert(0, places[k])
    return items


def _list_starting_at(norm: str, places: Sequence[Mention]) -> list[Mention]:
    items = [places[0]]
    for m in places[1:]:
        if not _LIST_GAP.fullmatch(norm, items[-1].span.end, m.span.begin):
            break
        items.append(m)
    return items


def _located(
    norm: str, m: Mention, mentions: Sequence[Mention], starts: list[int], gazetteer: Gazetteer
) -> str | None:
    for inner in gazetteer.find(norm, m.span.begin + 1, m.span.end):
        for c in inner.candidates:
            if gazetteer[c].kind == "EconomicRegion":
                return c
    after = _IN_REGION.match(norm, m.span.end)
    if after:
        k = bisect.bisect_left(starts, after.end())
        hit = mentions[k] if k < len(mentions) else None
        if hit is not None and hit.span.begin == after.end() and hit.kind == "EconomicRegion":
            return hit.iri
    return None
