"""Sessions in the browser: short access tokens refresh silently; a password change signs out
the user's other browsers and keeps this one."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_chat import open_account_menu, send, sign_up
from tests.browser.test_delivery import ACKED, bubbles, conversation_item, open_chat_with, people
from tests.helpers import PASSWORD
from tests.live import LiveServer

NEW_PASSWORD = "a different long passphrase 42"


@pytest.fixture
def short_token_server(live_server_with: Callable[..., LiveServer]) -> LiveServer:
    """Access tokens of 3 seconds, so a test sees several expire and get refreshed."""
    return live_server_with(ACCESS_TOKEN_MINUTES="0.05")


def log_in(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(base_url + "/login")
    page.get_by_test_id("username").fill(username)
    page.get_by_test_id("password").fill(password)
    page.get_by_test_id("submit").click()


def test_short_access_tokens_are_refreshed_without_signing_out(
    short_token_server: LiveServer, browser: Browser
) -> None:
    url = short_token_server.url
    with people(browser, 2) as (_, (ann, bob), errors):
        sign_up(ann, url, "ann", "Ann Lee")
        sign_up(bob, url, "bob", "Bob Stone")
        open_chat_with(ann, "bob")
        send(ann, "hello")
        conversation_item(bob, "ann").click()
        expect(bubbles(bob, "hello")).to_have_count(1)
        for round_ in range(3):  # each round outlives an access token
            ann.wait_for_timeout(3500)
            send(ann, f"still here {round_}")
            expect(bubbles(ann, f"still here {round_}")).to_have_attribute("data-state", ACKED)
            expect(bubbles(bob, f"still here {round_}")).to_have_count(1)
        ann.reload()  # a new page load with an expired access token: refreshed, not signed out
        expect(ann.get_by_test_id("search-input")).to_be_visible()
        assert "/login" not in ann.url
        assert errors == []


def test_password_change_signs_out_the_other_browser_only(live_server, browser: Browser) -> None:
    with people(browser, 3) as (_, (laptop, phone, bob), errors):
        sign_up(laptop, live_server.url, "ann", "Ann Lee")
        sign_up(bob, live_server.url, "bob", "Bob Stone")
        log_in(phone, live_server.url, "ann", PASSWORD)
        expect(phone.get_by_test_id("search-input")).to_be_visible()

        open_account_menu(laptop)
        laptop.get_by_test_id("password-button").click()
        laptop.get_by_test_id("current-password").fill(PASSWORD)
        laptop.get_by_test_id("new-password").fill(NEW_PASSWORD)
        laptop.get_by_test_id("change-password").click()
        expect(laptop.get_by_test_id("toast").filter(has_text="Password changed")).to_be_visible()

        # The phone's session ended: its socket is closed and it lands on the sign-in page.
        expect(phone.get_by_test_id("search-input")).to_have_count(0, timeout=10_000)
        expect(phone).to_have_url(live_server.url + "/login")

        # The laptop goes on, across a reload too.
        open_chat_with(laptop, "bob")
        send(laptop, "new password, same me")
        conversation_item(bob, "ann").click()
        expect(bubbles(bob, "new password, same me")).to_have_count(1)
        laptop.reload()
        expect(laptop.get_by_test_id("search-input")).to_be_visible()

        # Only the new password opens a session now.
        log_in(phone, live_server.url, "ann", PASSWORD)
        expect(phone.get_by_text("Wrong username or password")).to_be_visible()
        log_in(phone, live_server.url, "ann", NEW_PASSWORD)
        expect(phone.get_by_test_id("search-input")).to_be_visible()
        assert errors == []
