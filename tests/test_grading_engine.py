"""The grading engine (`aijourney grade`): same scores as stock nbgrader, a defined outcome for
every broken or hostile submission, and a batch that survives being killed."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import nbformat
import pytest

from aijourney.course import Course
from aijourney.grading.engine import FAILED, GRADED, MANUAL, Engine
from aijourney.simulate import submit_profile
from helpers import A, B1, cell, fresh, place, scores, totals, variant

ORDINARY = ["correct", "partial", "strict", "counts", "raises", "blank"]
SAMPLE = ["correct", "partial", "raises"]


# -- same scores as stock nbgrader -----------------------------------------------------------

def test_same_scores_as_stock_nbgrader(released, tmp_path):
    """Through nbgrader's own command in the course folder (its config delegates to ours); every
    typical answer of every assignment is compared cell by cell in test_assignments.py."""
    stock = fresh(released, tmp_path / "stock")
    # scores, not timeouts, are compared here: a cell may take long on a loaded machine (5 s elsewhere)
    stock = Course(root=stock.root, exchange=stock.exchange, timeout=60)
    stock.write_nbgrader_config()
    for name in SAMPLE:
        submit_profile(stock, A, f"hv_{name}", B1.PROFILES[name], tmp_path / "homes")
    stock.collect(A)
    shutil.copytree(tmp_path / "stock", tmp_path / "engine")
    engine = Course(root=tmp_path / "engine" / "course", exchange=tmp_path / "engine" / "exchange", timeout=60)
    engine.write_nbgrader_config()

    subprocess.run([sys.executable, "-m", "nbgrader", "autograde", A], cwd=stock.root, check=True,
                   capture_output=True)
    statuses = Engine(engine, workers=2, progress=False).grade(A)

    assert {s.status for s in statuses} == {GRADED}
    expected = scores(stock)
    assert len(expected) == 3 * len(SAMPLE)
    assert scores(engine) == expected
    assert totals(engine) == {f"hv_{n}": B1.EXPECTED[n] for n in SAMPLE}
    # the formgrader's view: autograded notebooks exist and carry outputs
    nb = nbformat.read(engine.root / "autograded" / "hv_correct" / A / f"{A}.ipynb", as_version=4)
    assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code")


# -- broken submissions: each has a defined outcome, the batch never aborts -------------------

def test_broken_submissions_each_get_a_defined_outcome(released, release_nb, tmp_path):
    course = fresh(released, tmp_path / "c")
    nb_name = f"{A}.ipynb"

    def dup_ids(nb):
        nb.cells.insert(4, nbformat.from_dict(json.loads(json.dumps(cell(nb, "cau1_loi_giai")))))

    def delete_test(nb):
        nb.cells.remove(cell(nb, "cau3_kiem_tra"))

    def reorder(nb):
        c = cell(nb, "cau3_loi_giai")
        nb.cells.remove(c)
        nb.cells.insert(1, c)

    def edit_locked(nb):
        cell(nb, "cau2_kiem_tra").source = "3.0"

    def edit_points(nb):
        cell(nb, "cau1_kiem_tra").metadata.nbgrader["points"] = 100

    def warning(nb):
        c = cell(nb, "cau1_loi_giai")
        c.source = "import sys\n" + c.source.replace("    return", "    print('DeprecationWarning: x', file=sys.stderr)\n    return")

    cases = {
        "dup_ids": (variant(release_nb, edit=dup_ids), GRADED, 7.0),
        "deleted_test": (variant(release_nb, edit=delete_test), GRADED, 7.0),
        "reordered": (variant(release_nb, edit=reorder), GRADED, 7.0),
        "edited_locked": (variant(release_nb, "blank", edit=edit_locked), GRADED, 0.0),
        "edited_points": (variant(release_nb, edit=edit_points), GRADED, 7.0),
        "stderr_warning": (variant(release_nb, edit=warning), GRADED, 7.0),
    }
    for sid, (data, _, _) in cases.items():
        place(course, sid, {nb_name: data})
    place(course, "invalid_json", {nb_name: b'{"cells": [ this is not json'})
    place(course, "not_utf8", {nb_name: variant(release_nb).replace("Câu".encode(), b"C\xff\xfeu")})
    place(course, "renamed", {f"{A} (1).ipynb": variant(release_nb)})
    place(course, "empty", {})
    place(course, "big_file", {nb_name: variant(release_nb)})
    with open(course.root / "submitted" / "big_file" / A / "du_lieu.bin", "wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # 200 MB (sparse)

    statuses = {s.student: s for s in Engine(course, workers=2, progress=False).grade(A)}
    got = totals(course)
    for sid, (_, status, total) in cases.items():
        assert (statuses[sid].status, got[sid]) == (status, total), (sid, statuses[sid].line())
    assert statuses["invalid_json"].status == FAILED and got["invalid_json"] == 0
    assert "not a readable notebook" in " ".join(statuses["invalid_json"].reasons)
    assert statuses["not_utf8"].status == GRADED and got["not_utf8"] == 7.0
    assert "UTF-8" in " ".join(statuses["not_utf8"].reasons)
    assert statuses["renamed"].status == MANUAL and got["renamed"] == 0
    assert "b1-ocop (1).ipynb" in " ".join(statuses["renamed"].reasons)
    assert statuses["empty"].status == GRADED and got["empty"] == 0
    assert statuses["big_file"].status == GRADED and got["big_file"] == 7.0
    assert "du_lieu.bin" in " ".join(statuses["big_file"].reasons)
    assert not (course.root / "autograded" / "big_file" / A / "du_lieu.bin").exists()


# -- hostile submissions: they cannot change how tests run or are judged ---------------------

HOSTILE = {
    # blank answers plus a trick: none may earn a point
    "patch_builtins": "import builtins\nbuiltins.isinstance = lambda *a: True\nbuiltins.set = lambda *a: {'hat_dieu', 'ho_tieu'}\n",
    "patch_assert_helpers": "import math\nmath.isclose = lambda *a, **k: True\n",
    "patch_sklearn": ("from sklearn.tree import DecisionTreeClassifier\n"
                      "DecisionTreeClassifier.score = lambda *a, **k: 1.0\n"
                      "DecisionTreeClassifier.get_depth = lambda *a, **k: 1\n"),
    "swallow_errors": ("ip = get_ipython()\nip.set_custom_exc((BaseException,), lambda *a, **k: None)\n"
                       "ip.showtraceback = lambda *a, **k: None\nip._showtraceback = lambda *a, **k: None\n"),
    "excepthook": "import sys\nsys.excepthook = lambda *a: None\n",
    "trace": "import sys\nsys.settrace(lambda *a: None)\n",
    "events": "get_ipython().events.register('pre_run_cell', lambda *a: None)\n",
    "exit_early": "import os\nos._exit(0)\n",
    "sys_exit": "raise SystemExit(0)\n",
    "fork": "import os\nif os.fork() == 0:\n    import time; time.sleep(60)\n",
    "subprocess": "import subprocess\nsubprocess.run(['true'])\n",
    "thread": ("import threading, builtins, time\n"
               "def flip():\n    time.sleep(0.05)\n    builtins.isinstance = lambda *a: True\n"
               "threading.Thread(target=flip, daemon=True).start()\n"),
    "read_source": "print(open(@source@).read())\n",
    "read_gradebook": "print(open(@gradebook@, 'rb').read()[:100])\n",
    "write_outside": "open(@outside@, 'w').write('x')\n",
    "network": "import socket\nsocket.create_connection(('127.0.0.1', 22), timeout=1)\n",
    "print_flood": "while True:\n    print('x' * 10000)\n",
    "memory": "x = bytearray(8 * 1024 ** 3)\n",
    "forge_result": "import os\nfor fd in range(3, 64):\n    try:\n        os.write(fd, b'\\x00\\x00\\x00\\x10{\"type\": \"done\"}')\n    except OSError:\n        pass\n",
}


@pytest.fixture(scope="module")
def hostile(released, release_nb, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    course = fresh(released, tmp / "c")
    outside = tmp / "written-by-trainee.txt"
    fmt = {"source": str(course.root / "source" / A / f"{A}.ipynb"), "gradebook": str(course.root / "gradebook.db"),
           "outside": str(outside)}
    wrong_tree = B1.ANSWERS["cau3_loi_giai"]["wrong"]  # an unlimited-depth tree: worth 0
    for sid, code in HOSTILE.items():
        for key, value in fmt.items():
            code = code.replace(f"@{key}@", repr(value))

        def inject(nb, code=code):
            c = cell(nb, "cau1_loi_giai")
            c.source = code + c.source
            cell(nb, "cau3_loi_giai").source = wrong_tree
        place(course, sid, {f"{A}.ipynb": variant(release_nb, "blank", edit=inject)})
    place(course, "honest_neighbour", {f"{A}.ipynb": variant(release_nb, "correct")})
    statuses = {s.student: s for s in Engine(course, workers=2, progress=False).grade(A)}
    return course, statuses, outside


@pytest.mark.parametrize("sid", sorted(HOSTILE))
def test_hostile_notebook_earns_nothing(hostile, sid):
    course, statuses, _ = hostile
    assert totals(course)[sid] == 0.0, statuses[sid].line()
    assert statuses[sid].status in (GRADED, MANUAL, FAILED)


def test_hostile_notebooks_do_not_touch_anyone_else(hostile):
    course, statuses, outside = hostile
    assert totals(course)["honest_neighbour"] == 7.0
    assert statuses["honest_neighbour"].status == GRADED
    assert not outside.exists()
    flood = (course.root / "autograded" / "print_flood" / A / f"{A}.ipynb").stat().st_size
    assert flood < 3_000_000


def test_tampering_and_early_exit_go_to_manual_grading(hostile):
    _, statuses, _ = hostile
    for sid in ("exit_early", "thread"):
        assert statuses[sid].status == MANUAL, statuses[sid].line()


def test_secrets_are_unreadable(hostile):
    course, _, _ = hostile
    for sid in ("read_source", "read_gradebook", "network", "write_outside", "fork", "subprocess"):
        nb = nbformat.read(course.root / "autograded" / sid / A / f"{A}.ipynb", as_version=4)
        errors = [o.get("ename") for o in cell(nb, "cau1_loi_giai").outputs if o.get("output_type") == "error"]
        assert errors and errors[0] in ("PermissionError", "OSError"), (sid, errors)
        shown = json.dumps(cell(nb, "cau1_loi_giai").outputs)
        assert "BEGIN" not in shown and "SQLite format" not in shown


# -- resume after kill -9 ---------------------------------------------------------------------

def test_kill_and_resume_grades_each_submission_once(released, release_nb, tmp_path):
    course = fresh(released, tmp_path / "c")
    n = 12
    for i in range(n):
        place(course, f"hv{i:02d}", {f"{A}.ipynb": variant(release_nb, ORDINARY[i % len(ORDINARY)])})
    cmd = [sys.executable, "-m", "aijourney.cli", "--course-dir", str(course.root), "--exchange",
           str(course.exchange), "--timeout", "5", "grade", A, "--workers", "2", "--quiet"]
    journal = course.root / ".aijourney" / f"grading-{A}.jsonl"
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not journal.exists() or len(journal.read_text().splitlines()) < 3):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    first = len(journal.read_text().splitlines())
    assert 3 <= first < n, "the kill should land in the middle of the batch"

    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    lines = [json.loads(line) for line in journal.read_text().splitlines()]
    assert sorted(e["student"] for e in lines) == sorted(f"hv{i:02d}" for i in range(n))  # each exactly once
    assert f"{n - first} submissions graded this run" in out.stdout
    got = totals(course)
    assert got == {f"hv{i:02d}": B1.EXPECTED[ORDINARY[i % len(ORDINARY)]] for i in range(n)}
    again = subprocess.run(cmd, capture_output=True, text=True, check=True)
    assert "0 submissions graded this run" in again.stdout


# -- scale out: a real Dask cluster over TCP on 127.0.0.1 --------------------------------------

def test_grading_on_a_dask_cluster(released, release_nb, tmp_path):
    from distributed import LocalCluster

    course = fresh(released, tmp_path / "c")
    for name in ORDINARY:
        place(course, f"hv_{name}", {f"{A}.ipynb": variant(release_nb, name)})
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, protocol="tcp") as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        statuses = Engine(course, dask_address=cluster.scheduler_address, progress=False).grade(A)
    assert {s.status for s in statuses} == {GRADED}, [s.line() for s in statuses]
    assert totals(course) == {f"hv_{n}": B1.EXPECTED[n] for n in ORDINARY}
    # one writer: every submission once in the gradebook, every autograded notebook in place
    assert sorted(p.name for p in (course.root / "autograded").iterdir()) == sorted(f"hv_{n}" for n in ORDINARY)


# -- the gradebook backends: SQLite (embedded default) and a real PostgreSQL server ------------

@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_grading_into_each_gradebook_backend(backend, tmp_path, request):
    db_url = request.getfixturevalue("postgres_url") if backend == "postgresql" else None
    course = Course(root=tmp_path / "course", exchange=tmp_path / "exchange", timeout=5, db_url=db_url)
    course.release(A)
    if db_url:
        assert course.config.CourseDirectory.db_url.startswith("postgresql")
        assert not (course.root / "gradebook.db").exists()
    release = nbformat.read(course.root / "release" / A / f"{A}.ipynb", as_version=4)
    for name in ORDINARY:
        place(course, f"hv_{name}", {f"{A}.ipynb": variant(release, name)})
    statuses = Engine(course, workers=2, progress=False).grade(A)
    assert {s.status for s in statuses} == {GRADED}
    assert totals(course) == {f"hv_{n}": B1.EXPECTED[n] for n in ORDINARY}
    # stock nbgrader reads the same gradebook (through the course's nbgrader_config.py)
    out = tmp_path / "grades.csv"
    subprocess.run([sys.executable, "-m", "nbgrader", "export", f"--to={out}"], cwd=course.root, check=True,
                   capture_output=True)
    assert len(out.read_text("utf-8").splitlines()) == 1 + len(ORDINARY)


def test_modules_the_tests_import_are_protected_too(released, release_nb, tmp_path):
    """Patching a module the hidden tests use (or faking it in sys.modules) changes only the
    trainee's own process: the tests run in the verifier, with the verifier's modules."""
    from aijourney.grading.engine import source_imports
    from nbgrader.api import Gradebook

    from aijourney.grading.engine import assignment_snapshot

    course = fresh(released, tmp_path / "c")
    with Gradebook(course.config.CourseDirectory.db_url) as gb:
        names = source_imports(assignment_snapshot(gb, A))
    assert "math" in names  # imported only inside b1-ocop's hidden tests
    # an answer right on small tables but wrong on the real one: only the hidden math.isclose
    # check catches it, so patching math.isclose would earn the 2 points -- it must not
    def inject(nb):
        cell(nb, "cau1_loi_giai").source = (
            "import math\nmath.isclose = lambda *a, **k: True\n"
            "def ty_le_dat_theo_san_pham(df):\n"
            "    if len(df) < 10:\n"
            "        return df.groupby('san_pham')['dat_chuan'].mean().to_dict()\n"
            "    return {'hat_dieu': 0.5, 'ho_tieu': 0.5}\n")
    def honest(nb):
        inject(nb)
        c = cell(nb, "cau1_loi_giai")
        c.source = c.source.replace("math.isclose = lambda *a, **k: True\n", "")

    def swap_module(nb):
        inject(nb)
        c = cell(nb, "cau1_loi_giai")
        c.source = c.source.replace(
            "math.isclose = lambda *a, **k: True\n",
            "import sys, types\n_fake = types.ModuleType('math')\n_fake.isclose = lambda *a, **k: True\n"
            "sys.modules['math'] = _fake\n")

    place(course, "patch_math", {f"{A}.ipynb": variant(release_nb, "correct", edit=inject)})
    place(course, "swap_math", {f"{A}.ipynb": variant(release_nb, "correct", edit=swap_module)})
    place(course, "no_patch", {f"{A}.ipynb": variant(release_nb, "correct", edit=honest)})
    Engine(course, workers=1, progress=False).grade(A)
    got = totals(course)
    assert got["no_patch"] == 5.0  # the hidden check catches the answer: cau1 (2 points) lost
    assert got["patch_math"] == 5.0  # and patching math.isclose changes nothing
    assert got["swap_math"] == 5.0  # nor does putting a fake module in sys.modules


def test_trainee_code_finds_no_test_code_in_memory(released, release_nb, tmp_path):
    """Walking every reachable frame and object from trainee code finds no hidden test: the trainee
    process is forked from a zygote that never held test code, and tests run in the verifier."""
    course = fresh(released, tmp_path / "c")
    probe = (
        "import sys\n"
        "_marker = 'BEGIN ' + 'HIDDEN'\n"
        "import linecache\n"
        "def _walk(o, depth, seen):\n"
        "    if id(o) in seen or depth > 8 or o is _marker:\n"
        "        return False\n"
        "    seen.add(id(o))\n"
        "    if isinstance(o, (str, bytes)):\n"
        "        return _marker in (o if isinstance(o, str) else o.decode('utf-8', 'replace'))\n"
        "    if isinstance(o, dict):\n"
        "        return any(_walk(v, depth + 1, seen) for v in list(o.values()))\n"
        "    if isinstance(o, (list, tuple, set)):\n"
        "        return any(_walk(v, depth + 1, seen) for v in list(o))\n"
        "    if hasattr(o, '__dict__') and not isinstance(o, type):\n"
        "        return _walk(vars(o), depth + 1, seen)\n"
        "    return False\n"
        "_f, _found = sys._getframe(), _walk(linecache.cache, 0, set())\n"
        "while _f is not None:\n"
        "    _found = _found or _walk(dict(_f.f_locals), 0, set())\n"
        "    _f = _f.f_back\n"
        "print('PROBE:', 'FOUND' if _found else 'CLEAN')\n"
    )

    def inject(nb):
        c = cell(nb, "cau3_loi_giai")
        c.source = c.source + "\n" + probe

    place(course, "probe", {f"{A}.ipynb": variant(release_nb, "correct", edit=inject)})
    Engine(course, workers=1, progress=False).grade(A)
    nb = nbformat.read(course.root / "autograded" / "probe" / A / f"{A}.ipynb", as_version=4)
    out = "".join(o.get("text", "") for o in cell(nb, "cau3_loi_giai").outputs)
    assert "PROBE: CLEAN" in out, out
    assert totals(course)["probe"] == 7.0


def test_grading_an_unknown_assignment_says_what_to_do(tmp_path):
    out = subprocess.run([sys.executable, "-m", "aijourney.cli", "--course-dir", str(tmp_path / "c"), "--exchange",
                          str(tmp_path / "x"), "grade", "khong-co", "--quiet"], capture_output=True, text=True)
    assert out.returncode == 2
    assert "aijourney release khong-co" in out.stderr and "Traceback" not in out.stderr


def test_grade_exits_non_zero_when_a_submission_failed(released, release_nb, tmp_path):
    """... and leaves no temporary folder behind (zygote homes, trainee working folders), with one
    worker in the grader's own process or with a pool of workers."""
    course = fresh(released, tmp_path / "c")
    place(course, "honest", {f"{A}.ipynb": variant(release_nb, "correct")})
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    cmd = [sys.executable, "-m", "aijourney.cli", "--course-dir", str(course.root), "--exchange",
           str(course.exchange), "--timeout", "5", "grade", A, "--quiet", "--workers"]
    env = dict(os.environ, TMPDIR=str(temporary))
    ok = subprocess.run(cmd + ["1"], capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert not list(temporary.iterdir())
    place(course, "broken", {f"{A}.ipynb": b'{"cells": [ not json'})
    place(course, "honest_too", {f"{A}.ipynb": variant(release_nb, "correct")})
    failed = subprocess.run(cmd + ["2"], capture_output=True, text=True, env=env)
    assert failed.returncode == 1
    assert "broken: failed" in failed.stdout and "1 failed" in failed.stdout
    assert not list(temporary.iterdir())
