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

Every writer but the aligned table streams: :func:`write` takes an
:class:`Answer`, whose rows arrive as the engine (or the store, over HTTP)
yields them, and writes each batch of rows before it asks for the next, so an
export of 72,000 observations never holds them all. A table must know its
column widths first: on a terminal it shows the first rows and says how many
followed, as ``head`` would; elsewhere it gathers every row.
"""

from __future__ import annotations

import io
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

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
#: Rows a writer formats before it writes them out: few enough to hold, many
#: enough that one write per row does not cost more than the formatting.
WRITE_BATCH = 512


#: The fields of :class:`Result` and :class:`Answer`, in the order their constructors take them.
FIELDS = ("kind", "variables", "rows", "boolean", "triples", "message", "notes", "prefixes")


class _Fields:
    """The constructor, ``repr`` and ``==`` :class:`Result` and :class:`Answer` share.

    Written out, as ``@dataclass`` would make them, because the dataclasses
    module and the two classes cost about 2 ms of every query's start (of
    about 85; benchmarks/README.md). A field left out gets a new empty value
    (a new list, a copy of the project's prefixes), never a shared one.
    """

    kind: str
    variables: list[str]
    boolean: bool | None
    triples: list[Any]
    message: str
    #: Things the user should know about how the answer was made (printed as "Note: ...").
    notes: list[str]
    #: Prefixes to print IRIs with: the project's, the data files', the query's.
    prefixes: dict[str, str]

    def __init__(
        self,
        kind: str,
        variables: list[str] | None = None,
        rows: Any = None,
        boolean: bool | None = None,
        triples: list[Any] | None = None,
        message: str = "",
        notes: list[str] | None = None,
        prefixes: dict[str, str] | None = None,
    ) -> None:
        self.kind = kind
        self.variables = [] if variables is None else variables
        self.rows = self._no_rows() if rows is None else rows
        self.boolean = boolean
        self.triples = [] if triples is None else triples
        self.message = message
        self.notes = [] if notes is None else notes
        self.prefixes = dict(PREFIXES) if prefixes is None else prefixes

    @staticmethod
    def _no_rows() -> Any:
        return []

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in FIELDS)
        return f"{type(self).__name__}({fields})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in FIELDS)

    __hash__ = None  # type: ignore[assignment]  # mutable, as a dataclass with eq


class Result(_Fields):
    """The answer to one query.

    ``kind`` is ``select`` (``variables`` and ``rows``: tuples of pyoxigraph
    terms or None), ``ask`` (``boolean``) or ``graph`` (CONSTRUCT/DESCRIBE:
    ``triples`` of pyoxigraph Triples) or ``update`` (``triples`` is the
    graph after the update, ``message`` says what changed). The constructor
    takes the fields in the order of :data:`FIELDS`, all but ``kind``
    optional.
    """

    rows: list[tuple[Any, ...]]

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


class Answer(_Fields):
    """The answer to one query as it is computed: ``rows`` is an iterator, read once.

    The fields are those of :class:`Result`; a SELECT's ``rows`` come as the
    engine yields them (without ORDER BY, pyoxigraph computes each when it is
    asked for), so a caller that writes each row before it takes the next
    holds one batch at a time. ``collect()`` gives the :class:`Result` value.
    """

    rows: Iterator[tuple[Any, ...]]

    @staticmethod
    def _no_rows() -> Any:
        return iter(())

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return self.rows

    def records(self) -> Iterator[dict[str, Any]]:
        """Rows as dicts of terms (unbound variables left out), as :meth:`Result.records`."""
        for row in self.rows:
            yield {
                v: _as_stated(t) for v, t in zip(self.variables, row, strict=True) if t is not None
            }

    def collect(self) -> Result:
        """Every row read into a :class:`Result`."""
        return Result(**{**_shared_fields(self), "rows": list(self.rows)})

    @classmethod
    def of(cls, result: Result) -> Answer:
        """The answer of a :class:`Result` already collected."""
        return cls(**{**_shared_fields(result), "rows": iter(result.rows)})

    def summary(self, count: int) -> str:
        """The stderr line after ``count`` rows (or triples) were written: as Result says it."""
        if self.message:
            return self.message
        if self.kind == "ask":
            return ""
        noun = "row" if self.kind == "select" else "triple"
        return f"{count} {noun}{'' if count == 1 else 's'}"


def _shared_fields(value: Result | Answer) -> dict[str, Any]:
    return {name: getattr(value, name) for name in FIELDS if name != "rows"}


# --- term helpers --------------------------------------------------------------------------


def _as_stated(term: Any) -> Any:
    """A literal with its published text (``76200.0``); other terms as they are."""
    if type(term) is not pyoxigraph.Literal:
        return term
    value = published_lexical(term)
    return term if value == term.value else pyoxigraph.Literal(value, datatype=term.datatype)


_KINDS = {pyoxigraph.NamedNode: "uri", pyoxigraph.BlankNode: "bnode", pyoxigraph.Literal: "literal"}


def term_kind(term: Any) -> str:
    """``uri``, ``bnode`` or ``literal`` (the W3C JSON names)."""
    return _KINDS.get(type(term), "triple")


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
    if type(term) is pyoxigraph.Literal:
        term = _as_stated(term)
        pattern = _SHORT_FORMS.get(term.datatype.value)
        if pattern is not None and pattern.fullmatch(term.value):
            return term.value
    return str(term)


def _csv_value(term: Any) -> str:
    if term is None:
        return ""
    kind = type(term)
    if kind is pyoxigraph.NamedNode:
        return term.value
    if kind is pyoxigraph.Literal:
        return published_lexical(term)
    if kind is pyoxigraph.BlankNode:
        return f"_:{term.value}"
    return str(term)


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
#
# Each format is a generator of text pieces: the head, one piece per row, the
# tail. ``to_*`` joins them for a Result; :func:`write` sends them to a file in
# batches as the rows come.

Rows = Iterable[Sequence[Any]]


def _csv_pieces(variables: Sequence[str], rows: Rows) -> Iterator[str]:
    yield ",".join(_csv_field(v) for v in variables) + "\r\n"
    # What _csv_field(_csv_value(term)) does, spelt out for the two common
    # kinds of term: an export of 72,000 rows has a million cells, and two
    # calls less per cell write it 20 % faster.
    named, literal, quoted = pyoxigraph.NamedNode, pyoxigraph.Literal, _CSV_QUOTED
    for row in rows:
        cells = []
        for term in row:
            kind = type(term)
            if kind is literal:
                text = published_lexical(term)
            elif kind is named:
                text = term.value
            else:
                text = _csv_value(term)
            cells.append('"' + text.replace('"', '""') + '"' if quoted(text) else text)
        yield ",".join(cells) + "\r\n"


def to_csv(result: Result) -> bytes:
    """SPARQL 1.1 Query Results CSV (RFC 4180 quoting, CRLF line ends)."""
    if result.kind == "ask":
        return _boolean(result.boolean)
    return "".join(_csv_pieces(result.variables, result.rows)).encode()


def _boolean(value: bool | None) -> bytes:
    return b"true" if value else b"false"


_CSV_QUOTED = re.compile('[,"\r\n]').search


def _csv_field(text: str) -> str:
    if _CSV_QUOTED(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def _tsv_pieces(variables: Sequence[str], rows: Rows) -> Iterator[str]:
    yield "\t".join(f"?{v}" for v in variables) + "\n"
    for row in rows:
        yield "\t".join([_tsv_cell(t) for t in row]) + "\n"


def to_tsv(result: Result) -> bytes:
    """SPARQL 1.1 Query Results TSV (terms in Turtle syntax, ``?var`` header)."""
    if result.kind == "ask":
        return _boolean(result.boolean)
    return "".join(_tsv_pieces(result.variables, result.rows)).encode()


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


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


#: A JSON string as ``json.dumps(..., ensure_ascii=False)`` writes it.
_json_string = json.encoder.encode_basestring


def _json_cell(term: Any) -> str:
    """``_json_term`` as the text ``json.dumps`` makes of it, without building the dict."""
    kind = type(term)
    if kind is pyoxigraph.NamedNode:
        return '{"type":"uri","value":' + _json_string(term.value) + "}"
    if kind is not pyoxigraph.Literal:
        return _json_text(_json_term(term))
    cell = '{"type":"literal","value":' + _json_string(published_lexical(term))
    if term.language:
        return cell + ',"xml:lang":' + _json_string(term.language) + "}"
    datatype = _datatype(term)
    return cell + (',"datatype":' + _json_string(datatype) + "}" if datatype else "}")


def _json_pieces(variables: Sequence[str], rows: Rows) -> Iterator[str]:
    yield '{"head":{"vars":' + _json_text(list(variables)) + '},"results":{"bindings":['
    names = [_json_string(v) + ":" for v in variables]
    separator = "{"
    for row in rows:
        cells = [name + _json_cell(t) for name, t in zip(names, row, strict=True) if t is not None]
        yield separator + ",".join(cells) + "}"
        separator = ",{"
    yield "]}}"


def to_json(result: Result) -> bytes:
    """SPARQL 1.1 Query Results JSON."""
    if result.kind == "ask":
        return _json_text({"head": {}, "boolean": bool(result.boolean)}).encode()
    return "".join(_json_pieces(result.variables, result.rows)).encode()


_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;"})
_XML_HEAD = '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'


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


def _xml_pieces(variables: Sequence[str], rows: Rows) -> Iterator[str]:
    names = [f'<binding name="{_xml_text(v)}">' for v in variables]
    yield _XML_HEAD + "<head>" + "".join(f'<variable name="{_xml_text(v)}"/>' for v in variables)
    yield "</head><results>"
    for row in rows:
        cells = "".join(
            f"{name}{_xml_term(t)}</binding>"
            for name, t in zip(names, row, strict=True)
            if t is not None
        )
        yield f"<result>{cells}</result>"
    yield "</results></sparql>"


def to_xml(result: Result) -> bytes:
    """SPARQL Query Results XML Format (second edition)."""
    if result.kind == "ask":
        value = "true" if result.boolean else "false"
        return f"{_XML_HEAD}<head></head><boolean>{value}</boolean></sparql>".encode()
    return "".join(_xml_pieces(result.variables, result.rows)).encode()


# --- human formats -----------------------------------------------------------------------------


def _table_lines(
    variables: Sequence[str], rows: Rows, prefixes: Mapping[str, str], wide: bool
) -> list[str]:
    names = PrefixedNames(prefixes or PREFIXES, ANY_LOCAL)
    width = None if wide else CELL_WIDTH
    header = [f"?{v}" for v in variables]
    cells = [[display(t, names, width) for t in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    return [line(header), line(["-" * w for w in widths])] + [line(r) for r in cells]


def to_table(result: Result, prefixes: dict[str, str] | None = None, wide: bool = False) -> str:
    """Aligned columns with compacted IRIs; an ASK prints ``true``/``false``."""
    if result.kind == "ask":
        return "true\n" if result.boolean else "false\n"
    return "\n".join(_table_lines(result.variables, result.rows, prefixes or PREFIXES, wide)) + "\n"


def _markdown_pieces(
    variables: Sequence[str], rows: Rows, prefixes: Mapping[str, str], wide: bool
) -> Iterator[str]:
    names = PrefixedNames(prefixes or PREFIXES, ANY_LOCAL)
    width = None if wide else CELL_WIDTH

    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|")

    yield "| " + " | ".join(variables) + " |\n"
    yield "| " + " | ".join("---" for _ in variables) + " |\n"
    for row in rows:
        yield "| " + " | ".join(cell(display(t, names, width)) for t in row) + " |\n"


def to_markdown(result: Result, prefixes: dict[str, str] | None = None, wide: bool = False) -> str:
    """A GitHub-flavoured Markdown table (pipes escaped), for pasting into documents."""
    if result.kind == "ask":
        return "true\n" if result.boolean else "false\n"
    return "".join(_markdown_pieces(result.variables, result.rows, prefixes or PREFIXES, wide))


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
    out = io.BytesIO()
    answer = Answer.of(result)
    if prefixes:
        answer.prefixes = prefixes
    write(answer, fmt, out, wide=wide)
    return out.getvalue()


_PIECES = {"csv": _csv_pieces, "tsv": _tsv_pieces, "json": _json_pieces, "xml": _xml_pieces}
_ASK = {"csv": to_csv, "tsv": to_tsv, "json": to_json, "xml": to_xml}


class _Counted:
    """Rows passed on, counted."""

    def __init__(self, rows: Iterable[Sequence[Any]]) -> None:
        self.rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[Sequence[Any]]:
        for row in self.rows:
            self.count += 1
            yield row


def write(
    answer: Answer, fmt: str, out: BinaryIO, *, wide: bool = False, head: int | None = None
) -> int:
    """Write ``answer`` to ``out`` in format ``fmt`` as its rows come; return how many there were.

    Rows are formatted and written ``WRITE_BATCH`` at a time, each batch before
    the next row is asked for. ``head`` (table only) shows that many rows and
    then counts the rest without keeping them, ending with a line that says
    how many followed. The count is of rows (SELECT) or distinct triples
    (CONSTRUCT, DESCRIBE, update).
    """
    if answer.kind in ("graph", "update"):
        out.write(graph_bytes(answer.triples, fmt if fmt == "nt" else "ttl", answer.prefixes))
        return len(set(answer.triples))
    if answer.kind == "ask":
        if fmt in _ASK:
            out.write(_ASK[fmt](Result("ask", boolean=answer.boolean)))
        else:
            out.write(b"true\n" if answer.boolean else b"false\n")
        return 0
    rows = _Counted(answer.rows)
    if fmt == "table":
        shown = list(itertools.islice(rows, head)) if head is not None else list(rows)
        lines = _table_lines(answer.variables, shown, answer.prefixes, wide)
        more = sum(1 for _ in rows)
        if more:
            lines.append(
                f"… {more:,} more row{'' if more == 1 else 's'}; use --format csv -o FILE for all"
            )
        out.write(("\n".join(lines) + "\n").encode())
        return rows.count
    if fmt == "md":
        pieces = _markdown_pieces(answer.variables, rows, answer.prefixes, wide)
    else:
        pieces = _PIECES[fmt](answer.variables, rows)
    while batch := list(itertools.islice(pieces, WRITE_BATCH)):
        out.write("".join(batch).encode())
    return rows.count


def resolve_format(result: Result | Answer, fmt: str | None, output: Path | None = None) -> str:
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
