"""The second line of defence against outbound requests: the system refuses them.

The first line is the SPARQL guard (:mod:`g60kg.query.sparqlscan`): SERVICE and
LOAD are refused before an engine sees the query. Should a spelling get past
it, the engine must still not reach the network, and neither engine has an
option for that (pyoxigraph 0.5 has no service handler to switch off, the
oxigraph server none to refuse SERVICE or LOAD, rdflib fetches SERVICE, LOAD
and ``FROM`` graphs with urllib). So:

* :func:`deny_network_in_this_thread` installs a seccomp filter on the calling
  thread (Linux x86-64 and arm64) under which ``socket(AF_INET | AF_INET6)``
  fails with EACCES. A seccomp filter binds one thread and the threads it
  starts, so ``g60kg query`` runs the engine in a worker thread that installs
  it, and the main thread keeps its network. Rust code (pyoxigraph's HTTP
  client) and Python code (rdflib's urllib) are refused alike, and so is the
  DNS lookup before them.
* :func:`spawn_without_connect` starts a process (the oxigraph server) from a
  thread that first forbids itself ``connect()``; the child inherits the
  filter, so in it ``connect()`` fails with EACCES (the server creates its
  listening socket itself, so ``socket()`` must stay allowed; serving never
  connects anywhere). No ``preexec_fn``: running Python in a child forked
  from a threaded process can deadlock.
* Where seccomp is not available, :func:`deny_python_network` still refuses
  Python-level sockets and urllib requests in the calling thread (an audit
  hook, installed only then: it sees every audited event of the process),
  which covers rdflib but not pyoxigraph.

Each function returns whether it took effect, so the caller can say so.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import struct
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# struct seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6].
_NR, _ARCH, _ARG0 = 0, 4, 16
_AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
_SYSCALLS = {"x86_64": {"socket": 41, "connect": 42}, "aarch64": {"socket": 198, "connect": 203}}
_X32_SYSCALL_BIT = 0x40000000
#: Linux's address families (the filters are for Linux), not socket's: 2.5 ms to import.
_AF_INET, _AF_INET6 = 2, 10

_LD_W_ABS, _JEQ_K, _JGE_K, _RET_K = 0x20, 0x15, 0x35, 0x06
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2


def _insn(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def _program(deny: str) -> bytes | None:
    machine = platform.machine()
    if sys.platform != "linux" or machine not in _AUDIT_ARCH:
        return None
    nr = _SYSCALLS[machine][deny]
    refuse = _RET_ERRNO | errno.EACCES
    program = [
        _insn(_LD_W_ABS, _ARCH),
        _insn(_JEQ_K, _AUDIT_ARCH[machine], 1, 0),
        _insn(_RET_K, _RET_ALLOW),  # another ABI: not ours to judge
        _insn(_LD_W_ABS, _NR),
        _insn(_JGE_K, _X32_SYSCALL_BIT, 0, 1),  # x32 calls on x86-64: refuse all
        _insn(_RET_K, refuse),
        _insn(_JEQ_K, nr, 1, 0),
        _insn(_RET_K, _RET_ALLOW),
    ]
    if deny == "socket":
        program += [
            _insn(_LD_W_ABS, _ARG0),  # the address family
            _insn(_JEQ_K, _AF_INET, 2, 0),
            _insn(_JEQ_K, _AF_INET6, 1, 0),
            _insn(_RET_K, _RET_ALLOW),
        ]
    program.append(_insn(_RET_K, refuse))
    return b"".join(program)


class _SockFprog(ctypes.Structure):
    _fields_ = (("len", ctypes.c_ushort), ("filter", ctypes.c_void_p))


def _install(deny: str) -> bool:
    program = _program(deny)
    if program is None:
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        buffer = ctypes.create_string_buffer(program, len(program))
        fprog = _SockFprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return False
        return libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) == 0
    except (OSError, AttributeError):
        return False


def deny_network_in_this_thread() -> bool:
    """Make ``socket(AF_INET/AF_INET6)`` fail in this thread and the threads it starts.

    Irreversible for the thread: call it in a thread made for the work.
    """
    if _install("socket"):
        return True
    return deny_python_network()


def spawn_without_connect(spawn: Callable[[], T]) -> tuple[T, bool]:
    """Call ``spawn`` (which starts a process) in a thread where ``connect()`` fails.

    A seccomp filter is inherited by the processes a thread starts, so the
    process cannot connect anywhere. Returns what ``spawn`` returned and
    whether the filter took effect.
    """
    outcome: dict[str, object] = {}

    def target() -> None:
        outcome["filtered"] = _install("connect")
        try:
            outcome["value"] = spawn()
        except BaseException as exc:  # handed to the calling thread
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="g60kg-spawn", daemon=True)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"], bool(outcome["filtered"])  # type: ignore[return-value]


# --- Python level: an audit hook (cannot be removed, so it checks a thread-local flag) ---

_denied = threading.local()
_hook_lock = threading.Lock()
_hook_installed = False


def _audit(event: str, args: tuple) -> None:
    if not getattr(_denied, "on", False):
        return
    if event == "socket.__new__" and args[1] in (_AF_INET, _AF_INET6):
        raise PermissionError(errno.EACCES, "outbound network access is disabled for queries")
    if event in ("urllib.Request", "socket.getaddrinfo", "http.client.connect"):
        raise PermissionError(errno.EACCES, "outbound network access is disabled for queries")


def deny_python_network() -> bool:
    """Refuse Python sockets, DNS lookups and urllib requests in this thread from now on."""
    global _hook_installed
    with _hook_lock:
        if not _hook_installed:
            sys.addaudithook(_audit)
            _hook_installed = True
    _denied.on = True
    return True
