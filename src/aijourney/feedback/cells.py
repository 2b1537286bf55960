"""What happened to the cells a trainee ran: a Vietnamese explanation under every failing cell,
and, for ``check()``, which names were in a cell whose last run failed.

``install()`` (called when ``aijourney.feedback`` is imported in a kernel) registers an IPython
``post_run_cell`` callback. A cell that fails marks every name it mentions as "failed"; a later
cell that runs without error and mentions the name clears it. So ``check()`` of an answer whose
cell just failed reports that error (the current state), not an older value still in memory.
"""

from __future__ import annotations

import re
from typing import Any

_failed: dict[str, str] = {}
_installed: set[int] = set()
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _names(source: str) -> set[str]:
    return set(_IDENT.findall(source or ""))


def last_failure(name: str) -> str | None:
    """The explanation of the error of the last failed cell mentioning ``name``, if any."""
    return _failed.get(name)


def record(source: str, error: BaseException | None) -> str | None:
    """Note the outcome of running ``source``; returns the explanation to show, if it failed."""
    names = _names(source)
    if error is None:
        for name in names:
            _failed.pop(name, None)
        return None
    from .errors import explain, headline

    text = f"`{headline(error)}` — {explain(error)}"
    checks = {m.group(1) for m in re.finditer(r"\b(\w+)\.(?:check|hint|solution)\(", source or "")}
    for name in names - checks:
        _failed[name] = text
    return explain(error)


def _after_cell(result: Any) -> None:
    error = result.error_before_exec or result.error_in_exec
    if isinstance(error, KeyboardInterrupt):
        return
    explanation = record(getattr(result.info, "raw_cell", "") or "", error)
    if explanation:
        from ..i18n import t
        from .display import show

        show(markdown=f"🛟 **{t('error.label')}**\n\n{explanation}")


def install(shell: Any = None) -> bool:
    """Register the callback in the running IPython kernel (once); False outside a kernel."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover
            return False
        shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return False
    if id(shell) not in _installed:
        shell.events.register("post_run_cell", _after_cell)
        _installed.add(id(shell))
    return True


def reset() -> None:
    """Forget every recorded failure (tests)."""
    _failed.clear()
