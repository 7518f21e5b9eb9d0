import os
import subprocess
import sys
from pathlib import Path

import pytest
from layout import SRC

from g60kg.errors import InputError
from g60kg.query.cache import STORE_DIR_NAME, open_store, store_root

TTL = '<http://ex/a> <http://ex/p> "{n}" .\n'


def count(opened) -> int:
    return len(list(opened.store.query("SELECT * { ?s ?p ?o }")))


def stores_in(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.is_dir())


def test_first_open_loads_and_second_reuses(tmp_path):
    data = tmp_path / "d.ttl"
    data.write_text(TTL.format(n=1))
    first = open_store([data], tmp_path / "root")
    assert not first.reused and count(first) == 1
    second = open_store([data], tmp_path / "root")
    assert second.reused and second.path == first.path


def test_changed_file_loads_a_new_store_and_removes_the_old(tmp_path):
    root = tmp_path / "root"
    data = tmp_path / "d.ttl"
    data.write_text(TTL.format(n=1))
    old = open_store([data], root)
    data.write_text(TTL.format(n=1) + TTL.format(n=2))
    new = open_store([data], root)
    assert not new.reused
    assert count(new) == 2
    assert new.path != old.path
    assert stores_in(root) == [new.path.name]


def test_touched_but_identical_file_reuses_by_content_hash(tmp_path):
    root = tmp_path / "root"
    data = tmp_path / "d.ttl"
    data.write_text(TTL.format(n=1))
    first = open_store([data], root)
    os.utime(data, ns=(1, 1))
    again = open_store([data], root)
    assert again.reused and again.path == first.path


def test_other_file_sets_keep_their_own_stores(tmp_path):
    root = tmp_path / "root"
    a, b = tmp_path / "a.ttl", tmp_path / "b.nt"
    a.write_text(TTL.format(n=1))
    b.write_text(TTL.format(n=2))
    sa = open_store([a], root)
    sb = open_store([b], root)
    both = open_store([a, b], root)
    assert count(both) == 2
    assert stores_in(root) == sorted([sa.path.name, sb.path.name, both.path.name])


def test_store_lives_in_the_build_folder_else_in_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("G60KG_CACHE_DIR", str(tmp_path / "cache"))
    build = tmp_path / "build"
    build.mkdir()
    (build / "g60kg.ttl").write_text(TTL.format(n=1))
    loose = tmp_path / "loose.ttl"
    loose.write_text(TTL.format(n=1))
    assert store_root([build / "g60kg.ttl"]) == build / STORE_DIR_NAME
    assert store_root([loose]) == tmp_path / "cache" / "stores"
    assert store_root([build / "g60kg.ttl", loose]) == tmp_path / "cache" / "stores"
    opened = open_store([build / "g60kg.ttl"])
    assert opened.path.parent == build / STORE_DIR_NAME


def test_bad_turtle_names_file_line_and_column_and_leaves_no_store(tmp_path):
    root = tmp_path / "root"
    bad = tmp_path / "bad.ttl"
    bad.write_text('<http://ex/a> <http://ex/p> "ok" .\n<http://ex/a> <http://ex/p> "open .\n')
    with pytest.raises(InputError, match=rf"^{bad}:2:29: invalid RDF: "):
        open_store([bad], root)
    assert stores_in(root) == []


def test_missing_file_and_unknown_extension_are_input_errors(tmp_path):
    with pytest.raises(InputError, match=r"nope\.ttl: no such data file$"):
        open_store([tmp_path / "nope.ttl"], tmp_path / "root")
    odd = tmp_path / "data.csv"
    odd.write_text("a,b\n")
    with pytest.raises(InputError, match=r"unknown RDF file extension '\.csv'"):
        open_store([odd], tmp_path / "root")


LOADER = """
import sys
from g60kg.query.cache import open_store
opened = open_store([sys.argv[1]], sys.argv[2])
print(len(list(opened.store.query("SELECT * { ?s ?p ?o }"))))
"""


def test_two_processes_loading_at_once_both_answer(tmp_path):
    data = tmp_path / "d.nt"
    data.write_text("".join(TTL.format(n=i) for i in range(2000)))
    root = tmp_path / "root"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", LOADER, str(data), str(root)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert [out.strip() for out, _ in outputs] == ["2000", "2000"]
    assert len(stores_in(root)) == 1
