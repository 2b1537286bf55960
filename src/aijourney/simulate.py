"""Simulated trainees: a class that fetches, answers and submits through the real exchange.

Used by ``aijourney demo`` and the tests. The typical answers of each assignment live in
``aijourney.simulations.<assignment id with _>`` (see that package's docstring). A *profile*
picks one answer per solution cell; unanswered cells stay as released (the placeholder
``raise NotImplementedError()``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import simulations
from .course import Course, Student
from .toolkit.vntext import remove_diacritics

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hoàng", "Đức", "Thu", "Quốc", "Gia", "Bảo", "Khánh"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Huy", "Khánh", "Lan", "Linh",
         "Long", "Mai", "Nam", "Nga", "Phúc", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Trung", "Tuấn", "Vy", "Yến"]
DEMO_SITES = ["Xã Tiến Hưng (Đồng Xoài)", "Xã Lộc Thái (Lộc Ninh)", "Xã Đức Liễu (Bù Đăng)"]

def ascii_fold(text: str) -> str:
    """'Nguyễn Văn Đức' -> 'nguyen van duc' (student ids must be plain ASCII)."""
    return remove_diacritics(text).lower()

def make_students(n: int, sites: list[str], seed: int = 0) -> list[Student]:
    rng = random.Random(seed)
    students, seen = [], set()
    for i in range(n):
        family, middle, given = rng.choice(FAMILY), rng.choice(MIDDLE), rng.choice(GIVEN)
        base = "_".join(ascii_fold(f"{given} {family}").split())
        sid, k = base, 2
        while sid in seen:
            sid, k = f"{base}{k}", k + 1
        seen.add(sid)
        students.append(Student(sid, first_name=given, last_name=f"{family} {middle}", site=sites[i % len(sites)]))
    return students

def answer_notebook(nb: nbformat.NotebookNode, assignment: str, profile: dict[str, str]) -> nbformat.NotebookNode:
    """Fill the solution cells of a released notebook with the profile's answers.

    A variant name is looked up in the assignment's ``ANSWERS``; the special variant
    ``"source"`` uses the instructor's own solution from the source notebook.
    """
    answers = simulations.answers_with_source(assignment)
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in profile:
            cell.source = answers[grade_id][profile[grade_id]]
    return nb

def submit_profile(course: Course, assignment: str, student_id: str, profile: dict[str, str], homes: Path) -> None:
    """One trainee: fetch the release, answer with ``profile``, submit."""
    home = Path(homes) / student_id
    folder = course.fetch_as(assignment, student_id, home)
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        nbformat.write(answer_notebook(nb, assignment, profile), path)
    course.submit_as(assignment, student_id, home)

@dataclass
class SimulatedTrainee:
    student: Student
    profile: dict[str, str]

def random_profile(assignment: str, skill: float, rng: random.Random) -> dict[str, str]:
    """A mixed-quality answer: stronger trainees pick the right answer more often."""
    profile = {}
    for grade_id, variants in simulations.load(assignment).ANSWERS.items():
        roll = rng.random()
        if roll < 0.08:
            continue  # left blank
        if roll < 0.08 + skill:
            profile[grade_id] = "correct"
        else:
            wrong = [v for v in variants if v not in ("correct", "loop")]
            profile[grade_id] = rng.choice(wrong)
    return profile

def simulate_class(course: Course, assignment: str, n: int = 30, sites: list[str] | None = None,
                   seed: int = 0, homes: Path | None = None) -> list[SimulatedTrainee]:
    """Add ``n`` trainees at ``sites`` to the course and submit a mixed-quality answer for each."""
    simulations.load(assignment)  # fails early, with a clear message, for an unknown assignment
    rng = random.Random(seed)
    students = make_students(n, sites or DEMO_SITES, seed)
    course.add_students(students)
    homes = Path(homes or course.root.parent / "trainee-homes")
    trainees = []
    for student in students:
        profile = random_profile(assignment, skill=rng.uniform(0.3, 0.95), rng=rng)
        submit_profile(course, assignment, student.id, profile, homes)
        trainees.append(SimulatedTrainee(student, profile))
    return trainees
