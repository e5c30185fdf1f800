"""Headless Chromium through Playwright's Python package, using Debian's /usr/bin/chromium
(`playwright install` cannot download browsers here). Pages record console errors."""
from __future__ import annotations

import os
import re
import shutil
from contextlib import contextmanager
from typing import Iterator

CHROMIUM = os.environ.get("ANTREAN_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1280, "height": 800}


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


STATUS = re.compile(r"Failed to load resource: the server responded with a status of (\d+)")


def new_page(browser, errors: list[str], statuses: list[int] | None = None,
             lang: str = "id-ID"):
    """A 1280x800 page whose console errors and uncaught exceptions land in ``errors``.

    Chromium also logs every 4xx page as a console error ("Failed to load resource"); with
    ``statuses`` given those go there instead (a 422 form or a 403 may be the point of a test),
    so ``errors`` keeps only script and page faults."""
    context = browser.new_context(viewport=VIEWPORT, locale=lang, accept_downloads=True)
    page = context.new_page()

    def console(message) -> None:
        if message.type != "error":
            return
        status = STATUS.search(message.text)
        if status and statuses is not None:
            statuses.append(int(status.group(1)))
        else:
            errors.append(f"console {message.type}: {message.text} @ {page.url}")

    page.on("console", console)
    page.on("pageerror", lambda e: errors.append(f"page error: {e} @ {page.url}"))
    return page
