"""The wire format between the trainee process and the verifier: plain data crosses as base types,
anything malformed is refused, and a proxy never lets the trainee's object speak for itself."""

import math

import numpy as np
import pandas as pd
import pytest

from aijourney.grading.channel import ChannelError, pack, unpack
from aijourney.grading.plaindata import Unsupported, WireError, decode, encode
from aijourney.grading.remote import CallableProxy, Proxy, ResolvingNamespace


class Liar(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


class LyingDict(dict):
    def __eq__(self, other):
        return True


class LyingArray(np.ndarray):
    def __eq__(self, other):
        return np.ones(self.shape, dtype=bool)


def roundtrip(value):
    tree, blobs = encode(value)
    msg, views = unpack(memoryview(pack({"v": tree}, blobs))[4:])
    return decode(msg["v"], views)


@pytest.mark.parametrize("value", [
    None, True, 0, -7, 2**70, 1.5, "chào", b"\x00\xff", 3 + 4j, [1, [2, (3, 4)]], {"a": {1, 2}, 3: frozenset("x")},
])
def test_plain_values_cross_unchanged(value):
    assert roundtrip(value) == value and type(roundtrip(value)) is type(value)


def test_floats_that_json_cannot_hold():
    assert math.isnan(roundtrip(float("nan"))) and roundtrip(float("-inf")) == float("-inf")


def test_subclasses_arrive_as_their_base_type():
    got = roundtrip(Liar(5))
    assert type(got) is int and got != 6
    got = roundtrip(LyingDict(a=1))
    assert type(got) is dict and got != {"a": 2}
    got = roundtrip(np.arange(3).view(LyingArray))
    assert type(got) is np.ndarray and not np.array_equal(got, [9, 9, 9])


def test_numpy_and_pandas():
    arr = np.arange(12, dtype=np.int32).reshape(3, 4)[:, ::2]  # not contiguous
    assert np.array_equal(roundtrip(arr), arr) and roundtrip(arr).dtype == np.int32
    assert roundtrip(np.float64(2.5)) == 2.5 and type(roundtrip(np.float64(2.5))) is np.float64
    df = pd.DataFrame({"x": [1, 2], "s": ["a", None], "t": pd.to_datetime(["2026-01-01", "2026-02-01"])},
                      index=pd.Index(["r1", "r2"], name="dong"))
    back = roundtrip(df)
    pd.testing.assert_frame_equal(back, df, check_dtype=False)
    series = roundtrip(df["x"])
    assert type(series) is pd.Series and series.name == "x" and list(series.index) == ["r1", "r2"]


def test_objects_that_are_not_data_need_a_handle():
    with pytest.raises(Unsupported):
        encode(object())
    with pytest.raises(Unsupported):
        encode(np.array([object()], dtype=object))
    tree, _ = encode([1, print], other=lambda obj: {"$p": {"h": 7, "type": "builtin", "callable": True}})
    assert tree == {"$l": [1, {"$p": {"h": 7, "type": "builtin", "callable": True}}]}


@pytest.mark.parametrize("tree", [
    {"$a": {"dtype": "O", "shape": [1], "blob": 0}},  # object arrays would unpickle nothing, but are refused
    {"$a": {"dtype": "V8", "shape": [1], "blob": 0}},
    {"$a": {"dtype": "<f8", "shape": [2], "blob": 0}},  # 8 bytes for 2 floats
    {"$a": {"dtype": "<f8", "shape": [-1], "blob": 0}},
    {"$d": [[1]]},
    {"$x": 1},
    {"$l": 5},
    {"$p": {"h": 1}},  # a handle where none is expected
    {"$ps": [{"$a": {"dtype": "<i8", "shape": [1], "blob": 0}}, {"$pr": [0, 2, 1, None]}, None]},  # length mismatch
    [1, 2],  # bare JSON lists are not a node
])
def test_malformed_trees_are_refused(tree):
    with pytest.raises(WireError):
        decode(tree, [memoryview(np.zeros(1).tobytes())])


def test_frames_are_checked():
    frame = pack({"type": "x"}, [b"abc"])
    with pytest.raises(ChannelError):
        unpack(memoryview(frame)[4:-1])
    with pytest.raises(ChannelError):
        unpack(memoryview(b"\x00\x00\x00\x05[1,2]"))


class FakeRemote:
    def __init__(self):
        self.asked = []

    def request(self, op, h=None, args=(), kwargs=None, **extra):
        self.asked.append((op, extra.get("attr")))
        if op == "getattr":
            return {"data": (id(self), False), "shape": (1,), "typestr": "<f8", "version": 3}
        if op == "len":
            return Liar(3)
        return None

    def lookup(self, name):
        self.asked.append(("name", name))
        if name == "ham":
            return 42
        raise NameError(name)


def test_a_proxy_does_not_let_the_trainee_speak_for_it():
    remote = FakeRemote()
    proxy = CallableProxy(remote, 1, "x.Model")
    assert proxy != proxy.__class__(remote, 1, "x.Model")  # identity only
    np.asarray(proxy, dtype=object)  # numpy looks for __array_interface__: never asked of the trainee
    assert not any(attr and attr.startswith("__") for _, attr in remote.asked)
    with pytest.raises(TypeError):
        len(proxy)  # a lying int subclass is not an int
    with pytest.raises(AttributeError):
        proxy.x = 1
    assert isinstance(Proxy(remote, 2, "y"), Proxy) and not callable(Proxy(remote, 2, "y"))


def test_test_names_resolve_to_own_then_builtins_then_trainee():
    remote = FakeRemote()
    ns = ResolvingNamespace(remote)
    ns["own"] = 1
    exec("a = own + ham\nb = len([1])", ns, ns)
    assert ns["a"] == 43 and ns["b"] == 1
    assert ("name", "len") not in remote.asked and ("name", "own") not in remote.asked
    with pytest.raises(NameError):
        exec("missing_name", ns, ns)
