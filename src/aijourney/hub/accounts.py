"""Applying a checked roster: Unix accounts (homes mode 700), the hub's users and groups, nbgrader's students.

The hub reads its users and groups from ``<state>/hub-roster.json`` (written atomically here, read by the
site's ``jupyterhub_config.py``): ``trainees`` and ``instructors`` (allowed users), and the groups nbgrader
needs — ``nbgrader-<course>`` (trainees) and ``formgrade-<course>`` (instructors). A trainee who left the
roster is listed under ``removed``: their Unix account is locked (expired), their home and grades stay.
"""

from __future__ import annotations

import json
import os
import pwd
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ..course import Course, Student
from ..toolkit.vntext import remove_diacritics
from .policy import STATE_FILE
from .roster import Member, Role


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    locked: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"{len(self.created)} created, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
                f"{len(self.locked)} locked (left the roster; homes and grades kept)")


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:2])} failed: {done.stderr.strip() or done.returncode}")


def _comment(member: Member) -> str:
    """The account's comment field: the full name without accents (``:`` and ``,`` have meanings there)."""
    return remove_diacritics(member.full_name).replace(":", " ").replace(",", " ")


def expired_accounts() -> set[str]:
    """The accounts that are locked, read once per import: locked = expired (``usermod --expiredate 1``), so
    PAM refuses every login whatever the password (a new account has no password yet, so the password's own
    lock cannot tell the two apart)."""
    expired = set()
    for line in Path("/etc/shadow").read_text().splitlines():
        fields = line.split(":")
        if len(fields) > 7 and fields[7] not in ("", "-1") and fields[7].isdigit() and int(fields[7]) <= 1:
            expired.add(fields[0])
    return expired


def ensure_account(member: Member, homes: Path, expired: set[str]) -> str:
    """Create or update ``member``'s Unix account; returns "created", "updated" or "unchanged"."""
    home = Path(homes) / member.username
    try:
        entry = pwd.getpwnam(member.username)
    except KeyError:
        _run(["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash",
              "--comment", _comment(member), member.username])
        _private_home(Path(pwd.getpwnam(member.username).pw_dir))
        return "created"
    changed = False
    if entry.pw_gecos != _comment(member):
        _run(["usermod", "--comment", _comment(member), member.username])
        changed = True
    if member.username in expired:
        _run(["usermod", "--expiredate", "", member.username])
        changed = True
    _private_home(Path(entry.pw_dir))
    return "updated" if changed else "unchanged"


def _private_home(home: Path) -> None:
    """A trainee's home is theirs alone (Debian makes homes 755: anyone could read anyone's work)."""
    if home.is_dir() and (home.stat().st_mode & 0o777) != 0o700:
        home.chmod(0o700)


def previous_roster(state: Path) -> dict:
    try:
        return json.loads((state / STATE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def hub_roster(members: list[Member], course_id: str, removed: list[str]) -> dict:
    trainees = sorted(m.username for m in members if m.role is Role.TRAINEE)
    instructors = sorted(m.username for m in members if m.role is Role.INSTRUCTOR)
    return {"course": course_id, "trainees": trainees, "instructors": instructors, "removed": sorted(removed),
            "groups": {f"nbgrader-{course_id}": trainees, f"formgrade-{course_id}": instructors},
            "sites": {m.username: {"site": m.site, "area": m.area} for m in members}}


def apply_roster(members: list[Member], course: Course, homes: Path, state: Path) -> ImportReport:
    """Bring accounts, the hub's roster and the gradebook in line with ``members`` (already checked)."""
    report = ImportReport()
    expired = expired_accounts()
    for member in members:
        getattr(report, ensure_account(member, homes, expired)).append(member.username)
    current = {m.username for m in members}
    last = previous_roster(state)
    previous = {name for key in ("trainees", "instructors", "removed") for name in last.get(key, [])}
    removed = sorted(previous - current)
    for username in removed:
        try:
            pwd.getpwnam(username)
        except KeyError:
            continue
        if username not in expired:
            _run(["usermod", "--expiredate", "1", username])
            report.locked.append(username)
    course.root.mkdir(parents=True, exist_ok=True)
    course.add_students(Student(m.username, m.first_name, m.last_name, m.site, m.area)
                        for m in members if m.role is Role.TRAINEE)
    state.mkdir(parents=True, exist_ok=True)
    temporary = state / f".{STATE_FILE}.tmp"
    temporary.write_text(json.dumps(hub_roster(members, course.course_id, removed), ensure_ascii=False, indent=1),
                         "utf-8")
    os.replace(temporary, state / STATE_FILE)
    return report
