"""The instructor report rendered from Jinja2 templates, on fabricated rows (no gradebook): computed
tables, escaping of roster text, and strictness about missing variables."""

from __future__ import annotations

import csv
from html.parser import HTMLParser

import pytest
from jinja2 import UndefinedError

from aijourney.report import Row, render_report, report_context, write_rows_report
from aijourney.templating import environment, format_fixed, format_number, format_percent, render

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'


def _row(sid: str, site: str, district: str, points: tuple[float, ...], manual: bool = False) -> Row:
    """A trainee of a 7-point test: c1 (2 points), c2 (3), c3 (2)."""
    questions = {q: (float(p), mx) for q, p, mx in zip(("c1", "c2", "c3"), points, (2.0, 3.0, 2.0))}
    return Row(sid, f"Học viên {sid}", site, district, float(sum(points)), 7.0, questions, manual)


ROWS = [
    _row("hv1", "Xã A", "D1", (2, 3, 2)),  # 7
    _row("hv2", "Xã B", "D1", (0, 0, 0), manual=True),  # 0: at risk
    _row("hv3", "Xã B", "D2", (2, 2.25, 0)),  # 4.25
    _row("hv4", "Xã B", "D2", (2, 1, 2)),  # 5
    _row("hv5", "Xã A", "D1", (2, 0, 2)),  # 4: 4/7 is not below half
    Row("hv6", "Học viên hv6", "", "", 3.0, 7.0, {}),  # 3, no site, no district, no question: at risk
]


class _Tables(HTMLParser):
    """Cell texts of every <table>, keyed by the text of the <h2> before it; and every start tag seen."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._h2 = self._cell = None
        self._section = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "h2":
            self._h2 = ""
        elif tag == "table":
            self.tables[self._section] = []
        elif tag == "tr":
            self.tables[self._section].append([])
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "h2":
            self._section, self._h2 = self._h2, None
        elif tag in ("td", "th"):
            self.tables[self._section][-1].append(self._cell)
            self._cell = None

    def handle_data(self, data):
        if self._h2 is not None:
            self._h2 += data
        if self._cell is not None:
            self._cell += data


def _parse(page: str) -> _Tables:
    parser = _Tables()
    parser.feed(page)
    return parser


def _by_first_cell(table: list[list[str]]) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in table[1:]}


def test_roster_markup_is_escaped_in_written_report(tmp_path):
    rows = [Row("hv0", SCRIPT, IMG, IMG, 1.0, 7.0, {"c1": (1.0, 2.0)}), *ROWS[:3]]
    index = write_rows_report(rows, "b1-<b>ocop</b>", tmp_path / "out")
    page = index.read_text("utf-8")
    assert SCRIPT not in page and IMG not in page and "<b>ocop" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    parsed = _parse(page)
    assert not [tag for tag, _ in parsed.tags if tag == "script"]
    assert not [attrs for _, attrs in parsed.tags if "onerror" in attrs]
    students = _by_first_cell(parsed.tables["Danh sách học viên"])
    assert students["hv0"][:2] == [SCRIPT, IMG]  # the text itself survives, as text
    assert IMG in _by_first_cell(parsed.tables["Theo điểm cầu (xã, phường)"])
    assert (tmp_path / "out" / "scores.png").read_bytes().startswith(b"\x89PNG")
    with open(tmp_path / "out" / "report.csv", encoding="utf-8-sig", newline="") as fh:
        assert next(csv.DictReader(fh))["ho_ten"] == SCRIPT  # a spreadsheet cell, not HTML


def test_question_table_has_computed_values():
    table = _parse(render_report(ROWS, "b1")).tables["Theo câu hỏi"]
    assert table[0] == ["Câu", "Điểm tối đa", "Điểm trung bình", "Độ khó", "Tỉ lệ đạt điểm tối đa", "Độ phân biệt"]
    questions = _by_first_cell(table)
    assert list(questions) == ["c1", "c2", "c3"]  # hv6 has no question: 5 trainees per question
    assert questions["c1"][:4] == ["2", "1.6", "80%", "80%"]
    # c2: 3, 0, 2.25, 1, 0 of 3 -> mean 1.25, mean share (1 + .75 + 1/3) / 5 = 42%, one full mark
    assert questions["c2"][:4] == ["3", "1.25", "42%", "20%"]
    # c3 shares 1,0,0,1,1 against the rest of the test 5,0,4.25,3,2: r = 1.45 / sqrt(1.2 * 15.45)
    assert questions["c3"] == ["2", "1.2", "60%", "60%", "0.34"]


def test_site_and_district_tables_have_computed_values():
    page = _parse(render_report(ROWS, "b1"))
    sites = page.tables["Theo điểm cầu (xã, phường)"]
    assert sites[0][0] == "Điểm cầu" and sites[0][4] == "Đạt từ 50% điểm"
    # columns: trainees, mean, median, share with at least half the points, at risk
    assert _by_first_cell(sites) == {"(chưa rõ)": ["1", "3", "3", "0%", "1"],
                                     "Xã A": ["2", "5.5", "5.5", "100%", "0"],
                                     "Xã B": ["3", "3.08", "4.25", "67%", "1"]}
    assert [row[0] for row in sites[1:]] == ["(chưa rõ)", "Xã A", "Xã B"]
    districts = _by_first_cell(page.tables["Theo huyện"])
    assert districts == {"(chưa rõ)": ["1", "3", "3", "0%", "1"], "D1": ["3", "3.67", "4", "67%", "1"],
                         "D2": ["2", "4.62", "4.62", "100%", "0"]}


def test_summary_at_risk_and_student_tables():
    html = render_report(ROWS, "b1")
    page = _parse(html)
    assert "Số bài đã chấm: <b>6</b>" in html and "<b>3.88</b> / 7" in html  # 23.25 / 6
    risk = _by_first_cell(page.tables["Học viên cần hỗ trợ"])
    assert risk == {"hv2": ["Học viên hv2", "Xã B", "0 / 7", "c1, c2, c3"], "hv6": ["Học viên hv6", "", "3 / 7", ""]}
    students = _by_first_cell(page.tables["Danh sách học viên"])
    assert students["hv3"] == ["Học viên hv3", "Xã B", "4.25 / 7", ""]
    assert [sid for sid, cells in students.items() if cells[-1]] == ["hv2"]  # "cần chấm tay"
    assert students["hv2"][-1] == "cần chấm tay"


def test_report_of_nobody_and_undefined_discrimination():
    empty = render_report([], "b1")
    assert "<b>0</b>" in empty and "<b>–</b> / 0" in empty and "<p>Không có.</p>" in empty
    two = _by_first_cell(_parse(render_report(ROWS[:2], "b1")).tables["Theo câu hỏi"])
    assert two["c1"][-1] == "–"  # no correlation from two trainees


def test_missing_variable_is_an_error():
    context = report_context(ROWS, "b1")
    assert render("report.html.j2", **context)
    for name in ("sites", "at_risk_share", "assignment"):
        incomplete = {k: v for k, v in context.items() if k != name}
        with pytest.raises(UndefinedError):
            render("report.html.j2", **incomplete)
    with pytest.raises(UndefinedError):
        environment().from_string("{{ row.nmae }}").render(row=ROWS[0])


def test_base_skeleton_escapes_what_pages_put_in_it():
    page = environment().from_string(
        '{% extends "base.html.j2" %}{% block title %}{{ title }}{% endblock %}'
        "{% block content %}<p>{{ body }}</p>{% endblock %}").render(title=SCRIPT, body=IMG)
    assert page.startswith("<!doctype html>") and '<html lang="vi">' in page and '<meta charset="utf-8">' in page
    assert "<style>" in page and SCRIPT not in page and IMG not in page
    parsed = _parse(page)
    assert [tag for tag, _ in parsed.tags if tag in ("script", "img")] == []
    autoescape = environment().autoescape  # True, or a rule deciding by the template's name
    for name in ("base.html.j2", "report.html.j2", "leaderboard.html.j2", "profile.txt.j2", None):
        assert autoescape(name) if callable(autoescape) else autoescape is True


def test_number_filters():
    assert [format_number(x) for x in (4.0, 4.25, 4.625, 0.1, None, float("nan"))] == ["4", "4.25", "4.62", "0.1",
                                                                                       "–", "–"]
    assert [format_percent(x) for x in (0.0, 2 / 3, 1.0, None)] == ["0%", "67%", "100%", "–"]
    assert [format_fixed(x) for x in (0.5, -0.3368, float("nan"))] == ["0.50", "-0.34", "–"]
    assert format_fixed(1 / 3, 3) == "0.333"
