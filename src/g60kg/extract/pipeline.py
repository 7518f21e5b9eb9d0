"""One article in, all its facts out: the extraction pipeline.

Order matters only where a step reads an earlier one: entities first (metrics,
events and initiatives refer to them), then quantities and times, then the
three fact finders, and last the decision on every number of the text (an
observation, or a reason it is not one). The gazetteer and lexicon are parsed
once per process.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

from g60kg.extract import gazetteer as gazetteer_mod
from g60kg.extract import measures as measures_mod
from g60kg.extract.entities import find_mentions
from g60kg.extract.events import find_events
from g60kg.extract.facts import Facts, Observation, Organization, Rejection, Span
from g60kg.extract.initiatives import find_initiatives
from g60kg.extract.metrics import read_metrics
from g60kg.extract.numbers import read_numbers
from g60kg.extract.quantities import find_quantities
from g60kg.extract.tables import read_tables
from g60kg.extract.timex import find_times
from g60kg.namespaces import G60R
from g60kg.text.article import Article
from g60kg.text.invisible import Visible, visible, visible_text
from g60kg.text.normalize import normalize, sentences, slugify


def extract_article(article: Article) -> Facts:
    """Extract mentions, observations, events and initiatives from one article.

    Invisible characters ("1\u200b2 percent") are deleted before reading and
    every offset found is mapped back: see :mod:`g60kg.text.invisible`.
    """
    shown = visible(article.text)
    if shown is None:
        return _extract(article)
    return _published(_extract(_as_shown(article, shown)), article, shown)


def _as_shown(article: Article, shown: Visible) -> Article:
    """The article as a reader sees it: its text and layout without invisible characters."""

    def span(s: tuple[int, int]) -> tuple[int, int]:
        return shown.forward(s[0]), shown.forward(s[1])

    return dataclasses.replace(
        article,
        text=shown.text,
        headline=visible_text(article.headline),
        paragraphs=tuple(span(p) for p in article.paragraphs),
        photo_credits=tuple(span(p) for p in article.photo_credits),
        dateline=span(article.dateline) if article.dateline else None,
        headline_span=span(article.headline_span),
    )


def _published(facts: Facts, article: Article, shown: Visible) -> Facts:
    """``facts`` found in the shown text, with offsets and quotes of the published one."""
    text = article.text

    def at(s: Span) -> Span:
        begin, end = shown.span(s.begin, s.end)
        return Span(begin, end, text[begin:end])

    def observation(o: Observation) -> Observation:
        begin, end = shown.span(o.begin, o.end)
        return dataclasses.replace(
            o, begin=begin, end=end, stated=text[begin:end], evidence=at(o.evidence)
        )

    def rejection(r: Rejection) -> Rejection:
        begin, end = shown.span(r.begin, r.end)
        return dataclasses.replace(r, text=text[begin:end], begin=begin, end=end)

    for e in facts.events:
        e.name_span = at(e.name_span)
        e.evidence = [at(s) for s in e.evidence]
    for i in facts.initiatives:
        i.evidence = [at(s) for s in i.evidence]
    return dataclasses.replace(
        facts,
        article=article,
        mentions=[dataclasses.replace(m, span=at(m.span)) for m in facts.mentions],
        observations=[observation(o) for o in facts.observations],
        set_aside=[rejection(r) for r in facts.set_aside],
        rejected=[rejection(r) for r in facts.rejected],
    )


def _extract(article: Article) -> Facts:
    gaz = gazetteer_mod.load()
    lexicon = measures_mod.load()
    text = article.text
    norm = normalize(text)
    body_start = article.headline_span[1] if article.headline_span else 0
    sents = _after_dateline(sentences(text), article.dateline, norm)
    mentions = find_mentions(text, norm, gaz, sents, source=article.source)
    times = find_times(text, article.date)
    quantities = find_quantities(text)
    blocked: list[tuple[int, int]] = []
    if article.dateline:
        blocked.append(article.dateline)
    events, event_mentions = find_events(
        text=text,
        norm=norm,
        published=article.date,
        sentences=[s for s in sents if s[0] >= body_start],
        mentions=mentions,
        times=[t for t in times if not article.dateline or t.begin >= article.dateline[1]],
        gazetteer=gaz,
        start=article.dateline[1] if article.dateline else body_start,
    )
    blocked.extend((e.span.begin, e.span.end) for e in event_mentions)
    paragraphs = _without_repeats([p for p in article.body_spans() if p[0] >= body_start], norm)
    reading = read_metrics(
        nation=_nation(mentions, gaz),
        slug=article.slug,
        text=text,
        norm=norm,
        published=article.date,
        paragraphs=paragraphs,
        sentences=sents,
        mentions=mentions,
        quantities=quantities,
        times=times,
        lexicon=lexicon,
        blocked=blocked,
    )
    tables = read_tables(
        slug=article.slug,
        text=text,
        norm=norm,
        paragraphs=paragraphs,
        mentions=mentions,
        quantities=quantities,
        times=times,
        lexicon=lexicon,
        gazetteer=gaz,
    )
    # A table row is read as a row, not as a sentence
    rows = {o.begin for o in tables.observations} | set(tables.set_aside)
    copies = _headline_copies(paragraphs, norm, article.headline)
    repeated = {
        o.begin: o for o in reading.observations if any(b <= o.begin < e for b, e in copies)
    }
    rows |= set(repeated)
    observations = sorted(
        [*(o for o in reading.observations if o.begin not in rows), *tables.observations],
        key=lambda o: (o.begin, o.end),
    )
    set_aside = {a.begin: a for a in reading.set_aside.values() if a.begin not in rows}
    set_aside.update(tables.set_aside)
    for begin, o in repeated.items():
        set_aside[begin] = Rejection(
            text[begin : o.end], begin, o.end, "headline repeated", "the body states it"
        )
    initiatives = find_initiatives(
        text=text, norm=norm, sentences=sents, mentions=mentions, gazetteer=gaz
    )
    all_mentions = sorted(
        [*mentions, *event_mentions], key=lambda m: (m.span.begin, m.span.end, m.iri)
    )
    facts = Facts(
        article=article,
        publisher=_organization(article.publisher, gaz),
        distributor=_organization(article.distributor, gaz),
        dateline_place=_place(article.dateline_place, gaz),
        mentions=all_mentions,
        observations=observations,
        measures=reading.measures,
        set_aside=sorted(set_aside.values(), key=lambda a: a.begin),
        events=events,
        initiatives=initiatives,
    )
    facts.rejected = read_numbers(
        article=article,
        norm=norm,
        observations=facts.observations,
        set_aside=facts.set_aside,
        quantities=quantities,
        times=times,
        mentions=all_mentions,
        repeats=[p for p in article.body_spans() if p[0] >= body_start and p not in paragraphs],
    )
    if not observations and not events and not initiatives:
        facts.warnings.append(f"{article.source}: no observations, events or initiatives found")
    return facts


def _nation(mentions: list, gaz: gazetteer_mod.Gazetteer) -> str | None:
    """The country most of the article's places lie in (what "the nation" means)."""
    countries = Counter(
        a for m in mentions for a in gaz.ancestors(m.iri) if gaz[a].kind == "Country"
    )
    countries.update(m.iri for m in mentions if m.kind == "Country")
    return min(countries, key=lambda c: (-countries[c], c)) if countries else None


def _without_repeats(paragraphs: list[tuple[int, int]], norm: str) -> list[tuple[int, int]]:
    """The paragraphs less a summary that the article repeats later word for word.

    News pages print the lead sentence as a summary under the headline and again
    as the start of the body: its figures are stated once, not twice.
    """
    head = paragraphs[:_SUMMARY_WITHIN]
    texts = [" ".join(norm[b:e].split()).rstrip(".!?") for b, e in head]
    summaries = {
        p
        for k, p in enumerate(head)
        if len(texts[k]) >= _SUMMARY_MIN and any(t.startswith(texts[k]) for t in texts[k + 1 :])
    }
    return [p for p in paragraphs if p not in summaries]


def _headline_copies(
    paragraphs: list[tuple[int, int]], norm: str, headline: str
) -> list[tuple[int, int]]:
    """Paragraphs that repeat the headline: pages print it again above the body.

    They are read (they set the place and time of what follows) but their
    figures are the body's again, in short.
    """
    head = " ".join(normalize(headline).split())
    return [(b, e) for b, e in paragraphs if head and " ".join(norm[b:e].split()) == head]


# A shorter repeated paragraph is a label or a time stamp, handled elsewhere. A
# summary stands under the headline: only the first paragraphs are compared.
_SUMMARY_MIN = 40
_SUMMARY_WITHIN = 6


def _after_dateline(
    sents: list[tuple[int, int]], dateline: tuple[int, int] | None, norm: str
) -> list[tuple[int, int]]:
    """Sentences with the wire dateline cut off the one it opens.

    "BEIJING, Nov. 22, 2023 /PRNewswire/ -- The conference ..." is one
    sentence to the splitter; its facts start after the dateline.
    """
    if dateline is None:
        return sents
    out = []
    for begin, end in sents:
        if begin < dateline[1] <= end:
            begin = dateline[1]
            while begin < end and norm[begin] in " -":
                begin += 1
        if (begin < end and not (end <= dateline[1])) or end <= dateline[0]:
            out.append((begin, end))
    return out


def _organization(name: str | None, gaz: gazetteer_mod.Gazetteer) -> Organization | None:
    """The gazetteer organisation of that name, else a new organisation node."""
    if not name:
        return None
    for iri in gaz.lookup(name):
        if gaz[iri].kind == "Organization":
            return Organization(iri, gaz[iri].label, True)
    return Organization(G60R + "organization/" + slugify(name), name, False)


def _place(name: str | None, gaz: gazetteer_mod.Gazetteer) -> str | None:
    if not name:
        return None
    hits = [iri for iri in gaz.lookup(name) if gaz[iri].is_region]
    preferred = [iri for iri in hits if gaz[iri].default_sense]
    return (preferred or hits or [None])[0]
