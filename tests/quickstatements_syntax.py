"""A strict reader of QuickStatements v1 lines, written from the syntax note.

The note (``/work/shared/reference/quickstatements.md``, summarised here) is
what QuickStatements' own parser accepts; this reader accepts only the subset
g60kg writes and says exactly what is wrong with a line otherwise:

* one command per line, fields separated by TAB; an item ``Q…``, a property
  ``P…`` and a value, then qualifier pairs (``P…`` value), then source pairs
  (``S…`` value; ``!S…`` would start a second reference); a trailing
  ``/* … */`` is the edit summary;
* quantity: digits with ``.`` as the decimal point, no thousands separator,
  no scale word, no exponent, then ``U`` and the unit item's number;
* time: ``+YYYY-MM-DDT00:00:00Z/P``, P = 9 (month and day ``00``), 10 (day
  ``00``) or 11 (a real date);
* monolingual text: ``en:"…"`` (lowercase language code);
* string or URL: in double quotes, with no double quote inside;
* item value: ``Q…``.

The value of each property is checked against the datatype the caller says it
has (a quantity for P2046, a time for P585, ...).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

ITEM = re.compile(r"Q[1-9][0-9]*")
PROPERTY = re.compile(r"P[1-9][0-9]*")
SOURCE = re.compile(r"!?S[1-9][0-9]*")
QUANTITY = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:U[1-9][0-9]*)?")
TIME = re.compile(r"\+([0-9]{4})-([0-9]{2})-([0-9]{2})T00:00:00Z/(9|10|11)")
MONOLINGUAL = re.compile(r'[a-z]{2,3}(?:-[a-z]+)*:"[^"\t]*"')
STRING = re.compile(r'"[^"\t]*"')
SUMMARY = re.compile(r"/\*.*\*/")

DATATYPES = {
    "quantity": QUANTITY,
    "time": TIME,
    "monolingual": MONOLINGUAL,
    "string": STRING,
    "item": ITEM,
}


class SyntaxProblem(ValueError):
    """A line QuickStatements v1 would not read as intended."""


@dataclass
class Command:
    item: str
    property: str
    value: str
    qualifiers: list[tuple[str, str]] = field(default_factory=list)
    references: list[list[tuple[str, str]]] = field(default_factory=list)
    summary: str | None = None


def parse_line(line: str, datatypes: dict[str, str]) -> Command:
    """Read one command; ``datatypes`` maps each property (``P585``) to its datatype."""
    if "\n" in line or "\r" in line:
        raise SyntaxProblem("a command is one line")
    if "||" in line:
        raise SyntaxProblem("'||' would split the line into two commands")
    fields = line.split("\t")
    summary = None
    if SUMMARY.fullmatch(fields[-1]):
        summary = fields.pop()
    if len(fields) < 3:
        raise SyntaxProblem(f"{len(fields)} fields: need item, property and value")
    if (len(fields) - 3) % 2:
        raise SyntaxProblem(f"{len(fields)} fields: qualifiers and sources come in pairs")
    item, prop, value = fields[:3]
    if not ITEM.fullmatch(item):
        raise SyntaxProblem(f"{item!r} is not an item")
    if not PROPERTY.fullmatch(prop):
        raise SyntaxProblem(f"{prop!r} is not a property")
    _check_value(prop, value, datatypes)
    command = Command(item, prop, value, summary=summary)
    in_sources = False
    for key, val in zip(fields[3::2], fields[4::2], strict=True):
        if PROPERTY.fullmatch(key):
            if in_sources:
                raise SyntaxProblem(f"qualifier {key} after a source: qualifiers come first")
            _check_value(key, val, datatypes)
            command.qualifiers.append((key, val))
        elif SOURCE.fullmatch(key):
            in_sources = True
            pid = "P" + key.lstrip("!")[1:]
            _check_value(pid, val, datatypes)
            if key.startswith("!") or not command.references:
                command.references.append([])
            command.references[-1].append((key.lstrip("!"), val))
        else:
            raise SyntaxProblem(f"{key!r} is neither a qualifier (P…) nor a source (S…)")
    return command


def parse(text: str, datatypes: dict[str, str]) -> list[Command]:
    """Every line of a QuickStatements v1 text; the text ends with a newline."""
    if text and not text.endswith("\n"):
        raise SyntaxProblem("the last line has no newline")
    return [parse_line(line, datatypes) for line in text.splitlines()]


def _check_value(prop: str, value: str, datatypes: dict[str, str]) -> None:
    kind = datatypes.get(prop)
    if kind is None:
        raise SyntaxProblem(f"no datatype known for {prop}")
    pattern = DATATYPES[kind]
    found = pattern.fullmatch(value)
    if not found:
        raise SyntaxProblem(f"{prop} value {value!r} is not a {kind}")
    if kind == "time":
        year, month, day, precision = (int(g) for g in found.groups())
        if precision == 9 and (month, day) != (0, 0):
            raise SyntaxProblem(f"{value!r}: year precision needs month and day 00")
        if precision == 10 and (day != 0 or not 1 <= month <= 12):
            raise SyntaxProblem(f"{value!r}: month precision needs a month and day 00")
        if precision == 11:
            try:
                datetime.date(year, month, day)
            except ValueError:
                raise SyntaxProblem(f"{value!r}: not a date") from None
