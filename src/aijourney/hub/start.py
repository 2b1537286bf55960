"""``aijourney hub start``: get the machine ready for the site's hub, then replace this process with JupyterHub.

Getting ready (as root, every start, idempotent): the grader account the course service runs as (home 700),
the course folder and its gradebook owned by it, the exchange, the Jupyter configurations of the trainees'
Labs and of the course service under the state folder (which keeps the hub's database and secrets, 0711), and
the course's own files that hold answers closed to trainees' accounts.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

from ..course import REPO_ROOT, Course
from ..lab import KERNEL_CULLING, trainee_config_dir
from .launcher import SOCKET_NAME
from .policy import STATE_FILE, HubPolicy
from .site import SERVICE_CONFIG, TRAINEE_CONFIG, SiteSettings

HUB_CONFIG = REPO_ROOT / "grading" / "hub" / "jupyterhub_config.py"
# nbgrader's server extensions that only the course service (instructors) has
INSTRUCTOR_EXTENSIONS = ["nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list"]
# ... and one that only slows every Lab's start: it looks for language servers, and none is installed
UNUSED_EXTENSIONS = ["jupyter_lsp"]
# the Lab front-end extensions trainees' Labs load: nbgrader's Assignments panel and ipywidgets' outputs — not
# Jupyter Notebook's "open in Notebook" buttons nor the pygments theme, scripts a fresh browser would fetch and run
# before the Lab shows (≈ 0.4 s of a first login on a 2-core machine)
TRAINEE_LAB_EXTENSIONS = ["@jupyter/nbgrader", "@jupyter-widgets/jupyterlab-manager"]


# what a trainee's account must not read, although the course is installed where every account can run it:
# the graded assignments' sources (solutions, hidden tests; the grader account reads them through its group) ...
GRADER_ONLY = ["assignments"]
# ... and what only root needs: typical answers for simulated classes, the tests, the repository's history
ROOT_ONLY = [".git", "tests", "src/aijourney/simulations"]


class SiteError(RuntimeError):
    """The machine is not ready for a hub; the message says what to do."""


def others_can_run(path: Path) -> bool:
    """Whether an account other than root can reach ``path`` (every folder on the way enterable by others)."""
    path = Path(path).resolve()
    return all(os.stat(p).st_mode & 0o001 for p in [path, *path.parents])


def check_machine(settings: SiteSettings) -> None:
    if os.geteuid() != 0:
        raise SiteError("the hub starts each trainee's Lab as that trainee: run it as root (sudo)")
    python = Path(sys.executable)
    if not others_can_run(python) or not others_can_run(REPO_ROOT / "notebooks"):
        raise SiteError(f"{python} or {REPO_ROOT} is in a folder other accounts cannot enter; install the course "
                        "in a shared place (e.g. /opt/aijourney) with the system's Python: "
                        "`make install PYTHON=/usr/bin/python3.11`")
    if not (settings.state / STATE_FILE).is_file():
        raise SiteError(f"no {settings.state / STATE_FILE}: import the roster first "
                        "(`aijourney hub roster import roster.csv`)")


def ensure_grader(name: str, homes: Path) -> pwd.struct_passwd:
    """The course service's account: no password (nobody logs in as it), home 700."""
    try:
        return pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "--create-home", "--home-dir", str(Path(homes) / name), "--shell", "/bin/bash",
                        "--comment", "AI Journey grader", name], check=True, capture_output=True)
        entry = pwd.getpwnam(name)
        Path(entry.pw_dir).chmod(0o700)
        return entry


def protect_sources(grader: pwd.struct_passwd, repo: Path = REPO_ROOT) -> list[Path]:
    """Close what holds answers to every account but root's (and the grader's, for the sources)."""
    closed = []
    for relative, group, mode in [*((r, grader.pw_gid, 0o750) for r in GRADER_ONLY),
                                  *((r, 0, 0o700) for r in ROOT_ONLY)]:
        path = repo / relative
        if path.is_dir() and not path.is_symlink():
            os.chown(path, 0, group)
            path.chmod(mode)
            closed.append(path)
    return closed


def _own(path: Path, entry: pwd.struct_passwd) -> None:
    """``path`` and everything under it belong to ``entry`` (links are changed, never followed)."""
    os.chown(path, entry.pw_uid, entry.pw_gid, follow_symlinks=False)
    for folder, dirs, files in os.walk(path):
        for name in dirs + files:
            os.chown(Path(folder) / name, entry.pw_uid, entry.pw_gid, follow_symlinks=False)


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o755)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")
    path.chmod(0o644)


def link_lab_extensions(folder: Path) -> Path:
    """``folder`` with a link to each installed extension of ``TRAINEE_LAB_EXTENSIONS``, remade every start."""
    from jupyter_core.paths import jupyter_path

    shutil.rmtree(folder, ignore_errors=True)
    for name in TRAINEE_LAB_EXTENSIONS:
        installed = [Path(p) / name for p in jupyter_path("labextensions") if (Path(p) / name).is_dir()]
        if installed:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).symlink_to(installed[0], target_is_directory=True)
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    return folder


def write_jupyter_configs(settings: SiteSettings) -> None:
    """Everyone's Lab: the course and exchange for the Assignments panel, no instructor tools, idle kernels culled.
    The course service: the formgrader shown inside Lab (the hub forbids framing by default)."""
    trainee = settings.state / TRAINEE_CONFIG
    _write_json(trainee / "nbgrader_config.json", {
        "CourseDirectory": {"course_id": settings.course_id},
        "Exchange": {"root": str(settings.exchange), "path_includes_course": False}})
    kernels: dict[str, dict] = {}
    for name, value in KERNEL_CULLING.items():
        section, option = name.split(".")
        kernels.setdefault(section, {})[option] = value
    _write_json(trainee / "jupyter_server_config.json", {
        "ServerApp": {"jpserver_extensions": {name: False for name in INSTRUCTOR_EXTENSIONS + UNUSED_EXTENSIONS}},
        "LabApp": {"labextensions_path": [str(link_lab_extensions(trainee / "labextensions"))]},
        **kernels})
    trainee_config_dir(trainee)  # labconfig/page_config.json: the instructor-only Lab plugins disabled
    _write_json(settings.state / SERVICE_CONFIG / "jupyter_server_config.json", {
        "ServerApp": {"tornado_settings": {"headers": {"Content-Security-Policy": "frame-ancestors 'self'"}}}})


def prepare(settings: SiteSettings, homes: Path) -> HubPolicy:
    check_machine(settings)
    policy = HubPolicy.load(settings.state)
    grader = ensure_grader(policy.grader, homes)
    protect_sources(grader)
    settings.state.chmod(0o711)  # trainees' Labs read their settings below; nobody lists it
    (settings.state / STATE_FILE).chmod(0o600)
    database = settings.state / "jupyterhub.sqlite"  # users, tokens, OAuth clients: made private before the hub
    database.touch(mode=0o600)                       # creates it (SQLite's journals copy its mode)
    database.chmod(0o600)
    course = Course(root=settings.course_dir, exchange=settings.exchange, course_id=settings.course_id)
    course.root.mkdir(parents=True, exist_ok=True)
    course.write_nbgrader_config()
    _own(course.root, grader)
    course.root.chmod(0o700)
    for folder in (course.exchange, course.exchange / settings.course_id):
        folder.mkdir(parents=True, exist_ok=True)
    _own(course.exchange, grader)
    course.exchange.chmod(0o777)  # nbgrader's filesystem exchange: each course folder below is the grader's
    write_jupyter_configs(settings)
    return policy


def start_launcher(settings: SiteSettings) -> None:
    """The launcher the hub forks trainees' Labs from (``launcher.py``). It gets no more environment than a path and a
    locale (each Lab is given the hub's), and it ends when the hub does: the hub — this process once it has become
    JupyterHub — holds the only write end of a pipe the launcher watches."""
    watched, held = os.pipe()
    subprocess.Popen([str(settings.bin / "python"), "-I", "-m", "aijourney.hub.launcher",
                      str(settings.state / SOCKET_NAME), str(watched)],
                     pass_fds=(watched,), stdin=subprocess.DEVNULL, cwd="/",
                     env={"PATH": f"{settings.bin}:/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"})
    os.close(watched)
    os.set_inheritable(held, True)


def exec_hub(settings: SiteSettings, config: Path = HUB_CONFIG) -> None:
    """Replace this process with JupyterHub (stopping it — Ctrl-C, SIGTERM — stops the proxy and every Lab)."""
    start_launcher(settings)
    jupyterhub = shutil.which("jupyterhub", path=str(settings.bin)) or "jupyterhub"
    env = {**os.environ, **settings.environment()}
    os.chdir(settings.state)
    os.execvpe(jupyterhub, [jupyterhub, "-f", str(config)], env)
