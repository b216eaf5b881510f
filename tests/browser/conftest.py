"""Headless Chromium from Debian (/usr/bin/chromium) driven by Playwright, against the live_server.

Never `playwright install`: the browser is the system package (CI installs `chromium`). Without it, or
without the playwright package, every browser test skips with the reason.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 10_000

# Playwright's sync API keeps an event loop on this thread; the ORM calls the tests make between browser
# steps are ordinary synchronous calls, so Django's async-safety guard is switched off for this folder.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser tests need the playwright package (pip install playwright; no browser download)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


class Browser:
    """Opens pages as a given person: anonymous, or signed in through a real session cookie."""

    def __init__(self, chromium: Any, base_url: str) -> None:
        self.chromium = chromium
        self.base_url = base_url
        self.contexts: list[Any] = []

    def page(self, user: Any = None, width: int = 1280) -> Any:
        context = self.chromium.new_context(
            base_url=self.base_url, viewport={"width": width, "height": 900}, accept_downloads=True
        )
        context.set_default_timeout(TIMEOUT_MS)
        if user is not None:
            client = Client()
            client.force_login(user)
            context.add_cookies(
                [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": self.base_url}]
            )
        self.contexts.append(context)
        return context.new_page()

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def browser(chromium: Any, live_server: Any) -> Iterator[Browser]:
    opened = Browser(chromium, live_server.url)
    yield opened
    opened.close()
