"""Cue words: the English words that say what a number in an article is.

"grew" makes a number a change, "fell" a negative one, "accounts for" a share,
"reached" a level; "doubled" is up 100 percent and "a third of" is 33.33
percent; "comprises" lists an initiative's members. These words are knowledge,
not code: they are read from ``ontology/cues.ttl`` once per process, and the
extractors build their regular expressions from them with :func:`words_pattern`.
The grammar around the words (prepositions, auxiliaries, punctuation) stays in
:mod:`g60kg.extract`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from g60kg.namespaces import G60
from g60kg.paths import ontology_dir

CHANGE, LEVEL, SHARE = G60 + "Change", G60 + "Level", G60 + "Share"


@dataclass(frozen=True)
class Cue:
    """One cue word of ``ontology/cues.ttl`` and what it says about a number."""

    iri: str
    label: str
    #: Every form matched whole (``g60:cueForm`` and its sub-properties), sorted.
    forms: tuple[str, ...] = ()
    #: ``g60:reportingForm``: "output *reached* 5 billion yuan".
    reporting_forms: tuple[str, ...] = ()
    #: ``g60:nounForm``: "an *increase* of", "a 5 percent *rise*".
    noun_forms: tuple[str, ...] = ()
    #: ``g60:cueStem``: every word starting with one is the cue.
    stems: tuple[str, ...] = ()
    #: ``g60:signals``: the value kind IRI, if the cue gives one.
    signals: str | None = None
    falls: bool = False
    #: ``g60:signalsTarget``: "aims to", "will" - a goal, not a fact.
    target: bool = False
    factor: Decimal | None = None
    denominator: int | None = None
    #: ``g60:introducesMembers``: "the corridor *comprises* ...".
    introduces_members: bool = False
    #: ``g60:spatial``: "*covers* 76,200 sq km across ...".
    spatial: bool = False
    #: ``g60:outlayNoun``: "spent" is "spending on" what follows.
    outlay: str | None = None
    #: ``g60:countsNoMetric``: "nine *cities*", "83 *members*".
    counts_no_metric: bool = False
    #: ``g60:setsAside``: the reason (a ``g60reason:`` IRI) a number near the cue is not a metric.
    sets_aside: str | None = None
    #: ``g60:numberForm``: the number itself, spelled out ("fourth", "hundreds").
    number_forms: tuple[str, ...] = ()
    #: ``g60:formBefore``: right before the number ("*ranked* third").
    forms_before: tuple[str, ...] = ()
    #: ``g60:formAfter``: after the number, a word at most between ("70 consecutive *months*").
    forms_after: tuple[str, ...] = ()
    #: ``g60:formAfterName``: after the number and a capitalised name ("88 Century *Avenue*").
    forms_after_name: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cues:
    """All cue words, sorted by IRI, with the selections the extractors use."""

    cues: tuple[Cue, ...]

    def signalling(self, kind: str) -> tuple[Cue, ...]:
        """The cues that give ``kind`` (:data:`CHANGE`, :data:`LEVEL`, :data:`SHARE`)."""
        return tuple(c for c in self.cues if c.signals == kind)

    def falling(self) -> tuple[Cue, ...]:
        """The cues that say an amount went down (``g60:signalsFall``)."""
        return tuple(c for c in self.cues if c.falls)

    def multipliers(self) -> dict[str, Decimal]:
        """Lower-case form -> percent change: {"doubled": 100, "tripled": 200, ...}."""
        return {
            form.lower(): (c.factor - 1) * 100
            for c in self.cues
            if c.factor is not None
            for form in c.forms
        }

    def denominators(self) -> dict[str, int]:
        """Lower-case fraction word -> what it divides by: {"third": 3, "thirds": 3, ...}."""
        return {
            form.lower(): c.denominator
            for c in self.cues
            if c.denominator is not None
            for form in c.forms
        }


def words_pattern(forms: Iterable[str] = (), stems: Iterable[str] = ()) -> str:
    """A regex alternation of whole forms and of stems (a stem takes any word ending).

    Longest alternatives first, every word escaped, a space in a form standing
    for any run of white space ("accounted for"). The caller adds the word
    boundaries and the case sensitivity its grammar needs.
    """
    items = {_form_regex(f) for f in forms} | {re.escape(s) + r"\w*" for s in stems}
    return "|".join(sorted(items, key=lambda p: (-len(p), p)))


def cues_pattern(selected: Iterable[Cue]) -> str:
    """:func:`words_pattern` of every form and stem of the ``selected`` cues."""
    selected = list(selected)
    return words_pattern(
        [f for c in selected for f in c.forms], [s for c in selected for s in c.stems]
    )


def _form_regex(form: str) -> str:
    return r"\s+".join(re.escape(word) for word in form.split())


@functools.cache
def load(path: Path | None = None) -> Cues:
    """Parse the cue Turtle once per process."""
    import rdflib

    path = path or ontology_dir() / "cues.ttl"
    graph = rdflib.Graph()
    graph.parse(path, format="turtle")
    g60 = rdflib.Namespace(G60)

    def texts(subject: rdflib.term.Node, prop: rdflib.URIRef) -> tuple[str, ...]:
        return tuple(sorted(str(o) for o in graph.objects(subject, prop)))

    def number(subject: rdflib.term.Node, prop: rdflib.URIRef) -> Decimal | None:
        value = graph.value(subject, prop)
        return None if value is None else Decimal(str(value))

    def flag(subject: rdflib.term.Node, prop: rdflib.URIRef) -> bool:
        value = graph.value(subject, prop)
        return value is not None and value.toPython() is True

    cues = []
    for subject in sorted(graph.subjects(rdflib.RDF.type, g60.Cue)):
        reporting, nouns = texts(subject, g60.reportingForm), texts(subject, g60.nounForm)
        numbers, before = texts(subject, g60.numberForm), texts(subject, g60.formBefore)
        after, after_name = texts(subject, g60.formAfter), texts(subject, g60.formAfterName)
        signals = graph.value(subject, g60.signals)
        sets_aside = graph.value(subject, g60.setsAside)
        denominator = number(subject, g60.denominator)
        outlay = graph.value(subject, g60.outlayNoun)
        cues.append(
            Cue(
                iri=str(subject),
                label=str(graph.value(subject, rdflib.RDFS.label) or ""),
                forms=tuple(
                    sorted(
                        {
                            *texts(subject, g60.cueForm),
                            *reporting,
                            *nouns,
                            *numbers,
                            *before,
                            *after,
                            *after_name,
                        }
                    )
                ),
                reporting_forms=reporting,
                noun_forms=nouns,
                stems=texts(subject, g60.cueStem),
                signals=None if signals is None else str(signals),
                falls=flag(subject, g60.signalsFall),
                target=flag(subject, g60.signalsTarget),
                factor=number(subject, g60.factor),
                denominator=None if denominator is None else int(denominator),
                introduces_members=flag(subject, g60.introducesMembers),
                spatial=flag(subject, g60.spatial),
                outlay=None if outlay is None else str(outlay),
                counts_no_metric=flag(subject, g60.countsNoMetric),
                sets_aside=None if sets_aside is None else str(sets_aside),
                number_forms=numbers,
                forms_before=before,
                forms_after=after,
                forms_after_name=after_name,
            )
        )
    return Cues(tuple(cues))
