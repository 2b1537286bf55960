"""What grading workers know about an assignment: the instructor's source as plain data, read
once from the gradebook and the course's source folder by the main process (workers never open
the gradebook), and what is derived from it — nbgrader's OverwriteCells served from the snapshot,
where each read-only cell runs, what warms a worker."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

def assignment_snapshot(gradebook, assignment: str) -> dict:
    """The source cells of every notebook of ``assignment``, as plain data."""
    a = gradebook.find_assignment(assignment)
    out = {}
    for nb in a.notebooks:
        out[nb.name] = {
            "kernelspec": json.loads(nb.kernelspec) if nb.kernelspec else None,
            "source_cells": [
                {"name": c.name, "cell_type": c.cell_type, "locked": bool(c.locked), "source": c.source,
                 "checksum": c.checksum} for c in nb.source_cells
            ],
            "grade_cells": {c.name: {"max_score": float(c.max_score), "cell_type": c.cell_type} for c in nb.grade_cells},
            "solution_cells": [c.name for c in nb.solution_cells],
            "task_cells": {c.name: {"max_score": float(c.max_score), "cell_type": c.cell_type} for c in nb.task_cells},
        }
    return out


class SnapshotGradebook:
    """The part of nbgrader's Gradebook that OverwriteCells reads, served from a snapshot."""

    def __init__(self, snapshot: dict):
        self.snapshot = snapshot

    def _nb(self, notebook: str) -> dict:
        from nbgrader.api import MissingEntry

        if notebook not in self.snapshot:
            raise MissingEntry()
        return self.snapshot[notebook]

    def find_source_cell(self, name: str, notebook: str, assignment: str):
        from nbgrader.api import MissingEntry

        for c in self._nb(notebook)["source_cells"]:
            if c["name"] == name:
                return SimpleNamespace(**c)
        raise MissingEntry()

    def find_graded_cell(self, name: str, notebook: str, assignment: str):
        from nbgrader.api import MissingEntry

        nb = self._nb(notebook)
        for group in ("grade_cells", "task_cells"):
            if name in nb[group]:
                return SimpleNamespace(name=name, **nb[group][name])
        raise MissingEntry()

    def find_notebook(self, notebook: str, assignment: str):
        nb = self._nb(notebook)
        return SimpleNamespace(
            source_cells=[SimpleNamespace(**c) for c in nb["source_cells"]],
            grade_cells=[SimpleNamespace(name=k, **v) for k, v in nb["grade_cells"].items()],
            solution_cells=[SimpleNamespace(name=k) for k in nb["solution_cells"]],
            task_cells=[SimpleNamespace(name=k, **v) for k, v in nb["task_cells"].items()],
        )


def _snapshot_preprocessors():
    """nbgrader's OverwriteKernelspec and OverwriteCells, reading the snapshot instead of the DB."""
    from nbgrader.preprocessors import OverwriteCells, OverwriteKernelspec
    from nbgrader.preprocessors.base import NbGraderPreprocessor

    class SnapshotOverwriteKernelspec(OverwriteKernelspec):
        def preprocess(self, nb, resources):
            kernelspec = resources["aijourney"]["gradebook"].snapshot[resources["nbgrader"]["notebook"]]["kernelspec"]
            if kernelspec:
                nb.metadata["kernelspec"] = kernelspec
            return nb, resources

    class SnapshotOverwriteCells(OverwriteCells):
        """nbgrader's OverwriteCells, reading source cells from the snapshot in ``resources``."""

        def preprocess(self, nb, resources):
            self.notebook_id = resources["nbgrader"]["notebook"]
            self.assignment_id = resources["nbgrader"]["assignment"]
            self.gradebook = resources["aijourney"]["gradebook"]
            nb, resources = NbGraderPreprocessor.preprocess(self, nb, resources)
            if self.add_missing_cells:
                nb, resources = self.add_missing_grade_cells(nb, resources)
                nb, resources = self.add_missing_task_cells(nb, resources)
            return nb, resources

    return SnapshotOverwriteKernelspec, SnapshotOverwriteCells


def _is_setup(cell: dict, spec: dict) -> bool:
    """A read-only instructor cell of the source (no solution, no test)."""
    return (cell["cell_type"] == "code" and cell["locked"] and cell["name"] not in spec["grade_cells"]
            and cell["name"] not in spec["solution_cells"])


def _source_order(spec: dict) -> list[str]:
    return spec.get("order") or [c["name"] for c in spec["source_cells"]]


def setup_plan(spec: dict) -> list[tuple[int, str]]:
    """The source's read-only cells with their position: the verifier runs each of them before the
    first test that follows it in the *source*, whatever the submitted notebook's layout."""
    by_name = {c["name"]: c for c in spec["source_cells"]}
    return [(i, by_name[n]["source"]) for i, n in enumerate(_source_order(spec))
            if n in by_name and _is_setup(by_name[n], spec)]


def instructor_cells(snapshot: dict) -> tuple[str, ...]:
    """The read-only set-up cells of a one-notebook assignment (no solutions, no tests), in source
    order: workers run them once for their verifiers."""
    if len(snapshot) != 1:
        return ()
    return tuple(source for spec in snapshot.values() for _, source in setup_plan(spec))


def add_source_order(snapshot: dict, folder: Path) -> None:
    """Record the order of the source notebook's graded and read-only cells (the gradebook keeps
    the cells, not their order)."""
    import nbformat

    for name, spec in snapshot.items():
        try:
            nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
        except (OSError, ValueError):
            continue
        spec["order"] = [c.metadata.nbgrader["grade_id"] for c in nb.cells
                         if "grade_id" in c.get("metadata", {}).get("nbgrader", {})]


def source_imports(snapshot: dict) -> tuple[str, ...]:
    """Modules the instructor's cells (solutions and tests, hidden ones included) import: each
    worker imports them once, so that verifiers start with them loaded."""
    import ast

    names: set[str] = set()
    for spec in snapshot.values():
        for cell in spec["source_cells"]:
            if cell["cell_type"] != "code":
                continue
            try:
                tree = ast.parse(cell["source"])
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names.add(node.module)
    return tuple(sorted(names))


def release_cells(course, assignment: str) -> tuple[str, ...]:
    """Code of the released notebooks (no solutions, no hidden tests): used to warm zygotes."""
    import nbformat

    cells = []
    for path in sorted((course.root / "release" / assignment).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                cells.append(cell.source)
    return tuple(cells)
