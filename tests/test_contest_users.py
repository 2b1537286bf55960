"""The contest inbox with real, separate Unix users (as on a site's hub): trainee Lan submits from her own
account; trainee Bình, from his, can neither list the inbox nor the results, read the truth or Lan's receipts,
delete Lan's entry, nor pass an entry off as Lan's. Needs root to create the two accounts (CI runs as root)."""

import json
import os
import pwd
import secrets
import shutil
import site as python_site
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from aijourney.contest.organiser import score
from aijourney.contest.store import EntryStatus, Store
from aijourney.hub.start import others_can_run
from contest_helpers import make_site, perfect
from helpers import need_root

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def place():
    need_root()
    base = Path(tempfile.mkdtemp(prefix="aj-users-"))
    base.chmod(0o755)
    suffix = secrets.token_hex(3)
    logins = {"lan": f"ajlan{suffix}", "binh": f"ajbinh{suffix}"}
    try:
        for login in logins.values():
            home = base / "home" / login
            subprocess.run(["useradd", "--no-create-home", "--home-dir", str(home), "--shell", "/bin/false",
                            login], check=True, capture_output=True)
            home.mkdir(parents=True)
            shutil.chown(home, login, login)
            home.chmod(0o700)
            (base / "home").chmod(0o755)
        yield base, logins
    finally:
        for login in logins.values():
            subprocess.run(["userdel", login], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def interpreter_for_others() -> tuple[str, dict]:
    """This environment's Python as another user can start it. When the interpreter lives in a folder only
    root may enter (a Python built under /root), the system's Python of the same version with this
    environment's packages on its path."""
    if others_can_run(Path(sys.executable)):
        return sys.executable, {}
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (f"/usr/bin/{version}", f"/usr/local/bin/{version}"):
        if Path(candidate).exists() and others_can_run(Path(candidate)):
            src = str(Path(__file__).resolve().parents[1] / "src")
            return candidate, {"PYTHONPATH": os.pathsep.join([src, *python_site.getsitepackages()])}
    pytest.skip(f"no {version} that other users may run")


def run_as(login: str, site, code: str) -> subprocess.CompletedProcess:
    home = Path(pwd.getpwnam(login).pw_dir)
    python, extra = interpreter_for_others()
    env = {"HOME": str(home), "USER": login, "LOGNAME": login, "PATH": os.environ.get("PATH", ""),
           "AIJOURNEY_EXCHANGE": str(site.exchange.root), "AIJOURNEY_COURSE": site.exchange.course_id,
           "MPLCONFIGDIR": str(home / ".mpl"), **extra}
    return subprocess.run([python, "-c", code], user=login, group=login, extra_groups=[], env=env, cwd=home,
                          capture_output=True, text=True, timeout=120)


def attempts(paths: dict) -> str:
    """Python that tries each action and prints, per action, 'denied' or 'ALLOWED'."""
    return "\n".join([
        "import json, os",
        f"actions = {json.dumps(paths)}",
        "out = {}",
        "for label, (kind, path) in actions.items():",
        "    try:",
        "        {'list': os.listdir, 'read': lambda p: open(p, 'rb').read(), 'remove': os.remove}[kind](path)",
        "        out[label] = 'ALLOWED'",
        "    except PermissionError:",
        "        out[label] = 'denied'",
        "print(json.dumps(out))",
    ])


def test_two_trainees_on_one_site_cannot_reach_each_other_or_the_truth(place):
    base, logins = place
    lan, binh = logins["lan"], logins["binh"]
    site = make_site(base / "site")
    for folder in (base / "site", base / "site" / "contests", base / "site" / "contests" / "thi-thu"):
        folder.chmod(0o755)
    guess = base / "du-doan.csv"
    perfect(site).to_csv(guess, index=False)
    guess.chmod(0o644)
    sent = run_as(lan, site, "import pandas as pd\nfrom aijourney import contest\n"
                             f"print(contest.submit(pd.read_csv({str(guess)!r}, dtype=str), contest='thi-thu'))")
    assert sent.returncode == 0 and "Đã gửi bài" in sent.stdout, sent.stderr
    (entry_name,) = os.listdir(site.exchange.inbound)
    assert entry_name.startswith(lan + "+")
    receipts = Path(pwd.getpwnam(lan).pw_dir) / ".aijourney" / "contests" / "khoa-hoc" / "thi-thu.json"
    probe = run_as(binh, site, attempts({
        "list inbox": ["list", str(site.exchange.inbound)],
        "list results": ["list", str(site.exchange.results)],
        "read truth": ["read", str(site.store.truth)],
        "list store": ["list", str(site.store.base)],
        "read Lan's receipts": ["read", str(receipts)],
        "delete Lan's entry": ["remove", str(site.exchange.inbound / entry_name)],
    }))
    assert probe.returncode == 0, probe.stderr
    assert set(json.loads(probe.stdout).values()) == {"denied"}, probe.stdout
    forged = run_as(binh, site, "from aijourney.contest.entries import EntryKind, write_entry\n"
                                "from aijourney.contest.places import trainee_exchange\n"
                                f"print(write_entry(trainee_exchange('thi-thu'), {lan!r}, EntryKind.TABLE, "
                                f"open({str(guess)!r}, 'rb').read()))")
    assert forged.returncode == 0, forged.stderr
    forged_name = forged.stdout.strip()
    score(site)
    with Store(site.store.database) as store:
        status = {e.name: e for e in store.entries()}
    assert status[entry_name].status is EntryStatus.SCORED and status[entry_name].public_score == 1.0
    assert status[forged_name].status is EntryStatus.INVALID
    assert "không do tài khoản đó tạo ra" in status[forged_name].message
    seen = run_as(lan, site, "from aijourney import contest\n"
                             "print(contest.my_entries('thi-thu').to_json(orient='records', force_ascii=False))")
    rows = json.loads(seen.stdout)
    assert [(r["Trạng thái"], r["Điểm công khai"]) for r in rows] == [("Đã chấm", 1.0)], seen.stderr
