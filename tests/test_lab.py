"""`aijourney lab` serves the trainee workspace headless on 127.0.0.1, in Vietnamese."""

import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from helpers import free_port

AIJOURNEY = [sys.executable, "-m", "aijourney.cli"]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lab")
    subprocess.run(AIJOURNEY + ["--course-dir", str(tmp / "course"), "--exchange", str(tmp / "exchange"),
                                "build", "--workspace", str(tmp / "trainee")], check=True, cwd=tmp)
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, HOME=str(tmp / "home"))  # no settings of the machine's user leak in
    log = open(tmp / "lab.log", "wb")
    proc = subprocess.Popen(
        AIJOURNEY + ["lab", "--workspace", str(tmp / "trainee"), "--no-browser", f"--port={port}",
                     f"--IdentityProvider.token={token}",
                     # culling as configured, only faster (the last value of an option wins)
                     "--MappingKernelManager.cull_idle_timeout=2", "--MappingKernelManager.cull_interval=1"],
        cwd=tmp, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"

    def get(path: str, final_url: bool = False, method: str = "GET"):
        sep = "&" if "?" in path else "?"
        request = urllib.request.Request(f"{base}{path}{sep}token={token}", method=method,
                                         data=b"{}" if method == "POST" else None)
        with urllib.request.urlopen(request, timeout=10) as resp:
            if final_url:
                return resp.url
            return resp.status, resp.read().decode("utf-8")

    deadline = time.monotonic() + 90
    while True:
        try:
            if get("/api/status")[0] == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            log.close()
            pytest.fail("jupyter lab did not start:\n" + (tmp / "lab.log").read_text(errors="replace")[-3000:])
        time.sleep(0.5)
    yield get
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()


def test_lab_page_is_served_with_instructor_panels_disabled(lab):
    status, html = lab("/lab")
    assert status == 200
    start = html.index('id="jupyter-config-data"')
    config = json.loads(html[html.index(">", start) + 1: html.index("</script>", start)])
    disabled = config["disabledExtensions"]
    assert "@jupyter/nbgrader:create-assignment" in disabled
    assert "@jupyter/nbgrader:formgrader" in disabled
    assert "@jupyter/nbgrader:assignment-list" not in disabled



def test_lab_opens_on_the_course_index(lab):
    assert "/lab/tree/index.ipynb" in lab("/", final_url=True)


def test_vietnamese_language_pack_is_installed(lab):
    _, body = lab("/lab/api/translations")
    assert "vi_VN" in json.loads(body)["data"]
    _, body = lab("/lab/api/translations/vi_VN")
    jupyterlab = json.loads(body)["data"]["jupyterlab"]
    assert jupyterlab["menu\x04File"] == ["Tệp"]  # the "File" menu (context "menu")


def test_vietnamese_is_the_default_locale(lab):
    _, body = lab("/lab/api/settings/@jupyterlab/translation-extension:plugin")
    setting = json.loads(body)
    assert setting["schema"]["properties"]["locale"]["default"] == "vi_VN"
    assert json.loads(setting["raw"] or "{}").get("locale") in (None, "vi_VN")


def test_the_course_index_is_served(lab):
    _, body = lab("/api/contents/index.ipynb")
    first_cell = json.loads(body)["content"]["cells"][0]["source"]
    assert "Bản đồ khoá học" in first_cell


def test_closing_a_notebook_shuts_its_kernel_down(lab):
    _, body = lab("/lab/api/settings/@jupyterlab/notebook-extension:tracker")
    assert json.loads(body)["schema"]["properties"]["kernelShutdown"]["default"] is True


def test_unconnected_idle_kernels_are_culled(lab):
    """The Lab starts with culling of idle kernels nobody is connected to (the fixture's server runs it
    with a 2-second timeout instead of the configured minutes)."""
    from aijourney.lab import KERNEL_CULLING, lab_command

    command = lab_command(Path("."), [])
    for name, value in KERNEL_CULLING.items():
        assert f"--{name}={value}" in command
    # a site's own value replaces ours (Jupyter refuses an option given twice)
    site = lab_command(Path("."), ["--MappingKernelManager.cull_idle_timeout=60"])
    assert [a for a in site if "cull_idle_timeout" in a] == ["--MappingKernelManager.cull_idle_timeout=60"]
    assert KERNEL_CULLING["MappingKernelManager.cull_connected"] is False
    kernel = json.loads(lab("/api/kernels", method="POST")[1])
    assert any(k["id"] == kernel["id"] for k in json.loads(lab("/api/kernels")[1]))
    deadline = time.monotonic() + 60
    while any(k["id"] == kernel["id"] for k in json.loads(lab("/api/kernels")[1])):
        assert time.monotonic() < deadline, "the idle kernel was never culled"
        time.sleep(1)


def test_menus_and_the_close_dialog_are_translated(lab):
    _, body = lab("/lab/api/translations/vi_VN")
    jupyterlab = json.loads(body)["data"]["jupyterlab"]
    assert jupyterlab["Run All Cells"] == ["Chạy tất cả các ô"]
    assert jupyterlab["Restart Kernel and Run All Cells…"] == ["Khởi động lại kernel và chạy tất cả các ô…"]
    # "Cancel" and the red "Discard" of the close-tab dialog no longer read alike
    cancel, discard = jupyterlab["Cancel"][0], jupyterlab["Discard"][0]
    assert "thay đổi" in discard and cancel.lower().replace("ủy", "uỷ") not in discard.lower().replace("ủy", "uỷ")
    assert jupyterlab["menu\x04File"] == ["Tệp"]  # the pack's own translations are kept


def test_adding_the_course_translations_is_idempotent_and_keeps_the_original(tmp_path):
    from aijourney.lab import apply_lab_translations

    catalogue = tmp_path / "jupyterlab.json"
    original = {"": {"domain": "jupyterlab"}, "Cancel": ["Huỷ"], "Discard": ["Hủy"]}
    catalogue.write_text(json.dumps(original, ensure_ascii=False))
    apply_lab_translations(catalogue)
    first = catalogue.read_text("utf-8")
    apply_lab_translations(catalogue)
    assert catalogue.read_text("utf-8") == first
    merged = json.loads(first)
    assert merged["Cancel"] == ["Huỷ"] and merged["Discard"] != ["Hủy"] and "Run All Cells" in merged
    assert json.loads((tmp_path / "jupyterlab.json.orig").read_text("utf-8")) == original
