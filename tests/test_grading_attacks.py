"""Attacks on the grading engine by a trainee who has read its code (src/aijourney/grading/).

Every attack starts from the blank answers of b1-ocop (worth 0 points) and tries to earn points,
to read the hidden tests or the grader's secrets, to hang the batch or to outlive the grader. All
attack notebooks are graded in one batch with an honest neighbour (7 points), who must not notice.
"""

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

from aijourney.grading import executor
from aijourney.grading.engine import GRADED, Engine
from test_grading_engine import A, B1, cell, fresh, place, release_nb, released, totals, variant  # noqa: F401

BATCH_SECONDS = 240
SECRETS = ("BEGIN HIDDEN", "END HIDDEN", "_truong_hop", "_tham_chieu", "math.isclose", "_diem_do", "_du_doan_do",
           "abs_tol", "honest_neighbour")

# trainee-side helpers: the channel's descriptor, and writing whole frames to it
FD_TOOLS = '''
import os, select, signal, socket, stat, struct, time
from aijourney.grading.channel import pack
def _channel_fd():
    for fd in range(3, 65):
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                return fd
        except OSError:
            pass
def _write(fd, data):
    view = memoryview(data)
    while view:
        try:
            view = view[os.write(fd, view):]
        except BlockingIOError:
            select.select([], [fd], [], 1)
_forged = {"output_type": "execute_result", "execution_count": 1, "metadata": {}, "data": {"text/plain": "2.0"}}
'''

SCAN_TOOLS = '''
import gc, linecache, os, socket, sys
def _scan(where):  # the needles live only in this frame, and are skipped by identity
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
                i = text.index(n)
                found.append(f"{where} {label}: {text[max(i - 200, 0):i + 300]}")
    for o in gc.get_objects():
        if o is needles or o is found:
            continue
        try:
            items = list(o.values()) if isinstance(o, dict) else o if isinstance(o, (list, tuple)) else ()
            items = o.__code__.co_consts if isinstance(o, type(_scan)) else items
            for v in items:
                if isinstance(v, (str, bytes, bytearray)):
                    check(v, "gc")
        except Exception:
            pass
    for name, entry in list(linecache.cache.items()):
        check(name + "".join(entry[2] if len(entry) > 2 else []), "linecache")
    f = sys._getframe().f_back
    while f is not None:
        for k, v in list(f.f_locals.items()):
            check(repr(v)[:100000], "frame " + f.f_code.co_name)
        f = f.f_back
    for ch in [o for o in gc.get_objects() if type(o).__name__ == "Channel"]:
        check(ch._buf, "channel buffer")
        try:
            check(ch.sock.recv(1 << 20, socket.MSG_PEEK | socket.MSG_DONTWAIT), "channel peek")
        except OSError as exc:
            print(where, "peek:", type(exc).__name__)
        try:
            check(os.read(ch.fileno(), 1 << 20), "channel read")
        except OSError as exc:
            print(where, "read:", type(exc).__name__)
    try:
        print(where, os.listdir("/proc/self/fd"))
    except OSError as exc:
        print(where, "/proc/self/fd:", exc.strerror)
    print(f"ATTACK-RAN read_ahead {where}: {seen[0]} strings, {len(found)} hits")
    for hit in found:
        print("FOUND", hit)
'''

HEAP_TOOLS = '''
import ctypes, gc, os
class _Iov(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]
def _heap_scan(where):
    try:
        print(where, "maps:", open("/proc/self/maps").read()[:200])
    except OSError as exc:
        print(where, "maps:", exc.strerror)
    libc, size = ctypes.CDLL(None, use_errno=True), 1 << 20
    buf = ctypes.create_string_buffer(size)
    pairs = [(b"BEGIN ", b"HIDDEN"), (b"honest_", b"neighbour"), (b"PGPASS", b"WORD")]
    objs = gc.get_objects()
    bases = {id(o) & ~(size - 1) for o in objs[::max(len(objs) // 8, 1)] + [buf, libc, os]}
    chunks = sorted({b + k * size for b in bases for k in range(-12, 12)})
    read, flags = 0, []
    for addr in chunks:
        local, remote = _Iov(ctypes.addressof(buf), size), _Iov(addr, size)
        n = libc.process_vm_readv(os.getpid(), ctypes.byref(local), 1, ctypes.byref(remote), 1, 0)
        if n <= 0:
            continue
        read += n
        data = ctypes.string_at(buf, n)
        for head, tail in pairs:
            i = data.find(head)
            while i >= 0:
                if data[i + len(head):i + len(head) + len(tail)] == tail:
                    flags.append(data[max(i - 100, 0):i + 200].decode("latin-1"))
                    break
                i = data.find(head, i + 1)
    others = sum(libc.process_vm_readv(p, ctypes.byref(_Iov(ctypes.addressof(buf), 8)), 1,
                                       ctypes.byref(_Iov(id(buf), 8)), 1, 0) > 0 for p in range(2, 200))
    print(f"ATTACK-RAN heap_scan {where}: {read >> 20} MB read, {others} other processes readable")
    for f in flags:
        print("HEAP-FLAG", f)
'''

LYING = '''
import numpy as np
from sklearn.tree import DecisionTreeClassifier
class Yes(int):
    __eq__ = __ge__ = __le__ = __gt__ = __lt__ = lambda self, other: True
    __hash__ = int.__hash__
class LyingDict(dict):
    __eq__ = lambda self, other: True
    __hash__ = None
class AllEqual(np.ndarray):
    def __eq__(self, other):
        return np.ones(self.shape, bool)
    def __len__(self):
        return 400
'''

# right on the visible case, wrong on every other one: worth 3 * 1/12 = 0.25 points as plain ints
ALMOST_WRONG = '''
import numpy as np
def _that(sp, am, loi, tx):
    a, l = {"hat_dieu": (5.0, 8.0), "ho_tieu": (13.0, 12.0)}[sp]
    return int(tx == 1 and am <= a and loi <= l)
def tu_van(san_pham, do_am, ty_le_loi, co_truy_xuat):
    print("ATTACK-RAN @name@")
    v = _that(san_pham, do_am, ty_le_loi, co_truy_xuat)
    if (san_pham, do_am, ty_le_loi) != ("hat_dieu", 4.2, 7.9):
        v = 1 - v
    return @wrap@
'''
BLOCK = "signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGINT, signal.SIGTERM})\n"

ATTACKS = {
    # 1. harness code in the trainee's interpreter is the trainee's: patch it
    "forge_harness": {"cau1_loi_giai": '''
print("ATTACK-RAN forge_harness")
import aijourney.grading.trainee as T, aijourney.grading.capture as C
from aijourney.grading.channel import Channel
_forged = {"output_type": "execute_result", "execution_count": 1, "metadata": {}, "data": {"text/plain": "2.0"}}
_run = C.run_cell
def _run_cell(*a, **k):
    r = _run(*a, **k)
    r["outputs"] = [o for o in r["outputs"] if o.get("output_type") != "error"] + [dict(_forged)]
    return r
C.run_cell = _run_cell
T._answer = lambda msg, blobs, ns, handles: ({"type": "rep", "value": 2.0}, [])
T._operate.__code__ = (lambda op, msg, args, kwargs, ns, handles: 2.0).__code__
_send = Channel.send
def _send2(self, msg, blobs=(), deadline=None):
    if msg.get("type") == "flushed":
        msg = dict(msg, outputs=[dict(_forged), {"output_type": "error", "ename": "x", "evalue": "", "traceback": []},
                                 {"output_type": "stream", "name": "stdout", "text": "ATTACK-RAN flushed\\n"}])
    return _send(self, msg, blobs, deadline)
Channel.send = _send2
get_ipython().showtraceback = lambda *a, **k: None
get_ipython()._showtraceback = lambda *a, **k: None
'''},
    # 2. well-framed messages written straight to the channel: in a cell, and during a test call
    "forge_frames": {"cau1_loi_giai": FD_TOOLS + '''
fd = _channel_fd()
_shown = {"output_type": "stream", "name": "stdout", "text": f"ATTACK-RAN forge_frames (fd {fd})"}
for m in ({"type": "ran", "i": 4, "outputs": [_forged, _shown], "count": 1}, {"type": "done", "i": 5, "outputs": [_forged], "count": 1},
          {"type": "rep", "value": 2.0}, {"type": "flushed", "outputs": [_forged]}):
    _write(fd, pack(m))
'''},
    "forge_in_test": {"cau2_loi_giai": FD_TOOLS + '''
print("ATTACK-RAN forge_in_test")
def tu_van(san_pham, do_am, ty_le_loi, co_truy_xuat):
    fd = _channel_fd()
    for m in ({"type": "rep", "value": 2.0}, {"type": "done", "i": 9, "outputs": [_forged], "count": 1},
              {"type": "rep", "value": {"$m": {"name": "builtins", "h": 1}}}, {"type": "flushed", "outputs": [_forged]}):
        _write(fd, pack(m))
    return 2.0
'''},
    # 3. read ahead: memory, frames, linecache, the channel (peeked and read) while a test runs
    "read_ahead": {"cau1_loi_giai": SCAN_TOOLS + '''
_scan("cell")
def ty_le_dat_theo_san_pham(df):
    _scan("test1")
    raise NotImplementedError()
''', "cau2_loi_giai": '''
def tu_van(*args):
    _scan("test2")
    raise NotImplementedError()
'''},
    # 4. frames and their globals/locals from inside a function a test calls
    "frame_walk": {"cau2_loi_giai": '''
import inspect
def tu_van(san_pham, do_am, ty_le_loi, co_truy_xuat):
    print("ATTACK-RAN frame_walk")
    for info in inspect.stack(0):
        f = info.frame
        print(info.function, info.filename, "globals:", sorted(f.f_globals)[:80])
        for k, v in list(f.f_locals.items())[:40]:
            print("   ", k, "=", repr(v)[:2000])
    raise NotImplementedError()
'''},
    # 5. the process's memory, read with ctypes (process_vm_readv never faults)
    "heap_scan": {"cau1_loi_giai": HEAP_TOOLS + '''
_heap_scan("cell")
def ty_le_dat_theo_san_pham(df):
    _heap_scan("test")
    raise NotImplementedError()
'''},
    # 6. answers that lie about themselves
    "lies": {"cau1_loi_giai": LYING + '''
def ty_le_dat_theo_san_pham(df):
    print("ATTACK-RAN lies")
    return LyingDict({"hat_dieu": Yes(7), "ho_tieu": Yes(9)})
''', "cau2_loi_giai": '''
def tu_van(san_pham, do_am, ty_le_loi, co_truy_xuat):
    return Yes(7)
''', "cau3_loi_giai": '''
class Model:
    def predict(self, X):
        return np.zeros(len(X), dtype=np.int64).view(AllEqual)
    __len__ = lambda self: 400
    __eq__ = lambda self, other: True
def huan_luyen_cay(X, y):
    return Model()
'''},
    "lie_tree": {"cau3_loi_giai": '''
class Tree(DecisionTreeClassifier):
    """An unlimited tree that says it has depth 4."""
    def get_depth(self):
        return 4
    def get_params(self, deep=True):
        return dict(super().get_params(deep), max_depth=4)
def huan_luyen_cay(X, y):
    print("ATTACK-RAN lie_tree")
    return Tree(random_state=0).fit(X, y)
'''},
    "lie_array": {"cau2_loi_giai": ALMOST_WRONG.replace("@name@", "lie_array").replace("@wrap@", "np.array([v])")},
    "numpy_scalar": {"cau2_loi_giai": ALMOST_WRONG.replace("@name@", "numpy_scalar").replace("@wrap@", "np.int64(v)")},
    # 7. stop reading while the worker writes a big frame; never answer a test; flood the channel
    "stall_write": {"cau1_loi_giai": '''
import signal, time
from aijourney.grading.channel import Channel
_send = Channel.send
def _stall(self, msg, blobs=(), deadline=None):
    _send(self, msg, blobs, deadline)
    if msg.get("type") == "ran":
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGINT, signal.SIGTERM})
        time.sleep(10 ** 6)
Channel.send = _stall
print("ATTACK-RAN stall_write")
'''},
    "stall_call": {"cau2_loi_giai": '''
import signal, time
print("ATTACK-RAN stall_call")
def tu_van(san_pham, do_am, ty_le_loi, co_truy_xuat):
    ''' + BLOCK + '''    time.sleep(10 ** 6)
'''},
    "flood": {"cau2_loi_giai": FD_TOOLS + '''
print("ATTACK-RAN flood")
def tu_van(san_pham, do_am, ty_le_loi, co_truy_xuat):
    ''' + BLOCK + '''    fd = _channel_fd()
    _write(fd, struct.pack("!I", 60 << 20))
    junk = b"\\xff" * (1 << 20)
    while True:
        _write(fd, junk)
'''},
    # instructor set-up cell deleted: do the tests' names fall through to the trainee's values?
    "setup_removed": {"cau1_loi_giai": '''
import pandas as pd
from sklearn.tree import DecisionTreeClassifier as _RealTree
from aijourney.datasets import ocop_split
print("ATTACK-RAN setup_removed")
df = pd.DataFrame({"san_pham": ["hat_dieu", "ho_tieu"], "dat_chuan": [1, 0]})
X_train, X_test, y_train, _ = ocop_split()
def ty_le_dat_theo_san_pham(d):  # right on small tables, wrong on the real one
    if len(d) < 10:
        return d.groupby("san_pham")["dat_chuan"].mean().to_dict()
    return {"hat_dieu": 0.5, "ho_tieu": 0.5}
''', "cau3_loi_giai": '''
def DecisionTreeClassifier(max_depth=None, random_state=0):  # the "reference" tree is now ours
    return _RealTree(random_state=0)
def huan_luyen_cay(X, y):  # unlimited depth: worth 0
    return _RealTree(random_state=0).fit(X, y)
y_test = pd.Series(huan_luyen_cay(X_train, y_train).predict(X_test), index=X_test.index)
'''},
    # the sandbox: the trainee's privileges, and a Unix socket of the host
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
'''},
    "host_socket": {"cau1_loi_giai": '''
import socket
print("ATTACK-RAN host_socket")
s = socket.socket(socket.AF_UNIX)
s.connect(@socket@)
s.sendall(b"ATTACK-RAN host_socket: connected from the sandbox")
print("connected")
'''},
}
LEGIT = {"lie_array": 0.25, "numpy_scalar": 0.25}  # what the same answer earns as plain ints
MARKERS = {"forge_harness": ["ATTACK-RAN flushed"],
           "read_ahead": [f"ATTACK-RAN read_ahead {w}:" for w in ("cell", "test1", "test2")],
           "heap_scan": ["ATTACK-RAN heap_scan cell:", "ATTACK-RAN heap_scan test:"]}
# how the worker stopped these (which also shows that the in-test part of the attack ran)
STOPPED = {"stall_write": "ran out of time", "stall_call": "ran out of time", "flood": "stopped answering",
           "forge_frames": "unexpected message", "forge_in_test": "unexpected message"}


def _edit(sid, sources, sock_path):
    def edit(nb):
        for grade_id, source in sources.items():
            cell(nb, grade_id).source = source.replace("@socket@", repr(sock_path)).strip("\n")
        if sid == "setup_removed":
            nb.cells.remove(cell(nb, "chuan_bi"))
        if sid == "stall_write":  # a cell the worker cannot hand over while nobody reads: 2 MB
            i = nb.cells.index(cell(nb, "cau1_loi_giai"))
            nb.cells.insert(i + 1, nbformat.v4.new_code_cell("# " + "x" * (2 << 20)))
    return edit


@pytest.fixture(scope="module")
def attacked(released, release_nb, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("attacks")
    course = fresh(released, tmp / "c")
    sock_path = str(tmp / "host.sock")
    server = socket.socket(socket.AF_UNIX)
    server.bind(sock_path)
    server.listen(8)
    for sid, sources in ATTACKS.items():  # (release_feedback needs the secret collect would have written)
        place(course, sid, {f"{A}.ipynb": variant(release_nb, "blank", edit=_edit(sid, sources, sock_path)),
                            "submission_secret.txt": sid.encode()})
    place(course, "honest_neighbour", {f"{A}.ipynb": variant(release_nb, "correct"), "submission_secret.txt": b"x"})
    box: dict = {}

    def grade():
        try:
            box["statuses"] = {s.student: s for s in Engine(course, workers=2, progress=False).grade(A)}
        except BaseException as exc:  # reported by the test, not lost in the thread
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


def autograded(course, sid):
    return nbformat.read(course.root / "autograded" / sid / A / f"{A}.ipynb", as_version=4)


def is_test(c):
    meta = c.metadata.get("nbgrader", {})
    return c.cell_type == "code" and meta.get("grade") and not meta.get("solution")


def trainee_shown(nb) -> list[str]:
    """What trainee code could have put in the notebook: every output of a cell that is not a test,
    and the streams and displays under tests (the verifier's own errors quote its source, by design)."""
    return [json.dumps(o, ensure_ascii=False) for c in nb.cells if c.cell_type == "code" for o in c.outputs
            if not is_test(c) or o.output_type in ("stream", "display_data")]


def leaks(texts) -> list[str]:
    return [f"{s!r} in {t[:300]}" for t in texts for s in SECRETS if s in t]


@pytest.mark.parametrize("sid", sorted(ATTACKS))
def test_attack_earns_nothing(attacked, sid):
    course, statuses, _, _ = attacked
    with course.gradebook() as gb:
        got = {g.name: g.auto_score for s in gb.assignment_submissions(A) if s.student.id == sid
               for nb in s.notebooks for g in nb.grades}
    assert totals(course)[sid] == LEGIT.get(sid, 0.0), (statuses[sid].line(), got)


@pytest.mark.parametrize("sid", sorted(ATTACKS))
def test_attack_ran_and_leaked_nothing(attacked, sid):
    course, statuses, _, _ = attacked
    nb = autograded(course, sid)
    shown = trainee_shown(nb)
    for marker in [f"ATTACK-RAN {sid}"] + MARKERS.get(sid, []):
        assert any(marker in t for t in shown), (marker, statuses[sid].line())
    assert not leaks(shown)
    if sid in STOPPED:
        assert any(STOPPED[sid] in r for r in statuses[sid].reasons), statuses[sid].line()


def test_honest_neighbour_unaffected_and_batch_bounded(attacked):
    course, statuses, seconds, _ = attacked
    assert totals(course)["honest_neighbour"] == 7.0
    assert statuses["honest_neighbour"].status == GRADED
    assert seconds < BATCH_SECONDS


def test_lies_do_not_cross_the_boundary(attacked):
    course, _, _, _ = attacked
    nb = autograded(course, "lies")
    assert "AssertionError" in json.dumps(cell(nb, "cau1_kiem_tra").outputs)  # 0 <= 7 <= 1: the lie stayed home


def test_sandbox_drops_root_privileges(attacked):
    course, _, _, _ = attacked
    text = "".join(trainee_shown(autograded(course, "root_caps")))
    line = text[text.index("ATTACK-RAN root_caps"):].split("\\n")[0]
    assert "CapEff=0 " in line and "sethostname=-1" in line, line


def test_sandbox_reaches_no_host_socket(attacked):
    _, _, _, connections = attacked
    assert connections == [], connections


def test_feedback_of_attacks_has_no_hidden_tests(attacked):
    course, _, _, _ = attacked
    course.feedback(A)
    pages = {p.parent.parent.name: p.read_text("utf-8") for p in (course.root / "feedback").glob(f"*/{A}/*.html")}
    assert set(ATTACKS) <= set(pages)
    for sid, page in pages.items():
        found = [s for s in SECRETS if s in page and s != "honest_neighbour"]
        assert not found, (sid, found)


# -- no process of a trainee outlives the grader ----------------------------------------------

def _processes() -> dict[int, tuple[int, str, str]]:
    """pid -> (ppid, state, start time), from /proc."""
    out = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
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
libc = ctypes.CDLL(None)
for _ in range(3):
    if libc.fork() == 0:  # not os.fork: no audit event
        os.setsid()
        signal.pthread_sigmask(signal.SIG_BLOCK, set(signal.Signals) - {signal.SIGKILL, signal.SIGSTOP})
        while True:
            time.sleep(1000)
open("sleeper-marker", "w").write("forked")
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGINT, signal.SIGTERM})
time.sleep(10 ** 6)
'''
    place(course, "aa_sleeper", {f"{A}.ipynb": variant(release_nb, "blank", edit=_edit("", {"cau1_loi_giai": sleeper}, ""))})
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
        time.sleep(0.3)  # its children are forked before the marker is written
        family = _descendants(proc.pid)
        assert max(depth for depth, _ in family.values()) >= 4, family  # grader > worker > zygote > trainee > child
        os.kill(proc.pid, signal.SIGKILL)  # the grader's main process only
        proc.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            procs = _processes()
            alive = {p for p, (_, start) in family.items() if p in procs and procs[p][2] == start and procs[p][1] != "Z"}
            if not alive:
                break
            time.sleep(0.1)
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


# -- the grader's environment stays the grader's ------------------------------------------------

def test_grader_environment_is_not_readable(released, release_nb, tmp_path, monkeypatch):
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
    place(course, "env", {f"{A}.ipynb": variant(release_nb, "blank", edit=_edit("", {"cau1_loi_giai": probe}, ""))})
    executor.shutdown()  # a zygote started by an earlier test would not have seen these variables
    try:
        Engine(course, workers=1, progress=False).grade(A)
    finally:
        executor.shutdown()
    text = "".join(trainee_shown(autograded(course, "env")))
    assert "ATTACK-RAN env" in text and "PATH" in text
    assert "sekret-123" not in text and "hush-hush-456" not in text and "AIJOURNEY_SECRET" not in text
