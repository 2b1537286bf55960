"""Every exercise of every lesson: untouched placeholder is "chưa làm", at least two hints, a worked
solution, Vietnamese and English texts; every lesson notebook imports and checks its exercises."""

import importlib
import json
import pkgutil
import re
from pathlib import Path

import pytest

import aijourney.exercises
from aijourney.feedback import PLACEHOLDER, Problem
from aijourney.i18n import catalogue, has

REPO = Path(__file__).resolve().parents[1]
MODULES = sorted(m.name for m in pkgutil.iter_modules(aijourney.exercises.__path__))
PROBLEMS = [(mod, name, obj) for mod in MODULES
            for name, obj in vars(importlib.import_module(f"aijourney.exercises.{mod}")).items()
            if isinstance(obj, Problem)]
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)


def test_every_basic_lesson_has_an_exercise_module():
    lessons = sorted(p.name[:2] for p in (REPO / "notebooks" / "basic").glob("*.ipynb"))
    assert [f"b{int(n)}" for n in lessons] == [m for m in MODULES if m.startswith("b")]


@pytest.mark.parametrize("mod", MODULES)
def test_lesson_has_at_least_three_exercises(mod):
    assert len([p for m, _, p in PROBLEMS if m == mod]) >= 3


@pytest.mark.parametrize("mod,name,problem", PROBLEMS, ids=[f"{m}.{n}" for m, n, _ in PROBLEMS])
def test_exercise_contract(mod, name, problem):
    result = problem.evaluate_value(PLACEHOLDER)
    assert result.status == "not_attempted" and VIETNAMESE.search(result.message)
    assert problem.evaluate({}).status == "not_attempted"
    assert problem.n_hints >= 2
    assert has(f"{problem.key}.solution")
    keys = [f"{problem.key}.hint.{i}" for i in range(1, problem.n_hints + 1)] + [f"{problem.key}.solution"]
    for key in keys:
        assert key in catalogue("en"), key
    # the first hint and the worked solution explain in Vietnamese (a later hint may be just code)
    for key in (keys[0], keys[-1]):
        assert VIETNAMESE.search(catalogue("vi")[key]), key


@pytest.mark.parametrize("path", sorted((REPO / "notebooks" / "basic").glob("*.ipynb")), ids=lambda p: p.name)
def test_lesson_notebook_checks_each_exercise(path):
    mod = f"b{int(path.name[:2])}"
    text = "\n".join("".join(c["source"]) for c in json.loads(path.read_text("utf-8"))["cells"])
    assert f"aijourney.exercises.{mod}" in text
    for _, name, _ in [p for p in PROBLEMS if p[0] == mod]:
        assert f"{name}.check()" in text, f"{path.name} never runs {name}.check()"
    assert "Thử thách" in text and "Sau bài này" in text and "Tóm tắt" in text
