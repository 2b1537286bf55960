"""Run one notebook in a sandboxed child forked from a warm parent.

The parent (a grading worker) imports the heavy libraries once (``warm_up``). Each submission
then runs in a fresh child forked from it — copy-on-write, so imports cost nothing — and that
child is never reused for another trainee. The child confines itself (``sandbox.apply``), runs
the cells one after the other in an IPython shell and reports each cell's outputs to the parent
over a pipe. The parent enforces the wall clock per cell, caps what it reads, and turns a child
that dies or stops reporting into error outputs for the cells that did not run.

Before every test cell (an nbgrader ``grade`` cell that is not a solution) the child restores
what trainee code may have tampered with — builtins, the modules and classes imported before
the trainee's code ran, interpreter hooks, the IPython shell's hooks and event callbacks — and
after it, checks that nothing changed while the test ran (trainee functions run inside tests).
Tampering is reported, never silently graded. See docs/grading.md for the threat model.
"""

from __future__ import annotations

import builtins
import itertools
import json
import linecache
import os
import select
import signal
import struct
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import sandbox
from .sandbox import Limits

# what nearly every submission uses; the assignment's own imports come with its released cells,
# which every worker runs once (warm_up's ``warm_cells``)
DEFAULT_PRELOAD = ("numpy", "pandas", "sklearn", "sklearn.base", "aijourney.datasets", "aijourney.feedback")
# audit events trainee code may not raise once the sandbox is armed
DENIED_EVENTS = frozenset({
    "sys.addaudithook", "os.fork", "os.forkpty", "os.exec", "os.posix_spawn", "os.spawn", "os.system",
    "subprocess.Popen", "pty.spawn", "gc.get_objects", "gc.get_referrers", "gc.get_referents",
    "sys.setprofile", "sys.settrace", "threading.setprofile", "threading.settrace",
})
TIMEOUT_ERROR = {
    "output_type": "error",
    "ename": "CellTimeoutError",
    "evalue": "",
    "traceback": ["CellTimeoutError: No reply from kernel before timeout"],
}


class _CellTimeout(BaseException):
    pass


class _OutputLimit(BaseException):
    pass


_warm: dict[str, Any] = {}


def _make_audit_hook(denied: frozenset):
    """An audit hook and the one-way switch that arms it. Neither is reachable from trainee code
    once the child dropped its reference to ``arm`` (``gc`` introspection is denied when armed)."""
    state = [False]

    def hook(event: str, args: tuple, _denied=denied, _state=state) -> None:
        if _state[0] and event in _denied:
            raise PermissionError(f"'{event}' is not allowed while grading")

    def arm(_state=state) -> None:
        _state[0] = True

    return hook, arm


def warm_up(preload: tuple[str, ...] = DEFAULT_PRELOAD, warm_cells: tuple[str, ...] = ()) -> None:
    """Import what submissions use and prepare an IPython shell; call once per worker.

    ``warm_cells`` (code of the *released* assignment, never solutions or hidden tests) run once
    here so that every library and data cache they touch is loaded before the first fork; the
    user namespace is then cleared.
    """
    if _warm:
        return
    import importlib
    import warnings

    os.environ.setdefault("MPLBACKEND", "Agg")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in preload:
            try:
                importlib.import_module(name)
            except Exception:  # a missing optional library only costs speed
                pass
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    _warm["shell"] = shell
    sink_ref: list = [_Sink(0)]
    _install_capture(shell, sink_ref)
    _warm["sink_ref"] = sink_ref
    shell.run_cell("None", store_history=False, silent=True)  # let IPython finish its lazy set-up
    if warm_cells:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for code in warm_cells:
                shell.run_cell(code, store_history=False, silent=False)
        sink_ref[0] = _Sink(0)
        shell.reset(new_session=False)
        shell.execution_count = 1
    hook, arm = _make_audit_hook(DENIED_EVENTS)
    sys.addaudithook(hook)
    _warm["arm"] = arm
    _warm["pristine"] = _snapshot(shell)
    import gc

    # Everything loaded so far is shared with the forked children copy-on-write. Freezing it keeps
    # the children's garbage collector from walking (and so copying) all those pages.
    gc.collect()
    gc.freeze()


# -- the child ---------------------------------------------------------------------------

class _Sink:
    """Collects a cell's outputs, within the submission's output budget."""

    def __init__(self, budget: int):
        self.outputs: list[dict] = []
        self.remaining = budget
        self.exceeded = False

    def charge(self, n: int) -> None:
        if self.exceeded:
            raise _OutputLimit()
        self.remaining -= n
        if self.remaining < 0:
            self.exceeded = True
            self.outputs.append({"output_type": "stream", "name": "stderr",
                                 "text": "\n[aijourney] output limit reached: the rest of the output was dropped\n"})
            raise _OutputLimit()

    def stream(self, name: str, text: str) -> None:
        self.charge(len(text))
        if self.outputs and self.outputs[-1].get("output_type") == "stream" and self.outputs[-1]["name"] == name:
            self.outputs[-1]["text"] += text
        else:
            self.outputs.append({"output_type": "stream", "name": name, "text": text})


class _Stream:
    def __init__(self, sink_ref: list, name: str):
        self._sink_ref, self.name = sink_ref, name
        self.encoding, self.errors = "utf-8", "strict"

    def write(self, text) -> int:
        text = str(text)
        self._sink_ref[0].stream(self.name, text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        raise OSError("no file descriptor while grading")


def _install_capture(shell, sink_ref: list) -> None:
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher

    class Hook(DisplayHook):
        def write_output_prompt(self):
            pass

        def write_format_data(self, format_dict, md_dict=None):
            data = {k: v for k, v in format_dict.items()}
            sink_ref[0].charge(len(json.dumps(data, default=str)))
            sink_ref[0].outputs.append({"output_type": "execute_result", "data": data, "metadata": md_dict or {},
                                        "execution_count": self.shell.execution_count})

        def finish_displayhook(self):
            pass

    class Publisher(DisplayPublisher):
        def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kw):
            sink_ref[0].charge(len(json.dumps(data, default=str)))
            sink_ref[0].outputs.append({"output_type": "display_data", "data": dict(data), "metadata": metadata or {}})

        def clear_output(self, wait=False):
            sink_ref[0].outputs[:] = []

    def showtraceback(etype, evalue, stb):
        if etype is _OutputLimit:
            return
        sink_ref[0].outputs.append({"output_type": "error", "ename": getattr(etype, "__name__", str(etype)),
                                    "evalue": str(evalue), "traceback": list(stb)})

    shell.displayhook = Hook(shell=shell, cache_size=0)
    shell.display_trap.hook = shell.displayhook
    shell.display_pub = Publisher(shell=shell)
    shell._showtraceback = showtraceback
    shell.colors = "NoColor"


# shell attributes that legitimately change while cells run
_SHELL_STATE = frozenset({"user_ns", "user_global_ns", "user_ns_hidden", "execution_count", "last_execution_result",
                          "last_execution_succeeded", "displayhook", "display_pub", "history_manager"})


@dataclass
class _Pristine:
    builtins: dict
    modules: list  # (name, module, keys, value ids, saved dict)
    classes: list  # (class, keys, value ids, saved dict)
    shell_attrs: dict
    callbacks: dict
    threads: int
    hooks: tuple
    module_dicts: list = field(default_factory=list)
    module_lens: list = field(default_factory=list)
    class_dicts: list = field(default_factory=list)
    class_lens: list = field(default_factory=list)
    flat: tuple = ()
    module_values: list = field(default_factory=list)
    class_values: list = field(default_factory=list)
    module_names: list = field(default_factory=list)
    module_objects: list = field(default_factory=list)
    tag_addrs: list = field(default_factory=list)  # addresses of the dicts' version tags
    tags: list = field(default_factory=list)


# modules whose globals legitimately change while a notebook runs
# (threading and tempfile re-initialise themselves in a forked child)
_SKIP_MODULES = ("__main__", "__mp_main__", "sys", "aijourney.grading", "builtins", "threading", "tempfile",
                 # a Dask worker's own machinery keeps running in its other threads while we fork
                 "distributed", "dask", "tornado", "asyncio", "concurrent", "zict", "msgpack")


def _hooks() -> tuple:
    return (sys.excepthook, sys.displayhook, sys.gettrace(), sys.getprofile(), threading.excepthook,
            sys.unraisablehook, sys.breakpointhook)


def _restore_light(p: _Pristine, *, _bd=builtins.__dict__, _map=map, _id=id, _tuple=tuple) -> list[str]:
    changed = []
    saved = p.builtins
    if _bd.keys() != saved.keys() or _tuple(_map(_id, _bd.values())) != _tuple(_map(_id, saved.values())):
        _bd.clear()
        _bd.update(saved)
        changed.append("builtins")
    if _hooks() != p.hooks:
        changed.append("interpreter hooks")
        sys.excepthook, sys.displayhook = p.hooks[0], p.hooks[1]
        sys.settrace(None)
        sys.setprofile(None)
        threading.excepthook, sys.unraisablehook, sys.breakpointhook = p.hooks[4], p.hooks[5], p.hooks[6]
    return changed


# What trainee code and tests compute with (and so what trainee code could patch to fool a test):
# the scientific stack, the course package, the IPython shell and the standard library modules
# computations use. The grader's own machinery (nbgrader, sqlalchemy, jsonschema, tornado, zmq…)
# is not imported by notebooks' tests and is left out, which keeps the check fast.
PROTECTED = frozenset({
    "numpy", "pandas", "sklearn", "scipy", "matplotlib", "matplotlib_inline", "joblib", "threadpoolctl", "PIL",
    "underthesea", "aijourney", "IPython", "traitlets",
    "math", "cmath", "statistics", "random", "re", "json", "collections", "itertools", "functools", "operator",
    "numbers", "decimal", "fractions", "copy", "string", "datetime", "time", "types", "abc", "enum", "typing",
    "dataclasses", "io", "os", "posixpath", "pathlib", "warnings", "contextlib", "inspect", "textwrap",
    "unicodedata", "heapq", "bisect", "array", "struct", "csv", "hashlib", "base64", "difflib", "pprint",
    "reprlib", "weakref", "copyreg", "locale", "codecs", "traceback", "linecache", "signal", "select",
})


def _snapshot(shell) -> _Pristine:
    modules, classes = [], []
    user_module = getattr(shell, "user_module", None)
    for name, mod in list(sys.modules.items()):
        d = getattr(mod, "__dict__", None)
        if (not isinstance(d, dict) or mod is user_module or name.startswith(_SKIP_MODULES)
                or name.split(".", 1)[0] not in PROTECTED):
            continue
        modules.append((name, mod, tuple(d), tuple(map(id, d.values())), dict(d)))
        for value in d.values():
            if isinstance(value, type) and getattr(value, "__module__", None) == name:
                cd = value.__dict__
                classes.append((value, tuple(cd), tuple(map(id, cd.values())), dict(cd)))
    shell_attrs = {k: v for k, v in vars(shell).items() if k not in _SHELL_STATE}
    callbacks = {k: list(v) for k, v in shell.events.callbacks.items()}
    p = _Pristine(dict(builtins.__dict__), modules, classes, shell_attrs, callbacks,
                  threading.active_count(), _hooks())
    # fast check: every value of every namespace, by identity, in one C-level pass. Modules: the
    # names they had (importing a submodule legitimately appends one); classes: exactly their names.
    p.module_names = [m[0] for m in modules]
    p.module_objects = [m[1] for m in modules]
    p.module_dicts = [m[1].__dict__ for m in modules]
    p.module_lens = [len(m[2]) for m in modules]
    p.class_dicts = [c[0].__dict__ for c in classes]
    p.class_lens = [len(c[1]) for c in classes]
    # live views: they follow later changes, and are cheaper to iterate than fresh ones
    p.module_values = [d.values() for d in p.module_dicts]
    p.class_values = [d.values() for d in p.class_dicts]
    if _dict_tags_supported():
        import gc

        p.tag_addrs = [id(d) + _TAG_OFFSET for d in p.module_dicts] + [
            id(gc.get_referents(proxy)[0]) + _TAG_OFFSET for proxy in p.class_dicts]
        p.tags = _read_tags(p.tag_addrs)

    p.flat = tuple(itertools.chain(
        itertools.chain.from_iterable(itertools.islice(m[4].values(), len(m[2])) for m in modules),
        itertools.chain.from_iterable(c[3].values() for c in classes)))
    return p


def _dict_tags_supported() -> bool:
    """CPython 3.11 stamps every dict with a new version tag (a global counter) on each change;
    reading it lets the check skip comparing ~10^5 values when nothing changed. Verified here on
    a scratch dict, so a different interpreter layout simply turns the shortcut off."""
    import ctypes
    import platform

    if platform.python_implementation() != "CPython" or sys.version_info[:2] != (3, 11):
        return False
    try:
        probe = {"a": 1}
        tag = ctypes.c_uint64.from_address(id(probe) + _TAG_OFFSET)
        before = tag.value
        probe["a"] = 2
        middle = tag.value
        probe["b"] = 3
        return before != middle != tag.value != before and len(probe) == 2
    except Exception:
        return False


_TAG_OFFSET = 24  # PyObject_HEAD (16) + ma_used (8): offsetof(PyDictObject, ma_version_tag) on 64-bit 3.11


def _read_tags(addrs: list[int]) -> list[int]:
    import ctypes

    at = ctypes.c_uint64.from_address
    return [at(a).value for a in addrs]


def _unchanged(p: _Pristine) -> bool:
    """True when no protected namespace changed since the last check (fast path on version
    tags, else one identity pass over every value), and ``sys.modules`` still maps every
    protected name to its module (``import math`` in a test must get the real one)."""
    import operator

    if not all(map(operator.is_, map(sys.modules.get, p.module_names), p.module_objects)):
        return False
    if p.tag_addrs:
        tags = _read_tags(p.tag_addrs)
        if tags == p.tags:
            return True
        if _identical(p):  # e.g. a lazily imported submodule was added: fine, remember it
            p.tags = tags
            return True
        return False
    return _identical(p)


def _identical(p: _Pristine, *, _all=all, _map=map, _len=len, _list=list) -> bool:
    import operator

    if _list(_map(_len, p.class_dicts)) != p.class_lens:
        return False
    if not _all(_map(operator.ge, _map(_len, p.module_dicts), p.module_lens)):
        return False
    current = itertools.chain(
        itertools.chain.from_iterable(_map(itertools.islice, p.module_values, p.module_lens)),
        itertools.chain.from_iterable(p.class_values))
    return _all(_map(operator.is_, current, p.flat))


def _restore(p: _Pristine, shell, *, _islice=itertools.islice, _map=map, _id=id, _tuple=tuple, _len=len,
             _setattr=setattr, _vars=vars, _list=list, _modules=sys.modules) -> list[str]:
    """Put back what trainee code changed (existing names only: lazily imported submodules and
    caches may legitimately appear); return a description of what had changed."""
    changed = _restore_light(p)
    # fast path: the values of every namespace, by identity, in one C-level comparison
    if _unchanged(p):
        modules, classes = (), ()
    else:
        modules, classes = p.modules, p.classes
    for name, mod, keys, ids, saved_d in modules:
        d = mod.__dict__
        n = _len(keys)
        if _tuple(_islice(d, n)) != keys or _tuple(_islice(_map(_id, d.values()), n)) != ids:
            changed.append(f"module {name}")
            d.update(saved_d)
        if _modules.get(name) is not mod:
            changed.append(f"sys.modules[{name!r}]")
            _modules[name] = mod
    for cls, keys, ids, saved_d in classes:
        cd = cls.__dict__
        if _tuple(cd) != keys or _tuple(_map(_id, cd.values())) != ids:
            changed.append(f"class {cls.__module__}.{cls.__qualname__}")
            for k in [k for k in cd if k not in saved_d]:
                try:
                    delattr(cls, k)
                except (AttributeError, TypeError):
                    pass
            for k, v in saved_d.items():
                if cd.get(k) is not v and k not in ("__dict__", "__weakref__", "__doc__"):
                    try:
                        _setattr(cls, k, v)
                    except (AttributeError, TypeError):
                        pass
    attrs = _vars(shell)
    for k, v in p.shell_attrs.items():
        if attrs.get(k) is not v:
            changed.append(f"shell.{k}")
            attrs[k] = v
    for k in [k for k in attrs if k not in p.shell_attrs and k not in _SHELL_STATE]:
        changed.append(f"shell.{k}")  # e.g. an instance attribute hiding a method (showtraceback)
        del attrs[k]
    for k, v in p.callbacks.items():
        if shell.events.callbacks.get(k) != v:
            changed.append(f"shell.events.{k}")
            shell.events.callbacks[k] = _list(v)
    if threading.active_count() > p.threads:
        changed.append("background threads")
    if (modules or classes) and p.tag_addrs:
        p.tags = _read_tags(p.tag_addrs)  # restoring changed the dicts' versions, not their contents
    return changed


_unreaped: list[int] = []


def _reap(pid: int) -> None:
    """Collect finished children without waiting for this one: tearing down a large forked
    process takes a while, and the worker has the next submission to run."""
    _unreaped.append(pid)
    for p in list(_unreaped):
        try:
            done, _ = os.waitpid(p, os.WNOHANG)
        except ChildProcessError:
            done = p
        if done:
            _unreaped.remove(p)
    if len(_unreaped) > 32:  # never let zombies pile up
        os.waitpid(_unreaped.pop(0), 0)


def _kill(pid: int) -> None:
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
            return
        except (ProcessLookupError, PermissionError):
            continue


def _send(fd: int, obj: dict, *, _dumps=json.dumps, _pack=struct.pack, _write=os.write, _mv=memoryview,
          _str=str) -> None:
    data = _dumps(obj, default=_str).encode("utf-8")
    view = _mv(_pack("!I", len(data)) + data)
    while view:
        n = _write(fd, view)
        view = view[n:]


def _forget_test(shell, lines_before: set) -> None:
    """Drop what IPython keeps of the test cell that just ran, so later trainee cells cannot read
    the test's code: the last execution result (it holds the raw cell), the compiled cell's source
    in linecache (kept for tracebacks), the last exception."""
    shell.last_execution_result = None
    for key in [k for k in linecache.cache if k not in lines_before]:
        del linecache.cache[key]
    for name in ("last_type", "last_value", "last_traceback", "last_exc"):
        if hasattr(sys, name):
            try:
                delattr(sys, name)
            except AttributeError:
                pass


def _recv(fd: int, *, _read=os.read, _unpack=struct.unpack, _loads=json.loads) -> dict | None:
    """One framed message from the parent, or None when it closed the pipe."""
    def exactly(n: int) -> bytes | None:
        chunks, got = [], 0
        while got < n:
            chunk = _read(fd, n - got)
            if not chunk:
                return None
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    head = exactly(4)
    if head is None:
        return None
    body = exactly(_unpack("!I", head)[0])
    return None if body is None else _loads(body)


def _child(cfd: int, workdir: Path, limits: Limits, readable: list[Path], wfd: int) -> None:
    os.setsid()
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.chdir(workdir)
    for var in ("HOME", "TMPDIR", "MPLCONFIGDIR", "IPYTHONDIR"):
        os.environ[var] = str(workdir)
    report = sandbox.apply(workdir, limits, readable)
    _send(wfd, {"type": "sandbox", "landlock_abi": report.landlock_abi, "netns": report.network_namespace,
                "errors": report.errors})
    shell = _warm["shell"]
    sink_ref = _warm["sink_ref"]
    sink_ref[0] = budget = _Sink(limits.output_bytes)
    sys.stdout, sys.stderr = _Stream(sink_ref, "stdout"), _Stream(sink_ref, "stderr")
    std = (sys.stdout, sys.stderr)

    def on_alarm(signum, frame):
        raise _CellTimeout()

    signal.signal(signal.SIGALRM, on_alarm)
    pristine = _warm["pristine"]
    pristine.threads = threading.active_count()
    pristine.hooks = _hooks()
    send, setitimer, monotonic, restore, restore_light = (_send, signal.setitimer, time.monotonic, _restore,
                                                          _restore_light)
    forget_test = _forget_test
    changed_state: set[str] = set()
    arm = _warm.pop("arm")
    arm()
    del arm
    recv = _recv
    while True:
        # cells arrive one at a time, each after the previous one ended: no test's code is in this
        # process before it runs (and test cells stay out of IPython's history afterwards)
        cell = recv(cfd)
        if cell is None or cell.get("type") == "stop":
            break
        i = cell["i"]
        is_test = cell.get("test", False)
        tampered: list[str] = []
        if is_test:
            tampered = restore(pristine, shell)
        sys.stdout, sys.stderr = std
        sink = _Sink(budget.remaining)
        sink.exceeded = budget.exceeded
        sink_ref[0] = sink
        lines_before = set(linecache.cache) if is_test else None
        send(wfd, {"type": "begin", "i": i})
        start = monotonic()
        timed_out = False
        try:
            # fires again every half second: code that swallows the first interrupt gets more
            setitimer(signal.ITIMER_REAL, limits.cell_timeout, 0.5)
            try:
                # test cells stay out of IPython's history (In, _ih, _i…): later trainee cells
                # must not be able to read the tests' code back
                shell.run_cell(cell["source"], store_history=not is_test, silent=False)
            finally:
                setitimer(signal.ITIMER_REAL, 0)
        except _CellTimeout:
            timed_out = True
        except _OutputLimit:
            pass
        if any(o.get("ename") == "_CellTimeout" for o in sink.outputs):
            timed_out = True
        if timed_out:
            sink.outputs = [o for o in sink.outputs if o.get("output_type") != "error"] + [dict(TIMEOUT_ERROR)]
        if is_test:
            forget_test(shell, lines_before)
        # after a test: everything (trainee functions ran inside it); after any other cell: the
        # builtins and hooks, so that the harness itself runs clean (its other references were
        # bound before the trainee's code ran)
        after = restore(pristine, shell) if is_test else restore_light(pristine)
        if not is_test:
            changed_state.update(after)
            after = []
        budget.remaining, budget.exceeded = sink.remaining, sink.exceeded
        sys.stdout, sys.stderr = std
        changed_state.update(tampered)
        send(wfd, {"type": "end", "i": i, "outputs": sink.outputs, "count": shell.execution_count - 1,
                   "seconds": monotonic() - start, "tampered": sorted(set(after))})
    send(wfd, {"type": "done", "changed_state": sorted(changed_state)})


# -- the parent --------------------------------------------------------------------------

@dataclass
class Execution:
    """What happened to one notebook."""

    cells: dict[int, dict] = field(default_factory=dict)  # cell index -> {"outputs", "count"}
    sandbox: dict = field(default_factory=dict)
    tampered: dict[int, list[str]] = field(default_factory=dict)  # test cell -> what changed while it ran
    changed_state: list[str] = field(default_factory=list)  # library state other cells changed (restored)
    setup_seconds: float = 0.0  # fork + sandbox
    problems: list[str] = field(default_factory=list)  # child died, protocol broken, killed ...
    seconds: float = 0.0


def _read_messages(rfd: int, pid: int, code_cells: list[int], limits: Limits, execution: Execution,
                   feed=None) -> None:
    buf = b""
    started = time.monotonic()
    expected = list(code_cells)
    current: int | None = None
    deadline = time.monotonic() + 30  # sandbox set-up
    max_bytes = limits.output_bytes * 4 + 1_000_000
    received = 0
    while True:
        timeout = deadline - time.monotonic()
        if timeout <= 0:
            execution.problems.append(f"cell {current} exceeded its time limit and was stopped"
                                      if current is not None else "sandbox did not start in time")
            if current is not None:
                execution.cells[current] = {"outputs": [dict(TIMEOUT_ERROR)], "count": None}
            _kill(pid)
            return
        ready, _, _ = select.select([rfd], [], [], timeout)
        if not ready:
            continue
        chunk = os.read(rfd, 1 << 16)
        if not chunk:
            if current is not None:
                execution.problems.append(f"the notebook stopped the grader while cell {current} ran")
            elif expected:
                execution.problems.append("the notebook stopped before all cells ran")
            return
        received += len(chunk)
        if received > max_bytes:
            execution.problems.append("the notebook sent more output than allowed")
            _kill(pid)
            return
        buf += chunk
        while len(buf) >= 4:
            (n,) = struct.unpack("!I", buf[:4])
            if len(buf) < 4 + n:
                break
            msg, buf = json.loads(buf[4:4 + n]), buf[4 + n:]
            kind = msg.get("type")
            if kind == "sandbox":
                execution.sandbox = msg
                execution.setup_seconds = time.monotonic() - started
                if feed:
                    feed()
            elif kind == "begin" and current is None and expected and msg["i"] == expected[0]:
                current = msg["i"]
            elif kind == "end" and msg.get("i") == current:
                execution.cells[current] = {"outputs": msg["outputs"], "count": msg.get("count"),
                                            "seconds": msg.get("seconds")}
                if msg.get("tampered"):
                    execution.tampered[current] = msg["tampered"]
                ended = expected.pop(0)
                current = None
                if feed:
                    feed(ended)
            elif kind == "done" and not expected and current is None:
                execution.changed_state = msg.get("changed_state", [])
                return
            else:
                execution.problems.append(f"unexpected message from the notebook: {str(msg)[:200]}")
                _kill(pid)
                return
            if current is not None:
                deadline = time.monotonic() + limits.cell_timeout + 5
            else:
                deadline = time.monotonic() + 30


def _scrub(objects: list) -> None:
    """In the child: empty the containers it inherited from the worker that hold instructor code
    (the notebook with its tests, the assignment snapshot). The worker's copies are untouched."""
    for obj in objects:
        for attr in ("cells", "snapshot", "notebooks", "extra_files", "source_cells"):
            inner = getattr(obj, attr, None) if not isinstance(obj, dict) else obj.get(attr)
            if hasattr(inner, "clear"):
                inner.clear()
        if hasattr(obj, "clear"):
            obj.clear()


def execute(cells: list[dict], workdir: Path, limits: Limits, readable: list[Path],
            scrub: list | None = None) -> Execution:
    """Run ``cells`` (dicts with cell_type, source, test) in a sandboxed child of this process.

    ``scrub``: objects of the caller that hold instructor code; the child empties its copies of
    them (and of ``cells``) before any trainee code runs. Cells are sent to the child one at a time.
    """
    warm_up()
    execution = Execution()
    code_cells = [i for i, c in enumerate(cells) if c["cell_type"] == "code"]
    queue = [{"i": i, "source": cells[i]["source"], "test": bool(cells[i].get("test"))} for i in code_cells]
    rfd, wfd = os.pipe()
    cfd_read, cfd_write = os.pipe()
    start = time.monotonic()
    sys.stdout.flush(), sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        try:
            os.close(rfd)
            os.close(cfd_write)
            queue.clear()
            _scrub([cells] + list(scrub or []))
            # keep only our two pipes: the worker's own (e.g. to its pool) are not the notebook's business
            low, high = sorted((wfd, cfd_read))
            os.closerange(3, low)
            os.closerange(low + 1, high)
            os.closerange(high + 1, 65536)
            _child(cfd_read, Path(workdir), limits, readable, wfd)
        except BaseException:
            pass
        finally:
            os._exit(0)
    os.close(wfd)
    os.close(cfd_read)

    waiting_for: list = [None]  # a test cell sent and not ended yet: nothing more goes before it ends

    def feed(ended: int | None = None) -> None:
        """Send the cells that may go now: everything up to and including the next test cell (the
        child reads them when due); after a test cell, wait for it to end. Bounded, so the pipe
        never fills while the child is busy writing its own report."""
        if waiting_for[0] not in (None, "more") and ended != waiting_for[0]:
            return
        waiting_for[0] = None
        sent = 0
        try:
            while queue and sent < 32_768:
                item = queue.pop(0)
                _send(cfd_write, item)
                sent += len(item["source"])
                if item["test"]:
                    waiting_for[0] = item["i"]
                    return
            if not queue:
                _send(cfd_write, {"type": "stop"})
                waiting_for[0] = -1
            else:
                waiting_for[0] = "more"
        except OSError:  # the child is gone: the reader notices
            pass

    try:
        _read_messages(rfd, pid, code_cells, limits, execution, feed)
    finally:
        os.close(rfd)
        os.close(cfd_write)
        _kill(pid)
        _reap(pid)
    for i in code_cells:
        if i not in execution.cells:
            execution.cells[i] = {"outputs": [{"output_type": "error", "ename": "NotRun",
                                               "evalue": "this cell did not run",
                                               "traceback": ["NotRun: the notebook stopped before this cell"]}],
                                  "count": None}
    execution.seconds = time.monotonic() - start
    return execution
