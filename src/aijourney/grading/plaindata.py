"""Plain data across the trust boundary: encode values as JSON trees plus raw byte blobs, and
decode them back as *base types only* — never pickle, never a trainee's class.

Plain data: None, bool, int, float, complex, str, bytes; list, tuple, dict, set, frozenset of
plain data; numpy arrays and scalars of non-object dtypes (object arrays whose items are plain
scalars too); pandas Index/RangeIndex, Series and DataFrame built from those. Anything else is
handed to ``other`` (the trainee side turns it into a proxy handle; the verifier side sends back a
handle it got, or refuses). The decoder checks every node: a malformed or oversized tree raises
``WireError`` instead of building anything.

A subclass (an ``int`` whose ``__eq__`` says yes to everything, a ``DataFrame`` subclass…) is
copied as its base value: the overridden behaviour stays in the process that defined it.
"""

from __future__ import annotations

import math
import re
import sys
from typing import Any, Callable

MAX_DEPTH = 48
MAX_ITEMS = 5_000_000
_DTYPE = re.compile(r"^[<>|=]?(?:b1|[iu][1248]|f[248]|c(?:8|16)|U\d{1,7}|S\d{1,7}|[Mm]8(?:\[\d*[a-zA-Z]{1,2}\])?)$")
_SCALARS = (type(None), bool, int, float, str)


class WireError(ValueError):
    """A value that is not well-formed plain data."""


class Unsupported(TypeError):
    """A value that is not plain data (the caller decides: proxy or refuse)."""


# -- encoding --------------------------------------------------------------------------------

class Encoder:
    def __init__(self, other: Callable[[Any], dict] | None = None):
        self.blobs: list[bytes] = []
        self.items = 0
        self.other = other

    def blob(self, data: bytes) -> int:
        self.blobs.append(data)
        return len(self.blobs) - 1

    def __call__(self, obj: Any, depth: int = 0) -> Any:
        self.items += 1
        if depth > MAX_DEPTH or self.items > MAX_ITEMS:
            raise Unsupported("value too deep or too large")
        t = type(obj)
        if obj is None or t is bool or t is str or t is int:
            return obj
        if t is float:
            return obj if math.isfinite(obj) else {"$f": repr(obj)}
        if t is complex:
            return {"$c": [self(obj.real, depth + 1), self(obj.imag, depth + 1)]}
        if t is bytes:
            return {"$b": self.blob(obj)}
        if t in (list, tuple, set, frozenset):
            tag = {list: "$l", tuple: "$t", set: "$s", frozenset: "$fs"}[t]
            return {tag: [self(v, depth + 1) for v in obj]}
        if t is dict:
            return {"$d": [[self(k, depth + 1), self(v, depth + 1)] for k, v in obj.items()]}
        tree = _encode_scientific(self, obj, t, depth)
        if tree is not None:
            return tree
        base = _base_value(obj)
        if base is not None:
            return self(base[0], depth)
        if self.other is None:
            raise Unsupported(f"{t.__module__}.{t.__qualname__} is not plain data")
        return self.other(obj)


def _base_value(obj: Any) -> tuple | None:
    """A subclass of a plain type, as its base value (converted where it lives)."""
    for base in (bool, int, float, complex, str, bytes, list, tuple, dict, set, frozenset):
        if isinstance(obj, base):
            try:
                value = base(obj)
            except Exception:
                return None
            return (value,) if type(value) is base else None
    return None


def _array_tree(enc: Encoder, arr, depth: int) -> dict:
    if arr.dtype.kind == "O":
        items = arr.ravel().tolist()
        if not all(type(v) in _SCALARS for v in items):
            raise Unsupported("object array with non-scalar items")
        return {"$ao": {"shape": list(arr.shape), "items": [enc(v, depth + 1) for v in items]}}
    if arr.dtype.kind not in "biufcUSMm" or arr.dtype.fields is not None:
        raise Unsupported(f"array of dtype {arr.dtype}")
    arr = arr if arr.flags.c_contiguous else arr.copy(order="C")
    return {"$a": {"dtype": arr.dtype.str, "shape": list(arr.shape), "blob": enc.blob(arr.tobytes())}}


def _encode_scientific(enc: Encoder, obj: Any, t: type, depth: int) -> dict | None:
    np, pd = sys.modules.get("numpy"), sys.modules.get("pandas")
    if np is not None and isinstance(obj, (np.ndarray, np.generic)):
        if isinstance(obj, np.ndarray):
            return _array_tree(enc, obj.view(np.ndarray), depth)
        if obj.dtype.kind not in "OV":
            return {"$ns": _array_tree(enc, np.asarray(obj), depth)["$a"]}
        return None
    if pd is None or not isinstance(obj, (pd.Index, pd.Series, pd.DataFrame)):
        return None
    try:
        if isinstance(obj, pd.RangeIndex):
            return {"$pr": [obj.start, obj.stop, obj.step, enc(obj.name, depth + 1)]}
        if isinstance(obj, pd.MultiIndex):
            return None
        if isinstance(obj, pd.Index):
            return {"$pi": [_array_tree(enc, obj.to_numpy(), depth), enc(obj.name, depth + 1)]}
        if isinstance(obj, pd.Series):
            return {"$ps": [_array_tree(enc, obj.to_numpy(), depth), enc(obj.index, depth + 1),
                            enc(obj.name, depth + 1)]}
        if isinstance(obj, pd.DataFrame):
            cols = [_array_tree(enc, obj.iloc[:, j].to_numpy(), depth) for j in range(obj.shape[1])]
            return {"$pd": [cols, enc(obj.columns, depth + 1), enc(obj.index, depth + 1)]}
    except Unsupported:
        return None
    return None


def encode(obj: Any, other: Callable[[Any], dict] | None = None) -> tuple[Any, list[bytes]]:
    enc = Encoder(other)
    return enc(obj), enc.blobs


# -- decoding --------------------------------------------------------------------------------

class Decoder:
    def __init__(self, blobs: list, handle: Callable[[str, Any], Any] | None = None):
        self.blobs = blobs
        self.handle = handle  # ("$p" | "$m" | "$r", payload) -> object, for non-data nodes
        self.items = 0

    def __call__(self, tree: Any, depth: int = 0) -> Any:
        self.items += 1
        if depth > MAX_DEPTH or self.items > MAX_ITEMS:
            raise WireError("value too deep or too large")
        t = type(tree)
        if tree is None or t in (bool, int, str, float):
            return tree
        if t is not dict or len(tree) != 1:
            raise WireError(f"unexpected node {t.__name__}")
        (tag, body), = tree.items()
        return self.node(tag, body, depth)

    def node(self, tag: str, body: Any, depth: int) -> Any:
        if tag == "$f":
            if body not in ("nan", "inf", "-inf"):
                raise WireError("bad float")
            return float(body)
        if tag == "$c":
            re_, im = self.seq(body, depth)
            if type(re_) is not float and type(re_) is not int or type(im) is not float and type(im) is not int:
                raise WireError("bad complex")
            return complex(re_, im)
        if tag == "$b":
            return bytes(self.blob(body))
        if tag in ("$l", "$t", "$s", "$fs"):
            items = self.seq(body, depth)
            return {"$l": list, "$t": tuple, "$s": set, "$fs": frozenset}[tag](items)
        if tag == "$d":
            if type(body) is not list:
                raise WireError("bad dict")
            out = {}
            for pair in body:
                if type(pair) is not list or len(pair) != 2:
                    raise WireError("bad dict item")
                out[self(pair[0], depth + 1)] = self(pair[1], depth + 1)
            return out
        if tag in ("$a", "$ao", "$ns", "$pi", "$pr", "$ps", "$pd"):
            return _decode_scientific(self, tag, body, depth)
        if tag in ("$p", "$m", "$r") and self.handle is not None:
            return self.handle(tag, body)
        raise WireError(f"unknown tag {tag!r}")

    def seq(self, body: Any, depth: int) -> list:
        if type(body) is not list:
            raise WireError("bad sequence")
        return [self(v, depth + 1) for v in body]

    def blob(self, index: Any) -> memoryview:
        if type(index) is not int or not 0 <= index < len(self.blobs):
            raise WireError("bad blob reference")
        return self.blobs[index]


def _shape(body: Any) -> tuple[int, ...]:
    shape = body.get("shape") if type(body) is dict else None
    if type(shape) is not list or len(shape) > 32 or not all(type(n) is int and n >= 0 for n in shape):
        raise WireError("bad array shape")
    return tuple(shape)


def _array(dec: Decoder, body: Any):
    import numpy as np

    shape = _shape(body)
    dtype = body.get("dtype")
    if type(dtype) is not str or not _DTYPE.match(dtype):
        raise WireError(f"dtype not allowed: {dtype!r}")
    dt = np.dtype(dtype)
    data = dec.blob(body.get("blob"))
    if math.prod(shape) * dt.itemsize != len(data):
        raise WireError("array size does not match its data")
    return np.frombuffer(data, dtype=dt).reshape(shape).copy()


def _object_array(dec: Decoder, body: Any, depth: int):
    import numpy as np

    shape = _shape(body)
    items = dec.seq(body.get("items"), depth)
    if not all(type(v) in _SCALARS for v in items) or len(items) != math.prod(shape):
        raise WireError("bad object array")
    arr = np.empty(len(items), dtype=object)
    arr[:] = items
    return arr.reshape(shape)


def _decode_scientific(dec: Decoder, tag: str, body: Any, depth: int) -> Any:
    if tag == "$a":
        return _array(dec, body)
    if tag == "$ao":
        return _object_array(dec, body, depth)
    if tag == "$ns":
        arr = _array(dec, body)
        if arr.shape != ():
            raise WireError("bad numpy scalar")
        return arr[()]
    import pandas as pd

    if type(body) is not list:
        raise WireError("bad pandas node")

    def values(node):
        if type(node) is not dict or len(node) != 1 or next(iter(node)) not in ("$a", "$ao"):
            raise WireError("bad pandas values")
        arr = dec(node, depth + 1)
        if arr.ndim != 1:
            raise WireError("pandas values must be one-dimensional")
        return arr

    def index(node):
        idx = dec(node, depth + 1)
        if not isinstance(idx, pd.Index):
            raise WireError("bad pandas index")
        return idx

    if tag == "$pr" and len(body) == 4 and all(type(v) is int for v in body[:3]) and body[2] != 0:
        return pd.RangeIndex(body[0], body[1], body[2], name=_label(dec(body[3], depth + 1)))
    if tag == "$pi" and len(body) == 2:
        return pd.Index(values(body[0]), name=_label(dec(body[1], depth + 1)), tupleize_cols=False)
    if tag == "$ps" and len(body) == 3:
        vals, idx = values(body[0]), index(body[1])
        if len(vals) != len(idx):
            raise WireError("series length does not match its index")
        return pd.Series(vals, index=idx, name=_label(dec(body[2], depth + 1)), copy=False)
    if tag == "$pd" and len(body) == 3 and type(body[0]) is list:
        cols, columns, idx = [values(c) for c in body[0]], index(body[1]), index(body[2])
        if len(cols) != len(columns) or any(len(c) != len(idx) for c in cols):
            raise WireError("data frame shape does not match its labels")
        frame = pd.DataFrame(dict(enumerate(cols)), index=idx) if cols else pd.DataFrame(index=idx)
        frame.columns = columns
        return frame
    raise WireError(f"bad {tag} node")


def _label(value: Any) -> Any:
    if type(value) not in _SCALARS and type(value) is not tuple:
        raise WireError("a pandas name must be a scalar")
    return value


def decode(tree: Any, blobs: list, handle: Callable[[str, Any], Any] | None = None) -> Any:
    return Decoder(blobs, handle)(tree)
