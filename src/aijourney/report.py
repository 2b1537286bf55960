"""Instructor report of one assignment: score distribution, per-question pass rate and difficulty,
per-site (commune) and per-district tables, trainees at risk; HTML with matplotlib charts plus a
CSV that Excel or an LMS opens (UTF-8 with BOM, one row per trainee)."""

from __future__ import annotations

import csv
import re
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .course import Course
from .templating import format_number, render

AT_RISK_SHARE = 0.5  # below half the points
CSV_NAME, SCORES_CHART, QUESTIONS_CHART = "report.csv", "scores.png", "questions.png"


@dataclass
class Row:
    student_id: str
    name: str
    site: str
    district: str
    score: float
    max_score: float
    questions: dict[str, tuple[float, float]]
    needs_manual: bool = False

    @property
    def share(self) -> float:
        return self.score / self.max_score if self.max_score else 0.0

    @property
    def at_risk(self) -> bool:
        """Below ``AT_RISK_SHARE`` of the points: the trainee needs support."""
        return self.share < AT_RISK_SHARE

    @property
    def missed_questions(self) -> list[str]:
        """The questions without full marks, in name order."""
        return [q for q, (score, max_score) in sorted(self.questions.items()) if score < max_score]


def district_of(site: str, district: str = "") -> str:
    """The district: the roster's ``district`` column, else the part in brackets of the site."""
    if district:
        return district
    m = re.search(r"\(([^)]+)\)\s*$", site or "")
    return m.group(1) if m else ""


def collect_rows(course: Course, assignment: str) -> list[Row]:
    roster = {s.id: s for s in course.roster()}
    rows = []
    with course.gradebook() as gb:
        for sub in gb.assignment_submissions(assignment):
            questions, manual = {}, False
            for nb in sub.notebooks:
                for grade in nb.grades:
                    questions[grade.name] = (float(grade.score or 0), float(grade.max_score))
                    manual |= bool(grade.needs_manual_grade)
            st = roster.get(sub.student.id)
            name = st.full_name if st else f"{sub.student.last_name or ''} {sub.student.first_name or ''}".strip()
            site = st.site if st else ""
            rows.append(Row(sub.student.id, name, site, district_of(site, getattr(st, "district", "") if st else ""),
                            float(sub.score), float(sub.max_score), questions, manual))
    return sorted(rows, key=lambda r: r.student_id)


@dataclass(frozen=True)
class QuestionStats:
    question: str
    max: float
    mean: float
    difficulty: float  # mean share of the points: low = hard
    full: float  # share of trainees with full marks
    discrimination: float  # correlation with the rest of the test; NaN when undefined
    n: int


@dataclass(frozen=True)
class GroupStats:
    name: str  # a site or district; empty when unknown
    trainees: int
    mean: float
    median: float
    passed_share: float  # share with at least AT_RISK_SHARE of the points
    at_risk: int


def question_stats(rows: list[Row]) -> list[QuestionStats]:
    out = []
    for q in sorted({q for r in rows for q in r.questions}):
        got = [(r.questions[q], r.score) for r in rows if q in r.questions]
        mx = got[0][0][1]
        shares = [s / mx if mx else 0.0 for (s, _), _ in got]
        rest = [total - s for (s, _), total in got]
        try:
            disc = statistics.correlation(shares, rest) if len(got) > 2 else float("nan")
        except statistics.StatisticsError:  # a constant column
            disc = float("nan")
        out.append(QuestionStats(q, mx, statistics.mean(s for (s, _), _ in got), statistics.mean(shares),
                                 sum(s >= mx for (s, _), _ in got) / len(got), disc, len(got)))
    return out


def group_stats(rows: list[Row], key: Callable[[Row], str]) -> list[GroupStats]:
    groups: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        groups[key(r) or ""].append(r)
    table = []
    for name, members in sorted(groups.items()):
        scores = [m.score for m in members]
        at_risk = sum(m.at_risk for m in members)
        table.append(GroupStats(name, len(members), statistics.mean(scores), statistics.median(scores),
                                (len(members) - at_risk) / len(members), at_risk))
    return table


def _charts(rows: list[Row], stats: list[QuestionStats], out_dir: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    max_score = max((r.max_score for r in rows), default=1) or 1
    fig, ax = plt.subplots(figsize=(6, 3.2), dpi=100)
    ax.hist([r.score for r in rows], bins=[i * max_score / 10 for i in range(11)], color="#2f6fb0", edgecolor="white")
    ax.set_xlabel("Điểm")
    ax.set_ylabel("Số học viên")
    ax.set_title("Phân bố điểm")
    fig.tight_layout()
    fig.savefig(out_dir / SCORES_CHART)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(6, 0.5 + 0.4 * max(len(stats), 1)), dpi=100)
    ax.barh([s.question for s in stats], [100 * s.difficulty for s in stats], color="#e08a1e")
    ax.set_xlim(0, 100)
    ax.invert_yaxis()
    ax.set_xlabel("Tỉ lệ điểm đạt được trung bình (%) — thấp là câu khó")
    ax.set_title("Độ khó từng câu")
    fig.tight_layout()
    fig.savefig(out_dir / QUESTIONS_CHART)
    plt.close(fig)


def write_csv(rows: list[Row], path: Path) -> Path:
    questions = sorted({q for r in rows for q in r.questions})
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:  # the BOM makes Excel read UTF-8
        w = csv.writer(fh)
        w.writerow(["ma_hoc_vien", "ho_ten", "diem_cau", "huyen", *questions, "diem", "diem_toi_da", "ty_le",
                    "can_ho_tro", "can_cham_tay"])
        for r in rows:
            w.writerow([r.student_id, r.name, r.site, r.district,
                        *[format_number(r.questions[q][0]) if q in r.questions else "" for q in questions],
                        format_number(r.score), format_number(r.max_score), f"{r.share:.3f}",
                        int(r.at_risk), int(r.needs_manual)])
    return path


def report_context(rows: list[Row], assignment: str) -> dict[str, object]:
    """Everything ``report.html.j2`` shows (numbers stay numbers: the template formats them)."""
    return {"assignment": assignment, "rows": rows, "at_risk": [r for r in rows if r.at_risk],
            "at_risk_share": AT_RISK_SHARE, "max_score": max((r.max_score for r in rows), default=0),
            "mean": statistics.mean(r.score for r in rows) if rows else None,
            "questions": question_stats(rows), "sites": group_stats(rows, lambda r: r.site),
            "districts": group_stats(rows, lambda r: r.district),
            "csv_name": CSV_NAME, "scores_chart": SCORES_CHART, "questions_chart": QUESTIONS_CHART}


def render_report(rows: list[Row], assignment: str) -> str:
    """The HTML page of the report (the charts and the CSV it links to are separate files)."""
    return render("report.html.j2", **report_context(rows, assignment))


def write_rows_report(rows: list[Row], assignment: str, out_dir: Path) -> Path:
    """Write ``out_dir/index.html`` with its charts and CSV for ``rows``; return the page's path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _charts(rows, question_stats(rows), out_dir)
    write_csv(rows, out_dir / CSV_NAME)
    index = out_dir / "index.html"
    index.write_text(render_report(rows, assignment), "utf-8")
    return index


def write_report(course: Course, assignment: str, out_dir: Path) -> Path:
    """Write ``out_dir/index.html`` (+ ``scores.png``, ``questions.png``, ``report.csv``) from the gradebook."""
    return write_rows_report(collect_rows(course, assignment), assignment, out_dir)
