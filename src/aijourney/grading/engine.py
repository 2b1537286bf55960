"""The grading engine: every collected submission of an assignment, graded in parallel and in
a sandbox, written into nbgrader's own gradebook and ``autograded/`` folder.

Flow (one assignment)::

    main process                             workers (local processes or Dask): ``worker``
    ────────────                             ───────────────────────────────
    snapshot of the source (``snapshot``)──► sanitize with nbgrader's preprocessors
    submitted files (``intake``: regular      (OverwriteCells reads the snapshot, not the DB)
    files only, bytes)                       run: trainee process + verifier process
                                              (``executor``)
                                              grade cells with nbgrader's determine_grade
    single writer  ◄──────────result──────── executed notebook + grades + status
    gradebook (one session), autograded/, journal

The gradebook is written by the main process only, so it stays consistent whatever a worker
or a notebook does; the journal (``<course>/.aijourney/grading-<assignment>.jsonl``) makes a
killed run resumable: a submission whose current files were already graded is skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Callable, Iterable

from .sandbox import Limits
from .snapshot import add_source_order, assignment_snapshot, instructor_cells, release_cells, source_imports  # noqa: F401
from .status import Status, SubmissionStatus
from .worker import Task, _worker_init, grade_task, grade_task_isolated

GRADED, MANUAL, FAILED = Status.GRADED, Status.MANUAL, Status.FAILED
MAX_EXTRA_FILE_BYTES = 5 * 1024 * 1024  # files beside the notebook larger than this are not copied
MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024


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

    def limits_for(self, assignment: str) -> Limits:
        """The engine's limits, raised to what the assignment declares it needs (``Course.needs``):
        the language-model assignment gets a larger address space without the others getting it."""
        from dataclasses import replace

        needed = self.course.needs(assignment)
        return replace(self.limits, **{name: type(getattr(self.limits, name))(max(getattr(self.limits, name), value))
                                       for name, value in needed.items()})

    def _read_task(self, assignment: str, student: str, snapshot: dict, readable: list[str],
                   limits: Limits) -> tuple[Task, str]:
        """The submission's files, read by :mod:`.intake`: regular files only, nothing followed
        (links, devices, FIFOs, sockets and hard links are refused with a note)."""
        from .intake import read_submission

        got = read_submission(self._submission_dir(assignment, student), snapshot, MAX_NOTEBOOK_BYTES,
                              MAX_EXTRA_FILE_BYTES)
        task = Task(student, assignment, got.notebooks, got.extra_files, snapshot, limits, readable,
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
        limits = self.limits_for(assignment)
        journal = {} if force else self._journal(assignment)
        if journal:  # trust the journal only for what the gradebook really holds
            in_gradebook = self._graded_in_gradebook(assignment)
            journal = {k: v for k, v in journal.items() if k in in_gradebook}
        pending: list[tuple[Task, str]] = []
        statuses: list[SubmissionStatus] = []
        for student in students:
            task, fingerprint = self._read_task(assignment, student, snapshot, readable, limits)
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
        modules = source_imports(tasks[0].snapshot) if tasks else ()
        if self.workers <= 1:
            _worker_init(warm, modules, instructor_cells(tasks[0].snapshot))
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
                                       initargs=(warm, modules, instructor_cells(queue[0].snapshot), os.getpid(),
                                                 max(1, (os.cpu_count() or 1) // self.workers)))
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
                pool.shutdown(wait=True)  # each worker removes its zygote's and its spare's folders
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
        modules = source_imports(tasks[0].snapshot) if tasks else ()
        with Client(self.dask_address, set_as_default=False) as client:
            # warm every worker once: its zygote, the instructor's imports and set-up cells
            client.run(_worker_init, warm, modules, instructor_cells(tasks[0].snapshot), None, 1)
            futures = {client.submit(grade_task, t, pure=False, key=f"aijourney-{t.assignment}-{t.student}-{time.time_ns()}"): t
                       for t in tasks}
            for fut in as_completed(futures, loop=client.loop):
                task = futures[fut]
                try:
                    yield fut.result()
                except Exception as exc:
                    yield grade_task_isolated(task, exc)
