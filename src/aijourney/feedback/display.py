"""Showing feedback: Markdown rendered as Markdown in a notebook (bold, code, code blocks), plain
text in a script or a test."""

from __future__ import annotations

import html
from functools import lru_cache
from typing import Any

COLOURS = {"correct": "#1b7f3b", "incorrect": "#b3261e", "not_attempted": "#8a6d00"}
ICONS = {"correct": "✔", "incorrect": "✘", "not_attempted": "…"}


@lru_cache(maxsize=1)
def _markdown():
    import mistune

    # escape=True: a trainee's value quoted in a message (``got=...``) can never become HTML
    return mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])


def markdown_html(text: str) -> str:
    """The catalogue's Markdown as safe HTML."""
    return _markdown()(text).strip()


def result_html(status: str, label: str, message: str) -> str:
    colour = COLOURS[status]
    return (
        f'<div style="border-left:4px solid {colour};padding:4px 10px;margin:4px 0">'
        f'<b style="color:{colour}">{ICONS[status]} {html.escape(label)}</b>'
        f"{markdown_html(message)}</div>"
    )


def in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with JupyterLab
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def show(obj: Any = None, markdown: str | None = None) -> None:
    """Display ``obj`` (or ``markdown``, rendered) in a notebook; print it elsewhere."""
    if in_notebook():
        from IPython.display import HTML, display

        display(HTML(f'<div class="aijourney-feedback">{markdown_html(markdown)}</div>') if markdown is not None else obj)
    else:
        print(markdown if markdown is not None else str(obj))
