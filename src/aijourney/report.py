"""Instructor report of one assignment: score distribution, per-question pass rate and difficulty,
per-site (commune) and per-district tables, trainees at risk; HTML with matplotlib charts plus a
CSV that Excel or an LMS opens (UTF-8 with BOM, one row per trainee)."""

from __future__ import annotations

import csv
import html
import re
import statistics
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .course import Course

AT_RISK_SHARE = 0.5  # below half the points


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


def _fmt(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def question_stats(rows: list[Row]) -> list[dict]:
    """Per question: points, mean, difficulty (mean share of points: low = hard), share with full
    marks, and discrimination (correlation of the question with the rest of the test)."""
    out = []
    for q in sorted({q for r in rows for q in r.questions}):
        got = [(r.questions[q], r.score) for r in rows if q in r.questions]
        if not got:
            continue
        mx = got[0][0][1]
        shares = [s / mx if mx else 0.0 for (s, _), _ in got]
        rest = [total - s for (s, _), total in got]
        try:
            disc = statistics.correlation(shares, rest) if len(got) > 2 else float("nan")
        except statistics.StatisticsError:
            disc = float("nan")
        out.append({"question": q, "max": mx, "mean": statistics.mean(s for (s, _), _ in got),
                    "difficulty": statistics.mean(shares), "full": sum(s >= mx for (s, _), _ in got) / len(got),
                    "discrimination": disc, "n": len(got)})
    return out


def group_stats(rows: list[Row], key) -> list[list[object]]:
    groups: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        groups[key(r) or "(chưa rõ)"].append(r)
    table = []
    for name, members in sorted(groups.items()):
        scores = [m.score for m in members]
        table.append([name, len(members), _fmt(statistics.mean(scores)), _fmt(statistics.median(scores)),
                      _pct(sum(m.share >= AT_RISK_SHARE for m in members) / len(members)),
                      sum(m.share < AT_RISK_SHARE for m in members)])
    return table


def _charts(rows: list[Row], stats: list[dict], out_dir: Path) -> None:
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
    fig.savefig(out_dir / "scores.png")
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(6, 0.5 + 0.4 * max(len(stats), 1)), dpi=100)
    names = [s["question"] for s in stats]
    ax.barh(names, [100 * s["difficulty"] for s in stats], color="#e08a1e")
    ax.set_xlim(0, 100)
    ax.invert_yaxis()
    ax.set_xlabel("Tỉ lệ điểm đạt được trung bình (%) — thấp là câu khó")
    ax.set_title("Độ khó từng câu")
    fig.tight_layout()
    fig.savefig(out_dir / "questions.png")
    plt.close(fig)


def _table(headers: list[str], rows: list[list[object]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def write_csv(rows: list[Row], path: Path) -> Path:
    questions = sorted({q for r in rows for q in r.questions})
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:  # the BOM makes Excel read UTF-8
        w = csv.writer(fh)
        w.writerow(["ma_hoc_vien", "ho_ten", "diem_cau", "huyen", *questions, "diem", "diem_toi_da", "ty_le",
                    "can_ho_tro", "can_cham_tay"])
        for r in rows:
            w.writerow([r.student_id, r.name, r.site, r.district,
                        *[_fmt(r.questions[q][0]) if q in r.questions else "" for q in questions],
                        _fmt(r.score), _fmt(r.max_score), f"{r.share:.3f}",
                        int(r.share < AT_RISK_SHARE), int(r.needs_manual)])
    return path


def write_report(course: Course, assignment: str, out_dir: Path) -> Path:
    """Write ``out_dir/index.html`` (+ ``scores.png``, ``questions.png``, ``report.csv``)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = collect_rows(course, assignment)
    stats = question_stats(rows)
    _charts(rows, stats, out_dir)
    write_csv(rows, out_dir / "report.csv")
    max_score = max((r.max_score for r in rows), default=0)
    question_rows = [[s["question"], _fmt(s["max"]), _fmt(s["mean"]), _pct(s["difficulty"]), _pct(s["full"]),
                      "–" if s["discrimination"] != s["discrimination"] else f"{s['discrimination']:.2f}"]
                     for s in stats]
    at_risk = [r for r in rows if r.share < AT_RISK_SHARE]
    risk_rows = [[r.student_id, r.name, r.site, f"{_fmt(r.score)} / {_fmt(r.max_score)}",
                  ", ".join(q for q, (s, mx) in sorted(r.questions.items()) if s < mx)] for r in at_risk]
    student_rows = [[r.student_id, r.name, r.site, f"{_fmt(r.score)} / {_fmt(r.max_score)}",
                     "cần chấm tay" if r.needs_manual else ""] for r in rows]
    mean = _fmt(statistics.mean(r.score for r in rows)) if rows else "–"
    page = f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<title>Báo cáo bài {html.escape(assignment)}</title>
<style>body{{font-family:sans-serif;max-width:62em;margin:2em auto;padding:0 1em}}
table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #ccc;padding:.3em .6em;text-align:left}}
th{{background:#eef3f8}}</style></head><body>
<h1>Báo cáo chấm điểm: {html.escape(assignment)}</h1>
<p>Số bài đã chấm: <b>{len(rows)}</b>. Điểm trung bình: <b>{mean}</b> / {_fmt(max_score)}.
Học viên cần hỗ trợ (dưới {_pct(AT_RISK_SHARE)} số điểm): <b>{len(at_risk)}</b>.
Bảng tính cho Excel: <a href="report.csv">report.csv</a>.</p>
<h2>Phân bố điểm</h2>
<img src="scores.png" alt="Biểu đồ phân bố điểm">
<h2>Theo câu hỏi</h2>
<p>Độ khó = tỉ lệ điểm trung bình đạt được (thấp là khó). Độ phân biệt = tương quan giữa câu đó và phần còn lại của bài
(gần 0 hoặc âm: câu hỏi nên xem lại).</p>
<img src="questions.png" alt="Biểu đồ độ khó từng câu">
{_table(["Câu", "Điểm tối đa", "Điểm trung bình", "Độ khó", "Tỉ lệ đạt điểm tối đa", "Độ phân biệt"], question_rows)}
<h2>Theo điểm cầu (xã, phường)</h2>
{_table(["Điểm cầu", "Số học viên", "Điểm trung bình", "Trung vị", "Đạt từ 50% điểm", "Cần hỗ trợ"], group_stats(rows, lambda r: r.site))}
<h2>Theo huyện</h2>
{_table(["Huyện", "Số học viên", "Điểm trung bình", "Trung vị", "Đạt từ 50% điểm", "Cần hỗ trợ"], group_stats(rows, lambda r: r.district))}
<h2>Học viên cần hỗ trợ</h2>
{_table(["Mã học viên", "Họ tên", "Điểm cầu", "Điểm", "Câu chưa đạt"], risk_rows) if risk_rows else "<p>Không có.</p>"}
<h2>Danh sách học viên</h2>
{_table(["Mã học viên", "Họ tên", "Điểm cầu", "Điểm", "Ghi chú"], student_rows)}
</body></html>
"""
    index = out_dir / "index.html"
    index.write_text(page, "utf-8")
    return index
