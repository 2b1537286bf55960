"""Every exercise of every lesson: untouched placeholder is "chưa làm", a ladder of at least three
hints, a worked solution whose code runs and gets "correct", Vietnamese and English texts, fair
multiple-choice questions; every lesson notebook imports, checks and offers hints for its exercises.

Both tracks: a basic lesson ``notebooks/basic/NN-….ipynb`` has the exercise module ``bN``, an
advanced lesson ``notebooks/advanced/NN-….ipynb`` the module ``aN``."""

import importlib
import json
import pkgutil
import re
from pathlib import Path

import pytest

import aijourney.exercises
from aijourney.feedback import PLACEHOLDER, ChoiceProblem, Problem
from aijourney.i18n import catalogue, has

REPO = Path(__file__).resolve().parents[1]
MODULES = sorted(m.name for m in pkgutil.iter_modules(aijourney.exercises.__path__))
PROBLEMS = [(mod, name, obj) for mod in MODULES
            for name, obj in vars(importlib.import_module(f"aijourney.exercises.{mod}")).items()
            if isinstance(obj, Problem)]
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)
TRACKS = {"basic": "b", "advanced": "a"}  # notebook folder -> prefix of its lessons' exercise modules
LESSONS = [p for track in TRACKS for p in sorted((REPO / "notebooks" / track).glob("*.ipynb"))]


def module_of(path: Path) -> str:
    """``notebooks/basic/08-tro-ly-ao.ipynb`` -> ``b8``; ``notebooks/advanced/09-….ipynb`` -> ``a9``."""
    return f"{TRACKS[path.parent.name]}{int(path.name[:2])}"


@pytest.mark.parametrize("track", TRACKS)
def test_every_lesson_of_a_track_has_an_exercise_module(track):
    prefix = TRACKS[track]
    lessons = sorted(p.name[:2] for p in (REPO / "notebooks" / track).glob("*.ipynb"))
    assert sorted(f"{prefix}{int(n)}" for n in lessons) == sorted(m for m in MODULES if m.startswith(prefix))


def test_every_exercise_module_belongs_to_a_lesson():
    assert any(p.parent.name == "basic" for p in LESSONS) and any(p.parent.name == "advanced" for p in LESSONS)
    assert sorted(MODULES) == sorted(module_of(p) for p in LESSONS)


@pytest.mark.parametrize("mod", MODULES)
def test_lesson_has_at_least_three_exercises(mod):
    assert len([p for m, _, p in PROBLEMS if m == mod]) >= 3


@pytest.mark.parametrize("mod,name,problem", PROBLEMS, ids=[f"{m}.{n}" for m, n, _ in PROBLEMS])
def test_exercise_contract(mod, name, problem):
    result = problem.evaluate_value(PLACEHOLDER)
    assert result.status == "not_attempted" and VIETNAMESE.search(result.message)
    assert problem.evaluate({}).status == "not_attempted"
    assert problem.n_hints >= 3
    assert has(f"{problem.key}.solution")
    keys = [f"{problem.key}.hint.{i}" for i in range(1, problem.n_hints + 1)] + [f"{problem.key}.solution"]
    for key in keys:
        assert key in catalogue("en"), key
    # the first hint and the worked solution explain in Vietnamese (a later hint may be just code)
    for key in (keys[0], keys[-1]):
        assert VIETNAMESE.search(catalogue("vi")[key]), key


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_lesson_notebook_checks_each_exercise(path):
    mod = module_of(path)
    text = "\n".join("".join(c["source"]) for c in json.loads(path.read_text("utf-8"))["cells"])
    assert f"aijourney.exercises.{mod}" in text
    for _, name, _ in [p for p in PROBLEMS if p[0] == mod]:
        assert f"{name}.check()" in text, f"{path.name} never runs {name}.check()"
    assert "Thử thách" in text and "Sau bài này" in text and "Tóm tắt" in text


CHECK = re.compile(r"\s*(q\d+)\.check\(\)\s*")
CHOICES = [p for _, _, p in PROBLEMS if isinstance(p, ChoiceProblem)]


def code_cells(path):
    cells = json.loads(path.read_text("utf-8"))["cells"]
    return [c for c in cells if c["cell_type"] == "code"]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_hint_cells_run_as_they_are(path):
    """A beginner runs the hint cell as it is: the call is not commented out, the cell compiles."""
    mod = module_of(path)
    sources = ["".join(c["source"]) for c in code_cells(path)]
    for _, name, _ in [p for p in PROBLEMS if p[0] == mod]:
        calls = [src for src in sources if re.search(rf"^{name}\.hint\(\)", src, re.M)]
        assert calls, f"{path.name}: no runnable {name}.hint() cell"
        for src in calls:
            compile(src, path.name, "exec")


def test_multiple_choice_questions_do_not_give_themselves_away():
    """The correct option is not the longest in most questions, nor in the same position."""
    assert len(CHOICES) >= 5
    longest, positions = 0, {}
    for q in CHOICES:
        options = q.option_texts()
        assert set(options) == set(q.choices), f"{q.key}: options {sorted(options)} for choices {q.choices}"
        for letter in q.choices:
            if letter != q.answer:
                assert has(f"{q.key}.choice_{letter}"), f"{q.key}: wrong option {letter} has no explanation"
        lengths = {letter: len(text) for letter, text in options.items()}
        longest += lengths[q.answer] == max(lengths.values())
        positions[q.answer] = positions.get(q.answer, 0) + 1
    assert longest * 2 <= len(CHOICES), f"the correct option is the longest in {longest} of {len(CHOICES)}"
    assert max(positions.values()) * 2 <= len(CHOICES), f"answer positions {positions}"


def _solution_code(problem):
    match = re.search(r"```python\n(.*?)```", problem.solution_text(), re.S)
    assert match, f"{problem.key}: the solution has no python code block"
    return match.group(1)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_worked_solution_runs_and_is_correct(path, monkeypatch, tmp_path):
    """Run the lesson's code cells with every answer cell (the cell before ``qK.check()``) replaced by
    the code of its worked solution: every check must then say "correct"."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.display import display

    # the lesson runs as a plain program: display() prints. (A test that graded in this process leaves
    # the process's IPython shell with the grader's output capture, which would swallow the output.)
    monkeypatch.setattr(InteractiveShell, "_instance", None)
    monkeypatch.chdir(tmp_path)
    mod = importlib.import_module(f"aijourney.exercises.{module_of(path)}")
    problems = {name: obj for name, obj in vars(mod).items() if isinstance(obj, Problem)}
    cells = code_cells(path)
    namespace = {"__name__": "__main__", "display": display}
    verdicts = {}
    for i, cell in enumerate(cells):
        source = "".join(cell["source"])
        if "raises-exception" in cell.get("metadata", {}).get("tags", []):
            continue
        check = CHECK.fullmatch(source)
        if check:
            verdicts[check.group(1)] = problems[check.group(1)].evaluate(namespace)
            continue
        following = CHECK.fullmatch("".join(cells[i + 1]["source"])) if i + 1 < len(cells) else None
        if following:
            source = _solution_code(problems[following.group(1)])
        exec(compile(source, f"{path.name}[{i}]", "exec"), namespace)
        plt.close("all")
    assert set(verdicts) == set(problems)
    wrong = {name: r.message for name, r in verdicts.items() if not r.correct}
    assert not wrong


@pytest.mark.parametrize("mod,name,problem", PROBLEMS, ids=[f"{m}.{n}" for m, n, _ in PROBLEMS])
def test_no_hint_and_no_prompt_gives_the_answer_line_away(mod, name, problem):
    """Hints climb from the idea to a skeleton with blanks; the answer line itself is only in the
    worked solution (and never in the lesson's prose)."""
    if isinstance(problem, ChoiceProblem):
        return
    lesson = next(p for p in LESSONS if module_of(p) == mod)
    cells = ["".join(c["source"]) for c in code_cells(lesson)]
    given = {line.strip() for i, src in enumerate(cells[1:], 1) if CHECK.fullmatch(src) and
             CHECK.fullmatch(src).group(1) == name for line in cells[i - 1].splitlines()}  # the answer cell's skeleton
    answer_lines = [line.strip() for line in _solution_code(problem).splitlines()
                    if problem.var in line and "=" in line and len(line.strip()) >= 12 and "____" not in line
                    and line.strip() not in given and not line.rstrip().endswith(("(", "[", "{", ","))]
    hints = [catalogue("vi")[f"{problem.key}.hint.{i}"] for i in range(1, problem.n_hints + 1)]
    prose = "\n".join("".join(c["source"]) for c in json.loads(lesson.read_text("utf-8"))["cells"]
                      if c["cell_type"] == "markdown")
    for line in answer_lines:
        for i, hint in enumerate(hints, 1):
            assert line not in hint, f"{problem.key}.hint.{i} contains the answer line {line!r}"
        assert line not in prose, f"{lesson.name}'s prose contains the answer line {line!r}"
