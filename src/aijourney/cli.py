"""``aijourney``: the one command instructors and organisers run."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .course import DEFAULT_COURSE_ID, Course, CourseError

BUILD = Path("build")


def _course(args) -> Course:
    return Course(root=args.course_dir, exchange=args.exchange, course_id=args.course_id, timeout=args.timeout)


def cmd_build(args) -> int:
    from .workspace import build_workspace

    report = build_workspace(_course(args), args.workspace)
    print(f"Trainee workspace: {Path(args.workspace).resolve()} "
          f"({len(report.written)} written, {len(report.unchanged)} unchanged)")
    for rel in report.kept:
        print(f"  kept your changes to {rel} (delete it to get the new version)")
    return 0


def cmd_setup_lab(args) -> int:
    from .lab import setup_lab

    print(f"JupyterLab defaults to Vietnamese: {setup_lab()}")
    return 0


def cmd_models(args) -> int:
    from .llm import ModelError, configured_source, is_prepared, prepare, prepared_folder

    try:
        if args.action == "prepare":
            prepare(force=args.force)
        else:
            folder = prepared_folder(configured_source())
            state = "prepared" if is_prepared(folder) or configured_source().folder else "NOT prepared"
            print(f"{configured_source().describe()}: {state} ({folder})")
    except ModelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_lab(args) -> int:
    from .lab import run_lab

    run_lab(Path(args.workspace), BUILD / "lab-config", args.lab_args, exchange=Path(args.exchange),
            course_id=args.course_id)
    return 0  # pragma: no cover - run_lab replaces the process


def cmd_release(args) -> int:
    _course(args).release(args.assignment)
    print(f"Released {args.assignment} to {Path(args.exchange).resolve()}")
    return 0


def cmd_collect(args) -> int:
    course = _course(args)
    students = course.collect(args.assignment)
    print(f"Collected {len(students)} submissions of {args.assignment}")
    for name in course.refused_submissions:
        print(f"  refused: {name} (its owner is not the trainee it names)", file=sys.stderr)
    return 0


def cmd_autograde(args) -> int:
    statuses = _course(args).autograde(args.assignment)
    from .grading.status import Status

    failed = [s for s in statuses if s.status is Status.FAILED]
    print(f"Autograded {len(statuses) - len(failed)} of {len(statuses)} submissions of {args.assignment}")
    for s in failed:
        detail = " ".join(s.reasons).strip()
        print(f"  failed: {s.student}: {detail.splitlines()[-1] if detail else ''}")
    return 1 if failed else 0


def cmd_grade(args) -> int:
    from .grading.engine import Engine
    from .grading.status import Status

    engine = Engine(_course(args), workers=args.workers, dask_address=args.dask, progress=not args.quiet)
    statuses = engine.grade(args.assignment, force=args.force)
    counts = {status: sum(s.status is status for s in statuses) for status in Status}
    print(f"{args.assignment}: {len(statuses)} submissions graded this run "
          f"({', '.join(f'{n} {k}' for k, n in counts.items() if n) or 'nothing new'})")
    for s in statuses:
        if s.status is not Status.GRADED:
            print("  " + s.line())
    # a failed submission (unreadable notebook, grading error) needs the instructor: say so in the exit code
    return 1 if counts[Status.FAILED] else 0


def cmd_feedback(args) -> int:
    _course(args).feedback(args.assignment)
    print(f"Feedback for {args.assignment} generated and released")
    return 0


def cmd_export(args) -> int:
    path = _course(args).export_csv(Path(args.output))
    print(f"Grades: {path.resolve()}")
    return 0


def cmd_report(args) -> int:
    from .report import write_report

    index = write_report(_course(args), args.assignment, Path(args.output))
    print(f"Report: {index.resolve()}")
    return 0


def cmd_simulate(args) -> int:
    from .simulate import simulate_class

    course = _course(args)
    trainees = simulate_class(course, args.assignment, n=args.trainees, seed=args.seed)
    print(f"{len(trainees)} simulated trainees submitted {args.assignment}")
    return 0


def cmd_demo(args) -> int:
    """Build, simulate a class of 30 at 3 sites, grade, export and report."""
    from .report import write_report
    from .simulate import simulate_class
    from .workspace import build_workspace

    t0 = time.monotonic()
    demo = BUILD / "demo"
    if demo.exists():
        import shutil

        shutil.rmtree(demo)
    course = Course(root=demo / "course", exchange=demo / "exchange", course_id=args.course_id, timeout=args.timeout)
    build_workspace(course, args.workspace)
    print(f"[1/5] built the trainee workspace in {args.workspace}")
    course.release(args.assignment)
    simulate_class(course, args.assignment, n=args.trainees, seed=args.seed, homes=demo / "homes")
    print(f"[2/5] released {args.assignment}; {args.trainees} simulated trainees at 3 sites submitted")
    from .grading.engine import Engine
    from .grading.status import Status

    collected = course.collect(args.assignment)
    statuses = Engine(course).grade(args.assignment, collected)
    graded = sum(s.status is Status.GRADED for s in statuses)
    print(f"[3/5] collected {len(collected)} submissions and graded them with the grading engine "
          f"({graded} graded, {len(statuses) - graded} for manual review)")
    course.feedback(args.assignment)
    csv_path = course.export_csv(BUILD / "report" / "grades.csv")
    print(f"[4/5] feedback released; grades exported to {csv_path}")
    index = write_report(course, args.assignment, BUILD / "report")
    print(f"[5/5] report written in {time.monotonic() - t0:.0f} s")
    print(f"Report: {index.resolve()}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="aijourney", description="AI Journey (Hành trình AI) course tools.")
    # on a site's hub, the course service's terminal has the site's course in AIJOURNEY_* (aijourney.hub.site)
    parser.add_argument("--course-dir", default=os.environ.get("AIJOURNEY_COURSE_DIR") or str(BUILD / "course"),
                        help="nbgrader course root (default: $AIJOURNEY_COURSE_DIR or %(default)s)")
    parser.add_argument("--exchange", default=os.environ.get("AIJOURNEY_EXCHANGE") or str(BUILD / "exchange"),
                        help="nbgrader exchange folder (default: $AIJOURNEY_EXCHANGE or %(default)s)")
    parser.add_argument("--course-id", default=os.environ.get("AIJOURNEY_COURSE") or DEFAULT_COURSE_ID,
                        help="nbgrader course id (default: $AIJOURNEY_COURSE or %(default)s)")
    parser.add_argument("--timeout", type=int, default=30, help="seconds one cell may run when grading (default: %(default)s)")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name, func, help_text):
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p

    p = add("build", cmd_build, "generate every assignment and lay out the trainee workspace")
    p.add_argument("--workspace", default=str(BUILD / "trainee"))
    add("setup-lab", cmd_setup_lab, "make Vietnamese the default JupyterLab language in this environment")
    p = add("models", cmd_models, "prepare the offline language model once so lessons load it in seconds")
    p.add_argument("action", choices=["prepare", "status"],
                   help="prepare: convert the model into the cache (does nothing when done); status: say where it is")
    p.add_argument("--force", action="store_true", help="prepare again even if a complete copy exists")
    p.epilog = ("The model is AIJOURNEY_LLM (a Hugging Face folder or a .gguf file) or, unset, the packaged "
                "Gemma 3 270M; prepared copies go to AIJOURNEY_MODEL_DIR (default: <environment>/share/aijourney/models).")
    p = add("lab", cmd_lab, "start JupyterLab on the trainee workspace (extra arguments go to jupyter lab)")
    p.add_argument("--workspace", default=str(BUILD / "trainee"))
    p.epilog = "Any other argument goes to jupyter lab, e.g.: aijourney lab --no-browser --port 8890"
    for name, func, text in [
        ("release", cmd_release, "generate an assignment and release it to the exchange"),
        ("collect", cmd_collect, "collect submissions of an assignment from the exchange"),
        ("autograde", cmd_autograde, "stock nbgrader autograde, one submission at a time (see grade)"),
        ("feedback", cmd_feedback, "generate and release feedback for an assignment"),
    ]:
        add(name, func, text).add_argument("assignment")
    p = add("grade", cmd_grade, "grade every collected submission: parallel, sandboxed, resumable")
    p.add_argument("assignment")
    p.add_argument("--workers", type=int, default=None, help="local worker processes (default: one per core)")
    p.add_argument("--dask", default=None, metavar="ADDRESS", help="grade on a Dask cluster, e.g. tcp://host:8786")
    p.add_argument("--force", action="store_true", help="grade again submissions already graded from the same files")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p = add("export", cmd_export, "export all grades to CSV (nbgrader's CSV format)")
    p.add_argument("--output", default=str(BUILD / "grades.csv"))
    p = add("report", cmd_report, "write the HTML report of an assignment")
    p.add_argument("assignment")
    p.add_argument("--output", default=str(BUILD / "report"))
    from .contest.cli import add_contest_parser
    from .hub.cli import add_hub_parser
    from .talent.cli import add_talent_parser

    add_contest_parser(sub)
    add_talent_parser(sub)
    add_hub_parser(sub)
    p = add("simulate", cmd_simulate, "add simulated trainees and submit their answers (for demos)")
    p.add_argument("assignment")
    p.add_argument("--trainees", type=int, default=30)
    p.add_argument("--seed", type=int, default=0)
    p = add("demo", cmd_demo, "the instructor's path in one command, on a simulated class")
    p.add_argument("--assignment", default="b1-ocop")
    p.add_argument("--trainees", type=int, default=30)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--workspace", default=str(BUILD / "trainee"))
    return parser


def _quiet_library_warnings() -> None:
    """nbgrader's gradebook code makes SQLAlchemy warn about its own session handling; instructors
    cannot act on that, so the CLI does not show it."""
    import warnings

    try:
        from sqlalchemy.exc import SAWarning
    except ImportError:  # pragma: no cover - sqlalchemy comes with nbgrader
        return
    warnings.filterwarnings("ignore", category=SAWarning)
    warnings.filterwarnings("ignore", category=DeprecationWarning, module="traitlets")


def main(argv: list[str] | None = None) -> int:
    _quiet_library_warnings()
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command == "lab":
        args.lab_args = extra
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return args.func(args)
    except CourseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
