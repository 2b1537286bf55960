"""Instructor report: score histogram, per-question and per-site tables (Vietnamese HTML)."""

from __future__ import annotations

import html
import statistics
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .course import Course


@dataclass
class Row:
    student_id: str
    name: str
    site: str
    score: float
    max_score: float
    questions: dict[str, tuple[float, float]]


def collect_rows(course: Course, assignment: str) -> list[Row]:
    roster = {s.id: s for s in course.roster()}
    rows = []
    with course.gradebook() as gb:
        for sub in gb.assignment_submissions(assignment):
            questions = {}
            for nb in sub.notebooks:
                for grade in nb.grades:
                    questions[grade.name] = (float(grade.score or 0), float(grade.max_score))
            student = roster.get(sub.student.id)
            name = student.full_name if student else f"{sub.student.last_name or ''} {sub.student.first_name or ''}".strip()
            rows.append(Row(sub.student.id, name, student.site if student else "", float(sub.score),
                            float(sub.max_score), questions))
    return sorted(rows, key=lambda r: r.student_id)


def _histogram(rows: list[Row], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.2), dpi=100)
    max_score = max((r.max_score for r in rows), default=1) or 1
    bins = [i * max_score / 10 for i in range(11)]
    ax.hist([r.score for r in rows], bins=bins, color="#2f6fb0", edgecolor="white")
    ax.set_xlabel("Điểm")
    ax.set_ylabel("Số học viên")
    ax.set_title("Phân bố điểm")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _table(headers: list[str], rows: list[list[object]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _fmt(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def write_report(course: Course, assignment: str, out_dir: Path) -> Path:
    """Write ``out_dir/index.html`` (+ ``scores.png``) and return the HTML path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = collect_rows(course, assignment)
    _histogram(rows, out_dir / "scores.png")
    max_score = max((r.max_score for r in rows), default=0)

    by_site: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        by_site[r.site or "(chưa rõ)"].append(r)
    site_rows = []
    for site, members in sorted(by_site.items()):
        scores = [m.score for m in members]
        passed = sum(s >= max_score / 2 for s in scores)
        site_rows.append([site, len(members), _fmt(statistics.mean(scores)), _fmt(statistics.median(scores)),
                          f"{100 * passed / len(members):.0f}%"])

    questions = sorted({q for r in rows for q in r.questions})
    question_rows = []
    for q in questions:
        got = [r.questions[q] for r in rows if q in r.questions]
        full = sum(score >= mx for score, mx in got)
        question_rows.append([q, _fmt(got[0][1]) if got else "", _fmt(statistics.mean(s for s, _ in got)) if got else "",
                              f"{100 * full / len(got):.0f}%" if got else ""])

    student_rows = [[r.student_id, r.name, r.site, f"{_fmt(r.score)} / {_fmt(r.max_score)}"] for r in rows]
    mean = _fmt(statistics.mean(r.score for r in rows)) if rows else "–"
    page = f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<title>Báo cáo bài {html.escape(assignment)}</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}}
table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #ccc;padding:.3em .6em;text-align:left}}
th{{background:#eef3f8}}</style></head><body>
<h1>Báo cáo chấm điểm: {html.escape(assignment)}</h1>
<p>Số bài đã chấm: <b>{len(rows)}</b>. Điểm trung bình: <b>{mean}</b> / {_fmt(max_score)}.</p>
<h2>Phân bố điểm</h2>
<img src="scores.png" alt="Biểu đồ phân bố điểm">
<h2>Theo điểm cầu</h2>
{_table(["Điểm cầu", "Số học viên", "Điểm trung bình", "Trung vị", "Đạt từ 50% điểm"], site_rows)}
<h2>Theo câu hỏi</h2>
{_table(["Câu", "Điểm tối đa", "Điểm trung bình", "Tỉ lệ đạt điểm tối đa"], question_rows)}
<h2>Danh sách học viên</h2>
{_table(["Mã học viên", "Họ tên", "Điểm cầu", "Điểm"], student_rows)}
</body></html>
"""
    index = out_dir / "index.html"
    index.write_text(page, "utf-8")
    return index
