"""Headless Chromium for the browser tests (back office, visitor pages), through Playwright's
Python package and Debian's /usr/bin/chromium (`playwright install` cannot download browsers
here): a desktop (1280x800) or phone (360x740, touch) page whose console errors and uncaught
exceptions are recorded."""
from __future__ import annotations

import os
import re
import shutil
from contextlib import contextmanager
from typing import Iterator

CHROMIUM = os.environ.get("ANTREAN_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
STATUS = re.compile(r"Failed to load resource: the server responded with a status of (\d+)")


def available() -> str | None:
    """None when the browser tests can run, else why not."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install playwright; no `playwright install`)"
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM}"
    return None


@contextmanager
def chromium() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser, errors: list[str], statuses: list[int] | None = None,
             lang: str = "id-ID", *, phone: bool = False):
    """A page whose console errors land in ``errors`` (4xx "Failed to load resource" lines go
    to ``statuses`` when given: a refused form may be the point of a test)."""
    if phone:
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                      device_scale_factor=2, locale=lang)
    else:
        context = browser.new_context(viewport=DESKTOP, locale=lang, accept_downloads=True)
    page = context.new_page()

    def console(message) -> None:
        if message.type != "error":
            return
        status = STATUS.search(message.text)
        if status and statuses is not None:
            statuses.append(int(status.group(1)))
        else:
            errors.append(f"console: {message.text} @ {page.url}")

    page.on("console", console)
    page.on("pageerror", lambda e: errors.append(f"page error: {e} @ {page.url}"))
    return page
