"""Attacks on the grading engine by a trainee who has read src/aijourney/grading/ (docs/grading.md,
"Threat model"). Each attack notebook starts from b1-ocop's blank answers (0 points); all are graded in
one batch with an honest neighbour (7 points). Expected: no points beyond what the same answer earns
honestly, nothing hidden in what trainee code showed or in the feedback, the neighbour unchanged, the
batch done in bounded time, no process left when the grader is killed, no grader secret readable."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest

from aijourney.course import Course
from aijourney.grading import executor
from aijourney.grading.engine import GRADED, Engine
from helpers import A, cell, fresh, place, totals, variant

BATCH_SECONDS = 180  # measured: ~35 s on 2 cores
SECRETS = ("BEGIN HIDDEN", "END HIDDEN", "_truong_hop", "_tham_chieu", "math.isclose", "_diem_do", "_du_doan_do",
           "abs_tol", "honest_neighbour")

# trainee-side tools: the channel's descriptor, whole frames written to it
FD_TOOLS = '''
import os, select, signal, stat, struct, time
from aijourney.grading.channel import pack
def _channel_fd():
    return next(fd for fd in range(3, 65) if _is_sock(fd))
def _is_sock(fd):
    try:
        return stat.S_ISSOCK(os.fstat(fd).st_mode)
    except OSError:
        return False
def _write(fd, data):
    view = memoryview(data)
    while view:
        try:
            view = view[os.write(fd, view):]
        except BlockingIOError:
            select.select([], [fd], [], 1)
_forged = {"output_type": "execute_result", "execution_count": 1, "metadata": {}, "data": {"text/plain": "2.0"}}
'''

# gc objects, linecache, frames, the channel (its buffer, peeked, read): any hidden test text?
SCAN_TOOLS = '''
import gc, linecache, os, socket, sys
def _scan(where):  # the needles live only in this frame and are skipped by identity
    needles = [" ".join(["BEGIN", "HIDDEN"]), "_".join(["", "truong", "hop"]), "_".join(["", "tham", "chieu"]),
               ".".join(["math", "isclose"]), "_".join(["honest", "neighbour"])]
    found, seen = [], [0]
    def check(text, label):
        if any(text is n for n in needles):
            return
        seen[0] += 1
        text = bytes(text).decode("latin-1") if isinstance(text, (bytes, bytearray)) else text
        for n in needles:
            if isinstance(text, str) and n in text:
                found.append(f"{where} {label}: {text[max(text.index(n) - 200, 0):text.index(n) + 300]}")
    for o in gc.get_objects():
        try:
            items = list(o.values()) if isinstance(o, dict) else o if isinstance(o, (list, tuple)) else ()
            for v in (o.__code__.co_consts if isinstance(o, type(_scan)) else items):
                if isinstance(v, (str, bytes, bytearray)) and o is not found:
                    check(v, "gc")
        except Exception:
            pass
    for name, entry in list(linecache.cache.items()):
        check(name + "".join(entry[2] if len(entry) > 2 else []), "linecache")
    f = sys._getframe().f_back
    while f is not None:
        for v in list(f.f_locals.values()):
            check(repr(v)[:100000], "frame " + f.f_code.co_name)
        f = f.f_back
    for ch in [o for o in gc.get_objects() if type(o).__name__ == "Channel"]:
        check(ch._buf, "channel buffer")
        for label, read in (("peek", lambda: ch.sock.recv(1 << 20, socket.MSG_PEEK | socket.MSG_DONTWAIT)),
                            ("read", lambda: os.read(ch.fileno(), 1 << 20))):
            try:
                check(read(), "channel " + label)
            except OSError as exc:
                print(where, label, type(exc).__name__)
    print(f"ATTACK-RAN read_ahead {where}: {seen[0]} strings, {len(found)} hits", *found, sep="\\nFOUND ")
'''

# the process's memory around its objects, read with process_vm_readv (never faults)
HEAP_TOOLS = '''
import ctypes, gc, os
class _Iov(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]
def _heap_scan(where):
    libc, size, flags, read = ctypes.CDLL(None, use_errno=True), 1 << 20, [], 0
    buf = ctypes.create_string_buffer(size)
    objs = gc.get_objects()
    bases = {id(o) & ~(size - 1) for o in objs[::max(len(objs) // 8, 1)] + [buf, libc, os]}
    for addr in sorted({b + k * size for b in bases for k in range(-12, 12)}):
        n = libc.process_vm_readv(os.getpid(), ctypes.byref(_Iov(ctypes.addressof(buf), size)), 1,
                                  ctypes.byref(_Iov(addr, size)), 1, 0)
        data, read = ctypes.string_at(buf, max(n, 0)), read + max(n, 0)
        for head, tail in ((b"BEGIN ", b"HIDDEN"), (b"honest_", b"neighbour")):
            i = data.find(head)
            while i >= 0:
                if data[i + len(head):i + len(head) + len(tail)] == tail:
                    flags.append(data[max(i - 100, 0):i + 200].decode("latin-1"))
                i = data.find(head, i + 1)
    others = sum(libc.process_vm_readv(p, ctypes.byref(_Iov(ctypes.addressof(buf), 8)), 1,
                                       ctypes.byref(_Iov(id(buf), 8)), 1, 0) > 0 for p in range(2, 200))
    print(f"ATTACK-RAN heap_scan {where}: {read >> 20} MB read, {others} other processes readable", *flags,
          sep="\\nHEAP-FLAG ")
'''

# right on the visible case, wrong on every other one: 3 * 1/12 = 0.25 points as plain ints
ALMOST_WRONG = '''
import numpy as np
def tu_van(san_pham, do_am, ty_le_loi, co_truy_xuat):
    print("ATTACK-RAN @name@")
    a, l = {"hat_dieu": (5.0, 8.0), "ho_tieu": (13.0, 12.0)}[san_pham]
    v = int(co_truy_xuat == 1 and do_am <= a and ty_le_loi <= l)
    return @wrap@(v if (san_pham, do_am, ty_le_loi) == ("hat_dieu", 4.2, 7.9) else 1 - v)
'''
BLOCK = "signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGINT, signal.SIGTERM})"

ATTACKS = {
    # 1. the harness in the trainee's interpreter is the trainee's to patch
    "forge_harness": {"cau1_loi_giai": '''
print("ATTACK-RAN forge_harness")
import aijourney.grading.trainee as T, aijourney.grading.capture as C
from aijourney.grading.channel import Channel
_forged = {"output_type": "execute_result", "execution_count": 1, "metadata": {}, "data": {"text/plain": "2.0"}}
_run, _send = C.run_cell, Channel.send
def _run_cell(*a, **k):
    r = _run(*a, **k)
    return dict(r, outputs=[o for o in r["outputs"] if o.get("output_type") != "error"] + [dict(_forged)])
def _send2(self, msg, blobs=(), deadline=None):
    if msg.get("type") == "flushed":
        msg = dict(msg, outputs=[dict(_forged), {"output_type": "error", "ename": "x", "evalue": "", "traceback": []},
                                 {"output_type": "stream", "name": "stdout", "text": "ATTACK-RAN flushed\\n"}])
    return _send(self, msg, blobs, deadline)
C.run_cell, Channel.send = _run_cell, _send2
T._answer = lambda msg, blobs, ns, handles: ({"type": "rep", "value": 2.0}, [])
T._operate.__code__ = (lambda op, msg, args, kwargs, ns, handles: 2.0).__code__
get_ipython().showtraceback = get_ipython()._showtraceback = lambda *a, **k: None
'''},
    # 2. well-framed messages straight to the channel: in a cell, and during a test call
    "forge_frames": {"cau1_loi_giai": FD_TOOLS + '''
fd = _channel_fd()
_shown = {"output_type": "stream", "name": "stdout", "text": f"ATTACK-RAN forge_frames (fd {fd})"}
for m in ({"type": "ran", "i": 4, "outputs": [_forged, _shown], "count": 1}, {"type": "done", "outputs": [_forged]},
          {"type": "rep", "value": 2.0}, {"type": "flushed", "outputs": [_forged]}):
    _write(fd, pack(m))
'''},
    "forge_in_test": {"cau2_loi_giai": FD_TOOLS + '''
print("ATTACK-RAN forge_in_test")
def tu_van(san_pham, do_am, ty_le_loi, co_truy_xuat):
    for m in ({"type": "rep", "value": 2.0}, {"type": "done", "outputs": [_forged], "count": 1},
              {"type": "rep", "value": {"$m": {"name": "builtins", "h": 1}}}, {"type": "flushed", "outputs": [_forged]}):
        _write(_channel_fd(), pack(m))
    return 2.0
'''},
    # 3. read ahead, at cell time and from inside functions the tests call
    "read_ahead": {"cau1_loi_giai": SCAN_TOOLS + '''
_scan("cell")
def ty_le_dat_theo_san_pham(df):
    _scan("test1")
    raise NotImplementedError()
''', "cau2_loi_giai": "def tu_van(*args):\n    _scan('test2')\n    raise NotImplementedError()"},
    # 4. frames, with their globals and locals, from inside a function a test calls
    "frame_walk": {"cau2_loi_giai": '''
import inspect
def tu_van(san_pham, do_am, ty_le_loi, co_truy_xuat):
    print("ATTACK-RAN frame_walk")
    for info in inspect.stack(0):
        print(info.function, info.filename, "globals:", sorted(info.frame.f_globals)[:80])
        for k, v in list(info.frame.f_locals.items())[:40]:
            print("   ", k, "=", repr(v)[:2000])
    raise NotImplementedError()
'''},
    # 5. the heap, with ctypes
    "heap_scan": {"cau1_loi_giai": HEAP_TOOLS + '''
_heap_scan("cell")
def ty_le_dat_theo_san_pham(df):
    _heap_scan("test")
    raise NotImplementedError()
'''},
    # 6. answers that lie about themselves
    "lies": {"cau1_loi_giai": '''
import numpy as np
class Yes(int):
    __eq__ = __ge__ = __le__ = __gt__ = __lt__ = lambda self, other: True
    __hash__ = int.__hash__
class LyingDict(dict):
    __eq__ = lambda self, other: True
class AllEqual(np.ndarray):
    __eq__ = lambda self, other: np.ones(self.shape, bool)
    __len__ = lambda self: 400
def ty_le_dat_theo_san_pham(df):
    print("ATTACK-RAN lies")
    return LyingDict({"hat_dieu": Yes(7), "ho_tieu": Yes(9)})
''', "cau2_loi_giai": "def tu_van(san_pham, do_am, ty_le_loi, co_truy_xuat):\n    return Yes(7)", "cau3_loi_giai": '''
class Model:
    predict = lambda self, X: np.zeros(len(X), dtype=np.int64).view(AllEqual)
    __len__ = lambda self: 400
    __eq__ = lambda self, other: True
def huan_luyen_cay(X, y):
    return Model()
'''},
    "lie_tree": {"cau3_loi_giai": '''
class Tree(DecisionTreeClassifier):  # unlimited, but says it has depth 4
    get_depth = lambda self: 4
    get_params = lambda self, deep=True: dict(super().get_params(deep), max_depth=4)
def huan_luyen_cay(X, y):
    print("ATTACK-RAN lie_tree")
    return Tree(random_state=0).fit(X, y)
'''},
    # a proxy that says it is an array, and where the verifier will find its data
    "array_pointer": {"cau3_loi_giai": '''
class Pointer:
    def __init__(self, n):
        self.n = n
    @property
    def __array_interface__(self):
        return {"shape": (self.n,), "typestr": "<i8", "data": (4096, False), "version": 3}
    __len__ = lambda self: self.n
class Model:
    def predict(self, X):
        print("ATTACK-RAN array_pointer")
        return Pointer(len(X))
def huan_luyen_cay(X, y):
    return Model()
'''},
    # a partial-credit test whose result is not a plain float
    "lie_array": {"cau2_loi_giai": ALMOST_WRONG.replace("@name@", "lie_array").replace("@wrap@", "np.atleast_1d")},
    "numpy_scalar": {"cau2_loi_giai": ALMOST_WRONG.replace("@name@", "numpy_scalar").replace("@wrap@", "np.int64")},
    # 7. stop reading while the worker writes a big frame; never answer a test; flood the channel
    "stall_write": {"cau1_loi_giai": '''
import signal, time
from aijourney.grading.channel import Channel
_send = Channel.send
def _stall(self, msg, blobs=(), deadline=None):
    _send(self, msg, blobs, deadline)
    if msg.get("type") == "ran":
        @BLOCK@
        time.sleep(10 ** 6)
Channel.send = _stall
print("ATTACK-RAN stall_write")
'''},
    "stall_call": {"cau2_loi_giai": '''
import signal, time
print("ATTACK-RAN stall_call")
def tu_van(san_pham, do_am, ty_le_loi, co_truy_xuat):
    @BLOCK@
    time.sleep(10 ** 6)
'''},
    "flood": {"cau2_loi_giai": FD_TOOLS + '''
print("ATTACK-RAN flood")
def tu_van(san_pham, do_am, ty_le_loi, co_truy_xuat):
    @BLOCK@
    fd = _channel_fd()
    _write(fd, struct.pack("!I", 60 << 20))
    while True:
        _write(fd, b"\\xff" * (1 << 20))
'''},
    # the instructor's set-up cell deleted: the tests' df, X_train, DecisionTreeClassifier become ours
    "setup_removed": {"cau1_loi_giai": '''
import pandas as pd
from sklearn.tree import DecisionTreeClassifier as _RealTree
from aijourney.datasets import ocop_split
print("ATTACK-RAN setup_removed")
df = pd.DataFrame({"san_pham": ["hat_dieu", "ho_tieu"], "dat_chuan": [1, 0]})
X_train, X_test, y_train, _ = ocop_split()
def ty_le_dat_theo_san_pham(d):  # right on small tables, wrong on the real one
    return d.groupby("san_pham")["dat_chuan"].mean().to_dict() if len(d) < 10 else {"hat_dieu": 0.5, "ho_tieu": 0.5}
''', "cau3_loi_giai": '''
def DecisionTreeClassifier(max_depth=None, random_state=0):  # the hidden test's reference tree
    return _RealTree(random_state=0)
def huan_luyen_cay(X, y):  # unlimited depth: worth 0
    return _RealTree(random_state=0).fit(X, y)
y_test = pd.Series(huan_luyen_cay(X_train, y_train).predict(X_test), index=X_test.index)
'''},
    # the sandbox: privileges, magic links under its own /proc entry, a Unix socket of the host
    "root_caps": {"cau1_loi_giai": '''
import ctypes, os, socket
libc = ctypes.CDLL(None, use_errno=True)
class _H(ctypes.Structure):
    _fields_ = [("v", ctypes.c_uint32), ("pid", ctypes.c_int)]
class _D(ctypes.Structure):
    _fields_ = [("eff", ctypes.c_uint32), ("perm", ctypes.c_uint32), ("inh", ctypes.c_uint32)]
h, d = _H(0x20080522, 0), (_D * 2)()
libc.capget(ctypes.byref(h), d)
name = socket.gethostname().encode()  # set to what it already is: harmless, but host-wide
print("ATTACK-RAN root_caps CapEff=%#x uid=%d sethostname=%d" % (
    d[0].eff | d[1].eff << 32, os.getuid(), libc.sethostname(name, len(name))))
for p in ("/proc/self/root" + @source@, "/proc/self/root" + @gradebook@, "/proc/self/environ"):
    try:
        print(p, open(p, "rb").read()[:3000])
    except OSError as exc:
        print(p, type(exc).__name__)
'''},
    "host_socket": {"cau1_loi_giai": '''
import socket
print("ATTACK-RAN host_socket")
s = socket.socket(socket.AF_UNIX)
s.connect(@socket@)
s.sendall(b"ATTACK-RAN host_socket: connected from the sandbox")
'''},
}
# what these answers honestly earn: numpy ints count like plain ones (0.25: right on 1 of 12 cases);
# arrays flowing into the partial-credit formula make its value not a number, worth 0 (stock: full marks)
LEGIT = {"lie_array": 0.0, "numpy_scalar": 0.25}
MARKERS = {"forge_harness": ["ATTACK-RAN flushed"], "read_ahead": [f"read_ahead {w}:" for w in ("cell", "test1", "test2")],
           "heap_scan": ["heap_scan cell:", "heap_scan test:"]}
# how the worker stopped these (which shows that the in-test part of the attack ran)
STOPPED = {"stall_write": "ran out of time", "stall_call": "ran out of time", "flood": "stopped answering",
           "forge_frames": "unexpected message", "forge_in_test": "unexpected message"}


def _edit(sid, sources, fmt):
    def edit(nb):
        for grade_id, source in sources.items():
            source = source.replace("@BLOCK@", BLOCK)
            for key, value in fmt.items():
                source = source.replace(f"@{key}@", repr(value))
            cell(nb, grade_id).source = source.strip("\n")
        if sid == "setup_removed":
            nb.cells.remove(cell(nb, "chuan_bi"))
        if sid == "stall_write":  # a cell the worker cannot hand over while nobody reads: 2 MB
            nb.cells.insert(nb.cells.index(cell(nb, "cau1_loi_giai")) + 1, nbformat.v4.new_code_cell("#" + "x" * (2 << 20)))
    return edit


@pytest.fixture(scope="module")
def attacked(released, release_nb, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("attacks")
    course = fresh(released, tmp / "c")
    fmt = {"socket": str(tmp / "host.sock"), "source": str(course.root / "source" / A / f"{A}.ipynb"),
           "gradebook": str(course.root / "gradebook.db")}
    server = socket.socket(socket.AF_UNIX)
    server.bind(fmt["socket"])
    server.listen(8)
    for sid, sources in ATTACKS.items():  # (release_feedback needs the secret collect would have written)
        place(course, sid, {f"{A}.ipynb": variant(release_nb, "blank", edit=_edit(sid, sources, fmt)),
                            "submission_secret.txt": sid.encode()})
    place(course, "honest_neighbour", {f"{A}.ipynb": variant(release_nb, "correct"), "submission_secret.txt": b"x"})
    box: dict = {}

    def grade():
        try:
            box["statuses"] = {s.student: s for s in Engine(course, workers=2, progress=False).grade(A)}
        except BaseException as exc:  # reported by the fixture, not lost in the thread
            box["error"] = exc

    start = time.monotonic()
    worker = threading.Thread(target=grade, daemon=True)
    worker.start()
    worker.join(BATCH_SECONDS)
    seconds = time.monotonic() - start
    assert not worker.is_alive(), f"the batch did not finish in {BATCH_SECONDS} s"
    if "error" in box:
        raise box["error"]
    server.setblocking(False)
    connections = []
    while True:
        try:
            conn, _ = server.accept()
        except BlockingIOError:
            break
        conn.settimeout(1)
        connections.append(conn.recv(1000))
    server.close()
    return course, box["statuses"], seconds, connections


def autograded(course, sid, assignment=A):
    return nbformat.read(course.root / "autograded" / sid / assignment / f"{assignment}.ipynb", as_version=4)


def trainee_shown(nb) -> list[str]:
    """What trainee code could put in the notebook: every output of a cell that is not a test, and
    the streams and displays under tests (the verifier's own errors quote its source, by design)."""
    def is_test(c):
        return c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution")
    return [json.dumps(o, ensure_ascii=False) for c in nb.cells if c.cell_type == "code" for o in c.outputs
            if not is_test(c) or o.output_type in ("stream", "display_data")]


def cell_scores(course, sid, assignment=A):
    with course.gradebook() as gb:
        return {g.name: g.auto_score for s in gb.assignment_submissions(assignment) if s.student.id == sid
                for n in s.notebooks for g in n.grades}


@pytest.mark.parametrize("sid", sorted(ATTACKS))
def test_attack_earns_nothing(attacked, sid):
    course, statuses, _, _ = attacked
    assert totals(course)[sid] == LEGIT.get(sid, 0.0), (statuses[sid].line(), cell_scores(course, sid))


@pytest.mark.parametrize("sid", sorted(ATTACKS))
def test_attack_ran_and_leaked_nothing(attacked, sid):
    course, statuses, _, _ = attacked
    shown = trainee_shown(autograded(course, sid))
    for marker in [f"ATTACK-RAN {sid}"] + MARKERS.get(sid, []):
        assert any(marker in t for t in shown), (marker, statuses[sid].line())
    assert not [(s, t[:300]) for t in shown for s in SECRETS if s in t]
    assert not any(flag in t for t in shown for flag in ("FOUND", "HEAP-FLAG"))
    if sid in STOPPED:
        assert any(STOPPED[sid] in r for r in statuses[sid].reasons), statuses[sid].line()


def test_honest_neighbour_unaffected_and_batch_bounded(attacked):
    course, statuses, seconds, _ = attacked
    assert totals(course)["honest_neighbour"] == 7.0
    assert statuses["honest_neighbour"].status == GRADED, statuses["honest_neighbour"].line()
    assert seconds < BATCH_SECONDS


def test_verifier_follows_no_pointer_of_the_trainee(attacked):
    """numpy in the verifier asks a proxy for ``__array_interface__``: the trainee must not choose the
    address the verifier reads (here: an unmapped page, which kills the verifier)."""
    _, statuses, _, _ = attacked
    assert not any("tests of cell" in r for r in statuses["array_pointer"].reasons), statuses["array_pointer"].line()


def test_sandbox_drops_root_privileges(attacked):
    course, _, _, _ = attacked
    text = "".join(trainee_shown(autograded(course, "root_caps")))
    line = text[text.index("ATTACK-RAN root_caps"):].split("\\n")[0]
    assert "CapEff=0x0 " in line and "sethostname=-1" in line, line


def test_sandbox_reaches_no_host_socket(attacked):
    assert attacked[3] == [], attacked[3]


def test_feedback_of_attacks_has_no_hidden_tests(attacked):
    course, _, _, _ = attacked
    course.feedback(A)
    pages = {p.parent.parent.name: p.read_text("utf-8") for p in (course.root / "feedback").glob(f"*/{A}/*.html")}
    assert set(ATTACKS) <= set(pages)
    for sid, page in pages.items():
        assert not [s for s in SECRETS if s in page and s != "honest_neighbour"], sid


# -- no process of a trainee outlives the grader ----------------------------------------------

def _processes() -> dict[int, tuple[int, str, str]]:
    """pid -> (ppid, state, start time), from /proc."""
    out = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[int(entry)] = (int(fields[1]), fields[0], fields[19])
    return out


def _descendants(root: int) -> dict[int, tuple[int, str]]:
    """pid -> (depth below root, start time)."""
    procs, found, frontier = _processes(), {}, [(root, 0)]
    while frontier:
        parent, depth = frontier.pop()
        for pid, (ppid, _, start) in procs.items():
            if ppid == parent and pid not in found:
                found[pid] = (depth + 1, start)
                frontier.append((pid, depth + 1))
    return found


def test_no_trainee_process_survives_the_grader(released, release_nb, tmp_path):
    course = fresh(released, tmp_path / "c")
    sleeper = '''
import ctypes, os, signal, time
for _ in range(3):
    if ctypes.CDLL(None).fork() == 0:  # not os.fork: no audit event
        os.setsid()
        signal.pthread_sigmask(signal.SIG_BLOCK, set(signal.Signals) - {signal.SIGKILL, signal.SIGSTOP})
        while True:
            time.sleep(1000)
open("sleeper-marker", "w").write("forked")
@BLOCK@
time.sleep(10 ** 6)
'''
    place(course, "aa_sleeper", {f"{A}.ipynb": variant(release_nb, "blank", edit=_edit("", {"cau1_loi_giai": sleeper}, {}))})
    for i in range(3):
        place(course, f"hv{i}", {f"{A}.ipynb": variant(release_nb, "correct")})
    tmpdir = tmp_path / "t"
    tmpdir.mkdir()
    cmd = [sys.executable, "-m", "aijourney.cli", "--course-dir", str(course.root), "--exchange",
           str(course.exchange), "--timeout", "5", "grade", A, "--workers", "2", "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                            env=dict(os.environ, TMPDIR=str(tmpdir)))
    family: dict = {}
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not list(tmpdir.glob("aijourney-grade-*/sleeper-marker")):
            time.sleep(0.05)
        assert list(tmpdir.glob("aijourney-grade-*/sleeper-marker")), "the sleeper never ran"
        family = _descendants(proc.pid)
        # grader > worker > zygote > trainee process (the sleeper's own forks are refused by seccomp; where
        # they are not, they sit one level deeper and must die too)
        assert max(depth for depth, _ in family.values()) >= 3, family
        os.kill(proc.pid, signal.SIGKILL)  # the grader's main process only
        proc.wait()
        deadline, alive = time.monotonic() + 10, set(family)
        while alive and time.monotonic() < deadline:
            time.sleep(0.1)
            procs = _processes()
            alive = {p for p, (_, start) in family.items() if p in procs and procs[p][2] == start and procs[p][1] != "Z"}
        assert not alive, f"still running after the grader was killed: {sorted(alive)}"
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        procs = _processes()
        for pid, (_, start) in family.items():  # leave nothing behind, even when the test fails
            if pid in procs and procs[pid][2] == start:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass


# -- the grader's secrets ---------------------------------------------------------------------

@pytest.fixture
def in_process():
    """Workers=1 grades in this process: its zygote must start here, now (and not be reused later)."""
    executor.shutdown()
    yield
    executor.shutdown()


def test_grader_environment_is_not_readable(released, release_nb, tmp_path, monkeypatch, in_process):
    course = fresh(released, tmp_path / "c")
    monkeypatch.setenv("PGPASSWORD", "sekret-123")
    monkeypatch.setenv("AIJOURNEY_SECRET", "hush-hush-456")
    probe = '''
import os
print("ATTACK-RAN env", dict(os.environ))
for p in ("/proc/self/environ", "/proc/1/environ", f"/proc/{os.getppid()}/environ", "/proc/self/cmdline"):
    try:
        print(p, open(p, "rb").read())
    except OSError as exc:
        print(p, exc)
'''
    place(course, "env", {f"{A}.ipynb": variant(release_nb, "blank", edit=_edit("", {"cau1_loi_giai": probe}, {}))})
    Engine(course, workers=1, progress=False).grade(A)
    text = "".join(trainee_shown(autograded(course, "env")))
    assert "ATTACK-RAN env" in text and "PATH" in text
    assert "sekret-123" not in text and "hush-hush-456" not in text and "AIJOURNEY_SECRET" not in text


def test_a_printed_answer_cannot_exhaust_the_verifiers_output(tmp_path, in_process):
    """b2-muc-song's first test prints the trainee's dict before its hidden checks: a dict too big to
    print must fail that test, not end it early without an error (which nbgrader scores as a pass)."""
    from aijourney.simulate import answer_notebook

    b2 = "b2-muc-song"
    course = Course(root=tmp_path / "course", exchange=tmp_path / "exchange", timeout=5)
    course.release(b2)
    nb = answer_notebook(nbformat.read(course.root / "release" / b2 / f"{b2}.ipynb", as_version=4), b2, {})
    cell(nb, "cau1_loi_giai").source = ('def tom_tat(df):\n    print("ATTACK-RAN big")\n    return {"so_ho": "x" * '
                                        '1_100_000, "ty_le_thanh_thi": 0.0, "chi_tieu_trung_vi": 0.0}')
    folder = course.root / "submitted" / "big_answer" / b2
    folder.mkdir(parents=True)
    (folder / "timestamp.txt").write_text("2026-11-29 10:00:00.000000 UTC")
    nbformat.write(nb, folder / f"{b2}.ipynb")
    Engine(course, workers=1, progress=False).grade(b2)
    test_cell = cell(autograded(course, "big_answer", b2), "cau1_kiem_tra")
    assert "ATTACK-RAN big" in json.dumps(test_cell.outputs)
    assert cell_scores(course, "big_answer", b2)["cau1_kiem_tra"] == 0.0, test_cell.outputs[:1]
