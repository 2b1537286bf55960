"""Each user's Lab started by the site's hub: forked by the launcher when it runs, handed over once it listens.

- Start: ``aijourney hub start`` runs a launcher that has already imported the Lab (``launcher.py``); the spawner
  asks it over its root-only socket for the user's Lab and keeps the pid it answers. When the launcher is not
  there (not started, stopped, crashed), the Lab is started as a new process, as ``LocalProcessSpawner`` does.
- Hand-over: JupyterHub learns that a new server is up by asking it over HTTP at growing intervals (0.2 s,
  0.4 s, 0.8 s, 1.6 s, 3.2 s …): a Lab that takes 3.5 s to start is noticed at about 6 s, and the trainee waits
  the difference. ``SiteSpawner.start`` returns only once the server's port accepts connections (the Jupyter
  server listens when it is ready to serve), checking every 50 ms, so the hub's first check succeeds.
"""

from __future__ import annotations

import asyncio
import json
import time

from jupyterhub.spawner import LocalProcessSpawner
from jupyterhub.utils import random_port
from traitlets import Unicode

from .launcher import MODULE

POLL_SECONDS = 0.05


class SiteSpawner(LocalProcessSpawner):
    launcher_socket = Unicode("", config=True, help="The launcher's socket ('' or absent: no launcher)")

    async def start(self):
        started = await self.launch()
        ip, port = started if started else await super().start()
        deadline = time.monotonic() + self.http_timeout
        while time.monotonic() < deadline and await self.poll() is None:
            try:
                _, writer = await asyncio.open_connection(ip, port)
            except OSError:
                await asyncio.sleep(POLL_SECONDS)
                continue
            writer.close()
            break
        return ip, port

    async def launch(self) -> tuple[str, int] | None:
        """The Lab forked by the launcher; None when there is no launcher to ask (then the caller starts it)."""
        if not self.launcher_socket or self.cmd[1:] != ["-m", MODULE]:
            return None
        if self.port == 0:
            self.port = random_port()
        request = {"user": self.user.name, "args": self.get_args(), "env": self.get_env()}
        try:
            reader, writer = await asyncio.open_unix_connection(self.launcher_socket)
        except OSError as error:
            self.log.warning("No launcher (%s): starting %s's Lab as a new process", error, self.user.name)
            return None
        try:
            writer.write(json.dumps(request).encode() + b"\n")
            await writer.drain()
            line = await asyncio.wait_for(reader.readline(), self.start_timeout)
        finally:
            writer.close()
        if not line:  # the launcher dropped the request (it could not fork): start the Lab ourselves
            self.log.warning("The launcher did not answer: starting %s's Lab as a new process", self.user.name)
            return None
        reply = json.loads(line)
        if "pid" not in reply:
            raise RuntimeError(f"the launcher refused {self.user.name}'s Lab: {reply.get('error')}")
        self.proc, self.pid = None, int(reply["pid"])
        self.log.info("Launched %s's Lab, pid %d", self.user.name, self.pid)
        return self.ip or "127.0.0.1", self.port
