"""Signed-in devices in the browser: one person on a laptop and a phone. The laptop sees both
sessions (its own marked), signs the phone out, and the phone lands on the sign-in page within
about two seconds; then "Sign out everywhere else", after a confirmation, does it again."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.axe import BLOCKING, describe, violations
from tests.browser.test_chat import open_account_menu, sign_up
from tests.browser.test_sessions import log_in
from tests.helpers import PASSWORD

LAPTOP_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/131.0.0.0 Safari/537.36"
)
PHONE_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
    " (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
SIGNED_OUT_WITHIN_MS = 2_500  # the "within a second" for sockets, plus the page's reaction


@contextmanager
def laptop_and_phone(browser: Browser) -> Iterator[tuple[Page, Page, list[str]]]:
    laptop_ctx = browser.new_context(viewport={"width": 1280, "height": 800}, user_agent=LAPTOP_UA)
    phone_ctx = browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True, user_agent=PHONE_UA
    )
    errors: list[str] = []
    pages = [laptop_ctx.new_page(), phone_ctx.new_page()]
    for page in pages:
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.on(
            "console",
            lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None,
        )
    try:
        yield pages[0], pages[1], errors
    finally:
        laptop_ctx.close()
        phone_ctx.close()


def open_devices(page: Page):
    open_account_menu(page)
    page.get_by_test_id("sessions-button").click()
    dialog = page.get_by_test_id("sessions-dialog")
    expect(dialog).to_be_visible()
    return dialog


def items(dialog):
    return dialog.get_by_test_id("session-item")


def assert_accessible(page: Page) -> None:
    found = [v for v in violations(page) if v["impact"] in BLOCKING]
    assert found == [], describe(found)


def expect_signed_out_soon(phone: Page, base_url: str, since: float) -> None:
    expect(phone).to_have_url(base_url + "/login", timeout=SIGNED_OUT_WITHIN_MS)
    assert time.monotonic() - since < SIGNED_OUT_WITHIN_MS / 1000
    expect(phone.get_by_test_id("search-input")).to_have_count(0)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_laptop_signs_out_the_phone(
    live_server, browser: Browser, screenshot: Callable[[Page, str], Path]
) -> None:
    url = live_server.url
    with laptop_and_phone(browser) as (laptop, phone, errors):
        sign_up(laptop, url, "ann", "Ann Lee")
        log_in(phone, url, "ann", PASSWORD)
        expect(phone.get_by_test_id("search-input")).to_be_visible()

        dialog = open_devices(laptop)
        expect(items(dialog)).to_have_count(2)
        mine = dialog.locator("[data-testid=session-item][data-current=true]")
        expect(mine.get_by_test_id("session-device")).to_have_text("Chrome on Linux")
        expect(mine.get_by_test_id("current-session")).to_have_text("This device")
        expect(mine.get_by_test_id("end-session")).to_have_count(0)  # Log out is in the menu
        other = dialog.locator("[data-testid=session-item][data-current=false]")
        expect(other.get_by_test_id("session-device")).to_have_text("Safari on iPhone")
        expect(other).to_contain_text("127.0.0.1")
        screenshot(laptop, "laptop-two-sessions")
        assert_accessible(laptop)

        other.get_by_role("button", name="Sign out Safari on iPhone").click()
        started = time.monotonic()
        expect(
            laptop.get_by_test_id("toast").filter(has_text="Signed out Safari on iPhone")
        ).to_be_visible()
        expect(items(dialog)).to_have_count(1)
        expect_signed_out_soon(phone, url, started)

        # The phone signs in again; "Sign out everywhere else" asks first, then signs it out.
        log_in(phone, url, "ann", PASSWORD)
        expect(phone.get_by_test_id("search-input")).to_be_visible()
        phone_dialog = open_devices(phone)
        expect(items(phone_dialog)).to_have_count(2)
        expect(
            phone_dialog.locator("[data-testid=session-item][data-current=true]")
        ).to_contain_text("Safari on iPhone")
        screenshot(phone, "phone-two-sessions")
        assert_accessible(phone)
        phone_dialog.get_by_test_id("sessions-close").click()

        laptop.get_by_test_id("sessions-close").click()
        dialog = open_devices(laptop)
        expect(items(dialog)).to_have_count(2)
        dialog.get_by_test_id("end-others").click()
        confirm = dialog.get_by_test_id("end-others-confirm")
        expect(confirm).to_contain_text("Sign out the other session?")
        screenshot(laptop, "laptop-confirm-end-others")
        assert_accessible(laptop)
        confirm.get_by_role("button", name="Cancel").click()
        expect(items(dialog)).to_have_count(2)
        expect(phone.get_by_test_id("search-input")).to_be_visible()

        dialog.get_by_test_id("end-others").click()
        dialog.get_by_test_id("confirm-end-others").click()
        started = time.monotonic()
        expect(
            laptop.get_by_test_id("toast").filter(has_text="Signed out 1 other session")
        ).to_be_visible()
        expect(items(dialog)).to_have_count(1)
        expect(dialog.get_by_test_id("end-others")).to_have_count(0)
        expect_signed_out_soon(phone, url, started)

        # The laptop goes on.
        laptop.get_by_test_id("sessions-close").click()
        laptop.reload()
        expect(laptop.get_by_test_id("search-input")).to_be_visible()
        assert errors == []
