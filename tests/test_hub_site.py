"""A site's hub end to end: real Unix accounts, `aijourney hub roster import` and `aijourney hub start`, the hub,
its proxy and the course service as real processes on 127.0.0.1, Debian chromium driven by Playwright.

A trainee logs in through the login page, finds the Lab in Vietnamese, runs a lesson's checks, fetches the
released assignment from the Assignments panel, answers and submits it; the instructor collects, grades with
`aijourney grade` and releases feedback; the trainee fetches feedback that shows no hidden test. Two trainees
send contest entries from the starter notebook through the contest inbox. One trainee cannot reach another's
files, nor the formgrader. Screenshots go to build/test-artifacts (AIJOURNEY_TEST_ARTIFACTS). The hub and
everything it started are stopped, and the accounts removed, even when a test fails.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import sys
import time
from pathlib import Path

import nbformat
import pytest
import yaml
from nbgrader.api import Gradebook

from aijourney.contest.definition import TIME_ZONE
from aijourney.contest.store import EntryStatus, Store
from aijourney.hub.start import TRAINEE_LAB_EXTENSIONS
from aijourney.simulate import answer_notebook
from aijourney import simulations
from helpers import CHROMIUM, CHROMIUM_ARGS, memory, need_chromium, need_root, processes, secret_blocks

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("hub-site")]

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(os.environ.get("AIJOURNEY_TEST_ARTIFACTS", "build/test-artifacts"))
ASSIGNMENT = "b1-ocop"
CONTEST = "co-ban"
LESSON = "basic/00-python-vua-du.ipynb"
WAIT = 120_000  # ms: the longest any one step may take in the browser
LAUNCHER, SINGLEUSER = "aijourney.hub.launcher", "aijourney.hub.singleuser"


def _open_contest_copy(base: Path) -> Path:
    """The shipped contest, opened from an hour ago until tomorrow."""
    folder = base / "contests" / CONTEST
    shutil.copytree(REPO / "contests" / CONTEST, folder)
    raw = yaml.safe_load((folder / "contest.yaml").read_text("utf-8"))
    now = dt.datetime.now(TIME_ZONE).replace(microsecond=0, tzinfo=None)
    raw.update(start=(now - dt.timedelta(hours=1)).isoformat(sep=" "),
               deadline=(now + dt.timedelta(days=1)).isoformat(sep=" "))
    (folder / "contest.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    for path in [base / "contests", folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return folder


@pytest.fixture(scope="module")
def site():
    need_root("a site's hub needs root (Unix accounts, PAM, starting Labs as their users)")
    need_chromium()
    from aijourney.hub.trial import TrialSite

    trial = TrialSite.create(trainees=3)
    try:
        trial.start()
        released = trial.as_grader("release", ASSIGNMENT)
        assert released.returncode == 0, released.stderr
        _open_contest_copy(trial.base)
        store = Path(os.path.expanduser(f"~{trial.grader}")) / "contest-store"
        trial.contest = [*trial.cli(), "contest", "--contests", str(trial.base / "contests"), "--store", str(store)]
        trial.contest_store = store
        set_up = trial.run_as(trial.grader, [*trial.contest, "setup", CONTEST])
        assert set_up.returncode == 0, set_up.stdout + set_up.stderr
        yield trial
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        if (trial.base / "hub.log").is_file():  # the hub's, the Labs' and the course service's log, for a failure
            shutil.copyfile(trial.base / "hub.log", ARTIFACTS / "hub-site.log")
        trial.remove()


@pytest.fixture(scope="module")
def browser(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class People:
    """One browser context (its own cookies) per person, logged in once."""

    def __init__(self, site, browser):
        self.site, self.browser, self.pages = site, browser, {}

    def page(self, person):
        if person.login not in self.pages:
            page = self.browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
            page.set_default_timeout(WAIT)
            log_in(page, self.site, person)
            self.pages[person.login] = page
        return self.pages[person.login]


@pytest.fixture(scope="module")
def people(site, browser):
    return People(site, browser)


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"hub-{name}.png"))


def log_in(page, site, person) -> None:
    page.goto(f"{site.url}/hub/login")
    page.fill("#username_input", person.login)
    page.fill("#password_input", person.password)
    page.click("#login_submit")
    page.wait_for_url(f"**/user/{person.login}/lab/**")
    page.wait_for_selector(".lm-MenuBar-itemLabel:text-is('Tệp')")


def run_all(page, notebook: str, site, person, wanted: str) -> dict:
    """Open ``notebook`` in the person's Lab, restart its kernel and run every cell (the toolbar's button), save,
    and return the saved notebook once an output contains ``wanted`` (the Lab draws only the cells in view, so
    outputs are read from the saved file)."""
    page.goto(f"{site.url}/user/{person.login}/lab/tree/{notebook}")
    name = notebook.rsplit("/", 1)[-1]
    page.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current").filter(has_text=name).wait_for()
    shown = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")  # the Lab may reopen other notebooks, in tabs
    shown.locator(".jp-Cell").first.wait_for()
    page.locator(".jp-StatusBar-TextItem:has-text('Idle')").first.wait_for()
    shown.locator("jp-button[data-command='notebook:restart-run-all']").first.click()
    page.locator(".jp-Dialog .jp-mod-accept").click()
    deadline = time.monotonic() + WAIT / 1000
    while time.monotonic() < deadline:
        time.sleep(2)
        if page.locator(".jp-Dialog").count():  # e.g. a save that failed: say what it said
            raise AssertionError(f"the Lab says: {page.locator('.jp-Dialog').first.inner_text()}")
        shown.locator("jp-button[data-command='docmanager:save']").first.click()
        saved = api(page, site, person, "GET", notebook)
        cells = saved.json()["content"]["cells"] if saved.ok else []
        if wanted in json.dumps([c.get("outputs", []) for c in cells], ensure_ascii=False):
            return saved.json()["content"]
    raise AssertionError(f"no output of {notebook} says {wanted!r}")


def api(page, site, person, method: str, path: str, data: dict | None = None):
    xsrf = next((c["value"] for c in page.context.cookies() if c["name"] == "_xsrf"), "")
    url = f"{site.url}/user/{person.login}/api/contents/{path}"
    headers = {"X-XSRFToken": xsrf, "Content-Type": "application/json"}
    return page.request.fetch(url, method=method, headers=headers, data=json.dumps(data) if data else None)


def assignments_panel(page):
    page.locator(".lm-MenuBar-itemLabel:text-is('Nbgrader')").click()
    page.locator(".lm-Menu-itemLabel:text-is('Assignment List')").click()
    return page.locator("#assignment-list, .jp-AssignmentList, #released_assignments_list").first


def test_login_page_and_lab_are_vietnamese_and_a_lesson_checks_answers(site, browser, people):
    trainee = site.trainees[0]
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    page.goto(f"{site.url}/hub/login")
    assert "Đăng nhập" in page.inner_text("body") and "Tên đăng nhập" in page.inner_text("body")
    page.fill("#username_input", trainee.login)
    page.fill("#password_input", trainee.password + "x")
    page.click("#login_submit")
    assert "chưa đúng" in page.locator("#login-error").inner_text()  # waits for the page that says so
    shot(page, "login-wrong-password")
    page.context.close()

    page = people.page(trainee)
    menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
    assert {"Tệp", "Chỉnh sửa", "Chạy", "Trợ giúp"} <= set(menus), menus
    config = json.loads(page.locator("#jupyter-config-data").text_content())  # what this page loaded
    assert sorted(e["name"] for e in config["federated_extensions"]) == sorted(TRAINEE_LAB_EXTENSIONS)
    assert config["buildCheck"] is False and config["buildAvailable"] is False
    listing = api(page, site, trainee, "GET", "").json()
    assert {"basic", "advanced", "cuoc-thi", "index.ipynb"} <= {item["name"] for item in listing["content"]}
    shot(page, "trainee-lab")
    page.locator(".lm-MenuBar-itemLabel:text-is('Nbgrader')").click()
    tools = set(page.locator(".lm-Menu-itemLabel").all_inner_texts())
    page.keyboard.press("Escape")
    assert "Assignment List" in tools and not tools & {"Formgrader", "Course List"}, tools
    assert page.request.get(f"{site.url}/user/{trainee.login}/formgrader").status == 404  # not in a trainee's Lab
    lesson = run_all(page, LESSON, site, trainee, "Chưa làm")  # q1.check() on the untouched exercise
    assert any("Sẵn sàng" in json.dumps(c.get("outputs", []), ensure_ascii=False) for c in lesson["cells"])
    shot(page, "trainee-lesson-checks")


def test_trainee_fetches_answers_and_submits_from_the_assignments_panel(site, people):
    trainee = site.trainees[0]
    page = people.page(trainee)
    assignments_panel(page)
    released = page.locator(f"#released_assignments_list .list_item:has-text('{ASSIGNMENT}')")
    released.locator("button:has-text('Fetch')").click()
    fetched = page.locator(f"#fetched_assignments_list .list_item:has-text('{ASSIGNMENT}')").first
    fetched.wait_for()
    notebook = api(page, site, trainee, "GET", f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb").json()
    nb = nbformat.from_dict(notebook["content"])
    profile = {grade_id: "correct" for grade_id in simulations.load(ASSIGNMENT).ANSWERS}
    answered = answer_notebook(nb, ASSIGNMENT, profile)
    saved = api(page, site, trainee, "PUT", f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb",
                {"type": "notebook", "format": "json", "content": answered})
    assert saved.ok, saved.text()
    fetched.locator("button:has-text('Submit')").click()
    page.locator(f"#submitted_assignments_list .list_item:has-text('{ASSIGNMENT}')").first.wait_for()
    shot(page, "trainee-submitted")
    inbound = site.base / "exchange" / site.course_id / "inbound"
    assert [p.name.split("+")[0] for p in inbound.iterdir()] == [trainee.login]


def forge_a_later_submission(site, forger, victim) -> str:
    """As ``forger``: a blank copy of the release, left in the inbox in ``victim``'s name, newer than theirs."""
    exchange = site.base / "exchange" / site.course_id
    name = f"{victim.login}+{ASSIGNMENT}+2099-01-01 00:00:00.000000 UTC+{secrets.token_hex(4)}"
    code = ("import pathlib, shutil, sys\n"
            "release, folder = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])\n"
            "folder.mkdir()\n"
            "shutil.copy(release, folder)\n"
            "(folder / 'timestamp.txt').write_text('2099-01-01 00:00:00.000000 UTC')\n")
    forged = site.run_as(forger.login, [sys.executable, "-c", code,
                                        str(exchange / "outbound" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"),
                                        str(exchange / "inbound" / name)])
    assert forged.returncode == 0, forged.stderr  # the inbox lets anyone write there: the collect must tell
    return name


def test_instructor_grades_with_the_engine_and_sees_the_formgrader(site, people):
    forged = forge_a_later_submission(site, site.trainees[2], site.trainees[0])
    collected = site.as_grader("collect", ASSIGNMENT)
    assert collected.returncode == 0 and "Collected 1 " in collected.stdout, collected.stdout + collected.stderr
    assert f"refused: {forged} (its owner is not the trainee it names)" in collected.stderr
    graded = site.as_grader("grade", ASSIGNMENT, "--quiet")
    assert graded.returncode == 0, graded.stdout + graded.stderr
    released = site.as_grader("feedback", ASSIGNMENT)
    assert released.returncode == 0, released.stderr
    with Gradebook(f"sqlite:///{site.base / 'course' / 'gradebook.db'}", course_id=site.course_id) as gradebook:
        submission = gradebook.find_submission(ASSIGNMENT, site.trainees[0].login)
        assert submission.max_score > 0 and submission.score == submission.max_score

    page = people.page(site.instructor)
    answer = page.request.get(f"{site.url}/services/{site.course_id}/formgrader/api/assignments")
    assert answer.status == 200
    (row,) = [a for a in answer.json() if a["name"] == ASSIGNMENT]
    assert row["num_submissions"] == 1
    formgrader = page.request.get(f"{site.url}/services/{site.course_id}/formgrader")
    assert "frame-ancestors 'self'" in formgrader.headers.get("content-security-policy", "")
    page.goto(f"{site.url}/services/{site.course_id}/formgrader/manage_students")
    page.locator(f"text={site.trainees[0].login}").first.wait_for()
    shot(page, "instructor-formgrader")


def test_trainee_fetches_feedback_that_shows_no_hidden_test(site, people):
    trainee = site.trainees[0]
    page = people.page(trainee)
    page.reload()
    assignments_panel(page)
    submitted = page.locator(f"#submitted_assignments_list .list_item:has-text('{ASSIGNMENT}')").first
    submitted.locator("text=feedback available to fetch").wait_for()
    submitted.locator("button:has-text('Fetch Feedback')").click()
    page.locator("#submitted_assignments_list a:has-text('view feedback')").first.wait_for()
    folder = api(page, site, trainee, "GET", f"{ASSIGNMENT}/feedback").json()
    (stamp,) = folder["content"]
    html_path = f"{ASSIGNMENT}/feedback/{stamp['name']}/{ASSIGNMENT}.html"
    html = api(page, site, trainee, "GET", html_path).json()["content"]
    _, hidden = secret_blocks(REPO / "assignments" / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    assert hidden, "the assignment should have hidden tests for this test to mean something"
    assert not [line for line in hidden if line in html]
    assert "Score" in html or "Điểm" in html
    page.goto(f"{site.url}/user/{trainee.login}/files/{html_path}")
    shot(page, "trainee-feedback")


def test_two_trainees_send_contest_entries_through_the_inbox(site, people):
    senders = site.trainees[:2]
    for trainee in senders:
        page = people.page(trainee)
        run_all(page, f"cuoc-thi/{CONTEST}.ipynb", site, trainee, "Đã gửi bài")
        shot(page, f"contest-{trainee.login[:3]}")
    scored = site.run_as(site.grader, [*site.contest, "score", CONTEST])
    assert scored.returncode == 0, scored.stdout + scored.stderr
    with Store(site.contest_store / CONTEST / "scores.sqlite") as store:
        entries = store.entries()
    assert sorted((e.trainee, e.status) for e in entries) == sorted((t.login, EntryStatus.SCORED) for t in senders)
    assert all(e.public_score > 0.5 for e in entries)  # the starter's baseline, well above chance


def lab_of(login: str):
    uid = pwd.getpwnam(login).pw_uid
    (lab,) = [p for p in processes() if p.uids[0] == uid and {LAUNCHER, SINGLEUSER} & set(p.argv)]
    return lab


def secrets_of_the_hub(site) -> set[bytes]:
    state = site.base / "state"
    cookie = (state / "jupyterhub_cookie_secret").read_text().strip()
    raw = bytes.fromhex(cookie) if re.fullmatch(r"[0-9a-fA-F]+", cookie) else base64.b64decode(cookie)
    proxy = Path(f"/proc/{int((state / 'proxy.pid').read_text())}/environ").read_bytes().split(b"\0")
    (proxy_token,) = [kv.split(b"=", 1)[1] for kv in proxy if kv.startswith(b"CONFIGPROXY_AUTH_TOKEN=")]
    return {cookie.encode(), raw, proxy_token}


def test_labs_are_forked_as_their_trainee_and_hold_no_one_elses_secret(site, people):
    """Each Lab is forked by the launcher (already imported: a faster login) and becomes its trainee. Its memory,
    a copy of the launcher's, holds no other trainee's token (the second Lab was forked after the first), nor the
    hub's cookie secret or proxy token; the environment it shows its trainee is the launcher's, not the hub's."""
    first, second = site.trainees[0], site.trainees[1]
    people.page(first), people.page(second)  # (logged in already when the whole module runs)
    (launcher,) = [p for p in processes() if p.uids[0] == 0 and LAUNCHER in p.argv]
    for trainee in (first, second):
        lab, account = lab_of(trainee.login), pwd.getpwnam(trainee.login)
        assert lab.ppid == launcher.pid
        assert set(lab.uids) == {account.pw_uid} and set(lab.gids) == {account.pw_gid}
        assert lab.groups == set(os.getgrouplist(trainee.login, account.pw_gid))
    second_lab = lab_of(second.login).pid
    environ = Path(f"/proc/{second_lab}/environ").read_bytes().split(b"\0")
    assert {kv.split(b"=")[0] for kv in environ if kv} == {b"PATH", b"LANG"}
    token = re.compile(rb"JUPYTERHUB_API_TOKEN=([0-9A-Za-z_-]{16,})")
    first_tokens = {m.group(1) for chunk in memory(lab_of(first.login).pid) for m in token.finditer(chunk)}
    assert first_tokens, "the first Lab's own token must be found in its memory, or the search means nothing"
    needles = first_tokens | secrets_of_the_hub(site)
    leaked = {needle for chunk in memory(second_lab) for needle in needles if needle in chunk}
    assert not leaked


def test_one_trainee_cannot_reach_another_nor_the_formgrader(site, people):
    lan, binh = site.trainees[0], site.trainees[1]
    page = people.page(lan)
    other = page.request.get(f"{site.url}/user/{binh.login}/api/contents")
    assert other.status == 403 and "index.ipynb" not in other.text()
    formgrader = page.request.get(f"{site.url}/services/{site.course_id}/formgrader/api/assignments")
    assert formgrader.status == 403 and ASSIGNMENT not in formgrader.text()
    home = Path(os.path.expanduser(f"~{binh.login}"))
    probe = site.run_as(lan.login, [sys.executable, "-c",
                              f"import os\ntry:\n    os.listdir({str(home)!r}); print('ALLOWED')\n"
                              "except PermissionError:\n    print('denied')"])
    assert probe.stdout.strip() == "denied", probe.stdout + probe.stderr
    assert (home.stat().st_mode & 0o777) == 0o700


def test_a_trainee_cannot_read_the_answers_shipped_with_the_course_nor_the_hubs_secrets(site):
    """The course is installed where every account can run it; its solutions and hidden tests are not readable,
    nor the hub's database, roster and cookie secret (whose folder every Lab reads its settings from)."""
    secrets_on_disk = [REPO / "assignments" / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
                       REPO / "src" / "aijourney" / "simulations" / "b1_ocop.py",
                       Path(__file__), REPO / ".git" / "HEAD",
                       site.base / "state" / "jupyterhub.sqlite", site.base / "state" / "hub-roster.json",
                       site.base / "state" / "jupyterhub_cookie_secret"]
    assert all(path.is_file() for path in secrets_on_disk)
    code = ("import json, sys\nout = []\nfor p in json.loads(sys.argv[1]):\n    try:\n        open(p).read(1)\n"
            "        out.append('ALLOWED')\n    except PermissionError:\n        out.append('denied')\n"
            "print(json.dumps(out))")
    paths = json.dumps([str(p) for p in secrets_on_disk])
    probe = site.run_as(site.trainees[1].login, [sys.executable, "-c", code, paths])
    assert json.loads(probe.stdout) == ["denied"] * len(secrets_on_disk), probe.stdout + probe.stderr
    lesson = site.run_as(site.trainees[1].login, [sys.executable, "-c", "import aijourney.exercises.b0; print('ok')"])
    assert lesson.stdout.strip() == "ok", lesson.stderr  # what trainees do need still works


def test_a_lab_starts_as_a_new_process_when_the_launcher_is_gone(site, browser):
    (launcher,) = [p for p in processes() if p.uids[0] == 0 and LAUNCHER in p.argv]
    os.kill(launcher.pid, signal.SIGKILL)
    trainee = site.trainees[2]
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    page.set_default_timeout(WAIT)
    log_in(page, site, trainee)
    page.context.close()
    lab, account = lab_of(trainee.login), pwd.getpwnam(trainee.login)
    assert SINGLEUSER in lab.argv and set(lab.uids) == {account.pw_uid}
    assert "No launcher" in site.log_tail(400)


def test_a_new_roster_takes_effect_without_restarting_the_hub(site, browser):
    from aijourney.hub.trial import Person

    leaver = site.trainees[2]
    newcomer = Person(f"hvn{site.course_id[2:]}", secrets.token_urlsafe(12), "Đặng Thu Hà")
    site.trainees.append(newcomer)  # so that the account is removed with the site
    site.import_roster([p for p in site.trainees if p is not leaver])
    site.set_passwords()
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    page.set_default_timeout(WAIT)
    log_in(page, site, newcomer)
    assert page.locator(".lm-MenuBar-itemLabel:text-is('Tệp')").count() == 1
    page.context.close()
    page = browser.new_context().new_page()
    page.goto(f"{site.url}/hub/login")
    page.fill("#username_input", leaver.login)
    page.fill("#password_input", leaver.password)
    page.click("#login_submit")
    assert "chưa đúng" in page.locator("#login-error").inner_text()
    page.context.close()
