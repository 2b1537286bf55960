"""The trainee process: runs the trainee's cells and answers the verifier's questions about them.

It is forked from the zygote (a fresh interpreter that never held course data) for one
submission, confines itself (``sandbox.apply``) and then serves one channel to its worker:

- ``run``: run a cell (the trainee's own code, or a read-only cell of the release) and report
  its outputs;
- ``req``: one operation the verifier asks for on the trainee's values — look up a name, read an
  attribute, call, ``len``, iterate, index, convert — with the verifier's plain-data arguments.
  Plain-data results are sent as data; anything else stays here and is sent as a handle;
- ``flush``: what trainee code printed while the verifier called it (shown under the test cell);
- ``stop``.

Nothing here is trusted: the verifier decodes whatever this process sends as plain data only.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import types
from pathlib import Path
from typing import Any

from . import capture, plaindata, sandbox
from .channel import Channel

# audit events trainee code may not raise once the sandbox is armed: a clear PermissionError for
# ordinary code (seccomp refuses new processes underneath, and the PID namespace is killed as a unit)
DENIED_EVENTS = frozenset({
    "os.fork", "os.forkpty", "os.exec", "os.posix_spawn", "os.spawn", "os.system",
    "subprocess.Popen", "pty.spawn",
})
MAX_HANDLES = 200_000
MAX_TEXT = 20_000


def install_audit_hook():
    """An audit hook denying process creation, and the one-way switch that arms it."""
    state = [False]

    def hook(event: str, args: tuple, _denied=DENIED_EVENTS, _state=state) -> None:
        if _state[0] and event in _denied:
            raise PermissionError(f"'{event}' is not allowed while grading")

    def arm(_state=state) -> None:
        _state[0] = True

    sys.addaudithook(hook)
    return arm


class Handles:
    """Objects the verifier holds handles to."""

    def __init__(self):
        self.objects: dict[int, Any] = {}
        self.next = 1

    def add(self, obj: Any) -> dict:
        if isinstance(obj, types.ModuleType):
            h = self.store(obj)
            return {"$m": {"name": str(obj.__name__), "h": h}}
        return {"$p": {"h": self.store(obj), "type": _type_name(obj), "callable": callable(obj)}}

    def store(self, obj: Any) -> int:
        if len(self.objects) >= MAX_HANDLES:
            raise MemoryError("too many objects handed to the tests")
        h, self.next = self.next, self.next + 1
        self.objects[h] = obj
        return h

    def get(self, tag: str, body: Any) -> Any:
        if tag != "$r" or body not in self.objects:
            raise plaindata.WireError("unknown handle")
        return self.objects[body]


def _type_name(obj: Any) -> str:
    t = type(obj)
    return f"{t.__module__}.{t.__qualname__}"[:200]


def _operate(op: str, msg: dict, args: list, kwargs: dict, ns: dict, handles: Handles) -> Any:
    target = handles.objects.get(msg.get("h")) if "h" in msg else None
    if "h" in msg and msg.get("h") not in handles.objects:
        raise LookupError("unknown handle")
    if op == "name":
        name = str(msg.get("name"))
        if name not in ns:
            raise NameError(f"name '{name}' is not defined")
        return ns[name]
    if op == "import":
        import importlib

        return importlib.import_module(str(msg.get("module")))
    if op == "getattr":
        return getattr(target, str(msg.get("attr")))
    if op == "call":
        return target(*args, **kwargs)
    if op == "len":
        return len(target)
    if op == "iter":
        return iter(target)
    if op == "next":
        return next(target)
    if op == "getitem":
        return target[args[0]]
    if op == "contains":
        return args[0] in target
    if op in ("bool", "str", "repr", "float", "int", "index"):
        convert = {"bool": bool, "str": str, "repr": repr, "float": float, "int": int,
                   "index": lambda x: x.__index__()}[op]
        value = convert(target)
        return value[:MAX_TEXT] if op in ("str", "repr") else value
    raise ValueError(f"unknown operation {op!r}")


def _answer(msg: dict, blobs: list, ns: dict, handles: Handles) -> tuple[dict, list]:
    """Perform one request within its time budget; never raises."""
    try:
        args, kwargs = plaindata.decode(msg.get("payload"), blobs, handles.get)
        signal.setitimer(signal.ITIMER_REAL, max(float(msg.get("timeout", 1.0)), 0.001), 0.5)
        try:
            value = _operate(str(msg.get("op")), msg, args, kwargs, ns, handles)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except StopIteration:
        capture.stop_clock()
        return {"type": "rep", "stop": True}, []
    except capture.CellTimeout:
        capture.stop_clock()
        return {"type": "rep", "timeout": True}, []
    except BaseException as exc:  # the trainee's error is the test's business, reported as data
        capture.stop_clock()
        return {"type": "rep", "err": {"type": type(exc).__name__[:100], "msg": _safe_str(exc)}}, []
    capture.stop_clock()
    if msg.get("op") == "import":  # the trainee's module itself, never the verifier's copy of it
        return {"type": "rep", "value": {"$p": {"h": handles.store(value), "type": _type_name(value),
                                                "callable": False}}}, []
    try:
        tree, out_blobs = plaindata.encode(value, handles.add)
    except Exception:
        tree, out_blobs = handles.add(value), []
    return {"type": "rep", "value": tree}, out_blobs


def _safe_str(exc: BaseException) -> str:
    try:
        return str(exc)[:MAX_TEXT]
    except Exception:
        return ""


def enter(sock_fd: int, workdir: str, limits: sandbox.Limits, readable: list[str], state: dict) -> None:
    """Confine this (freshly forked) process and serve its channel until told to stop."""
    os.chdir(workdir)
    for var in ("HOME", "TMPDIR", "MPLCONFIGDIR", "IPYTHONDIR"):
        os.environ[var] = workdir
    # its own /proc entry (libraries read /proc/self/maps); "self" as the proc mount names it, which
    # in a PID namespace is not os.getpid()
    own = [Path("/proc") / os.readlink("/proc/self")] if os.path.isdir("/proc/self") else []
    report = sandbox.apply(Path(workdir), limits, [Path(p) for p in readable] + own)
    channel = Channel(socket.socket(fileno=sock_fd))
    channel.send({"type": "ready", "landlock_abi": report.landlock_abi, "netns": report.network_namespace,
                  "pidns": state.get("pidns", False), "no_capabilities": report.no_capabilities,
                  "seccomp": report.seccomp, "errors": report.errors})
    capture.arm_alarm()
    state.pop("arm")()
    serve(channel, state["shell"], state["sink_ref"], limits)


def serve(channel: Channel, shell, sink_ref: list, limits: sandbox.Limits) -> None:
    budget = capture.Sink(limits.output_bytes)
    handles = Handles()
    shown: list[dict] = []  # what trainee code showed while the verifier called it
    std = (sys.stdout, sys.stderr)
    while True:
        msg, blobs = channel.recv(None)
        kind = msg.get("type")
        sys.stdout, sys.stderr = std
        if kind == "run":
            result = capture.run_cell(shell, sink_ref, budget, str(msg.get("source", "")),
                                      float(msg.get("timeout", limits.cell_timeout)))
            result.pop("value")
            channel.send({"type": "ran", "i": msg.get("i"), **result})
        elif kind == "req":
            sink = capture.Sink(budget.remaining)
            sink.exceeded = budget.exceeded
            sink_ref[0] = sink
            reply, out_blobs = _answer(msg, blobs, shell.user_ns, handles)
            budget.remaining, budget.exceeded = sink.remaining, sink.exceeded
            shown.extend(sink.outputs)
            channel.send(reply, out_blobs)
        elif kind == "flush":
            channel.send({"type": "flushed", "outputs": shown})
            shown = []
        else:
            return
