"""The trainee workspace holds lessons and released assignments, never solutions or hidden tests."""

import json
import re
from pathlib import Path

import pytest

from aijourney.course import Course
from aijourney.workspace import build_workspace
from helpers import secret_blocks

REPO = Path(__file__).resolve().parents[1]
SOURCES = sorted((REPO / "assignments" / "source").rglob("*.ipynb"))


def public_text(path: Path) -> str:
    """What the author shows trainees in a source notebook: everything outside the secret regions."""
    text = "\n".join("".join(c["source"]) for c in json.loads(path.read_text("utf-8"))["cells"])
    text = re.sub(r"### BEGIN SOLUTION\n.*?### END SOLUTION", "", text, flags=re.S)
    return re.sub(r"### BEGIN HIDDEN TESTS\n.*?### END HIDDEN TESTS", "", text, flags=re.S)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ws")
    course = Course(root=tmp / "course", exchange=tmp / "exchange")
    report = build_workspace(course, tmp / "trainee")
    return course, tmp / "trainee", report


def test_workspace_has_lessons_and_released_assignments(workspace):
    _, ws, report = workspace
    assert (ws / "index.ipynb").is_file()
    assert (ws / "basic" / "01-luat-le-va-hoc-tu-du-lieu.ipynb").is_file()
    for src in SOURCES:
        assert (ws / "assignments" / src.parent.name / src.name).is_file()
    assert report.written and not report.kept


def test_no_solution_or_hidden_test_anywhere_in_the_workspace(workspace):
    _, ws, _ = workspace
    everything = "\n".join(p.read_text("utf-8", errors="replace") for p in ws.rglob("*") if p.is_file())
    assert "BEGIN SOLUTION" not in everything and "HIDDEN TESTS" not in everything
    assert SOURCES
    for src in SOURCES:
        solutions, hidden = secret_blocks(src)
        assert solutions and hidden
        shown = public_text(src)  # a line the author also wrote in the prose (a hint) is not a secret
        for block in solutions:
            # every solution line that says something specific must be gone from the release
            released = (ws / "assignments" / src.parent.name / src.name).read_text("utf-8")
            for line in block.splitlines():
                if len(line.strip()) >= 20 and line.strip() not in shown:
                    assert json.dumps(line.strip())[1:-1] not in released, line
        for line in hidden:
            if line in shown:
                continue
            assert json.dumps(line)[1:-1] not in everything and line not in everything, line


def test_release_replaces_solutions_with_the_vietnamese_stub(workspace):
    _, ws, _ = workspace
    nb = json.loads((ws / "assignments" / "b1-ocop" / "b1-ocop.ipynb").read_text("utf-8"))
    stubs = [c for c in nb["cells"] if c["cell_type"] == "code" and "# VIẾT CODE CỦA BẠN Ở ĐÂY" in "".join(c["source"])]
    assert len(stubs) == 3
    assert all("raise NotImplementedError()" in "".join(c["source"]) for c in stubs)


def test_rebuilding_keeps_what_the_trainee_changed(workspace):
    course, ws, _ = workspace
    lesson = ws / "basic" / "01-luat-le-va-hoc-tu-du-lieu.ipynb"
    lesson.write_text(lesson.read_text("utf-8").replace("ty_le_dat = ____", "ty_le_dat = 0.26"), "utf-8")
    (ws / "index.ipynb").unlink()
    report = build_workspace(course, ws)
    assert "basic/01-luat-le-va-hoc-tu-du-lieu.ipynb" in report.kept
    assert "ty_le_dat = 0.26" in lesson.read_text("utf-8")
    assert "index.ipynb" in report.written and (ws / "index.ipynb").is_file()
