"""Entry files in a contest's inbound folder: how a trainee writes one, how the organiser reads one.

Names: ``<login>+<YYYYmmddTHHMMSS>+<32 hex>.<ext>`` where ``ext`` is ``csv`` (a table), ``json`` (assistant
settings) or ``marks.json`` (the entries a trainee marks for the final ranking). The organiser never trusts
the name's time (the kernel's change time of the file is used: a trainee cannot set it to the past) and, on a
multi-user site, never trusts the name's login either: the file's owner must be that login.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
import pwd
import re
import secrets
import stat
from dataclasses import dataclass

from .definition import TIME_ZONE
from .places import ExchangePlaces, receipts_file
from .submission import MAX_BYTES, Problem, SubmissionError

NAME = re.compile(r"^(?P<login>[A-Za-z0-9_.@-]{1,64})\+(?P<stamp>\d{8}T\d{6})\+(?P<token>[0-9a-f]{32})"
                  r"\.(?P<ext>csv|json|marks\.json)$")


class EntryKind(enum.Enum):
    TABLE = "csv"
    SETTINGS = "json"
    MARKS = "marks.json"


@dataclass(frozen=True)
class Arrival:
    """An entry file as the organiser found it: who sent it, when, and its bytes (or why it was refused)."""

    name: str
    login: str
    kind: EntryKind
    submitted_at: dt.datetime
    data: bytes | None
    refused: SubmissionError | None = None


def entry_name(login: str, kind: EntryKind, now: dt.datetime | None = None) -> str:
    now = (now or dt.datetime.now(TIME_ZONE)).astimezone(TIME_ZONE)
    return f"{login}+{now:%Y%m%dT%H%M%S}+{secrets.token_hex(16)}.{kind.value}"


def write_entry(places: ExchangePlaces, login: str, kind: EntryKind, data: bytes) -> str:
    """Put ``data`` in the inbound folder under a fresh secret name (written aside, then renamed: the
    scorer never sees half a file); remember the name in the trainee's receipts. Returns the name."""
    name = entry_name(login, kind)
    temporary = places.inbound / f".{name}.part"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.chmod(temporary, 0o644)  # the organiser (another user on a site) reads it; no one else can find it
    os.rename(temporary, places.inbound / name)
    remember(places, name)
    return name


def remember(places: ExchangePlaces, name: str) -> None:
    path = receipts_file(places)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    names = receipts(places)
    names.append(name)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(names, indent=1), "utf-8")
    temporary.chmod(0o600)
    os.replace(temporary, path)


def receipts(places: ExchangePlaces) -> list[str]:
    """The names of this trainee's entries, oldest first (kept in their home)."""
    try:
        names = json.loads(receipts_file(places).read_text("utf-8"))
    except (OSError, ValueError):
        return []
    return [n for n in names if isinstance(n, str) and NAME.fullmatch(n)] if isinstance(names, list) else []


def _owner(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def read_arrival(places: ExchangePlaces, name: str, limit: int = MAX_BYTES) -> Arrival | None:
    """Open one inbound file without following links and read at most ``limit`` bytes; None when the name
    is not an entry's (ignored)."""
    match = NAME.fullmatch(name)
    if not match:
        return None
    login, kind = match["login"], EntryKind(match["ext"])
    try:
        fd = os.open(places.inbound / name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:  # a symbolic link, or gone since the folder was listed
        return Arrival(name, login, kind, dt.datetime.now(TIME_ZONE), None, SubmissionError(Problem.NOT_A_FILE))
    try:
        info = os.fstat(fd)
        when = dt.datetime.fromtimestamp(info.st_ctime, TIME_ZONE)
        refused = _refusal(info, login, limit)
        if refused is not None:
            return Arrival(name, login, kind, when, None, refused)
        with os.fdopen(os.dup(fd), "rb") as handle:
            return Arrival(name, login, kind, when, handle.read(limit + 1))
    finally:
        os.close(fd)


def _refusal(info: os.stat_result, login: str, limit: int) -> SubmissionError | None:
    """Why an opened inbound file is not read: not a regular file (a folder, a device…), more than one name
    (a hard link to someone else's file), not written by the login it names, or too big."""
    if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
        return SubmissionError(Problem.NOT_A_FILE)
    if info.st_uid != os.geteuid() and _owner(info.st_uid) != login:
        return SubmissionError(Problem.WRONG_OWNER, login=login)
    if info.st_size > limit:
        return SubmissionError(Problem.TOO_BIG, limit=limit // 1024)
    return None


def inbound_names(places: ExchangePlaces) -> list[str]:
    try:
        return sorted(n for n in os.listdir(places.inbound) if NAME.fullmatch(n))
    except FileNotFoundError:
        return []
