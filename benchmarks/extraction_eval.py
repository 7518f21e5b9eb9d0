"""Extraction quality on unseen articles: ``python -m benchmarks.extraction_eval``.

Issue 3 says extraction "will be measured on real articles of the same kind that
nobody on the team has seen". This script makes that measurement ourselves: it
runs :func:`g60kg.extract.pipeline.extract_article` on every article in
``tests/fixtures/unseen/`` and compares what comes out with the article's gold
file (``NAME.gold.json``, written by a person reading the text, never from the
extractor's output; see ``tests/fixtures/unseen/README.md``).

Observations are matched one to one (a maximum bipartite matching, so the
order of facts does not matter and a fact stated twice counts twice):

* **strict**: subject, measure, value, unit, value kind, comparator, period
  start and end all agree;
* **lenient**: subject, measure, value and unit agree (what a user asking "what
  was Hefei's GDP?" needs).

A gold field may list several acceptable values where a careful reader could
take either (documented in the gold file's ``notes``). A gold observation
marked ``"optional": true`` is debatable: finding it is not a true positive,
missing it is not a miss, and the extracted fact it matches is not a false
positive. Precision = TP / (TP + FP), recall = TP / (TP + FN), summed over all
articles (micro average), so long articles weigh more.

Regions (mentioned, with ``regionsAbsent`` same-name traps that must not
appear), member regions and events are scored as sets beside.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
UNSEEN = ROOT / "tests" / "fixtures" / "unseen"
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")

_PREFIXES = {
    "g60r:": "https://w3id.org/g60kg/resource/",
    "g60m:": "https://w3id.org/g60kg/measure/",
    "g60:": "https://w3id.org/g60kg/ontology#",
    "unit:": "http://qudt.org/vocab/unit/",
}
STRICT_FIELDS = (
    "subject",
    "measure",
    "value",
    "unit",
    "valueKind",
    "comparator",
    "periodStart",
    "periodEnd",
)
LENIENT_FIELDS = STRICT_FIELDS[:4]
_STOP = frozenset({"of", "the", "a", "an", "in", "and", "its", "for", "to", "on", "number"})


def expand(name: str | None) -> str | None:
    """A prefixed name of the gold files (``g60r:region/hefei``) as a full IRI."""
    if name is None:
        return None
    for prefix, iri in _PREFIXES.items():
        if name.startswith(prefix):
            return iri + name[len(prefix) :]
    return name


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("&", "")).strip("-")


def _words(label: str) -> frozenset[str]:
    """Content words of a measure label, plural -s dropped, for fuzzy label matching."""
    words = re.findall(r"[a-z0-9&]+", label.lower().replace("-", " "))
    return frozenset(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words) - _STOP


@dataclass(frozen=True)
class GoldObservation:
    """One fact as a careful reader states it; each field holds the acceptable values."""

    fields: dict[str, frozenset[str | None]]
    labels: frozenset[str]  # uncurated measure labels ("label:...") accepted
    optional: bool
    quote: str

    def describe(self) -> str:
        """One line naming the fact, for the report."""
        return _describe({k: sorted(v, key=str)[0] for k, v in self.fields.items()}, self.quote)


def _as_set(value: Any, convert: Callable[[Any], str | None]) -> frozenset[str | None]:
    values = value if isinstance(value, list) else [value]
    return frozenset(convert(v) for v in values)


def _decimal(value: Any) -> str:
    try:
        return format(Decimal(str(value)).normalize(), "f")
    except InvalidOperation:
        raise ValueError(f"not a decimal value: {value!r}") from None


def gold_observation(raw: dict[str, Any]) -> GoldObservation:
    """Parse one gold observation (prefixed names, lists of acceptable values)."""
    measures = raw["measure"] if isinstance(raw["measure"], list) else [raw["measure"]]
    labels = frozenset(m[len("label:") :] for m in measures if m.startswith("label:"))
    measure_iris = frozenset(
        _PREFIXES["g60m:"] + _slug(m[len("label:") :]) if m.startswith("label:") else expand(m)
        for m in measures
    )
    fields: dict[str, frozenset[str | None]] = {
        "subject": _as_set(raw["subject"], expand),
        "measure": measure_iris,
        "value": _as_set(raw["value"], _decimal),
        "unit": _as_set(raw["unit"], expand),
        "valueKind": _as_set(raw["valueKind"], expand),
        "comparator": _as_set(raw.get("comparator", "g60:Exactly"), expand),
        "periodStart": _as_set(raw.get("periodStart"), lambda d: d),
        "periodEnd": _as_set(raw.get("periodEnd"), lambda d: d),
    }
    return GoldObservation(fields, labels, bool(raw.get("optional")), raw.get("quote", ""))


def extracted_fields(obs: dict[str, Any]) -> dict[str, str | None]:
    """The compared fields of one observation of ``g60kg extract --format json``."""
    return {
        "subject": obs["subject"]["iri"],
        "measure": obs["measure"]["iri"],
        "value": _decimal(obs["value"]),
        "unit": obs["unit"],
        "valueKind": obs["valueKind"],
        "comparator": obs["comparator"],
        "periodStart": obs["periodStart"],
        "periodEnd": obs["periodEnd"],
    }


def _field_ok(gold: GoldObservation, obs: dict[str, Any], name: str) -> bool:
    got = extracted_fields(obs)[name]
    if got in gold.fields[name]:
        return True
    if name == "measure" and gold.labels and not obs["measure"].get("curated", True):
        # An uncurated measure is named by whatever noun phrase the article used;
        # it matches a gold label sharing at least half of the content words.
        mine = _words(obs["measure"]["label"])
        for label in gold.labels:
            theirs = _words(label)
            union = mine | theirs
            if union and len(mine & theirs) / len(union) >= 0.5:
                return True
    return False


def differing_fields(gold: GoldObservation, obs: dict[str, Any]) -> list[str]:
    """The strict fields on which an extracted observation disagrees with the gold one."""
    return [name for name in STRICT_FIELDS if not _field_ok(gold, obs, name)]


def match(
    golds: Sequence[GoldObservation],
    extracted: Sequence[dict[str, Any]],
    fields: Sequence[str],
) -> dict[int, int]:
    """Maximum one-to-one matching gold index -> extracted index on ``fields``.

    Kuhn's augmenting paths; required gold facts are placed first, and an
    augmenting path never unmatches a placed fact, so optional facts only take
    what required ones leave.
    """
    ok = [
        [j for j, obs in enumerate(extracted) if all(_field_ok(g, obs, f) for f in fields)]
        for g in golds
    ]
    owner: dict[int, int] = {}

    def place(i: int, seen: set[int]) -> bool:
        for j in ok[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or place(owner[j], seen):
                owner[j] = i
                return True
        return False

    order = sorted(range(len(golds)), key=lambda i: golds[i].optional)
    for i in order:
        place(i, set())
    return {i: j for j, i in owner.items()}


@dataclass
class Score:
    """True positives, false positives and false negatives, with the usual ratios."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """TP / (TP + FP); 1.0 when nothing was extracted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """TP / (TP + FN); 1.0 when nothing was expected."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def __iadd__(self, other: Score) -> Score:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    def line(self) -> str:
        """``P 0.75 (6/8)  R 0.60 (6/10)``."""
        return (
            f"P {self.precision:.2f} ({self.tp}/{self.tp + self.fp})  "
            f"R {self.recall:.2f} ({self.tp}/{self.tp + self.fn})"
        )


def score_observations(
    golds: Sequence[GoldObservation], extracted: Sequence[dict[str, Any]], fields: Sequence[str]
) -> tuple[Score, dict[int, int]]:
    """Score extracted observations against gold ones on ``fields``."""
    pairs = match(golds, extracted, fields)
    tp = sum(1 for i in pairs if not golds[i].optional)
    fn = sum(1 for i, g in enumerate(golds) if not g.optional and i not in pairs)
    fp = len(extracted) - len(pairs)
    return Score(tp, fp, fn), pairs


def score_set(expected: Iterable[str], optional: Iterable[str], got: Iterable[str]) -> Score:
    """Set precision/recall; optional items count neither way."""
    want, maybe, have = set(expected), set(optional), set(got)
    return Score(len(want & have), len(have - want - maybe), len(want - have))


_ORDINAL = re.compile(
    r"^(?:the\s+)?(?:\d{1,3}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|"
    r"eighth|ninth|tenth|eleventh|twelfth)\s+"
)


def _norm_label(label: str | None) -> str:
    """An event name compared without case, spacing, "the" or a leading edition ordinal."""
    return _ORDINAL.sub("", " ".join((label or "").lower().split()))


def _describe(f: dict[str, Any], quote: str = "") -> str:
    def short(v: Any) -> str:
        return str(v).rsplit("/", 1)[-1].rsplit("#", 1)[-1] if v is not None else "-"

    period = f"{f.get('periodStart') or '-'}..{f.get('periodEnd') or '-'}"
    text = (
        f"{short(f['subject'])} | {short(f['measure'])} | {f['value']} {short(f['unit'])} | "
        f"{short(f['valueKind'])} {short(f['comparator'])} | {period}"
    )
    return f"{text}  «{quote}»" if quote else text


@dataclass
class ArticleResult:
    """Everything measured on one article."""

    name: str
    strict: Score
    lenient: Score
    regions: Score
    members: Score
    events: Score
    traps: list[str]
    date_ok: bool
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    field_errors: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)


def extract_json(path: Path) -> dict[str, Any]:
    """What ``g60kg extract PATH --format json`` prints, as a dict."""
    from g60kg.extract.pipeline import extract_article
    from g60kg.extract.report import facts_to_json
    from g60kg.text.article import read_article

    return facts_to_json(extract_article(read_article(path)))


def evaluate_article(article: Path, gold: dict[str, Any]) -> ArticleResult:
    """Compare the extraction of ``article`` with its ``gold`` dict."""
    got = extract_json(article)
    golds = [gold_observation(o) for o in gold["observations"]]
    observations = got["observations"]
    strict, _ = score_observations(golds, observations, STRICT_FIELDS)
    lenient, pairs = score_observations(golds, observations, LENIENT_FIELDS)

    matched = set(pairs.values())
    misses = [g.describe() for i, g in enumerate(golds) if not g.optional and i not in pairs]
    fps = [
        _describe(extracted_fields(o), o.get("quote", ""))
        for j, o in enumerate(observations)
        if j not in matched
    ]
    field_errors = []
    for i, j in sorted(pairs.items()):
        wrong = differing_fields(golds[i], observations[j])
        if wrong:
            mine = extracted_fields(observations[j])
            detail = ", ".join(
                f"{w}: got {mine[w]!s}, want {'|'.join(sorted(map(str, golds[i].fields[w])))}"
                for w in wrong
            )
            field_errors.append(f"{golds[i].describe()}\n        {detail}")

    region_iris = [r["iri"] for r in got["regions"]]
    regions = score_set(
        map(expand, gold.get("regions", [])),
        map(expand, gold.get("regionsOptional", [])),
        region_iris,
    )
    traps = [t for t in map(expand, gold.get("regionsAbsent", [])) if t in region_iris]

    got_members = [m for i in got["initiatives"] for m in i.get("members", [])]
    members = score_set(
        map(expand, gold.get("members", [])),
        map(expand, gold.get("membersOptional", [])),
        got_members,
    )
    events = score_set(
        (_norm_label(e["label"]) for e in gold.get("events", [])),
        (),
        (_norm_label(e["label"]) for e in got["events"]),
    )
    other = []
    by_label = {_norm_label(e["label"]): e for e in got["events"]}
    for want in gold.get("events", []):
        have = by_label.get(_norm_label(want["label"]))
        if have is None:
            continue
        for key in ("edition", "location", "date", "year", "about"):
            expected = expand(want.get(key)) if isinstance(want.get(key), str) else want.get(key)
            if key == "date" and expected is not None and have.get("date") != expected:
                other.append(f"event {want['label']!r}: date {have.get('date')}, want {expected}")
            elif key != "date" and have.get(key) != expected:
                other.append(f"event {want['label']!r}: {key} {have.get(key)}, want {expected}")

    meta = gold.get("article", {})
    date_ok = got["article"]["datePublished"] == meta.get("datePublished")
    if not date_ok:
        other.append(
            f"datePublished {got['article']['datePublished']}, want {meta.get('datePublished')}"
        )
    for key in ("datelinePlace", "distributor", "publisher"):
        if key in meta and meta[key] is not None and got["article"].get(key) != expand(meta[key]):
            other.append(f"{key} {got['article'].get(key)}, want {expand(meta[key])}")
    return ArticleResult(
        name=article.name,
        strict=strict,
        lenient=lenient,
        regions=regions,
        members=members,
        events=events,
        traps=traps,
        date_ok=date_ok,
        misses=misses,
        false_positives=fps,
        field_errors=field_errors,
        other=other,
    )


def gold_pairs(directory: Path = UNSEEN) -> list[tuple[Path, Path]]:
    """(article, gold file) pairs of ``directory``, sorted by name."""
    pairs = []
    for gold in sorted(directory.glob("*.gold.json")):
        stem = gold.name[: -len(".gold.json")]
        articles = [
            directory / (stem + s) for s in ARTICLE_SUFFIXES if (directory / (stem + s)).exists()
        ]
        if len(articles) != 1:
            raise SystemExit(
                f"{gold}: expected one article named {stem}.(txt|html), found {len(articles)}"
            )
        pairs.append((articles[0], gold))
    return pairs


@dataclass
class Evaluation:
    """Per-article results and their micro-averaged totals."""

    articles: list[ArticleResult]
    strict: Score
    lenient: Score
    regions: Score
    members: Score
    events: Score
    traps: int


def evaluate(directory: Path = UNSEEN) -> Evaluation:
    """Evaluate every gold article of ``directory``."""
    results = [
        evaluate_article(article, json.loads(gold.read_text(encoding="utf-8")))
        for article, gold in gold_pairs(directory)
    ]
    totals = [Score() for _ in range(5)]
    for r in results:
        for total, part in zip(
            totals, (r.strict, r.lenient, r.regions, r.members, r.events), strict=True
        ):
            total += part
    return Evaluation(results, *totals, traps=sum(len(r.traps) for r in results))


def report(ev: Evaluation, verbose: bool = True) -> str:
    """The evaluation as text: a table, then the misses and false positives per article."""
    out = [
        "| article | obs strict | obs lenient | regions | members | events |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in ev.articles:
        out.append(
            f"| {r.name} | {r.strict.line()} | {r.lenient.line()} | {r.regions.line()} | "
            f"{r.members.line()} | {r.events.line()} |"
        )
    out.append(
        f"| **all** | {ev.strict.line()} | {ev.lenient.line()} | {ev.regions.line()} | "
        f"{ev.members.line()} | {ev.events.line()} |"
    )
    out.append(f"\nsame-name traps hit: {ev.traps}")
    if verbose:
        for r in ev.articles:
            out.append(f"\n== {r.name}")
            for title, items in (
                ("missed", r.misses),
                ("false positive", r.false_positives),
                ("wrong field", r.field_errors),
                ("trap region present", r.traps),
                ("other", r.other),
            ):
                out.extend(f"  {title}: {item}" for item in items)
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: print the report (or JSON totals with ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=UNSEEN, help="folder of articles + gold")
    parser.add_argument("--quiet", action="store_true", help="the table only")
    parser.add_argument("--json", action="store_true", help="totals as JSON")
    args = parser.parse_args(argv)
    ev = evaluate(args.fixtures)
    if args.json:
        totals = {
            name: {
                "precision": round(s.precision, 4),
                "recall": round(s.recall, 4),
                "tp": s.tp,
                "fp": s.fp,
                "fn": s.fn,
            }
            for name, s in (
                ("strict", ev.strict),
                ("lenient", ev.lenient),
                ("regions", ev.regions),
                ("members", ev.members),
                ("events", ev.events),
            )
        }
        totals["traps"] = ev.traps
        print(json.dumps(totals, indent=2))
    else:
        print(report(ev, verbose=not args.quiet))
    return 0


if __name__ == "__main__":
    sys.exit(main())
