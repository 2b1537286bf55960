"""``aijourney hub …``: running a site's JupyterHub — importing the roster, starting the hub."""

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


def _start(args) -> int:
    from .site import SiteSettings
    from .start import SiteError, exec_hub, prepare

    settings = SiteSettings(state=Path(args.state).resolve(), course_dir=Path(args.course_dir).resolve(),
                            exchange=Path(args.exchange).resolve(), course_id=args.course_id, ip=args.ip,
                            port=args.port, hub_port=args.hub_port, proxy_api_port=args.proxy_api_port,
                            service_port=args.service_port)
    try:
        policy = prepare(settings, Path(args.homes))
    except SiteError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"hub for {len(policy.trainees)} trainees and {len(policy.instructors)} instructors of "
          f"{settings.course_id} on {settings.url} (course service: {settings.url}/services/{settings.course_id}/)",
          flush=True)
    exec_hub(settings, Path(args.config))
    return 0  # pragma: no cover - exec_hub replaces the process


def add_hub_parser(sub) -> None:
    hub = sub.add_parser("hub", help="run a site's JupyterHub (roster import, start)",
                         description="Run a site's JupyterHub: import the roster of trainees and instructors, "
                                     "start the hub.")
    actions = hub.add_subparsers(dest="hub_action", required=True)
    roster = actions.add_parser("roster", help="the site's roster").add_subparsers(dest="roster_action", required=True)
    p = roster.add_parser("import", help="create or update Unix accounts, the hub's users and groups and "
                                         "nbgrader's students from roster.csv (username,full_name,site,area,role)")
    p.add_argument("roster", type=Path)
    p.add_argument("--homes", default="/home", help="where new homes are made (default: %(default)s)")
    p.add_argument("--state", default=str(DEFAULT_STATE),
                   help="where the hub's roster (hub-roster.json) is written (default: %(default)s)")
    p.set_defaults(func=_import)

    from .start import HUB_CONFIG

    p = actions.add_parser("start", help="get the machine ready (grader account, course, exchange, Lab settings) "
                                         "and run the hub in the foreground (as root)")
    p.add_argument("--ip", default="127.0.0.1", help="address trainees connect to (default: %(default)s; "
                                                     "0.0.0.0 for every network of the machine)")
    p.add_argument("--port", type=int, default=8000, help="port trainees connect to (default: %(default)s)")
    p.add_argument("--hub-port", type=int, default=8081, help="the hub's internal port (default: %(default)s)")
    p.add_argument("--proxy-api-port", type=int, default=8001, help="the proxy's internal API port "
                                                                    "(default: %(default)s)")
    p.add_argument("--service-port", type=int, default=9999, help="the course service's internal port "
                                                                  "(default: %(default)s)")
    p.add_argument("--homes", default="/home", help="where the grader account's home is made (default: %(default)s)")
    p.add_argument("--state", default=str(DEFAULT_STATE),
                   help="the roster import's --state: the hub's database, secrets and settings (default: %(default)s)")
    p.add_argument("--config", default=str(HUB_CONFIG), help="the hub's configuration file (default: %(default)s)")
    p.set_defaults(func=_start)
