"""A site's roster (``roster.csv``) → Unix accounts, the hub's users and groups, and nbgrader's students.

Columns: ``username, full_name, site, area, role`` (Vietnamese headers ``ten_dang_nhap, ho_ten, diem_cau,
khu_vuc, vai_tro`` are read too). Since the 2025 reform communes and wards sit directly under the province:
``site`` is the commune / ward (or school, centre) and ``area`` an optional label such as the former district,
so old and new rosters both import. ``role`` is ``trainee`` / ``instructor`` (``hoc_vien`` / ``giang_vien``).

Importing is all or nothing for the file: every row is checked first, and one bad row stops the import with a
Vietnamese message naming the row, before anything changes. Importing the same file again changes nothing.
A trainee who is no longer on the roster keeps their grades and home folder; their account is locked and they
leave the hub's users (``HubRoster``).
"""

from __future__ import annotations

import csv
import enum
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..i18n import t

USERNAME = re.compile(r"[a-z][a-z0-9_-]{1,30}")  # what useradd accepts by default, and no dots or capitals
RESERVED = frozenset({"root", "admin", "administrator", "jupyterhub", "nobody", "daemon", "bin", "sys", "sync",
                      "games", "man", "lp", "mail", "news", "uucp", "proxy", "www-data", "backup", "list",
                      "irc", "postgres", "sshd", "systemd-network", "grader"})
RESERVED_PREFIXES = ("grader",)  # grader-<course> runs the course service and owns the gradebook
HEADERS = {
    "username": ("username", "ten_dang_nhap"),
    "full_name": ("full_name", "ho_ten"),
    "site": ("site", "diem_cau"),
    "area": ("area", "khu_vuc"),
    "role": ("role", "vai_tro"),
}
REQUIRED = ("username", "full_name", "role")
MAX_TEXT = 120


class Role(enum.Enum):
    TRAINEE = "trainee"
    INSTRUCTOR = "instructor"


ROLE_WORDS = {"trainee": Role.TRAINEE, "hoc_vien": Role.TRAINEE, "học viên": Role.TRAINEE,
              "instructor": Role.INSTRUCTOR, "giang_vien": Role.INSTRUCTOR, "giảng viên": Role.INSTRUCTOR}


class RosterError(ValueError):
    """A roster that cannot be imported; ``row`` is the line number in the file (1 = the header)."""

    def __init__(self, row: int, reason: str):
        self.row = row
        super().__init__(t("hub.roster.error", row=row, reason=reason))


@dataclass(frozen=True)
class Member:
    username: str
    full_name: str  # NFC, as the roster writes it
    site: str
    area: str
    role: Role

    @property
    def first_name(self) -> str:
        """The given name: a Vietnamese full name ends with it ("Nguyễn Thị Lan" → "Lan")."""
        return self.full_name.split()[-1]

    @property
    def last_name(self) -> str:
        return " ".join(self.full_name.split()[:-1])


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    names = [h.strip().lower() for h in header]
    for column, aliases in HEADERS.items():
        places = [i for i, name in enumerate(names) if name in aliases]
        if len(places) > 1:
            raise RosterError(1, t("hub.roster.reason.header_twice", column=column))
        if places:
            found[column] = places[0]
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        raise RosterError(1, t("hub.roster.reason.header", missing=", ".join(missing),
                               expected=", ".join(HEADERS)))
    return found


def _text(value: str, row: int, column: str, required: bool) -> str:
    text = unicodedata.normalize("NFC", " ".join(value.split()))
    if required and not text:
        raise RosterError(row, t("hub.roster.reason.empty", column=column))
    if len(text) > MAX_TEXT or any(unicodedata.category(ch).startswith("C") for ch in text):
        raise RosterError(row, t("hub.roster.reason.text", column=column, most=MAX_TEXT))
    return text


def _member(cells: list[str], columns: dict[str, int], row: int) -> Member:
    get = {c: (cells[i] if i < len(cells) else "") for c, i in columns.items()}
    username = get["username"].strip()
    if not USERNAME.fullmatch(username) or username in RESERVED or username.startswith(RESERVED_PREFIXES):
        raise RosterError(row, t("hub.roster.reason.username", username=username[:40]))
    role = ROLE_WORDS.get(unicodedata.normalize("NFC", get["role"].strip().lower()))
    if role is None:
        raise RosterError(row, t("hub.roster.reason.role", role=get["role"].strip()[:40]))
    site = _text(get.get("site", ""), row, "site", required=role is Role.TRAINEE)
    return Member(username, _text(get["full_name"], row, "full_name", True), site,
                  _text(get.get("area", ""), row, "area", False), role)


def read_roster(data: bytes) -> list[Member]:
    """Every row checked; the first bad one raises ``RosterError`` (nothing is imported then)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RosterError(1, t("hub.roster.reason.encoding")) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = [(reader.line_num, r) for r in reader if any(cell.strip() for cell in r)]
    except csv.Error:
        raise RosterError(reader.line_num, t("hub.roster.reason.csv")) from None
    if not rows:
        raise RosterError(1, t("hub.roster.reason.header", missing=", ".join(REQUIRED), expected=", ".join(HEADERS)))
    columns = _columns(rows[0][1])
    members, seen = [], {}
    for number, cells in rows[1:]:
        member = _member(cells, columns, number)
        if member.username in seen:
            raise RosterError(number, t("hub.roster.reason.twice", username=member.username,
                                        first=seen[member.username]))
        seen[member.username] = number
        members.append(member)
    return members


def load_roster(path: Path) -> list[Member]:
    return read_roster(Path(path).read_bytes())
