"""JupyterLab for trainees: Vietnamese by default, no instructor-only panels.

The Vietnamese language pack (4.5) leaves much of Lab 4.6's menus in English and translates the
close-tab dialog's "Discard" as "Hủy", next to "Huỷ" (Cancel): a trainee who means to go back loses
her work. JupyterLab only merges a package's translations into a language pack whose version
parses, and this pack's does not, so ``setup_lab`` writes the course's additions and corrections
(``locale/lab/vi_VN.json``) into the installed pack's catalogue (the original is kept beside it as
``jupyterlab.json.orig``; running it again gives the same file).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

LOCALE = "vi_VN"
SETTINGS_OVERRIDES = {
    "@jupyterlab/translation-extension:plugin": {"locale": LOCALE},
    # no "be notified about official Jupyter news?" pop-up, no update checks (sites are offline)
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    # a commune PC has little memory: closing a notebook's tab shuts its kernel down
    "@jupyterlab/notebook-extension:tracker": {"kernelShutdown": True},
}
# ... and a kernel nobody is connected to any more (a closed browser, a crashed tab) is stopped
# after 20 idle minutes; kernels of open tabs are kept (their trainee may be reading).
KERNEL_CULLING = {
    "MappingKernelManager.cull_idle_timeout": 1200,
    "MappingKernelManager.cull_interval": 120,
    "MappingKernelManager.cull_connected": False,
}
# nbgrader's instructor tools; trainees keep the assignment list and the validate button.
INSTRUCTOR_PLUGINS = [
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:course-list",
]


def overrides_path(prefix: str | Path = sys.prefix) -> Path:
    return Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def language_pack_catalogue() -> Path | None:
    """The installed Vietnamese language pack's ``jupyterlab.json`` (None when the pack is missing)."""
    import importlib.util

    spec = importlib.util.find_spec("jupyterlab_language_pack_vi_VN")
    if spec is None or not spec.origin:
        return None
    return Path(spec.origin).parent / "locale" / LOCALE / "LC_MESSAGES" / "jupyterlab.json"


def course_lab_translations() -> dict:
    from importlib import resources

    return json.loads(resources.files("aijourney").joinpath("locale", "lab", f"{LOCALE}.json").read_text("utf-8"))


def apply_lab_translations(catalogue: Path | None = None) -> Path | None:
    """Merge the course's Lab translations into the language pack's catalogue (idempotent)."""
    catalogue = catalogue or language_pack_catalogue()
    if catalogue is None or not catalogue.is_file():
        return None
    original = catalogue.with_name(catalogue.name + ".orig")
    if not original.exists():
        shutil.copyfile(catalogue, original)
    merged = json.loads(original.read_text("utf-8"))
    merged.update({k: v for k, v in course_lab_translations().items() if k})
    text = json.dumps(merged, ensure_ascii=False, indent=1) + "\n"
    if catalogue.read_text("utf-8") != text:
        tmp = catalogue.with_name(catalogue.name + ".tmp")
        tmp.write_text(text, "utf-8")
        os.replace(tmp, catalogue)
    return catalogue


def setup_lab(prefix: str | Path = sys.prefix) -> Path:
    """Make Vietnamese the default Lab language for every user of this environment, with the
    course's translations of the menus and dialogs the language pack leaves in English."""
    try:
        apply_lab_translations()
    except OSError as exc:  # a read-only environment: the Lab still works, partly in English
        print(f"warning: could not add the course's Lab translations: {exc}", file=sys.stderr)
    path = overrides_path(prefix)
    path.parent.mkdir(parents=True, exist_ok=True)
    current = json.loads(path.read_text("utf-8")) if path.is_file() else {}
    for plugin, settings in SETTINGS_OVERRIDES.items():
        current.setdefault(plugin, {}).update(settings)
    path.write_text(json.dumps(current, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return path


def trainee_config_dir(base: Path) -> Path:
    """A Jupyter config dir for the trainee Lab: instructor-only Lab plugins disabled, and no build check — on
    every page load the Lab asks its server whether its extensions need a rebuild, a second of the server's CPU
    while the page is loading, for a rebuild a trainee can neither need nor run."""
    labconfig = Path(base) / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    page_config = {"disabledExtensions": {name: True for name in INSTRUCTOR_PLUGINS},
                   "buildCheck": False, "buildAvailable": False}
    (labconfig / "page_config.json").write_text(json.dumps(page_config, indent=2) + "\n", "utf-8")
    return Path(base)


def lab_command(workspace: Path, extra_args: list[str]) -> list[str]:
    jupyter = shutil.which("jupyter", path=str(Path(sys.executable).parent)) or "jupyter"
    args = [
        jupyter,
        "lab",
        f"--ServerApp.root_dir={Path(workspace).resolve()}",
        "--LabApp.default_url=/lab/tree/index.ipynb",
    ]
    # the site's own value of an option wins (Jupyter refuses an option given twice)
    args += [f"--{name}={value}" for name, value in KERNEL_CULLING.items()
             if not any(a.startswith(f"--{name}=") for a in extra_args)]
    if not any(a.startswith("--ip") or a.startswith("--ServerApp.ip") for a in extra_args):
        args.append("--ip=127.0.0.1")
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI machines often run as root
        args.append("--allow-root")
    return args + list(extra_args)


def run_lab(workspace: Path, config_dir: Path, extra_args: list[str], exchange: Path | None = None,
            course_id: str | None = None) -> None:
    """Replace this process with JupyterLab serving the trainee workspace. With ``exchange``, the contests'
    ``contest.submit`` in the Lab's notebooks uses that exchange and course (unless already set)."""
    setup_lab()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(trainee_config_dir(config_dir).resolve()))
    if exchange is not None:
        env.setdefault("AIJOURNEY_EXCHANGE", str(Path(exchange).resolve()))
        env.setdefault("AIJOURNEY_COURSE", course_id or "aijourney")
    cmd = lab_command(workspace, extra_args)
    os.execvpe(cmd[0], cmd, env)
