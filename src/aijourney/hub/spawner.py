"""Each user's Lab started by the site's hub, handed over as soon as it listens.

JupyterHub learns that a new server is up by asking it over HTTP at growing intervals (0.2 s, 0.4 s, 0.8 s,
1.6 s, 3.2 s …): a Lab that takes 3.5 s to start is noticed at about 6 s, and the trainee waits the difference.
``SiteSpawner.start`` returns only once the server's port accepts connections (the Jupyter server listens when it
is ready to serve), checking every 50 ms, so the hub's first check succeeds.
"""

from __future__ import annotations

import asyncio
import time

from jupyterhub.spawner import LocalProcessSpawner

POLL_SECONDS = 0.05


class SiteSpawner(LocalProcessSpawner):
    async def start(self):
        ip, port = await super().start()
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
