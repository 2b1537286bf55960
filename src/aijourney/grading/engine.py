"""The grading engine: every collected submission of an assignment, graded in parallel and in
a sandbox, written into nbgrader's own gradebook and ``autograded/`` folder.

Flow (one assignment)::

    main process                             workers (local processes or Dask)
    ────────────                             ───────────────────────────────
    snapshot of the source cells   ──task──► sanitize with nbgrader's preprocessors
    (from the gradebook, once)                (OverwriteCells reads the snapshot, not the DB)
    submitted files (bytes)                   execute in a sandboxed child forked from the
                                              warm worker (executor.execute)
                                              grade cells with nbgrader's determine_grade
    single writer  ◄──────────result──────── executed notebook + grades + status
    gradebook (one session), autograded/, journal

The gradebook is written by the main process only, so it stays consistent whatever a worker
or a notebook does; the journal (``<course>/.aijourney/grading-<assignment>.jsonl``) makes a
killed run resumable: a submission whose current files were already graded is skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Callable, Iterable

from .sandbox import Limits
from .status import Status, SubmissionStatus

# nbformat validates every notebook it reads and writes; fastjsonschema (installed with nbformat)
# does it an order of magnitude faster than the default jsonschema
os.environ.setdefault("NBFORMAT_VALIDATOR", "fastjsonschema")

GRADED, MANUAL, FAILED = Status.GRADED, Status.MANUAL, Status.FAILED
MAX_EXTRA_FILE_BYTES = 5 * 1024 * 1024  # files beside the notebook larger than this are not copied
MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024


# -- what workers need to know about the assignment (no database access there) --------------

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


# -- the worker side ---------------------------------------------------------------------

@dataclass
class Task:
    student: str
    assignment: str
    notebooks: dict[str, bytes | None]  # notebook name -> submitted bytes (None: missing)
    extra_files: dict[str, bytes]  # small files submitted beside the notebooks
    snapshot: dict
    limits: Limits
    readable: list[str]
    ignore_stderr: bool = True
    notes: list[str] = field(default_factory=list)  # found while collecting the files
    refused: list[str] = field(default_factory=list)  # entries not read (links, devices …)
    unknown_notebooks: list[str] = field(default_factory=list)  # notebooks not in the assignment


def _fail_notebook(spec: dict, reason: str, kind: str = "unreadable") -> dict:
    """Zero for every graded cell; ``unreadable``/``error`` also ask for manual grading."""
    manual = kind != "missing"
    grades = {name: [0.0, g["max_score"], manual] for name, g in spec["grade_cells"].items()}
    grades.update({name: [0.0, g["max_score"], manual] for name, g in spec["task_cells"].items()})
    return {"nb": None, "kind": kind, "grades": grades, "comments": {}, "flags": [reason], "notes": []}


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


def _cell_spec(cell, spec: dict) -> dict:
    """Where a cell runs. Test cells are recognised by their grade id in the source snapshot and
    their code is the snapshot's: nothing the trainee wrote, nor a cell the trainee marked up to
    look like the instructor's, ever reaches the verifier. Read-only cells run in the trainee process
    with the snapshot's code (the verifier runs its own copy, see ``setup_plan``)."""
    grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    source = next((c for c in spec["source_cells"] if c["name"] == grade_id), None) if grade_id else None
    if cell.cell_type == "code" and source is not None and source["cell_type"] == "code":
        if grade_id in spec["grade_cells"] and grade_id not in spec["solution_cells"]:
            order = _source_order(spec)
            return {"cell_type": "code", "source": source["source"], "role": "test",
                    "order": order.index(grade_id) if grade_id in order else len(order)}
        if _is_setup(source, spec):
            return {"cell_type": "code", "source": source["source"], "role": "trainee"}
    return {"cell_type": cell.cell_type, "source": cell.source, "role": "trainee"}


def _forget_duplicates(nb):
    """DeduplicateIds leaves copied cells with nbgrader metadata but no grade_id, which makes
    OverwriteCells fail (nbgrader #1083): a copy becomes an ordinary cell."""
    for cell in nb.cells:
        meta = cell.get("metadata", {})
        if "nbgrader" in meta and "grade_id" not in meta["nbgrader"]:
            del meta["nbgrader"]
    return nb


def _load_notebook(data: bytes):
    import nbformat

    notes = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        notes.append("the notebook was not valid UTF-8: undecodable bytes were replaced")
    nb = nbformat.reads(text, as_version=4)  # raises on invalid JSON / not a notebook
    return nb, notes


def grade_notebook(task: Task, name: str, data: bytes) -> dict:
    """Sanitize, execute and grade one notebook of one submission (runs in a worker)."""
    import nbformat
    from nbgrader import utils
    from nbgrader.preprocessors import CheckCellMetadata, ClearOutput, DeduplicateIds, IgnorePattern, LimitOutput
    from traitlets.config import Config

    from . import executor

    spec = task.snapshot[name]
    try:
        nb, notes = _load_notebook(data)
    except Exception as exc:
        return _fail_notebook(spec, f"{name}.ipynb is not a readable notebook ({type(exc).__name__})")
    config = Config()
    config.OverwriteCells.add_missing_cells = True
    resources = {"nbgrader": {"notebook": name, "assignment": task.assignment, "student": task.student,
                              "db_url": ""},
                 "aijourney": {"gradebook": SnapshotGradebook(task.snapshot)}}
    try:
        kernelspec_pp, overwrite_pp = _snapshot_preprocessors()
        for cls in (ClearOutput, DeduplicateIds, _forget_duplicates, kernelspec_pp, overwrite_pp, CheckCellMetadata):
            if cls is _forget_duplicates:
                nb = _forget_duplicates(nb)
                continue
            pp = cls(config=config)
            pp.enabled = True
            nb, resources = pp(nb, resources)
    except Exception as exc:
        return _fail_notebook(spec, f"{name}.ipynb could not be checked against the source ({type(exc).__name__}: {exc})")
    nb = nbformat.from_dict(nb)  # cells OverwriteCells put back are plain dicts

    cells = [_cell_spec(c, spec) for c in nb.cells]
    workdir = Path(tempfile.mkdtemp(prefix="aijourney-grade-"))
    try:
        for rel, content in task.extra_files.items():
            dest = workdir / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(content)
        execution = executor.execute(cells, workdir, task.limits, [Path(p) for p in task.readable],
                                     setup_plan(spec))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and i in execution.cells:
            cell.outputs = [nbformat.from_dict(o) for o in execution.cells[i]["outputs"]]
            cell.execution_count = execution.cells[i]["count"]

    # what stock Autograde runs after Execute (its ClearMetadataPreprocessor is disabled by default)
    for cls in (IgnorePattern, LimitOutput):
        nb, resources = cls(config=config)(nb, resources)

    grades, comments, flags = {}, {}, list(execution.problems)
    for i, cell in enumerate(nb.cells):
        if utils.is_grade(cell):
            graded = cell
            if task.ignore_stderr and cell.cell_type == "code":
                # a warning a library printed must not zero a correct answer
                graded = nbformat.from_dict(dict(cell, outputs=[
                    o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")]))
            score, max_score = utils.determine_grade(graded)
            manual = score is None
            grades[cell.metadata.nbgrader["grade_id"]] = [score, max_score, manual]
        if utils.is_solution(cell) or utils.is_task(cell):
            unchanged = cell.metadata.nbgrader.get("checksum") == utils.compute_checksum(cell) and not utils.is_task(cell)
            comments[cell.metadata.nbgrader["grade_id"]] = "No response." if unchanged else None
    return {"nb": nbformat.writes(nb), "kind": "ok", "grades": grades, "comments": comments, "flags": flags,
            "notes": notes, "sandbox": execution.sandbox, "seconds": execution.seconds}


def grade_task(task: Task) -> dict:
    """Grade one submission (all its notebooks). Never raises: failures become a status."""
    start = time.monotonic()
    result: dict[str, Any] = {"student": task.student, "notebooks": {}, "notes": list(task.notes),
                              "refused": bool(task.refused), "renamed": bool(task.unknown_notebooks)}
    for name, spec in task.snapshot.items():
        data = task.notebooks.get(name)
        try:
            if data is None:
                nbres = _fail_notebook(spec, f"{name}.ipynb is missing from the submission", kind="missing")
            else:
                nbres = grade_notebook(task, name, data)
        except Exception as exc:  # a bug or an unexpected notebook: this submission fails, not the batch
            nbres = _fail_notebook(spec, f"grading {name}.ipynb failed: {type(exc).__name__}: {exc}", kind="error")
        result["notebooks"][name] = nbres
    result["seconds"] = time.monotonic() - start
    return result


def _fast_metadata_validation() -> None:
    """nbgrader's CheckCellMetadata validates each cell's nbgrader metadata with
    ``jsonschema.validate``, which re-checks the schema itself on every call (most of the
    preprocessor's time). In a grading worker, validate with one compiled validator per schema:
    same schema, same error (the best match), a fraction of the time."""
    from types import SimpleNamespace

    import jsonschema
    from jsonschema.exceptions import best_match
    from nbgrader.nbgraderformat import common

    if getattr(common.jsonschema, "aijourney", False):
        return
    validators: dict[int, Any] = {}

    def validate(instance, schema):
        validator = validators.get(id(schema))
        if validator is None:
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            validator = validators[id(schema)] = (cls(schema), schema)
        error = best_match(validator[0].iter_errors(instance))
        if error is not None:
            raise error

    common.jsonschema = SimpleNamespace(validate=validate, aijourney=True)


def _worker_init(warm_cells: tuple[str, ...] = (), modules: tuple[str, ...] = (),
                 instructor_cells: tuple[str, ...] = (), source_cells: tuple[str, ...] = (),
                 parent: int | None = None) -> None:
    """Prepare a grading worker: its zygote (warmed with the released notebook) and, for its
    verifiers, the modules and read-only set-up cells of the instructor's source."""
    from . import executor
    from .sandbox import die_with_parent

    if parent is not None:  # a pool worker dies with the grader, and its zygote with it
        die_with_parent(parent)
    _fast_metadata_validation()
    executor.warm_up(preload=executor.DEFAULT_PRELOAD + tuple(modules), warm_cells=warm_cells,
                     instructor_cells=instructor_cells, source_cells=source_cells)


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


def release_cells(course, assignment: str, folder: str = "release") -> tuple[str, ...]:
    """Code of the released notebooks (no solutions, no hidden tests): used to warm zygotes.
    With ``folder="source"``, the instructor's whole notebooks: used to warm verifiers."""
    import nbformat

    cells = []
    for path in sorted((course.root / folder / assignment).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                cells.append(cell.source)
    return tuple(cells)


# -- the main process ----------------------------------------------------------------------

class Engine:
    """Grade every collected submission of an assignment into the course gradebook."""

    def __init__(self, course, workers: int | None = None, dask_address: str | None = None,
                 limits: Limits | None = None, progress: bool = True, ignore_stderr: bool = True):
        self.course = course
        self.workers = workers or os.cpu_count() or 1
        self.dask_address = dask_address
        self.limits = limits or Limits(cell_timeout=float(course.timeout))
        self.progress = progress
        self.ignore_stderr = ignore_stderr
        self._known_students: set[str] = set()  # students already in the gradebook (filled per run)

    # journal ---------------------------------------------------------------------------
    def _journal_path(self, assignment: str) -> Path:
        return self.course.root / ".aijourney" / f"grading-{assignment}.jsonl"

    def _journal(self, assignment: str) -> dict[str, str]:
        done = {}
        path = self._journal_path(assignment)
        if path.is_file():
            for line in path.read_text("utf-8").splitlines():
                try:
                    entry = json.loads(line)
                    done[entry["student"]] = entry["fingerprint"]
                except (ValueError, KeyError):
                    continue  # a line cut by a crash
        return done

    def _record(self, assignment: str, student: str, fingerprint: str, status: str) -> None:
        path = self._journal_path(assignment)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"student": student, "fingerprint": fingerprint, "status": str(status)}) + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    # inputs ----------------------------------------------------------------------------
    def _submission_dir(self, assignment: str, student: str) -> Path:
        return self.course.root / "submitted" / student / assignment

    def _read_task(self, assignment: str, student: str, snapshot: dict, readable: list[str]) -> tuple[Task, str]:
        """The submission's files, read by :mod:`.intake`: regular files only, nothing followed
        (links, devices, FIFOs, sockets and hard links are refused with a note)."""
        from .intake import read_submission

        got = read_submission(self._submission_dir(assignment, student), snapshot, MAX_NOTEBOOK_BYTES,
                              MAX_EXTRA_FILE_BYTES)
        task = Task(student, assignment, got.notebooks, got.extra_files, snapshot, self.limits, readable,
                    self.ignore_stderr, got.notes, got.refused, got.unknown)
        return task, got.fingerprint

    # output ----------------------------------------------------------------------------
    def _write(self, gb, assignment: str, result: dict, snapshot: dict) -> SubmissionStatus:
        from nbgrader.preprocessors import AssignLatePenalties

        student = result["student"]
        src = self._submission_dir(assignment, student)
        timestamp = self.course.api.coursedir.get_existing_timestamp(str(src))
        if student not in self._known_students:
            gb.update_or_create_student(student)
            self._known_students.add(student)
        if timestamp:
            submission = gb.update_or_create_submission(assignment, student, timestamp=timestamp)
        else:
            submission = gb.update_or_create_submission(assignment, student)
        manual_any = False
        for name, nbres in result["notebooks"].items():
            notebook = gb.find_submission_notebook(name, assignment, student)
            grades = {g.name: g for g in notebook.grades}
            for grade_id, (score, _max, manual) in nbres["grades"].items():
                grade = grades.get(grade_id)
                if grade is None:
                    continue
                grade.auto_score = score
                grade.needs_manual_grade = bool(manual or grade.manual_score is not None or score is None)
                manual_any |= grade.needs_manual_grade
            comments = {c.name: c for c in notebook.comments}
            for grade_id, text in nbres["comments"].items():
                if grade_id in comments:
                    comments[grade_id].auto_comment = text
            notebook.late_submission_penalty = None
            if submission.total_seconds_late > 0:
                late = AssignLatePenalties(config=self.course.config)
                late.init_plugin()
                penalty = late.plugin_inst.late_submission_penalty(student, notebook.score, submission.total_seconds_late)
                if penalty is not None:
                    notebook.late_submission_penalty = late._check_late_penalty(notebook, penalty)
        gb.db.commit()

        dest = self.course.root / "autograded" / student / assignment
        tmp = dest.with_name(dest.name + ".partial")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        # regular files only, nothing followed (what was refused is already in the notes)
        from .intake import not_extra, safe_copy_tree

        safe_copy_tree(src, tmp, MAX_EXTRA_FILE_BYTES, skip=not_extra)
        safe_copy_tree(self.course.root / "source" / assignment, tmp, skip=not_extra, hard_links=True)
        for name, nbres in result["notebooks"].items():
            if nbres["nb"] is not None:
                (tmp / f"{name}.ipynb").write_text(nbres["nb"], "utf-8")
        shutil.rmtree(dest, ignore_errors=True)
        tmp.rename(dest)

        kinds = [nbres["kind"] for nbres in result["notebooks"].values()]
        flags = [f for nbres in result["notebooks"].values() for f in nbres["flags"]]
        notes = result["notes"] + [n for nbres in result["notebooks"].values() for n in nbres.get("notes", [])]
        if any(k in ("unreadable", "error") for k in kinds):
            status = FAILED
        elif any(k == "missing" for k in kinds) and result.get("renamed"):
            status = MANUAL  # a renamed notebook: a person should look at it
        elif result.get("refused"):
            status = MANUAL  # a link, a device …: not read; a person should look at it
        elif manual_any or any(nbres["flags"] for nbres in result["notebooks"].values() if nbres["kind"] == "ok"):
            status = MANUAL
        else:
            status = GRADED
        return SubmissionStatus(student, status, flags + notes, float(submission.score), float(submission.max_score))

    # the batch -------------------------------------------------------------------------
    def grade(self, assignment: str, students: Iterable[str] | None = None, force: bool = False,
              on_result: Callable[[SubmissionStatus], None] | None = None) -> list[SubmissionStatus]:
        from nbgrader.api import Gradebook

        from ..datasets import datasets_dir
        from .sandbox import default_readable

        course = self.course
        course.api  # writes nbgrader_config.py, creates folders
        from nbgrader.api import MissingEntry

        from ..course import CourseError

        with Gradebook(course.config.CourseDirectory.db_url, course.course_id) as gb:
            try:
                snapshot = assignment_snapshot(gb, assignment)
            except MissingEntry:
                snapshot = {}
        if not snapshot:
            raise CourseError(f"assignment {assignment!r} is not in the gradebook: release it first "
                              f"(aijourney release {assignment})")
        add_source_order(snapshot, course.root / "source" / assignment)
        readable = [str(p) for p in default_readable() + [datasets_dir()] if Path(p).exists()]
        students = sorted(students if students is not None else course.submitted_students(assignment))
        journal = {} if force else self._journal(assignment)
        if journal:  # trust the journal only for what the gradebook really holds
            in_gradebook = self._graded_in_gradebook(assignment)
            journal = {k: v for k, v in journal.items() if k in in_gradebook}
        pending: list[tuple[Task, str]] = []
        statuses: list[SubmissionStatus] = []
        for student in students:
            task, fingerprint = self._read_task(assignment, student, snapshot, readable)
            if journal.get(student) == fingerprint:
                continue  # already graded from these very files (resume after a crash)
            pending.append((task, fingerprint))
        if not pending:
            return statuses

        bar = None
        if self.progress:
            from tqdm import tqdm

            bar = tqdm(total=len(pending), unit=" bài", desc=f"Chấm {assignment}", file=sys.stderr,
                       dynamic_ncols=True)
        fingerprints = {t.student: f for t, f in pending}
        results = self._results([t for t, _ in pending])
        try:
            first = next(results, None)  # workers exist (forked) before the writer opens the gradebook
            with Gradebook(course.config.CourseDirectory.db_url, course.course_id) as gb:
                self._tune(gb)
                self._known_students = {s.id for s in gb.students}
                for result in ([first] if first is not None else []):
                    statuses.append(self._commit(gb, assignment, result, snapshot, fingerprints, on_result, bar))
                for result in results:
                    statuses.append(self._commit(gb, assignment, result, snapshot, fingerprints, on_result, bar))
        finally:
            results.close()
            if bar is not None:
                bar.close()
        return statuses

    @staticmethod
    def _tune(gb) -> None:
        """SQLite: write-ahead log, and no fsync per transaction (only at checkpoints). A crash can
        then lose the last transactions, never corrupt the file; the journal check on resume
        (``_graded_in_gradebook``) regrades whatever was lost."""
        from sqlalchemy import text

        if gb.db.bind.dialect.name == "sqlite":
            gb.db.execute(text("PRAGMA journal_mode=WAL"))
            gb.db.execute(text("PRAGMA synchronous=NORMAL"))

    def _graded_in_gradebook(self, assignment: str) -> set[str]:
        from nbgrader.api import Gradebook

        with Gradebook(self.course.config.CourseDirectory.db_url, self.course.course_id) as gb:
            return {s.student.id for s in gb.assignment_submissions(assignment)
                    if any(g.auto_score is not None or g.manual_score is not None
                           for nb in s.notebooks for g in nb.grades)
                    or not any(True for nb in s.notebooks for g in nb.grades)}

    def _commit(self, gb, assignment, result, snapshot, fingerprints, on_result, bar) -> SubmissionStatus:
        status = self._write(gb, assignment, result, snapshot)
        self._record(assignment, status.student, fingerprints[status.student], status.status)
        if on_result:
            on_result(status)
        if bar is not None:
            bar.update(1)
        return status

    def _results(self, tasks: list[Task]):
        if self.dask_address:
            yield from self._results_dask(tasks)
            return
        warm = release_cells(self.course, tasks[0].assignment) if tasks else ()
        source = release_cells(self.course, tasks[0].assignment, "source") if tasks else ()
        modules = source_imports(tasks[0].snapshot) if tasks else ()
        if self.workers <= 1:
            _worker_init(warm, modules, instructor_cells(tasks[0].snapshot), source)
            for task in tasks:
                yield grade_task(task)
            return
        import importlib
        import multiprocessing
        import warnings
        from concurrent.futures.process import BrokenProcessPool

        from .executor import DEFAULT_PRELOAD

        with warnings.catch_warnings():  # imported once here, shared by every forked worker
            warnings.simplefilter("ignore")
            for name in DEFAULT_PRELOAD:
                try:
                    importlib.import_module(name)
                except Exception:
                    pass
        ctx = multiprocessing.get_context("fork")
        queue = list(tasks)
        attempts: dict[str, int] = {}
        while queue:
            pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx, initializer=_worker_init,
                                       initargs=(warm, modules, instructor_cells(queue[0].snapshot), source,
                                                 os.getpid()))
            futures: dict[Future, Task] = {}
            try:
                while queue or futures:
                    while queue and len(futures) < self.workers * 2:
                        task = queue.pop(0)
                        futures[pool.submit(grade_task, task)] = task
                    done, _ = wait(futures, return_when=FIRST_COMPLETED)
                    for fut in done:
                        task = futures.pop(fut)
                        yield fut.result()
            except BrokenProcessPool as exc:
                # a worker died (it should not: notebooks run in their own children); grade the
                # submissions it had in flight again in a new pool, once, then give up on them
                for task in futures.values():
                    attempts[task.student] = attempts.get(task.student, 0) + 1
                    if attempts[task.student] >= 2:
                        yield grade_task_isolated(task, exc)
                    else:
                        queue.insert(0, task)
            finally:
                pool.shutdown(wait=False, cancel_futures=True)

    def _results_dask(self, tasks: list[Task]):
        from distributed import Client, as_completed

        warm = release_cells(self.course, tasks[0].assignment) if tasks else ()
        source = release_cells(self.course, tasks[0].assignment, "source") if tasks else ()
        modules = source_imports(tasks[0].snapshot) if tasks else ()
        with Client(self.dask_address, set_as_default=False) as client:
            # warm every worker once: its zygote, the instructor's imports and set-up cells
            client.run(_worker_init, warm, modules, instructor_cells(tasks[0].snapshot), source)
            futures = {client.submit(grade_task, t, pure=False, key=f"aijourney-{t.assignment}-{t.student}-{time.time_ns()}"): t
                       for t in tasks}
            for fut in as_completed(futures, loop=client.loop):
                task = futures[fut]
                try:
                    yield fut.result()
                except Exception as exc:
                    yield grade_task_isolated(task, exc)


def grade_task_isolated(task: Task, exc: BaseException) -> dict:
    """A submission whose worker died: report it, with zero and manual grading for every cell."""
    result = {"student": task.student, "notebooks": {}, "notes": list(task.notes)}
    for name, spec in task.snapshot.items():
        result["notebooks"][name] = _fail_notebook(
            spec, f"not graded: the grading worker stopped ({type(exc).__name__}: {exc})", kind="error")
    return result
