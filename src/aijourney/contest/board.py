"""What a leaderboard shows, as plain data: the ranking code fills it, the page renders it.

Times are in Viet Nam's time zone (``definition.TIME_ZONE``). Before ``finalize`` only the public
columns are filled; after it, every row also has its private (final) rank and score, and
``shake_up`` says how many places a trainee moved between the two.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class BoardRow:
    trainee: str  # the login name
    display_name: str  # as the roster writes it (Vietnamese full name), else the login name
    site: str  # commune / ward (điểm cầu); "" when the roster has none
    area: str  # optional area label (e.g. the former district); "" when none
    public_rank: int
    public_score: float
    entries: int  # scored entries (failed, invalid, late or over-the-limit ones are not counted)
    last_entry: dt.datetime
    private_rank: int | None = None  # filled by finalize
    private_score: float | None = None
    flagged: bool = False  # an entry identical to another trainee's entry

    @property
    def shake_up(self) -> int | None:
        """Places gained from the public to the private ranking (negative: places lost)."""
        return None if self.private_rank is None else self.public_rank - self.private_rank


@dataclass(frozen=True)
class Board:
    contest_id: str
    title: str
    metric: str  # the metric's name, e.g. "macro_f1"
    higher_is_better: bool
    final: bool  # True once the contest is finalized (private ranks shown)
    generated_at: dt.datetime
    rows: list[BoardRow] = field(default_factory=list)  # by private rank when final, else by public rank
    # the best public score so far, after each scored entry that improved it: (time, score)
    history: list[tuple[dt.datetime, float]] = field(default_factory=list)

    def sites(self) -> list[str]:
        return sorted({row.site for row in self.rows if row.site})
