"""Atomic file writes: a reader never sees a half-written output.

Every output is written to a temporary file in the target's folder and renamed
over the target, so a failure leaves the previous file (or none) in place.
Outputs that belong together (one build's Turtle, N-Triples, TriG, JSON-LD and
VoID) are staged with :func:`staged_outputs` and renamed into place together,
so a failure half-way leaves the previous set, not a mix of old and new.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """Open a binary temporary file that replaces ``path`` only on success."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates 0600; published files get the usual umask-based mode.
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_writer(path) as handle:
        handle.write(data)


@contextmanager
def staged_outputs(folder: Path) -> Iterator[Path]:
    """Give a staging folder whose files all replace their namesakes in ``folder`` on success.

    Write every output of one job into the yielded folder under its final name
    (``stage / "g60kg.ttl"``); code that reads one output to write another
    (the other formats are made from the Turtle) reads the staged file, and
    VoID describes the staged files under their real names and sizes. When the
    block exits without an exception, each regular file in the staging folder
    is fsync'd, given the umask-based mode, and renamed over
    ``folder / name`` (sorted by name); then the folder's entry is fsync'd and
    the staging folder removed. On any exception (Ctrl-C included) the staging
    folder is deleted and ``folder`` is left exactly as it was.

    The staging folder is a hidden ``.staged-*.tmp`` directory inside
    ``folder``, so the renames stay on one file system. Each rename is atomic,
    but POSIX has no way to rename several files as one step: a reader (or a
    crash) in the window of those few renames, after everything is written and
    synced, can see some new files beside old ones. A killed process (SIGKILL,
    power loss) before that leaves its ``.staged-*.tmp`` folder behind, which is
    safe to delete.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".staged-", suffix=".tmp", dir=folder))
    try:
        try:
            yield stage
        except OSError as exc:
            # Name the output the user asked for, not its hidden staged copy.
            if exc.filename and Path(exc.filename).parent == stage:
                exc.filename = str(folder / Path(exc.filename).name)
            raise
        staged = sorted(p for p in stage.iterdir() if p.is_file() and not p.is_symlink())
        mode = 0o666 & ~_umask()
        for path in staged:
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
            os.chmod(path, mode)
        for path in staged:
            os.replace(path, folder / path.name)
        _fsync_folder(folder)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _fsync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable (where the OS lets a folder be fsync'd)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
