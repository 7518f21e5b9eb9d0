"""Run a command and measure wall time and peak memory of its whole process tree.

``/usr/bin/time -v`` and ``getrusage(RUSAGE_CHILDREN)`` report the largest
single process, which under-counts a build with a process pool (the parent and
two workers are alive at once). So a sampler thread also sums the resident
memory of the command and all its descendants from ``/proc`` every 20 ms; both
figures are reported.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Run:
    """One finished command: exit code, seconds, and peak memory in MiB."""

    returncode: int
    seconds: float
    max_rss_mib: float  # largest single process (wait4's ru_maxrss)
    tree_rss_mib: float  # largest sampled sum over the process tree
    cpu_s: float  # user + system CPU of the command and the children it waited for
    stdout: bytes
    stderr: bytes
    timed_out: bool = False


def _kill_group(pid: int) -> None:
    """Kill the process group the command leads (it and its workers)."""
    import signal

    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
            # The command name may hold spaces and parentheses: split after the last ')'.
            fields = stat[stat.rindex(b")") + 2 :].split()
            pid = int(entry.name)
            parents[pid] = int(fields[1])
            rss[pid] = int(fields[21]) * _PAGE
        except (OSError, ValueError, IndexError):
            continue
    total, todo = 0, [root]
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, ()))
    return total


def run(
    argv: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    interval: float = 0.02,
    check: bool = True,
    timeout: float | None = None,
) -> Run:
    """Run ``argv`` to completion, sampling the memory of its process tree.

    After ``timeout`` seconds the command's process group is killed and the
    run comes back with ``timed_out`` set (never raised, whatever ``check``).
    """
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(argv),
        env=dict(env) if env is not None else None,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    killer = None
    if timeout is not None:
        killer = threading.Timer(timeout, lambda: _kill_group(proc.pid))
        killer.start()
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    # Read the pipes in threads so a chatty command never blocks on a full pipe.
    out: list[bytes] = []
    err: list[bytes] = []
    readers = [
        threading.Thread(target=lambda: out.append(proc.stdout.read()), daemon=True),  # type: ignore[union-attr]
        threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True),  # type: ignore[union-attr]
    ]
    for r in readers:
        r.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    timed_out = False
    if killer is not None:
        killer.cancel()
        timed_out = timeout is not None and seconds >= timeout
    done.set()
    sampler.join()
    for r in readers:
        r.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    result = Run(
        returncode=proc.returncode,
        seconds=seconds,
        max_rss_mib=usage.ru_maxrss / 1024,
        tree_rss_mib=max(peak, usage.ru_maxrss * 1024) / 2**20,
        cpu_s=usage.ru_utime + usage.ru_stime,
        timed_out=timed_out,
        stdout=out[0] if out else b"",
        stderr=err[0] if err else b"",
    )
    if check and result.returncode != 0 and not timed_out:
        raise RuntimeError(
            f"{' '.join(argv)} exited {result.returncode}:\n"
            + result.stderr.decode("utf-8", "replace")[-3000:]
        )
    return result


def median_seconds(fn: Callable[[], float], repeat: int) -> tuple[float, list[float]]:
    """Median of ``repeat`` calls of ``fn`` (each returns seconds) and all the samples."""
    samples = [fn() for _ in range(repeat)]
    return statistics.median(samples), samples
