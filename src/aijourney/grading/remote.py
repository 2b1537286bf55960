"""The trainee's values, as tests in the verifier see them.

In the verifier, a test cell's names resolve first to what the instructor's own cells defined
(read-only set-up cells and earlier tests), then to the trainee's values. Plain data crosses as
a copy of its base type (``plaindata``); anything else is a ``Proxy`` whose attribute reads,
calls, ``len``, iteration, indexing and conversions are requests to the trainee process, with
plain-data arguments. A proxy has no comparison of its own (identity only), so an answer object
cannot declare itself equal to the expected value.

In an ordinary notebook (no verifier) ``trainee_module(name)`` simply imports the module, so a
visible test written with it runs the same in the trainee's Lab.
"""

from __future__ import annotations

import builtins
import sys
import time
from typing import Any

from . import plaindata
from .capture import CellTimeout

_REMOTE: "Remote | None" = None  # set in the verifier process


class TraineeGone(BaseException):
    """The trainee process died or broke the protocol: the test cell cannot go on."""


class TraineeError(Exception):
    """An exception raised by trainee code that is not a built-in exception type."""


_BUILTIN_ERRORS = {name: obj for name, obj in vars(builtins).items()
                   if isinstance(obj, type) and issubclass(obj, Exception)}


class Remote:
    """Requests to the trainee process, through the verifier's channel to its worker."""

    def __init__(self, channel, deadline_of_cell):
        self.channel = channel
        self.deadline_of_cell = deadline_of_cell  # () -> monotonic deadline of the running cell
        self.own_modules = False  # while looking up a name: a library module is the verifier's own

    def request(self, op: str, h: int | None = None, args: tuple = (), kwargs: dict | None = None, **extra) -> Any:
        tree, blobs = plaindata.encode([list(args), dict(kwargs or {})], self._outgoing)
        msg = {"type": "req", "op": op, "payload": tree,
               "timeout": max(self.deadline_of_cell() - time.monotonic(), 0.0), **extra}
        if h is not None:
            msg["h"] = h
        self.channel.send(msg, blobs)
        reply, rblobs = self.channel.recv(None)
        if reply.get("type") != "rep":
            raise TraineeGone("unexpected reply")
        if reply.get("timeout"):
            raise CellTimeout()
        if reply.get("dead"):
            raise TraineeGone(str(reply.get("dead")))
        if reply.get("stop"):
            raise StopIteration
        if "err" in reply:
            raise _error(reply["err"])
        try:
            return plaindata.decode(reply.get("value"), rblobs, self._incoming)
        except plaindata.WireError as exc:
            raise TraineeError(f"the answer is not readable data ({exc})") from None

    def _outgoing(self, obj: Any) -> dict:
        if isinstance(obj, Proxy) and object.__getattribute__(obj, "_aj_remote") is self:
            return {"$r": object.__getattribute__(obj, "_aj_handle")}
        t = type(obj)
        raise TypeError(f"{t.__module__}.{t.__qualname__} cannot be passed to trainee code: tests may pass "
                        "plain data or the trainee's own objects (see docs/authoring.md)")

    def _incoming(self, tag: str, body: Any) -> Any:
        if type(body) is not dict or type(body.get("h")) is not int:
            raise plaindata.WireError("bad handle")
        if tag == "$m":
            name = body.get("name")
            own = sys.modules.get(name) if type(name) is str and self.own_modules else None
            if own is not None:  # `np` in a test: the verifier's numpy, never the trainee's
                return own
            return Proxy(self, body["h"], f"module {str(name)[:100]}")
        if tag == "$p":
            cls = CallableProxy if body.get("callable") is True else Proxy
            return cls(self, body["h"], str(body.get("type"))[:200])
        raise plaindata.WireError(f"unexpected {tag}")

    def lookup(self, name: str) -> Any:
        self.own_modules = True
        try:
            return self.request("name", name=name)
        finally:
            self.own_modules = False

    def import_module(self, name: str) -> Any:
        return self.request("import", module=name)


def _error(err: Any) -> Exception:
    name = str(err.get("type")) if isinstance(err, dict) else "Error"
    message = str(err.get("msg", ""))[:2000] if isinstance(err, dict) else ""
    cls = _BUILTIN_ERRORS.get(name)
    return cls(message) if cls is not None else TraineeError(f"{name}: {message}")


class Proxy:
    """A trainee object that stays in the trainee process."""

    __slots__ = ("_aj_remote", "_aj_handle", "_aj_type")

    def __init__(self, remote: Remote, handle: int, type_name: str):
        object.__setattr__(self, "_aj_remote", remote)
        object.__setattr__(self, "_aj_handle", handle)
        object.__setattr__(self, "_aj_type", type_name)

    def _aj(self, op: str, *args, **extra):
        remote = object.__getattribute__(self, "_aj_remote")
        return remote.request(op, object.__getattribute__(self, "_aj_handle"), args, **extra)

    def __getattr__(self, name: str) -> Any:
        # special names are never asked of the trainee: libraries look them up to decide how to
        # treat an object (``__array_interface__`` would hand the verifier a memory address)
        if name.startswith("_aj_") or name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return self._aj("getattr", attr=name)

    def __setattr__(self, name, value):
        raise AttributeError("tests cannot change the trainee's objects")

    def __len__(self) -> int:
        return _exact(self._aj("len"), int)

    def __iter__(self):
        return self._aj("iter")

    def __next__(self):
        return self._aj("next")

    def __getitem__(self, key):
        return self._aj("getitem", key)

    def __contains__(self, item) -> bool:
        return _exact(self._aj("contains", item), bool)

    def __bool__(self) -> bool:
        return _exact(self._aj("bool"), bool)

    def __float__(self) -> float:
        return _exact(self._aj("float"), float)

    def __int__(self) -> int:
        return _exact(self._aj("int"), int)

    def __index__(self) -> int:
        return _exact(self._aj("index"), int)

    def __str__(self) -> str:
        return _exact(self._aj("str"), str)

    def __repr__(self) -> str:
        try:
            return _exact(self._aj("repr"), str)
        except Exception:
            return f"<{object.__getattribute__(self, '_aj_type')}>"


class CallableProxy(Proxy):
    __slots__ = ()

    def __call__(self, *args, **kwargs):
        remote = object.__getattribute__(self, "_aj_remote")
        return remote.request("call", object.__getattribute__(self, "_aj_handle"), args, kwargs)


def _exact(value: Any, kind: type) -> Any:
    if type(value) is not kind:
        raise TypeError(f"expected {kind.__name__}, the trainee's object gave {type(value).__name__}")
    return value


class ResolvingNamespace(dict):
    """A test cell's namespace: its own names first, then the builtins, then the trainee's."""

    def __init__(self, remote: Remote):
        super().__init__()
        self._remote = remote
        self._cell_cache: dict[str, Any] = {}

    def __missing__(self, name: str) -> Any:
        if name in builtins.__dict__ or name.startswith("__"):
            raise KeyError(name)
        if name in self._cell_cache:
            return self._cell_cache[name]
        try:
            value = self._remote.lookup(name)
        except NameError:
            raise KeyError(name) from None
        self._cell_cache[name] = value
        return value

    def new_cell(self) -> None:
        """Trainee values may change between cells: look them up again."""
        self._cell_cache = {}


def trainee_module(name: str) -> Any:
    """The module ``name`` as the trainee's code sees it: in a test run by the grader, a proxy
    to the module in the trainee process (e.g. to create a figure the trainee's function draws
    on); in an ordinary notebook, the module itself."""
    if _REMOTE is None:
        import importlib

        return importlib.import_module(name)
    return _REMOTE.import_module(name)
