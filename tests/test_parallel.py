"""How tests/parallel.py cuts the suite into units of work for pytest-xdist."""

from pathlib import Path

from parallel import unit_of

REPO = Path(__file__).resolve().parents[1]
LESSONS = sorted(p.relative_to(REPO / "notebooks").as_posix() for p in (REPO / "notebooks").glob("*/*.ipynb"))


def test_a_lessons_worked_solution_and_its_nbval_run_are_one_unit():
    assert len(LESSONS) >= 19
    for lesson in LESSONS:
        worked = f"tests/test_exercises_all.py::test_every_worked_solution_runs_and_is_correct[{lesson}]"
        assert unit_of(worked) == unit_of(f"notebooks/{lesson}::Cell 0") == unit_of(f"notebooks/{lesson}::Cell 7")
    # and two lessons are two units
    assert len({unit_of(f"notebooks/{lesson}::Cell 0") for lesson in LESSONS}) == len(LESSONS)


def test_each_assignment_is_a_unit_and_other_files_stay_whole():
    graded = "tests/test_assignments.py::test_every_submission_was_graded[{}]"
    scores = "tests/test_assignments.py::test_typical_answers_get_the_designed_scores[{}]"
    assert unit_of(graded.format("b1-ocop")) == unit_of(scores.format("b1-ocop")) != unit_of(graded.format("a9-tro-ly-co-nguon"))
    # the other tests of test_exercises_all.py stay with their file, whatever their parameter
    assert unit_of("tests/test_exercises_all.py::test_hint_cells_run_as_they_are[basic/09-tro-chuyen-voi-ai.ipynb]") \
        == unit_of("tests/test_exercises_all.py::test_every_exercise_module_belongs_to_a_lesson") == "tests/test_exercises_all.py"
    assert unit_of("tests/test_browser.py::test_b0_a_beginners_mistakes_get_vietnamese_help") == "tests/test_browser.py"
    assert unit_of("tests/test_assistant.py::test_personal_data_is_flagged[mail an.nguyen@example.com-kinds5]") \
        == "tests/test_assistant.py"
