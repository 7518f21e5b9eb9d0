"""Find gazetteer entities in article text and decide which one each name means.

Rules (deterministic, documented in docs/data-model.md):

1. Longest match wins: "Songjiang District" before "Songjiang", the full
   initiative name before "G60".
2. A qualifier right after a name or a list of names applies to each item:
   "Suzhou City of Jiangsu Province", "Songjiang District of Shanghai",
   "Hefei, Wuhu and Xuancheng of Anhui Province", "Suzhou (Anhui)". The
   qualifier is still a mention, flagged ``qualifier``, so an enumeration of
   member cities does not count the provinces that qualify them.
3. A name that stays ambiguous (Suzhou: Jiangsu or Anhui) takes the one
   province of all the other places in its list, then the reading of the same
   name earlier in its sentence, then the reading whose province the same
   sentence names (not as another name's qualifier), then the gazetteer's
   ``g60:defaultSense`` reading.
4. An anaphor ("the valley", "these cities") denotes its initiative only once
   the article has named that initiative.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from g60kg.errors import InputError
from g60kg.extract.facts import Mention, Span
from g60kg.extract.gazetteer import Gazetteer, NameMatch

_HIGHER = frozenset(
    {"Country", "Province", "Municipality", "EconomicRegion", "PrefectureLevelCity"}
)
# Between a name and its qualifier: "Suzhou City| of |Jiangsu Province", "Suzhou| (|Anhui".
_QUALIFY = re.compile(r"(?:\s+(?:of|in)\s+(?:the\s+)?|\s*\(\s*|\s*,\s*)$")
# Between two items of a list: "Hangzhou|, |Huzhou", "Wuhu| and |Xuancheng".
_LIST_SEP = re.compile(r"(?:\s*,\s*(?:and\s+|as\s+well\s+as\s+)?|\s+and\s+|\s*/\s*|\s*&\s*)$")


#: The most names (and anaphors: "the city") an article may hold. Each is a
#: published mention, so time and memory grow with the count: 10 MB of one line
#: of words naming a city every 90 characters took 71 s and 2.5 GB to build.
#: Real news articles hold dozens; the bound matches the number limit
#: (:data:`g60kg.text.article.MAX_NUMBERS`).
MAX_NAMES = 20_000


def find_mentions(
    text: str,
    norm: str,
    gazetteer: Gazetteer,
    sentences: Sequence[tuple[int, int]],
    start: int = 0,
    end: int | None = None,
    source: str = "<string>",
) -> list[Mention]:
    """Resolve every gazetteer name in ``text[start:end]`` to one entity.

    A text of more than :data:`MAX_NAMES` names is refused (:class:`InputError`
    naming ``source``) once the search has found one more than that.
    """
    matches = gazetteer.find(norm, start, end, most=MAX_NAMES + 1)
    if len(matches) > MAX_NAMES:
        raise InputError(
            f"{source}: the article names places, organisations or events more than "
            f"{MAX_NAMES:,} times; the limit is {MAX_NAMES:,} per article (each is published "
            "as a mention): split it into articles"
        )
    chosen: list[str | None] = [
        m.candidates[0] if len(m.candidates) == 1 else None for m in matches
    ]
    qualifier = [False] * len(matches)
    _possessive_qualifiers(norm, matches, chosen, qualifier, gazetteer)
    lists = _apply_qualifiers(norm, matches, chosen, qualifier, gazetteer)
    _resolve_by_sentence(matches, chosen, qualifier, lists, gazetteer, sentences)

    mentions: list[Mention] = []
    named: set[str] = set()
    for i, m in enumerate(matches):
        iri = chosen[i]
        if iri is None:
            iri = _default(m.candidates, gazetteer)
        if m.anaphor:
            if iri not in named:
                continue
        else:
            named.add(iri)
        possessive = norm.startswith("'s", m.end) or (
            norm.startswith("'", m.end) and not norm[m.end + 1 : m.end + 2].isalpha()
        )
        mentions.append(
            Mention(
                span=Span(m.begin, m.end, text[m.begin : m.end]),
                iri=iri,
                kind=gazetteer[iri].kind,
                anaphor=m.anaphor,
                qualifier=qualifier[i],
                possessive=possessive,
            )
        )
    return mentions


def _possessive_qualifiers(
    norm: str,
    matches: list[NameMatch],
    chosen: list[str | None],
    qualifier: list[bool],
    gazetteer: Gazetteer,
) -> None:
    """ "Shanghai's Songjiang District", "Anhui's Hefei": the possessive qualifies the next name."""
    for i in range(len(matches) - 1):
        m, nxt = matches[i], matches[i + 1]
        if m.anaphor or not re.fullmatch(r"'s?\s+", norm[m.end : nxt.begin]):
            continue
        inside = [
            c for c in nxt.candidates if any(p in gazetteer.ancestors(c) for p in m.candidates)
        ]
        if inside:
            qualifier[i] = True
            if len(inside) == 1:
                chosen[i + 1] = inside[0]


def _apply_qualifiers(
    norm: str,
    matches: list[NameMatch],
    chosen: list[str | None],
    qualifier: list[bool],
    gazetteer: Gazetteer,
) -> list[int]:
    """Rule 2: a higher region right after a name or list qualifies each item.

    Returns, for each match, the index of the first item of the list it is
    in ("Hangzhou, Huzhou and Jiaxing" share one), so rule 3 can look at a
    name's list neighbours.
    """
    run: list[int] = []
    lists = list(range(len(matches)))
    for i, m in enumerate(matches):
        if m.anaphor or not _is_region(m, gazetteer):
            run = []
            continue
        if run:
            prev = matches[run[-1]]
            gap = norm[prev.end : m.begin]
            gap_tail = re.sub(r"^\s+(?:City|District|Province|County)\b", "", gap)
            items = [matches[j] for j in run]
            if (_QUALIFY.fullmatch(gap_tail) or _QUALIFY.fullmatch(gap)) and _qualifies(
                m, items, gazetteer, comma="," in gap, gap=gap + norm[m.begin : m.end]
            ):
                qualifier[i] = True
                for j in run:
                    _narrow(j, matches, chosen, m.candidates, gazetteer)
                run = []
                continue
            if not _LIST_SEP.fullmatch(gap):
                run = []
        run.append(i)
        lists[i] = run[0]
    return lists


def _qualifies(
    q: NameMatch, items: list[NameMatch], gazetteer: Gazetteer, *, comma: bool, gap: str
) -> bool:
    """Whether ``q`` can be the province (or city) each of ``items`` lies in."""
    if not any(gazetteer[c].kind in _HIGHER for c in q.candidates):
        return False
    # "Suzhou, Anhui" is a qualifier; "Hefei, Anhui, Jiangsu" is a list:
    # with only a comma, the last item must be a name that needs it.
    bare_comma = comma and "(" not in gap and not re.search(r"\b(?:Province|Municipality)\b", gap)
    if bare_comma and (len(items) != 1 or len(items[0].candidates) < 2):
        return False
    last = items[-1]
    return any(qc in gazetteer.ancestors(c) for qc in q.candidates for c in last.candidates)


def _narrow(
    j: int,
    matches: list[NameMatch],
    chosen: list[str | None],
    parents: tuple[str, ...],
    gaz: Gazetteer,
) -> None:
    inside = [c for c in matches[j].candidates if any(p in gaz.ancestors(c) for p in parents)]
    if len(inside) == 1:
        chosen[j] = inside[0]


def _resolve_by_sentence(
    matches: list[NameMatch],
    chosen: list[str | None],
    qualifier: list[bool],
    lists: list[int],
    gazetteer: Gazetteer,
    sentences: Sequence[tuple[int, int]],
) -> None:
    """Rule 3: a province the sentence names, else the province of the list's other items.

    Provinces that only qualify another name ("Xuancheng *in Anhui*") say
    nothing about the ambiguous one; list neighbours count only when they all
    lie in one province ("Huaibei, Suzhou and Fuyang").
    """
    starts = [s[0] for s in sentences]
    match_starts = [m.begin for m in matches]
    for i, m in enumerate(matches):
        if chosen[i] is not None:
            continue
        k = bisect.bisect_right(starts, m.begin) - 1
        s_begin, s_end = sentences[k] if k >= 0 else (m.begin, m.end)
        lo = bisect.bisect_left(match_starts, s_begin)
        hi = bisect.bisect_left(match_starts, s_end)
        others = [j for j in range(lo, hi) if j != i and chosen[j] is not None]
        # the province of all the other places of its list ("Suzhou, Huaibei and Bozhou")
        neighbours = [j for j in others if lists[j] == lists[i] and not qualifier[j]]
        parents = {gazetteer[chosen[j]].parent for j in neighbours}  # type: ignore[index]
        hits = [c for c in m.candidates if len(parents) == 1 and gazetteer[c].parent in parents]
        if len(hits) != 1:
            # the same name, read earlier in the sentence ("Suzhou, ... and Suzhou's GDP")
            same = [chosen[j] for j in others if j < i and matches[j].candidates == m.candidates]
            hits = same[-1:]
        if len(hits) != 1:
            named = {chosen[j] for j in others if not qualifier[j]}
            hits = [c for c in m.candidates if any(a in named for a in gazetteer.ancestors(c))]
        if len(hits) == 1:
            chosen[i] = hits[0]


def _default(candidates: tuple[str, ...], gazetteer: Gazetteer) -> str:
    preferred = [c for c in candidates if gazetteer[c].default_sense]
    return (preferred or sorted(candidates))[0]


def _is_region(m: NameMatch, gazetteer: Gazetteer) -> bool:
    return all(gazetteer[c].is_region for c in m.candidates)
