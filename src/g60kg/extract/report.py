"""What ``g60kg extract`` prints: the facts of one article as JSON or plain text,
or (``--explain``) every number of the article and what became of it.

The JSON schema is documented in docs/input.md ("g60kg extract"). Labels come
from the gazetteer and the measure lexicon so the output reads without the
graph.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from g60kg.extract import gazetteer as gazetteer_mod
from g60kg.extract import measures as measures_mod
from g60kg.extract.facts import Facts
from g60kg.namespaces import G60

#: Short unit names for the readable output (the JSON keeps the IRIs).
_UNIT_WORDS = {
    "PERCENT": "%",
    "KiloM2": "km²",
    "KiloM": "km",
    "CCY_CNY": "CNY",
    "CCY_USD": "USD",
    "CCY_EUR": "EUR",
    "NUM": "",
    "PercentagePoint": "percentage points",
    "UNITLESS": "times",
}


def _day(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _label(iri: str | None) -> str | None:
    if iri is None:
        return None
    gaz = gazetteer_mod.load()
    return gaz[iri].label if iri in gaz.entities else iri.rsplit("/", 1)[-1]


def facts_to_json(facts: Facts) -> dict[str, Any]:
    """A JSON-ready dict: article, observations, regions, events, initiatives, warnings."""
    lexicon = measures_mod.load()
    new = {m.iri: m for m in facts.measures}
    a = facts.article
    observations = []
    for o in facts.observations:
        known = lexicon.measures.get(o.measure)
        label = known.label if known else new[o.measure].label
        broader = known.broader if known else new[o.measure].broader
        observations.append(
            {
                "subject": {"iri": o.subject, "label": _label(o.subject)},
                "measure": {
                    "iri": o.measure,
                    "label": label,
                    "curated": known is not None,
                    "broader": broader,
                },
                "value": format(o.value, "f"),
                "statedValue": o.stated,
                "unit": o.unit,
                "valueKind": G60 + o.value_kind,
                "comparator": G60 + o.comparator,
                "periodStart": _day(o.period_start),
                "periodEnd": _day(o.period_end),
                "comparisonPeriodStart": _day(o.comparison_start),
                "comparisonPeriodEnd": _day(o.comparison_end),
                "quote": o.evidence.quote,
                "begin": o.evidence.begin,
                "end": o.evidence.end,
                "valueBegin": o.begin,
                "valueEnd": o.end,
                "rule": o.rule,
            }
        )
    return {
        "article": {
            "slug": a.slug,
            "source": a.source,
            "headline": a.headline,
            "datePublished": _day(a.date),
            "url": a.url,
            "publisher": facts.publisher.iri if facts.publisher else None,
            "distributor": facts.distributor.iri if facts.distributor else None,
            "datelinePlace": facts.dateline_place,
        },
        "observations": observations,
        "regions": [{"iri": iri, "label": _label(iri)} for iri in facts.regions],
        "events": [
            {
                "iri": e.iri,
                "label": e.label,
                "edition": e.edition,
                "series": e.series,
                "partOf": e.part_of,
                "location": e.location,
                "date": _day(e.date),
                "heldBefore": _day(e.held_before),
                "year": e.year,
                "about": e.about,
                "quote": e.name_span.quote,
                "begin": e.name_span.begin,
                "end": e.name_span.end,
            }
            for e in facts.events
        ],
        "initiatives": [
            {
                "iri": i.iri,
                "label": _label(i.iri),
                "members": i.members,
                "locatedIn": i.located_in,
                "namedAfter": i.named_after,
            }
            for i in facts.initiatives
        ],
        "rejected": [
            {"text": r.text, "begin": r.begin, "end": r.end, "reason": r.reason, "rule": r.rule}
            for r in facts.rejected
        ],
        "warnings": list(facts.warnings),
    }


def _observation_fields(o: dict[str, Any]) -> str:
    """ "subject | measure | value unit | kind | period" of one JSON observation."""
    kind = o["valueKind"].rsplit("#", 1)[-1].lower()
    comp = re.sub(r"(?<!^)([A-Z])", r" \1", o["comparator"].rsplit("#", 1)[-1]).lower()
    comp = "" if comp == "exactly" else f"{comp} "
    unit = (o["unit"] or "").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    unit = _UNIT_WORDS.get(unit, unit)
    period = f"{o['periodStart']}..{o['periodEnd']}"
    if o["comparisonPeriodStart"]:
        period += f" vs {o['comparisonPeriodStart']}..{o['comparisonPeriodEnd']}"
    return (
        f"{o['subject']['label']} | {o['measure']['label']} | {comp}{o['value']}"
        f"{' ' + unit if unit and unit != '%' else unit} | {kind} | {period}"
    )


def facts_to_text(facts: Facts) -> str:
    """A readable summary: one line per observation, then regions, events, initiatives."""
    data = facts_to_json(facts)
    lines = [f"{data['article']['headline']} ({data['article']['datePublished'] or 'undated'})", ""]
    lines.append(f"Observations ({len(data['observations'])}):")
    for o in data["observations"]:
        lines.append(f"  {_observation_fields(o)} | [{o['begin']}:{o['end']}]")
    lines.append("")
    lines.append("Regions: " + ", ".join(r["label"] for r in data["regions"]))
    lines.append("Events:")
    names = {e["iri"]: e["label"] for e in data["events"]}
    for e in data["events"]:
        extra = [f"part of {names.get(e['partOf'], e['partOf'])}"] if e["partOf"] else []
        if e["location"]:
            extra.append(f"in {_label(e['location'])}")
        if e["year"]:
            extra.append(str(e["year"]))
        if e["heldBefore"]:
            extra.append(f"before {e['heldBefore']}")
        lines.append(f"  {e['label']}" + (f" ({'; '.join(extra)})" if extra else ""))
    lines.append("Initiatives:")
    for i in data["initiatives"]:
        members = ", ".join(_label(m) or m for m in i["members"])
        lines.append(f"  {i['label']}: {len(i['members'])} members ({members})")
    for w in data["warnings"]:
        lines.append(f"Warning: {w}")
    return "\n".join(lines) + "\n"


def facts_to_explain(facts: Facts) -> str:
    """Every number of the article in text order, with what became of it.

    One line per number: its offsets and text, then either ``observation:`` and
    the fields chosen (subject, measure, value, kind, period) with the rule that
    chose the subject, or ``rejected:`` and the reason with the evidence for it.
    """
    data = facts_to_json(facts)
    rows: list[tuple[int, int, str]] = []
    for o in data["observations"]:
        rule = f" (subject: {o['rule']})" if o["rule"] else ""
        rows.append(
            (
                o["valueBegin"],
                o["valueEnd"],
                f"{_quoted(o['statedValue'])} observation: {_observation_fields(o)}{rule}",
            )
        )
    for r in data["rejected"]:
        rows.append(
            (r["begin"], r["end"], f"{_quoted(r['text'])} rejected: {r['reason']} ({r['rule']})")
        )
    rows.sort(key=lambda row: (row[0], row[1]))
    head = (
        f"{data['article']['slug']}: {len(rows)} numbers, "
        f"{len(data['observations'])} observations, {len(data['rejected'])} rejected"
    )
    return "\n".join([head, *(f"[{b}:{e}] {line}" for b, e, line in rows)]) + "\n"


def _quoted(text: str) -> str:
    return '"' + " ".join(text.split()) + '"'
