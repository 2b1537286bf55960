"""Each trainee's Lab forked from a process that has already imported it: a site's hub answers a login sooner.

Most of a Lab's start is Python importing the Jupyter server, JupyterLab, JupyterHub's single-user extension and
nbgrader's panel — about 1.5 s of the 1.8 s it takes on a 2-core machine. ``aijourney hub start`` starts this
launcher (as root, before the hub, with an almost empty environment), which imports all that once and then, for
each Lab the hub asks for, forks: the child becomes the trainee and runs ``aijourney.hub.singleuser`` — the
program the hub would otherwise start as a new process (``SiteSpawner`` does that when the launcher is gone).

What keeps it safe:
- only root talks to it: its socket is made with mode 0600 in the state folder, and a peer that is not root is
  dropped unheard;
- the launcher never reads a request. It accepts a connection and forks; the child reads the request, becomes
  the account it names (groups, gid, uid — root is refused), answers its pid and runs the Lab. So the memory each
  Lab starts from, a copy of the launcher's, holds the installed modules and no one's token or environment;
- it lives as long as the hub: it watches a pipe whose other end only the hub holds;
- children are reaped as they end (the hub checks a Lab by its pid, as for any local process).

Protocol, one exchange per connection: the hub sends one JSON line ``{"user", "args", "env"}`` and reads one
JSON line back, ``{"pid": …}`` or ``{"error": …}``.
"""

from __future__ import annotations

import atexit
import importlib
import json
import os
import pwd
import select
import signal
import socket
import struct
import sys
import threading
import traceback
from pathlib import Path

SOCKET_NAME = "launcher.sock"  # in the hub's state folder
MODULE = "aijourney.hub.singleuser"  # the one program a launched child runs
# what a Lab imports on its way to listening (a missing one is skipped: the Lab imports it, or not, itself)
PRELOAD = (
    MODULE, "aijourney.workspace", "jupyterhub.singleuser", "jupyterhub.singleuser.extension",
    "jupyter_server.serverapp", "jupyter_server.services.contents.largefilemanager", "jupyterlab.labapp",
    "jupyterlab_server", "notebook.app", "notebook_shim.shim", "jupyter_server_terminals.app",
    "nbgrader.server_extensions.assignment_list", "nbgrader.server_extensions.validate_assignment",
    "jupyter_client.ioloop", "jupyter_events.logger",
)
MAX_REQUEST = 1 << 20
REQUEST_TIMEOUT = 10


class LaunchRefused(Exception):
    """The request cannot be run: the message goes back to the hub."""


# -- the launcher ------------------------------------------------------------------------------------------------
def listen(path: Path) -> socket.socket:
    """The launcher's socket, readable and writable by root only from its first moment."""
    path.unlink(missing_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    mask = os.umask(0o177)
    try:
        listener.bind(str(path))
    finally:
        os.umask(mask)
    listener.listen(64)
    return listener


def preload() -> None:
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception as error:  # noqa: BLE001 - a module a Lab may do without
            print(f"[aijourney launcher] not preloaded: {name} ({error})", file=sys.stderr, flush=True)


def peer_uid(connection: socket.socket) -> int:
    _, uid, _ = struct.unpack("3i", connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED,
                                                          struct.calcsize("3i")))
    return uid


def serve(path: Path, hub_alive: int) -> None:
    """Fork a Lab for each connection from root, until the hub's end of the ``hub_alive`` pipe closes."""
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # ended children are reaped by the kernel, never zombies
    listener = listen(path)  # before preloading: the hub's first request waits for it instead of failing
    preload()
    if threading.active_count() != 1:  # forking a process with threads could copy a held lock
        print("[aijourney launcher] a preloaded module started a thread; not forking", file=sys.stderr)
        return
    try:
        while True:
            ready, _, _ = select.select([listener, hub_alive], [], [])
            if hub_alive in ready:
                return
            connection, _ = listener.accept()
            with connection:
                if peer_uid(connection) != 0:
                    continue
                try:
                    if os.fork() == 0:
                        run_child(connection, [listener.fileno(), hub_alive])
                except OSError as error:  # no process left to fork: the hub reads no answer and starts it itself
                    print(f"[aijourney launcher] fork failed: {error}", file=sys.stderr, flush=True)
    finally:
        path.unlink(missing_ok=True)


# -- a launched child --------------------------------------------------------------------------------------------
def run_child(connection: socket.socket, launcher_fds: list[int]) -> None:
    """In the forked child: read the request, become its account, answer the pid, run the Lab. Never returns."""
    code = 1
    try:
        for fd in launcher_fds:
            os.close(fd)
        for number in (signal.SIGCHLD, signal.SIGINT, signal.SIGTERM):
            signal.signal(number, signal.SIG_DFL)
        os.setsid()  # the Lab's own session, as the hub's processes get: no signal of the launcher reaches it
        connection.settimeout(REQUEST_TIMEOUT)
        try:
            args = become(read_request(connection))
        except LaunchRefused as refusal:
            answer(connection, {"error": str(refusal)})
            return
        answer(connection, {"pid": os.getpid()})
        connection.close()
        code = run_lab(args)
    except BaseException:  # noqa: BLE001 - whatever happens, the child must not go back to the launcher's loop
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def read_request(connection: socket.socket) -> dict:
    data = b""
    while not data.endswith(b"\n"):
        chunk = connection.recv(65536)
        if not chunk or len(data) + len(chunk) > MAX_REQUEST:
            raise LaunchRefused("incomplete or oversized request")
        data += chunk
    try:
        request = json.loads(data)
    except ValueError:
        raise LaunchRefused("a request is one line of JSON") from None
    if not (isinstance(request, dict) and isinstance(request.get("user"), str)
            and isinstance(request.get("args"), list) and all(isinstance(a, str) for a in request["args"])
            and isinstance(request.get("env"), dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in request["env"].items())):
        raise LaunchRefused("a request is {user: str, args: [str], env: {str: str}}")
    return request


def become(request: dict) -> list[str]:
    """Turn this process into the request's account, in its home with the hub's environment; the Lab's args."""
    try:
        account = pwd.getpwnam(request["user"])
    except KeyError:
        raise LaunchRefused(f"no account named {request['user']!r}") from None
    if account.pw_uid == 0 or account.pw_gid == 0:
        raise LaunchRefused("a Lab never runs as root")
    os.setgid(account.pw_gid)
    os.setgroups(os.getgrouplist(account.pw_name, account.pw_gid))
    os.setuid(account.pw_uid)
    if os.getresuid() != (account.pw_uid,) * 3 or os.getresgid() != (account.pw_gid,) * 3:
        raise LaunchRefused("could not drop root's ids")
    try:
        os.setuid(0)
    except PermissionError:
        pass
    else:
        raise LaunchRefused("root's ids could be taken back")
    os.environ.clear()
    os.environ.update(request["env"])
    try:
        os.chdir(account.pw_dir)
    except OSError:
        os.chdir("/")
    return request["args"]


def answer(connection: socket.socket, reply: dict) -> None:
    connection.sendall(json.dumps(reply).encode() + b"\n")


def run_lab(args: list[str]) -> int:
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    sys.argv = [MODULE, *args]
    from .singleuser import main

    try:
        main()
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 0 if done.code is None else 1
    atexit._run_exitfuncs()  # what the Lab registered (the launcher registered nothing of its own)
    return code


def main() -> None:
    path, hub_alive = Path(sys.argv[1]), int(sys.argv[2])
    serve(path, hub_alive)


if __name__ == "__main__":
    main()
