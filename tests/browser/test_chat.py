"""Two people in two browser contexts sign up and chat in real time."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.helpers import PASSWORD


def sign_up(page: Page, base_url: str, username: str, full_name: str) -> None:
    page.goto(base_url + "/signup")
    page.get_by_test_id("full-name").fill(full_name)
    page.get_by_test_id("username").fill(username)
    page.get_by_test_id("password").fill(PASSWORD)
    page.get_by_test_id("confirm-password").fill(PASSWORD)
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("search-input")).to_be_visible()


def open_account_menu(page: Page) -> None:
    """Open the chat header's account menu (Change password, theme, Log out)."""
    page.get_by_test_id("account-menu-button").click()
    expect(page.get_by_role("menu", name="Account")).to_be_visible()


def send(page: Page, text: str) -> None:
    page.get_by_test_id("message-input").fill(text)
    page.get_by_test_id("message-input").press("Enter")


def test_two_users_chat_in_real_time(live_server, browser: Browser) -> None:
    ann_ctx, bob_ctx = browser.new_context(), browser.new_context()
    ann, bob = ann_ctx.new_page(), bob_ctx.new_page()
    errors: list[str] = []
    for page in (ann, bob):
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.on(  # a CSP violation is reported on the console
            "console",
            lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None,
        )
    try:
        sign_up(ann, live_server.url, "ann", "Ann Lee")
        sign_up(bob, live_server.url, "bob", "Bob Stone")

        ann.get_by_test_id("search-input").fill("bo")
        ann.locator("[data-testid=search-result][data-username=bob]").click()
        expect(ann.get_by_test_id("send-button")).to_be_disabled()
        send(ann, "Hi Bob!")
        own = ann.get_by_test_id("message").filter(has_text="Hi Bob!")
        expect(own).to_have_attribute("data-own", "true")
        # acked; Bob is online, so it may already be delivered (two ticks)
        expect(own).to_have_attribute("data-state", re.compile(r"^(sent|delivered|read)$"))

        # Bob never reloads: the conversation and the message arrive over the socket.
        bob.locator("[data-testid=conversation-item][data-username=ann]").click()
        incoming = bob.get_by_test_id("message").filter(has_text="Hi Bob!")
        expect(incoming).to_have_attribute("data-own", "false")
        expect(bob.get_by_test_id("online-dot").first).to_be_visible()

        bob.get_by_test_id("message-input").fill("Hello Ann,")
        bob.get_by_test_id("message-input").press("Shift+Enter")
        bob.get_by_test_id("message-input").type("how are you?")
        bob.get_by_test_id("message-input").press("Enter")
        reply = ann.get_by_test_id("message").filter(has_text="how are you?")
        expect(reply).to_have_attribute("data-own", "false")
        expect(reply).to_contain_text("Hello Ann,")
        assert ann.get_by_test_id("message").count() == 2

        # Text stays text; only http(s) links become links, opened without access to us.
        send(ann, "see https://example.org/page and javascript:alert(1) <b>bold</b>")
        tricky = bob.get_by_test_id("message").filter(has_text="<b>bold</b>")
        expect(tricky).to_be_visible()
        link = tricky.locator("a")
        expect(link).to_have_count(1)
        expect(link).to_have_attribute("href", "https://example.org/page")
        expect(link).to_have_attribute("rel", re.compile(r"\bnoopener\b.*\bnoreferrer\b"))
        assert tricky.locator("b").count() == 0

        # History survives a reload, in order.
        ann.reload()
        ann.locator("[data-testid=conversation-item][data-username=bob]").click()
        expect(ann.get_by_test_id("message")).to_have_count(3)
        texts = ann.get_by_test_id("message").all_inner_texts()
        assert "Hi Bob!" in texts[0] and "how are you?" in texts[1] and "bold" in texts[2]
        assert errors == []
    finally:
        ann_ctx.close()
        bob_ctx.close()


def test_phone_width_layout_shows_one_pane_at_a_time(live_server, browser: Browser) -> None:
    ctx = browser.new_context(viewport={"width": 375, "height": 740})
    page = ctx.new_page()
    try:
        sign_up(page, live_server.url, "ann", "Ann Lee")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"page is {width}px wide at a 375px viewport"
    finally:
        ctx.close()
