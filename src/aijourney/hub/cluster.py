"""The province's hub on Kubernetes: one Unix id per person, the roster import without Unix accounts, and the
course's commands with the PostgreSQL gradebook (grading/k8s/README.md).

On Kubernetes every pod would otherwise run as the same Unix user, and nbgrader's filesystem exchange and the
contests' inbox tell trainees apart by the owner of the files they write. So each person gets a Unix id of their
own, kept in a table the operator keeps (``passwd``, in the state folder beside ``hub-roster.json``): a name keeps
its id forever, a new name gets the next free id, an id is never given to anyone else — also after its owner left
the roster (their files keep that owner). The table is also the pods' account list: ``libnss-extrausers`` reads it
from ``/var/lib/extrausers/passwd`` (a ConfigMap), so ``pwd`` names the owner of a file in every pod, and the hub
starts each trainee's pod with the id the table gives (``uid_of``).

``python -m aijourney.hub.cluster accounts roster.csv`` imports the roster; ``… cli <aijourney arguments>`` runs
``aijourney`` with the gradebook ``AIJOURNEY_DB_URL``; ``… service`` starts the course service (the formgrader).
Only the standard library is imported at module level: the hub's image reads ``uid_of`` and nothing else.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

GRADER_UID = 10000  # the course service's account (grader-<course>); the manifests run the grader pods as it
FIRST_UID = 20000  # people (trainees and instructors) get ids from here on
HOME = "/home/jovyan"  # where every pod mounts its home (the chart's singleuser.storage.homeMountPath)
SHELL = "/bin/bash"
TABLE_FILE = "passwd"
NAME = re.compile(r"[a-z][a-z0-9_-]{0,31}")  # nothing that could end a passwd field or line
ENVIRONMENT = {"course_dir": "AIJOURNEY_COURSE_DIR", "exchange": "AIJOURNEY_EXCHANGE",
               "course_id": "AIJOURNEY_COURSE", "db_url": "AIJOURNEY_DB_URL", "state": "AIJOURNEY_HUB_STATE"}


class AccountsError(ValueError):
    """A table of ids or a roster that cannot be used; nothing was written."""


def read_uids(text: str) -> dict[str, int]:
    """The table ``name:x:uid:gid::home:shell`` → {name: uid}; a damaged table is refused, never guessed at."""
    uids: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        fields = line.split(":")
        if len(fields) != 7 or not NAME.fullmatch(fields[0]) or not fields[2].isdigit() or fields[2] != fields[3]:
            raise AccountsError(f"line {number} of the id table is not name:x:uid:uid::home:shell")
        name, uid = fields[0], int(fields[2])
        if name in uids or uid in uids.values():
            raise AccountsError(f"line {number} of the id table repeats a name or an id ({name}, {uid})")
        uids[name] = uid
    return uids


def assign_uids(previous: dict[str, int], people: Iterable[str], grader: str) -> dict[str, int]:
    """Every name of ``previous`` keeps its id; the grader account has ``GRADER_UID``; each new person, in name
    order, gets the next id above every id given so far (from ``FIRST_UID``)."""
    uids = dict(previous)
    if uids.setdefault(grader, GRADER_UID) != GRADER_UID or list(uids.values()).count(GRADER_UID) != 1:
        raise AccountsError(f"the id {GRADER_UID} belongs to {grader} and to no one else")
    following = max([FIRST_UID - 1, *(uid for uid in uids.values() if uid >= FIRST_UID)]) + 1
    for name in sorted(set(people)):
        if not NAME.fullmatch(name):
            raise AccountsError(f"{name!r} cannot be an account name")
        if name not in uids:
            uids[name] = following
            following += 1
    return uids


def table_text(uids: dict[str, int]) -> str:
    """The table, in id order, as ``/var/lib/extrausers/passwd`` reads it (each person's group id is their own)."""
    return "".join(f"{name}:x:{uid}:{uid}::{HOME}:{SHELL}\n" for name, uid in sorted(uids.items(), key=lambda i: i[1]))


def uid_of(table: Path, username: str) -> int:
    """The hub's ``KubeSpawner.uid``: the id the table gives ``username``, read at each start (the ConfigMap
    changes without a restart). No id, no server: a pod never starts with an id somebody else may hold."""
    uid = read_uids(Path(table).read_text("utf-8")).get(username)
    if uid is None or uid < FIRST_UID:
        raise AccountsError(f"{username} has no id in {table}: import the roster and update the ConfigMap")
    return uid


def _write(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, "utf-8")
    temporary.chmod(0o644)  # read by the hub's pod (another uid); no trainee pod mounts the state folder
    os.replace(temporary, path)


def import_roster(roster: Path, state: Path, course_id: str, course=None) -> dict[str, int]:
    """``roster.csv`` → ``hub-roster.json`` (as a site's import writes it), the table of ids and, with a course,
    nbgrader's students. Everything is checked before anything is written."""
    from ..course import Student
    from .accounts import STATE_FILE, hub_roster, previous_roster
    from .policy import grader_account
    from .roster import Role, load_roster

    members = load_roster(roster)
    grader = grader_account(course_id)
    if any(m.username == grader for m in members):
        raise AccountsError(f"{grader} is the course service's account, not a person")
    state = Path(state)
    table = state / TABLE_FILE
    previous = read_uids(table.read_text("utf-8")) if table.is_file() else {}
    uids = assign_uids(previous, [m.username for m in members], grader)
    last = previous_roster(state)
    before = {name for key in ("trainees", "instructors", "removed") for name in last.get(key, [])}
    removed = sorted(before - {m.username for m in members})
    if course is not None:
        course.add_students(Student(m.username, m.first_name, m.last_name, m.site, m.area)
                            for m in members if m.role is Role.TRAINEE)
    state.mkdir(parents=True, exist_ok=True)
    _write(table, table_text(uids))
    _write(state / STATE_FILE, json.dumps(hub_roster(members, course_id, removed), ensure_ascii=False, indent=1))
    return uids


@dataclass(frozen=True)
class ClusterSettings:
    """The course as the grader's pods see it, from their environment (grading/k8s/grader.yaml)."""

    course_dir: Path
    exchange: Path
    course_id: str
    db_url: str
    state: Path

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> "ClusterSettings":
        environ = os.environ if environ is None else environ
        missing = [variable for variable in ENVIRONMENT.values() if not environ.get(variable)]
        if missing:
            raise KeyError(f"not set: {', '.join(missing)}")
        values = {name: environ[variable] for name, variable in ENVIRONMENT.items()}
        return cls(Path(values["course_dir"]), Path(values["exchange"]), values["course_id"], values["db_url"],
                   Path(values["state"]))

    def course(self):
        from ..course import Course

        return Course(root=self.course_dir, exchange=self.exchange, course_id=self.course_id, db_url=self.db_url)

    def cli_arguments(self, arguments: list[str]) -> list[str]:
        """``aijourney``'s global options for this course, then ``arguments``."""
        return ["--course-dir", str(self.course_dir), "--exchange", str(self.exchange),
                "--course-id", self.course_id, *arguments]


def run_cli(settings: ClusterSettings, arguments: list[str]) -> int:
    """``aijourney`` with this course's gradebook. The CLI has no gradebook option yet, so the course it makes is
    given ``db_url`` here (its ``nbgrader_config.py``, read by the formgrader, then names the same database)."""
    from .. import cli

    plain = cli._course

    def with_gradebook(args):
        course = plain(args)
        course.db_url = settings.db_url
        return course

    cli._course = with_gradebook
    try:
        return cli.main(settings.cli_arguments(arguments))
    finally:
        cli._course = plain


def claim_exchange(settings: ClusterSettings) -> Path:
    """``<exchange>/<course>`` made by the grader account before any trainee can: the exchange's root is writable
    by everyone (nbgrader's filesystem exchange), and a trainee who made the course's folder first would own — and
    could list — the inbox below it. A folder someone else made is refused, never used."""
    folder = Path(settings.exchange) / settings.course_id
    folder.mkdir(mode=0o755, parents=True, exist_ok=True)
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o022:
        raise AccountsError(f"{folder} belongs to uid {info.st_uid} or others may write in it: move it away "
                            "(it is not the grader's) and start the course service again")
    return folder


def run_service(settings: ClusterSettings) -> None:
    """The course service: the exchange's course folder claimed, the course's ``nbgrader_config.py`` (with the
    gradebook), then JupyterHub's single-user server in the course folder, as the hub's environment variables
    describe (grader.yaml)."""
    claim_exchange(settings)
    course = settings.course()
    course.root.mkdir(parents=True, exist_ok=True)
    course.root.chmod(0o700)
    course.write_nbgrader_config()
    os.chdir(course.root)
    os.execvp("jupyterhub-singleuser", ["jupyterhub-singleuser"])


def _settings() -> ClusterSettings | None:
    try:
        return ClusterSettings.from_environment()
    except KeyError as error:  # the pod's manifest sets them (grading/k8s/grader.yaml)
        print(f"error: {error.args[0]}", file=sys.stderr)
        return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["cli"]:  # everything after it is aijourney's, options included
        settings = _settings()
        return 2 if settings is None else run_cli(settings, argv[1:])
    parser = argparse.ArgumentParser(prog="python -m aijourney.hub.cluster", description=__doc__.split("\n\n")[0])
    actions = parser.add_subparsers(dest="action", required=True)
    accounts = actions.add_parser("accounts", help="roster.csv → hub-roster.json, the table of ids, the students")
    accounts.add_argument("roster", type=Path)
    actions.add_parser("cli", help="aijourney ARGUMENTS… with the PostgreSQL gradebook")
    actions.add_parser("service", help="start the course service (formgrader) in this pod")
    args = parser.parse_args(argv)
    settings = _settings()
    if settings is None:
        return 2
    if args.action == "service":
        run_service(settings)
        return 1  # pragma: no cover - run_service replaces this process
    from .roster import RosterError

    try:
        uids = import_roster(args.roster, settings.state, settings.course_id, settings.course())
    except (OSError, RosterError, AccountsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"{args.roster}: {len(uids)} ids in {settings.state / TABLE_FILE} (people, those who left, the grader); "
          "update the ConfigMap aijourney-accounts from it, then restart the hub (grading/k8s/README.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
