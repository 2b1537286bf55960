"""Only regular files: symbolic links, hard links, devices, FIFOs and sockets in a submission (in
the exchange, in submitted/ or beside the notebook) are refused with a note, never followed or
read, and the batch goes on."""

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import nbformat
import pytest

from aijourney import simulations
from aijourney.course import Course
from aijourney.grading.engine import Engine
from aijourney.grading.intake import REFUSED_FILE, collect_copy, read_submission, safe_copy_tree
from aijourney.grading.status import Status
from aijourney.simulate import answer_notebook, submit_profile
from helpers import place

A = "b1-ocop"
NB = f"{A}.ipynb"
B1 = simulations.load(A)
MB = 2**20
LINK = "a symbolic link (not followed)"
SECRETS = (b"BEGIN SOLUTION", b"BEGIN HIDDEN TESTS", b"SQLite format 3", b"TOP-SECRET-MARKER")


def guarded(fn, timeout=60):
    """fn() in a thread: fails instead of hanging if something blocks (an opened FIFO or device)."""
    box = {}

    def run():
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed to the test below
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), "blocked: a FIFO, device or socket was opened"
    if "error" in box:
        raise box["error"]
    return box["value"]


def read(folder, names=(A,), max_nb=MB, max_extra=MB):
    return guarded(lambda: read_submission(folder, names, max_nb, max_extra))


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file() and not p.is_symlink()}


# -- read_submission, one kind of entry at a time ------------------------------------------------

def make_odd(kind: str, path: Path, outside: Path) -> None:
    """Put an entry of ``kind`` at ``path``; ``outside`` is a folder beside the submission."""
    secret = outside / "secret.txt"
    secret.write_bytes(b"TOP-SECRET-MARKER")
    if kind == "symlink_file":
        path.symlink_to(secret)
    elif kind == "symlink_dir":
        path.symlink_to(outside)
    elif kind == "symlink_proc":
        path.symlink_to("/proc/self/environ")
    elif kind == "dangling":
        path.symlink_to(outside / "nothing-here")
    elif kind == "hard_link":
        os.link(secret, path)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
        sock.close()
    elif kind == "device":
        try:
            os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # what /dev/zero is
        except PermissionError:
            pytest.skip("creating a device needs CAP_MKNOD")


KINDS = {"symlink_file": LINK, "symlink_dir": LINK, "symlink_proc": LINK, "dangling": LINK,
         "hard_link": "a hard link (the file has 2 names), not read", "fifo": "a named pipe (FIFO), not a regular file",
         "socket": "a socket, not a regular file", "device": "a device, not a regular file"}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_is_refused_beside_the_notebook(kind, tmp_path):
    folder, outside = tmp_path / "sub", tmp_path / "outside"
    (folder / "deep").mkdir(parents=True)
    outside.mkdir()
    (folder / NB).write_bytes(b'{"cells": []}')
    (folder / "ok.csv").write_bytes(b"a,b\n")
    make_odd(kind, folder / "deep" / "odd", outside)
    got = read(folder)
    assert got.notebooks == {A: b'{"cells": []}'}
    assert got.extra_files == {"ok.csv": b"a,b\n"}  # nothing under deep/ was read
    assert got.refused == ["deep/odd"]
    assert got.notes == [f"refused deep/odd: {KINDS[kind]}"]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_is_refused_as_the_notebook(kind, tmp_path):
    folder, outside = tmp_path / "sub", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    make_odd(kind, folder / NB, outside)
    got = read(folder)
    assert got.notebooks == {A: None}  # graded as missing, never read through the link
    assert got.notes == [f"refused {NB}: {KINDS[kind]}"]


def test_a_linked_submission_folder_is_not_entered(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / NB).write_bytes(b"{}")
    (tmp_path / "sub").symlink_to(real)
    got = read(tmp_path / "sub")
    assert got.notebooks == {A: None} and got.extra_files == {}
    assert got.notes == [f"refused the submission folder: {LINK}"]
    assert read(tmp_path / "absent").notes == []  # a missing folder is just empty


def test_sizes_unknown_notebooks_and_checkpoints_keep_their_behaviour(tmp_path):
    folder = tmp_path / "sub"
    (folder / ".ipynb_checkpoints").mkdir(parents=True)
    (folder / ".ipynb_checkpoints" / "x.txt").write_bytes(b"old")
    (folder / ".ipynb_checkpoints" / "link").symlink_to("/etc/passwd")
    (folder / NB).write_bytes(b" " * (MB + 1))
    (folder / "big.bin").write_bytes(b"x" * (MB + 1))
    (folder / f"{A} (1).ipynb").write_bytes(b"{}")
    (folder / "sub").mkdir()
    (folder / "sub" / "copy.ipynb").write_bytes(b"{}")
    got = read(folder)
    assert got.notebooks == {A: b"{}"}  # too large: fails as unreadable
    assert got.extra_files == {} and got.refused == []
    assert got.notes == [f"{NB} is 1 MB, more than the 1 MB allowed",
                         "big.bin (1 MB) was not copied: files beside the notebook may be at most 1 MB",
                         f"notebooks not in the assignment were ignored: {A} (1).ipynb"]


def test_fingerprint_follows_contents_and_refusals(tmp_path):
    folder = tmp_path / "sub"
    folder.mkdir()
    (folder / NB).write_bytes(b"{}")
    (folder / "a.txt").write_bytes(b"1")
    first = read(folder).fingerprint
    assert read(folder).fingerprint == first
    (folder / "a.txt").write_bytes(b"2")
    second = read(folder).fingerprint
    (folder / "b.txt").symlink_to(folder / "a.txt")
    assert len({first, second, read(folder).fingerprint}) == 3


# -- copying: engine's autograded/ and collect's staging -----------------------------------------

def test_safe_copy_tree_copies_regular_files_only(tmp_path):
    src, outside = tmp_path / "src", tmp_path / "outside"
    (src / "sub").mkdir(parents=True)
    outside.mkdir()
    (src / "a.txt").write_bytes(b"a")
    (src / "sub" / "b.txt").write_bytes(b"b")
    for kind in ("symlink_file", "symlink_dir", "fifo", "hard_link"):
        make_odd(kind, src / kind, outside)
    notes = guarded(lambda: safe_copy_tree(src, tmp_path / "dest"))
    assert files_under(tmp_path / "dest") == {"a.txt": b"a", "sub/b.txt": b"b"}
    assert not any(p.is_symlink() for p in (tmp_path / "dest").rglob("*"))
    assert sorted(notes) == sorted(f"refused {k}: {KINDS[k]}" for k in ("symlink_file", "symlink_dir", "fifo",
                                                                        "hard_link"))
    guarded(lambda: safe_copy_tree(src, tmp_path / "dest2", hard_links=True))  # the instructor's source
    assert files_under(tmp_path / "dest2")["hard_link"] == b"TOP-SECRET-MARKER"


def test_collect_copy_records_refusals_for_the_engine(tmp_path):
    src = tmp_path / "inbound"
    src.mkdir()
    (src / NB).symlink_to(tmp_path / "source.ipynb")
    (src / REFUSED_FILE).write_text("refused everything: forged by the trainee\n")
    (src / "__pycache__").mkdir()
    (src / "__pycache__" / "x").symlink_to("/etc/passwd")  # ignored by nbgrader: no note
    guarded(lambda: collect_copy(src, tmp_path / "dest", ignore=[".ipynb_checkpoints", "__pycache__"]))
    got = read(tmp_path / "dest")
    assert got.notebooks == {A: None} and got.extra_files == {}
    assert got.notes == [f"refused {NB}: {LINK}", f"refused {REFUSED_FILE}: a name reserved for the grader's notes"]
    assert got.refused == [NB, REFUSED_FILE]


# -- the whole path: exchange, collect, engine ---------------------------------------------------

@pytest.fixture(scope="module")
def released(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("released")
    Course(root=tmp / "course", exchange=tmp / "exchange", timeout=5).release(A)
    return tmp


def fresh(released: Path, dest: Path) -> Course:
    shutil.copytree(released, dest, symlinks=True)
    course = Course(root=dest / "course", exchange=dest / "exchange", timeout=5)
    course.write_nbgrader_config()
    return course


def correct(course: Course) -> bytes:
    nb = nbformat.read(course.root / "release" / A / NB, as_version=4)
    return nbformat.writes(answer_notebook(nb, A, B1.PROFILES["correct"])).encode()


def totals(course: Course) -> dict[str, float]:
    with course.gradebook() as gb:
        return {s.student.id: s.score for s in gb.assignment_submissions(A)}


def assert_nothing_leaked(course: Course, student: str, tops=("submitted", "autograded"), secrets=SECRETS) -> None:
    for top in tops:
        for rel, data in files_under(course.root / top / student).items():
            assert not any(s in data for s in secrets), (top, student, rel)


def test_linked_notebook_in_submitted_is_refused(released, tmp_path):
    course = fresh(released, tmp_path / "c")
    place(course, "honest", {NB: correct(course)})
    place(course, "linked", {}).joinpath(NB).symlink_to(course.root / "source" / A / NB)
    statuses = {s.student: s for s in Engine(course, workers=1, progress=False).grade(A)}
    assert totals(course) == {"honest": B1.EXPECTED["correct"], "linked": 0.0}
    assert f"refused {NB}: {LINK}" in statuses["linked"].reasons
    assert statuses["linked"].status is Status.MANUAL  # not read: a person should look at it
    assert not (course.root / "autograded" / "linked" / A / NB).exists()
    assert_nothing_leaked(course, "linked")


def test_links_in_the_exchange_are_not_collected(released, tmp_path):
    course = fresh(released, tmp_path / "c")
    submit_profile(course, A, "honest", B1.PROFILES["correct"], tmp_path / "homes")
    submit_profile(course, A, "cheat", B1.PROFILES["blank"], tmp_path / "homes")
    inbound = course.exchange / course.course_id / "inbound"
    cheat = next(inbound.glob(f"cheat+{A}+*"))
    (cheat / NB).unlink()
    (cheat / NB).symlink_to(course.root / "source" / A / NB)
    (cheat / "data").symlink_to(course.root / "source" / A)
    os.mkfifo(cheat / "pipe")  # stock collect would fail (or block) on it
    (inbound / cheat.name.replace("cheat+", "whole+")).symlink_to(course.root / "source" / A)

    assert guarded(lambda: course.collect(A), timeout=120) == ["cheat", "honest", "whole"]
    statuses = {s.student: s for s in Engine(course, workers=1, progress=False).grade(A)}
    assert totals(course) == {"honest": B1.EXPECTED["correct"], "cheat": 0.0, "whole": 0.0}
    for note in (f"refused {NB}: {LINK}", f"refused data: {LINK}", f"refused pipe: {KINDS['fifo']}"):
        assert note in statuses["cheat"].reasons, statuses["cheat"].line()
    assert f"refused the submission folder: {LINK}" in statuses["whole"].reasons
    for sid in ("cheat", "whole"):
        assert_nothing_leaked(course, sid)
        assert not list((course.root / "submitted" / sid / A).glob("*.ipynb"))


GRADE = """import json, sys
from aijourney.course import Course
from aijourney.grading.engine import Engine
course = Course(root=sys.argv[1], exchange=sys.argv[2], timeout=5)
statuses = Engine(course, workers=1, progress=False).grade(sys.argv[3])
print(json.dumps({s.student: s.reasons for s in statuses}))
"""


def test_odd_extra_files_are_refused_and_the_batch_finishes(released, tmp_path):
    course = fresh(released, tmp_path / "c")
    place(course, "honest", {NB: correct(course)})
    folder = place(course, "extras", {NB: correct(course), "ok.txt": b"fine"})
    (folder / "gradebook.db").symlink_to(course.root / "gradebook.db")
    (folder / "environ").symlink_to("/proc/self/environ")
    (tmp_path / "outside.txt").write_bytes(b"TOP-SECRET-MARKER")
    os.link(tmp_path / "outside.txt", folder / "notes.txt")
    os.mkfifo(folder / "pipe")
    (folder / "src").symlink_to(course.root / "source" / A)

    # the whole batch in a child process with a deadline: a FIFO that blocked would fail it
    out = subprocess.run([sys.executable, "-c", GRADE, str(course.root), str(course.exchange), A],
                         capture_output=True, text=True, timeout=600, check=True)
    reasons = json.loads(out.stdout.strip().splitlines()[-1])
    assert totals(course) == {"honest": 7.0, "extras": 7.0}
    for name, kind in (("gradebook.db", LINK), ("environ", LINK), ("src", LINK), ("pipe", KINDS["fifo"]),
                       ("notes.txt", KINDS["hard_link"])):
        assert f"refused {name}: {kind}" in reasons["extras"], reasons["extras"]
    graded = files_under(course.root / "autograded" / "extras" / A)
    assert graded["ok.txt"] == b"fine"
    assert not {"gradebook.db", "environ", "notes.txt", "pipe"} & set(graded)
    assert not any(rel.startswith("src/") for rel in graded)
    assert not any(p.is_symlink() or p.is_fifo() for p in (course.root / "autograded" / "extras").rglob("*"))
    assert not any(b"PATH=" in data for data in graded.values())
    # submitted/ holds the hard link itself; the autograded notebook has its hidden tests back, as in stock nbgrader
    assert_nothing_leaked(course, "extras", tops=("autograded",), secrets=SECRETS[2:])
