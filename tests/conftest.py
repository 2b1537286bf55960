from pathlib import Path

import pytest

from helpers import A

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


def _pg_bindir():
    import glob

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    """A real PostgreSQL server on 127.0.0.1 for this test run (Debian package `postgresql`)."""
    import os
    import pwd
    import shutil
    import socket
    import subprocess

    bindir = _pg_bindir()
    if bindir is None:
        message = "PostgreSQL server binaries are missing: apt-get install postgresql (.ci/run does it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    import tempfile

    # not under pytest's tmp dir: that one is private to root, and the server runs as postgres
    base = Path(tempfile.mkdtemp(prefix="aijourney-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    prefix = []
    if os.geteuid() == 0:  # the server refuses to run as root
        user = pwd.getpwnam("postgres")
        for p in (base, sock):
            os.chown(p, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    run = lambda *cmd: subprocess.run(prefix + list(cmd), check=True, capture_output=True, text=True)  # noqa: E731
    run(str(bindir / "initdb"), "-D", str(data), "--auth=trust", "-U", "postgres", "-E", "UTF8")
    run(str(bindir / "pg_ctl"), "-D", str(data), "-w", "-l", str(base / "log"), "-o",
        f"-c listen_addresses=127.0.0.1 -p {port} -k {sock} -c fsync=off", "start")
    try:
        yield {"port": port, "run": run, "bindir": bindir}
    finally:
        subprocess.run(prefix + [str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server, request):
    """A fresh database on the test server; returns its SQLAlchemy URL."""
    import re

    name = "gb_" + re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:50]
    postgres_server["run"](str(postgres_server["bindir"] / "createdb"), "-h", "127.0.0.1", "-p",
                           str(postgres_server["port"]), "-U", "postgres", name)
    return f"postgresql+psycopg2://postgres@127.0.0.1:{postgres_server['port']}/{name}"


# -- a course with the b1-ocop assignment released (grading tests) -----------------------
@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """A course with b1-ocop released (reused, copied, by each test that needs a fresh one)."""
    from aijourney.course import Course

    tmp = tmp_path_factory.mktemp("released")
    course = Course(root=tmp / "course", exchange=tmp / "exchange", timeout=5)
    course.release(A)
    return tmp


@pytest.fixture(scope="module")
def release_nb(released):
    import nbformat

    return nbformat.read(released / "course" / "release" / A / f"{A}.ipynb", as_version=4)


# -- running on several workers (pytest-xdist) -------------------------------------------------
def pytest_xdist_make_scheduler(config, log):
    from parallel import FileOrGroupScheduling

    return FileOrGroupScheduling(config, log)


def _is_worker() -> bool:
    import os

    return "PYTEST_XDIST_WORKER" in os.environ


# -- the language-model lessons run twice: reuse what the model wrote the first time ----------
_memo: dict[str, str] = {}
MEMO_ROOT = "AIJOURNEY_TEST_LLM_MEMO_ROOT"  # the run's memo folder, handed from the controller to workers


def pytest_configure(config):
    """One memo folder for the whole run: made by the process that runs first (the controller when the
    suite runs on several workers; workers inherit its environment) and removed by it at the end."""
    import os
    import tempfile

    if not _is_worker() and MEMO_ROOT not in os.environ:
        os.environ[MEMO_ROOT] = _memo["owned"] = tempfile.mkdtemp(prefix="aijourney-llm-memo-")
    if _is_worker():  # several workers on two cores: threads waiting for a busy core make the model crawl (docs/llm.md)
        os.environ.setdefault("AIJOURNEY_LLM_THREADS", "1")
    _lesson_memo(True)


def _lesson_memo(on: bool) -> None:
    import os

    from aijourney.llm.memo import ENV

    if on and os.environ.get(MEMO_ROOT):
        os.environ[ENV] = os.environ[MEMO_ROOT]
    else:
        os.environ.pop(ENV, None)


def pytest_runtest_setup(item):
    """The worked-solution check (here) and nbval (notebooks/, after every test here) each run every
    lesson: the model's texts are kept (``aijourney.llm.memo``) so the second run of a language-model
    lesson reuses them, on whichever worker it runs. No other test here sees the memo: the tests of the
    model always generate. (This file's hooks run only for the tests in this folder: the memo is switched
    back on after each of them, so the notebooks collected later find it on.)"""
    _lesson_memo(getattr(item, "originalname", "") == "test_every_worked_solution_runs_and_is_correct")


@pytest.hookimpl(trylast=True)  # after the test's own fixtures (monkeypatch) are undone
def pytest_runtest_teardown(item, nextitem):
    _lesson_memo(True)


def pytest_unconfigure(config):
    import os
    import shutil

    if "owned" in _memo:
        shutil.rmtree(_memo.pop("owned"), ignore_errors=True)
        os.environ.pop(MEMO_ROOT, None)
