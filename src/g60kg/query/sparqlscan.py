"""A small SPARQL tokenizer for the safety checks the query command makes.

Why not a substring search: ``"SERVICE"`` inside a string, a comment, an IRI
(``<http://ex/SERVICE>``), a variable (``?service``) or a prefixed name
(``ex:service``) is no SERVICE clause, and a query must not be refused (or,
worse, let through) because of one. Why not a full parser: pyoxigraph exposes
no query algebra, and rdflib's parser costs 100 ms of imports on the fast path.
The token classes below are the ones of the SPARQL 1.1 grammar that can hide a
keyword; everything else is passed through one character at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n\r]|\\.)*"
              |'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][^\W][\w\u00B7\u0300-\u036F\u203F-\u2040]*)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[^\W\d_][\w.-]*)?:(?:[\w:%\\/.-]*[\w:%/-])?)
  | (?P<number>[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
  | (?P<word>[^\W\d][\w]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
UPDATE_FORMS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
#: The Wikidata Query Service endpoint that federated stored queries name.
WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"


@dataclass(frozen=True)
class Token:
    """One lexical token: its class (``ws``, ``iri``, ``var``...), text and offset."""

    kind: str
    text: str
    start: int


def tokenize(text: str) -> list[Token]:
    """Split SPARQL text into tokens; never fails (unknown characters are ``other``)."""
    return [Token(m.lastgroup or "other", m.group(), m.start()) for m in _TOKEN.finditer(text)]


def _significant(tokens: list[Token]) -> list[Token]:
    return [t for t in tokens if t.kind not in ("ws", "comment")]


def query_form(text: str) -> str | None:
    """The request's form keyword (``SELECT``, ``ASK``, ``INSERT``, ...), upper case.

    The prologue (``BASE``/``PREFIX`` declarations) is skipped; ``None`` when the
    text holds no recognisable form, which the engine's parser then reports.
    """
    for token in _significant(tokenize(text)):
        if token.kind == "word":
            word = token.text.upper()
            if word in ("PREFIX", "BASE"):
                continue
            if word in QUERY_FORMS or word in UPDATE_FORMS:
                return word
            return None
    return None


def is_update(text: str) -> bool:
    """True for a SPARQL 1.1 Update request (INSERT, DELETE, LOAD, DROP, ...)."""
    return query_form(text) in UPDATE_FORMS


def has_keyword(text: str, keyword: str) -> bool:
    """True when ``keyword`` occurs as a keyword (not in a string, IRI, name or comment)."""
    keyword = keyword.upper()
    return any(t.kind == "word" and t.text.upper() == keyword for t in tokenize(text))


def service_endpoints(text: str) -> list[str]:
    """The IRIs named by SERVICE clauses, in order (a variable endpoint gives ``?var``)."""
    found: list[str] = []
    tokens = _significant(tokenize(text))
    for i, token in enumerate(tokens):
        if token.kind == "word" and token.text.upper() == "SERVICE":
            j = i + 1
            if j < len(tokens) and tokens[j].text.upper() == "SILENT":
                j += 1
            if j < len(tokens):
                target = tokens[j]
                found.append(target.text[1:-1] if target.kind == "iri" else target.text)
    return found


def rewrite_service_endpoint(text: str, old: str, new: str) -> str:
    """Replace the IRI ``<old>`` where it follows SERVICE (or SERVICE SILENT) by ``<new>``.

    Only the endpoint token is replaced; the same IRI elsewhere (in a FILTER,
    say) is left alone. ``new`` must be a valid IRI reference.
    """
    if not re.fullmatch(r"[^<>\"{}|^`\\\x00-\x20]+", new):
        raise ValueError(f"not a valid endpoint IRI: {new!r}")
    tokens = tokenize(text)
    out: list[str] = []
    expecting = False
    for token in tokens:
        if token.kind in ("ws", "comment"):
            out.append(token.text)
            continue
        if token.kind == "word" and token.text.upper() == "SERVICE":
            expecting = True
        elif expecting and token.kind == "word" and token.text.upper() == "SILENT":
            pass
        elif expecting:
            if token.kind == "iri" and token.text[1:-1] == old:
                out.append(f"<{new}>")
                expecting = False
                continue
            expecting = False
        out.append(token.text)
    return "".join(out)


def variables(text: str) -> set[str]:
    """Names (without ``?``/``$``) of every variable the text mentions."""
    return {t.text[1:] for t in tokenize(text) if t.kind == "var"}


def declared_prefixes(text: str) -> dict[str, str]:
    """The ``PREFIX p: <iri>`` declarations of the text (relative IRIs left as written)."""
    tokens = _significant(tokenize(text))
    found: dict[str, str] = {}
    for i, token in enumerate(tokens[:-2]):
        if token.kind == "word" and token.text.upper() == "PREFIX":
            name, iri = tokens[i + 1], tokens[i + 2]
            if name.kind == "pname" and name.text.endswith(":") and iri.kind == "iri":
                found[name.text[:-1]] = iri.text[1:-1]
    return found


def bind_in_services(text: str, values: dict[str, str]) -> str:
    """Add ``VALUES`` for bound variables at the top of each SERVICE group that uses them.

    Why: neither engine sends a bound variable's value to the remote endpoint
    (pyoxigraph evaluates SERVICE on its own and joins afterwards), so
    ``--param item=wd:Q42`` would ask Wikidata for every item's label. The
    values are terms already serialised in N-Triples syntax by the caller
    (escaped, so a value cannot end the block), never raw user text; the
    SPARQL spec allows VALUES inside a group, and the outer binding of the
    same variable keeps the join correct.
    """
    if not values:
        return text
    tokens = tokenize(text)
    inserts: list[tuple[int, str]] = []
    for i, token in enumerate(tokens):
        if not (token.kind == "word" and token.text.upper() == "SERVICE"):
            continue
        j = i + 1
        while j < len(tokens) and (
            tokens[j].kind in ("ws", "comment")
            or (tokens[j].kind == "word" and tokens[j].text.upper() == "SILENT")
            or tokens[j].kind in ("iri", "var", "pname")
        ):
            j += 1
        if j >= len(tokens) or tokens[j].text != "{":
            continue
        depth, k = 0, j
        used: list[str] = []
        while k < len(tokens):
            t = tokens[k]
            if t.kind == "other" and t.text == "{":
                depth += 1
            elif t.kind == "other" and t.text == "}":
                depth -= 1
                if depth == 0:
                    break
            elif t.kind == "var" and t.text[1:] in values and t.text[1:] not in used:
                used.append(t.text[1:])
            k += 1
        if used:
            names = " ".join(f"?{v}" for v in used)
            row = " ".join(values[v] for v in used)
            inserts.append((tokens[j].start + 1, f" VALUES ({names}) {{ ({row}) }}"))
    for offset, snippet in reversed(inserts):
        text = text[:offset] + snippet + text[offset:]
    return text


def bind_at_top(text: str, values: dict[str, str]) -> str:
    """Add ``VALUES`` for the bound variables at the top of the query's WHERE group.

    Why: pyoxigraph 0.5 plans a variable bound through ``substitutions`` as if
    it were unbound, so ``region-indicators`` with ``?region`` substituted
    starts from all 72,000 observations of a 10,000-article build (0.44 s);
    given the same IRI in a VALUES block it starts from the region's 1,204
    (0.09 s). The substitution stays (it reaches sub-selects that project the
    variable); this only shows the planner the constant. Only variables the
    query mentions are added, so ``SELECT *`` gains no column. The values are
    terms serialised in N-Triples syntax by the caller, never raw user text.
    """
    mentioned = variables(text)
    used = [name for name in values if name in mentioned]
    if not used:
        return text
    depth, form, where = 0, None, False
    for token in _significant(tokenize(text)):
        if token.kind == "word" and depth == 0:
            word = token.text.upper()
            if word in QUERY_FORMS and form is None:
                form = word
            elif word == "WHERE":
                where = True
        elif token.kind == "other" and token.text == "{":
            # The WHERE group: after WHERE, or the first group of a form that
            # may leave WHERE out (a CONSTRUCT's first group is its template).
            if depth == 0 and form and (where or form != "CONSTRUCT"):
                names = " ".join(f"?{v}" for v in used)
                row = " ".join(values[v] for v in used)
                offset = token.start + 1
                return f"{text[:offset]} VALUES ({names}) {{ ({row}) }}{text[offset:]}"
            depth += 1
        elif token.kind == "other" and token.text == "}":
            depth -= 1
    return text
