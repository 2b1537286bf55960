"""Take away what a grading process started as root could still do once Landlock holds.

- ``drop_capabilities``: empty effective, permitted, inheritable, ambient and bounding sets, and
  securebits locked so that nothing gives them back (uid 0 without capabilities is an ordinary
  user for the kernel: no ``sethostname``, no module loading, no ``mount``, no raw sockets, no
  reading other users' files);
- ``deny_syscalls``: a seccomp filter (x86-64) refusing what the sandbox has no other rule for —
  Unix sockets (a pathname socket on the host, e.g. a database or a container daemon, is reachable
  through Landlock), new processes (``fork``, ``vfork``, ``clone`` without ``CLONE_THREAD``; threads
  are allowed), ``io_uring`` (it could open sockets without the ``socket`` syscall) and 32-bit or x32
  system calls (another syscall table).
"""

from __future__ import annotations

import ctypes
import platform
import struct

_libc = ctypes.CDLL(None, use_errno=True)

_PR_CAPBSET_DROP, _PR_SET_SECUREBITS, _PR_CAP_AMBIENT, _PR_CAP_AMBIENT_CLEAR_ALL = 24, 28, 47, 4
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2
# NOROOT, NO_SETUID_FIXUP, KEEP_CAPS (off), NO_CAP_AMBIENT_RAISE, each with its lock
_SECUREBITS = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 3) | (1 << 5) | (1 << 6) | (1 << 7)
_CAP_VERSION_3 = 0x20080522
_SYS_CAPSET = 126  # x86-64

# seccomp BPF
_LD_ABS_W, _JEQ, _JGE, _JSET, _RET = 0x20, 0x15, 0x35, 0x45, 0x06
_ALLOW = 0x7FFF0000
_EPERM, _ENOSYS = 0x00050000 | 1, 0x00050000 | 38
_AUDIT_ARCH_X86_64 = 0xC000003E
_NR = {"socket": 41, "socketpair": 53, "clone": 56, "fork": 57, "vfork": 58, "io_uring_setup": 425,
       "clone3": 435}
_AF_UNIX, _CLONE_THREAD = 1, 0x00010000


def drop_capabilities() -> bool:
    """True when this process holds no capability afterwards."""
    for cap in range(64):
        _libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0)  # EINVAL past the last capability: fine
    _libc.prctl(_PR_CAP_AMBIENT, _PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    _libc.prctl(_PR_SET_SECUREBITS, _SECUREBITS, 0, 0, 0)  # needs CAP_SETPCAP: a no-op without it
    if platform.machine() != "x86_64":
        return False
    header = struct.pack("Ii", _CAP_VERSION_3, 0)
    data = bytes(24)  # two empty __user_cap_data_struct
    if _libc.syscall(_SYS_CAPSET, header, data) != 0:
        return False
    with open("/proc/self/status", "rb") as fh:
        effective = next(line for line in fh if line.startswith(b"CapEff:"))
    return int(effective.split()[1], 16) == 0


def _program() -> list[tuple[int, int, int, int]]:
    """The filter, assembled with labels (jumps go forward only, relative to the next instruction)."""
    code: list = [
        (_LD_ABS_W, 0, 0, 4),  # arch
        (_JEQ, "nr", "eperm", _AUDIT_ARCH_X86_64),
        ("nr", _LD_ABS_W, 0, 0, 0),  # syscall number
        (_JGE, "eperm", 0, 0x40000000),  # x32
        (_JEQ, "domain", 0, _NR["socket"]),
        (_JEQ, "domain", 0, _NR["socketpair"]),
        (_JEQ, "clone", 0, _NR["clone"]),
        (_JEQ, "enosys", 0, _NR["clone3"]),  # glibc then falls back to clone, which is checked
        (_JEQ, "eperm", 0, _NR["fork"]),
        (_JEQ, "eperm", 0, _NR["vfork"]),
        (_JEQ, "eperm", 0, _NR["io_uring_setup"]),
        (_RET, 0, 0, _ALLOW),
        ("domain", _LD_ABS_W, 0, 0, 16),  # args[0], low 32 bits
        (_JEQ, "eperm", 0, _AF_UNIX),
        (_RET, 0, 0, _ALLOW),
        ("clone", _LD_ABS_W, 0, 0, 16),
        (_JSET, 0, "eperm", _CLONE_THREAD),
        (_RET, 0, 0, _ALLOW),
        ("eperm", _RET, 0, 0, _EPERM),
        ("enosys", _RET, 0, 0, _ENOSYS),
    ]
    labels, plain = {}, []
    for i, ins in enumerate(code):
        if isinstance(ins[0], str):
            labels[ins[0]] = i
            ins = ins[1:]
        plain.append(ins)
    out = []
    for i, (op, jt, jf, k) in enumerate(plain):
        jt = labels[jt] - i - 1 if isinstance(jt, str) else jt
        jf = labels[jf] - i - 1 if isinstance(jf, str) else jf
        out.append((op, jt, jf, k))
    return out


def deny_syscalls() -> bool:
    """Install the filter (after ``PR_SET_NO_NEW_PRIVS``); True when it holds."""
    if platform.machine() != "x86_64":
        return False
    prog = b"".join(struct.pack("HBBI", *ins) for ins in _program())
    buf = ctypes.create_string_buffer(prog)
    fprog = struct.pack("HxxxxxxQ", len(prog) // 8, ctypes.addressof(buf))
    _libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    return _libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, fprog, 0, 0) == 0
