"""A short Vietnamese explanation of a Python error, and what to try: shown under every failing
cell of the course (see ``cells``), and inside ``check()`` when the answer's cell failed.

We looked at ``friendly-traceback`` (friendlier tracebacks, Jupyter support, translatable): it has
no Vietnamese translation and its catalogue is thousands of messages. The course meets a dozen
kinds of error; each is explained here from the catalogue (keys ``error.*``), and any other error
still gets a general explanation.
"""

from __future__ import annotations

import re

from ..i18n import has, t

_NAME = re.compile(r"name '([^']+)' is not defined")
_ATTRIBUTE = re.compile(r"'([^']+)' object has no attribute '([^']+)'")
_MODULE = re.compile(r"No module named '([^']+)'")


def _name_error(exc: BaseException) -> tuple[str, dict]:
    match = _NAME.search(str(exc))
    name = match.group(1) if match else "?"
    if re.fullmatch(r"[A-Da-d]", name):
        return "error.NameError.letter", {"name": name, "letter": name.upper()}
    if name == "____":  # pragma: no cover - the lessons import ____, but a trainee may not have run that cell
        return "error.NameError.placeholder", {"name": name}
    return "error.NameError", {"name": name}


def _syntax_error(exc: BaseException) -> tuple[str, dict]:
    line = getattr(exc, "lineno", None) or "?"
    text = (getattr(exc, "text", None) or "").strip()
    kind = type(exc).__name__
    if kind in ("IndentationError", "TabError"):
        return "error.IndentationError", {"line": line, "code": text}
    message = str(getattr(exc, "msg", "") or "")
    if "never closed" in message or "unterminated" in message or "was never closed" in message:
        return "error.SyntaxError.unclosed", {"line": line, "code": text}
    if "invalid decimal literal" in message or "invalid character" in message:
        return "error.SyntaxError.character", {"line": line, "code": text}
    return "error.SyntaxError", {"line": line, "code": text}


def _attribute_error(exc: BaseException) -> tuple[str, dict]:
    match = _ATTRIBUTE.search(str(exc))
    kind, attr = (match.group(1), match.group(2)) if match else ("?", "?")
    return "error.AttributeError", {"kind": kind, "attr": attr}


def _module_error(exc: BaseException) -> tuple[str, dict]:
    match = _MODULE.search(str(exc))
    return "error.ModuleNotFoundError", {"module": match.group(1) if match else "?"}


def _type_error(exc: BaseException) -> tuple[str, dict]:
    if "sequence by non-int" in str(exc) or "can only concatenate tuple" in str(exc):
        return "error.TypeError.sequence", {}
    return "error.TypeError", {}


_SPECIAL = {
    "TypeError": _type_error,
    "NameError": _name_error,
    "SyntaxError": _syntax_error,
    "IndentationError": _syntax_error,
    "TabError": _syntax_error,
    "AttributeError": _attribute_error,
    "ModuleNotFoundError": _module_error,
}


def explain(exc: BaseException) -> str:
    """The explanation (Markdown) of ``exc`` in the current language."""
    kind = type(exc).__name__
    if kind in _SPECIAL:
        key, params = _SPECIAL[kind](exc)
    else:
        key, params = f"error.{kind}", {}
    if not has(key):
        key = "error.other"
    params = {"kind": kind, "detail": str(exc)[:200], **params}
    return t(key, **params)


def headline(exc: BaseException) -> str:
    """One line: ``NameError: name 'B' is not defined``."""
    detail = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {detail}"[:200]
