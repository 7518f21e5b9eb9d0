"""The parts layout: partitioning by subject, the manifest as written and as read back."""

import hashlib
import json

import pytest

from g60kg.errors import InputError
from g60kg.graph import parts
from g60kg.graph.parts import Part, PartsManifest


def _lines(*texts: str) -> bytes:
    return "".join(t + "\n" for t in texts).encode()


def _write_part(folder, path, data: bytes, media_type=parts.N_TRIPLES) -> Part:
    target = folder / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return parts.describe_part(path, [data[:7], data[7:]], media_type)


def test_partition_of_is_the_same_in_every_process_and_in_range():
    # BLAKE2b of the subject's text: fixed across processes, unlike hash().
    assert parts.partition_of("<https://example.org/a>", 4) == parts.partition_of(
        "<https://example.org/a>", 4
    )
    assert {parts.partition_of(f"<https://example.org/{i}>", 4) for i in range(200)} == {0, 1, 2, 3}
    assert parts.partition_of("<https://example.org/a>", 1) == 0
    assert [parts.partition_of(f"<https://example.org/{i}>", 4) for i in range(5)] == [
        1,
        2,
        3,
        3,
        3,
    ]


def test_part_path_numbers_parts_with_five_digits():
    assert parts.part_path("triples", 3) == "triples/part-00003.nt"
    assert parts.part_path("quads", 12) == "quads/part-00012.nq"
    with pytest.raises(ValueError, match="unknown kind of part: 'x'"):
        parts.part_path("x", 0)


def test_describe_part_counts_lines_bytes_and_digest_across_blocks():
    data = _lines("<a:s> <a:p> <a:o> .", "<a:s> <a:p> <a:q> .")
    part = parts.describe_part("triples/part-00000.nt", [data[:5], data[5:]], parts.N_TRIPLES)
    assert part.statements == 2
    assert part.bytes == len(data) == 40
    assert part.sha256 == hashlib.sha256(data).hexdigest()


def test_manifest_round_trips_with_parts_in_path_order_and_totals(tmp_path):
    second = _write_part(tmp_path, "triples/part-00001.nt", _lines("<a:t> <a:p> <a:o> ."))
    first = _write_part(
        tmp_path, "triples/part-00000.nt", _lines("<a:s> <a:p> <a:o> .", "<a:s> <a:p> <a:q> .")
    )
    quad = _write_part(
        tmp_path, "quads/part-00000.nq", _lines("<a:s> <a:p> <a:o> <a:g> ."), parts.N_QUADS
    )
    manifest = PartsManifest(partitions=2, triples=(second, first), quads=(quad,))
    text = parts.manifest_json(manifest)
    document = json.loads(text)
    assert document["layout"] == "g60kg-parts/1"
    assert document["triples"] == 3 and document["quads"] == 1
    assert [p["path"] for p in document["parts"]] == [
        "triples/part-00000.nt",
        "triples/part-00001.nt",
    ]
    (tmp_path / "manifest.json").write_text(text)
    read = parts.read_manifest(tmp_path)
    assert read.triples == (first, second)
    assert read.quads == (quad,)
    assert read.triple_count == 3
    for part in (*read.triples, *read.quads):
        parts.verify_part(tmp_path, part)


def test_a_build_folder_leads_to_its_parts_folder(tmp_path):
    folder = tmp_path / "parts"
    part = _write_part(folder, "triples/part-00000.nt", _lines("<a:s> <a:p> <a:o> ."))
    (folder / "manifest.json").write_text(parts.manifest_json(PartsManifest(1, (part,))))
    assert parts.parts_folder(tmp_path) == folder
    assert parts.parts_folder(folder) == folder
    assert parts.read_manifest(tmp_path).triple_count == 1


def test_a_folder_without_parts_is_one_line_naming_what_writes_them(tmp_path):
    with pytest.raises(InputError) as caught:
        parts.parts_folder(tmp_path)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path}: no parts here")
    assert "`g60kg build --cluster` writes them" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(layout="other/2"), "layout 'other/2', expected 'g60kg-parts/1'"),
        (lambda d: d.update(triples=5), "parts add up to 1 triples, the manifest says 5"),
        (lambda d: d["parts"][0].update(path="../escape.nt"), "leaves the parts folder"),
        (lambda d: d["parts"][0].update(path="/etc/passwd"), "leaves the parts folder"),
        (lambda d: d["parts"][0].update(sha256="xyz"), "is not a hex SHA-256"),
        (lambda d: d["parts"][0].update(media_type="text/turtle"), "media type 'text/turtle'"),
        (lambda d: d.pop("parts"), "KeyError"),
    ],
)
def test_a_broken_manifest_is_refused_in_one_line(tmp_path, change, expected):
    part = Part("triples/part-00000.nt", parts.N_TRIPLES, 1, 20, "a" * 64)
    document = json.loads(parts.manifest_json(PartsManifest(1, (part,))))
    change(document)
    with pytest.raises(InputError) as caught:
        parts.parse_manifest(json.dumps(document), "P/manifest.json")
    message = str(caught.value)
    assert message.startswith("P/manifest.json: not a g60kg parts manifest (")
    if expected != "KeyError":
        assert expected in message


def test_a_changed_or_missing_part_fails_verification(tmp_path):
    part = _write_part(tmp_path, "triples/part-00000.nt", _lines("<a:s> <a:p> <a:o> ."))
    (tmp_path / part.path).write_bytes(_lines("<a:s> <a:p> <a:X> ."))
    with pytest.raises(InputError, match="the part changed since the build"):
        parts.verify_part(tmp_path, part)
    (tmp_path / part.path).unlink()
    with pytest.raises(InputError, match="listed in the parts manifest but unreadable"):
        parts.verify_part(tmp_path, part)
