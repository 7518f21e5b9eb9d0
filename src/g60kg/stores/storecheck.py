"""Check published files for what makes triple stores refuse or mangle them.

rdflib accepts things stores do not: a file can parse at home and fail (or,
worse, load differently) in the store a user picked. This module reads the
Turtle family (``.ttl``, ``.nt``, ``.trig``, ``.nq``) with a small lexer that
keeps line numbers, and reports each construct below with the stores it
affects. It checks text, not a parsed graph, because the problems are in the
text: the same graph written differently loads fine.

What each store does. Measured here: Oxigraph 0.5 (pyoxigraph's strict
parser, in tests/test_storecheck.py) and Virtuoso 7.2.5 open source (Graph
Store Protocol PUT of one-statement N-Triples files, by hand; see the README).
Jena (Fuseki), RDF4J (GraphDB) and Blazegraph: from their manuals and bug
trackers, not run here.

* **relative IRI** (``<foo>``): Oxigraph refuses it without a base IRI;
  Virtuoso resolves it against the graph IRI (measured: ``<relative>`` became
  ``<http://e.org/relative>``); Jena, RDF4J and Blazegraph resolve it against
  their own base (file path, request URL). The same file names different
  things in different stores.
* **unencoded characters in an IRI** (space, ``<>"{}|^`\\``): outside the
  Turtle/N-Triples grammar. Oxigraph refuses the file; Virtuoso refuses a
  space (HTTP 500) but stores ``{}|`` as written; Jena's RIOT reports "Bad IRI"
  and refuses spaces; RDF4J refuses spaces. Stored as written, such an IRI
  matches nothing written correctly elsewhere.
* **ill-typed literal** (``"2024"^^xsd:date``, ``"1,5"^^xsd:decimal``, bad
  ``xsd:integer``/``boolean``/``dateTime``/``gYear``): Oxigraph and Jena load
  it as an ill-typed literal that comparisons and ``ORDER BY`` skip. Virtuoso
  loads it and silently changes values (measured: ``"2024"^^xsd:date`` became
  2024-01-01, ``"12.0"^^xsd:integer`` 12, ``"23"^^xsd:gYear`` 0023; a comma
  decimal, ``"yes"`` boolean or a dateTime with a space stay as written).
  Blazegraph inlines numbers and dates and fails on bad ones; GraphDB fails
  when datatype verification is on.
* **malformed language tag** (not BCP 47: ``@en_US``, ``@abcdefghij``):
  Oxigraph refuses it; Virtuoso refuses the request (HTTP 500, measured);
  RDF4J (GraphDB) refuses it by default; Jena warns and loads it.
* **prefix declaration after the first triple**: valid Turtle that every
  parser accepts, but it breaks the usual way of loading a big file in
  parallel (``split`` it into chunks for Virtuoso ``ld_dir``, GraphDB
  ``importrdf``, Neptune's bulk loader) and naive concatenation: chunks after
  the first lack the prefix. A finding for every store.
* **blank node** (``_:b``, ``[]``): valid, but every load mints new nodes, so
  a second ``--append`` load duplicates them in every store, chunked SPARQL
  Update loads split them, and the project promises no blank nodes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from g60kg.errors import InputError
from g60kg.graph.formats import LINE_FORMATS, format_of
from g60kg.graph.outputs import current_outputs
from g60kg.namespaces import XSD

ALL_STORES = ("oxigraph", "fuseki", "graphdb", "virtuoso", "blazegraph")

#: rule -> (what it is, the stores it breaks). See the module docstring for how.
RULES: dict[str, tuple[str, tuple[str, ...]]] = {
    "relative-iri": (
        "relative IRI (resolved against a store-dependent base, or refused)",
        ALL_STORES,
    ),
    "unencoded-iri": (
        "IRI with an unencoded character",
        ("oxigraph", "fuseki", "graphdb", "virtuoso", "blazegraph"),
    ),
    "ill-typed-literal": (
        "ill-typed literal (Virtuoso changes its value; oxigraph and Fuseki keep it, "
        "but comparisons skip it)",
        ("virtuoso", "blazegraph", "graphdb"),
    ),
    "language-tag": (
        "malformed language tag (not BCP 47)",
        ("oxigraph", "virtuoso", "graphdb"),
    ),
    "late-prefix": (
        "prefix declaration after the first triple (breaks split/parallel bulk loads)",
        ALL_STORES,
    ),
    "blank-node": ("blank node (duplicated on reload, split by chunked loads)", ALL_STORES),
}

_BAD_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")

# BCP 47 (RFC 5646) well-formed tags, without the irregular grandfathered list.
_LANGTAG = re.compile(
    r"""^(?:
      (?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})   # language (+extlang)
      (?:-[A-Za-z]{4})?                                      # script
      (?:-(?:[A-Za-z]{2}|[0-9]{3}))?                         # region
      (?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*         # variants
      (?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*          # extensions
      (?:-x(?:-[A-Za-z0-9]{1,8})+)?                          # private use
    |x(?:-[A-Za-z0-9]{1,8})+)$""",
    re.VERBOSE,
)

_TZ = r"(?:Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))?"
_DATE = r"-?(?:[1-9]\d{4,}|\d{4})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
_INTEGER = re.compile(r"[+-]?\d+")
_LEXICAL: dict[str, re.Pattern[str]] = {
    "date": re.compile(_DATE + _TZ),
    "dateTime": re.compile(_DATE + r"T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?" + _TZ),
    "gYear": re.compile(r"-?(?:[1-9]\d{4,}|\d{4})" + _TZ),
    "gYearMonth": re.compile(r"-?(?:[1-9]\d{4,}|\d{4})-(?:0[1-9]|1[0-2])" + _TZ),
    "decimal": re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"),
    "integer": _INTEGER,
    "int": _INTEGER,
    "long": _INTEGER,
    "nonNegativeInteger": re.compile(r"\+?\d+|-0+"),
    "positiveInteger": re.compile(r"\+?0*[1-9]\d*"),
    "boolean": re.compile(r"true|false|1|0"),
    "double": re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?INF|NaN"),
    "float": re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?INF|NaN"),
}
_DAYS = {2: 29, 4: 30, 6: 30, 9: 30, 11: 30}


@dataclass(frozen=True)
class StoreFinding:
    """One construct in one file that a store would refuse or load differently."""

    path: Path
    line: int
    rule: str
    detail: str
    stores: tuple[str, ...]

    def __str__(self) -> str:
        what = RULES[self.rule][0]
        return f"{self.path}:{self.line}: {what}: {self.detail} [breaks: {', '.join(self.stores)}]"


# --------------------------------------------------------------------------- lexer

_TOKEN = re.compile(
    r"""
    (?P<ws>[ \t\r\n]+)
  | (?P<comment>\#[^\n]*)
  | (?P<iri><[^>\n]*>)
  | (?P<long>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')
  | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<lang>@[^\s;,.()\[\]{}<>"]+(?:\.[^\s;,.()\[\]{}<>"]+)*)
  | (?P<caret>\^\^)
  | (?P<bnode>_:[^\s;,()\[\]{}<>"]*[^\s;,.()\[\]{}<>"]|\[)
  | (?P<punct>[.;,()\]{}])
  | (?P<word>[^\s;,()\[\]{}<>"'#^]+?(?=[\s;,()\[\]{}<>"'#^]|\.(?:\s|$)|$))
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass
class _Token:
    kind: str
    text: str
    line: int


def _tokens(text: str) -> Iterator[_Token]:
    line = 1
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        value = match.group()
        if kind not in ("ws", "comment"):
            yield _Token(kind, value, line)
        line += value.count("\n")


def _expand(name: str, prefixes: dict[str, str]) -> str | None:
    if name.startswith("<"):
        return name[1:-1]
    prefix, sep, local = name.partition(":")
    if not sep or prefix not in prefixes:
        return None
    return prefixes[prefix] + local.replace("\\", "")


def _valid_date_parts(lexical: str) -> bool:
    match = re.match(r"-?(\d{4,})-(\d{2})-(\d{2})", lexical)
    if not match:
        return True
    year, month, day = (int(g) for g in match.groups())
    limit = _DAYS.get(month, 31)
    if month == 2 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        limit = 28
    return day <= limit


def _literal_value(token: _Token) -> str:
    text = token.text
    quote = 3 if token.kind == "long" else 1
    return text[quote:-quote]


def _check_text(path: Path, text: str) -> Iterator[StoreFinding]:
    prefixes: dict[str, str] = {}
    seen_triple = False
    tokens = list(_tokens(text))
    index = 0
    while index < len(tokens):
        token = tokens[index]
        lowered = token.text.lower()
        if (token.kind == "lang" and lowered in ("@prefix", "@base")) or (
            token.kind == "word" and lowered in ("prefix", "base")
        ):
            is_prefix = lowered.lstrip("@") == "prefix"
            if seen_triple:
                yield _finding(path, token.line, "late-prefix", token.text)
            if is_prefix and index + 2 < len(tokens):
                name = tokens[index + 1].text.rstrip(":")
                iri = tokens[index + 2]
                if iri.kind == "iri":
                    prefixes[name] = iri.text[1:-1]
                    yield from _check_iri(path, iri)
                index += 3
            else:
                if index + 1 < len(tokens) and tokens[index + 1].kind == "iri":
                    yield from _check_iri(path, tokens[index + 1])
                index += 2
            if index < len(tokens) and tokens[index].text == "." and lowered.startswith("@"):
                index += 1
            continue
        if token.kind == "iri":
            seen_triple = True
            yield from _check_iri(path, token)
        elif token.kind == "bnode":
            seen_triple = True
            yield _finding(path, token.line, "blank-node", token.text)
        elif token.kind in ("string", "long"):
            seen_triple = True
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if following is not None and following.kind == "lang":
                tag = following.text[1:]
                if not _LANGTAG.match(tag):
                    yield _finding(path, following.line, "language-tag", f"@{tag}")
                index += 2
                continue
            if following is not None and following.kind == "caret" and index + 2 < len(tokens):
                datatype_token = tokens[index + 2]
                if datatype_token.kind == "iri":
                    yield from _check_iri(path, datatype_token)
                datatype = _expand(datatype_token.text, prefixes)
                yield from _check_literal(path, token, datatype)
                index += 3
                continue
        elif token.kind == "word" and ":" in token.text:
            seen_triple = True
        index += 1


def _finding(path: Path, line: int, rule: str, detail: str) -> StoreFinding:
    return StoreFinding(path=path, line=line, rule=rule, detail=detail, stores=RULES[rule][1])


def _check_iri(path: Path, token: _Token) -> Iterator[StoreFinding]:
    iri = token.text[1:-1]
    bad = sorted(set(_BAD_IRI_CHARS.findall(iri)))
    if bad:
        shown = ", ".join(repr(ch) for ch in bad)
        yield _finding(path, token.line, "unencoded-iri", f"{token.text} contains {shown}")
    if not _SCHEME.match(iri):
        yield _finding(path, token.line, "relative-iri", token.text)


def _check_literal(path: Path, token: _Token, datatype: str | None) -> Iterator[StoreFinding]:
    if datatype is None or not datatype.startswith(XSD):
        return
    name = datatype[len(XSD) :]
    pattern = _LEXICAL.get(name)
    if pattern is None:
        return
    value = _literal_value(token)
    if not pattern.fullmatch(value) or (
        name in ("date", "dateTime") and not _valid_date_parts(value)
    ):
        yield _finding(path, token.line, "ill-typed-literal", f'"{value}"^^xsd:{name}')


def check_file(path: Path) -> list[StoreFinding]:
    """Findings for one Turtle, TriG, N-Triples or N-Quads file, in line order."""
    path = Path(path)
    if format_of(path) not in LINE_FORMATS:
        raise InputError(
            f"{path}: cannot check {path.suffix or 'files without a suffix'}; "
            "check the .nt or .ttl of the same build"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 (byte {exc.start})") from None
    return sorted(_check_text(path, text), key=lambda f: (f.line, f.rule, f.detail))


def check_files(paths: Iterable[Path]) -> list[StoreFinding]:
    """Findings for every file, file by file: empty when every store will load them alike."""
    findings: list[StoreFinding] = []
    for path in paths:
        findings.extend(check_file(Path(path)))
    return findings


def published_files(build_dir: Path) -> list[Path]:
    """The checkable files the latest build published (Turtle, N-Triples, TriG, VoID)."""
    outputs = current_outputs(build_dir)
    return [outputs[fmt] for fmt in ("ttl", "nt", "trig", "void") if fmt in outputs]


def render(findings: list[StoreFinding]) -> str:
    """The text report: one line per finding, then a count."""
    lines = [str(finding) for finding in findings]
    lines.append(
        f"stores: {len(findings)} finding(s)" if findings else "stores: no known load problems"
    )
    return "\n".join(lines)


def to_dicts(findings: list[StoreFinding]) -> list[dict[str, object]]:
    """Findings as JSON-ready dictionaries."""
    return [
        {
            "file": str(f.path),
            "line": f.line,
            "rule": f.rule,
            "detail": f.detail,
            "stores": list(f.stores),
        }
        for f in findings
    ]
