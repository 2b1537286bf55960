"""HTML pages rendered from the Jinja2 templates in ``aijourney/templates``.

One environment is shared by every page (instructor report, contest leaderboard, talent profiles):
autoescaping is always on, because names of trainees and sites come from a roster and must never
inject markup; a variable the page forgets to pass is an error (``StrictUndefined``), not a blank.
Pages extend ``base.html.j2`` (blocks ``title``, ``style`` and ``content``).
"""

from __future__ import annotations

import math
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined

MISSING = "–"  # shown for a number that does not exist (no trainees, a correlation of constants)


def _absent(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def format_number(x: float | None) -> str:
    """``4.25`` → ``"4.25"``, ``4.0`` → ``"4"``, ``4.625`` → ``"4.62"``: at most two decimals, no trailing zeros."""
    if _absent(x):
        return MISSING
    return f"{x:.2f}".rstrip("0").rstrip(".")


def format_percent(share: float | None) -> str:
    """A share in [0, 1] as a whole percentage: ``0.6`` → ``"60%"``."""
    return MISSING if _absent(share) else f"{100 * share:.0f}%"


def format_fixed(x: float | None, digits: int = 2) -> str:
    """``x`` with exactly ``digits`` decimals: ``0.5`` → ``"0.50"``."""
    return MISSING if _absent(x) else f"{x:.{digits}f}"


FILTERS = {"number": format_number, "percent": format_percent, "fixed": format_fixed}


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The shared environment (built once). Every template here is HTML, so autoescape is simply on:
    unlike an extension rule it cannot be bypassed by how a template is named."""
    env = Environment(loader=PackageLoader("aijourney", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(FILTERS)
    return env


def render(template_name: str, **context: object) -> str:
    """Render ``templates/<template_name>`` with ``context``; a missing variable raises ``UndefinedError``."""
    return environment().get_template(template_name).render(**context)
