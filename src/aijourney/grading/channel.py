"""Framed messages over a Unix stream socket, with a deadline on every read and write.

A frame is ``u32 length | u32 header length | header (JSON) | blobs``; the header lists the
lengths of the binary blobs that follow it (array data travels as raw bytes, never pickled).
Every ``send``/``recv`` takes an absolute deadline (``time.monotonic()``); the socket is
non-blocking, so a peer that stops reading or writing costs at most the time left, never a hang.
Frames larger than ``max_frame`` are refused before they are read.
"""

from __future__ import annotations

import json
import select
import socket
import struct
import time

_HEAD = struct.Struct("!II")
DEFAULT_MAX_FRAME = 256 * 1024 * 1024


class ChannelError(Exception):
    """The peer broke the protocol (bad frame, too large)."""


class ChannelClosed(ChannelError):
    """The peer closed its end (or died)."""


class ChannelTimeout(ChannelError):
    """The deadline passed before the frame went through."""


def pack(msg: dict, blobs: list[bytes] | tuple = ()) -> bytes:
    header = json.dumps({**msg, "_blobs": [len(b) for b in blobs]}, separators=(",", ":"), default=str).encode("utf-8")
    body = b"".join(blobs)
    return _HEAD.pack(4 + len(header) + len(body), len(header)) + header + body


def unpack(frame: bytes) -> tuple[dict, list[memoryview]]:
    """``frame`` without its leading length word."""
    if len(frame) < 4:
        raise ChannelError("frame too short")
    (n,) = struct.unpack("!I", frame[:4])
    if n > len(frame) - 4:
        raise ChannelError("bad header length")
    try:
        msg = json.loads(bytes(frame[4:4 + n]))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ChannelError(f"bad header: {exc}") from None
    if not isinstance(msg, dict) or not isinstance(msg.get("_blobs"), list):
        raise ChannelError("bad header: not a message")
    view, at, blobs = memoryview(frame), 4 + n, []
    for size in msg.pop("_blobs"):
        if type(size) is not int or size < 0 or at + size > len(frame):
            raise ChannelError("bad blob length")
        blobs.append(view[at:at + size])
        at += size
    if at != len(frame):
        raise ChannelError("trailing bytes in frame")
    return msg, blobs


class Channel:
    """One end of a socket pair. ``deadline=None`` waits as long as it takes."""

    def __init__(self, sock: socket.socket, max_frame: int = DEFAULT_MAX_FRAME):
        self.sock = sock
        self.max_frame = max_frame
        sock.setblocking(False)
        self._buf = bytearray()

    def fileno(self) -> int:
        return self.sock.fileno()

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass

    def _wait(self, write: bool, deadline: float | None) -> None:
        timeout = None if deadline is None else deadline - time.monotonic()
        if timeout is not None and timeout <= 0:
            raise ChannelTimeout("deadline passed")
        r, w, _ = select.select([] if write else [self.sock], [self.sock] if write else [], [], timeout)
        if not (r or w):
            raise ChannelTimeout("deadline passed")

    def send_raw(self, frame: bytes | memoryview, deadline: float | None) -> None:
        view = memoryview(frame)
        while view:
            try:
                n = self.sock.send(view)
            except BlockingIOError:
                self._wait(True, deadline)
                continue
            except (BrokenPipeError, ConnectionResetError) as exc:
                raise ChannelClosed(str(exc)) from None
            view = view[n:]

    def send(self, msg: dict, blobs: list[bytes] | tuple = (), deadline: float | None = None) -> None:
        self.send_raw(pack(msg, blobs), deadline)

    def _fill(self, need: int, deadline: float | None) -> None:
        while len(self._buf) < need:
            try:
                chunk = self.sock.recv(max(need - len(self._buf), 1 << 16))
            except BlockingIOError:
                self._wait(False, deadline)
                continue
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                raise ChannelClosed("peer closed the channel")
            self._buf += chunk

    def recv_raw(self, deadline: float | None) -> bytes:
        """One whole frame (length word included), for relaying it unread."""
        self._fill(4, deadline)
        (n,) = struct.unpack("!I", self._buf[:4])
        if n > self.max_frame:
            raise ChannelError(f"frame of {n} bytes is over the {self.max_frame} byte limit")
        self._fill(4 + n, deadline)
        frame = bytes(self._buf[:4 + n])
        del self._buf[:4 + n]
        return frame

    def recv(self, deadline: float | None = None) -> tuple[dict, list[memoryview]]:
        return unpack(memoryview(self.recv_raw(deadline))[4:])
