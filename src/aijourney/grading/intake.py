"""Reading a submission without following anything: only regular files with one name are read.

Symbolic links (to the source notebook, the gradebook, ``/proc/self/environ``...), hard links,
devices, FIFOs and sockets are refused with a note ("refused b1-ocop.ipynb: a symbolic link (not
followed)"), never followed, read or copied. Directories are walked with ``os.scandir`` on
descriptors, each opened relative to its parent with ``O_NOFOLLOW`` (no path leaves the folder);
files are opened the same way with ``O_NONBLOCK`` (a FIFO never blocks), checked with ``fstat``."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Callable, Iterable, Iterator

REFUSED_FILE = ".aijourney-refused.txt"  # written by collect: what it refused in the exchange
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
_MB = 2**20


@dataclass
class Intake:
    """What a submission folder holds, as bytes read from regular files only."""

    notebooks: dict[str, bytes | None]  # notebook name -> bytes (None: missing or refused)
    extra_files: dict[str, bytes] = field(default_factory=dict)  # relative path -> bytes
    notes: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # relative paths that were not read
    unknown: list[str] = field(default_factory=list)  # notebooks that are not the assignment's (renamed?)
    fingerprint: str = ""  # sha256 over names and bytes (and refused names)


_LINK = "a symbolic link (not followed)"
_KINDS = ((stat.S_ISLNK, _LINK), (stat.S_ISFIFO, "a named pipe (FIFO), not a regular file"),
          (stat.S_ISSOCK, "a socket, not a regular file"),
          (lambda mode: stat.S_ISCHR(mode) or stat.S_ISBLK(mode), "a device, not a regular file"))


def _problem(st: os.stat_result, hard_links: bool = False) -> str | None:
    """Why an entry with this (l)stat is not read, or None for a plain regular file."""
    reason = next((reason for test, reason in _KINDS if test(st.st_mode)), None)
    if reason or not stat.S_ISREG(st.st_mode):
        return reason or "not a regular file"
    if st.st_nlink > 1 and not hard_links:
        return f"a hard link (the file has {st.st_nlink} names), not read"
    return None


def _open_problem(exc: OSError, name: str | Path, dir_fd: int | None = None) -> str:
    """Why ``name`` could not be opened (O_DIRECTORY | O_NOFOLLOW on a link fails with ENOTDIR)."""
    try:
        problem = _problem(os.stat(name, dir_fd=dir_fd, follow_symlinks=False))
    except OSError:
        problem = None
    return problem or (_LINK if exc.errno == errno.ELOOP else f"could not be opened ({exc.strerror})")


def _walk(dir_fd: int, skip: Callable[[str], bool], limit: Callable[[str], int | None], hard_links: bool,
          prefix: str = "") -> Iterator[tuple[str, bytes | None, int, str | None]]:
    """:func:`plain_files` below an open directory: real directories are descended, never links."""
    with os.scandir(dir_fd) as it:
        entries = sorted(it, key=lambda e: e.name)
    for entry in entries:
        rel = prefix + entry.name
        if skip(rel):
            continue
        st = entry.stat(follow_symlinks=False)
        if not stat.S_ISDIR(st.st_mode):
            problem = _problem(st, hard_links=True)  # read_plain checks the link count on the open file
            yield (rel, None, 0, problem) if problem else (rel, *read_plain(dir_fd, entry.name, limit(rel), hard_links))
            continue
        try:
            fd = os.open(entry.name, _DIR_FLAGS, dir_fd=dir_fd)
        except OSError as exc:
            yield rel, None, 0, _open_problem(exc, entry.name, dir_fd)
            continue
        try:
            yield from _walk(fd, skip, limit, hard_links, rel + "/")
        finally:
            os.close(fd)


def read_plain(dir_fd: int, name: str, limit: int | None,
               hard_links: bool = False) -> tuple[bytes | None, int, str | None]:
    """``(bytes, size, problem)`` of the regular file ``name`` in ``dir_fd``; bytes is None when
    the file is refused (``problem`` says why) or larger than ``limit`` (then never read whole)."""
    try:
        fh = os.fdopen(os.open(name, _FILE_FLAGS, dir_fd=dir_fd), "rb")
    except OSError as exc:
        return None, 0, _open_problem(exc, name, dir_fd)
    with fh:
        st = os.fstat(fh.fileno())
        problem = _problem(st, hard_links)
        if problem or (limit is not None and st.st_size > limit):
            return None, st.st_size, problem
        data = fh.read() if limit is None else fh.read(limit + 1)  # the file may grow meanwhile
        return (None if limit is not None and len(data) > limit else data), len(data), None


def plain_files(folder: Path, skip: Callable[[str], bool], limit: Callable[[str], int | None],
                hard_links: bool = False) -> Iterator[tuple[str, bytes | None, int, str | None]]:
    """``(relative path, bytes, size, problem)`` of every file below ``folder`` (see
    :func:`read_plain`); nothing if ``folder`` does not exist, a refusal if it is a link."""
    try:
        root = os.open(folder, _DIR_FLAGS)
    except FileNotFoundError:
        return
    except OSError as exc:
        yield "the submission folder", None, 0, _open_problem(exc, folder)
        return
    try:
        yield from _walk(root, skip, limit, hard_links)
    finally:
        os.close(root)


def not_extra(rel: str) -> bool:
    """Entries that are not files beside the notebook: notebooks, checkpoints, collect's notes."""
    return rel.endswith(".ipynb") or ".ipynb_checkpoints" in rel.split("/") or rel == REFUSED_FILE


def read_submission(folder: Path, notebook_names: Iterable[str], max_notebook_bytes: int,
                    max_extra_bytes: int) -> Intake:
    """The notebooks and the files beside them in ``folder``, refusing anything not plain.

    Notebooks in sub-folders are skipped, notebooks not in the assignment are listed, not read."""
    intake = Intake({name: None for name in notebook_names})
    unknown = intake.unknown

    def limit(rel: str) -> int:
        if rel.endswith(".ipynb"):
            return max_notebook_bytes if rel[:-6] in intake.notebooks else 0
        return 64 * 1024 if rel == REFUSED_FILE else max_extra_bytes

    skip = lambda rel: ".ipynb_checkpoints" in rel.split("/") or ("/" in rel and rel.endswith(".ipynb"))  # noqa: E731
    for rel, data, size, problem in plain_files(Path(folder), skip, limit):
        stem = rel[:-6] if rel.endswith(".ipynb") else None
        if problem:
            intake.refused.append(rel)
            intake.notes.append(f"refused {rel}: {problem}")
        elif stem is not None and stem not in intake.notebooks:
            unknown.append(rel)
        elif stem is not None and data is None:
            intake.notes.append(f"{rel} is {size // _MB} MB, more than the {max_notebook_bytes // _MB} MB allowed")
            intake.notebooks[stem] = b"{}"
        elif stem is not None:
            intake.notebooks[stem] = data
        elif rel == REFUSED_FILE:  # what collect refused in the exchange
            lines = [line.strip() for line in (data or b"").decode("utf-8", "replace").splitlines() if line.strip()]
            intake.notes += lines
            intake.refused += [line[8:].rsplit(": ", 1)[0] for line in lines if line.startswith("refused ")]
        elif data is None:
            intake.notes.append(f"{rel} ({size // _MB} MB) was not copied: files beside the notebook may be at "
                                f"most {max_extra_bytes // _MB} MB")
        else:
            intake.extra_files[rel] = data
    if unknown:
        intake.notes.append("notebooks not in the assignment were ignored: " + ", ".join(unknown))
    parts = [name.encode() + b"\0" + data for name, data in intake.notebooks.items() if data is not None]
    parts += [rel.encode() + b"\0" + intake.extra_files[rel] for rel in sorted(intake.extra_files)]
    parts += [b"refused\0" + rel.encode() + b"\0" for rel in intake.refused]
    intake.fingerprint = hashlib.sha256(b"".join(parts)).hexdigest()
    return intake


def safe_copy_tree(src: Path, dest: Path, max_bytes: int | None = None,
                   skip: Callable[[str], bool] = lambda rel: False, hard_links: bool = False) -> list[str]:
    """Copy the regular files below ``src`` into ``dest``, refusing links, devices, FIFOs, sockets
    and (unless ``hard_links``) hard links, and files over ``max_bytes``: a note for each."""
    Path(dest).mkdir(parents=True, exist_ok=True)
    notes = []
    for rel, data, size, problem in plain_files(Path(src), skip, lambda rel: max_bytes, hard_links):
        if problem:
            notes.append(f"refused {rel}: {problem}")
        elif data is None:
            notes.append(f"{rel} ({size // 1000} kB) was not copied: larger than {max_bytes // 1000} kB")
        else:
            (Path(dest) / rel).parent.mkdir(parents=True, exist_ok=True)
            (Path(dest) / rel).write_bytes(data)
    return notes


def collect_copy(src: Path, dest: Path, ignore: Iterable[str] = (), max_bytes: int | None = None) -> list[str]:
    """:func:`safe_copy_tree` for collecting from the exchange: names matching ``ignore`` are
    skipped, and the notes go into ``dest/REFUSED_FILE`` (a trainee's own file of that name is
    refused), where :func:`read_submission` finds them."""
    patterns = list(ignore)
    notes = safe_copy_tree(src, dest, max_bytes, lambda rel: any(fnmatch(rel.rsplit("/", 1)[-1], p) for p in patterns))
    own = Path(dest) / REFUSED_FILE
    if own.exists():
        own.unlink()
        notes.append(f"refused {REFUSED_FILE}: a name reserved for the grader's notes")
    if notes:
        own.write_text("".join(note + "\n" for note in notes), "utf-8")
    return notes
