"""An assignment declares what grading it needs beyond the defaults (its source notebook's metadata
``aijourney.needs``): the language-model assignment gets a larger address space and longer cells,
the others keep the sandbox's defaults; a bad declaration names the field."""

import json
import shutil
from pathlib import Path

import pytest

from aijourney.course import Course, CourseError
from aijourney.grading.engine import Engine
from aijourney.grading.sandbox import Limits

REPO = Path(__file__).resolve().parents[1]
LLM_ASSIGNMENT = "a9-tro-ly-co-nguon"


def course_at(tmp_path, source=None) -> Course:
    kwargs = {"source": source} if source else {}
    return Course(root=tmp_path / "course", exchange=tmp_path / "exchange", timeout=5, **kwargs)


def test_only_the_assignments_that_declare_needs_get_more_room(tmp_path):
    course = course_at(tmp_path)
    engine = Engine(course, workers=1, progress=False)
    defaults = Limits(cell_timeout=5.0)
    for assignment in course.assignment_ids():
        limits = engine.limits_for(assignment)
        if assignment == LLM_ASSIGNMENT:
            # torch and the prepared model take more than the default 2 GB of address space
            assert limits.memory_mb >= 3 * defaults.memory_mb and limits.cell_timeout >= 60
            assert (limits.cpu_seconds, limits.output_bytes) == (defaults.cpu_seconds, defaults.output_bytes)
        elif assignment == "a7-tinh-chinh":  # torch + MiniLM embeddings of 500 sentences in the set-up cell
            assert limits.cell_timeout >= 60
            assert (limits.memory_mb, limits.cpu_seconds, limits.output_bytes) == (
                defaults.memory_mb, defaults.cpu_seconds, defaults.output_bytes)
        else:
            assert limits == defaults, assignment
    # a need only raises a limit: an instructor's longer --timeout is kept
    generous = Engine(course, workers=1, progress=False, limits=Limits(cell_timeout=600.0, memory_mb=8192))
    assert generous.limits_for(LLM_ASSIGNMENT).cell_timeout == 600.0
    assert generous.limits_for(LLM_ASSIGNMENT).memory_mb == 8192


@pytest.mark.parametrize("needs, field", [({"memory_mb": -1}, "memory_mb"), ({"memory": 4096}, "memory"),
                                          ({"cell_timeout": "long"}, "cell_timeout"), ({"cpu_seconds": True}, "cpu_seconds")])
def test_a_bad_declaration_names_the_field(tmp_path, needs, field):
    source = tmp_path / "source"
    shutil.copytree(REPO / "assignments" / "source" / LLM_ASSIGNMENT, source / LLM_ASSIGNMENT)
    path = source / LLM_ASSIGNMENT / f"{LLM_ASSIGNMENT}.ipynb"
    nb = json.loads(path.read_text("utf-8"))
    nb["metadata"]["aijourney"]["needs"] = needs
    path.write_text(json.dumps(nb), "utf-8")
    with pytest.raises(CourseError, match=f"aijourney.needs.{field}"):
        course_at(tmp_path, source).needs(LLM_ASSIGNMENT)
