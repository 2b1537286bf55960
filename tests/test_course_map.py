"""The course map, the glossary and the competency map match the lessons they describe.

Two tracks: basic lessons (``notebooks/basic``, ids B0, B1, …) come before advanced ones
(``notebooks/advanced``, ids A1, A2, …)."""

import json
import re
import unicodedata
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TRACKS = {"basic": "B", "advanced": "A"}  # notebook folder -> lesson id prefix, in course order
LESSONS = [p for track in TRACKS for p in sorted((REPO / "notebooks" / track).glob("*.ipynb"))]
LESSON_ID = re.compile(r"[BA]\d+")
DURATION = re.compile(r"⏱️ Khoảng (\d+)(?:[–-](\d+))? phút")


def lesson_id(path: Path) -> str:
    return f"{TRACKS[path.parent.name]}{int(path.name[:2])}"


def course_order(lesson: str) -> tuple[int, int]:
    """Where a lesson id comes in the course: every basic lesson before every advanced one."""
    return list(TRACKS.values()).index(lesson[0]), int(lesson[1:])


def test_both_tracks_have_lessons():
    assert {p.parent.name for p in LESSONS} == set(TRACKS)
    assert course_order("B9") < course_order("A1") < course_order("A9")


def markdown(path: Path) -> str:
    cells = json.loads(path.read_text("utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def duration(path: Path) -> tuple[int, int]:
    match = DURATION.search(markdown(path))
    assert match, f"{path.name} states no duration (⏱️ Khoảng N phút)"
    low = int(match.group(1))
    return low, int(match.group(2) or low)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_lesson_states_a_realistic_duration(path):
    low, high = duration(path)
    assert 75 <= low <= high <= 120, f"{path.name}: {low}–{high} minutes"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_course_map_links_each_lesson_with_its_duration(path):
    index = markdown(REPO / "notebooks" / "index.ipynb")
    rows = [line for line in index.splitlines() if f"({path.parent.name}/{path.name})" in line]
    assert len(rows) == 1, f"the course map has {len(rows)} rows for {path.name}"
    low, high = duration(path)
    stated = f"{low}–{high} phút" if high != low else f"{low} phút"
    assert stated in rows[0], f"course map row of {path.name} should say {stated}"


def glossary_rows():
    text = (REPO / "docs" / "glossary.md").read_text("utf-8")
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and LESSON_ID.fullmatch(cells[2]):
            rows.append((cells[0], cells[1], cells[2]))
    return rows


def fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def term_forms(vietnamese: str) -> list[str]:
    """'học máy, học từ dữ liệu' -> ['học máy', 'học từ dữ liệu']; '(…)' parts are optional."""
    base = re.sub(r"\([^)]*\)", "", vietnamese)
    return [fold(f.strip()) for f in base.split(",") if f.strip()]


def test_the_glossary_covers_the_whole_track():
    firsts = {first for _, _, first in glossary_rows()}
    assert {lesson_id(p) for p in LESSONS} <= firsts


@pytest.mark.parametrize("row", glossary_rows(), ids=lambda r: f"{r[2]}:{r[0]}")
def test_glossary_terms_are_introduced_where_the_glossary_says(row):
    """The term is used in its lesson, and no earlier lesson introduces it (a use followed by a
    bracket, bold or not, the way a lesson pairs a term with its English the first time)."""
    vietnamese, _english, first = row
    by_lesson = {lesson_id(p): fold(markdown(p)) for p in LESSONS}
    assert first in by_lesson, f"{first} is not a lesson"
    forms = term_forms(vietnamese)
    assert any(f in by_lesson[first] for f in forms), f"'{vietnamese}' is not used in {first}"
    introduced = [lesson for lesson in by_lesson if course_order(lesson) < course_order(first)
                  and any(re.search(re.escape(f) + r"\*{0,2}\s*\(", by_lesson[lesson]) for f in forms)]
    assert not introduced, f"'{vietnamese}' is already introduced in {introduced}, before {first}"


def test_the_competency_map_covers_every_lesson():
    text = (REPO / "docs" / "competencies.md").read_text("utf-8")
    mapped = set(re.findall(r"^\| ([BA]\d+) \|", text, re.M))
    assert {lesson_id(p) for p in LESSONS} <= mapped


PAIRED = {"độ chính xác": "accuracy", "độ chuẩn xác": "precision", "mô hình cơ sở": "baseline",
          "độ phủ": "recall", "quá khớp": "overfitting"}


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_near_synonyms_are_paired_with_english_at_first_use(path):
    text = fold(markdown(path))
    unpaired = [term for term, english in PAIRED.items()
                if term in text and not re.match(rf"\*{{0,2}}\s*\({english}", text[text.find(term) + len(term):])]
    assert not unpaired, f"{path.name}: first use not followed by its English: {unpaired}"


def test_one_word_per_idea_across_the_track():
    for path in LESSONS + [REPO / "notebooks" / "index.ipynb"]:
        text = fold(path.read_text("utf-8"))
        for banned in ("đường cơ sở", "mốc so sánh", "ti_le"):
            assert banned not in text, f"{path.name} says '{banned}'"
    for path in sorted((REPO / "src" / "aijourney").rglob("*.py")) + sorted((REPO / "src" / "aijourney" / "locale").rglob("*.json")):
        text = fold(path.read_text("utf-8"))
        assert "ti_le" not in text and "đường cơ sở" not in text and "mốc so sánh" not in text, path.name
