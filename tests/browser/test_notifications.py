"""Notifications in the browser: a new message in a hidden tab raises a notification (and a chime)
that opens its conversation when clicked; a muted group stays quiet but for a mention, with its
count greyed and out of the tab title; the switches turn them off; the browser's permission is
asked only from a button. Also the theme following the account, and changing one's name.

The tab is made "hidden" by overriding document.visibilityState in an init script (headless
Chromium's pages are always visible), and notifications are recorded by wrapping the real
window.Notification, whose permission the context grants. A hidden tab alerts a moment after a
message arrives, so "nothing was raised" is asserted once a later message that does raise one
has been raised (in order)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Locator, Page, Response, expect

from tests.browser.axe import BLOCKING, describe, violations
from tests.browser.test_chat import open_account_menu, send, sign_up
from tests.browser.test_delivery import (
    bubbles,
    conversation_item,
    open_chat_with,
    sign_up_ann_and_bob,
)
from tests.browser.test_delivery import people as plain_people
from tests.browser.test_groups import DESKTOP, DEVICES, UI_ONLY, create_group, group_item
from tests.browser.test_sessions import log_in
from tests.helpers import PASSWORD

Screenshot = Callable[[Page, str], Path]

HIDDEN_TAB_JS = """
(() => {
  let hidden = false
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => (hidden ? 'hidden' : 'visible'),
  })
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden })
  window.__setHidden = (value) => {
    hidden = value
    document.dispatchEvent(new Event('visibilitychange'))
  }
  window.__notes = []
  window.__permissionAsks = 0
  const Native = window.Notification
  class Recorded extends Native {
    constructor(title, options = {}) {
      super(title, options)
      window.__notes.push({ title, options, shown: this })
    }
  }
  Recorded.requestPermission = (...args) => {
    window.__permissionAsks++
    return Native.requestPermission(...args)
  }
  window.Notification = Recorded
  window.__chimes = 0
  const resume = AudioContext.prototype.resume
  AudioContext.prototype.resume = function () {
    window.__chimes++
    return resume.call(this)
  }
})()
"""

NOTES_JS = """() => window.__notes.map(({ title, options }) =>
  ({ title, body: options.body, tag: options.tag, silent: options.silent }))"""


@contextmanager
def people(
    browser: Browser, count: int, **options
) -> Iterator[tuple[list[BrowserContext], list[Page], list[str]]]:
    """`count` people whose tabs can be hidden and whose notifications are recorded; the
    notification permission is granted to all of them."""
    with plain_people(browser, count, permissions=["notifications"], **options) as (
        contexts, pages, errors,
    ):  # fmt: skip
        for page in pages:
            page.add_init_script(HIDDEN_TAB_JS)
        yield contexts, pages, errors


def hide(page: Page, hidden: bool = True) -> None:
    page.evaluate("(value) => window.__setHidden(value)", hidden)


def notes(page: Page) -> list[dict]:
    return page.evaluate(NOTES_JS)


def chimes(page: Page) -> int:
    return page.evaluate("window.__chimes")


def wait_for_notes(page: Page, count: int) -> None:
    page.wait_for_function("(n) => window.__notes.length >= n", arg=count)


def wait_for_chimes(page: Page, count: int) -> None:
    page.wait_for_function("(n) => window.__chimes >= n", arg=count)


def preview(item: Locator) -> Locator:
    return item.get_by_test_id("conversation-preview")


def saves_settings(response: Response) -> bool:
    return response.url.endswith("/api/users/me/settings") and response.request.method == "PATCH"


def assert_accessible(page: Page) -> None:
    found = [v for v in violations(page) if v["impact"] in BLOCKING]
    assert found == [], describe(found)


def open_notification_settings(page: Page):
    open_account_menu(page)
    page.get_by_test_id("notifications-button").click()
    dialog = page.get_by_role("dialog", name="Notifications")
    expect(dialog).to_be_visible()
    return dialog


@UI_ONLY
def test_a_hidden_tab_notifies_and_the_notification_opens_the_conversation(
    live_server, browser: Browser
) -> None:
    url = live_server.url
    with people(browser, 2, **DESKTOP) as (_, (ann, bob), errors):
        sign_up_ann_and_bob(ann, bob, url)
        open_chat_with(ann, "bob")
        send(ann, "Hi Bob")
        item = conversation_item(bob, "ann")
        expect(preview(item)).to_have_text("Hi Bob")  # visible tab: nothing raised
        conversation_id = item.get_attribute("data-conversation-id")

        # Bob leaves the tab: Ann's next message raises a notification and a chime.
        hide(bob)
        send(ann, "Are you there?\nIt is about tomorrow.")
        wait_for_notes(bob, 1)
        assert notes(bob) == [
            {
                "title": "Ann Lee",
                "body": "Are you there? It is about tomorrow.",
                "tag": f"conversation-{conversation_id}",
                "silent": True,  # the chime is the only sound
            }
        ]
        assert chimes(bob) == 1
        expect(bob).to_have_title("(2) Chat")

        # Clicking it brings the conversation up.
        bob.evaluate("window.__notes[0].shown.dispatchEvent(new Event('click'))")
        expect(bob).to_have_url(f"{url}/c/{conversation_id}")
        expect(bob.get_by_test_id("peer-name")).to_have_text("Ann Lee")

        # Back on the tab: nothing more is raised, and the unread are read.
        hide(bob, False)
        send(ann, "Good, you are here")
        expect(bubbles(bob, "Good, you are here")).to_have_count(1)
        expect(bob).to_have_title("Chat")
        assert len(notes(bob)) == 1
        assert errors == []


@UI_ONLY
@DEVICES
def test_a_muted_group_stays_quiet_but_for_a_mention(
    live_server, browser: Browser, device: dict, screenshot: Screenshot
) -> None:
    url = live_server.url
    phone = device is not DESKTOP
    with people(browser, 2, **device) as (_, (ann, bob), errors):
        sign_up_ann_and_bob(ann, bob, url)
        create_group(ann, "Trip", ["bob"])
        group_item(bob, "Trip").click()
        mute = bob.get_by_test_id("mute-button")
        expect(mute).to_have_attribute("aria-pressed", "false")
        mute.click()
        expect(mute).to_have_attribute("aria-pressed", "true")
        assert_accessible(bob)
        if phone:
            bob.get_by_test_id("back-button").click()
        item = group_item(bob, "Trip")
        expect(item).to_have_attribute("data-muted", "true")
        expect(item.get_by_test_id("muted-icon")).to_be_visible()

        hide(bob)
        send(ann, "Plain news")
        expect(preview(item)).to_have_text("Ann: Plain news")
        badge = item.get_by_test_id("unread-badge")
        expect(badge).to_have_text("1")
        expect(badge).to_have_attribute("data-muted", "true")
        expect(badge).not_to_have_class(re.compile(r"badge-primary"))  # greyed
        expect(bob).to_have_title("Chat")  # a muted count stays out of the title

        # A mention still notifies (and only it did), shows its badge and counts in the title.
        send(ann, "@bob are you coming?")
        wait_for_notes(bob, 1)
        assert [(n["title"], n["body"]) for n in notes(bob)] == [
            ("Trip", "Ann Lee: @bob are you coming?")
        ]
        assert chimes(bob) == 1
        expect(item.get_by_test_id("mention-badge")).to_be_visible()
        expect(bob).to_have_title("(1) Chat")
        assert_accessible(bob)
        screenshot(bob, "muted-group-with-mention")

        # Unmuted (in another tab of Bob's, say): the group's messages notify again.
        hide(bob, False)
        bob_too = bob.context.new_page()
        bob_too.goto(f"{url}/c/{item.get_attribute('data-conversation-id')}")
        bob_too.get_by_test_id("mute-button").click()
        expect(bob_too.get_by_test_id("mute-button")).to_have_attribute("aria-pressed", "false")
        expect(item).not_to_have_attribute("data-muted", "true")
        bob_too.close()
        hide(bob)
        send(ann, "Anyone else?")
        wait_for_notes(bob, 2)
        assert notes(bob)[1]["body"] == "Ann Lee: Anyone else?"
        assert errors == []


@UI_ONLY
def test_the_switches_turn_notifications_and_sound_off(live_server, browser: Browser) -> None:
    url = live_server.url
    with people(browser, 2, **DESKTOP) as (_, (ann, bob), errors):
        sign_up_ann_and_bob(ann, bob, url)
        open_chat_with(ann, "bob")
        send(ann, "First")
        item = conversation_item(bob, "ann")
        expect(preview(item)).to_have_text("First")

        dialog = open_notification_settings(bob)
        expect(dialog.get_by_test_id("notification-access")).to_have_attribute(
            "data-access", "granted"
        )
        switch = dialog.get_by_test_id("setting-notifications")
        expect(switch).to_be_checked()
        with bob.expect_response(saves_settings):
            switch.click()
        expect(switch).not_to_be_checked()
        assert_accessible(bob)
        dialog.get_by_test_id("notifications-close").click()

        # Notifications off: the chime alone (the sound has its own switch).
        hide(bob)
        send(ann, "Second")
        wait_for_chimes(bob, 1)
        assert notes(bob) == []

        # Sound off, notifications on again: the notification alone.
        hide(bob, False)
        dialog = open_notification_settings(bob)
        with bob.expect_response(saves_settings):
            dialog.get_by_test_id("setting-sound").click()
        with bob.expect_response(saves_settings):
            switch.click()
        expect(dialog.get_by_test_id("setting-sound")).not_to_be_checked()
        expect(switch).to_be_checked()
        dialog.get_by_test_id("notifications-close").click()
        hide(bob)
        send(ann, "Third")
        wait_for_notes(bob, 1)
        assert notes(bob)[0]["body"] == "Third" and chimes(bob) == 1

        # Stored with the account: another browser signed in as Bob finds them off.
        other = browser.new_context(**DESKTOP)
        try:
            page = other.new_page()
            log_in(page, url, "bob", PASSWORD)
            dialog = open_notification_settings(page)
            expect(dialog.get_by_test_id("setting-sound")).not_to_be_checked()
            expect(dialog.get_by_test_id("setting-notifications")).to_be_checked()
        finally:
            other.close()
        assert errors == []


@UI_ONLY
@DEVICES
def test_the_permission_is_asked_only_from_the_button(
    live_server, browser: Browser, device: dict, screenshot: Screenshot
) -> None:
    context = browser.new_context(**device)  # nothing granted: the browser would ask
    try:
        page = context.new_page()
        page.add_init_script(HIDDEN_TAB_JS)
        sign_up(page, live_server.url, "bob", "Bob Stone")
        assert page.evaluate("window.__permissionAsks") == 0
        page.reload()
        expect(page.get_by_test_id("search-input")).to_be_visible()
        assert page.evaluate("window.__permissionAsks") == 0

        dialog = open_notification_settings(page)
        access = dialog.get_by_test_id("notification-access")
        expect(access).to_have_attribute("data-access", "default")
        assert_accessible(page)
        screenshot(page, "notifications-dialog")
        dialog.get_by_test_id("notifications-permission").click()
        page.wait_for_function("window.__permissionAsks === 1")
        box = dialog.locator(".modal-box").bounding_box()
        assert (
            box is not None
            and box["x"] >= 0
            and box["x"] + box["width"] <= (device["viewport"]["width"])
        )
    finally:
        context.close()


@UI_ONLY
def test_the_theme_follows_the_account_to_another_browser(live_server, browser: Browser) -> None:
    url = live_server.url
    first = browser.new_context(**DESKTOP, color_scheme="light")
    second = browser.new_context(**DESKTOP, color_scheme="light")
    try:
        page = first.new_page()
        sign_up(page, url, "bob", "Bob Stone")
        open_account_menu(page)
        with page.expect_response(saves_settings):
            page.get_by_test_id("theme-dark").click()
        expect(page.locator("html")).to_have_attribute("data-theme", "dark")

        fresh = second.new_page()
        log_in(fresh, url, "bob", PASSWORD)
        expect(fresh.get_by_test_id("search-input")).to_be_visible()
        expect(fresh.locator("html")).to_have_attribute("data-theme", "dark")
        open_account_menu(fresh)
        expect(fresh.get_by_test_id("theme-dark")).to_have_attribute("aria-checked", "true")

        # A choice made before signing in is the newest: it goes to the account.
        fresh.get_by_test_id("logout-button").click()
        expect(fresh.get_by_test_id("username")).to_be_visible()
        fresh.get_by_test_id("theme-button").click()
        fresh.get_by_test_id("theme-light").click()
        with fresh.expect_response(saves_settings):
            log_in(fresh, url, "bob", PASSWORD)
        expect(fresh.get_by_test_id("search-input")).to_be_visible()
        expect(fresh.locator("html")).to_have_attribute("data-theme", "light")
        page.reload()
        expect(page.get_by_test_id("search-input")).to_be_visible()
        expect(page.locator("html")).to_have_attribute("data-theme", "light")
    finally:
        first.close()
        second.close()


@UI_ONLY
@DEVICES
def test_changing_your_name_shows_to_your_contacts(
    live_server, browser: Browser, device: dict, screenshot: Screenshot
) -> None:
    url = live_server.url
    with people(browser, 2, **device) as (_, (ann, bob), errors):
        sign_up_ann_and_bob(ann, bob, url)
        open_chat_with(ann, "bob")
        send(ann, "Hi Bob")
        expect(preview(conversation_item(bob, "ann"))).to_have_text("Hi Bob")

        open_account_menu(bob)
        bob.get_by_test_id("name-button").click()
        dialog = bob.get_by_role("dialog", name="Your name")
        field = dialog.get_by_test_id("name-input")
        expect(field).to_have_value("Bob Stone")
        field.fill("   ")
        dialog.get_by_test_id("name-save").click()
        expect(dialog.get_by_test_id("field-error")).to_be_visible()
        assert_accessible(bob)
        screenshot(bob, "name-dialog-error")
        field.fill("Robert Stone")
        dialog.get_by_test_id("name-save").click()
        expect(dialog).to_have_count(0)
        expect(bob.get_by_test_id("current-user")).to_have_text("Robert Stone")

        # Ann sees it at once, in her open conversation's header and in her list.
        expect(ann.get_by_test_id("peer-name")).to_have_text("Robert Stone")
        if device is DESKTOP:
            expect(conversation_item(ann, "bob")).to_contain_text("Robert Stone")
        assert errors == []
