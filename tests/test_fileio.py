import pytest

from g60kg.fileio import atomic_write_bytes, atomic_writer


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
