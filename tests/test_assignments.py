"""Every graded assignment against nbgrader: the instructor's solution scores full marks, the
release as-is runs to the end and scores 0, and each typical answer gets exactly the score
its assignment's simulation module promises (aijourney.simulations.<id>.EXPECTED).

The grading engine grades every typical answer; stock nbgrader grades three of them (the solution, which
also answers the written parts, the release, and one answer with partial credit) and the two must agree
cell by cell there. Grading all of them twice cost more than the suite's time budget allows;
the engine's exact scores on all of them are checked against the designed ones.

Written answers (nbgrader "manually graded answer" cells: markdown, solution and grade) are left to a
person: after autograding, with stock nbgrader and with the engine alike, they need manual grading,
have no automatic score and count in no automatic total (their rubric is docs/instructor-notes.md)."""

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

from aijourney import simulations
from aijourney.course import TEXT_STUB, Course, Student
from aijourney.grading.engine import Engine
from aijourney.grading.status import Status
from aijourney.simulate import submit_profile

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENTS = sorted(p.name for p in (REPO / "assignments" / "source").iterdir() if p.is_dir())
TIMEOUT = 10  # a cell that imports scikit-learn takes seconds when the suite runs on two workers
# the written answers graded by hand; b1-ocop stays fully autograded (the grading-engine tests use it)
WRITTEN = {"b4-phan-loai": {"cau4_tra_loi"}, "b8-tro-ly": {"cau5_tra_loi"}, "a1-danh-gia-trung-thuc": {"cau4_tra_loi"}}


def graded_cells(assignment: str) -> dict[str, dict]:
    """``{grade_id: nbgrader metadata + cell_type}`` of every graded cell of the source."""
    cells = {}
    for path in (REPO / "assignments" / "source" / assignment).glob("*.ipynb"):
        for cell in json.loads(path.read_text("utf-8"))["cells"]:
            meta = cell["metadata"].get("nbgrader", {})
            if meta.get("grade"):
                cells[meta["grade_id"]] = dict(meta, cell_type=cell["cell_type"])
    return cells


def written_cells(assignment: str) -> set[str]:
    return {gid for gid, meta in graded_cells(assignment).items() if meta["cell_type"] == "markdown"}


def max_points(assignment: str, written: bool = False) -> float:
    """The automatic points (``written=True``: the points of the written answers)."""
    return sum(float(meta["points"]) for gid, meta in graded_cells(assignment).items()
               if (meta["cell_type"] == "markdown") == written)


def stock_subset(assignment: str, module) -> set[str]:
    """The profiles stock nbgrader grades too (see the module docstring)."""
    partial = sorted(n for n, v in module.EXPECTED.items() if 0 < v < max_points(assignment))
    return {"source", "blank", partial[0]}


# one unit of work per assignment when the suite runs on several workers (tests/parallel.py)
@pytest.fixture(scope="module", params=ASSIGNMENTS)
def graded(request, tmp_path_factory):
    assignment = request.param
    module = simulations.load(assignment)
    profiles = dict(module.PROFILES, source=simulations.source_profile(assignment))
    tmp = tmp_path_factory.mktemp(assignment)
    course = Course(root=tmp / "course", exchange=tmp / "exchange", timeout=TIMEOUT)
    course.release(assignment)
    course.add_students(Student(f"hv_{name}", name, "Thử", "") for name in profiles)
    for name, profile in profiles.items():
        submit_profile(course, assignment, f"hv_{name}", profile, tmp / "homes")
    collected = course.collect(assignment)
    shutil.copytree(tmp / "course", tmp / "engine")  # before any grading: nothing stale in the copy
    subset = stock_subset(assignment, module)
    statuses = course.autograde(assignment, [sid for sid in collected if sid.removeprefix("hv_") in subset])
    engine = Course(root=tmp / "engine", exchange=tmp / "exchange", timeout=TIMEOUT)
    engine.write_nbgrader_config()
    engine_statuses = Engine(engine, workers=2, progress=False).grade(assignment)
    return SimpleNamespace(assignment=assignment, module=module, stock=course, engine=engine, subset=subset,
                           statuses=statuses, scores=cell_scores(course, assignment),
                           engine_statuses=engine_statuses, engine_scores=cell_scores(engine, assignment))


def cell_scores(course: Course, assignment: str) -> dict[str, dict[str, float]]:
    with course.gradebook() as gb:
        return {s.student.id.removeprefix("hv_"): {g.name: g.score for nb in s.notebooks for g in nb.grades}
                for s in gb.assignment_submissions(assignment)}


def gradebook_rows(course: Course, assignment: str) -> dict[str, dict]:
    """Per student: ``grades`` ``{grade_id: (auto_score, manual_score, needs_manual_grade)}``,
    ``comments`` ``{grade_id: auto_comment}`` and ``total`` ``(score, max_score)`` as the gradebook sums them."""
    with course.gradebook() as gb:
        return {s.student.id.removeprefix("hv_"): {
            "grades": {g.name: (g.auto_score, g.manual_score, g.needs_manual_grade) for nb in s.notebooks for g in nb.grades},
            "comments": {c.name: c.auto_comment for nb in s.notebooks for c in nb.comments},
            "total": (float(s.score), float(s.max_score)),
        } for s in gb.assignment_submissions(assignment)}


def answered_written(assignment: str, module) -> dict[str, set[str]]:
    """``{profile: the written answers it fills in}`` (``source``: the model answers)."""
    profiles = dict(module.PROFILES, source=simulations.source_profile(assignment))
    return {name: written_cells(assignment) & set(profile) for name, profile in profiles.items()}


def totals(scores: dict[str, dict[str, float]]) -> dict[str, float]:
    return {name: sum(cells.values()) for name, cells in scores.items()}


def test_every_submission_was_graded(graded):
    assert len(graded.engine_statuses) == len(graded.module.PROFILES) + 1
    assert len(graded.statuses) == len(graded.subset) >= 3
    # a written answer is a cell a person grades: stock autograde and the engine say so for every submission
    # that answered one (one left as released gets 0 automatically, as in nbgrader), and for no other reason
    answered = answered_written(graded.assignment, graded.module)
    expected = {s.student: Status.MANUAL if answered[s.student.removeprefix("hv_")] else Status.GRADED
                for s in graded.engine_statuses}
    for statuses in (graded.statuses, graded.engine_statuses):
        assert all(s.status is expected[s.student] and not s.reasons for s in statuses), [
            s.line() for s in statuses if s.status is not expected[s.student] or s.reasons]
    assert any(s.status is Status.MANUAL for s in graded.engine_statuses) == bool(written_cells(graded.assignment))


def test_the_engine_gives_every_cell_the_score_stock_nbgrader_gives(graded):
    """The verifier runs the tests against copies and proxies of the trainee's values: honest work
    must score exactly as in stock nbgrader's single kernel, cell by cell."""
    assert set(graded.scores) == graded.subset
    assert {name: graded.engine_scores[name] for name in graded.subset} == graded.scores
    assert len(graded.engine_scores) == len(graded.module.PROFILES) + 1
    # the same automatic scores, manual-grading flags, totals and comments in both gradebooks
    engine_rows = gradebook_rows(graded.engine, graded.assignment)
    assert {name: engine_rows[name] for name in graded.subset} == gradebook_rows(graded.stock, graded.assignment)


def test_solution_scores_full_marks_and_release_scores_zero(graded):
    module, scores = graded.module, totals(graded.engine_scores)
    assert totals(graded.scores)["source"] == scores["source"]  # stock nbgrader says so too
    full = max_points(graded.assignment)
    assert full > 0
    assert scores["source"] == full
    assert module.EXPECTED["correct"] == full
    assert module.EXPECTED["blank"] == 0
    assert "blank" in module.PROFILES and module.PROFILES["blank"] == {}


def test_typical_answers_get_the_designed_scores(graded):
    module, scores = graded.module, totals(graded.engine_scores)
    assert set(module.EXPECTED) == set(module.PROFILES)
    partial = [n for n, v in module.EXPECTED.items() if 0 < v < max_points(graded.assignment)]
    assert len(partial) >= 2, "at least two typical wrong answers must earn partial credit"
    assert {n: scores[n] for n in module.EXPECTED} == module.EXPECTED


def test_written_answers_are_left_to_a_person(graded):
    """A manually graded answer: after autograding it needs manual grading, has no automatic score and
    is outside every automatic total, in stock nbgrader's gradebook and in the engine's alike. Left as
    released (no response), nbgrader scores it 0 by itself and notes "No response."."""
    assignment, module = graded.assignment, graded.module
    written, metas = written_cells(assignment), graded_cells(assignment)
    assert written == WRITTEN.get(assignment, set())
    for gid in written:  # nbgrader's "Manually graded answer" cell
        meta = metas[gid]
        assert (meta["solution"], meta["grade"], meta["locked"], meta.get("task", False)) == (True, True, False, False)
        assert meta["points"] > 0
    auto, by_hand = max_points(assignment), max_points(assignment, written=True)
    answered = answered_written(assignment, module)
    assert any(answered.values()) == bool(written)
    for course in (graded.stock, graded.engine):
        for name, row in gradebook_rows(course, assignment).items():
            for gid, grade in row["grades"].items():
                if gid in answered[name]:
                    assert grade == (None, None, True), (name, gid, grade)  # for a person to grade
                else:  # a test cell, or a written answer left as released: 0, nothing to grade by hand
                    assert grade[1:] == (None, False) and grade[0] is not None, (name, gid, grade)
                    assert gid not in written or grade[0] == 0, (name, gid, grade)
            # the written answers count nothing until a person grades them; the maximum includes them
            assert row["total"] == (module.EXPECTED.get(name, auto), auto + by_hand), name
            for gid in written:  # nbgrader's note on a written answer left as released
                assert row["comments"][gid] == (None if gid in answered[name] else "No response."), (name, gid)
    # the release asks for the answer with the text stub and shows nothing of the model answer
    release = nbformat.read(graded.stock.root / "release" / assignment / f"{assignment}.ipynb", as_version=4)
    shown = nbformat.writes(release)
    for cell in release.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in written:
            assert cell.cell_type == "markdown" and cell.source == TEXT_STUB
            model = simulations.source_solutions(assignment)[gid]
            assert not [line for line in model.splitlines() if len(line) > 20 and line in shown]


def test_the_rubric_scores_of_typical_written_answers(graded, tmp_path):
    """``MANUAL`` gives the score the rubric (docs/instructor-notes.md) gives each typical written
    answer; once a person enters those scores, the gradebook's total is the automatic score plus them."""
    assignment, module = graded.assignment, graded.module
    written, metas = written_cells(assignment), graded_cells(assignment)
    manual = getattr(module, "MANUAL", {})
    assert set(manual) == written
    for gid, variants in manual.items():
        assert set(variants) <= set(module.ANSWERS[gid]) and "correct" in variants
        assert all(0 <= v <= metas[gid]["points"] for v in variants.values())
        assert variants["correct"] == metas[gid]["points"]
        assert len({v for v in variants.values()}) >= 3, "full, partial and no credit"
    if not written:
        return
    shutil.copytree(graded.engine.root, tmp_path / "engine")  # a copy: the other tests read the original
    course = Course(root=tmp_path / "engine", exchange=graded.engine.exchange)
    with course.gradebook() as gb:
        for s in gb.assignment_submissions(assignment):
            profile = module.PROFILES.get(s.student.id.removeprefix("hv_"), {})
            for nb in s.notebooks:
                for g in nb.grades:
                    if g.name in written and profile.get(g.name) in manual[g.name]:
                        g.manual_score, g.needs_manual_grade = manual[g.name][profile[g.name]], False
        gb.db.commit()
    def check(after_regrading: bool):
        rows = gradebook_rows(course, assignment)
        for name, profile in module.PROFILES.items():
            extra = sum(manual[gid][profile[gid]] for gid in written if gid in profile)
            assert rows[name]["total"][0] == module.EXPECTED[name] + extra, name
            for gid in written & set(profile):  # a person's score is kept; grading again asks for a second look
                assert rows[name]["grades"][gid] == (None, manual[gid][profile[gid]], after_regrading), (name, gid)

    check(after_regrading=False)
    course.write_nbgrader_config()
    Engine(course, workers=2, progress=False).grade(assignment, force=True)
    check(after_regrading=True)


def test_the_instructor_notes_quote_the_typical_written_answers():
    """docs/instructor-notes.md shows each typical written answer with the score ``MANUAL`` gives it."""
    notes = (REPO / "docs" / "instructor-notes.md").read_text("utf-8")
    quoted = 0
    for assignment, cells in WRITTEN.items():
        module = simulations.load(assignment)
        for gid in cells:
            for variant, score in module.MANUAL[gid].items():
                for paragraph in module.ANSWERS[gid][variant].split("\n\n"):
                    at = notes.find(paragraph)
                    assert at >= 0, (assignment, variant, paragraph[:60])
                    label = f"**{score:g} điểm".replace(".", ",")
                    assert notes.rfind("**", 0, at) >= 0 and label in notes[notes.rfind("\n\n**", 0, at):at], (
                        assignment, variant, label)
                    quoted += 1
    assert quoted >= 6
