"""One message catalogue for every trainee-facing text the package prints.

Messages live in ``locale/<lang>/*.json`` — ``core.json`` for the package, one file per lesson
(``b1.json`` ...) — merged into one flat catalogue per language; a key defined twice is an error.
Vietnamese is the default, English is available.
Choose the language with ``set_language("en")`` or the ``AIJOURNEY_LANG`` environment variable.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib import resources

DEFAULT_LANGUAGE = "vi"
LANGUAGES = ("vi", "en")

_current: str | None = None


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """Return the message catalogue of ``lang`` (a flat key -> template mapping)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {LANGUAGES}")
    merged: dict[str, str] = {}
    folder = resources.files("aijourney").joinpath("locale", lang)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        for key, value in json.loads(entry.read_text("utf-8")).items():
            if key in merged:
                raise ValueError(f"message {key!r} is defined twice (locale/{lang}/{entry.name})")
            merged[key] = value
    return merged


def get_language() -> str:
    lang = _current or os.environ.get("AIJOURNEY_LANG", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def set_language(lang: str) -> None:
    """Switch the language of every later message (``"vi"`` or ``"en"``)."""
    global _current
    catalogue(lang)  # validates
    _current = lang


def t(key: str, lang: str | None = None, **params: object) -> str:
    """Translate ``key`` and fill its ``{placeholders}`` from ``params``.

    A key missing from the chosen language falls back to Vietnamese; a key missing
    everywhere is a programming error and raises ``KeyError``.
    """
    lang = lang or get_language()
    messages = catalogue(lang)
    if key not in messages:
        messages = catalogue(DEFAULT_LANGUAGE)
    template = messages[key]
    return template.format(**params) if params else template


def has(key: str) -> bool:
    return key in catalogue(DEFAULT_LANGUAGE)
