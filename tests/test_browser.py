"""A beginner's first attempts in a real browser (Debian chromium driven by Playwright), as a
19-year-old who has never programmed tried B0–B2: the Lab speaks Vietnamese (menus included),
every mistake she made gets Vietnamese help, hints show runnable code, and closing a notebook
neither loses work by a look-alike button nor leaves its kernel running."""

import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from helpers import chromium_page, free_port, need_chromium

VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)
ARTIFACTS = Path(os.environ.get("AIJOURNEY_TEST_ARTIFACTS", "build/test-artifacts"))

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    need_chromium()
    tmp = tmp_path_factory.mktemp("browser")
    cli = [sys.executable, "-m", "aijourney.cli"]
    subprocess.run(cli + ["--course-dir", str(tmp / "course"), "--exchange", str(tmp / "exchange"), "build",
                          "--workspace", str(tmp / "trainee")], check=True, cwd=tmp, capture_output=True)
    port, token = free_port(), secrets.token_hex(16)
    proc = subprocess.Popen(cli + ["lab", "--workspace", str(tmp / "trainee"), "--no-browser", f"--port={port}",
                                   f"--IdentityProvider.token={token}"],
                            cwd=tmp, env=dict(os.environ, HOME=str(tmp / "home")), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5)
            break
        except OSError:
            time.sleep(0.5)

    def notebooks_with_kernels() -> list[str]:
        with urllib.request.urlopen(f"{base}/api/sessions?token={token}", timeout=10) as resp:
            return [s["path"] for s in json.loads(resp.read()) if s.get("kernel")]

    def wait_until_idle(timeout: float = 180) -> None:
        """Wait until every kernel has been idle for two polls in a row (a "run all" has finished)."""
        deadline, calm = time.monotonic() + timeout, 0
        while calm < 2:
            assert time.monotonic() < deadline, "the kernel stayed busy"
            with urllib.request.urlopen(f"{base}/api/kernels?token={token}", timeout=10) as resp:
                busy = [k for k in json.loads(resp.read()) if k.get("execution_state") != "idle"]
            calm = 0 if busy else calm + 1
            time.sleep(0.5)

    yield {"url": lambda path: f"{base}/lab/tree/{path}?token={token}", "running": notebooks_with_kernels,
           "wait_until_idle": wait_until_idle}
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def page(lab):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with chromium_page(1400, 900) as page:
        yield page


def open_and_run_all(page, lab, lesson: str) -> None:
    """Open a lesson, wait for its kernel, run every cell from the (Vietnamese) Run menu."""
    from playwright.sync_api import expect

    page.goto(lab["url"](f"basic/{lesson}") + "&reset")  # a clean workspace: only this lesson is open
    expect(page.locator(".jp-Notebook")).to_be_visible(timeout=90_000)
    page.locator(".jp-Notebook").first.click()  # the lesson is the current widget the Run menu acts on
    for attempt in range(2):  # a first kernel start on a loaded machine is slow: reload once
        try:
            expect(page.get_by_text(re.compile(r"Python 3 \(ipykernel\) \| (Idle|Rảnh)"))).to_be_visible(
                timeout=120_000)
            menu(page, "Chạy")
            page.get_by_text("Chạy tất cả các ô", exact=True).click()
            expect(page.locator(".jp-OutputArea-output", has_text="Chưa làm").first).to_be_visible(timeout=120_000)
            lab["wait_until_idle"]()  # every cell ran: what the trainee runs next is not queued behind them
            return
        except AssertionError:
            if attempt:
                raise
            page.reload()
            expect(page.locator(".jp-Notebook")).to_be_visible(timeout=60_000)


def menu(page, name: str) -> list[str]:
    """Open a top menu (clicking again if the Lab was still busy); returns its item labels."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(3):
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{name}$")).click()
        try:
            page.locator(".lm-Menu-itemLabel").first.wait_for(timeout=10_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
    return [label for label in page.locator(".lm-Menu-itemLabel").all_inner_texts() if label.strip()]


def cell_starting(page, starts_with: str, last: bool = False):
    cells = page.locator(".jp-CodeCell", has=page.locator(".cm-content", has_text=re.compile("^" + re.escape(starts_with))))
    cell = cells.last if last else cells.first
    cell.scroll_into_view_if_needed()  # the Lab renders cells far from the view lazily
    return cell


def answer(page, starts_with: str, code: str, checks: int = 1, last: bool = False) -> None:
    """Replace the cell whose source starts with ``starts_with`` by ``code`` and run it and the next
    ``checks`` cells (Shift + Enter each), as a trainee does."""
    from playwright.sync_api import expect

    cell = cell_starting(page, starts_with, last)
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.type(code)
    # the editor holds exactly what she typed (no auto-closed bracket or quote added) before it runs
    active = page.locator(".jp-Notebook .jp-Cell.jp-mod-active .cm-content")  # the cell no longer starts so
    expect(active).to_have_text(code.replace("\n", ""), timeout=10_000)
    for _ in range(1 + checks):
        page.keyboard.press("Shift+Enter")


def output_of(page, starts_with: str, last: bool = False):
    """The output area of the first (or last) cell whose source starts with ``starts_with``."""
    return cell_starting(page, starts_with, last).locator(".jp-OutputArea")


def test_the_run_and_kernel_menus_are_vietnamese(page, lab):
    from playwright.sync_api import expect

    page.goto(lab["url"]("index.ipynb"))
    expect(page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^Tệp$"))).to_be_visible(timeout=90_000)
    expect(page.locator(".jp-Notebook")).to_be_visible(timeout=60_000)
    for name in ("Chạy", "Kernel", "Chỉnh sửa"):
        labels = menu(page, name)
        page.keyboard.press("Escape")
        english = [label for label in labels if not VIETNAMESE.search(label)]
        assert len(labels) >= 5 and not english, f"menu {name}: {english}"


def test_b0_a_beginners_mistakes_get_vietnamese_help(page, lab):
    from playwright.sync_api import expect

    open_and_run_all(page, lab, "00-python-vua-du.ipynb")
    # the lesson's own failing example already shows the help under the error
    expect(output_of(page, "cau_tra_loi = B")).to_contain_text("Lỗi này nghĩa là gì?", timeout=60_000)
    # a multiple-choice answer without quotes: Vietnamese help under the error ...
    answer(page, 'cau_tra_loi = "____"', "cau_tra_loi = B")
    help_box = output_of(page, "cau_tra_loi = B", last=True).filter(has_text="Lỗi này nghĩa là gì?")
    expect(help_box).to_contain_text("dấu nháy", timeout=30_000)
    # ... and check() reports that failed cell (it does not say "run the cell")
    expect(output_of(page, "q6.check()")).to_contain_text("vừa báo lỗi", timeout=30_000)
    # a lower-case letter in quotes is what she meant
    answer(page, "cau_tra_loi = B", 'cau_tra_loi = "c"', last=True)
    expect(output_of(page, "q6.check()")).to_contain_text("Đúng", timeout=30_000)
    # the decimal comma of Vietnamese: 1,5 ha
    answer(page, "dien_tich_hoa = ____", "dien_tich_hoa = 1,5\nnang_suat_hoa = 2,8\nsan_luong_hoa = dien_tich_hoa * nang_suat_hoa")
    expect(output_of(page, "dien_tich_hoa = 1,5")).to_contain_text("dấu phẩy", timeout=30_000)
    # the hint cell runs as it is, and a skeleton hint shows code as a code block, not one line
    answer(page, "# Cần gợi ý? Chạy ô này. Gợi ý tiếp theo: q1.hint(2)", "q1.hint(3)", checks=0)
    skeleton = output_of(page, "q1.hint(3)").locator("pre code")
    expect(skeleton).to_contain_text("____", timeout=30_000)
    assert "\n" in skeleton.inner_text().strip()
    page.screenshot(path=str(ARTIFACTS / "b0-beginner.png"))


def test_closing_an_edited_lesson_offers_no_look_alike_buttons_and_stops_its_kernel(page, lab):
    from playwright.sync_api import expect

    b0 = "basic/00-python-vua-du.ipynb"
    assert b0 in lab["running"](), "the B0 notebook of the previous test should have a kernel"
    page.keyboard.press("Escape")
    menu(page, "Tệp")
    page.locator(".lm-Menu-itemLabel", has_text=re.compile("^Đóng thẻ$|^Đóng$")).first.click()
    dialog = page.locator(".jp-Dialog")
    expect(dialog).to_be_visible(timeout=10_000)
    buttons = [b.strip() for b in dialog.locator("button.jp-Dialog-button").all_inner_texts()]
    page.screenshot(path=str(ARTIFACTS / "close-dialog.png"))
    folded = [b.lower().replace("ủy", "uỷ") for b in buttons]
    assert len(set(folded)) == len(folded), f"look-alike buttons: {buttons}"
    dialog.locator("button.jp-Dialog-button", has_text="Bỏ thay đổi").click()
    deadline = time.monotonic() + 30
    while b0 in lab["running"]():
        assert time.monotonic() < deadline, "closing the notebook left its kernel running"
        time.sleep(0.5)


def test_b1_a_percentage_and_a_skipped_fit_get_vietnamese_help(page, lab):
    from playwright.sync_api import expect

    open_and_run_all(page, lab, "01-luat-le-va-hoc-tu-du-lieu.ipynb")
    answer(page, "ty_le_dat = ____", 'ty_le_dat = df["dat_chuan"].mean() * 100')
    expect(output_of(page, "q1.check()")).to_contain_text("nhân với 100", timeout=30_000)
    # scoring a model she never trained: a Vietnamese explanation under scikit-learn's error
    answer(page, "mo_hinh = DecisionTreeClassifier(max_depth=4",
           "mo_hinh = DecisionTreeClassifier(max_depth=4, random_state=0)\n"
           "do_chinh_xac_kiem_dinh = mo_hinh.score(X_val, y_val)")
    expect(output_of(page, "mo_hinh = DecisionTreeClassifier(max_depth=4")).to_contain_text(
        "Lỗi này nghĩa là gì?", timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "b1-beginner.png"))


def test_b2_a_table_given_for_a_number_gets_vietnamese_help(page, lab):
    from playwright.sync_api import expect

    open_and_run_all(page, lab, "02-doc-du-lieu-va-bieu-do.ipynb")
    answer(page, "so_ho_thanh_thi = ____", 'so_ho_thanh_thi = hh["urban"].value_counts()')
    expect(output_of(page, "q1.check()")).to_contain_text("cả một bảng", timeout=30_000)
    answer(page, "so_ho_thanh_thi = hh", 'so_ho_thanh_thi = hh["urban"].value_counts()["yes"]')
    expect(output_of(page, "q1.check()")).to_contain_text("Đúng", timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "b2-beginner.png"))
