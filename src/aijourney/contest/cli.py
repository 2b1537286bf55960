"""``aijourney contest …``: the organiser's commands (wired into ``aijourney.cli``)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ..course import REPO_ROOT
from .definition import ContestError

DEFAULT_CONTESTS = REPO_ROOT / "contests"
DEFAULT_STORE = Path("build") / "contests"


def _site(args):
    from .organiser import Site

    return Site.open(Path(args.contests) / args.contest, Path(args.exchange), args.course_id, Path(args.store))


def _people(args):
    from ..course import Course
    from .organiser import people_from_roster

    course = Course(root=args.course_dir, exchange=args.exchange, course_id=args.course_id)
    return people_from_roster(course.roster())


def _setup(args) -> int:
    from .organiser import setup

    site = _site(args)
    message = setup(site, Path(args.contests) / args.contest, truth=args.truth, test=args.test, train=args.train)
    print(f"{site.contest.id}: set up ({message}); public files in {site.exchange.public}, store {site.store.base}")
    return 0


def _score(args) -> int:
    from .organiser import publish, score

    site = _site(args)
    while True:
        report = score(site, batch=args.batch)
        print(f"{site.contest.id}: {report.line()}", flush=True)
        if args.publish and not report.busy:
            print(f"leaderboard: {publish(site, _people(args))}")
        if not args.loop:
            return 0
        time.sleep(args.loop)


def _publish(args) -> int:
    from .organiser import publish

    print(f"leaderboard: {publish(_site(args), _people(args), args.output)}")
    return 0


def _finalize(args) -> int:
    from .organiser import finalize

    path = finalize(_site(args), _people(args), early=args.early)
    print(f"final results: {path}")
    return 0


def _duplicates(args) -> int:
    from .organiser import known_digests
    from .ranking import flagged_trainees
    from .store import Store

    site = _site(args)
    with Store(site.store.database) as store:
        flags = flagged_trainees(store.entries(), known_digests(site.store))  # also for the minigame: asked for
    for trainee, others in sorted(flags.items()):
        print(f"{trainee}: identical entries with {', '.join(sorted(others))}")
    print(f"{len(flags)} trainees flagged")
    return 0


def _status(args) -> int:
    from .store import EntryStatus, Store

    site = _site(args)
    with Store(site.store.database) as store:
        entries = store.entries()
    counts = {s: sum(e.status is s for e in entries) for s in EntryStatus}
    print(f"{site.contest.id} ({site.contest.title}): " + ", ".join(f"{n} {s.value}" for s, n in counts.items()))
    return 0


def _llm_round(args) -> int:
    import csv

    from ..i18n import t
    from ..llm import ModelError
    from .llm_round import check_assistant_contest, run_llm_round

    site = _site(args)
    check_assistant_contest(site)  # before reading the roster: a table contest is refused at once
    try:
        path = run_llm_round(site, _people(args), finalists=args.finalists, questions=args.questions, log=print)
    except ModelError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    with open(path, newline="", encoding="utf-8") as table:
        finalists = sum(1 for _ in csv.DictReader(table))
    print(t("minigame.round.done", finalists=finalists, path=path))
    return 0


def add_contest_parser(sub) -> None:
    """``contest`` and its actions, under the main parser's subcommands."""
    parser = sub.add_parser("contest", help="run a contest: set up, score, publish, finalize",
                            description="Run a contest (contests/<id>/contest.yaml); see docs/contests.md.")
    parser.add_argument("--contests", default=str(DEFAULT_CONTESTS), help="folder of contest definitions")
    parser.add_argument("--store", default=str(DEFAULT_STORE),
                        help="the organiser's store: truths and scores, readable by the organiser only "
                             "(default: %(default)s)")
    actions = parser.add_subparsers(dest="action", required=True)

    def add(name, func, text):
        p = actions.add_parser(name, help=text, description=text)
        p.add_argument("contest", help="the contest's id (its folder name)")
        p.set_defaults(func=lambda args, action=func: run(action, args))
        return p

    p = add("setup", _setup, "create the contest's folders; place the truth in the store, public files in the exchange")
    p.add_argument("--truth", type=Path, help="organiser's answers (id and target columns); default: generate")
    p.add_argument("--test", type=Path, help="public test inputs (ids, no target) for a table contest")
    p.add_argument("--train", type=Path, help="public labelled training data (optional)")
    p = add("score", _score, "score new entries (safe to repeat, from cron or in a loop)")
    p.add_argument("--loop", type=float, default=0, metavar="SECONDS", help="score again every SECONDS")
    p.add_argument("--publish", action="store_true", help="publish the leaderboard after each round")
    p.add_argument("--batch", type=int, default=500, help="entries recorded per transaction (default: %(default)s)")
    p = add("publish", _publish, "write the public leaderboard pages")
    p.add_argument("--output", type=Path, default=None, help="default: the contest's public folder")
    p = add("finalize", _finalize, "after the deadline: final selection, private ranks, final.csv")
    p.add_argument("--early", action="store_true", help="finalize before the deadline")
    add("duplicates", _duplicates, "list trainees whose entries are identical to another trainee's")
    add("status", _status, "count the contest's entries by status")
    p = add("llm-round", _llm_round, "assistant contests: the local model answers hidden questions for the best "
                                     "trainees whose entry has a prompt template; writes <store>/<id>/llm-round.csv")
    p.add_argument("--finalists", type=int, default=10, help="trainees asked, in board order (default: %(default)s)")
    p.add_argument("--questions", type=int, default=20,
                   help="in-scope hidden questions asked to each (default: %(default)s)")


def run(action, args) -> int:
    from .organiser import OrganiserError

    try:
        return action(args)
    except (ContestError, OrganiserError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
