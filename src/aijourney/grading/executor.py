"""Run one submitted notebook in two processes: the trainee's cells in a *trainee process*
(forked from the zygote, sandboxed), the instructor's tests in a *verifier process* (forked from
this worker; no trainee code ever runs there).

This worker drives both, cell by cell, and relays the verifier's requests to the trainee process.
Every read and write has a deadline; a trainee process that stops answering, floods or breaks the
protocol is killed (with everything it started: it is PID 1 of its own PID namespace) and the
cells it could not run get error outputs. Only the verifier's report decides a test cell's
outputs, and so its points; what trainee code printed while a test called it is shown under the
test as plain streams and displays, never as a result or an error.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import select
import shutil
import signal
import socket
import sys
import tempfile
import time
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import Any

from . import capture
from .capture import TIMEOUT_ERROR
from .channel import Channel, ChannelError, ChannelTimeout, pack, unpack
from .sandbox import Limits
from .zygote import DEFAULT_PRELOAD, Zygote

GRACE = 2.0  # seconds a process gets beyond its cell's clock before it is killed
START_TIMEOUT = 30.0  # trainee process: fork + sandbox
TRAINEE_MAX_FRAME = 64 * 1024 * 1024
SHOWN_TYPES = capture.SHOWN_TYPES
CELL_TYPES = capture.CELL_TYPES

_worker: dict[str, Any] = {}


@dataclass
class Execution:
    """What happened to one notebook."""

    cells: dict[int, dict] = field(default_factory=dict)  # cell index -> {"outputs", "count"}
    sandbox: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # a process died, a protocol broken, a kill ...
    seconds: float = 0.0


def warm_up(preload: tuple[str, ...] = DEFAULT_PRELOAD, warm_cells: tuple[str, ...] = (),
            instructor_cells: tuple[str, ...] = ()) -> None:
    """Start this worker's zygote (it runs ``warm_cells``, the released notebook) and prepare
    the verifier's shell here. ``instructor_cells`` (the read-only set-up cells of a one-notebook
    assignment) run once here: when every one of them succeeds on its own (it needs nothing of a
    trainee's), each verifier starts with their names instead of running them again. Call once per
    worker and assignment: called again for another assignment, it starts over."""
    key = hash((preload, warm_cells, instructor_cells))
    if _worker and _worker.get("pid") != os.getpid():
        # inherited through a fork (a pool worker): the zygote and its socket are the parent's
        if "zygote" in _worker:
            _worker.pop("zygote").forget()
        _worker.clear()
    if _worker and (_worker.get("key") == key or not (warm_cells or instructor_cells)):
        return
    shutdown()
    import atexit
    import importlib
    import warnings
    from multiprocessing import util

    global _cleanup_pid
    if _cleanup_pid != os.getpid():  # the zygote's and the spare pair's folders go when this process ends
        _cleanup_pid = os.getpid()
        atexit.register(shutdown)  # a process grading by itself (one worker)
        util.Finalize(None, shutdown, exitpriority=10)  # a pool worker (ends without atexit)

    os.environ.setdefault("MPLBACKEND", "Agg")
    # the zygote imports the common libraries only: which modules the instructor's tests import is
    # the tests' business (the released cells it runs import what the notebook needs)
    _worker["zygote"] = Zygote(DEFAULT_PRELOAD, warm_cells)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in preload:
            try:
                importlib.import_module(name)
            except Exception:
                pass
        main = sys.modules.get("__main__")
        shell = capture.new_shell()
        if main is not None:  # IPython makes its namespace __main__: not in the grader's own process
            sys.modules["__main__"] = main
        sink_ref: list = [capture.Sink(0)]
        capture.install_capture(shell, sink_ref)
        quiet = contextlib.redirect_stdout(io.StringIO())  # what the instructor's cells print stays here
        quiet.__enter__()
        before = set(shell.user_ns)
        ran = [shell.run_cell(code, store_history=False, silent=True).success for code in instructor_cells]
        setup_ns = {k: v for k, v in shell.user_ns.items() if k not in before} if all(ran) else {}
        shell.reset(new_session=False)
        shell.run_cell("raise ValueError('warm-up')", store_history=False, silent=True)  # tracebacks load lazily
        quiet.__exit__(None, None, None)
    shell.reset(new_session=False)
    _worker["zygote"].wait_ready()
    _worker.update(key=key, pid=os.getpid(), shell=shell, sink_ref=sink_ref, setup_ns=setup_ns,
                   setup_sources=tuple(instructor_cells) if setup_ns else None)
    gc.collect()
    gc.freeze()


_cleanup_pid: int | None = None  # the process that registered ``shutdown`` to run when it ends


def shutdown() -> None:
    if _worker.get("pid", os.getpid()) != os.getpid():  # inherited through a fork: the parent's to end
        if "zygote" in _worker:
            _worker.pop("zygote").forget()
        _worker.clear()
        return
    spare = _worker.pop("spare", None)
    if spare is not None:
        spare.discard()
    zygote = _worker.pop("zygote", None)
    if zygote is not None:
        zygote.close()
    _worker.clear()


# -- the two processes ---------------------------------------------------------------------

_unreaped: list[int] = []


def _reap(pid: int | None = None) -> None:
    if pid is not None:
        _unreaped.append(pid)
    for p in list(_unreaped):
        try:
            done, _ = os.waitpid(p, os.WNOHANG)
        except ChildProcessError:
            done = p
        if done:
            _unreaped.remove(p)


def single_threaded_after_fork() -> None:
    """In a forked child: numeric code runs on one thread. OpenMP (PyTorch's threads) is not fork-safe:
    a fork of a worker that ever computed with several threads hangs at its first parallel operation."""
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(1)


def _fork_verifier(limits: Limits) -> tuple[int, Channel]:
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    parent = os.getpid()
    sys.stdout.flush(), sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the verifier process
        try:
            ours.close()
            fd = theirs.fileno()
            os.closerange(3, fd)
            os.closerange(fd + 1, 65536)
            from . import verifier

            single_threaded_after_fork()
            verifier.run(theirs, limits, parent, _worker)
        finally:
            os._exit(0)
    theirs.close()
    return pid, Channel(ours)


class _Trainee:
    """The worker's side of one trainee process."""

    def __init__(self, workdir: Path, limits: Limits, readable: list[Path]):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self.limits = limits
        self.process = _worker["zygote"].spawn(theirs, str(workdir), limits, [str(p) for p in readable])
        theirs.close()
        self.channel = Channel(ours, TRAINEE_MAX_FRAME)
        self.alive = True
        self.timed_out = False  # the last failed exchange ran out of time (rather than a crash)
        self.reported_timeout = False

    def attach(self, execution: Execution) -> None:
        """Wait until the process is sandboxed (it may have started before its submission was known)."""
        self.execution = execution
        try:
            ready, _ = self.channel.recv(time.monotonic() + START_TIMEOUT)
            if ready.get("type") != "ready":
                raise ChannelError("no ready message")
            execution.sandbox = {k: ready.get(k) for k in ("landlock_abi", "netns", "pidns", "no_capabilities",
                                                           "seccomp", "errors")}
        except ChannelError as exc:
            self.fail(f"the sandbox did not start ({exc})")

    def fail(self, problem: str) -> None:
        if self.alive:
            self.execution.problems.append(problem)
        self.alive = False
        self.process.kill()
        self.channel.close()

    def exchange(self, frame: bytes, seconds: float, expect: str) -> tuple[dict, bytes] | None:
        """Send a frame, wait for the one reply; None (and the process killed) on any failure."""
        if not self.alive:
            return None
        deadline = time.monotonic() + seconds + GRACE
        try:
            self.channel.send_raw(frame, deadline)
            raw = self.channel.recv_raw(deadline)
            msg, _ = unpack(memoryview(raw)[4:])
        except ChannelError as exc:
            self.timed_out = isinstance(exc, ChannelTimeout)
            what = "ran out of time" if self.timed_out else f"stopped answering ({type(exc).__name__})"
            self.fail(f"the notebook {what} and was stopped")
            return None
        if msg.get("type") != expect:
            self.fail(f"unexpected message from the notebook: {str(msg.get('type'))[:80]}")
            return None
        return msg, raw

    def close(self) -> None:
        if self.alive:
            try:
                self.channel.send({"type": "stop"}, deadline=time.monotonic() + 0.5)
            except ChannelError:
                pass
        self.process.kill()
        self.channel.close()


# -- one notebook ------------------------------------------------------------------------------

class _Pair:
    """A trainee process (with its empty working folder) and a verifier, started before their
    submission is known: the next pair starts while the worker writes up the current submission."""

    def __init__(self, limits: Limits, readable: list[Path]):
        self.key = (astuple(limits), tuple(str(p) for p in readable))
        self.workdir = Path(tempfile.mkdtemp(prefix="aijourney-grade-"))
        self.trainee = _Trainee(self.workdir, limits, readable)
        self.vpid, self.verifier = _fork_verifier(limits)

    def discard(self) -> None:
        self.trainee.process.kill()
        self.trainee.channel.close()
        _kill_verifier(self.vpid, self.verifier)
        shutil.rmtree(self.workdir, ignore_errors=True)


def _take_pair(limits: Limits, readable: list[Path]) -> _Pair:
    """The spare pair if it fits and its trainee process is still there (its pidfd is readable once
    the process has exited, e.g. with a zygote that died), else a new one."""
    pair = _worker.pop("spare", None)
    if pair is not None and pair.key == (astuple(limits), tuple(str(p) for p in readable)):
        exited, _, _ = select.select([pair.trainee.process.pidfd], [], [], 0)
        if not exited:
            return pair
    if pair is not None:
        pair.discard()
    return _Pair(limits, readable)


def _kill_verifier(pid: int, channel: Channel) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    channel.close()
    _reap(pid)


class _Run:
    def __init__(self, cells: list[dict], pair: _Pair, limits: Limits, extra_files: dict[str, bytes]):
        self.cells, self.limits = cells, limits
        self.execution = Execution()
        self.budget = [limits.output_bytes * 2]
        for rel, content in extra_files.items():  # the submission's own files, before its first cell
            dest = pair.workdir / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(content)
        self.trainee = pair.trainee
        self.trainee.attach(self.execution)
        self.vpid, self.verifier = pair.vpid, pair.verifier
        self.verifier_alive = True
        self.setup: list[tuple[int, str]] = []

    def trainee_cell(self, i: int, source: str) -> None:
        got = self.trainee.exchange(pack({"type": "run", "i": i, "source": source, "timeout": self.limits.cell_timeout}),
                                    self.limits.cell_timeout, "ran")
        if got is None:
            timed_out = self.trainee.timed_out and not self.trainee.reported_timeout
            self.trainee.reported_timeout |= timed_out
            self.execution.cells[i] = {"outputs": [dict(TIMEOUT_ERROR) if timed_out else _not_run()], "count": None}
            return
        msg = got[0]
        self.execution.cells[i] = {"outputs": capture.clean_outputs(msg.get("outputs"), CELL_TYPES, self.budget),
                                   "count": msg.get("count") if type(msg.get("count")) is int else None}

    def verifier_cell(self, i: int, source: str, test: bool) -> dict | None:
        """Run a cell in the verifier, relaying its requests to the trainee process."""
        if not self.verifier_alive:
            return None
        timeout = self.limits.cell_timeout
        deadline = time.monotonic() + timeout + 2 * GRACE
        try:
            self.verifier.send({"type": "cell", "i": i, "source": source, "test": test, "timeout": timeout}, (), deadline)
            while True:
                raw = self.verifier.recv_raw(deadline)
                msg, _ = unpack(memoryview(raw)[4:])
                if msg.get("type") == "done":
                    return msg
                self.relay(msg, raw, deadline)
        except ChannelError as exc:
            self.verifier_alive = False
            os.kill(self.vpid, signal.SIGKILL)
            what = "did not finish in time" if isinstance(exc, ChannelTimeout) else f"stopped ({exc})"
            self.execution.problems.append(f"the tests of cell {i} {what}; the rest of the tests could not run")
            return {"outputs": [dict(TIMEOUT_ERROR)], "count": None}

    def relay(self, msg: dict, raw: bytes, deadline: float) -> None:
        seconds = max(min(float(msg.get("timeout", 0)), deadline - time.monotonic()), 0.0)
        got = self.trainee.exchange(raw, seconds, "rep")
        if got is None:
            self.verifier.send({"type": "rep", "dead": "the trainee's process is not running"}, (), deadline)
        else:
            self.verifier.send_raw(got[1], deadline)

    def test_cell(self, i: int, source: str, order: int) -> None:
        while self.setup and self.setup[0][0] < order:  # the source's read-only cells before this test
            self.verifier_cell(i, self.setup.pop(0)[1], False)
        done = self.verifier_cell(i, source, True)
        if done is None:
            self.execution.cells[i] = {"outputs": [_not_run("the tests could not run")], "count": None}
            return
        outputs = capture.clean_outputs(done.get("outputs"), CELL_TYPES, [sys.maxsize])
        got = self.trainee.exchange(pack({"type": "flush"}), 1.0, "flushed") if self.trainee.alive else None
        if got is not None:
            outputs += capture.clean_outputs(got[0].get("outputs"), SHOWN_TYPES, self.budget)
        self.execution.cells[i] = {"outputs": outputs, "count": done.get("count")}

    def close(self) -> None:
        self.trainee.close()
        if self.verifier_alive:
            try:
                self.verifier.send({"type": "stop"}, (), time.monotonic() + 0.5)
            except ChannelError:
                pass
        _kill_verifier(self.vpid, self.verifier)


def _not_run(why: str = "the notebook stopped before this cell") -> dict:
    return {"output_type": "error", "ename": "NotRun", "evalue": "this cell did not run", "traceback": [f"NotRun: {why}"]}


def execute(cells: list[dict], extra_files: dict[str, bytes], limits: Limits, readable: list[Path],
            setup: list[tuple[int, str]] = ()) -> Execution:
    """Run ``cells`` (dicts with cell_type, source and role "trainee" or "test"; a test also has
    its position in the source, ``order``), with ``extra_files`` (relative path -> bytes) in the
    trainee's working folder. ``setup``: the source's read-only cells with their positions; the
    verifier runs each before the first test that follows it in the source."""
    warm_up()
    start = time.monotonic()
    pair = _take_pair(limits, readable)
    try:
        run = _Run(cells, pair, limits, extra_files)
    except BaseException:
        pair.discard()
        raise
    run.setup = sorted(setup)
    if tuple(source for _, source in run.setup) == _worker.get("setup_sources"):
        run.setup = []  # the verifier starts with the names these cells define (warm_up)
    try:
        for i, cell in enumerate(cells):
            if cell["cell_type"] != "code":
                continue
            if cell.get("role") == "test":
                run.test_cell(i, cell["source"], cell.get("order", 0))
            else:
                run.trainee_cell(i, cell["source"])
    finally:
        run.close()
        shutil.rmtree(pair.workdir, ignore_errors=True)
        _worker["spare"] = _Pair(limits, readable)  # the next submission's, started now
    run.execution.seconds = time.monotonic() - start
    return run.execution
