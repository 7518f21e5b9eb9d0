import pytest

from g60kg.fileio import atomic_write_bytes, atomic_writer, staged_outputs


def test_atomic_write_replaces_content(tmp_path):
    target = tmp_path / "out" / "g.ttl"
    atomic_write_bytes(target, b"one")
    atomic_write_bytes(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["g.ttl"]


def test_failed_write_keeps_previous_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "g.ttl"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_writer(target) as handle:
        handle.write(b"half")
        raise RuntimeError("boom")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["g.ttl"]


def test_written_file_gets_umask_mode_not_private_temp_mode(tmp_path):
    import os

    old = os.umask(0o022)
    try:
        target = tmp_path / "g.ttl"
        atomic_write_bytes(target, b"x")
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o644


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_staged_outputs_replace_every_target_together_and_leave_no_stage(tmp_path):
    (tmp_path / "g.ttl").write_bytes(b"old ttl")
    (tmp_path / "g.nt").write_bytes(b"old nt")
    with staged_outputs(tmp_path) as stage:
        (stage / "g.ttl").write_bytes(b"new ttl")
        # A later writer reads the staged file, not the previous build's.
        (stage / "g.nt").write_bytes((stage / "g.ttl").read_bytes().replace(b"ttl", b"nt"))
        (stage / "g.jsonld").write_bytes(b"new jsonld")
        assert (tmp_path / "g.ttl").read_bytes() == b"old ttl"
    assert _files(tmp_path) == {
        "g.jsonld": b"new jsonld",
        "g.nt": b"new nt",
        "g.ttl": b"new ttl",
    }


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_failed_staged_block_keeps_every_previous_file_and_removes_the_stage(tmp_path, error):
    (tmp_path / "g.ttl").write_bytes(b"old ttl")
    (tmp_path / "g.trig").write_bytes(b"old trig")
    with pytest.raises(type(error)), staged_outputs(tmp_path) as stage:
        (stage / "g.ttl").write_bytes(b"new ttl")
        with atomic_writer(stage / "g.trig") as handle:
            handle.write(b"half a tr")
            raise error
    assert _files(tmp_path) == {"g.trig": b"old trig", "g.ttl": b"old ttl"}


def test_staged_outputs_get_umask_mode_and_create_the_folder(tmp_path):
    import os

    old = os.umask(0o027)
    try:
        with staged_outputs(tmp_path / "new" / "out") as stage:
            (stage / "g.ttl").write_bytes(b"x")
            os.chmod(stage / "g.ttl", 0o600)
    finally:
        os.umask(old)
    assert (tmp_path / "new" / "out" / "g.ttl").stat().st_mode & 0o777 == 0o640
    assert [p.name for p in (tmp_path / "new" / "out").iterdir()] == ["g.ttl"]
