"""Linking the gazetteer to Wikidata: offline checks, online proposals, accepting them.

A wrong QID is worse than none, so the rules are strict:

* Offline, a link (``owl:sameAs wd:Q…``) is only acceptable if the QID is
  *verified* in the reference table (``data/reference/wikidata-qids.tsv``) and
  that table row names the entity (same label, and the row's context in
  parentheses, e.g. "Suzhou (Jiangsu)", agrees with the entity's parent or
  type). :func:`check_qids` reports every violation; :func:`report` lists the
  entities that stay unlinked and why.
* Online, :func:`reconcile` only *proposes*: it searches Wikidata by the
  entity's English and Chinese labels and aliases, confirms each candidate by
  SPARQL (instance of one of the Wikidata classes our class is aligned to;
  located, via P131, inside the Wikidata item of our parent region), scores
  it, and refuses to choose between candidates that score alike
  (``ambiguous``). Only IDs verified in the reference table are used to ask
  (P31, P131 and the class QIDs).
* :func:`accept` writes proposals into the gazetteer. Such QIDs are not yet
  verified in the reference table, so ``g60kg link --report`` flags them until
  a person has reviewed them and added a ``verified`` row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef

from g60kg import paths
from g60kg.errors import InputError
from g60kg.fileio import atomic_write_bytes
from g60kg.graph.rdflib_files import read_graph
from g60kg.graph.rdflib_terms import triples_from_rdflib
from g60kg.graph.turtle import to_turtle
from g60kg.namespaces import (
    G60,
    G60R,
    OWL,
    PREFIXES,
    RDF,
    RDFS,
    SKOS,
    TURTLE_LOCAL,
    WD,
    WDT,
    PrefixedNames,
    curie,
)
from g60kg.wikidata.reference import (
    QID_RE,
    ReferenceRow,
    ReferenceTable,
    load_reference,
    norm,
    qid_key,
)

if TYPE_CHECKING:
    from g60kg.wikidata.client import WikidataClient

#: Classes of our own whose instances are records, not things to link.
NOT_LINKABLE: frozenset[str] = frozenset(
    G60 + name for name in ("Observation", "NewsArticle", "TextSpan", "ValueKind", "Comparator")
)
#: Predicates that align one of our classes to a Wikidata class used with P31.
#: closeMatch is deliberately absent: "close" is not good enough to confirm a type.
CLASS_ALIGNMENT = (OWL + "equivalentClass", SKOS + "exactMatch")

#: Scores: a name match alone never reaches the threshold; it takes a
#: confirmed type or a confirmed parent as well.
SCORE_LABEL = 0.4
SCORE_ALIAS = 0.3
SCORE_TYPE = 0.3
SCORE_PARENT = 0.3
THRESHOLD = 0.7
#: The best candidate must lead the runner-up by this much, else "ambiguous".
MARGIN = 0.3


def gazetteer_path() -> Path:
    """The gazetteer the project ships: ``ontology/gazetteer.ttl``."""
    return paths.ontology_dir() / "gazetteer.ttl"


# -- entities ------------------------------------------------------------


@dataclass(frozen=True)
class LinkEntity:
    """What linking needs to know about one gazetteer entity."""

    iri: str
    types: tuple[str, ...]  # our classes (g60:), sorted
    label: str
    labels: tuple[tuple[str, str], ...]  # (text, language) of rdfs:label
    aliases: tuple[tuple[str, str], ...]  # (text, language) of skos:altLabel
    parent: str | None
    parent_names: tuple[str, ...]
    parent_qid: str | None
    qids: tuple[str, ...]

    def names(self) -> set[str]:
        return {norm(text) for text, _ in self.labels + self.aliases}

    @property
    def type(self) -> str:
        """Our classes as CURIEs, for display ("g60:EventSeries g60:TradeFair")."""
        return " ".join(curie(t) for t in self.types)


@dataclass(frozen=True)
class UnlinkedEntity:
    """An entity without ``owl:sameAs wd:…`` and the reason it has none."""

    iri: str
    type: str
    label: str
    why: str


@dataclass(frozen=True)
class QidProblem:
    """A Wikidata ID in the graph that the reference table does not back."""

    subject: str
    qid: str
    problem: str


def entities(graph: Graph) -> list[LinkEntity]:
    """Every linkable entity in ``graph``: a ``g60r:`` subject typed with one of our
    classes other than the record classes (observations, articles, spans)."""
    rdf_type, label_p = URIRef(RDF + "type"), URIRef(RDFS + "label")
    alt_p = URIRef(SKOS + "altLabel")
    located_in, same_as = URIRef(G60 + "locatedIn"), URIRef(OWL + "sameAs")
    out = []
    typed: dict[object, set[str]] = {}
    for subject, cls in graph.subject_objects(rdf_type):
        if str(subject).startswith(G60R) and str(cls).startswith(G60):
            typed.setdefault(subject, set()).add(str(cls))
    for subject in sorted(typed):
        if typed[subject] & NOT_LINKABLE:
            continue
        labels = _texts(graph.objects(subject, label_p))
        parent = graph.value(subject, located_in)
        parent_names: tuple[str, ...] = ()
        parent_qids: tuple[str, ...] = ()
        if parent is not None:
            parent_qids = _qids(graph.objects(parent, same_as))
            parent_names = tuple(
                norm(text)
                for text, _ in _texts(graph.objects(parent, label_p))
                + _texts(graph.objects(parent, alt_p))
            )
        out.append(
            LinkEntity(
                iri=str(subject),
                types=tuple(sorted(typed[subject])),
                label=_pick_label(labels),
                labels=labels,
                aliases=_texts(graph.objects(subject, alt_p)),
                parent=str(parent) if parent is not None else None,
                parent_names=parent_names,
                parent_qid=parent_qids[0] if len(parent_qids) == 1 else None,
                qids=_qids(graph.objects(subject, same_as)),
            )
        )
    return out


def _row_matches(row: ReferenceRow, entity: LinkEntity) -> bool:
    """Does this reference row describe this entity (name, and context if any)?"""
    names, context = row.names()
    if not names & entity.names():
        return False
    if context is None:
        return True
    ctx = norm(context)
    type_words = [norm(t.rsplit("#", 1)[-1]) for t in entity.types]
    return (
        any(ctx in name for name in entity.parent_names)
        or any(ctx in name for name in entity.names())
        or any(ctx.replace(" ", "") in word for word in type_words)
    )


def report(graph: Graph, table: ReferenceTable | None = None) -> list[UnlinkedEntity]:
    """Entities that carry no ``owl:sameAs wd:…``, each with why it is unlinked."""
    table = table or load_reference()
    entity_rows = [row for row in table.rows if not row.is_term]
    out = []
    for entity in entities(graph):
        if entity.qids:
            continue
        matching = [row for row in entity_rows if _row_matches(row, entity)]
        verified = [row for row in matching if row.verified]
        if verified:
            why = (
                f"the reference table verifies {verified[0].qid} for it "
                f"(line {verified[0].line}) but the gazetteer has no owl:sameAs"
            )
        elif matching:
            why = f"no verified QID in the reference table (status {matching[0].status!r})"
        else:
            why = "no verified QID in the reference table (not listed)"
        out.append(UnlinkedEntity(entity.iri, entity.type, entity.label, why))
    return out


def check_qids(graph: Graph, table: ReferenceTable | None = None) -> list[QidProblem]:
    """Every Wikidata ID the graph uses must be verified, and fit the entity it is on.

    Checks three things: (1) every ``wd:``/``wdt:`` IRI anywhere in the graph
    (entity links and class/property alignments) is verified in the table;
    (2) an entity's ``owl:sameAs`` QID comes from a table row that names that
    entity (so Q42622, verified for "Suzhou (Jiangsu)", is refused on a Suzhou
    in Anhui), and no two entities share a QID; (3) an entity the table
    verifies a QID for does carry it.
    """
    table = table or load_reference()
    verified = table.verified_ids
    problems: list[QidProblem] = []
    used = {(s, term) for s, p, o in graph for term in (s, p, o) if isinstance(term, URIRef)}
    for subject, term in sorted((s, t) for s, t in used if wikidata_id(t)):
        wid = wikidata_id(term)
        if wid in verified:
            continue
        row = table.row_for(wid)
        why = (
            f"{wid} is not in the reference table"
            if row is None
            else f"{wid} is listed with status {row.status!r} (line {row.line}), not verified"
        )
        problems.append(QidProblem(str(subject), wid, why))
    owners: dict[str, list[str]] = {}
    entity_rows = [row for row in table.rows if not row.is_term]
    for entity in entities(graph):
        for qid in entity.qids:
            owners.setdefault(qid, []).append(entity.iri)
            row = table.row_for(qid)
            if row is not None and row.verified and not _row_matches(row, entity):
                problems.append(
                    QidProblem(
                        entity.iri,
                        qid,
                        f"{qid} is verified for {row.entity!r} (line {row.line}), "
                        f"which is not this entity ({entity.label})",
                    )
                )
        if not entity.qids:
            for row in entity_rows:
                if row.verified and _row_matches(row, entity):
                    problems.append(
                        QidProblem(
                            entity.iri,
                            row.qid,
                            f"the reference table verifies {row.qid} for {row.entity!r} "
                            f"(line {row.line}) but the entity has no owl:sameAs",
                        )
                    )
    for qid, iris in sorted(owners.items()):
        if len(iris) > 1:
            problems.extend(
                QidProblem(iri, qid, f"{qid} is the owl:sameAs of {len(iris)} entities")
                for iri in iris
            )
    return sorted(set(problems), key=lambda p: (p.subject, p.qid, p.problem))


# -- online reconciliation -----------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A Wikidata item proposed for an entity, with its score and the evidence.

    ``status`` is one of ``match`` (the one candidate to accept),
    ``ambiguous`` (passes the threshold, but so does another), ``below
    threshold``, ``rejected`` (type or parent contradicts the gazetteer) and
    ``not found`` (no search hit; ``qid`` is None).
    """

    entity: str
    label: str
    qid: str | None
    wikidata_label: str
    description: str
    score: float
    status: str
    evidence: tuple[str, ...] = field(default=())


def class_alignment(graph: Graph, table: ReferenceTable) -> dict[str, frozenset[str]]:
    """Our class IRI → the verified Wikidata class QIDs it is aligned to (exact only)."""
    out: dict[str, set[str]] = {}
    for predicate in CLASS_ALIGNMENT:
        for cls, target in graph.subject_objects(URIRef(predicate)):
            qid = wikidata_id(target)
            if qid and qid.startswith("Q") and qid in table.verified_ids:
                out.setdefault(str(cls), set()).add(qid)
    return {cls: frozenset(qids) for cls, qids in out.items()}


def _check_query(qids: Sequence[str], parent_qid: str | None, p31: str, p131: str) -> str:
    """One SPARQL query per entity: each candidate's classes, parents, and whether
    it lies (via P131, transitively) inside our parent's item."""
    values = " ".join(f"wd:{qid}" for qid in qids)
    within = (
        f"  OPTIONAL {{ ?item wdt:{p131}+ ?within . FILTER(?within = wd:{parent_qid}) }}\n"
        if parent_qid
        else ""
    )
    return (
        f"PREFIX wd: <{WD}>\nPREFIX wdt: <{WDT}>\n"
        "SELECT ?item ?class ?parent ?within WHERE {\n"
        f"  VALUES ?item {{ {values} }}\n"
        f"  OPTIONAL {{ ?item wdt:{p31} ?class }}\n"
        f"  OPTIONAL {{ ?item wdt:{p131} ?parent }}\n"
        f"{within}"
        "}\nORDER BY ?item ?class ?parent"
    )


def reconcile(
    to_link: Iterable[LinkEntity],
    client: WikidataClient,
    alignment: dict[str, frozenset[str]],
    table: ReferenceTable,
    *,
    threshold: float = THRESHOLD,
    margin: float = MARGIN,
    taken: Mapping[str, str] | None = None,
) -> list[Candidate]:
    """Search, confirm and score Wikidata candidates for each entity; never guess.

    Search terms are the English label and aliases (language ``en``) and the
    Chinese ones (``zh``). Candidates are confirmed with one SPARQL query per
    entity. Score: a search hit whose label equals one of our labels 0.4 (an
    alias hit 0.3), plus 0.3 if its P31 is a Wikidata class our class is
    exactly aligned to, plus 0.3 if it lies inside our parent's item by P131.
    A type or parent that contradicts the gazetteer rejects the candidate, and
    so does an item already linked to another entity (``taken``: QID → IRI).
    The best candidate is a ``match`` only if it reaches ``threshold`` and
    leads every other candidate by ``margin``.
    """
    p31 = table.term("property: instance of")
    p131 = table.term("property: located in the administrative territorial entity")
    if not p31 or not p131:
        raise InputError(f"{table.path}: P31 and P131 must be verified to confirm candidates")
    out: list[Candidate] = []
    for entity in to_link:
        hits = _search(entity, client)
        if not hits:
            terms = ", ".join(repr(text) for text, _ in (*entity.labels, *entity.aliases))
            out.append(
                Candidate(
                    entity.iri,
                    entity.label,
                    None,
                    "",
                    "",
                    0.0,
                    "not found",
                    (f"no search hit for {terms}",),
                )
            )
            continue
        qids = sorted(hits, key=qid_key)
        facts = _Facts.from_rows(client.sparql(_check_query(qids, entity.parent_qid, p31, p131)))
        expected = frozenset().union(*(alignment.get(t, frozenset()) for t in entity.types))
        scored = [
            _score(entity, hits[qid], facts, expected, (taken or {}).get(qid)) for qid in qids
        ]
        out.extend(_decide(entity, scored, threshold, margin))
    return out


@dataclass
class _Hit:
    """A search hit for one entity, merged over all its search terms."""

    qid: str
    label: str
    description: str
    name_score: float
    evidence: list[str]


def _search(entity: LinkEntity, client: WikidataClient) -> dict[str, _Hit]:
    """Search by every label and alias in its language; one hit per QID, best name score."""
    hits: dict[str, _Hit] = {}
    own_labels = {norm(text) for text, _ in entity.labels}
    for text, lang in (*entity.labels, *entity.aliases):
        language = "zh" if lang.startswith("zh") else "en"
        for found in client.search(text, language):
            exact = norm(found.label) in own_labels or norm(found.matched_text) in own_labels
            name_score = SCORE_LABEL if exact else SCORE_ALIAS
            how = f"search {text!r}@{language} matched {found.matched_text!r}"
            hit = hits.setdefault(
                found.qid, _Hit(found.qid, found.label, found.description, name_score, [])
            )
            hit.name_score = max(hit.name_score, name_score)
            hit.evidence.append(how)
    return hits


@dataclass
class _Facts:
    """What the SPARQL check returned: classes, parents, and items inside our parent."""

    classes: dict[str, set[str]]
    parents: dict[str, set[str]]
    within: set[str]

    @classmethod
    def from_rows(cls, rows: list[dict[str, str]]) -> _Facts:
        facts = cls({}, {}, set())
        for row in rows:
            item = wikidata_id(row.get("item", ""))
            if not item:
                continue
            if "class" in row:
                facts.classes.setdefault(item, set()).add(wikidata_id(row["class"]) or row["class"])
            if "parent" in row:
                facts.parents.setdefault(item, set()).add(
                    wikidata_id(row["parent"]) or row["parent"]
                )
            if "within" in row:
                facts.within.add(item)
        return facts


def _score(
    entity: LinkEntity, hit: _Hit, facts: _Facts, expected: frozenset[str], owner: str | None
) -> tuple[float, _Hit, bool, list[str]]:
    """Score one candidate: (score, hit, rejected, evidence)."""
    score = hit.name_score
    evidence = list(hit.evidence)
    rejected = False
    found = facts.classes.get(hit.qid, set())
    if expected and found & expected:
        score += SCORE_TYPE
        evidence.append(f"P31 {', '.join(sorted(found & expected))} confirmed")
    elif expected and found:
        rejected = True
        evidence.append(
            f"P31 is {', '.join(sorted(found, key=qid_key))}, "
            f"not {', '.join(sorted(expected, key=qid_key))}"
        )
    elif expected:
        evidence.append("no P31 to confirm the type")
    else:
        evidence.append(f"no verified Wikidata class for {entity.type}")
    if entity.parent_qid:
        if hit.qid in facts.within:
            score += SCORE_PARENT
            evidence.append(f"inside {entity.parent_qid} by P131")
        else:
            rejected = True
            parents = ", ".join(sorted(facts.parents.get(hit.qid, set()), key=qid_key))
            evidence.append(f"P131 is {parents or 'nothing'}, not inside {entity.parent_qid}")
    elif entity.parent:
        evidence.append("our parent region has no QID: parent not checked")
    if owner and owner != entity.iri:
        rejected = True
        evidence.append(f"{hit.qid} is already the owl:sameAs of {curie(owner)}")
    return round(score, 2), hit, rejected, evidence


def _decide(
    entity: LinkEntity,
    scored: list[tuple[float, _Hit, bool, list[str]]],
    threshold: float,
    margin: float,
) -> list[Candidate]:
    """Statuses for one entity's candidates: at most one ``match``, never a guess."""
    ranked = sorted(scored, key=lambda s: (-s[0], qid_key(s[1].qid)))
    viable = [s for s in ranked if not s[2] and s[0] >= threshold]
    winner = None
    if viable and (len(viable) == 1 or viable[0][0] - viable[1][0] >= margin - 1e-9):
        winner = viable[0][1].qid
    out = []
    for score, hit, rejected, evidence in ranked:
        if rejected:
            status = "rejected"
        elif score < threshold:
            status = "below threshold"
        elif hit.qid == winner:
            status = "match"
        else:
            status = "ambiguous"
        out.append(
            Candidate(
                entity.iri,
                entity.label,
                hit.qid,
                hit.label,
                hit.description,
                score,
                status,
                tuple(evidence),
            )
        )
    return out


def accept(candidates: Iterable[Candidate], gazetteer: Path | None = None) -> list[Candidate]:
    """Write each ``match`` candidate as ``owl:sameAs`` into the gazetteer file.

    The gazetteer is curated by hand (comments, grouping, one entity per
    block), so a full re-serialisation would throw that away. Each link is
    therefore added as a last ``owl:sameAs wd:Q…`` line of its entity's block,
    in the file's own prefixes, links in sorted order; the result is parsed
    and must equal the old graph plus exactly the new links. Only if the
    block cannot be found in that form is the file re-serialised with
    :func:`serialize_gazetteer` (deterministic, the file's prefixes, the leading
    comment block kept). Written atomically. Returns the candidates written; an
    entity that is not described in the file is an error, not a silent skip.
    """
    path = Path(gazetteer) if gazetteer else gazetteer_path()
    text = path.read_text(encoding="utf-8")
    graph = read_graph([path])
    chosen = sorted(
        (c for c in candidates if c.status == "match" and c.qid),
        key=lambda c: (c.entity, qid_key(c.qid or "")),
    )
    written = []
    added = []
    for candidate in chosen:
        subject = URIRef(candidate.entity)
        if (subject, None, None) not in graph:
            raise InputError(f"{path}: has no entity {candidate.entity}")
        triple = (subject, URIRef(OWL + "sameAs"), URIRef(WD + str(candidate.qid)))
        if triple not in graph and triple not in added:
            added.append(triple)
            written.append(candidate)
    if not added:
        return []
    expected = set(graph) | set(added)
    new_text = text
    for subject, _, obj in added:
        new_text = _insert_same_as(new_text, str(subject), str(obj)) or ""
        if not new_text:
            break
    edited = _parse_text(new_text) if new_text else None
    if edited is None or set(edited) != expected:
        for triple in added:
            graph.add(triple)
        data = serialize_gazetteer(graph, _leading_comments(text), _file_prefixes(text))
    else:
        data = new_text.encode("utf-8")
    atomic_write_bytes(path, data)
    return written


def serialize_gazetteer(
    graph: Graph, header: str = "", prefixes: dict[str, str] | None = None
) -> bytes:
    """Deterministic Turtle (the project's writer, :mod:`g60kg.graph.turtle`) after ``header``."""
    return header.encode("utf-8") + to_turtle(triples_from_rdflib(graph), prefixes or PREFIXES)


def _file_prefixes(text: str) -> dict[str, str]:
    """The ``@prefix`` declarations of a Turtle text, in order."""
    found = re.findall(r"^@prefix\s+([A-Za-z][\w-]*)?:\s*<([^>]*)>\s*\.", text, re.MULTILINE)
    return {prefix: iri for prefix, iri in found}


def _insert_same_as(text: str, subject: str, obj: str) -> str | None:
    """Add ``owl:sameAs <obj>`` as the last line of ``subject``'s block, or None."""
    names = PrefixedNames(_file_prefixes(text), TURTLE_LOCAL)

    def name(iri: str) -> str:
        """``iri`` as the file would spell it: a prefixed name of its own, else ``<iri>``."""
        return names(iri) or f"<{iri}>"

    heads = {f"<{subject}>", name(subject)}
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.split(" ", 1)[0] in heads]
    if len(starts) != 1:
        return None
    for j in range(starts[0], len(lines)):
        stripped = lines[j].rstrip("\n").rstrip()
        if stripped.endswith(" ."):
            lines[j] = stripped[:-2] + " ;\n"
            lines.insert(j + 1, f"    {name(OWL + 'sameAs')} {name(obj)} .\n")
            return "".join(lines)
        if not stripped:
            return None
    return None


def _parse_text(text: str) -> Graph | None:
    """The graph of an edited text, or None if the edit broke the Turtle."""
    graph = Graph()
    try:
        graph.parse(data=text, format="turtle")
    except Exception:  # rdflib raises several parser exception types
        return None
    return graph


# -- helpers ---------------------------------------------------------------


def _leading_comments(text: str) -> str:
    lines = []
    for line in text.splitlines(keepends=True):
        if line.startswith("#"):
            lines.append(line)
        else:
            break
    return "".join(lines) + ("\n" if lines else "")


def wikidata_id(term: object) -> str | None:
    """``Q42622`` for ``wd:Q42622`` (or ``P131`` for ``wdt:P131``), else None."""
    text = str(term)
    for base in (WD, WDT):
        if text.startswith(base) and QID_RE.match(text[len(base) :]):
            return text[len(base) :]
    return None


def _qids(objects: Iterable[object]) -> tuple[str, ...]:
    found = (wikidata_id(o) for o in objects)
    return tuple(sorted((q for q in found if q and q.startswith("Q")), key=qid_key))


def _texts(objects: Iterable[object]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((str(o), getattr(o, "language", None) or "") for o in objects))


def _pick_label(labels: Sequence[tuple[str, str]]) -> str:
    for text, lang in labels:
        if lang == "en":
            return text
    return labels[0][0] if labels else ""


def one_line(exc: Exception) -> str:
    """An exception message folded onto one line, for InputError."""
    return " ".join(str(exc).split())


# -- what the command runs ---------------------------------------------------


@dataclass(frozen=True)
class LinkReport:
    """The offline report: unlinked entities, and QID problems (findings)."""

    entities: int
    unlinked: list[UnlinkedEntity]
    problems: list[QidProblem]

    def lines(self) -> list[str]:
        """Tab-separated lines: ``unlinked`` rows, then ``problem`` rows."""
        out = [f"unlinked\t{curie(u.iri)}\t{u.type}\t{u.label}\t{u.why}" for u in self.unlinked]
        out += [f"problem\t{curie(p.subject)}\t{p.qid}\t{p.problem}" for p in self.problems]
        return out

    def summary(self) -> str:
        linked = self.entities - len(self.unlinked)
        return (
            f"{self.entities} entities: {linked} linked, {len(self.unlinked)} unlinked, "
            f"{len(self.problems)} QID problems"
        )


def _ontology_files(gazetteer: Path | None, ontology: Sequence[Path]) -> list[Path]:
    """The gazetteer first (``accept`` writes to it), then the ontology files.

    By default every other ``ontology/*.ttl`` (ontology, measures, units,
    shapes), so the check sees every Wikidata ID the project ships. The
    bundled gazetteer is one of those files, but never "other" than the
    gazetteer being checked: ``--gazetteer X`` checks X alone, not X plus the
    bundled entities.
    """
    first = Path(gazetteer) if gazetteer else gazetteer_path()
    if ontology:
        return [first, *(Path(f) for f in ontology)]
    skip = {first.resolve(), gazetteer_path().resolve()}
    others = sorted(paths.ontology_dir().glob("*.ttl"))
    return [first, *(f for f in others if f.resolve() not in skip)]


def link_report(
    gazetteer: Path | None = None,
    ontology: Sequence[Path] = (),
    reference: Path | None = None,
) -> LinkReport:
    """``g60kg link --report``: which entities are unlinked, which QIDs are unbacked."""
    table = load_reference(reference)
    graph = read_graph(_ontology_files(gazetteer, ontology))
    return LinkReport(len(entities(graph)), report(graph, table), check_qids(graph, table))


@dataclass(frozen=True)
class OnlineResult:
    """What ``g60kg link --online`` found, and what it wrote (only with --accept)."""

    candidates: list[Candidate]
    written: list[Candidate]
    requests: int

    def lines(self) -> list[str]:
        return [
            "\t".join(
                (
                    curie(c.entity),
                    c.label,
                    c.qid or "-",
                    c.wikidata_label or "-",
                    f"{c.score:.2f}",
                    c.status,
                    "; ".join(c.evidence),
                )
            )
            for c in self.candidates
        ]


def link_online(
    client: WikidataClient,
    *,
    gazetteer: Path | None = None,
    ontology: Sequence[Path] = (),
    reference: Path | None = None,
    do_accept: bool = False,
) -> OnlineResult:
    """``g60kg link --online``: propose QIDs for unlinked entities; write them only if asked."""
    table = load_reference(reference)
    files = _ontology_files(gazetteer, ontology)
    graph = read_graph(files)
    unlinked = [e for e in entities(graph) if not e.qids]
    taken = {qid: e.iri for e in entities(graph) for qid in e.qids}
    candidates = reconcile(unlinked, client, class_alignment(graph, table), table, taken=taken)
    written = accept(candidates, files[0]) if do_accept else []
    return OnlineResult(candidates, written, client.requests_sent)
