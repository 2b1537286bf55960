"""Where a contest's files live, and who may read them.

Two places, like nbgrader's assignments:

- the **exchange** (the nbgrader exchange root, shared by every user of a site)::

      <exchange>/<course_id>/contests/<contest_id>/
          public/     0755  contest.yaml, test.csv (ids and inputs, no answers), train.csv, leaderboard/
          inbound/    1733  entries: a trainee can write a file but not list the folder, nor delete another's file
          results/    0711  one result per entry, named by a hash of the entry's secret name

  An entry is named ``<login>+<YYYYmmddTHHMMSS>+<32 random hex>.<ext>``; only the trainee who wrote it knows the
  name (it is kept in their home), so no one else can open it, nor its result — the scheme nbgrader's
  filesystem exchange uses for submissions and feedback.

- the organiser's **store** (mode 0700, default ``build/contests``)::

      <store>/<contest_id>/truth.csv, secret.json, scores.sqlite, final.csv, score.lock

  The truth never leaves the store: trainees receive scores and messages computed from it, nothing else.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

DEFAULT_COURSE_ID = "aijourney"
DEFAULT_EXCHANGE = Path("/srv/nbgrader/exchange")  # nbgrader's own default


@dataclass(frozen=True)
class ExchangePlaces:
    root: Path  # the nbgrader exchange root
    course_id: str
    contest_id: str

    @property
    def base(self) -> Path:
        return Path(self.root) / self.course_id / "contests" / self.contest_id

    @property
    def public(self) -> Path:
        return self.base / "public"

    @property
    def inbound(self) -> Path:
        return self.base / "inbound"

    @property
    def results(self) -> Path:
        return self.base / "results"

    @property
    def leaderboard(self) -> Path:
        return self.public / "leaderboard"

    def result_of(self, entry_name: str) -> Path:
        return self.results / (hashlib.sha256(entry_name.encode()).hexdigest() + ".json")

    def _folders(self) -> list[tuple[Path, int]]:
        """Every folder from the course's down, with its mode."""
        course = Path(self.root) / self.course_id
        return [(course, 0o755), (course / "contests", 0o755), (self.base, 0o755), (self.public, 0o755),
                (self.inbound, 0o1733), (self.results, 0o711)]

    def create(self) -> None:
        """Make the folders with their modes (the organiser does this once, at setup), after checking that
        no one else owns or can replace any of them."""
        self.check()
        for folder, mode in self._folders():
            if not folder.exists():
                folder.mkdir(parents=True)
                folder.chmod(mode)
        for folder, mode in self._folders()[2:]:
            folder.chmod(mode)
        self.check()

    def check(self) -> None:
        """Raise ``UnsafeFolder`` if a folder that exists belongs to someone else, or another user could
        rename what is in it (a trainee who made ``<exchange>/<course>`` first could swap the contest's
        folders for ones whose inbox they can list). The inbox alone is writable by all (mode 1733)."""
        me = os.geteuid()
        for folder, mode in self._folders():
            try:
                info = os.lstat(folder)
            except FileNotFoundError:
                continue
            owner_ok = info.st_uid in (me, 0) if folder == self._folders()[0][0] else info.st_uid == me
            writable_by_others = stat.S_IMODE(info.st_mode) & 0o022 and mode != 0o1733
            if not stat.S_ISDIR(info.st_mode) or not owner_ok or writable_by_others:
                raise UnsafeFolder(f"{folder} must be a folder of the organiser's account that no one else can "
                                   "write to; move it away and run setup again")


class UnsafeFolder(RuntimeError):
    """An exchange folder of a contest that another account owns or can change."""


@dataclass(frozen=True)
class StorePlaces:
    root: Path  # the organiser's store
    contest_id: str

    @property
    def base(self) -> Path:
        return Path(self.root) / self.contest_id

    @property
    def truth(self) -> Path:
        return self.base / "truth.csv"

    @property
    def secret(self) -> Path:
        return self.base / "secret.json"

    @property
    def known(self) -> Path:
        """Digests of entries that are no flag when trainees share them (the starter's baseline)."""
        return self.base / "known.json"

    @property
    def database(self) -> Path:
        return self.base / "scores.sqlite"

    @property
    def lock(self) -> Path:
        return self.base / "score.lock"

    @property
    def final(self) -> Path:
        return self.base / "final.csv"

    def create(self) -> None:
        Path(self.root).mkdir(parents=True, exist_ok=True)
        Path(self.root).chmod(0o700)
        self.base.mkdir(exist_ok=True)
        self.base.chmod(0o700)


def secret_of(places: StorePlaces) -> int:
    """The contest's secret (drawn once from the operating system's randomness, kept in the store, mode
    0600): it draws the public/private split and seeds generated data."""
    if places.secret.exists():
        return int(json.loads(places.secret.read_text("utf-8"))["seed"])
    seed = secrets.randbits(63)
    temporary = places.secret.with_name(".secret.tmp")
    temporary.write_text(json.dumps({"seed": seed}), "utf-8")
    temporary.chmod(0o600)
    os.replace(temporary, places.secret)
    return seed


def _nbgrader_settings() -> dict[str, str]:
    """``Exchange.root`` and ``CourseDirectory.course_id`` from the nbgrader configuration a trainee's Lab uses
    (the Jupyter config path, then the current folder), as nbgrader's own apps would find them."""
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config.loader import ConfigFileNotFound, PyFileConfigLoader

    found: dict[str, str] = {}
    for folder in [*reversed(jupyter_config_path()), os.getcwd()]:  # later (more local) files win
        try:
            config = PyFileConfigLoader("nbgrader_config.py", path=folder).load_config()
        except (ConfigFileNotFound, Exception):  # an unreadable config is nbgrader's problem, not ours
            continue
        if "root" in config.get("Exchange", {}):
            found["root"] = str(config.Exchange.root)
        if "course_id" in config.get("CourseDirectory", {}):
            found["course_id"] = str(config.CourseDirectory.course_id)
    return found


def trainee_exchange(contest_id: str) -> ExchangePlaces:
    """The exchange as the trainee's session sees it: ``AIJOURNEY_EXCHANGE`` / ``AIJOURNEY_COURSE`` when set,
    else the nbgrader configuration (the Assignments panel uses the same), else nbgrader's defaults."""
    settings = {} if os.environ.get("AIJOURNEY_EXCHANGE") and os.environ.get("AIJOURNEY_COURSE") \
        else _nbgrader_settings()
    root = os.environ.get("AIJOURNEY_EXCHANGE") or settings.get("root") or str(DEFAULT_EXCHANGE)
    course = os.environ.get("AIJOURNEY_COURSE") or settings.get("course_id") or DEFAULT_COURSE_ID
    return ExchangePlaces(Path(root), course, contest_id)


def trainee_login() -> str:
    """The trainee's login, as nbgrader's exchange names it."""
    return os.environ.get("JUPYTERHUB_USER") or getpass.getuser()


def receipts_file(places: ExchangePlaces) -> Path:
    """Where a trainee keeps the secret names of their entries (in their own home)."""
    return Path.home() / ".aijourney" / "contests" / places.course_id / f"{places.contest_id}.json"
