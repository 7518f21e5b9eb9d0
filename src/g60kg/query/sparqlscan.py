"""A SPARQL tokenizer for the safety checks made before any engine sees a query.

Why not a substring search: ``"SERVICE"`` inside a string, a comment, an IRI
(``<http://ex/SERVICE>``), a variable (``?service``) or a local name
(``ex:service``) is no SERVICE clause, and a query must not be refused (or,
worse, let through) because of one. Why not a full parser: pyoxigraph exposes
no query algebra, and rdflib's parser costs 100 ms of imports on the fast path.

The guard must read a query as every engine that may run it does, or a
difference between the two readings hides a clause (found once: ``ex:p\\#q``, a
name with an escaped ``#``, was taken for the start of a comment that hid the
SERVICE clause after it). So:

* the token classes follow the SPARQL 1.1 grammar's terminals (IRIREF with
  its ``\\u`` escapes, the four string forms with their escapes, PNAME_LN with
  PN_LOCAL_ESC and PERCENT, BLANK_NODE_LABEL, VAR1/VAR2, LANGTAG, comments,
  the four whitespace characters), except that any non-ASCII character counts
  as a name character (see ``_chars`` why that hides nothing);
* the text is read in up to three *views* (:func:`views`): as written (what
  pyoxigraph and the oxigraph server parse: they expand ``\\u`` escapes only
  inside IRIs and strings); with ``\\u``/``\\U`` escapes expanded first, as the
  SPARQL spec says (section 19.2); and expanded the way rdflib 7 does it
  (``\\u`` or ``\\U``, then 4 *or* 8 hex digits). A keyword counts when any
  view shows it;
* oxigraph's parser matches keywords without a word boundary (``?s ?p
  trueSERVICE <x> {}`` runs as ``true SERVICE <x> {}``; ``SERVICE:x {}`` and
  ``SERVICEex:p {}`` call the endpoint ``:x`` or ``ex:p``), and rdflib splits
  ``SERVICE:x`` too. So a word, or the prefix part of a prefixed name, that
  *contains* SERVICE or LOAD (any case) counts as one. This also refuses a
  prefix named ``download:``: the price of not guessing.

:func:`scan` also measures what crashes the engines before they can refuse a
query: nesting and long chains (see ``MAX_DEPTH`` and ``MAX_WEIGHT``).
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple


def _chars(ascii_allowed: str) -> str:
    """A character class: ``ascii_allowed`` and every non-ASCII character.

    Why every non-ASCII character rather than the grammar's exact ranges
    (PN_CHARS_BASE and the rest, section 19.8): outside strings, IRIs and
    comments a non-ASCII character is valid only inside a name, so where the
    grammar excludes one (``\u00d7``, ``\u2190``...) the engines stop with a
    syntax error; taking it into the name hides nothing that could run. And
    the exact ranges cost 50 ms of regex compilation on every ``g60kg query``.
    """
    excluded = [c for c in range(128) if chr(c) not in ascii_allowed]
    ranges: list[str] = []
    for code in excluded:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    body = "".join(f"\\x{a:02x}" if a == b else f"\\x{a:02x}-\\x{b:02x}" for a, b in ranges)
    return f"[^{body}]"


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_DIGITS = "0123456789"
# The SPARQL 1.1 grammar's classes (section 19.8), non-ASCII taken whole (see _chars).
_PN_CHARS_BASE = _chars(_LETTERS)
_PN_CHARS_U = _chars(_LETTERS + "_")
_PN_CHARS = _chars(_LETTERS + "_-" + _DIGITS)
_PN_CHARS_DOT = _chars(_LETTERS + "_-." + _DIGITS)
_VARNAME_START = _chars(_LETTERS + "_" + _DIGITS)
_LOCAL_START = _chars(_LETTERS + "_:" + _DIGITS)
_LOCAL_MIDDLE = _chars(_LETTERS + "_-.:" + _DIGITS)
_LOCAL_END = _chars(_LETTERS + "_-:" + _DIGITS)
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PN_PREFIX = f"{_PN_CHARS_BASE}(?:{_PN_CHARS_DOT}*{_PN_CHARS})?"
_PN_LOCAL = f"(?:{_LOCAL_START}|{_PLX})(?:(?:{_LOCAL_MIDDLE}|{_PLX})*(?:{_LOCAL_END}|{_PLX}))?"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ECHAR = r"\\."  # ECHAR and UCHAR; a wrong escape is the engine's syntax error
_STRINGS = "|".join(
    [
        f'"""(?:(?:"|"")?(?:[^"\\\\]++|{_ECHAR}))*+"""',
        f"'''(?:(?:'|'')?(?:[^'\\\\]++|{_ECHAR}))*+'''",
        f'"(?:[^"\\\\\\n\\r]++|{_ECHAR})*+"',
        f"'(?:[^'\\\\\\n\\r]++|{_ECHAR})*+'",
    ]
)
_NUMBER = r"[+-]?(?:[0-9]+\.?[0-9]*(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)"

# Order matters where two classes start alike: a string before anything, an
# IRI before the ``<`` operator, a blank node and a prefixed name before a word.
_TOKEN = re.compile(
    "|".join(
        [
            r"(?P<ws>[\x20\t\r\n]++)",
            r"(?P<comment>#[^\n\r]*+)",
            f"(?P<string>{_STRINGS})",
            f'(?P<iri><(?:[^<>"{{}}|^`\\\\\\x00-\\x20]++|{_UCHAR})*+>)',
            f"(?P<var>[?$]{_VARNAME_START}{_VARNAME_START}*+)",
            r"(?P<lang>@[A-Za-z]++(?:-[A-Za-z0-9]++)*+)",
            f"(?P<bnode>_:{_VARNAME_START}(?:{_PN_CHARS_DOT}*{_PN_CHARS})?)",
            f"(?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)",
            f"(?P<number>{_NUMBER})",
            f"(?P<word>{_PN_CHARS_U}{_VARNAME_START}*+)",
            r"(?P<op>&&|\|\||!=|<=|>=|\^\^|[!+\-*/|^=<>])",
            r"(?P<other>.)",
        ]
    ),
    re.DOTALL,
)

QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
UPDATE_FORMS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
#: Keywords that make an engine reach out to the network.
OUTBOUND = ("SERVICE", "LOAD")
#: The Wikidata Query Service endpoint that federated stored queries name.
WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"

#: Deepest nesting of ( { [ a query may have. pyoxigraph segfaults from 3,000
#: (braces) to 5,000 (parentheses) deep; the oxigraph server aborts at 1,000
#: (its request threads have 2 MiB stacks); and parsing slows steeply before
#: that (a list nested 200 deep takes 8 s to parse, 300 deep 30 s, 100 deep
#: 1.3 s). 100 is a tenth of the first crash; the stored queries nest 7 deep.
MAX_DEPTH = 100
#: Most weight a query may have outside VALUES and INSERT/DELETE DATA blocks,
#: where each token counts 1 and a ``!`` or a signed number 2 (it makes a level
#: of nesting by itself). The engines turn chains into left-deep trees and
#: recurse on them: the oxigraph server aborts on 800 BINDs in one group (4,800
#: tokens) or 2,000 ``+`` (4,000 tokens), pyoxigraph on 10,000 ``!``. So 2,000
#: is half the lightest crash measured; the stored queries weigh under 400.
MAX_WEIGHT = 2000


# Named tuples, not dataclasses: each dataclass costs 0.5-2 ms at import on every query.
class Token(NamedTuple):
    """One lexical token: its class (``ws``, ``iri``, ``var``...), text and offset."""

    kind: str
    text: str
    start: int


def tokenize(text: str) -> list[Token]:
    """Split SPARQL text into tokens; never fails (unknown characters are ``other``)."""
    return list(_tokens(text))


@functools.lru_cache(maxsize=8)
def _tokens(text: str) -> tuple[Token, ...]:
    # Cached: one run of `g60kg query` asks for the tokens of one text many times.
    return tuple(Token(m.lastgroup or "other", m.group(), m.start()) for m in _TOKEN.finditer(text))


# --- views ------------------------------------------------------------------------------

_SPEC_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# rdflib 7.6, plugins/sparql/parser.py: expandUnicodeEscapes, ``\\u([0-9a-f]{4}(?:[0-9a-f]{4})?)``
# compiled with re.I; spelt out here, as re.I costs 12 ms to compile on every query.
_RDFLIB_UCHAR = re.compile(r"\\[uU]([0-9a-fA-F]{4}(?:[0-9a-fA-F]{4})?)")


def expand_codepoint_escapes(text: str) -> str:
    """``\\uXXXX`` and ``\\UXXXXXXXX`` replaced by their characters, in one pass (SPARQL 19.2)."""

    def expand(match: re.Match[str]) -> str:
        code = int(match[1] or match[2], 16)
        return chr(code) if code <= 0x10FFFF else match[0]

    return _SPEC_UCHAR.sub(expand, text)


def _rdflib_expanded(text: str) -> str | None:
    """The text as rdflib's parser sees it; None when rdflib refuses it (bad code point)."""
    try:
        return _RDFLIB_UCHAR.sub(lambda m: chr(int(m[1], 16)), text)
    except (ValueError, OverflowError):
        return None


def views(text: str) -> list[str]:
    """The readings of ``text`` the engines may parse: as written, spec-expanded, rdflib's."""
    found = [text]
    if "\\" in text:
        for view in (expand_codepoint_escapes(text), _rdflib_expanded(text)):
            if view is not None and view not in found:
                found.append(view)
    return found


# --- the guard's scan ---------------------------------------------------------------------


class Scan(NamedTuple):
    """What the guard needs to know of a request, over all its views.

    ``outbound`` lists ``(keyword, how it was written)`` for each SERVICE or
    LOAD any view shows; ``endpoint`` texts follow SERVICE where one does.
    """

    form: str | None
    update: bool
    outbound: tuple[tuple[str, str], ...]
    depth: int
    weight: int

    def calls(self, keyword: str) -> list[str]:
        """How each occurrence of ``keyword`` (SERVICE or LOAD) was written."""
        return [spelling for word, spelling in self.outbound if word == keyword]


def scan(text: str) -> Scan:
    """Form, update or not, SERVICE/LOAD occurrences, nesting depth and weight of ``text``."""
    outbound: list[tuple[str, str]] = []
    depth = weight = 0
    update = False
    for view in views(text):
        tokens = _significant(_tokens(view))
        update = update or query_form(view) in UPDATE_FORMS
        for keyword, spelling in _outbound(tokens):
            if (keyword, spelling) not in outbound:
                outbound.append((keyword, spelling))
        view_depth, view_weight = _measure(tokens)
        depth, weight = max(depth, view_depth), max(weight, view_weight)
    return Scan(query_form(text), update, tuple(outbound), depth, weight)


def _outbound(tokens: list[Token]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for i, token in enumerate(tokens):
        if token.kind == "word":
            name = token.text.upper()
        elif token.kind == "pname":
            name = token.text.partition(":")[0].upper()
        else:
            continue
        for keyword in OUTBOUND:
            if keyword not in name:
                continue
            if token.kind == "word" and name == keyword:
                # Name the endpoint (or the IRI LOAD reads) when the next tokens give it.
                following = [t.text for t in tokens[i + 1 : i + 3]]
                if following and following[0].upper() == "SILENT":
                    following = following[1:]
                spelling = f"{token.text} {following[0]}" if following else token.text
            else:
                spelling = token.text
            found.append((keyword, spelling))
    return found


_OPEN, _CLOSE = "([{", ")]}"


def _measure(tokens: list[Token]) -> tuple[int, int]:
    """Deepest bracket nesting and weight (see MAX_WEIGHT) of significant tokens.

    Brackets inside IRI tokens count too: ``?a<((((1))))>?b`` is an IRI to this
    tokenizer but a comparison of nested parentheses to the engine.
    """
    depth = deepest = weight = 0
    data_level: int | None = None  # depth at which a VALUES or DATA block opened
    pending_data = False
    previous = ""
    for token in tokens:
        text = token.text
        if token.kind == "iri":
            for char in text:
                if char in _OPEN:
                    depth += 1
                    deepest = max(deepest, depth)
                elif char in _CLOSE:
                    depth -= 1
        elif token.kind == "other" and text in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
            if pending_data and text == "{" and data_level is None:
                data_level, pending_data = depth, False
        elif token.kind == "other" and text in _CLOSE:
            if data_level is not None and depth == data_level and text == "}":
                data_level = None
            depth -= 1
        if token.kind == "word":
            word = text.upper()
            if word == "VALUES" or (word == "DATA" and previous in ("INSERT", "DELETE")):
                pending_data = True
            previous = word
        else:
            previous = ""
        if data_level is None:
            heavy = text == "!" or (token.kind == "number" and text[0] in "+-")
            weight += 2 if heavy else 1
    return deepest, weight


def _significant(tokens: list[Token] | tuple[Token, ...]) -> list[Token]:
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
    """True for a SPARQL 1.1 Update request (INSERT, DELETE, LOAD, DROP, ...) in any view."""
    return any(query_form(view) in UPDATE_FORMS for view in views(text))


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


_PAGED_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE"})


def window(text: str, limit: int | None = None, offset: int | None = None) -> str:
    """The query cut to ``limit`` rows after the first ``offset`` of those it answers now.

    Why in the query and not on the rows: the engine, or the store over HTTP,
    then computes and sends the window only (it stops after it, and with ORDER
    BY it may keep only the top rows). Why the query's own LIMIT and OFFSET
    are rewritten, not the query wrapped in ``SELECT * { ... }``: a
    sub-select's rows are a multiset in the SPARQL algebra, so its ORDER BY
    need not survive, and ``FROM`` may not stand in one. The window asked
    for applies within the query's own, so the answer is their intersection:
    ``LIMIT 10 OFFSET 5`` with ``offset=3, limit=20`` gives ``LIMIT 7 OFFSET
    8``. Only the outermost clause is touched (one nested in braces belongs
    to a sub-select); a CONSTRUCT or DESCRIBE is cut in the solutions its
    template is filled from. Raises ValueError for an ASK or an update, and
    for a negative number.
    """
    if (limit is not None and limit < 0) or (offset is not None and offset < 0):
        raise ValueError("--limit and --offset take a number of rows, 0 or more")
    form = query_form(text)
    if form not in _PAGED_FORMS:
        raise ValueError(
            f"--limit and --offset page a SELECT, CONSTRUCT or DESCRIBE, not {form or 'this'}"
        )
    tokens = _significant(tokenize(text))
    depth = 0
    found: dict[str, int] = {}
    cut: list[tuple[int, int]] = []  # spans of text to remove
    values_at: int | None = None
    for i, token in enumerate(tokens):
        if token.kind == "other" and token.text in _OPEN:
            depth += 1
        elif token.kind == "other" and token.text in _CLOSE:
            depth -= 1
        elif depth == 0 and token.kind == "word":
            word = token.text.upper()
            if word in ("LIMIT", "OFFSET") and i + 1 < len(tokens):
                number = tokens[i + 1]
                if number.kind != "number" or not number.text.isdigit():
                    raise ValueError(f"the query's {word} is not a whole number: {number.text}")
                found[word] = int(number.text)
                cut.append((token.start, number.start + len(number.text)))
            elif word == "VALUES" and values_at is None:
                values_at = token.start  # the trailing VALUES clause, after the modifiers
    own_offset, own_limit = found.get("OFFSET", 0), found.get("LIMIT")
    start = own_offset + (offset or 0)
    ends = [own_offset + own_limit] if own_limit is not None else []
    if limit is not None:
        ends.append(start + limit)
    clause = ""
    if ends:
        clause += f" LIMIT {max(0, min(ends) - start)}"
    if start:
        clause += f" OFFSET {start}"
    if cut:
        at = cut[0][0]
    elif values_at is not None:
        at = values_at
    else:
        at, clause = len(text), "\n" + clause  # after a final comment, on a line of its own
    pieces, last = [], 0
    for begin, end in sorted([*cut, (at, at)]):
        pieces.append(text[last:begin])
        if begin == at and end == at:
            pieces.append(clause + " ")
        last = max(last, end)
    pieces.append(text[last:])
    return "".join(pieces)
