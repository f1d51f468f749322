"""Debian's Chromium driven by Playwright (a browser download is impossible here)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from chat.spa import STATIC_DIR

# Screenshots for a reviewer to look at: test artefacts, git-ignored, kept after the run.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


# Per module, not per session: while Playwright's sync API is alive its event loop counts as
# running in this thread, and later tests that use asyncio.run would fail.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (or set CHROMIUM_PATH)")
    if not (STATIC_DIR / "index.html").exists():
        pytest.fail("the client is not built: make client")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Callable[[Page, str], Path]:
    """screenshot(page, name) saves the page as test-artifacts/screenshots/<test>-<name>.png."""
    test = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")

    def save(page: Page, name: str) -> Path:
        path = SCREENSHOTS / f"{test}-{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path))
        return path

    return save
