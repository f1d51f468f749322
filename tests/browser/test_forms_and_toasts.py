"""What a newcomer meets, at desktop and phone widths: form rules before the first attempt, errors
that leave with their form, toasts and the connection banner that cover no control, and a composer
that never cuts a long message silently."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_chat import open_account_menu, send, sign_up
from tests.browser.test_delivery import ACKED, bubbles, conversation_item, open_chat_with
from tests.browser.test_sessions import log_in
from tests.helpers import PASSWORD

DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True},
}

# Controls, and the text that names whom you talk to, that a toast or banner must leave visible.
COVERED = """(selector) => {
  const targets =
    'button, a, input, textarea, select, [role=button], h1, h2, [data-testid=peer-name]'
  // The part of el on screen: its box clipped by every ancestor that clips (scroll areas).
  const shown = (el) => {
    let r = el.getBoundingClientRect()
    let box = { left: r.left, top: r.top, right: r.right, bottom: r.bottom }
    for (let a = el.parentElement; a; a = a.parentElement) {
      const style = getComputedStyle(a)
      if (style.display === 'none' || style.visibility === 'hidden') return null
      if (style.overflow !== 'visible') {
        r = a.getBoundingClientRect()
        box = {
          left: Math.max(box.left, r.left), top: Math.max(box.top, r.top),
          right: Math.min(box.right, r.right), bottom: Math.min(box.bottom, r.bottom),
        }
      }
    }
    box.right = Math.min(box.right, innerWidth)
    box.bottom = Math.min(box.bottom, innerHeight)
    return box.right > box.left && box.bottom > box.top ? box : null
  }
  const hits = []
  for (const cover of document.querySelectorAll(selector)) {
    const a = shown(cover)
    if (!a) continue
    for (const el of document.querySelectorAll(targets)) {
      if (cover.contains(el)) continue
      const b = shown(el)
      if (b && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
        const name = el.getAttribute('aria-label') || el.innerText || el.placeholder || el.tagName
        hits.push(`${cover.dataset.testid} covers ${el.tagName.toLowerCase()} "${name.trim()}"`)
      }
    }
  }
  return hits
}"""


def covered(page: Page, selector: str) -> list[str]:
    """What the elements matching selector cover; checked only once they are visible."""
    expect(page.locator(selector).first).to_be_visible()
    return page.evaluate(COVERED, selector)


@contextmanager
def device_page(browser: Browser, device: str) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context(**DEVICES[device])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    try:
        yield page, errors
    finally:
        context.close()


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("device", DEVICES)
def test_sign_in_errors_stay_in_the_form_and_leave_with_it(
    live_server, browser: Browser, device: str
) -> None:
    with device_page(browser, "desktop") as (ann, _):
        sign_up(ann, live_server.url, "ann", "Ann Lee")
    with device_page(browser, device) as (page, errors):
        page.goto(live_server.url + "/login")
        page.get_by_test_id("submit").click()
        expect(page.locator("[data-testid=field-error][data-field=username]")).to_have_text(
            "Enter your username"
        )
        expect(page.locator("[data-testid=field-error][data-field=password]")).to_have_text(
            "Enter your password"
        )

        log_in(page, live_server.url, "ann", "not the password")
        failure = page.get_by_test_id("form-error")
        expect(failure).to_have_text("Wrong username or password")
        assert covered(page, "[data-testid=form-error]") == []

        page.get_by_test_id("password").fill(PASSWORD)  # the next try, on the same page
        page.get_by_test_id("submit").click()
        expect(page.get_by_test_id("search-input")).to_be_visible()
        # Signed in: nothing of the failed attempt is left over the chat (e.g. over Log out) —
        # not even for the seconds a toast would last, so asserted at once, without waiting.
        assert page.get_by_text("Wrong username or password").count() == 0
        assert page.get_by_test_id("toast").count() == 0
        assert errors == []


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("device", DEVICES)
def test_toasts_and_connection_banner_cover_no_control(
    live_server, browser: Browser, device: str
) -> None:
    with device_page(browser, "desktop") as (bob, _), device_page(browser, device) as (ann, errors):
        sign_up(bob, live_server.url, "bob", "Bob Stone")
        sign_up(ann, live_server.url, "ann", "Ann Lee")
        open_chat_with(ann, "bob")
        send(ann, "Hi Bob!")
        expect(bubbles(ann, "Hi Bob!")).to_have_attribute("data-state", ACKED)

        ann.get_by_test_id("block-button").click()
        ann.get_by_test_id("block-confirm").click()
        expect(ann.get_by_test_id("toast").filter(has_text=re.compile("^Blocked"))).to_be_visible()
        expect(ann.get_by_test_id("block-button")).to_have_text("Unblock")
        assert covered(ann, "[data-testid=toast]") == []

        ann.get_by_test_id("block-button").click()
        expect(ann.get_by_test_id("toast").filter(has_text="Unblocked Bob Stone.")).to_be_visible()
        assert covered(ann, "[data-testid=toast]") == []

        ann.context.set_offline(True)
        banner = ann.get_by_test_id("connection-banner")
        expect(banner).to_have_attribute("data-status", "offline")
        assert covered(ann, "[data-testid=connection-banner]") == []
        ann.context.set_offline(False)
        expect(banner).to_have_count(0, timeout=20_000)

        # The list of conversations (the phone's other screen) is not covered either.
        if device == "phone":
            ann.get_by_test_id("back-button").click()
        ann.context.set_offline(True)
        expect(banner).to_have_attribute("data-status", "offline")
        assert covered(ann, "[data-testid=connection-banner]") == []
        ann.context.set_offline(False)
        assert errors == []


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("device", DEVICES)
def test_password_rules_show_before_the_first_attempt(
    live_server_with, browser: Browser, device: str
) -> None:
    server = live_server_with(PASSWORD_MIN_LENGTH="14")  # not the default: told by the server
    rules = "At least 14 characters, not a common password, not your username."
    with device_page(browser, device) as (page, errors):
        page.goto(server.url + "/signup")
        hint = page.locator("[data-testid=field-hint][data-field=password]")
        expect(hint).to_have_text(rules)
        assert hint.get_attribute("id") in page.get_by_test_id("password").get_attribute(
            "aria-describedby"
        )
        expect(page.locator("[data-testid=field-hint][data-field=username]")).to_have_text(
            "3 to 32 letters, digits, dots or underscores."
        )
        sign_up(page, server.url, "ann", "Ann Lee")

        open_account_menu(page)
        opener = page.get_by_role("menuitem", name="Change password")
        expect(opener).to_have_attribute("data-testid", "password-button")
        opener.click()
        dialog = page.get_by_test_id("password-dialog")
        expect(dialog.locator("[data-testid=field-hint][data-field=new_password]")).to_have_text(
            rules
        )
        expect(page.get_by_test_id("current-password")).to_be_focused()
        page.get_by_test_id("change-password").click()
        expect(
            dialog.locator("[data-testid=field-error][data-field=current_password]")
        ).to_have_text("Enter your current password")
        page.keyboard.press("Escape")
        expect(dialog).to_have_count(0)
        expect(page.get_by_test_id("account-menu-button")).to_be_focused()
        assert errors == []


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("device", DEVICES)
def test_long_message_is_kept_whole_and_the_limit_told(
    live_server, browser: Browser, device: str
) -> None:
    with device_page(browser, "desktop") as (bob, _), device_page(browser, device) as (ann, errors):
        sign_up(bob, live_server.url, "bob", "Bob Stone")
        sign_up(ann, live_server.url, "ann", "Ann Lee")
        open_chat_with(ann, "bob")
        box = ann.get_by_test_id("message-input")
        too_long = "".join(f"<{i:03d}>" for i in range(1000))  # 5,000 characters
        box.fill(too_long)
        assert box.input_value() == too_long  # nothing cut
        expect(ann.get_by_test_id("message-count")).to_have_text("5,000 / 4,000")
        expect(ann.get_by_test_id("message-too-long")).to_have_text(
            "1,000 characters over the limit: shorten the message to send it."
        )
        expect(box).to_have_attribute("aria-invalid", "true")
        expect(ann.get_by_test_id("send-button")).to_be_disabled()
        box.press("Enter")
        ann.wait_for_timeout(300)
        expect(ann.get_by_test_id("message")).to_have_count(0)
        assert box.input_value() == too_long
        assert covered(ann, "[data-testid=message-too-long]") == []

        # Cut down to the limit by the writer, it goes whole.
        box.fill(too_long[:4000])
        expect(ann.get_by_test_id("message-count")).to_have_text("4,000 / 4,000")
        expect(ann.get_by_test_id("message-too-long")).to_have_count(0)
        ann.get_by_test_id("send-button").click()
        sent = ann.get_by_test_id("message")
        expect(sent).to_have_attribute("data-state", ACKED)
        conversation_item(bob, "ann").click()
        expect(bob.get_by_test_id("message")).to_contain_text(too_long[3960:4000])
        assert errors == []
