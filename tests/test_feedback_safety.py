"""Feedback (trainees) and the formgrader (instructors) show trainee outputs without scripts or
active HTML, through real nbgrader: release → submit → collect → stock `nbgrader autograde` →
GenerateFeedback, and the exporter the formgrader builds from the course's nbgrader_config.py."""

import base64
import html as html_lib
import types
from pathlib import Path

import nbformat
import pytest

from aijourney import simulations
from aijourney.course import Course, Student
from aijourney.simulate import answer_notebook

ASSIGNMENT = "b1-ocop"
STUDENT = "hv_hostile"
TIMEOUT = 10  # a cell that imports scikit-learn takes seconds when the suite runs on two workers
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
HOSTILE_HTML = ('<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'
                '<iframe src="http://127.0.0.1/"></iframe><b>ok-bold</b>')
MORE_HTML = ('<form action="http://127.0.0.1/"><input name="p"></form><object data="x.swf"></object>'
             '<embed src="x.swf"><style>body{background:url(javascript:alert(20))}</style>'
             '<div style="color: red; width: expression(alert(21)); background-image: url(javascript:alert(22))">'
             'styled-ok</div><a href="files/javascript:alert(23)">f</a><svg onload="alert(24)"></svg>'
             '<a href="https://example.org/">link-ok</a>')
# Trainee-added markdown cell: raw HTML and links are rendered by markdown2html, then served.
HOSTILE_MARKDOWN = ('Ghi chú của học viên <img src=x onerror=alert(30)> [bấm](javascript:alert(31)) '
                    '<a href="files/javascript:alert(32)">tệp</a> <script>alert(33)</script>\n\n'
                    '| cột | giá trị |\n|---|---|\n| bảng-ghi-chú | 1 |\n')
# What must never reach a page (the hostile cell's source holds all of it only base64-encoded;
# the feedback page's own bootstrap CSS mentions "javascript:", hence no bare "javascript:").
FORBIDDEN = ["<script>alert", "alert(", "onerror", "onload", "javascript:alert", 'href="javascript', "<iframe",
             "<object", "<embed", "<form", "expression(", "x.swf"]


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


HOSTILE_CODE = f"""
import base64 as _b64
import pandas as _pd
from IPython.display import HTML, Image, Javascript, Markdown, display
_d = lambda s: _b64.b64decode(s).decode()
display(HTML(_d("{_b64(HOSTILE_HTML)}")))
display(Javascript(_d("{_b64('alert(4)')}")))
display(HTML(_d("{_b64(MORE_HTML)}")))
display(HTML("<i>isolated-ok</i>"), metadata={{"text/html": {{"isolated": True}}}})
display({{"image/png": "{PNG}"}}, raw=True, metadata={{"image/png": {{"width": _d("{_b64('1 onerror=alert(5)')}")}}}})
display(Markdown(_d("{_b64('[md-link](javascript:alert(6)) **md-bold**')}")))
display({{"text/vnd.mermaid": _d("{_b64('<img src=x onerror=alert(7)>')}"), "text/plain": "mermaid"}}, raw=True)
display(_pd.DataFrame({{"mat_hang_rieng": ["tra", "ca_phe_rieng"], "diem": [7, 9]}}))
print("ket-qua-trung-thuc")
"""
# A cell the trainee added at the end, after every test ran: the history (hidden tests included,
# under stock autograde) shown as HTML-escaped text, which the feedback must still blank.
SPY_CODE = """
import html as _html
_lines = [line for cell in In for line in cell.splitlines() if " >= " in line]  # only lines with HTML specials
display(HTML("<pre>" + _html.escape("\\n".join(_lines)) + "</pre>"))
"""


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("safety")
    course = Course(root=tmp / "course", exchange=tmp / "exchange", timeout=TIMEOUT)
    course.release(ASSIGNMENT)
    course.add_students([Student(STUDENT, "Hostile", "Nguyễn Văn", "Xã Tiến Hưng")])
    home = tmp / "homes" / STUDENT
    folder = course.fetch_as(ASSIGNMENT, STUDENT, home)
    path = folder / f"{ASSIGNMENT}.ipynb"
    correct = simulations.load(ASSIGNMENT).PROFILES["correct"]
    nb = answer_notebook(nbformat.read(path, as_version=4), ASSIGNMENT, correct)
    index = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "cau1_loi_giai")
    nb.cells[index].source += "\n" + HOSTILE_CODE
    nb.cells.append(nbformat.v4.new_code_cell(SPY_CODE))
    nb.cells.insert(index + 1, nbformat.v4.new_markdown_cell(HOSTILE_MARKDOWN))
    nbformat.write(nb, path)
    course.submit_as(ASSIGNMENT, STUDENT, home)
    course.collect(ASSIGNMENT)
    statuses = course.autograde(ASSIGNMENT)  # stock nbgrader autograde
    assert [str(s.status) for s in statuses] == ["graded"], statuses
    course.feedback(ASSIGNMENT)
    return course


def autograded_path(course: Course) -> Path:
    return course.root / "autograded" / STUDENT / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


def test_the_hostile_outputs_are_in_the_autograded_notebook(graded):
    """Precondition: the submission really produced the outputs the pages must not serve."""
    nb = nbformat.read(autograded_path(graded), as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "<script>alert(1)</script>" in html and 'onerror="alert(2)"' in html and "<iframe" in html
    assert any(o.get("data", {}).get("application/javascript") == "alert(4)" for o in outputs)
    assert any("text/vnd.mermaid" in o.get("data", {}) for o in outputs)
    assert any(HOSTILE_MARKDOWN.strip() in c.source for c in nb.cells if c.cell_type == "markdown")


def assert_safe_and_complete(page: str) -> None:
    for marker in FORBIDDEN:
        assert marker not in page, marker
    # what the trainee's code honestly displayed is still there
    assert "<b>ok-bold</b>" in page and "<pre>ket-qua-trung-thuc" in page and "styled-ok" in page
    assert "<i>isolated-ok</i>" in page and "<strong>md-bold</strong>" in page
    assert '<a href="https://example.org/">link-ok</a>' in page
    assert f"data:image/png;base64,{PNG}" in page  # the image, without its hostile width
    assert "<th>mat_hang_rieng</th>" in page and "<td>ca_phe_rieng</td>" in page  # the DataFrame's table
    assert "Ghi chú của học viên" in page and "<td>bảng-ghi-chú</td>" in page  # the trainee's markdown
    assert "<th>sản phẩm</th>" in page  # the instructor's markdown table
    assert "ty_le_dat_theo_san_pham" in page  # the trainee's code


def test_feedback_html_is_safe_and_keeps_honest_output(graded):
    local = graded.root / "feedback" / STUDENT / ASSIGNMENT / f"{ASSIGNMENT}.html"
    released = list((graded.exchange / graded.course_id / "feedback").glob("*.html"))
    assert len(released) == 1
    for path in (local, released[0]):
        assert_safe_and_complete(path.read_text("utf-8"))


def test_feedback_still_hides_hidden_tests(graded):
    """HTML outputs are sanitised (re-serialised) before HideHiddenTests looks for hidden-test lines
    in them; an HTML-escaped copy of the history is still found and blanked."""
    from helpers import secret_blocks

    source = Path(__file__).resolve().parents[1] / "assignments" / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    _, hidden = secret_blocks(source)
    nb = nbformat.read(autograded_path(graded), as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    spied = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    escaped = [html_lib.escape(line, quote=False) for line in hidden]
    assert any(e != line and e in spied for e, line in zip(escaped, hidden))  # "... >= 0.98" as "... &gt;= 0.98"
    page = (graded.root / "feedback" / STUDENT / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text("utf-8")
    page = html_lib.unescape(page)
    assert hidden and "HIDDEN TESTS" not in page
    for line in hidden:
        assert line not in page, line


def formgrader_page(course: Course, monkeypatch) -> str:
    """Render the submission as nbgrader's formgrader does: the extension started in the course root
    (it reads the course's nbgrader_config.py) builds its HTMLExporter, and SubmissionHandler calls
    ``exporter.from_filename(autograded notebook, resources=...)``."""
    from nbgrader.server_extensions.formgrader.formgrader import FormgradeExtension

    monkeypatch.chdir(course.root)
    extension = FormgradeExtension()
    extension.root_dir = str(course.root.parent)
    extension.initialize([])
    webapp = types.SimpleNamespace(settings={})
    extension.init_tornado_settings(webapp)
    exporter = webapp.settings["nbgrader_exporter"]
    resources = {"assignment_id": ASSIGNMENT, "notebook_id": ASSIGNMENT, "submission_id": "x", "index": 0,
                 "total": 1, "base_url": "", "student": STUDENT, "last_name": "Nguyễn Văn", "first_name": "Hostile",
                 "notebook_path": f"course/autograded/{STUDENT}/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"}
    html, _ = exporter.from_filename(str(autograded_path(course)), resources=resources)
    assert "Full credit" in html  # it is the formgrade template
    return html


def test_formgrader_page_is_safe_and_keeps_honest_output(graded, monkeypatch):
    assert_safe_and_complete(formgrader_page(graded, monkeypatch))


@pytest.mark.parametrize("dirty, clean", [
    # strip_files_prefix (applied by the templates after markdown2html) must not make a script link
    ('<a href="files/files/javascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href=" jav&#x09;ascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="data:text/html,&lt;script&gt;">x</a>', "<a>x</a>"),  # data: only as an image
    (f'<img src="data:image/png;base64,{PNG}">', f'<img src="data:image/png;base64,{PNG}">'),
    ('<div class="navbar navbar-fixed-top">x</div>', "<div>x</div>"),  # page classes could cover buttons
    ('<div class="highlight"><span class="kn">x</span></div>',
     '<div class="highlight"><span class="kn">x</span></div>'),
    ('<span style="color: red; cursor: url(x.cur); background-color: rgb(1, 2, 3); width: ex\\pression(1)">x</span>',
     '<span style="color: red; background-color: rgb(1, 2, 3)">x</span>'),
    ('<table border="1" class="dataframe"><tr><td colspan="2 onclick=x">1</td></tr></table>',
     '<table border="1" class="dataframe"><tbody><tr><td>1</td></tr></tbody></table>'),
    ("a < b &amp; c<!-- note --><math><mi>x</mi></math>", "a &lt; b &amp; c"),
])
def test_clean_html(dirty, clean):
    from aijourney.grading.feedback import clean_html

    assert clean_html(dirty) == clean
