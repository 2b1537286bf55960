"""Texts the model already wrote, kept on disk when ``AIJOURNEY_LLM_MEMO`` names a folder.

What the model writes is a function of the prepared model, the prompt and the settings (greedy, or
sampled from a fixed seed), so a second run of the same notebook may reuse the texts of the first.
The test suite sets it while it runs the lesson notebooks (the worked-solution check and nbval run
each language-model lesson once each); unset, the default, nothing is kept or read.

Never set it where trainee code shares the folder with other people's work (a grading machine
running stock nbgrader): a trainee's code could write texts that other notebooks would then read.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .cache import MANIFEST

ENV = "AIJOURNEY_LLM_MEMO"


def _folder() -> Path | None:
    configured = os.environ.get(ENV, "").strip()
    return Path(configured) if configured else None


def _fingerprint(model_folder: Path) -> str:
    """The prepared model's identity: its manifest (every file and size), else its file sizes."""
    try:
        return (model_folder / MANIFEST).read_text("utf-8")
    except OSError:
        return json.dumps({p.name: p.stat().st_size for p in sorted(model_folder.iterdir()) if p.is_file()})


def _path(folder: Path, model_folder: Path, request: list) -> Path:
    key = json.dumps([str(model_folder), _fingerprint(model_folder), request], ensure_ascii=False, sort_keys=True)
    return folder / (hashlib.sha256(key.encode("utf-8")).hexdigest() + ".json")


def recall(model_folder: Path, request: list) -> list[str] | None:
    """The texts kept for ``request``, or None (no memo folder, nothing kept, or unreadable)."""
    folder = _folder()
    if folder is None:
        return None
    try:
        texts = json.loads(_path(folder, model_folder, request).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return texts if isinstance(texts, list) and all(isinstance(x, str) for x in texts) else None


def remember(model_folder: Path, request: list, texts: list[str]) -> None:
    """Keep ``texts`` for ``request`` (written whole, then renamed; a folder that cannot be written is skipped)."""
    folder = _folder()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = _path(folder, model_folder, request)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text(json.dumps(texts, ensure_ascii=False), "utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
