"""Confine the current process before it runs a trainee's code (Linux).

Layers, each applied when the kernel offers it (``apply`` reports which ones held):

- **Landlock** (unprivileged LSM): the filesystem becomes an allowlist — read-only access to the
  interpreter, the installed packages and the course datasets; read-write access only to the
  submission's own temporary directory. Course sources, hidden tests, the gradebook and other
  trainees' files are simply not reachable. Where the kernel's Landlock ABI has them: no TCP
  bind/connect, no signals to processes outside the sandbox, no abstract Unix sockets.
- **Namespaces** (``unshare``, as root or through a user namespace): its own network (no
  interface but a down loopback), host name and System V IPC.
- **Resource limits**: address space, CPU time, file size, open files, no core dumps.
- ``PR_SET_NO_NEW_PRIVS``: nothing executed later can gain privileges.
- **No capabilities and a seccomp filter** (``privileges``): no Unix sockets, no new processes.
"""

from __future__ import annotations

import ctypes
import os
import resource
import sys
from dataclasses import dataclass, field
from pathlib import Path

_libc = ctypes.CDLL(None, use_errno=True)
_SYS_LANDLOCK_CREATE_RULESET = 444
_SYS_LANDLOCK_ADD_RULE = 445
_SYS_LANDLOCK_RESTRICT_SELF = 446
_LANDLOCK_CREATE_RULESET_VERSION = 1
_LANDLOCK_RULE_PATH_BENEATH = 1
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_PDEATHSIG = 1
_CLONE_NEWNET = 0x40000000
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWUTS, _CLONE_NEWIPC = 0x04000000, 0x08000000

# filesystem access rights, by ABI version
_FS = {
    "execute": 1 << 0, "write_file": 1 << 1, "read_file": 1 << 2, "read_dir": 1 << 3,
    "remove_dir": 1 << 4, "remove_file": 1 << 5, "make_char": 1 << 6, "make_dir": 1 << 7,
    "make_reg": 1 << 8, "make_sock": 1 << 9, "make_fifo": 1 << 10, "make_block": 1 << 11,
    "make_sym": 1 << 12, "refer": 1 << 13, "truncate": 1 << 14, "ioctl_dev": 1 << 15,
}
_READ = _FS["execute"] | _FS["read_file"] | _FS["read_dir"]
_NET_BIND_TCP, _NET_CONNECT_TCP = 1 << 0, 1 << 1
_SCOPE_ABSTRACT_UNIX_SOCKET, _SCOPE_SIGNAL = 1 << 0, 1 << 1


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


@dataclass
class Limits:
    """What one submission may use."""

    memory_mb: int = 2048  # address space (RLIMIT_AS)
    cpu_seconds: int = 300  # CPU time of the whole submission
    file_size_mb: int = 64  # largest file it may write
    open_files: int = 256
    cell_timeout: float = 30.0  # wall clock per cell
    output_bytes: int = 1_000_000  # stdout + stderr + displays, whole submission


@dataclass
class Report:
    landlock_abi: int = 0
    network_namespace: bool = False
    rlimits: bool = False
    no_capabilities: bool = False
    seccomp: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def filesystem_confined(self) -> bool:
        return self.landlock_abi > 0

    @property
    def network_blocked(self) -> bool:
        return self.network_namespace or self.landlock_abi >= 4


def die_with_parent(parent: int) -> None:
    """This process gets SIGKILL when its parent dies (``PR_SET_PDEATHSIG``); exits at once if
    the parent is already gone."""
    import signal

    _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def landlock_abi() -> int:
    abi = _libc.syscall(_SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0),
                        ctypes.c_uint32(_LANDLOCK_CREATE_RULESET_VERSION))
    return max(int(abi), 0)


def default_readable() -> list[Path]:
    """Paths a notebook legitimately reads: the interpreter, packages, system libraries, fonts.
    Not /proc/self: its ``mem`` and ``environ`` would expose the grader's memory and settings."""
    paths = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix)}
    paths.update(Path(p) for p in sys.path if p and os.path.isdir(p))
    for p in ("/usr", "/lib", "/lib64", "/bin", "/etc/fonts", "/etc/localtime", "/etc/ld.so.cache",
              "/dev/null", "/dev/zero", "/dev/urandom", "/dev/random", "/proc/cpuinfo", "/proc/meminfo",
              "/sys/devices/system/cpu", "/sys/fs/cgroup"):
        paths.add(Path(p))
    return sorted(p for p in paths if p.exists())


def _landlock(readable: list[Path], writable: list[Path], abi: int) -> None:
    handled_fs = 0
    for name, bit in _FS.items():
        if name == "refer" and abi < 2 or name == "truncate" and abi < 3 or name == "ioctl_dev" and abi < 5:
            continue
        handled_fs |= bit
    attr = _RulesetAttr(handled_fs, (_NET_BIND_TCP | _NET_CONNECT_TCP) if abi >= 4 else 0,
                        (_SCOPE_ABSTRACT_UNIX_SOCKET | _SCOPE_SIGNAL) if abi >= 6 else 0)
    size = ctypes.sizeof(_RulesetAttr) if abi >= 6 else (16 if abi >= 4 else 8)
    ruleset = _libc.syscall(_SYS_LANDLOCK_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset")
    try:
        for paths, rights in ((readable, _READ), (writable, handled_fs)):
            for path in paths:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
                try:
                    allowed = rights if os.path.isdir(path) else rights & (
                        _FS["execute"] | _FS["read_file"] | _FS["write_file"] | (_FS["truncate"] if abi >= 3 else 0))
                    rule = _PathBeneathAttr(allowed & handled_fs, fd)
                    if _libc.syscall(_SYS_LANDLOCK_ADD_RULE, ruleset, _LANDLOCK_RULE_PATH_BENEATH,
                                     ctypes.byref(rule), ctypes.c_uint32(0)) < 0:
                        raise OSError(ctypes.get_errno(), f"landlock_add_rule {path}")
                finally:
                    os.close(fd)
        if _libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(NO_NEW_PRIVS)")
        if _libc.syscall(_SYS_LANDLOCK_RESTRICT_SELF, ruleset, ctypes.c_uint32(0)) < 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self")
    finally:
        os.close(ruleset)


def _unshare_network() -> bool:
    """A network namespace (and, where allowed, its own host name and System V IPC)."""
    if _libc.unshare(_CLONE_NEWNET | _CLONE_NEWUTS | _CLONE_NEWIPC) == 0 or _libc.unshare(_CLONE_NEWNET) == 0:
        return True
    # unprivileged: a user namespace first (maps nothing, which is fine: we only need the netns)
    return _libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) == 0


def _rlimits(limits: Limits) -> None:
    mb = 1024 * 1024
    for res, value in (
        (resource.RLIMIT_AS, limits.memory_mb * mb),
        (resource.RLIMIT_CPU, limits.cpu_seconds),
        (resource.RLIMIT_FSIZE, limits.file_size_mb * mb),
        (resource.RLIMIT_NOFILE, limits.open_files),
        (resource.RLIMIT_CORE, 0),
    ):
        soft, hard = resource.getrlimit(res)
        new = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(res, (new, new))


def apply(workdir: Path, limits: Limits, readable: list[Path] | None = None) -> Report:
    """Confine this process: only ``workdir`` is writable, no network, bounded resources."""
    report = Report()
    try:
        report.network_namespace = _unshare_network()
    except OSError as exc:  # pragma: no cover - depends on the kernel
        report.errors.append(f"netns: {exc}")
    abi = landlock_abi()
    if abi:
        try:
            _landlock(readable if readable is not None else default_readable(), [Path(workdir)], abi)
            report.landlock_abi = abi
        except OSError as exc:
            report.errors.append(f"landlock: {exc}")
    else:
        _libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    try:
        _rlimits(limits)
        report.rlimits = True
    except (ValueError, OSError) as exc:
        report.errors.append(f"rlimit: {exc}")
    from . import privileges

    try:
        report.no_capabilities = privileges.drop_capabilities()
        report.seccomp = privileges.deny_syscalls()
    except OSError as exc:  # pragma: no cover - depends on the kernel
        report.errors.append(f"privileges: {exc}")
    return report
