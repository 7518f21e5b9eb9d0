"""One malloc arena for the whole process, so the query's worker thread allocates as fast.

``g60kg query`` evaluates in a worker thread (see
:func:`g60kg.query.engine.stream_in_worker`). glibc gives each new thread an
arena of its own, grown and trimmed in 64 MiB heaps of ``mmap``, where the main
thread's arena grows with ``brk``; pyoxigraph's evaluation and term decoding
allocate heavily, and in the worker's arena they ran about 10 % slower
(``metrics`` on 10,000 articles: 5.75 s against 5.18 s with one arena, fresh
processes alternating; benchmarks/README.md). With one arena the two threads
share the main one; they take turns (the worker computes a batch while the
main thread waits, and the other way round), so they do not contend for it.

This is a setting of the whole process, so only the command line makes it,
never the library: a program that imports g60kg and runs threads of its own
keeps its allocator as it is.
"""

from __future__ import annotations

#: glibc's ``mallopt`` parameter number for the most arenas (``malloc.h``).
_M_ARENA_MAX = -8


def share_one_arena() -> bool:
    """Ask glibc for one malloc arena; False where the C library is not glibc."""
    import ctypes  # already imported on the query path (g60kg.netguard)

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (AttributeError, OSError):  # macOS, musl without mallopt, Windows
        return False
    return bool(mallopt(_M_ARENA_MAX, 1))
