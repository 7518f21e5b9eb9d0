"""A build owns its output folder: one build at a time, a manifest, no stale or abandoned files."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from g60kg.cli import cli
from g60kg.errors import InputError
from g60kg.fileio import folder_lock
from g60kg.graph import outputs
from g60kg.graph.build import build

ALL = ("ttl", "nt", "jsonld", "trig", "void")
ALL_FILES = ["g60kg.jsonld", "g60kg.nt", "g60kg.trig", "g60kg.ttl", "manifest.json", "void.ttl"]


def _article(folder: Path, name: str = "one", sentence: str = "The valley grew 5 percent.") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.txt"
    path.write_text(f"Headline of {name}\n\n{sentence}\n", encoding="utf-8")
    return path


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


# --- manifest and stale outputs ---------------------------------------------------


def test_manifest_lists_every_file_of_the_build_with_size_and_sha256(tmp_path):
    out = tmp_path / "out"
    build([_article(tmp_path / "in")], out, formats=ALL)
    manifest = _manifest(out)
    assert [entry["name"] for entry in manifest["files"]] == [
        "g60kg.jsonld",
        "g60kg.nt",
        "g60kg.trig",
        "g60kg.ttl",
        "void.ttl",
    ]
    for entry in manifest["files"]:
        data = (out / entry["name"]).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert manifest["folders"] == []
    assert _names(out) == ALL_FILES


def test_a_turtle_only_rebuild_removes_the_formats_of_the_previous_build(tmp_path):
    out = tmp_path / "out"
    build([_article(tmp_path / "a", "one")], out, formats=ALL)
    result = CliRunner().invoke(
        cli, ["build", str(_article(tmp_path / "b", "two")), "-o", str(out), "--format", "ttl"]
    )
    assert result.exit_code == 0, result.output
    assert _names(out) == ["g60kg.ttl", "manifest.json"]
    assert [entry["name"] for entry in _manifest(out)["files"]] == ["g60kg.ttl"]


def test_serve_and_the_store_check_take_the_files_of_the_latest_build(tmp_path):
    from g60kg.stores.serve import default_files
    from g60kg.stores.storecheck import published_files

    out = tmp_path / "out"
    build([_article(tmp_path / "a", "one")], out, formats=("ttl", "trig"))
    assert default_files(out) == [out / "g60kg.trig"]
    build([_article(tmp_path / "b", "two")], out, formats=("ttl", "nt"))
    # The TriG of the first build is gone, so serve cannot pick it over the new Turtle.
    assert default_files(out) == [out / "g60kg.ttl"]
    assert published_files(out) == [out / "g60kg.ttl", out / "g60kg.nt"]
    assert outputs.graph_file(out) == out / "g60kg.ttl"


def test_a_folder_built_before_manifests_loses_its_stale_formats(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for name in ("g60kg.nt", "g60kg.trig", "g60kg.jsonld", "void.ttl", "notes.txt"):
        (out / name).write_text("from an old build\n", encoding="utf-8")
    build([_article(tmp_path / "a")], out)
    assert _names(out) == ["g60kg.ttl", "manifest.json", "notes.txt"]


def test_a_manifest_naming_paths_outside_the_folder_removes_nothing_there(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.ttl"
    victim.write_text("keep me\n", encoding="utf-8")
    (out / "manifest.json").write_text(
        json.dumps({"files": [{"name": "../victim.ttl"}, {"name": "/etc/hostname"}]}),
        encoding="utf-8",
    )
    build([_article(tmp_path / "a")], out)
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert _names(out) == ["g60kg.ttl", "manifest.json"]


def test_readers_refuse_a_manifest_that_is_not_one(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text('{"files": [{"name": "../g60kg.ttl"}]}', encoding="utf-8")
    with pytest.raises(InputError) as info:
        outputs.current_outputs(out)
    assert str(info.value) == (
        f"{out / 'manifest.json'}: not a g60kg build manifest "
        "('../g60kg.ttl' is not a file name in the folder); rebuild"
    )


def test_a_file_the_manifest_lists_but_that_is_gone_is_named(tmp_path):
    out = tmp_path / "out"
    build([_article(tmp_path / "a")], out, formats=("ttl", "trig"))
    (out / "g60kg.trig").unlink()
    with pytest.raises(InputError) as info:
        outputs.current_outputs(out)
    assert str(info.value) == (
        f"{out / 'g60kg.trig'}: listed in {out / 'manifest.json'} but missing; "
        "run `g60kg build` again"
    )


def test_an_in_memory_build_removes_the_article_files_of_a_previous_streaming_build(tmp_path):
    out = tmp_path / "out"
    folder = tmp_path / "in"
    _article(folder, "one")
    _article(folder, "two", "Exports rose 3 percent.")
    build([folder], out, jobs=1)
    assert _names(out / "articles") == ["one.nt", "two.nt"]
    assert _manifest(out)["folders"] == ["articles"]
    build([folder / "one.txt"], out)
    assert _names(out) == ["g60kg.ttl", "manifest.json"]


# --- one build at a time ----------------------------------------------------------


def test_a_second_build_gives_up_in_one_line_while_another_holds_the_folder(tmp_path):
    out = tmp_path / "out"
    build([_article(tmp_path / "a", "one")], out)
    before = {name: (out / name).read_bytes() for name in _names(out)}
    with folder_lock(out, wait=0), pytest.raises(InputError) as info:
        build([_article(tmp_path / "b", "two")], out, lock_wait=0.2)
    assert str(info.value) == (
        f"{out}: another g60kg build is writing into this folder "
        "(waited 0.2 s for it to finish); try again when it is done"
    )
    assert {name: (out / name).read_bytes() for name in _names(out)} == before


def test_the_cli_refusal_of_a_held_folder_is_one_line_and_exit_2(tmp_path, monkeypatch):
    monkeypatch.setattr(outputs, "BUILD_LOCK_WAIT", 0.1)
    out = tmp_path / "out"
    with folder_lock(out, wait=0):
        result = CliRunner().invoke(cli, ["build", str(_article(tmp_path / "a")), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {out}: another g60kg build is writing into this folder "
        "(waited 0.1 s for it to finish); try again when it is done\n"
    )
    assert _names(out) == []


def test_a_streaming_build_holds_the_folder_before_it_writes_article_files(tmp_path):
    out = tmp_path / "out"
    with folder_lock(out, wait=0), pytest.raises(InputError, match="another g60kg build"):
        build([_article(tmp_path / "a")], out, jobs=1, lock_wait=0)
    assert _names(out) == []


def test_a_waiting_build_runs_once_the_other_is_done(tmp_path):
    out = tmp_path / "out"
    outcome: dict = {}

    def second() -> None:
        try:
            outcome["result"] = build([_article(tmp_path / "b", "two")], out, lock_wait=120)
        except BaseException as exc:  # reported by the assertion below
            outcome["error"] = exc

    with folder_lock(out, wait=0):
        thread = threading.Thread(target=second)
        thread.start()
        # The second build cannot publish while the folder is held.
        assert not (out / "g60kg.ttl").exists()
    thread.join(timeout=120)
    assert "error" not in outcome
    assert outcome["result"].files == (out / "g60kg.ttl",)
    assert _names(out) == ["g60kg.ttl", "manifest.json"]


# --- staging folders a killed build left -----------------------------------------

_STAGER = """
import sys
from pathlib import Path
from g60kg.fileio import staged_outputs
with staged_outputs(Path(sys.argv[1])) as stage:
    (stage / "g60kg.ttl").write_bytes(b"x" * 100_000)
    print(stage, flush=True)
    sys.stdin.read()  # hold the stage until told to go on, or killed
"""


def _staging_process(folder: Path) -> tuple[subprocess.Popen, Path]:
    process = subprocess.Popen(
        [sys.executable, "-c", _STAGER, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    stage = Path(process.stdout.readline().strip())
    assert stage.parent == folder and stage.name.startswith(".staged-")
    return process, stage


def test_a_build_removes_the_staging_folder_a_killed_build_left(tmp_path):
    out = tmp_path / "out"
    process, stage = _staging_process(out)
    process.kill()
    process.wait(timeout=30)
    assert (stage / "g60kg.ttl").is_file()  # SIGKILL ran no clean-up
    build([_article(tmp_path / "a")], out)
    assert _names(out) == ["g60kg.ttl", "manifest.json"]


def test_a_build_leaves_the_staging_folder_of_a_live_build_alone(tmp_path):
    out = tmp_path / "out"
    process, stage = _staging_process(out)
    try:
        build([_article(tmp_path / "a")], out)
        assert (stage / "g60kg.ttl").is_file()
    finally:
        process.kill()
        process.wait(timeout=30)
