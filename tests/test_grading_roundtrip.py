"""Release → trainees submit → collect → grade (the grading engine, as docs/grading.md tells
instructors) → feedback → export → report, through the CLI, on the embedded defaults (SQLite gradebook,
filesystem exchange in a temporary directory). Stock `nbgrader autograde` is compared with the engine
cell by cell in test_assignments.py."""

import csv
import re
from pathlib import Path

import nbformat
import pytest

from aijourney import simulations
from aijourney.cli import main
from aijourney.course import Course, Student
from aijourney.simulate import submit_profile

ASSIGNMENT = "b1-ocop"
B1 = simulations.load(ASSIGNMENT)
# fully correct, blank, partly right, raising, infinite loop -> exact scores (of 7)
EXPECTED = {name: B1.EXPECTED[name] for name in ("correct", "blank", "partial", "raises", "loop")}
PROFILES = B1.PROFILES
SITES = {"correct": "Xã Tiến Hưng", "blank": "Xã Tiến Hưng", "partial": "Xã Lộc Thái", "raises": "Xã Lộc Thái",
         "loop": "Xã Đức Liễu"}
TIMEOUT = 5


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("course")
    opts = ["--course-dir", str(tmp / "course"), "--exchange", str(tmp / "exchange"), "--timeout", str(TIMEOUT)]
    assert main(opts + ["release", ASSIGNMENT]) == 0
    course = Course(root=tmp / "course", exchange=tmp / "exchange", timeout=TIMEOUT)
    course.add_students(Student(f"hv_{name}", name.title(), "Nguyễn Văn", SITES[name]) for name in EXPECTED)
    for name in EXPECTED:
        submit_profile(course, ASSIGNMENT, f"hv_{name}", PROFILES[name], tmp / "homes")
    assert main(opts + ["collect", ASSIGNMENT]) == 0
    assert main(opts + ["grade", ASSIGNMENT, "--quiet"]) == 0
    assert main(opts + ["feedback", ASSIGNMENT]) == 0
    assert main(opts + ["export", "--output", str(tmp / "grades.csv")]) == 0
    assert main(opts + ["report", ASSIGNMENT, "--output", str(tmp / "report")]) == 0
    return tmp, course


def test_every_profile_gets_its_exact_score(graded):
    tmp, _ = graded
    with open(tmp / "grades.csv", newline="", encoding="utf-8") as fh:
        rows = {r["student_id"]: r for r in csv.DictReader(fh)}
    scores = {sid.removeprefix("hv_"): float(r["score"]) for sid, r in rows.items()}
    assert scores == EXPECTED == {"correct": 7.0, "blank": 0.0, "partial": 4.25, "raises": 5.0, "loop": 4.0}
    assert {float(r["max_score"]) for r in rows.values()} == {7.0}
    assert rows["hv_partial"]["last_name"] == "Nguyễn Văn"


def test_partial_credit_is_per_question(graded):
    _, course = graded
    with course.gradebook() as gb:
        partial = {g.name: g.score for g in gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, "hv_partial").grades}
        looping = {g.name: g.score for g in gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, "hv_loop").grades}
    assert partial == {"cau1_kiem_tra": 2.0, "cau2_kiem_tra": 2.25, "cau3_kiem_tra": 0.0}
    assert looping == {"cau1_kiem_tra": 2.0, "cau2_kiem_tra": 0.0, "cau3_kiem_tra": 2.0}


def test_the_infinite_loop_timed_out_and_grading_went_on(graded):
    tmp, _ = graded
    nb = nbformat.read(tmp / "course" / "autograded" / "hv_loop" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "cau2_kiem_tra")
    assert any(o.get("ename") == "CellTimeoutError" for o in cell.outputs)


def test_feedback_for_every_trainee_released_to_the_exchange(graded):
    tmp, _ = graded
    for name in EXPECTED:
        html = (tmp / "course" / "feedback" / f"hv_{name}" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text("utf-8")
        assert "cau2_kiem_tra" in html
    released = list((tmp / "exchange" / "aijourney" / "feedback").glob("*.html"))
    assert len(released) == len(EXPECTED)


def test_report_has_histogram_and_site_table(graded):
    tmp, _ = graded
    html = (tmp / "report" / "index.html").read_text("utf-8")
    assert (tmp / "report" / "scores.png").read_bytes().startswith(b"\x89PNG")
    assert 'src="scores.png"' in html
    # Xã Lộc Thái: partial (4.25) and raises (5) -> mean 4.62, 2 trainees
    row = re.search(r"<tr><td>Xã Lộc Thái</td><td>(\d+)</td><td>([\d.]+)</td>", html)
    assert row and row.groups() == ("2", "4.62")
    assert "Xã Đức Liễu" in html and "Nguyễn Văn Correct" in html
    assert (tmp / "report" / "questions.png").read_bytes().startswith(b"\x89PNG")


def test_report_questions_at_risk_and_csv(graded):
    tmp, _ = graded
    html = (tmp / "report" / "index.html").read_text("utf-8")
    # cau3 (2 points): full marks for correct, raises, loop; 0 for blank, partial -> difficulty 60%
    row = re.search(r"<tr><td>cau3_kiem_tra</td><td>2</td><td>([\d.]+)</td><td>(\d+)%</td><td>(\d+)%</td>", html)
    assert row and row.groups() == ("1.2", "60", "60")
    risk = html.split("Học viên cần hỗ trợ</h2>")[1].split("<h2>")[0]
    assert "hv_blank" in risk and "hv_correct" not in risk and "hv_loop" not in risk  # 4/7 is not below half
    with open(tmp / "report" / "report.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {r["ma_hoc_vien"]: r for r in csv.DictReader(fh)}
    assert rows["hv_partial"]["diem"] == "4.25" and rows["hv_partial"]["cau2_kiem_tra"] == "2.25"
    assert rows["hv_blank"]["can_ho_tro"] == "1" and rows["hv_correct"]["can_ho_tro"] == "0"
    assert rows["hv_partial"]["diem_cau"] == "Xã Lộc Thái"


def test_stock_nbgrader_sees_the_same_course(graded):
    """The course root's nbgrader_config.py lets `nbgrader export` read what aijourney graded."""
    import subprocess
    import sys

    tmp, _ = graded
    out = tmp / "stock.csv"
    subprocess.run([sys.executable, "-m", "nbgrader", "export", f"--to={out}"], cwd=tmp / "course", check=True,
                   capture_output=True)
    with open(out, newline="", encoding="utf-8") as fh:
        scores = {r["student_id"]: float(r["score"]) for r in csv.DictReader(fh)}
    assert scores == {f"hv_{k}": v for k, v in EXPECTED.items()}


def test_feedback_never_shows_hidden_tests(graded):
    """Stock nbgrader's feedback quotes hidden tests (#917); ours must not, not even in tracebacks."""
    import html as html_lib

    from helpers import secret_blocks

    tmp, _ = graded
    source = Path(__file__).resolve().parents[1] / "assignments" / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    _, hidden = secret_blocks(source)
    assert hidden
    for name in EXPECTED:
        page = html_lib.unescape((tmp / "course" / "feedback" / f"hv_{name}" / ASSIGNMENT / f"{ASSIGNMENT}.html")
                                 .read_text("utf-8"))
        assert "HIDDEN TESTS" not in page
        for line in hidden:
            assert line not in page, (name, line)
    partial = html_lib.unescape((tmp / "course" / "feedback" / "hv_partial" / ASSIGNMENT / f"{ASSIGNMENT}.html")
                                .read_text("utf-8"))
    assert "AssertionError" in partial  # the failure is still reported, without the hidden line


def test_feedback_hides_hidden_tests_a_notebook_printed(tmp_path):
    """A trainee cell that prints the tests it can find (IPython history) must not get them back
    in its feedback: the engine keeps tests out of the history, and feedback blanks any quote."""
    import html as html_lib

    import nbformat

    from aijourney.grading.engine import Engine
    from aijourney.simulate import answer_notebook
    from helpers import secret_blocks

    course = Course(root=tmp_path / "course", exchange=tmp_path / "exchange", timeout=5)
    course.release(ASSIGNMENT)
    folder = course.fetch_as(ASSIGNMENT, "hv_spy", tmp_path / "home")
    path = folder / f"{ASSIGNMENT}.ipynb"
    nb = answer_notebook(nbformat.read(path, as_version=4), ASSIGNMENT, PROFILES["correct"])
    last = [c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "cau3_loi_giai"][0]
    last.source += "\nprint(In)\nprint(globals().get('_ih'))\n"
    nbformat.write(nb, path)
    course.submit_as(ASSIGNMENT, "hv_spy", tmp_path / "home")
    course.collect(ASSIGNMENT)
    Engine(course, workers=1, progress=False).grade(ASSIGNMENT)
    course.feedback(ASSIGNMENT)
    page = html_lib.unescape((course.root / "feedback" / "hv_spy" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text("utf-8"))
    source = Path(__file__).resolve().parents[1] / "assignments" / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    _, hidden = secret_blocks(source)
    for line in hidden:
        assert line not in page, line
    assert "ty_le_dat_theo_san_pham" in page  # the trainee's own code is still there
