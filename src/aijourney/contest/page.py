"""The contest leaderboard as static HTML: one page for every trainee, one page per site.

``write_leaderboard(board, out_dir)`` renders ``templates/leaderboard.html.j2`` for the whole board
(``index.html``) and for each site (``<site-slug>.html``). The pages need no JavaScript and no network:
a hub serves the folder as it is. The chart of the best score over time is an inline SVG whose
geometry is computed here; every text (names come from a roster) is escaped by the template.
Each file is written to a temporary file and moved into place, so a reader never sees half a page.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..i18n import t
from ..templating import render
from .board import Board, BoardRow
from .definition import TIME_ZONE

LANG = "vi"  # the language of the pages
TEMPLATE = "leaderboard.html.j2"
INDEX = "index.html"
SITE_FALLBACK_SLUG = "diem-cau"
MAX_SLUG = 60
TIME_FORMAT = "%d/%m/%Y %H:%M"

# chart geometry, in SVG user units
CHART_WIDTH, CHART_HEIGHT = 640, 260
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 76, 620, 16, 214
X_TICKS = 4


class Shift(enum.Enum):
    """How a trainee moved from the public to the final ranking (the value is a CSS class)."""

    UP = "up"
    DOWN = "down"
    SAME = "same"


@dataclass(frozen=True)
class RowView:
    """One table row, every cell already formatted."""

    rank: str
    name: str
    site: str
    score: str
    entries: int
    last_entry: str
    flagged: bool
    public_rank: str
    public_score: str
    shift: Shift | None
    shift_text: str
    shift_title: str


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class AxisLabel:
    position: float  # x for a time tick, y for a score label
    text: str
    anchor: str = "middle"  # SVG text-anchor


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    path: str
    points: list[ChartPoint]
    time_ticks: list[AxisLabel]
    score_labels: list[AxisLabel]
    description: str


@dataclass(frozen=True)
class NavLink:
    label: str
    href: str
    current: bool


def vn_time(moment: dt.datetime) -> dt.datetime:
    """``moment`` in Viet Nam time (a time without a zone is taken as Viet Nam time)."""
    return moment.replace(tzinfo=TIME_ZONE) if moment.tzinfo is None else moment.astimezone(TIME_ZONE)


def format_time(moment: dt.datetime) -> str:
    return vn_time(moment).strftime(TIME_FORMAT)


def format_score(score: float | None) -> str:
    return "—" if score is None else f"{score:.4f}"


def slugify(site: str) -> str:
    """An ASCII file name stem for a site: accents folded, lower case, words joined by '-'."""
    folded = unicodedata.normalize("NFKD", site.replace("đ", "d").replace("Đ", "D"))
    ascii_only = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")[:MAX_SLUG].strip("-")
    return slug or SITE_FALLBACK_SLUG


def site_slugs(sites: list[str]) -> dict[str, str]:
    """A unique slug per site (``index`` is reserved for the page of every trainee)."""
    taken = {Path(INDEX).stem}
    slugs: dict[str, str] = {}
    for site in sorted(sites):
        base = slug = slugify(site)
        number = 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        slugs[site] = slug
    return slugs


def metric_label(metric: str) -> str:
    key = f"leaderboard.metric.{metric}"
    try:
        return t(key, lang=LANG)
    except KeyError:  # a metric this page does not know yet: show its name as is
        return metric


def _shift(row: BoardRow) -> tuple[Shift | None, str, str]:
    places = row.shake_up
    if places is None:
        return None, "", ""
    if places > 0:
        return Shift.UP, f"▲{places}", t("leaderboard.shake_up.up", lang=LANG, places=places)
    if places < 0:
        return Shift.DOWN, f"▼{-places}", t("leaderboard.shake_up.down", lang=LANG, places=-places)
    return Shift.SAME, "=", t("leaderboard.shake_up.same", lang=LANG)


def row_view(row: BoardRow, final: bool) -> RowView:
    shift, shift_text, shift_title = _shift(row)
    rank = row.private_rank if final else row.public_rank
    return RowView(
        rank="—" if rank is None else str(rank), name=row.display_name or row.trainee,
        site=row.site or t("leaderboard.no_site", lang=LANG),
        score=format_score(row.private_score if final else row.public_score), entries=row.entries,
        last_entry=format_time(row.last_entry), flagged=row.flagged, public_rank=str(row.public_rank),
        public_score=format_score(row.public_score), shift=shift, shift_text=shift_text, shift_title=shift_title)


def ordered_rows(board: Board) -> list[BoardRow]:
    """Rows by final rank once finalized, else by public rank (ties keep the board's order)."""
    if not board.final:
        return sorted(board.rows, key=lambda row: row.public_rank)
    return sorted(board.rows, key=lambda row: (row.private_rank is None, row.private_rank or 0))


def _time_ticks(start: dt.datetime, end: dt.datetime, to_x) -> list[AxisLabel]:
    span = end - start
    pattern = "%d/%m" if span >= dt.timedelta(days=2) else "%d/%m %H:%M"
    count = X_TICKS if span > dt.timedelta(0) else 1
    ticks = []
    for i in range(count):
        moment = start + span * (i / (count - 1)) if count > 1 else start
        anchor = "start" if i == 0 else "end" if i == count - 1 else "middle"
        ticks.append(AxisLabel(to_x(moment), moment.strftime(pattern), anchor))
    return ticks


def build_chart(board: Board) -> Chart | None:
    """The best score over time as a step line; ``None`` when nothing has been scored yet."""
    if not board.history:
        return None
    history = sorted(((vn_time(moment), score) for moment, score in board.history), key=lambda item: item[0])
    start = history[0][0]
    end = max(history[-1][0], vn_time(board.generated_at))
    seconds = max((end - start).total_seconds(), 1.0)
    low, high = min(s for _, s in history), max(s for _, s in history)
    pad = (high - low) * 0.08 or max(abs(high) * 0.05, 0.05)
    bottom_value, top_value = low - pad, high + pad

    def to_x(moment: dt.datetime) -> float:
        return round(PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * (moment - start).total_seconds() / seconds, 1)

    def to_y(score: float) -> float:
        share = (score - bottom_value) / (top_value - bottom_value)
        return round(PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * share, 1)

    points = [ChartPoint(to_x(moment), to_y(score), t("leaderboard.chart.point", lang=LANG,
                                                       moment=moment.strftime(TIME_FORMAT),
                                                       score=format_score(score)))
              for moment, score in history]
    path = f"M{points[0].x} {points[0].y}"
    for point in points[1:]:
        path += f" H{point.x} V{point.y}"
    path += f" H{to_x(end)}"
    score_labels = [AxisLabel(to_y(high), format_score(high))]
    if low != high:
        score_labels.append(AxisLabel(to_y(low), format_score(low)))
    description = t("leaderboard.chart.desc", lang=LANG, count=len(history),
                    first=format_score(history[0][1]), last=format_score(history[-1][1]))
    return Chart(CHART_WIDTH, CHART_HEIGHT, PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM, path, points,
                 _time_ticks(start, end, to_x), score_labels, description)


def _nav(slugs: dict[str, str], current: str | None) -> list[NavLink]:
    links = [NavLink(t("leaderboard.nav_all", lang=LANG), INDEX, current is None)]
    links += [NavLink(site, f"{slug}.html", site == current) for site, slug in sorted(slugs.items())]
    return links


def render_page(board: Board, rows: list[BoardRow], slugs: dict[str, str], site: str | None,
                chart: Chart | None) -> str:
    """The HTML of one page: every trainee (``site`` None) or one site's trainees."""
    title = (t("leaderboard.page_title", lang=LANG, title=board.title) if site is None
             else t("leaderboard.page_title_site", lang=LANG, title=board.title, site=site))
    views = [row_view(row, board.final) for row in rows]
    return render(TEMPLATE, t=lambda key, **params: t(key, lang=LANG, **params),
                  page_title=title, board=board, site=site, rows=views,
                  any_flagged=any(view.flagged for view in views), metric=metric_label(board.metric),
                  updated=format_time(board.generated_at), nav=_nav(slugs, site), chart=chart)


def write_leaderboard(board: Board, out_dir: Path) -> Path:
    """Write ``out_dir/index.html`` and one ``<site-slug>.html`` per site; return index.html's path.

    Site pages are written first, so the index never links to a page that is not there yet.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows, chart = ordered_rows(board), build_chart(board)
    slugs = site_slugs(board.sites())
    for site, slug in slugs.items():
        site_rows = [row for row in rows if row.site == site]
        _write_atomic(out_dir / f"{slug}.html", render_page(board, site_rows, slugs, site, chart))
    index = out_dir / INDEX
    _write_atomic(index, render_page(board, rows, slugs, None, chart))
    return index


def _write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file next to ``path``, then move it into place."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)  # the hub serving the folder must be able to read it
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

