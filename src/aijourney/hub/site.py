"""A site's JupyterHub on one machine: the settings ``aijourney hub start`` passes to the hub's configuration.

``grading/hub/jupyterhub_config.py`` calls ``configure(c, SiteSettings.from_environment())``. Everything runs on
the embedded defaults: the hub's own SQLite database, configurable-http-proxy, real Unix accounts logging in
through PAM, each trainee's Lab started as that trainee (``LocalProcessSpawner``, handed over as soon as it
listens, forked by a launcher that has already imported it: ``SiteSpawner``), and the course service — a
Jupyter server named like the course, run as the grader account, where instructors open the formgrader.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .launcher import MODULE, SOCKET_NAME
from .policy import HubPolicy

TRAINEE_CONFIG = "jupyter-trainee"  # Jupyter config for everyone's own Lab (under the state folder)
SERVICE_CONFIG = "jupyter-service"  # ... and for the course service's
TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "hub"
ENVIRONMENT_PREFIX = "AIJOURNEY_HUB_"


@dataclass(frozen=True)
class SiteSettings:
    state: Path  # hub-roster.json, the hub's database and cookie secret, the Jupyter configs
    course_dir: Path
    exchange: Path
    course_id: str
    ip: str = "127.0.0.1"
    port: int = 8000
    hub_port: int = 8081
    proxy_api_port: int = 8001
    service_port: int = 9999
    bin: Path = Path(sys.executable).parent  # this environment's programs (python, the proxy, jupyterhub)

    def environment(self) -> dict[str, str]:
        """The settings as environment variables, for the hub's configuration file to read back."""
        return {ENVIRONMENT_PREFIX + name.upper(): str(getattr(self, name)) for name in self.__dataclass_fields__}

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> "SiteSettings":
        environ = os.environ if environ is None else environ
        values = {}
        for name, field in cls.__dataclass_fields__.items():
            raw = environ.get(ENVIRONMENT_PREFIX + name.upper())
            if raw is None:
                if name in ("state", "course_dir", "exchange", "course_id"):
                    raise KeyError(f"{ENVIRONMENT_PREFIX}{name.upper()} is not set: start the hub with "
                                   "`aijourney hub start`")
                continue
            values[name] = int(raw) if field.type == "int" else Path(raw) if "Path" in str(field.type) else raw
        return cls(**values)

    @property
    def url(self) -> str:
        return f"http://{self.ip}:{self.port}"


def trainee_environment(settings: SiteSettings) -> dict[str, str]:
    """What each user's Lab is started with: the course's exchange (assignments, contests) and its config."""
    return {
        "JUPYTER_CONFIG_PATH": str(settings.state / TRAINEE_CONFIG),
        "AIJOURNEY_EXCHANGE": str(settings.exchange),
        "AIJOURNEY_COURSE": settings.course_id,
        "PATH": f"{settings.bin}:/usr/local/bin:/usr/bin:/bin",
    }


def service_environment(settings: SiteSettings) -> dict[str, str]:
    """The course service's: in its Lab's terminal, ``aijourney release|collect|grade|feedback …`` use the site's
    course without any option (the command line reads these as its defaults)."""
    return {
        "JUPYTER_CONFIG_PATH": str(settings.state / SERVICE_CONFIG),
        "AIJOURNEY_COURSE_DIR": str(settings.course_dir),
        "AIJOURNEY_EXCHANGE": str(settings.exchange),
        "AIJOURNEY_COURSE": settings.course_id,
        "PATH": f"{settings.bin}:/usr/local/bin:/usr/bin:/bin",
    }


def configure(c, settings: SiteSettings) -> None:
    """Fill a JupyterHub configuration object ``c`` for the site."""
    policy = HubPolicy.load(settings.state)
    c.JupyterHub.bind_url = settings.url
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = settings.hub_port
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
    c.ConfigurableHTTPProxy.command = [str(settings.bin / "configurable-http-proxy")]
    c.ConfigurableHTTPProxy.pid_file = str(settings.state / "proxy.pid")
    c.JupyterHub.db_url = f"sqlite:///{settings.state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(settings.state / "jupyterhub_cookie_secret")
    c.JupyterHub.template_paths = [str(TEMPLATES)]

    c.JupyterHub.authenticator_class = "aijourney.hub.authenticator.RosterPAMAuthenticator"
    c.RosterPAMAuthenticator.roster_folder = str(settings.state)
    c.PAMAuthenticator.open_sessions = False
    c.Authenticator.allowed_users = policy.allowed_users
    c.JupyterHub.load_groups = policy.groups
    c.JupyterHub.load_roles = policy.roles
    command = [str(settings.bin / "python"), "-m", MODULE]
    c.JupyterHub.services = [policy.course_service(f"http://127.0.0.1:{settings.service_port}", command,
                                                   str(settings.course_dir), service_environment(settings))]

    c.JupyterHub.spawner_class = "aijourney.hub.spawner.SiteSpawner"
    c.SiteSpawner.launcher_socket = str(settings.state / SOCKET_NAME)
    c.Spawner.cmd = command
    c.Spawner.default_url = "/lab/tree/index.ipynb"
    c.Spawner.environment = trainee_environment(settings)
    c.Spawner.start_timeout = 120
    c.Spawner.http_timeout = 120
