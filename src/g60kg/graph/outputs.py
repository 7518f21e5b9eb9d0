"""A build owns its folder's outputs, and says which they are in ``manifest.json``.

Without this, ``g60kg build X --format ttl`` after a full build left the old
N-Triples, TriG, JSON-LD and VoID beside the new Turtle, and ``g60kg serve``
(which prefers the TriG) served the old graph while ``g60kg query`` answered
from the new one. So one build:

* holds a lock on its output folder for its whole run (:func:`build_lock`),
  so two builds into one folder run one after the other, never interleaved;
* stages its files and publishes them together with a manifest
  (:func:`staged_build`), renamed last: the file names, sizes and SHA-256 of
  exactly what this build wrote;
* then removes the outputs of earlier builds that it did not write again:
  those the previous manifest listed, and the known output names of a folder
  built before manifests existed. Only plain file names in the folder are
  ever removed, never a path a manifest makes up.

Readers that pick files out of a build folder (serve, query, load, docs,
``validate --stores``) ask :func:`current_outputs` or :func:`graph_file`,
which read the manifest, so they only ever see what the latest build wrote.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from g60kg.errors import InputError
from g60kg.fileio import folder_lock, staged_outputs
from g60kg.graph.layout import (
    ARTICLES_FOLDER,
    MANIFEST_FILE,
    PARTS_FOLDER,
    QUADS_FOLDER,
    TRIPLES_FOLDER,
)
from g60kg.version import __version__

#: Output formats and their files (``g60kg build --format``).
FORMAT_FILES = {
    "ttl": "g60kg.ttl",
    "nt": "g60kg.nt",
    "jsonld": "g60kg.jsonld",
    "trig": "g60kg.trig",
    "void": "void.ttl",
}
#: Seconds a build waits for another build writing into the same folder.
BUILD_LOCK_WAIT = 60.0


@contextmanager
def build_lock(out_dir: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the output folder for one build; a second build waits, then refuses in one line."""
    with folder_lock(out_dir, wait=BUILD_LOCK_WAIT if wait is None else wait):
        yield


@contextmanager
def staged_build(
    out_dir: Path, *, work_folder: bool = False, parts: bool = False
) -> Iterator[Path]:
    """:func:`g60kg.fileio.staged_outputs` for one build's files, plus manifest and clean-up.

    Write the outputs into the yielded folder. On success the manifest of the
    staged files is added and renamed into place after them; then the outputs
    of earlier builds this one did not write are removed (and the previous
    build's ``articles/`` work folder, unless ``work_folder`` says this build
    keeps one). ``parts`` says this build writes a ``parts/`` folder (a cluster
    build, :mod:`g60kg.graph.parts`): the build manifest names the folder,
    whose own manifest lists its files, and the parts of an earlier build that
    this one did not write again are removed (all of them after a one-machine
    build). On failure nothing in ``out_dir`` changes. Call it inside
    :func:`build_lock`.
    """
    out_dir = Path(out_dir)
    previous = _listed(out_dir)
    with staged_outputs(out_dir, last=MANIFEST_FILE) as stage:
        yield stage
        written = write_manifest(stage, work_folder=work_folder, parts=parts)
        staged_parts = {
            p.relative_to(stage / PARTS_FOLDER).as_posix()
            for p in (stage / PARTS_FOLDER).rglob("*")
            if p.is_file()
        }
    stale = (set(previous["files"]) | set(FORMAT_FILES.values())) - set(written)
    for name in sorted(stale):
        target = out_dir / name
        if target.is_file() and not target.is_symlink():
            target.unlink()
    if ARTICLES_FOLDER in previous["folders"] and not work_folder:
        _remove_work_folder(out_dir / ARTICLES_FOLDER)
    if PARTS_FOLDER in previous["folders"]:
        _remove_stale_parts(out_dir / PARTS_FOLDER, keep=staged_parts)


def write_manifest(stage: Path, *, work_folder: bool = False, parts: bool = False) -> list[str]:
    """Write ``manifest.json`` describing every file in ``stage``; return their names.

    The manifest holds no time stamp, so building twice gives the same bytes.
    """
    files = []
    for path in sorted(p for p in stage.iterdir() if p.is_file() and p.name != MANIFEST_FILE):
        import hashlib  # here: 2.5 ms to import, and queries read the manifest only

        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
        files.append(
            {"name": path.name, "bytes": path.stat().st_size, "sha256": digest.hexdigest()}
        )
    document = {
        "generator": f"g60kg {__version__}",
        "files": files,
        "folders": [ARTICLES_FOLDER] * work_folder + [PARTS_FOLDER] * parts,
    }
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    (stage / MANIFEST_FILE).write_text(text, encoding="utf-8")
    return [entry["name"] for entry in files]


def _plain_name(name: object) -> bool:
    """A file name directly in the folder: no separator, not ``.`` or ``..``."""
    return (
        isinstance(name, str)
        and name not in ("", ".", "..")
        and "/" not in name
        and "\0" not in name
    )


def _listed(folder: Path) -> dict[str, list[str]]:
    """The file and folder names a folder's manifest lists; empty lists if it has none.

    A manifest that cannot be read counts as none: it must not stop the
    build that replaces it.
    """
    try:
        document = json.loads((Path(folder) / MANIFEST_FILE).read_text(encoding="utf-8"))
        files = [entry["name"] for entry in document["files"]]
        folders = list(document.get("folders", []))
    except (OSError, ValueError, KeyError, TypeError):
        return {"files": [], "folders": []}
    return {
        "files": [n for n in files if _plain_name(n)],
        "folders": [n for n in folders if _plain_name(n)],
    }


def _remove_work_folder(folder: Path) -> None:
    """Remove a previous streaming build's per-article N-Triples (and the folder if then empty)."""
    if folder.is_symlink() or not folder.is_dir():
        return
    for path in folder.glob("*.nt"):
        if path.is_file() and not path.is_symlink():
            path.unlink()
    with contextlib.suppress(OSError):  # something else lives there: leave it
        folder.rmdir()


def _remove_stale_parts(folder: Path, keep: set[str]) -> None:
    """Remove an earlier build's part files (the layout's names only) that ``keep`` lacks."""
    if folder.is_symlink() or not folder.is_dir():
        return
    layout = [folder / MANIFEST_FILE]
    layout += folder.glob(f"{TRIPLES_FOLDER}/part-*.nt")
    layout += folder.glob(f"{QUADS_FOLDER}/part-*.nq")
    for path in layout:
        name = path.relative_to(folder).as_posix()
        if name not in keep and path.is_file() and not path.is_symlink():
            path.unlink()
    for sub in (folder / TRIPLES_FOLDER, folder / QUADS_FOLDER, folder):
        with contextlib.suppress(OSError):  # not empty, or gone: leave it
            sub.rmdir()


def read_manifest(folder: Path) -> dict | None:
    """The manifest of a build folder, or None when the folder has none.

    An unreadable manifest is an InputError: a reader must not guess which
    files are current.
    """
    path = Path(folder) / MANIFEST_FILE
    if not path.is_file():
        return None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        for entry in document["files"]:
            if not _plain_name(entry["name"]):
                raise ValueError(f"{entry['name']!r} is not a file name in the folder")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: not a g60kg build manifest ({exc}); rebuild") from None
    return document


def current_outputs(folder: Path) -> dict[str, Path]:
    """Format name -> file of the latest build in ``folder`` (``{"ttl": .../g60kg.ttl, ...}``).

    From the manifest when there is one: a file it lists that is gone is an
    InputError. A folder without a manifest (built before manifests, or put
    together by hand) gives the known output files that exist.
    """
    folder = Path(folder)
    by_name = {name: fmt for fmt, name in FORMAT_FILES.items()}
    manifest = read_manifest(folder)
    if manifest is None:
        return {
            fmt: folder / name for fmt, name in FORMAT_FILES.items() if (folder / name).is_file()
        }
    found: dict[str, Path] = {}
    for entry in manifest["files"]:
        path = folder / entry["name"]
        if not path.is_file():
            raise InputError(
                f"{path}: listed in {folder / MANIFEST_FILE} but missing; run `g60kg build` again"
            )
        if entry["name"] in by_name:
            found[by_name[entry["name"]]] = path
    return found


def graph_file(folder: Path) -> Path:
    """The Turtle of the latest build in ``folder`` (the path where it belongs if there is none)."""
    return current_outputs(folder).get("ttl", Path(folder) / FORMAT_FILES["ttl"])


__all__ = [
    "ARTICLES_FOLDER",
    "BUILD_LOCK_WAIT",
    "FORMAT_FILES",
    "MANIFEST_FILE",
    "build_lock",
    "current_outputs",
    "graph_file",
    "read_manifest",
    "staged_build",
    "write_manifest",
]
