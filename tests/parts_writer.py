"""Write a parts folder from a build's ``g60kg.nt`` (and ``g60kg.trig``), as a cluster build would.

Loader tests and the load benchmark need parts before the distributed build
that writes them exists, so this helper makes them with the layout's own
functions (:mod:`g60kg.graph.parts`): triples hash-partitioned by subject,
each part sorted and free of duplicates, quads partitioned the same way (so
an article's graph is spread over several parts, the harder case for a
loader), and the manifest as ``manifest_json`` writes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from g60kg.graph import parts
from g60kg.graph.parts import Part, PartsManifest


def write_parts(nt: Path, folder: Path, partitions: int, trig: Path | None = None) -> PartsManifest:
    """Partition ``nt`` (and the quads of ``trig``) into ``folder``; return the manifest written."""
    with open(nt, "rb") as handle:
        triples = _write_kind(folder, parts.TRIPLES_FOLDER, handle, partitions, parts.N_TRIPLES)
    quads: tuple[Part, ...] = ()
    if trig is not None:
        nquads = ox.serialize(
            ox.parse(path=str(trig), format=ox.RdfFormat.TRIG), format=ox.RdfFormat.N_QUADS
        )
        quads = _write_kind(
            folder, parts.QUADS_FOLDER, nquads.splitlines(True), partitions, parts.N_QUADS
        )
    manifest = PartsManifest(partitions, triples, quads)
    (folder / parts.MANIFEST_FILE).write_text(parts.manifest_json(manifest), encoding="utf-8")
    return manifest


def _write_kind(
    folder: Path, kind: str, lines: Iterable[bytes], partitions: int, media_type: str
) -> tuple[Part, ...]:
    buckets: list[set[bytes]] = [set() for _ in range(partitions)]
    for line in lines:
        if line.strip():
            subject = line.split(b" ", 1)[0].decode("utf-8")
            buckets[parts.partition_of(subject, partitions)].add(line)
    written = []
    for index, bucket in enumerate(buckets):
        path = parts.part_path(kind, index)
        data = b"".join(sorted(bucket))
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
        written.append(parts.describe_part(path, [data], media_type))
    return tuple(written)


def rewrite_manifest(folder: Path, manifest: PartsManifest) -> None:
    """Describe the parts again as they are on disk now (a test's deliberate edit included)."""
    described = []
    for part in manifest.triples:
        described.append(
            parts.describe_part(part.path, [(folder / part.path).read_bytes()], part.media_type)
        )
    updated = PartsManifest(manifest.partitions, tuple(described), manifest.quads)
    (folder / parts.MANIFEST_FILE).write_text(parts.manifest_json(updated), encoding="utf-8")
