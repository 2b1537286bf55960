"""The worker side of the grading engine: one submission in, plain results out.

A worker (a local process or a Dask worker) never opens the gradebook: it gets the submitted
bytes and the assignment's snapshot (``snapshot``), sanitizes each notebook with nbgrader's own
preprocessors, runs it with ``executor`` (trainee process + verifier process) and grades the test
cells with nbgrader's ``determine_grade``. Nothing here raises for a bad submission: every outcome
is a result the main process writes.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .sandbox import Limits
from .snapshot import SnapshotGradebook, _is_setup, _snapshot_preprocessors, _source_order, setup_plan

# nbformat validates every notebook it reads and writes; fastjsonschema (installed with nbformat)
# does it an order of magnitude faster than the default jsonschema
os.environ.setdefault("NBFORMAT_VALIDATOR", "fastjsonschema")

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
    execution = executor.execute(cells, task.extra_files, task.limits, [Path(p) for p in task.readable],
                                 setup_plan(spec))
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
                 instructor_cells: tuple[str, ...] = (), parent: int | None = None,
                 llm_threads: int | None = None) -> None:
    """Prepare a grading worker: its zygote (warmed with the released notebook) and, for its
    verifiers, the modules and read-only set-up cells of the instructor's source.

    ``llm_threads``: threads for the language model in this worker, its zygote and their children
    (unless ``AIJOURNEY_LLM_THREADS`` is set): workers sharing the cores must not each use them all."""
    from . import executor
    from .sandbox import die_with_parent

    if parent is not None:  # a pool worker dies with the grader, and its zygote with it
        die_with_parent(parent)
    if llm_threads is not None:
        os.environ.setdefault("AIJOURNEY_LLM_THREADS", str(llm_threads))
    _fast_metadata_validation()
    executor.warm_up(preload=executor.DEFAULT_PRELOAD + tuple(modules), warm_cells=warm_cells,
                     instructor_cells=instructor_cells)


def grade_task_isolated(task: Task, exc: BaseException) -> dict:
    """A submission whose worker died: report it, with zero and manual grading for every cell."""
    result = {"student": task.student, "notebooks": {}, "notes": list(task.notes)}
    for name, spec in task.snapshot.items():
        result["notebooks"][name] = _fail_notebook(
            spec, f"not graded: the grading worker stopped ({type(exc).__name__}: {exc})", kind="error")
    return result
