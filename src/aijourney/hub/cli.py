"""``aijourney hub …``: running a site's JupyterHub (so far: importing the roster)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DEFAULT_STATE = Path("build") / "hub"


def _import(args) -> int:
    from ..course import Course
    from .accounts import apply_roster
    from .roster import RosterError, load_roster

    try:
        members = load_roster(args.roster)
    except (OSError, RosterError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if os.geteuid() != 0:
        print("error: creating Unix accounts needs root (run with sudo)", file=sys.stderr)
        return 2
    course = Course(root=args.course_dir, exchange=args.exchange, course_id=args.course_id)
    report = apply_roster(members, course, Path(args.homes), Path(args.state))
    print(f"{args.roster}: {len(members)} people; {report.line()}")
    return 0


def add_hub_parser(sub) -> None:
    hub = sub.add_parser("hub", help="run a site's JupyterHub (roster import)",
                         description="Run a site's JupyterHub: import the roster of trainees and instructors.")
    actions = hub.add_subparsers(dest="hub_action", required=True)
    roster = actions.add_parser("roster", help="the site's roster").add_subparsers(dest="roster_action", required=True)
    p = roster.add_parser("import", help="create or update Unix accounts, the hub's users and groups and "
                                         "nbgrader's students from roster.csv (username,full_name,site,area,role)")
    p.add_argument("roster", type=Path)
    p.add_argument("--homes", default="/home", help="where new homes are made (default: %(default)s)")
    p.add_argument("--state", default=str(DEFAULT_STATE),
                   help="where the hub's roster (hub-roster.json) is written (default: %(default)s)")
    p.set_defaults(func=_import)
