"""How long a trainee waits on a site's hub, from pressing "Đăng nhập" to a Lab ready to use.

Starts a throwaway site (real accounts, `aijourney hub start` on 127.0.0.1; needs root) and, in Debian chromium:
- cold: a trainee whose Lab is not running logs in from a new browser (the hub starts their Lab, the lessons are
  laid out);
- warm: the same trainee logs out and in again on the same browser while their Lab runs (a commune PC);
- warm_new_browser: ... and from another browser, which has the Lab's scripts to load again;
- baseline (render): an already logged-in browser opens the Lab page again — the browser's own share, which no
  hub setting can remove.
Each figure is the median over the trainees. Target (issue: JupyterHub for a site): cold ≤ 5 s, warm ≤ 2 s on
2 cores. Last line: RESULT cold_s=… warm_s=… warm_new_browser_s=… render_s=… cold_vs_render=… warm_vs_render=…
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from helpers import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

from aijourney.hub.trial import TrialSite  # noqa: E402

READY = ".lm-MenuBar-itemLabel:text-is('Tệp')"


def log_in(page, site, person) -> float:
    page.goto(f"{site.url}/hub/login")
    page.fill("#username_input", person.login)
    page.fill("#password_input", person.password)
    started = time.perf_counter()
    page.click("#login_submit")
    page.wait_for_url(f"**/user/{person.login}/lab/**")
    page.wait_for_selector(READY)
    return time.perf_counter() - started


def new_page(browser):
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    page.set_default_timeout(180_000)
    return page


def timed_render(page) -> float:
    started = time.perf_counter()
    page.reload()
    page.wait_for_selector(READY)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    cold, warm, warm_new, render = [], [], [], []
    with TrialSite.create(trainees=args.trainees) as site, sync_playwright() as p:
        site.start()
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for person in site.trainees:
                page = new_page(browser)
                cold.append(log_in(page, site, person))
                render.append(timed_render(page))
                page.goto(f"{site.url}/hub/logout")  # the Lab keeps running (the hub's default)
                warm.append(log_in(page, site, person))
                page.context.close()
                page = new_page(browser)
                warm_new.append(log_in(page, site, person))
                page.context.close()
                print(f"{person.login}: cold {cold[-1]:.2f} s, warm {warm[-1]:.2f} s, warm from a new browser "
                      f"{warm_new[-1]:.2f} s, render {render[-1]:.2f} s", flush=True)
        finally:
            browser.close()
    cold_s, warm_s, warm_new_s, render_s = (statistics.median(v) for v in (cold, warm, warm_new, render))
    print(f"RESULT cold_s={cold_s:.2f} warm_s={warm_s:.2f} warm_new_browser_s={warm_new_s:.2f} "
          f"render_s={render_s:.2f} cold_vs_render={cold_s / render_s:.2f} warm_vs_render={warm_s / render_s:.2f}")


if __name__ == "__main__":
    main()
