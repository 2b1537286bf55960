"""Simulated trainees: a class that fetches, answers and submits through the real exchange.

Used by ``aijourney demo`` and the grading tests. Each assignment the simulator knows has,
per solution cell (nbgrader ``grade_id``), a few typical answers: right, partly right, wrong,
raising, looping forever. A *profile* picks one answer per cell; unanswered cells stay as
released (the placeholder ``raise NotImplementedError()``).
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .course import Course, Student

ANSWERS: dict[str, dict[str, dict[str, str]]] = {
    "b1-ocop": {
        "cau1_loi_giai": {
            "correct": 'def ty_le_dat_theo_san_pham(df):\n    return df.groupby("san_pham")["dat_chuan"].mean().to_dict()',
            "wrong": 'def ty_le_dat_theo_san_pham(df):\n    return df.groupby("san_pham")["dat_chuan"].sum().to_dict()',
            "raises": 'def ty_le_dat_theo_san_pham(df):\n    return df.groupby("san_pham")["dat_chuân"].mean().to_dict()',
        },
        "cau2_loi_giai": {
            "correct": (
                "def tu_van(san_pham, do_am, ty_le_loi, co_truy_xuat):\n"
                '    if san_pham == "hat_dieu":\n'
                "        ok = do_am <= 5.0 and ty_le_loi <= 8.0\n"
                "    else:\n"
                "        ok = do_am <= 13.0 and ty_le_loi <= 12.0\n"
                "    return 1 if ok and co_truy_xuat == 1 else 0"
            ),
            # cashew limits for every product: right on 9 of the 12 hidden cases
            "partial": (
                "def tu_van(san_pham, do_am, ty_le_loi, co_truy_xuat):\n"
                "    if co_truy_xuat == 1 and do_am <= 5.0 and ty_le_loi <= 8.0:\n"
                "        return 1\n"
                "    return 0"
            ),
            # "không quá" read as "<": wrong on the 2 boundary cases of 12
            "strict": (
                "def tu_van(san_pham, do_am, ty_le_loi, co_truy_xuat):\n"
                '    gioi_han = {"hat_dieu": (5.0, 8.0), "ho_tieu": (13.0, 12.0)}[san_pham]\n'
                "    return int(co_truy_xuat == 1 and do_am < gioi_han[0] and ty_le_loi < gioi_han[1])"
            ),
            "loop": (
                "def tu_van(san_pham, do_am, ty_le_loi, co_truy_xuat):\n"
                '    if san_pham == "ho_tieu":\n'
                "        while True:\n"
                "            pass\n"
                "    return int(co_truy_xuat == 1 and do_am <= 5.0 and ty_le_loi <= 8.0)"
            ),
        },
        "cau3_loi_giai": {
            "correct": (
                "def huan_luyen_cay(X, y):\n"
                "    return DecisionTreeClassifier(max_depth=4, random_state=0).fit(X, y)"
            ),
            "wrong": "def huan_luyen_cay(X, y):\n    return DecisionTreeClassifier(random_state=0).fit(X, y)",
            "raises": "def huan_luyen_cay(X, y):\n    return DecisionTreeClassifier(max_depth=4)",
        },
    }
}

# Named profiles: answer variant per solution cell (missing cell = left blank).
PROFILES: dict[str, dict[str, dict[str, str]]] = {
    "b1-ocop": {
        "correct": {"cau1_loi_giai": "correct", "cau2_loi_giai": "correct", "cau3_loi_giai": "correct"},
        "blank": {},
        "partial": {"cau1_loi_giai": "correct", "cau2_loi_giai": "partial", "cau3_loi_giai": "wrong"},
        "raises": {"cau1_loi_giai": "raises", "cau2_loi_giai": "correct", "cau3_loi_giai": "correct"},
        "loop": {"cau1_loi_giai": "correct", "cau2_loi_giai": "loop", "cau3_loi_giai": "correct"},
    }
}

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hoàng", "Đức", "Thu", "Quốc", "Gia", "Bảo", "Khánh"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Huy", "Khánh", "Lan", "Linh",
         "Long", "Mai", "Nam", "Nga", "Phúc", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Trung", "Tuấn", "Vy", "Yến"]
DEMO_SITES = ["Xã Tiến Hưng (Đồng Xoài)", "Xã Lộc Thái (Lộc Ninh)", "Xã Đức Liễu (Bù Đăng)"]


def ascii_fold(text: str) -> str:
    """'Nguyễn Văn Đức' -> 'nguyen van duc' (student ids must be plain ASCII)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


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
    """Fill the solution cells of a released notebook with the profile's answers."""
    answers = ANSWERS[assignment]
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
    for grade_id, variants in ANSWERS[assignment].items():
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
    if assignment not in ANSWERS:
        raise ValueError(f"no simulated answers for assignment {assignment!r}")
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
