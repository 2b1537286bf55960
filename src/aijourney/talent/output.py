"""Writing what the talent tools produce. Every input is read and checked before the first file is
written, so an input error never leaves half the outputs behind; each file is written through a
temporary file and a rename, so a reader never sees a half-written page."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import tempfile
from pathlib import Path
from typing import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SAFE_ID = re.compile(r"[a-z0-9_-]{1,64}")


def cell(value: object) -> str:
    """A text cell that Excel or LibreOffice shows as text: one starting like a formula (``=``, ``+``,
    ``-``, ``@``) gets a leading apostrophe, so a name like ``=HYPERLINK(...)`` is never run."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_bytes(header: list[str], rows: Iterable[list[object]]) -> bytes:
    """CSV in UTF-8 with a BOM (how Excel recognises UTF-8), text cells made formula-safe; numbers
    (``int``/``float``) are written as they are."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([cell(h) for h in header])
    for row in rows:
        writer.writerow([v if isinstance(v, (int, float)) and not isinstance(v, bool) else cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def page_name(trainee_id: str) -> str:
    """The profile file of a trainee: ``<id>.html`` for a plain lower-case id, else a cleaned id, a dot
    and a hash of the real one (no path separators, no hidden files, no two ids on one file: a plain
    id never contains a dot)."""
    if _SAFE_ID.fullmatch(trainee_id):
        return f"{trainee_id}.html"
    cleaned = re.sub(r"[^a-z0-9_-]+", "_", trainee_id.lower()).strip("_")[:40] or "hoc-vien"
    return f"{cleaned}.{hashlib.sha256(trainee_id.encode('utf-8')).hexdigest()[:10]}.html"


def write_files(out_dir: Path, files: Iterable[tuple[str, bytes | str]]) -> list[Path]:
    """Write ``files`` (relative path, content; text is UTF-8) under ``out_dir``, one at a time."""
    out_dir = Path(out_dir)
    written = []
    for rel, content in files:
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        written.append(path)
    return written
