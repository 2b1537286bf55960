"""Helpers shared by several test files (fixtures live in conftest.py)."""

import contextlib
import dataclasses
import json
import os
import re
import shutil
from pathlib import Path

import nbformat

from aijourney import simulations
from aijourney.course import Course
from aijourney.hub import trial
from aijourney.simulate import answer_notebook

A = "b1-ocop"
B1 = simulations.load(A)
free_port = trial.free_port  # one free-port helper, shared with the hub's throwaway sites


def fresh(released: Path, dest: Path) -> Course:
    shutil.copytree(released, dest)
    course = Course(root=dest / "course", exchange=dest / "exchange", timeout=5)
    course.write_nbgrader_config()
    return course


def scores(course):
    with course.gradebook() as gb:
        return {(s.student.id, g.name): g.auto_score
                for s in gb.assignment_submissions(A) for nb in s.notebooks for g in nb.grades}


def totals(course):
    with course.gradebook() as gb:
        return {s.student.id: s.score for s in gb.assignment_submissions(A)}


def place(course: Course, student: str, files: dict[str, bytes]) -> Path:
    """Put a submission straight into submitted/ (what collect produces); returns its folder."""
    folder = course.root / "submitted" / student / A
    folder.mkdir(parents=True)
    (folder / "timestamp.txt").write_text("2026-11-29 10:00:00.000000 UTC")
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def variant(release_nb, profile="correct", edit=None) -> bytes:
    nb = answer_notebook(nbformat.from_dict(json.loads(json.dumps(release_nb))), A, B1.PROFILES[profile])
    if edit:
        edit(nb)
    return nbformat.writes(nb).encode("utf-8")


def cell(nb, grade_id):
    return next(c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id)


def secret_blocks(path: Path) -> tuple[list[str], list[str]]:
    """(solution blocks, hidden-test lines) of an nbgrader source notebook."""
    solutions, hidden = [], []
    for cell in json.loads(path.read_text("utf-8"))["cells"]:
        text = "".join(cell["source"])
        for block in re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", text, re.S):
            solutions.append(block)
        for block in re.findall(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", text, re.S):
            hidden += [line.strip() for line in block.splitlines() if len(line.strip()) >= 12]
    return solutions, hidden


def assert_options_look_alike(problem) -> None:
    """A choice question's right option is not the longest, and no option is 30 % longer than another
    (in every language of the catalogue)."""
    from aijourney.i18n import t

    for lang in ("vi", "en"):
        options = {c: t(f"{problem.key}.option.{c}", lang=lang) for c in "ABCD"}
        assert max(options, key=lambda c: len(options[c])) != problem.answer, lang
        assert max(map(len, options.values())) <= 1.3 * min(map(len, options.values())), lang


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"  # Debian's chromium (.ci/run installs it)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def need_chromium() -> None:
    """Skip without Debian chromium; under CI (which installs it) its absence is a failure."""
    if not Path(CHROMIUM).exists():
        import pytest

        message = "Debian chromium is missing: apt-get install chromium (.ci/run does it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def need_root(message: str = "creating Unix users needs root and useradd") -> None:
    """Skip without root (real Unix accounts); under CI, which runs as root, its absence is a failure."""
    import shutil

    import pytest

    if os.geteuid() != 0 or not shutil.which("useradd"):
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@contextlib.contextmanager
def chromium_page(width: int = 1280, height: int = 900):
    """A page of real headless Chromium driven by Playwright (no browser download: Debian's)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


@dataclasses.dataclass(frozen=True)
class Process:
    pid: int
    ppid: int
    uids: tuple[int, ...]  # real, effective, saved, filesystem
    gids: tuple[int, ...]
    groups: frozenset[int]
    argv: tuple[str, ...]


def processes() -> list[Process]:
    """Every running process, as /proc tells it (root sees them all)."""
    found = []
    for folder in Path("/proc").iterdir():
        if not folder.name.isdigit():
            continue
        try:
            status = dict(line.split(":", 1) for line in (folder / "status").read_text().splitlines() if ":" in line)
            argv = (folder / "cmdline").read_bytes().decode(errors="replace").split("\0")
        except (OSError, ValueError):
            continue  # ended meanwhile
        ids = {key: tuple(int(n) for n in status[key].split()) for key in ("Uid", "Gid", "Groups", "PPid")}
        found.append(Process(int(folder.name), ids["PPid"][0], ids["Uid"], ids["Gid"], frozenset(ids["Groups"]),
                             tuple(a for a in argv if a)))
    return found


def memory(pid: int):
    """The readable memory of process ``pid``, one mapped region at a time (root only)."""
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb", 0) as mem:
        for line in maps:
            fields = line.split()
            start, end = (int(n, 16) for n in fields[0].split("-"))
            if not fields[1].startswith("r") or fields[-1] in ("[vvar]", "[vsyscall]"):
                continue
            try:
                mem.seek(start)
                yield mem.read(end - start)
            except (OSError, ValueError, OverflowError):
                continue
