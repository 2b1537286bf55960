"""A throwaway site on this machine, for the end-to-end test and the hub benchmark: real Unix accounts (names
with a random suffix), a roster imported with ``aijourney hub roster import``, passwords, the hub started with
``aijourney hub start`` in the background — and, at the end, every process it started stopped and every
account removed, whatever happened in between. Needs root, like a real site.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .policy import grader_account

NAMES = ["Nguyễn Thị Lan", "Trần Văn Bình", "Lê Hoàng Châu", "Phạm Minh Đức", "Huỳnh Ngọc Hà"]
SITES = [("Phường Bình Phước", "Đồng Xoài"), ("Xã Tân Lợi", ""), ("Xã Lộc Ninh", "Lộc Ninh")]
INSTRUCTOR = "Võ Thị Thu Trang"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Person:
    login: str
    password: str
    full_name: str


@dataclass
class TrialSite:
    base: Path
    course_id: str
    trainees: list[Person]
    instructor: Person
    ports: dict[str, int] = field(default_factory=lambda: {k: free_port() for k in
                                                           ("port", "hub_port", "proxy_api_port", "service_port")})
    process: subprocess.Popen | None = None

    # -- making the site ---------------------------------------------------------------------------------
    @classmethod
    def create(cls, trainees: int = 3) -> "TrialSite":
        base = Path(tempfile.mkdtemp(prefix="aj-site-"))
        base.chmod(0o755)
        suffix = secrets.token_hex(3)
        people = [Person(f"hv{i}{suffix}", secrets.token_urlsafe(12), NAMES[i % len(NAMES)]) for i in range(trainees)]
        site = cls(base, f"aj{suffix}", people, Person(f"gv{suffix}", secrets.token_urlsafe(12), INSTRUCTOR))
        (base / "homes").mkdir()
        (base / "homes").chmod(0o755)
        site.import_roster()
        site.set_passwords()
        return site

    @property
    def everyone(self) -> list[Person]:
        return [*self.trainees, self.instructor]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.ports['port']}"

    @property
    def grader(self) -> str:
        return grader_account(self.course_id)

    def cli(self) -> list[str]:
        return [sys.executable, "-m", "aijourney.cli", "--course-dir", str(self.base / "course"),
                "--exchange", str(self.base / "exchange"), "--course-id", self.course_id]

    def roster_csv(self, trainees: list[Person] | None = None) -> str:
        lines = ["username,full_name,site,area,role"]
        for i, person in enumerate(self.trainees if trainees is None else trainees):
            site, area = SITES[i % len(SITES)]
            lines.append(f"{person.login},{person.full_name},{site},{area},trainee")
        lines.append(f"{self.instructor.login},{self.instructor.full_name},{SITES[0][0]},,instructor")
        return "\n".join(lines) + "\n"

    def import_roster(self, trainees: list[Person] | None = None) -> None:
        """Import the site's roster (``trainees``: a later roster with only these trainees)."""
        roster = self.base / "roster.csv"
        roster.write_text(self.roster_csv(trainees), "utf-8")
        subprocess.run([*self.cli(), "hub", "roster", "import", str(roster), "--homes", str(self.base / "homes"),
                        "--state", str(self.base / "state")], check=True, capture_output=True, text=True)

    def set_passwords(self) -> None:
        lines = "".join(f"{p.login}:{p.password}\n" for p in self.everyone)
        subprocess.run(["chpasswd"], input=lines, text=True, check=True, capture_output=True)

    # -- running it --------------------------------------------------------------------------------------
    def start(self, timeout: float = 120) -> None:
        log = open(self.base / "hub.log", "ab")
        args = [*self.cli(), "hub", "start", "--homes", str(self.base / "homes"), "--state", str(self.base / "state")]
        args += [f"--{name.replace('_', '-')}={port}" for name, port in self.ports.items()]
        self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                        cwd=self.base)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the hub stopped: {self.log_tail()}")
            if self._answers(f"/services/{self.course_id}/api") and self._answers("/hub/api"):
                return
            time.sleep(0.25)
        raise RuntimeError(f"the hub did not come up in {timeout} s: {self.log_tail()}")

    def _answers(self, path: str) -> bool:
        try:
            with urllib.request.urlopen(self.url + path, timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join((self.base / "hub.log").read_text("utf-8", "replace").splitlines()[-lines:])
        except OSError:
            return ""

    def run_as(self, login: str, argv: list[str], timeout: float = 300, **env: str) -> subprocess.CompletedProcess:
        """``argv`` as ``login``, in their home, with the environment their Lab gets."""
        home = pwd.getpwnam(login).pw_dir
        environ = {"HOME": home, "USER": login, "LOGNAME": login,
                   "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
                   "AIJOURNEY_EXCHANGE": str(self.base / "exchange"), "AIJOURNEY_COURSE": self.course_id, **env}
        return subprocess.run(argv, user=login, group=pwd.getpwnam(login).pw_gid, extra_groups=[], env=environ,
                              cwd=home, capture_output=True, text=True, timeout=timeout)

    def as_grader(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
        """An instructor's command as the course service's terminal runs it: as the grader account, in the course
        folder, with no option but what the service's environment gives."""
        from .site import SiteSettings, service_environment

        settings = SiteSettings(state=self.base / "state", course_dir=self.base / "course",
                                exchange=self.base / "exchange", course_id=self.course_id)
        environment = {k: v for k, v in service_environment(settings).items() if k.startswith("AIJOURNEY_")}
        return self.run_as(self.grader, [sys.executable, "-m", "aijourney.cli", *args], timeout=timeout,
                           **environment)

    # -- ending it ---------------------------------------------------------------------------------------
    def stop(self, grace: float = 10) -> None:
        """Stop the hub, its proxy, the course service, every Lab and kernel; nothing is left running."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                pass
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait()
        for login in [p.login for p in self.everyone] + [self.grader]:
            subprocess.run(["pkill", "-KILL", "-u", login], capture_output=True)
        pid_file = self.base / "state" / "proxy.pid"
        if pid_file.is_file():
            try:
                os.kill(int(pid_file.read_text().strip()), signal.SIGKILL)
            except (ValueError, ProcessLookupError, PermissionError):
                pass

    def remove(self) -> None:
        self.stop()
        for login in [p.login for p in self.everyone] + [self.grader]:
            subprocess.run(["userdel", login], capture_output=True)
        shutil.rmtree(self.base, ignore_errors=True)

    def __enter__(self) -> "TrialSite":
        return self

    def __exit__(self, *exc) -> None:
        self.remove()
