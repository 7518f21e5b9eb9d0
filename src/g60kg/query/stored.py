"""The stored competency queries under ``queries/`` and their comment headers.

A stored query is a ``.rq`` file whose leading comment block says what it
answers, so that ``g60kg queries`` can list it and ``g60kg query`` can fill in
its parameters::

    # title: Indicators of one region
    # description: Every observation whose subject is the region, with its
    #   measure, value, unit and period.
    # param: ?region — the region (g60r:region/songjiang-district)

A param line is ``?var — meaning (default)``: the default, in the syntax of
``--param`` values, applies when the user does not bind the variable;
``(any)`` leaves it unbound so the query answers for every value. Names are
paths below ``queries/`` without ``.rq`` (``member-regions``,
``federated/wikidata-labels``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from g60kg.errors import InputError
from g60kg.paths import queries_dir

#: A default written as ``(any)`` (or ``(none)``) leaves the parameter unbound.
UNBOUND_DEFAULTS = frozenset({"any", "none", "unbound"})

_HEADER = re.compile(r"#\s*(?P<key>title|description|param)\s*:\s*(?P<value>.*)$", re.I)
_PARAM = re.compile(
    r"[?$](?P<var>\w+)\s*(?:\u2014|\u2013|--|-|:)\s*(?P<meaning>.*?)\s*(?:\((?P<default>[^()]*)\))?\s*$"
)


# Named tuples, not dataclasses: each dataclass costs 0.5-2 ms at import on every query.
class Param(NamedTuple):
    """A parameter of a stored query: variable name, meaning and default (or None)."""

    name: str
    meaning: str
    default: str | None


class StoredQuery(NamedTuple):
    """A ``.rq`` file with its parsed header."""

    name: str
    path: Path
    title: str
    description: str
    params: tuple[Param, ...] = ()

    @property
    def text(self) -> str:
        """The query text (header comments included; SPARQL ignores them)."""
        return self.path.read_text(encoding="utf-8")

    def defaults(self) -> dict[str, str]:
        """Parameter name -> default value text, for parameters that have one."""
        return {p.name: p.default for p in self.params if p.default is not None}


def parse_header(text: str, source: str = "<query>") -> tuple[str, str, tuple[Param, ...]]:
    """Read title, description and params from the leading comment block.

    Continuation lines (a comment indented past ``#``) extend the previous
    field. A malformed param line is an InputError naming the line, so a typo
    in a stored query is caught by the test of the stored queries.
    """
    title = ""
    description: list[str] = []
    params: list[Param] = []
    last: str | None = None
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match:
            key, value = match["key"].lower(), match["value"].strip()
            last = key
            if key == "title":
                title = value
            elif key == "description":
                description.append(value)
            else:
                params.append(_parse_param(value, f"{source}:{lineno}"))
        elif last == "description" and raw.startswith("#  "):
            description.append(line.lstrip("#").strip())
        elif last == "param" and raw.startswith("#  ") and params:
            previous = params[-1]
            extra = line.lstrip("#").strip()
            params[-1] = Param(previous.name, f"{previous.meaning} {extra}", previous.default)
        else:
            last = None
    return title, " ".join(description), tuple(params)


def _parse_param(value: str, where: str) -> Param:
    match = _PARAM.fullmatch(value)
    if not match:
        raise InputError(f"{where}: a param line must read '?var — meaning (default)': {value}")
    default = match["default"]
    if default is not None:
        default = default.strip()
        if default.lower() in UNBOUND_DEFAULTS or not default:
            default = None
    return Param(match["var"], match["meaning"].strip(), default)


def load(path: Path, name: str | None = None) -> StoredQuery:
    """Read one ``.rq`` file into a StoredQuery (the name defaults to the file stem)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such query file") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    title, description, params = parse_header(text, str(path))
    return StoredQuery(name or path.stem, path, title, description, params)


def list_queries(root: Path | None = None) -> list[StoredQuery]:
    """Every stored query below ``root`` (default: the project's ``queries/``), by name."""
    root = Path(root) if root is not None else queries_dir()
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.rglob("*.rq")):
        name = path.relative_to(root).with_suffix("").as_posix()
        found.append(load(path, name))
    return sorted(found, key=lambda q: q.name)


def find_query(name: str, root: Path | None = None) -> StoredQuery:
    """The stored query called ``name``; an unknown name suggests the closest ones."""
    root = Path(root) if root is not None else queries_dir()
    clean = name.removesuffix(".rq").strip("/")
    path = root / f"{clean}.rq"
    if ".." not in Path(clean).parts and path.is_file():
        return load(path, clean)

    names = [q.name for q in list_queries(root)]
    import difflib  # here: 1 ms to import, for a misspelt name only

    close = difflib.get_close_matches(clean, names, n=3, cutoff=0.6)
    close += [n for n in names if clean and clean in n and n not in close][: 3 - len(close)]
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise InputError(f"unknown query '{name}'{hint} (g60kg queries lists them)")


def format_listing(queries: list[StoredQuery]) -> str:
    """Aligned NAME / TITLE / PARAMS lines (``?var=default``, or ``?var`` when unbound)."""
    rows = [("NAME", "TITLE", "PARAMS")]
    for q in queries:
        params = " ".join(f"?{p.name}={p.default}" if p.default else f"?{p.name}" for p in q.params)
        rows.append((q.name, q.title, params))
    widths = [max(len(r[i]) for r in rows) for i in range(2)]
    return "".join(
        f"{n.ljust(widths[0])}  {t.ljust(widths[1])}  {p}".rstrip() + "\n" for n, t, p in rows
    )
