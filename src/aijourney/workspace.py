"""The trainee workspace (build/trainee): lessons plus the released version of each assignment.

Rebuilding never overwrites a notebook the trainee has changed since the last build: such a
file is kept as it is and reported, so ``make lab`` can be run again safely.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .course import REPO_ROOT, Course

LESSONS_DIR = REPO_ROOT / "notebooks"
CONTESTS_DIR = REPO_ROOT / "contests"
STARTER = "bat-dau.ipynb"  # each contest's starter notebook: contests/<id>/bat-dau.ipynb → cuoc-thi/<id>.ipynb
MANIFEST = ".aijourney-build.json"


@dataclass
class BuildReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # the trainee edited them: left alone


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _files(root: Path) -> list[Path]:
    skip = {".ipynb_checkpoints", "__pycache__"}
    return sorted(p for p in root.rglob("*") if p.is_file() and not skip & set(p.relative_to(root).parts))


def build_workspace(course: Course | None, workspace: Path, lessons: Path = LESSONS_DIR) -> BuildReport:
    """Generate every assignment with nbgrader and lay out the trainee workspace. Without a course (a trainee's
    home on a hub, where assignments are fetched from the Assignments panel): lessons and contest starters."""
    workspace = Path(workspace)
    workspace.mkdir(parents=True, exist_ok=True)
    sources: dict[str, Path] = {str(p.relative_to(lessons)): p for p in _files(lessons)}
    for starter in sorted(CONTESTS_DIR.glob(f"*/{STARTER}")):
        sources[str(Path("cuoc-thi") / f"{starter.parent.name}.ipynb")] = starter
    for assignment in course.assignment_ids() if course is not None else ():
        release = course.generate(assignment)
        for p in _files(release):
            sources[str(Path("assignments") / assignment / p.relative_to(release))] = p

    manifest_path = workspace / MANIFEST
    previous = json.loads(manifest_path.read_text("utf-8")) if manifest_path.is_file() else {}
    manifest: dict[str, str] = {}
    report = BuildReport()
    for rel, src in sources.items():
        dest = workspace / rel
        new = _digest(src)
        if dest.is_file():
            current = _digest(dest)
            if current == new:
                report.unchanged.append(rel)
                manifest[rel] = new
                continue
            if previous.get(rel) != current:  # changed by the trainee since we wrote it
                report.kept.append(rel)
                manifest[rel] = previous.get(rel, "")
                continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        report.written.append(rel)
        manifest[rel] = new
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True), "utf-8")
    return report
