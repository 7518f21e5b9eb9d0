"""``g60kg docs`` replaces the documentation all together, or not at all."""

from __future__ import annotations

import errno
from pathlib import Path

from click.testing import CliRunner
from docs_support import FIXTURE_GRAPH, FIXTURE_MEASURES, FIXTURE_ONTOLOGY, write_hostile_graph

from g60kg.cli import cli
from g60kg.docs import build_docs


def _tree(folder: Path) -> dict[str, bytes]:
    """Every entry under ``folder`` (hidden staging folders included) with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else b"<dir>"
        for p in sorted(folder.rglob("*"))
    }


def test_docs_failing_half_way_leave_the_previous_documentation_whole(tmp_path, monkeypatch):
    out = tmp_path / "docs"
    build_docs(out, FIXTURE_GRAPH, FIXTURE_ONTOLOGY, FIXTURE_MEASURES)
    before = _tree(out)
    assert "ontology.html" in before and "diagrams/valley.mmd" in before

    import g60kg.docs

    def disk_full(graph):  # the pages and diagrams before it are written by now
        raise OSError(errno.ENOSPC, "No space left on device")

    # The name build_docs calls (imported at the top of g60kg.docs).
    monkeypatch.setattr(g60kg.docs, "render_report", disk_full)
    other = write_hostile_graph(tmp_path / "other.ttl")
    result = CliRunner().invoke(
        cli,
        [
            "docs",
            "-o",
            str(out),
            "--data",
            str(other),
            "--ontology",
            str(FIXTURE_ONTOLOGY),
            "--measures",
            str(FIXTURE_MEASURES),
        ],
    )
    assert result.exit_code == 2
    assert result.stderr == "Error: No space left on device\n"
    assert _tree(out) == before
