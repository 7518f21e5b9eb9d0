"""A graph in parts: the layout a cluster build writes and store bulk loaders read in parallel.

One file of 270 million triples is loaded by one thread; parts are loaded
side by side (Virtuoso ``ld_dir``, QLever, Neptune, ``oxigraph load``,
``g60kg load --jobs``). A parts folder holds:

* ``triples/part-NNNNN.nt``: the whole graph (articles, ontology, gazetteer)
  as N-Triples, hash-partitioned by subject (:func:`partition_of`), each part
  sorted and free of duplicates, so no triple is in two parts and a part's
  count is its line count;
* ``quads/part-NNNNN.nq``: the per-article named graphs as N-Quads, the
  layout of ``g60kg.trig``;
* ``manifest.json``: every part with its count, size and SHA-256, so a loader
  can check what it read and a store's count can be checked against the total.

The manifest holds no time stamp and lists parts in path order: building the
same articles twice gives the same bytes. This module only describes and
checks the layout; writing the parts is the build's job, loading them the
stores'.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from g60kg.errors import InputError
from g60kg.graph.layout import MANIFEST_FILE, PARTS_FOLDER, QUADS_FOLDER, TRIPLES_FOLDER
from g60kg.version import __version__

#: Names the layout and its version, so a reader refuses a layout it does not know.
LAYOUT = "g60kg-parts/1"
N_TRIPLES = "application/n-triples"
N_QUADS = "application/n-quads"


@dataclass(frozen=True)
class Part:
    """One file of a parts folder; ``path`` is relative to the folder, with ``/``."""

    path: str
    media_type: str
    statements: int
    bytes: int
    sha256: str


@dataclass(frozen=True)
class PartsManifest:
    """What a parts folder holds: triple parts (the graph) and quad parts (its named graphs)."""

    partitions: int
    triples: tuple[Part, ...]
    quads: tuple[Part, ...] = ()
    generator: str = f"g60kg {__version__}"

    @property
    def triple_count(self) -> int:
        """Triples in the graph: parts never share a triple, so the sum is the count."""
        return sum(part.statements for part in self.triples)

    @property
    def quad_count(self) -> int:
        return sum(part.statements for part in self.quads)


def partition_of(subject: str, partitions: int) -> int:
    """The part a triple goes to, from its subject's N-Triples text (``<iri>``).

    A digest, not Python's ``hash``, which differs between processes: every
    worker of a cluster must put one subject in the same part.
    """
    digest = hashlib.blake2b(subject.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % partitions


def part_path(kind: str, index: int) -> str:
    """``triples/part-00003.nt`` or ``quads/part-00003.nq``."""
    if kind == TRIPLES_FOLDER:
        return f"{TRIPLES_FOLDER}/part-{index:05d}.nt"
    if kind == QUADS_FOLDER:
        return f"{QUADS_FOLDER}/part-{index:05d}.nq"
    raise ValueError(f"unknown kind of part: {kind!r}")


def describe_part(path: str, data_blocks: Iterable[bytes], media_type: str) -> Part:
    """A :class:`Part` from a part's bytes (read in blocks): its statement count, size, digest.

    Each statement of an N-Triples or N-Quads part the project writes is one
    line, so the count is the number of line ends.
    """
    digest = hashlib.sha256()
    size = lines = 0
    for block in data_blocks:
        digest.update(block)
        size += len(block)
        lines += block.count(b"\n")
    return Part(path, media_type, lines, size, digest.hexdigest())


def manifest_json(manifest: PartsManifest) -> str:
    """The manifest as ``manifest.json`` text: parts in path order, no time stamp."""
    document = {
        "layout": LAYOUT,
        "generator": manifest.generator,
        "partitions": manifest.partitions,
        "triples": manifest.triple_count,
        "quads": manifest.quad_count,
        "parts": [_entry(part) for part in sorted(manifest.triples, key=lambda p: p.path)],
        "quad_parts": [_entry(part) for part in sorted(manifest.quads, key=lambda p: p.path)],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _entry(part: Part) -> dict[str, object]:
    return {
        "path": part.path,
        "media_type": part.media_type,
        "statements": part.statements,
        "bytes": part.bytes,
        "sha256": part.sha256,
    }


def parse_manifest(text: str, where: str) -> PartsManifest:
    """Read ``manifest.json`` text; ``where`` names it in the one-line error.

    Paths must stay inside the parts folder (relative, no ``..``): a loader
    opens what the manifest names, and a manifest is input like any other.
    """
    try:
        document = json.loads(text)
        if document.get("layout") != LAYOUT:
            raise ValueError(f"layout {document.get('layout')!r}, expected {LAYOUT!r}")
        triples = tuple(_part(entry, N_TRIPLES) for entry in document["parts"])
        quads = tuple(_part(entry, N_QUADS) for entry in document.get("quad_parts", []))
        manifest = PartsManifest(
            partitions=int(document["partitions"]),
            triples=triples,
            quads=quads,
            generator=str(document.get("generator", "")),
        )
        if manifest.triple_count != document["triples"]:
            raise ValueError(
                f"parts add up to {manifest.triple_count} triples, the manifest says "
                f"{document['triples']}"
            )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"{where}: not a g60kg parts manifest ({exc})") from None
    return manifest


def _part(entry: dict, media_type: str) -> Part:
    path = entry["path"]
    pure = PurePosixPath(path)
    if not isinstance(path, str) or pure.is_absolute() or ".." in pure.parts or "\\" in path:
        raise ValueError(f"part path {path!r} leaves the parts folder")
    if entry.get("media_type", media_type) != media_type:
        raise ValueError(f"{path}: media type {entry['media_type']!r}, expected {media_type!r}")
    sha256 = str(entry["sha256"])
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError(f"{path}: sha256 {sha256!r} is not a hex SHA-256")
    statements, size = int(entry["statements"]), int(entry["bytes"])
    if statements < 0 or size < 0:
        raise ValueError(f"{path}: negative count or size")
    return Part(path, media_type, statements, size, sha256)


def parts_folder(path: Path | str) -> Path:
    """The parts folder of ``path``: the folder itself, or a build folder's ``parts/``."""
    path = Path(path)
    if (path / MANIFEST_FILE).is_file() and (path / TRIPLES_FOLDER).is_dir():
        return path
    if (path / PARTS_FOLDER / MANIFEST_FILE).is_file():
        return path / PARTS_FOLDER
    raise InputError(
        f"{path}: no parts here (no {MANIFEST_FILE} with a {TRIPLES_FOLDER}/ folder, "
        f"nor {PARTS_FOLDER}/{MANIFEST_FILE}); `g60kg build --cluster` writes them"
    )


def read_manifest(folder: Path | str) -> PartsManifest:
    """The manifest of a local parts folder (or of a build folder's ``parts/``)."""
    path = parts_folder(folder) / MANIFEST_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from None
    return parse_manifest(text, str(path))


def verify_part(folder: Path | str, part: Part) -> None:
    """Check a local part against the manifest: present, same size and SHA-256."""
    path = Path(folder) / part.path
    try:
        with open(path, "rb") as handle:
            found = describe_part(
                part.path, iter(lambda: handle.read(1 << 20), b""), part.media_type
            )
    except OSError as exc:
        raise InputError(f"{path}: listed in the parts manifest but unreadable ({exc})") from None
    if (found.bytes, found.sha256, found.statements) != (part.bytes, part.sha256, part.statements):
        raise InputError(
            f"{path}: {found.bytes} bytes with SHA-256 {found.sha256[:12]}…, the manifest says "
            f"{part.bytes} bytes with {part.sha256[:12]}…; the part changed since the build"
        )


__all__ = [
    "LAYOUT",
    "MANIFEST_FILE",
    "N_QUADS",
    "N_TRIPLES",
    "PARTS_FOLDER",
    "QUADS_FOLDER",
    "TRIPLES_FOLDER",
    "Part",
    "PartsManifest",
    "describe_part",
    "manifest_json",
    "parse_manifest",
    "part_path",
    "partition_of",
    "parts_folder",
    "read_manifest",
    "verify_part",
]
