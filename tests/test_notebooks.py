"""House rules for the committed notebooks (their execution is nbval's job, see pyproject)."""

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for p in (REPO / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
SOURCES = sorted(p for p in (REPO / "assignments" / "source").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
STARTERS = sorted((REPO / "contests").glob("*/bat-dau.ipynb"))  # contests' starter notebooks (test_contest_starters)
ALL = NOTEBOOKS + SOURCES + STARTERS
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)


def ids(paths):
    return [str(p.relative_to(REPO)) for p in paths]


def test_there_is_content():
    assert (REPO / "notebooks" / "index.ipynb") in NOTEBOOKS
    assert any(p.parent.name == "basic" for p in NOTEBOOKS)
    assert SOURCES
    assert len(STARTERS) == 3  # co-ban, cam-xuc, tro-ly-ao


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_committed_without_outputs(path):
    nb = json.loads(path.read_text("utf-8"))
    dirty = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not dirty, f"cells {dirty} have outputs: clear them before committing"


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_prose_is_vietnamese(path):
    nb = json.loads(path.read_text("utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
            assert VIETNAMESE.search(text), f"markdown cell without Vietnamese: {text[:60]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_lessons_link_to_existing_lessons(path):
    nb = json.loads(path.read_text("utf-8"))
    for cell in nb["cells"]:
        for target in re.findall(r"\]\(([^)#]+\.ipynb)\)", "".join(cell["source"])):
            if target.startswith("assignments/"):
                assert (REPO / "assignments" / "source" / Path(target).relative_to("assignments")).exists(), target
            else:
                assert (path.parent / target).exists(), target


@pytest.mark.parametrize("path", SOURCES, ids=ids(SOURCES))
def test_assignment_source_is_a_graded_nbgrader_notebook(path):
    nb = json.loads(path.read_text("utf-8"))
    meta = [c["metadata"].get("nbgrader") for c in nb["cells"]]
    grade_ids = [m["grade_id"] for m in meta if m]
    assert len(grade_ids) == len(set(grade_ids)), "duplicate grade_id"
    tests = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade")]
    assert len(tests) >= 3, "at least 3 graded parts"
    text = "".join("".join(c["source"]) for c in nb["cells"])
    assert "### BEGIN SOLUTION" in text and "### BEGIN HIDDEN TESTS" in text
    for cell in tests:
        meta = cell["metadata"]["nbgrader"]
        assert meta["points"] > 0
        # an autograded test is locked; a manually graded answer (solution + grade) is the trainee's to write
        assert meta["locked"] is (not meta.get("solution", False)), meta["grade_id"]


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_text_is_nfc(path):
    """Vietnamese written with precomposed letters (NFC): search, sorting and fonts expect it."""
    import unicodedata

    text = path.read_text("utf-8")
    assert unicodedata.normalize("NFC", text) == text


LOCALE_VI = sorted((REPO / "src" / "aijourney" / "locale" / "vi").glob("*.json"))


@pytest.mark.parametrize("path", ALL + LOCALE_VI, ids=ids(ALL + LOCALE_VI))
def test_one_spelling_of_ti_le(path):
    """The course writes "tỉ lệ", "tỉ số" (one spelling everywhere, so search and the glossary find them)."""
    text = path.read_text("utf-8").lower()
    assert "tỷ lệ" not in text and "tỷ số" not in text
