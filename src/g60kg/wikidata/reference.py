"""The reference table of verified Wikidata IDs (``data/reference/wikidata-qids.tsv``).

The one source of truth for which Wikidata IDs this project may use: a QID or
PID is usable only where its row says ``verified``. Rows name an entity
("Suzhou (Jiangsu)"), a property ("property: area") or a class ("class:
prefecture-level city"); the parenthesised context of an entity row is what
tells the two Suzhous apart.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from g60kg import paths
from g60kg.errors import InputError
from g60kg.inputs import regular_file

QID_RE = re.compile(r"^[QP][1-9][0-9]*$")


def reference_table_path() -> Path:
    """The bundled reference table of verified Wikidata IDs."""
    bundled = Path(paths.__file__).resolve().parent / "_data" / "reference" / "wikidata-qids.tsv"
    if bundled.exists():
        return bundled
    return paths.articles_dir().parent / "reference" / "wikidata-qids.tsv"


@dataclass(frozen=True)
class ReferenceRow:
    """One row of the reference table: a thing, its Wikidata ID and how sure we are."""

    entity: str
    qid: str
    wikidata_label: str
    status: str
    note: str
    line: int

    @property
    def verified(self) -> bool:
        return self.status == "verified" and bool(QID_RE.match(self.qid))

    @property
    def is_term(self) -> bool:
        """A property or class row ("property: area"), not an entity."""
        return self.entity.split(":", 1)[0] in {"property", "class", "unit"}

    def names(self) -> tuple[set[str], str | None]:
        """Names the row gives the entity, and its context word (parentheses), if any."""
        names: set[str] = set()
        context = None
        base = self.entity
        found = re.search(r"\(([^)]*)\)\s*$", base)
        if found:
            base = base[: found.start()]
            inner = found.group(1).strip()
            if re.fullmatch(r"[A-Z0-9]+", inner):
                names.add(norm(inner))  # an abbreviation: CIIE
            else:
                context = inner
        names.update(norm(part) for part in base.split("/") if part.strip())
        names.update(norm(part) for part in self.wikidata_label.split(" / ") if part.strip())
        return names, context


@dataclass(frozen=True)
class ReferenceTable:
    """The reference table, parsed: which Wikidata IDs are verified, for what."""

    rows: tuple[ReferenceRow, ...]
    path: Path

    @property
    def verified_ids(self) -> frozenset[str]:
        return frozenset(row.qid for row in self.rows if row.verified)

    def row_for(self, qid: str) -> ReferenceRow | None:
        """The row that lists ``qid`` (verified rows win)."""
        rows = [row for row in self.rows if row.qid == qid]
        rows.sort(key=lambda row: not row.verified)
        return rows[0] if rows else None

    def term(self, name: str) -> str | None:
        """The verified ID of a term row such as ``"property: point in time"``, else None."""
        for row in self.rows:
            if row.entity == name and row.verified:
                return row.qid
        return None


def load_reference(path: Path | None = None) -> ReferenceTable:
    """Parse the reference table (TSV: entity, qid, wikidata_label, status, note)."""
    path = Path(path) if path else reference_table_path()
    if path.exists():
        regular_file(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the reference table: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text at byte {exc.start}") from None
    lines = list(csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
    expected = ["entity", "qid", "wikidata_label", "status", "note"]
    if not lines or lines[0] != expected:
        raise InputError(f"{path}:1: header must be {' '.join(expected)} (tab separated)")
    rows = []
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cells):
            continue
        if len(cells) != len(expected):
            raise InputError(f"{path}:{number}: expected 5 tab-separated columns, got {len(cells)}")
        entity, qid, label, status, note = (cell.strip() for cell in cells)
        if qid and not QID_RE.match(qid):
            raise InputError(f"{path}:{number}: {qid!r} is not a Wikidata ID")
        rows.append(ReferenceRow(entity, qid, label, status, note, number))
    return ReferenceTable(tuple(rows), path)


def norm(text: str) -> str:
    """Case- and whitespace-folded text, for comparing names."""
    return " ".join(text.casefold().split())


def qid_key(qid: str) -> tuple[str, int]:
    """Sort key for Wikidata IDs: Q2 before Q10."""
    return (qid[0], int(qid[1:])) if QID_RE.match(qid) else (qid, 0)
