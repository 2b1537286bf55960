"""``aijourney talent`` (shortlist + skills profiles) and ``aijourney talent match`` (openings).

The main parser (``aijourney.cli``) provides ``--course-dir``, ``--exchange`` and ``--course-id``;
``add_talent_parser(subparsers)`` adds the rest. Options of ``match`` go after the word ``match``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..course import DEFAULT_COURSE_ID, Course
from ..i18n import t
from ..toolkit.proposal import DEFAULT_FILE
from .evidence import TalentError, gather
from .match import write_matches
from .profiles import write_talent
from .shortlist import DEFAULT_WEIGHTS, Component, Rule, rank

DEFAULT_OUTPUT = Path("build") / "talent"


def _course(args: argparse.Namespace) -> Course:
    return Course(root=getattr(args, "course_dir", "build/course"), exchange=getattr(args, "exchange", "build/exchange"),
                  course_id=getattr(args, "course_id", DEFAULT_COURSE_ID))


def _rule(args: argparse.Namespace) -> Rule:
    weights = {c: getattr(args, f"weight_{c.value}") for c in Component}
    return Rule(weights, args.top, args.top_per_site, args.count_flagged)


def _evidence_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--contest", action="append", default=[], type=Path, metavar="PATH",
                        help="a contest's final.csv or its folder <store>/<contest> (repeat for several contests)")
    parser.add_argument("--proposals", type=Path, default=None, metavar="FOLDER",
                        help="folder of project proposals, one sub-folder per trainee id (e.g. <course>/submitted)")
    parser.add_argument("--proposal-name", default=DEFAULT_FILE,
                        help="file name of a proposal (default: %(default)s)")
    for component in Component:
        parser.add_argument(f"--weight-{component.value}", type=float, default=DEFAULT_WEIGHTS[component],
                            metavar="W", help=f"weight of the {component.value} component (default: %(default)s)")
    parser.add_argument("--top", type=int, default=20, help="trainees on the overall shortlist (default: %(default)s)")
    parser.add_argument("--top-per-site", type=int, default=3,
                        help="trainees shortlisted per site (default: %(default)s)")
    parser.add_argument("--count-flagged", action="store_true",
                        help="count contest results flagged as identical to another trainee's entry")


def cmd_talent(args: argparse.Namespace) -> int:
    try:
        cohort, shortlist = write_talent(_course(args), args.output, _rule(args), args.contest, args.proposals,
                                         proposal_name=args.proposal_name)
    except TalentError as exc:
        print(t("talent.cli.error", error=str(exc)), file=sys.stderr)
        return 2
    for skipped in cohort.skipped:
        print(t("talent.cli.skipped", path=skipped.path, reason=skipped.reason), file=sys.stderr)
    print(t("talent.cli.written", trainees=len(shortlist.standings), top=len(shortlist.top),
            index=str(Path(args.output).resolve() / "index.html")))
    return 0


def cmd_match(args: argparse.Namespace) -> int:
    try:
        cohort = gather(_course(args), args.contest, args.proposals, proposal_name=args.proposal_name)
        results = write_matches(args.openings, rank(cohort, _rule(args)), args.output, args.candidates)
    except TalentError as exc:
        print(t("talent.cli.error", error=str(exc)), file=sys.stderr)
        return 2
    print(t("talent.cli.matched", openings=len(results),
            index=str(Path(args.output).resolve() / "index.html")))
    return 0


def add_talent_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``talent`` (and its ``match``) to the main parser's subcommands; returns the ``talent`` parser."""
    text = "shortlist the best trainees and write one skills profile per trainee (HTML + CSV)"
    talent = subparsers.add_parser("talent", help=text, description=text)
    talent.set_defaults(func=cmd_talent)
    _evidence_options(talent)
    talent.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="output folder (default: %(default)s)")
    actions = talent.add_subparsers(dest="talent_action", required=False)
    text = "rank candidates for each opening of an openings CSV (docs/talent.md), with matched/missing competencies"
    match = actions.add_parser("match", help=text, description=text)
    match.set_defaults(func=cmd_match)
    _evidence_options(match)
    match.add_argument("--openings", type=Path, required=True, help="the openings CSV file")
    match.add_argument("--candidates", type=int, default=10,
                       help="candidates listed per opening without so_ung_vien (default: %(default)s)")
    match.add_argument("--output", type=Path, default=DEFAULT_OUTPUT / "match",
                       help="output folder (default: %(default)s)")
    return talent
