"""A persistent on-disk pyoxigraph store per set of data files, so queries do not reparse.

Parsing Turtle is the cost of a cold query (about 2.6 s per million triples
here), while opening a RocksDB store and answering a query takes milliseconds.
So the first query over a set of files bulk-loads them into a store on disk
and later queries open it read-only.

Layout (``ROOT`` is ``<build dir>/.g60kg-store`` when every data file sits in
one build folder, else the cache dir ``$G60KG_CACHE_DIR``,
``$XDG_CACHE_HOME/g60kg`` or ``~/.cache/g60kg``, under ``stores/``)::

    ROOT/<files-key>.json              the files' (path, size, mtime) and content key
    ROOT/<files-key>-<content-key>/    the store of exactly those bytes
    ROOT/tmp-*/                        a store being loaded

``files-key`` hashes the resolved paths, ``content-key`` the files' bytes.
Data of up to ``HASH_ALWAYS_BYTES`` is rehashed on every query (50 ms for 64
MiB here): a file rewritten with the same size and modification time (``cp
-p``, ``touch -d``, a restore) must not answer from the old store. Larger data
is trusted while its stat signature (path, size, modification *and* change
time, inode) is unchanged, and the query says so (``OpenedStore.trusted``); the
change time cannot be set back by a program, so only a rewrite within the
same clock tick goes unseen. A changed signature rehashes, and only a changed
content loads a new store. A new store is loaded into a fresh ``tmp-``
folder and renamed into place (rename is atomic, so a reader sees a whole
store or none, and two processes racing keep the first); the old stores of
the same files are removed afterwards. A store is never emptied and reloaded
in place: that grew RocksDB 5x and slowed queries 2-6x.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import pyoxigraph

from g60kg.errors import InputError
from g60kg.fileio import atomic_write_bytes
from g60kg.graph.formats import rdf_format

STORE_DIR_NAME = ".g60kg-store"
_CHUNK = 1 << 20
#: Data up to this size is hashed on every query rather than trusted by its stat.
HASH_ALWAYS_BYTES = 64 << 20
#: Half-loaded stores older than this are debris of a killed process.
_STALE_TMP_SECONDS = 3600


# Named tuples, not dataclasses: each dataclass costs 0.5-2 ms at import on every query.
class OpenedStore(NamedTuple):
    """A read-only store and where it came from (``reused`` False when just loaded).

    ``trusted`` is True when the data (over ``HASH_ALWAYS_BYTES``) was not
    rehashed because its stat signature had not changed.
    """

    store: object  # pyoxigraph.Store; typed loosely so this module imports lazily
    path: Path
    reused: bool
    trusted: bool = False


def cache_dir() -> Path:
    """Where stores of files outside a build folder go."""
    explicit = os.environ.get("G60KG_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "g60kg"


def store_root(files: Sequence[Path]) -> Path:
    """``<dir>/.g60kg-store`` when all files are in one writable build folder, else the cache.

    A build folder is one holding ``g60kg.ttl`` (what ``g60kg build`` writes);
    anything else (``--data`` files in the source tree, say) keeps its store
    in the user's cache so the tool never litters the user's folders.
    """
    parents = {Path(f).resolve().parent for f in files}
    if len(parents) == 1:
        (parent,) = parents
        if (parent / "g60kg.ttl").is_file() and os.access(parent, os.W_OK):
            return parent / STORE_DIR_NAME
    return cache_dir() / "stores"


def _stat_signature(files: Sequence[Path]) -> list[list[object]]:
    signature: list[list[object]] = []
    for f in files:
        try:
            st = Path(f).stat()
        except FileNotFoundError:
            raise InputError(f"{f}: no such data file") from None
        signature.append(
            [str(Path(f).resolve()), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        )
    return signature


def _content_key(files: Sequence[Path]) -> str:
    import hashlib  # here and below: the in-memory path needs neither it nor shutil (4 ms)

    digest = hashlib.sha256()
    for f in files:
        digest.update(str(rdf_format(f).file_extension).encode() + b"\0")
        with open(f, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
        digest.update(b"\0\0file-end\0\0")
    return digest.hexdigest()[:32]


def _files_key(files: Sequence[Path]) -> str:
    import hashlib  # see _content_key

    joined = "\0".join(str(Path(f).resolve()) for f in files)
    return hashlib.sha256(joined.encode()).hexdigest()[:16]


def load_files(store, files: Sequence[Path], *, bulk: bool = True) -> None:
    """Parse ``files`` into ``store``; a syntax error names file, line and column."""
    for f in files:
        fmt = rdf_format(f)
        base = Path(f).resolve().as_uri()
        try:
            if bulk:
                store.bulk_load(path=str(f), format=fmt, base_iri=base)
            else:
                store.load(path=str(f), format=fmt, base_iri=base)
        except SyntaxError as exc:
            where = f"{f}:{exc.lineno}:{exc.offset}" if exc.lineno else str(f)
            message = str(exc.msg if exc.lineno else exc).splitlines()[0]
            message = re.sub(r"^Parser error (at|between) line .*?: ", "", message)
            raise InputError(f"{where}: invalid RDF: {message}") from None
        except FileNotFoundError:
            raise InputError(f"{f}: no such data file") from None
        except IsADirectoryError:
            raise InputError(f"{f}: is a directory, not an RDF file") from None
        except MemoryError as exc:
            # pyoxigraph's parsers stop at a token (a literal, an IRI) over 16 MiB.
            raise InputError(
                f"{f}: cannot load: {str(exc).splitlines()[0] if str(exc) else 'out of memory'} "
                "(pyoxigraph reads no single literal or IRI over 16 MiB)"
            ) from None
        except (OSError, ValueError) as exc:
            raise InputError(f"{f}: cannot load: {str(exc).splitlines()[0]}") from None


def open_store(files: Sequence[Path], root: Path | None = None) -> OpenedStore:
    """A read-only pyoxigraph store holding exactly ``files``, reused when they are unchanged."""
    files = [Path(f) for f in files]
    root = Path(root) if root is not None else store_root(files)
    root.mkdir(parents=True, exist_ok=True)
    files_key = _files_key(files)
    index = root / f"{files_key}.json"
    signature = _stat_signature(files)

    content_key = None
    small = sum(int(entry[1]) for entry in signature) <= HASH_ALWAYS_BYTES
    recorded = {}
    try:
        recorded = json.loads(index.read_text(encoding="utf-8"))
        if recorded.get("files") == signature and not small:
            content_key = recorded.get("content")
    except (OSError, ValueError):
        pass
    trusted = content_key is not None and (root / f"{files_key}-{content_key}").is_dir()
    if not trusted:
        content_key = _content_key(files)
    target = root / f"{files_key}-{content_key}"

    reused = target.is_dir()
    if not reused:
        _load_into_new_dir(files, root, target)
    if recorded != {"files": signature, "content": content_key}:  # rewriting costs an fsync
        _write_index(index, signature, content_key)
    _remove_old(root, files_key, keep=target)
    try:
        store = pyoxigraph.Store.read_only(str(target))
    except OSError:
        # Another process replaced it between our check and open: load afresh.
        _load_into_new_dir(files, root, target)
        store = pyoxigraph.Store.read_only(str(target))
        reused = trusted = False
    return OpenedStore(store, target, reused, trusted)


def _load_into_new_dir(files: Sequence[Path], root: Path, target: Path) -> None:
    import shutil  # see _content_key
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="tmp-", dir=root))
    try:
        store = pyoxigraph.Store(str(tmp / "db"))
        load_files(store, files, bulk=True)
        store.flush()
        store.optimize()
        del store  # closes RocksDB before the rename
        try:
            os.rename(tmp / "db", target)
        except OSError:
            if not target.is_dir():
                raise
            # A concurrent process won the race with the same content: use theirs.
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _write_index(index: Path, signature: list[list[object]], content_key: str) -> None:
    payload = json.dumps({"files": signature, "content": content_key}, indent=1)
    with contextlib.suppress(OSError):  # only an optimisation: the next run hashes again
        atomic_write_bytes(index, payload.encode())


def _remove_old(root: Path, files_key: str, keep: Path) -> None:
    import shutil  # see _content_key

    now = time.time()
    for entry in root.iterdir():
        if entry == keep or not entry.is_dir():
            continue
        old_store = entry.name.startswith(f"{files_key}-")
        stale_tmp = (
            entry.name.startswith("tmp-") and now - entry.stat().st_mtime > _STALE_TMP_SECONDS
        )
        if old_store or stale_tmp:
            shutil.rmtree(entry, ignore_errors=True)


def memory_store(files: Sequence[Path]):  # -> pyoxigraph.Store
    """A private in-memory store of ``files`` (for updates, which must not touch the cache)."""
    store = pyoxigraph.Store()
    load_files(store, [Path(f) for f in files], bulk=False)
    return store
