"""Atomic file writes: a reader never sees a half-written output.

Every output is written to a temporary file in the target's folder and renamed
over the target, so a failure leaves the previous file (or none) in place.
Outputs that belong together (one build's Turtle, N-Triples, TriG, JSON-LD and
VoID) are staged with :func:`staged_outputs` and renamed into place together,
so a failure half-way leaves the previous set, not a mix of old and new.

Two jobs writing into one folder at once would still mix their outputs, so a
job that owns a folder holds :func:`folder_lock` on it while it works. Both
locks here are ``flock`` locks on the folders themselves: the kernel drops them
when their process ends, however it ends (SIGKILL included), so a lock never
outlives its owner and needs no file of its own.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from g60kg.errors import InputError

_STAGE_PREFIX, _STAGE_SUFFIX = ".staged-", ".tmp"


@contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """Open a binary temporary file that replaces ``path`` only on success."""
    import tempfile  # here: with shutil, 4 ms of every command's start (random, bz2, lzma)

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
def folder_lock(folder: Path, *, wait: float, what: str = "g60kg build") -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (created if missing) for the block.

    A second job asking for the same folder waits up to ``wait`` seconds for
    the first to finish, then gives up with an InputError saying why, rather
    than writing its files between the other job's. The lock is ``flock`` on
    the folder itself, so the kernel releases it when the holder exits,
    crashed or killed; nothing is left to clean up.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        deadline = time.monotonic() + max(0.0, wait)
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise InputError(
                    f"{folder}: another {what} is writing into this folder "
                    f"(waited {wait:g} s for it to finish); try again when it is done"
                )
            time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True


@contextmanager
def staged_outputs(folder: Path, *, last: str | None = None) -> Iterator[Path]:
    """Give a staging folder whose files all replace their namesakes in ``folder`` on success.

    Write every output of one job into the yielded folder under its final name
    (``stage / "g60kg.ttl"``, or ``stage / "diagrams" / "valley.svg"`` for a
    file in a subfolder); code that reads one output to write another (the
    other formats are made from the Turtle) reads the staged file, and VoID
    describes the staged files under their real names and sizes. When the
    block exits without an exception, each regular file in the staging folder
    is fsync'd, given the umask-based mode, and renamed over its namesake
    under ``folder`` (sorted by path, the file named ``last`` after all
    others, so a reader that sees it sees the rest); then the folder's entry is
    fsync'd and the staging folder removed. On any exception (Ctrl-C included)
    the staging folder is deleted and ``folder`` is left exactly as it was.

    The staging folder is a hidden ``.staged-*.tmp`` directory inside
    ``folder``, so the renames stay on one file system. Each rename is atomic,
    but POSIX has no way to rename several files as one step: a reader (or a
    crash) in the window of those few renames, after everything is written and
    synced, can see some new files beside old ones. A process killed before
    that (SIGKILL, SIGTERM, power loss) leaves its ``.staged-*.tmp`` folder
    behind: each stage is locked by its owner while it lives, and the next
    job staging into the same folder removes the ones whose owner is gone
    (:func:`remove_abandoned_stages`).
    """
    import shutil  # here, as tempfile in atomic_writer

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    remove_abandoned_stages(folder)
    stage, fd = _claim_stage(folder)
    try:
        try:
            yield stage
        except OSError as exc:
            # Name the output the user asked for, not its hidden staged copy.
            if exc.filename and Path(exc.filename).is_relative_to(stage):
                exc.filename = str(folder / Path(exc.filename).relative_to(stage))
            raise
        staged = sorted(
            (p for p in stage.rglob("*") if p.is_file() and not p.is_symlink()),
            key=lambda p: (p.relative_to(stage).as_posix() == last, p.relative_to(stage).parts),
        )
        mode = 0o666 & ~_umask()
        for path in staged:
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
            os.chmod(path, mode)
        touched = {folder}
        for path in staged:
            target = folder / path.relative_to(stage)
            if target.parent not in touched:
                target.parent.mkdir(parents=True, exist_ok=True)
                touched.add(target.parent)
            os.replace(path, target)
        for parent in sorted(touched):
            _fsync_folder(parent)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        os.close(fd)


def _claim_stage(folder: Path) -> tuple[Path, int]:
    """A new staging folder in ``folder``, locked by this process; returns it and the lock.

    Between creating the folder and locking it, another job's
    :func:`remove_abandoned_stages` may find it unlocked and remove it; the
    inode check after locking notices, and a fresh folder is made.
    """
    import tempfile  # here, as in atomic_writer

    while True:
        stage = Path(tempfile.mkdtemp(prefix=_STAGE_PREFIX, suffix=_STAGE_SUFFIX, dir=folder))
        try:
            fd = os.open(stage, os.O_RDONLY)
        except FileNotFoundError:
            continue
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            if os.stat(stage).st_ino == os.fstat(fd).st_ino:
                return stage, fd
        except FileNotFoundError:
            pass
        os.close(fd)


def remove_abandoned_stages(folder: Path) -> list[Path]:
    """Delete the ``.staged-*.tmp`` folders in ``folder`` whose owning process is gone.

    A live job holds a lock on its staging folder (:func:`staged_outputs`);
    one that was killed does not, because the kernel dropped the lock with the
    process. So a stage this function can lock is abandoned, and it is removed
    while locked; one that cannot be opened or locked is left alone. (A g60kg
    from before these locks did not lock its stage: one running at this very
    moment in the same folder would lose its stage and fail, not mix files.)
    Returns the folders removed.
    """
    import shutil  # here, as tempfile in atomic_writer

    removed: list[Path] = []
    for stage in Path(folder).glob(f"{_STAGE_PREFIX}*{_STAGE_SUFFIX}"):
        try:
            if stage.is_symlink() or not stage.is_dir():
                continue
            fd = os.open(stage, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            if not _try_lock(fd):
                continue  # its owner is alive
            if os.stat(stage).st_ino != os.fstat(fd).st_ino:
                continue
            shutil.rmtree(stage, ignore_errors=True)
            removed.append(stage)
        except OSError:
            continue
        finally:
            os.close(fd)
    return removed


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
