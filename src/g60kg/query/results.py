"""Query results as values, and their output formats.

Rows hold pyoxigraph terms whichever engine answered (the rdflib engine
converts), so both engines print byte-identical output and the pyoxigraph path
never imports rdflib. Every writer prints a literal as the graph states it
(:func:`g60kg.graph.literals.published_lexical`): Oxigraph answers ``76200``
for the stored decimal ``76200.0``, and the output says ``76200.0``. The csv,
tsv, json and xml writers follow the W3C SPARQL 1.1 Query Results formats and
write the same bytes as pyoxigraph's own ``QuerySolutions.serialize`` but for
that (a test compares them); they are written here because the rdflib
engine's rows need them too, and rdflib's CSV writer is not the W3C one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph

from g60kg.errors import InputError
from g60kg.graph.literals import published_lexical
from g60kg.graph.ntriples import nt_lines
from g60kg.graph.turtle import turtle_bytes
from g60kg.namespaces import ANY_LOCAL, PREFIXES, XSD, PrefixedNames
from g60kg.query.options import GRAPH_FORMATS, SELECT_FORMATS

#: What ``-o FILE`` implies when ``--format`` is not given.
FORMAT_BY_SUFFIX = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".json": "json",
    ".srj": "json",
    ".xml": "xml",
    ".srx": "xml",
    ".md": "md",
    ".ttl": "ttl",
    ".nt": "nt",
    ".txt": "table",
}
#: Literals longer than this are cut with an ellipsis in table/md output.
CELL_WIDTH = 60


@dataclass
class Result:
    """The answer to one query.

    ``kind`` is ``select`` (``variables`` and ``rows``: tuples of pyoxigraph
    terms or None), ``ask`` (``boolean``) or ``graph`` (CONSTRUCT/DESCRIBE:
    ``triples`` of pyoxigraph Triples) or ``update`` (``triples`` is the
    graph after the update, ``message`` says what changed).
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Any] = field(default_factory=list)
    message: str = ""
    #: Things the user should know about how the answer was made (printed as "Note: ...").
    notes: list[str] = field(default_factory=list)
    #: Prefixes to print IRIs with: the project's, the data files', the query's.
    prefixes: dict[str, str] = field(default_factory=lambda: dict(PREFIXES))

    def is_empty(self) -> bool:
        """No rows, a false ASK or an empty graph: what ``--fail-on-empty`` turns into exit 1."""
        if self.kind == "ask":
            return not self.boolean
        if self.kind == "select":
            return not self.rows
        return not self.triples

    def summary(self) -> str:
        """The one line printed on stderr after the data: row or triple count, or what changed."""
        if self.message:
            return self.message
        if self.kind == "select":
            return f"{len(self.rows)} row{'' if len(self.rows) == 1 else 's'}"
        if self.kind == "ask":
            return ""  # stdout already says true or false
        n = len(set(self.triples))
        return f"{n} triple{'' if n == 1 else 's'}"

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts of terms (unbound variables left out), literals as the graph has them."""
        return [
            {v: _as_stated(t) for v, t in zip(self.variables, row, strict=True) if t is not None}
            for row in self.rows
        ]


# --- term helpers --------------------------------------------------------------------------


def _as_stated(term: Any) -> Any:
    """A literal with its published text (``76200.0``); other terms as they are."""
    if type(term) is not pyoxigraph.Literal:
        return term
    value = published_lexical(term)
    return term if value == term.value else pyoxigraph.Literal(value, datatype=term.datatype)


def term_kind(term: Any) -> str:
    """``uri``, ``bnode`` or ``literal`` (the W3C JSON names)."""
    name = type(term).__name__
    return {"NamedNode": "uri", "BlankNode": "bnode", "Literal": "literal"}.get(name, "triple")


def _lang(term: Any) -> str | None:
    return term.language or None


def _datatype(term: Any) -> str | None:
    dt = term.datatype.value
    if dt in (XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"):
        return None
    return dt


_SHORT_FORMS = {
    XSD + "integer": re.compile(r"[+-]?\d+"),
    XSD + "decimal": re.compile(r"[+-]?\d*\.\d+"),
    XSD + "double": re.compile(r"[+-]?(?:\d+\.\d*|\.\d+|\d+)[eE][+-]?\d+"),
    XSD + "boolean": re.compile(r"true|false"),
}


def ntriples(term: Any) -> str:
    """The term in N-Triples/Turtle syntax (what TSV cells hold)."""
    return str(term)


def _tsv_cell(term: Any) -> str:
    if term is None:
        return ""
    if term_kind(term) == "literal":
        term = _as_stated(term)
        pattern = _SHORT_FORMS.get(term.datatype.value)
        if pattern is not None and pattern.fullmatch(term.value):
            return term.value
    return str(term)


def _csv_value(term: Any) -> str:
    if term is None:
        return ""
    kind = term_kind(term)
    if kind == "bnode":
        return f"_:{term.value}"
    if kind == "triple":
        return str(term)
    if kind == "literal":
        return published_lexical(term)
    return term.value


def display(
    term: Any, prefixes: Mapping[str, str] | PrefixedNames, width: int | None = CELL_WIDTH
) -> str:
    """A human cell: IRIs compacted (never cut), literals as their text, long ones cut with '…'.

    ``prefixes`` may be a :class:`g60kg.namespaces.PrefixedNames` already
    made, which a table of many rows reuses.
    """
    if term is None:
        return ""
    kind = term_kind(term)
    if kind == "uri":
        if not isinstance(prefixes, PrefixedNames):
            prefixes = PrefixedNames(prefixes, ANY_LOCAL)
        text = prefixes(term.value) or f"<{term.value}>"
    elif kind == "bnode":
        text = f"_:{term.value}"
    elif kind == "literal":
        text = published_lexical(term).replace("\r", " ").replace("\n", " ").replace("\t", " ")
    else:
        text = str(term)
    if kind == "literal" and width is not None and len(text) > width:
        text = text[: width - 1] + "…"
    return text


# --- W3C formats -----------------------------------------------------------------------------


def to_csv(result: Result) -> bytes:
    """SPARQL 1.1 Query Results CSV (RFC 4180 quoting, CRLF line ends)."""
    if result.kind == "ask":
        return b"true" if result.boolean else b"false"
    lines = [",".join(_csv_field(v) for v in result.variables)]
    for row in result.rows:
        lines.append(",".join(_csv_field(_csv_value(t)) for t in row))
    return ("\r\n".join(lines) + "\r\n").encode()


def _csv_field(text: str) -> str:
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def to_tsv(result: Result) -> bytes:
    """SPARQL 1.1 Query Results TSV (terms in Turtle syntax, ``?var`` header)."""
    if result.kind == "ask":
        return b"true" if result.boolean else b"false"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join(_tsv_cell(t) for t in row))
    return ("\n".join(lines) + "\n").encode()


def _json_term(term: Any) -> dict[str, str]:
    kind = term_kind(term)
    if kind == "uri":
        return {"type": "uri", "value": term.value}
    if kind == "bnode":
        return {"type": "bnode", "value": term.value}
    if kind == "triple":
        return {"type": "triple", "value": str(term)}
    out = {"type": "literal", "value": published_lexical(term)}
    if _lang(term):
        out["xml:lang"] = term.language
    elif _datatype(term):
        out["datatype"] = term.datatype.value
    return out


def to_json(result: Result) -> bytes:
    """SPARQL 1.1 Query Results JSON."""
    if result.kind == "ask":
        payload: dict[str, Any] = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bindings = [
            {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows
        ]
        payload = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;"})


def _xml_text(text: str) -> str:
    # Not xml.sax.saxutils.escape: importing it pulls in urllib and http.client (80 ms).
    return text.translate(_XML_ESCAPES)


def _xml_term(term: Any) -> str:
    kind = term_kind(term)
    if kind == "uri":
        return f"<uri>{_xml_text(term.value)}</uri>"
    if kind == "bnode":
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if kind == "triple":
        return f"<literal>{_xml_text(str(term))}</literal>"
    if _lang(term):
        attr = f' xml:lang="{_xml_text(term.language)}"'
    elif _datatype(term):
        attr = f' datatype="{_xml_text(term.datatype.value)}"'
    else:
        attr = ""
    return f"<literal{attr}>{_xml_text(published_lexical(term))}</literal>"


def to_xml(result: Result) -> bytes:
    """SPARQL Query Results XML Format (second edition)."""
    head = '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
    if result.kind == "ask":
        value = "true" if result.boolean else "false"
        return f"{head}<head></head><boolean>{value}</boolean></sparql>".encode()
    parts = [head, "<head>"]
    parts += [f'<variable name="{_xml_text(v)}"/>' for v in result.variables]
    parts.append("</head><results>")
    for row in result.rows:
        parts.append("<result>")
        for v, t in zip(result.variables, row, strict=True):
            if t is not None:
                parts.append(f'<binding name="{_xml_text(v)}">{_xml_term(t)}</binding>')
        parts.append("</result>")
    parts.append("</results></sparql>")
    return "".join(parts).encode()


# --- human formats -----------------------------------------------------------------------------


def to_table(result: Result, prefixes: dict[str, str] | None = None, wide: bool = False) -> str:
    """Aligned columns with compacted IRIs; an ASK prints ``true``/``false``."""
    if result.kind == "ask":
        return "true\n" if result.boolean else "false\n"
    names = PrefixedNames(prefixes or PREFIXES, ANY_LOCAL)
    width = None if wide else CELL_WIDTH
    header = [f"?{v}" for v in result.variables]
    cells = [[display(t, names, width) for t in row] for row in result.rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(header), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    return "\n".join(out) + "\n"


def to_markdown(result: Result, prefixes: dict[str, str] | None = None, wide: bool = False) -> str:
    """A GitHub-flavoured Markdown table (pipes escaped), for pasting into documents."""
    if result.kind == "ask":
        return "true\n" if result.boolean else "false\n"
    names = PrefixedNames(prefixes or PREFIXES, ANY_LOCAL)
    width = None if wide else CELL_WIDTH

    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|")

    out = ["| " + " | ".join(result.variables) + " |"]
    out.append("| " + " | ".join("---" for _ in result.variables) + " |")
    for row in result.rows:
        out.append("| " + " | ".join(cell(display(t, names, width)) for t in row) + " |")
    return "\n".join(out) + "\n"


def graph_bytes(triples: Sequence[Any], fmt: str, prefixes: dict[str, str] | None = None) -> bytes:
    """CONSTRUCT/DESCRIBE output: sorted N-Triples, or the same as the project's Turtle.

    The Turtle declares only the prefixes the triples use, in the project's
    order, so equal answers give equal bytes.
    """
    lines = [_stated_line(line) for line in nt_lines(triples)]
    if fmt == "nt":
        return "".join(lines).encode()
    text = "".join(lines)
    used = {p: ns for p, ns in (prefixes or PREFIXES).items() if f"<{ns}" in text}
    return turtle_bytes(lines, used)


_WHOLE_DECIMAL = re.compile(r'"(-?\d+)"\^\^<http://www\.w3\.org/2001/XMLSchema#decimal> \.\n$')


def _stated_line(line: str) -> str:
    """An N-Triples line whose whole decimal object gets its published ``.0`` back."""
    if line.endswith("#decimal> .\n"):
        return _WHOLE_DECIMAL.sub(r'"\1.0"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n', line)
    return line


def render(
    result: Result, fmt: str, prefixes: dict[str, str] | None = None, wide: bool = False
) -> bytes:
    """The bytes of ``result`` in output format ``fmt`` (prefixes default to the result's)."""
    prefixes = prefixes or result.prefixes
    if result.kind in ("graph", "update"):
        return graph_bytes(result.triples, fmt if fmt == "nt" else "ttl", prefixes)
    writers = {"csv": to_csv, "tsv": to_tsv, "json": to_json, "xml": to_xml}
    if fmt in writers:
        return writers[fmt](result)
    if fmt == "md":
        return to_markdown(result, prefixes, wide).encode()
    return to_table(result, prefixes, wide).encode()


def resolve_format(result: Result, fmt: str | None, output: Path | None = None) -> str:
    """The output format: ``fmt``, else ``-o``'s extension, else table (Turtle for graphs).

    A graph result accepts ``ttl``/``nt`` (``table`` means Turtle); a SELECT or
    ASK result refuses them, naming the formats it has.
    """
    if fmt is None and output is not None:
        fmt = FORMAT_BY_SUFFIX.get(Path(output).suffix.lower())
    graph = result.kind in ("graph", "update")
    if fmt is None or (graph and fmt == "table"):
        return "ttl" if graph else "table"
    if graph and fmt not in GRAPH_FORMATS:
        raise InputError(f"--format {fmt}: CONSTRUCT/DESCRIBE/update results print as ttl or nt")
    if not graph and fmt not in SELECT_FORMATS:
        raise InputError(f"--format {fmt}: SELECT/ASK results print as {', '.join(SELECT_FORMATS)}")
    return fmt
