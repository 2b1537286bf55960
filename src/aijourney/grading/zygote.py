"""The zygote: a fresh interpreter from which every trainee process is forked.

A grading worker starts it with ``exec`` (``python -I -m aijourney.grading.zygote``) and an
environment reduced to what notebooks need, before it touches any submission. The zygote
imports the heavy libraries and runs the *released* notebook once (no solutions, no hidden
tests), so forks start warm; it never receives a test, a grade, another trainee's work or a
gradebook setting. Its only descriptors are a control socket to its worker and the one socket
per fork request that becomes the new trainee process's channel.

Each trainee process is PID 1 of its own PID namespace (as root or with CAP_SYS_ADMIN), so
killing it kills everything it started; it also dies with the zygote (``PR_SET_PDEATHSIG``),
and the zygote dies with its worker. The worker gets a pidfd for each trainee process, so a kill
can never hit a recycled PID.
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import signal
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict

from .sandbox import Limits, die_with_parent

# what notebooks may see of the environment; nothing else of the grader's crosses
ENV_KEEP = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE",
            "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "AIJOURNEY_DATASETS", "AIJOURNEY_LANG")
DEFAULT_PRELOAD = ("numpy", "pandas", "sklearn", "sklearn.base", "matplotlib.pyplot", "aijourney.datasets",
                   "aijourney.feedback")
_CLONE_NEWPID = 0x20000000
_PR_SET_PDEATHSIG = 1
_libc = ctypes.CDLL(None, use_errno=True)


class ZygoteError(RuntimeError):
    pass


class TraineeProcess:
    """A running trainee process, as its worker sees it."""

    def __init__(self, pid: int, pidfd: int, pidns: bool):
        self.pid, self.pidfd, self.pidns = pid, pidfd, pidns

    def kill(self) -> None:
        if self.pidfd < 0:
            return
        try:
            signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.close(self.pidfd)
        self.pidfd = -1


class Zygote:
    """The worker's handle on its zygote process."""

    def __init__(self, preload: tuple[str, ...] = DEFAULT_PRELOAD, warm_cells: tuple[str, ...] = (),
                 start_timeout: float = 300.0):
        self.preload, self.warm_cells, self.start_timeout = preload, warm_cells, start_timeout
        self.proc: subprocess.Popen | None = None
        self._start()

    def _start(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        home = self.home = tempfile.mkdtemp(prefix="aijourney-zygote-")
        env = {k: os.environ[k] for k in ENV_KEEP if k in os.environ}
        env.update(HOME=home, MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1")
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-m", "aijourney.grading.zygote", str(theirs.fileno()), str(os.getpid())],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=home,
            pass_fds=[theirs.fileno()], close_fds=True)
        theirs.close()
        self.ctrl = ours
        self.proc.stdin.write(json.dumps({"preload": list(self.preload), "cells": list(self.warm_cells)}).encode())
        self.proc.stdin.close()
        self.ready = False  # it warms up while the worker does its own (see wait_ready)

    def wait_ready(self) -> None:
        if self.ready:
            return
        self.ctrl.settimeout(self.start_timeout)
        try:
            message = self.ctrl.recv(4096)
        except OSError as exc:
            raise ZygoteError(f"the zygote did not start: {exc}") from None
        if not message:
            raise ZygoteError("the zygote exited while starting")
        self.ready = True

    def spawn(self, channel_sock: socket.socket, workdir: str, limits: Limits, readable: list[str]) -> TraineeProcess:
        request = json.dumps({"workdir": workdir, "limits": asdict(limits), "readable": readable}).encode()
        for attempt in (1, 2):
            try:
                self.wait_ready()
                self.ctrl.settimeout(30)
                socket.send_fds(self.ctrl, [request], [channel_sock.fileno()])
                data, fds, _, _ = socket.recv_fds(self.ctrl, 4096, 1)
                if data and fds:
                    reply = json.loads(data)
                    return TraineeProcess(int(reply["pid"]), fds[0], bool(reply["pidns"]))
            except (OSError, ValueError, ZygoteError):
                pass
            if attempt == 1:  # the zygote died (memory?): start a new one, once
                self.close()
                self._start()
        raise ZygoteError("the zygote could not start a trainee process")

    def forget(self) -> None:
        """In a forked copy of the worker: let go of the parent's zygote without touching it."""
        try:
            self.ctrl.close()
        except OSError:
            pass
        self.proc = None

    def close(self) -> None:
        try:
            self.ctrl.close()
        except OSError:
            pass
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.home, ignore_errors=True)


# -- the zygote process ------------------------------------------------------------------------

def _warm(config: dict) -> dict:
    import importlib
    import warnings

    from . import capture, trainee

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in config.get("preload", []):
            try:
                importlib.import_module(name)
            except Exception:  # a missing optional library only costs speed
                pass
        try:  # loky counts physical cores with a subprocess (refused in the sandbox): count them here, once
            from joblib.externals.loky import cpu_count

            cpu_count(only_physical_cores=True)
        except Exception:
            pass
    sink_ref: list = [capture.Sink(0)]
    shell = capture.prepare_shell(sink_ref)
    shell.run_cell("None", store_history=False, silent=True)  # IPython's lazy set-up
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for code in config.get("cells", []) + ["raise ValueError('warm-up')"]:  # tracebacks load lazily
            shell.run_cell(code, store_history=False, silent=False)
    shell.reset(new_session=False)
    shell.execution_count = 1
    sink_ref[0] = capture.Sink(0)
    state = {"shell": shell, "sink_ref": sink_ref, "arm": trainee.install_audit_hook()}
    gc.collect()
    gc.freeze()  # forked children's collector then leaves the shared pages alone
    return state


def _reap(signum=None, frame=None) -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _fork_trainee(fd: int, request: dict, state: dict, ctrl: socket.socket, pidns_fd: int) -> tuple[int, bool]:
    pidns = pidns_fd >= 0 and _libc.unshare(_CLONE_NEWPID) == 0
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the trainee process
        try:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
            _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
            ctrl.close()
            if not pidns:
                os.setsid()
            os.closerange(3, fd)
            os.closerange(fd + 1, 65536)
            from . import trainee

            state["pidns"] = pidns
            trainee.enter(fd, request["workdir"], Limits(**request["limits"]), request["readable"], state)
        except BaseException:
            pass
        finally:
            os._exit(0)
    if pidns:
        _libc.setns(pidns_fd, _CLONE_NEWPID)  # back to our own namespace for the next fork
    return pid, pidns


def main(argv: list[str]) -> None:
    ctrl_fd, parent = int(argv[1]), int(argv[2])
    die_with_parent(parent)
    config = json.loads(sys.stdin.buffer.read() or b"{}")
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    state = _warm(config)
    ctrl = socket.socket(fileno=ctrl_fd)
    try:
        pidns_fd = os.open("/proc/self/ns/pid", os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        pidns_fd = -1
    signal.signal(signal.SIGCHLD, _reap)
    ctrl.send(json.dumps({"type": "warmed", "at": time.time()}).encode())
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(ctrl, 65536, 1)
        except OSError:
            break
        if not data:
            break  # the worker is gone
        if not fds:
            continue
        request = json.loads(data)
        # no reaping between the fork and pidfd_open: the PID cannot be recycled in between
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})
        pid, pidns = _fork_trainee(fds[0], request, state, ctrl, pidns_fd)
        os.close(fds[0])
        pidfd = os.pidfd_open(pid)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
        socket.send_fds(ctrl, [json.dumps({"pid": pid, "pidns": pidns}).encode()], [pidfd])
        os.close(pidfd)
    os._exit(0)  # our trainee processes die with us (PR_SET_PDEATHSIG)


if __name__ == "__main__":
    main(sys.argv)
