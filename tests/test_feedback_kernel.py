"""The feedback core in a real Jupyter kernel: a Vietnamese explanation under every failing cell,
``check()`` reporting the current state of the answer's cell, Markdown rendered as HTML."""

import html

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.slow

CELLS = [
    'from aijourney.feedback import ChoiceProblem, ____\nq = ChoiceProblem("demo.q1", "cau_tra_loi", "B", "AB")',
    'cau_tra_loi = "A"',
    "q.check()",
    "cau_tra_loi = B",  # the beginner's mistake: no quotes
    "q.check()",  # must not judge the old "A"
    "# Cần gợi ý? Bỏ dấu # ở dòng dưới\n q.hint()",  # removing just the '#': IndentationError before it runs
    'cau_tra_loi = "B"',
    "q.check()",
]


def outputs_text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            parts.append(f"{out['ename']}: {out['evalue']}")
        for mime in ("text/html", "text/plain"):  # what the Lab shows: HTML when there is HTML
            if mime in out.get("data", {}):
                parts.append(out["data"][mime])
                break
        parts.append(out.get("text", ""))
    return html.unescape("\n".join(parts))


@pytest.fixture(scope="module")
def executed():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(src) for src in CELLS])
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True).execute()
    return [outputs_text(c) for c in nb.cells]


def test_a_wrong_answer_is_judged(executed):
    assert "Chưa đúng" in executed[2]


def test_a_failing_cell_gets_a_vietnamese_explanation(executed):
    assert "NameError" in executed[3]  # the real error stays visible
    assert "Lỗi này nghĩa là gì?" in executed[3] and "dấu nháy" in executed[3] and '"B"' in executed[3]


def test_check_reports_the_cell_that_just_failed(executed):
    assert "vừa báo lỗi" in executed[4] and "Chưa đúng" not in executed[4]


def test_errors_before_the_cell_runs_are_explained_too(executed):
    assert "IndentationError" in executed[5] and "thụt lề" in executed[5]


def test_check_after_the_fix_judges_the_new_answer(executed):
    assert "Đúng rồi" in executed[7] and "vừa báo lỗi" not in executed[7]


def test_feedback_markdown_is_rendered_not_shown_raw(executed):
    assert "<strong>Shift + Enter</strong>" in executed[4] and "**" not in executed[4]
