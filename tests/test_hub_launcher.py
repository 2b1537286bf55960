"""The launcher a site's hub forks trainees' Labs from, tried as the hub and as an attacker would: a real launcher
process (as root), the real ``nobody`` account as the trainee. Without a hub, each launched Lab lays the lessons
out in the home it is given — as the account it runs as — and then ends (it has no hub to talk to)."""

from __future__ import annotations

import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from helpers import need_root

pytestmark = pytest.mark.xdist_group("hub-launcher")

CLIENT = """
import json, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
try:
    s.connect(sys.argv[1])
except PermissionError:
    print("denied"); sys.exit()
try:
    s.sendall(sys.argv[2].encode() + b"\\n")
    print(s.makefile().readline().strip() or "no answer")
except (BrokenPipeError, ConnectionResetError):
    print("no answer")
"""


def nobody():
    try:
        return pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("no 'nobody' account on this machine")


@pytest.fixture(scope="module")
def launcher():
    need_root("the launcher runs as root and starts Labs as other accounts")
    folder = Path(tempfile.mkdtemp(prefix="aj-launcher-"))
    folder.chmod(0o711)  # as the hub's state folder: others may reach a path in it, not list it
    path = folder / "launcher.sock"
    watched, held = os.pipe()
    process = subprocess.Popen([sys.executable, "-I", "-m", "aijourney.hub.launcher", str(path), str(watched)],
                               pass_fds=(watched,), env={"PATH": os.environ["PATH"]})
    os.close(watched)
    deadline = time.monotonic() + 60
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield path, process, held
    finally:
        try:
            os.close(held)
        except OSError:
            pass
        process.kill()
        process.wait()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def home():
    account = nobody()
    folder = Path(tempfile.mkdtemp(prefix="aj-home-"))
    os.chown(folder, account.pw_uid, account.pw_gid)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def ask(path: Path, request) -> dict | None:
    """As the hub does: one request, one answer (None when the launcher closed without answering)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(60)
        client.connect(str(path))
        client.sendall((request if isinstance(request, bytes) else json.dumps(request).encode()) + b"\n")
        line = client.makefile("rb").readline()
    return json.loads(line) if line else None


def request_for(user: str, home: Path, **env: str) -> dict:
    return {"user": user, "args": [], "env": {"HOME": str(home), "PATH": os.environ["PATH"], **env}}


def ended(pid: int, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    return not Path(f"/proc/{pid}").exists()


def test_a_lab_runs_as_the_account_named_with_the_hubs_environment_and_is_reaped(launcher, home):
    path, _, _ = launcher
    answer = ask(path, request_for("nobody", home))
    assert answer is not None and isinstance(answer.get("pid"), int), answer
    assert ended(answer["pid"]), "a launched Lab that ended must be reaped, not left a zombie"
    laid_out = home / "index.ipynb"  # HOME from the request, not the launcher's environment
    assert laid_out.is_file()
    assert {p.stat().st_uid for p in home.rglob("*")} == {nobody().pw_uid}


def test_root_and_unknown_accounts_and_malformed_requests_are_refused(launcher, home):
    path, _, _ = launcher
    assert ask(path, request_for("root", home)) == {"error": "a Lab never runs as root"}
    assert "no account" in ask(path, request_for("no-such-trainee-x", home))["error"]
    assert "error" in ask(path, {"user": "nobody", "args": "--debug", "env": {}})
    assert "error" in ask(path, b"not json") and "error" in ask(path, b"{}")
    assert not any(home.iterdir())  # nothing ran
    assert isinstance(ask(path, request_for("nobody", home))["pid"], int)  # and the launcher still serves


def test_only_root_may_ask(launcher, home):
    path, _, _ = launcher
    assert path.stat().st_mode & 0o777 == 0o600
    as_nobody = {"user": "nobody", "group": nobody().pw_gid, "extra_groups": [], "capture_output": True,
                 "text": True, "timeout": 60, "cwd": "/"}
    request = json.dumps(request_for("nobody", home))
    tried = subprocess.run([sys.executable, "-c", CLIENT, str(path), request], **as_nobody)
    assert tried.stdout.strip() == "denied", tried.stdout + tried.stderr
    path.chmod(0o666)  # a mode gone wrong: the peer's credentials still keep it out
    try:
        tried = subprocess.run([sys.executable, "-c", CLIENT, str(path), request], **as_nobody)
    finally:
        path.chmod(0o600)
    assert tried.stdout.strip() == "no answer", tried.stdout + tried.stderr
    assert not any(home.iterdir())


def test_the_launcher_ends_with_the_hub(launcher):
    path, process, held = launcher
    assert process.poll() is None
    os.close(held)  # the hub's end of the pipe: as when the hub stops or is killed
    assert process.wait(30) == 0
    assert not path.exists()
