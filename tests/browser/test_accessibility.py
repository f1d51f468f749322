"""Accessibility at phone and desktop widths: axe-core finds no serious or critical WCAG 2.x A/AA
violation on the main screens in either theme; everything is reachable and operable by keyboard,
with a visible focus; new messages in the open conversation are read out; the chat header leaves
the user's name its room. The main screens are saved as screenshots for a reviewer."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from chat.config import Settings
from chat.storage import open_store
from chat.storage.models import SealedMessage
from chat.storage.sealing import seal
from tests.browser.axe import describe, serious
from tests.browser.test_chat import open_account_menu, send, sign_up
from tests.browser.test_delivery import ACKED, bubbles, conversation_item, open_chat_with
from tests.browser.test_groups import create_group, pick_people
from tests.browser.test_message_actions import emoji_option, open_actions, reaction
from tests.browser.test_sessions import log_in
from tests.conftest import ring
from tests.helpers import PASSWORD

UI_ONLY = pytest.mark.parametrize("backend", ["sqlite"])
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
DEVICES = pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["375px", "1280px"])
Screenshot = Callable[[Page, str], Path]

# Transitions (colours fading to the new theme) run out before axe measures contrast; endless
# animations (spinners) are left alone, and no wait lasts over a second.
SETTLED_JS = """() => Promise.race([
  new Promise((resolve) => setTimeout(resolve, 1000)),
  Promise.all(document.getAnimations()
    .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
    .map((a) => a.finished.catch(() => null))),
])"""


@contextmanager
def person(browser: Browser, **options) -> Iterator[tuple[BrowserContext, Page, list[str]]]:
    """One browser context and page; page errors and CSP violations land in the list."""
    context = browser.new_context(**options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    try:
        yield context, page, errors
    finally:
        context.close()


def user_id(page: Page, base_url: str) -> str:
    return page.request.get(base_url + "/api/auth/me").json()["user"]["id"]


def seed_messages(
    settings: Settings, sender_id: str, to_id: str, history: list[tuple[datetime, str]]
) -> None:
    """Messages stored at the given times, as an import writes them, before any live message."""
    keys = ring(settings)
    store = open_store(settings.mongo_db_uri, settings.data_dir, keys)
    try:
        conv = store.conversations.get_or_create_direct(sender_id, to_id)
        sealed = []
        for seq, (at, text) in enumerate(history, start=1):
            blob, key_id = seal(keys, text, f"seeded-{seq}")
            sealed.append(
                SealedMessage("", conv.id, seq, sender_id, f"seeded-{seq}", blob, key_id, at)
            )
        assert store.messages.insert_sealed(sealed) == 0
        store.conversations.refresh_last_message(conv.id)
    finally:
        store.close()


class Screens:
    """Runs axe on the page as it is, in the light and the dark theme, and saves a screenshot of
    each; the violations of every screen are reported together at the end."""

    def __init__(self, page: Page, screenshot: Screenshot) -> None:
        self.page, self.screenshot = page, screenshot
        self.failures: list[str] = []

    def check(self, name: str) -> None:
        for theme in ("light", "dark"):
            self.page.emulate_media(color_scheme=theme)  # the theme choice is "system"
            expect(self.page.locator("html")).to_have_attribute("data-theme", theme)
            self.page.evaluate(SETTLED_JS)
            found = serious(self.page)
            if found:
                self.failures.append(f"{name}, {theme}:\n{describe(found)}")
            self.screenshot(self.page, f"{name}-{theme}")

    def assert_none(self) -> None:
        assert not self.failures, "serious or critical axe violations:\n" + "\n".join(self.failures)


@UI_ONLY
@DEVICES
def test_main_screens_have_no_serious_axe_violations(
    live_server, settings: Settings, browser: Browser, device: dict, screenshot: Screenshot
) -> None:
    url = live_server.url
    with (
        person(browser, **device) as (bob_ctx, bob, errors),
        person(browser, **DESKTOP) as (_, ann, _),
    ):
        screens = Screens(bob, screenshot)
        bob.goto(url + "/login")
        expect(bob.get_by_test_id("username")).to_be_visible()
        screens.check("sign-in")
        bob.get_by_test_id("theme-button").click()
        expect(bob.get_by_role("group", name="Theme")).to_be_visible()
        screens.check("sign-in-theme-picker")
        bob.keyboard.press("Escape")
        bob.get_by_test_id("submit").click()
        expect(bob.get_by_test_id("field-error").first).to_be_visible()
        screens.check("sign-in-missing")
        log_in(bob, url, "nobody", "not the password")
        expect(bob.get_by_test_id("form-error")).to_have_text("Wrong username or password")
        screens.check("sign-in-failed")
        bob.goto(url + "/signup")
        expect(bob.locator("[data-testid=field-hint][data-field=password]")).to_be_visible()
        screens.check("sign-up")

        sign_up(bob, url, "bob", "Bob Stone")
        sign_up(ann, url, "ann", "Ann Lee")
        yesterday = datetime.now(UTC) - timedelta(days=1)
        seed_messages(
            settings,
            user_id(ann, url),
            user_id(bob, url),
            [(yesterday, "Are we still on for tomorrow?"), (yesterday, "www.example.org has it")],
        )
        ann.reload()
        conversation_item(ann, "bob").click()
        send(ann, "Hello again")
        bob.reload()
        expect(conversation_item(bob, "ann").get_by_test_id("unread-badge")).to_be_visible()
        screens.check("chat-list")

        open_account_menu(bob)
        screens.check("account-menu")
        bob.keyboard.press("Escape")

        bob.get_by_test_id("search-input").fill("an")
        expect(bob.get_by_test_id("search-result")).to_have_count(1)
        screens.check("search-results")
        bob.get_by_test_id("search-input").press("Escape")

        conversation_item(bob, "ann").click()
        send(bob, "Yes, see you there")
        expect(bubbles(bob, "see you there")).to_have_attribute("data-state", ACKED)
        expect(bob.get_by_test_id("day-separator")).to_have_count(2)
        screens.check("conversation")
        conversation_path = re.sub(r"^https?://[^/]+", "", bob.url)

        bob.get_by_test_id("block-button").click()
        expect(bob.get_by_test_id("block-dialog")).to_be_visible()
        screens.check("block-dialog")
        bob.keyboard.press("Escape")

        if device is PHONE:
            bob.get_by_test_id("back-button").click()
        open_account_menu(bob)
        bob.get_by_test_id("password-button").click()
        bob.get_by_test_id("change-password").click()
        expect(
            bob.get_by_test_id("password-dialog").get_by_test_id("field-error").first
        ).to_be_visible()
        screens.check("password-dialog")
        bob.get_by_test_id("current-password").fill(PASSWORD)
        bob.get_by_test_id("new-password").fill("a different long passphrase 42")
        bob.get_by_test_id("change-password").click()
        expect(bob.get_by_test_id("toast")).to_contain_text("Password changed")
        screens.check("toast")

        bob.goto(url + "/c/999999")
        expect(bob.get_by_test_id("conversation-not-found")).to_be_visible()
        screens.check("not-found")

        # Ann blocks Bob: his next message is refused; offline, the one after waits.
        bob.goto(url + conversation_path)
        ann.get_by_test_id("block-button").click()
        ann.get_by_test_id("block-confirm").click()
        expect(ann.get_by_test_id("block-button")).to_have_text("Unblock")
        send(bob, "Are you there?")
        expect(bubbles(bob, "Are you there?")).to_have_attribute("data-state", "failed")
        screens.check("failed-message")
        bob_ctx.set_offline(True)
        expect(bob.get_by_test_id("connection-banner")).to_have_attribute("data-status", "offline")
        send(bob, "Written offline")
        expect(bubbles(bob, "Written offline")).to_have_attribute("data-state", "pending")
        screens.check("offline")
        bob_ctx.set_offline(False)

        screens.assert_none()
        assert errors == []


# The focused element, and whether it shows where focus is: an outline of some width and an
# opaque colour, on the element or on the field box DaisyUI draws it on (an input inside
# `.input`). Not a box-shadow: DaisyUI's buttons carry one at rest, so it would prove nothing.
FOCUS_JS = """() => {
  const el = document.activeElement
  if (!el || el === document.body) return { name: '<body>', ring: false, shown: false }
  const opaque = (colour) => !/^(transparent|rgba\\(.*,\\s*0\\))$/.test(colour)
  const outlined = (e) => {
    const s = getComputedStyle(e)
    return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && opaque(s.outlineColor)
  }
  const wrapper = el.parentElement?.closest('.input, .textarea, .select')
  const box = el.getBoundingClientRect()
  const name = el.dataset.testid || el.getAttribute('aria-label') || el.id ||
    (el.textContent || '').trim().slice(0, 30) || el.tagName
  return {
    name: `${el.tagName.toLowerCase()} "${name}"`,
    focusVisible: el.matches(':focus-visible'),
    ring: outlined(el) || (!!wrapper && outlined(wrapper)),
    shown: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight,
  }
}"""


class Keyboard:
    """Moves focus with real key presses and checks, for every element focus lands on, that the
    focus is visible; the path walked is kept for the failure message."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.path: list[str] = []
        self.unseen: list[str] = []

    def focused(self) -> dict:
        state = self.page.evaluate(FOCUS_JS)
        self.path.append(state["name"])
        if not (state["ring"] and state["shown"]):
            self.unseen.append(f"{state['name']} ({state})")
        return state

    def press(self, key: str) -> dict:
        self.page.keyboard.press(key)
        return self.focused()

    def tab_to(self, selector: str, back: bool = False, limit: int = 30) -> None:
        """Tab (Shift+Tab with back) until the element matching `selector` has focus."""
        target = self.page.locator(selector)
        for _ in range(limit):
            self.press("Shift+Tab" if back else "Tab")
            if target.evaluate("(el) => el === document.activeElement"):
                return
        raise AssertionError(f"{selector} not reached by keyboard; focus went: {self.trail()}")

    def trail(self) -> str:
        return " → ".join(self.path)

    def assert_focus_always_shown(self) -> None:
        assert not self.unseen, (
            "focus not visible on: " + "\n".join(self.unseen) + "\nwalked: " + self.trail()
        )


def is_focused(page: Page, selector: str) -> bool:
    return page.locator(selector).evaluate("(el) => el === document.activeElement")


@UI_ONLY
@DEVICES
def test_everything_by_keyboard_with_visible_focus(
    live_server, browser: Browser, device: dict
) -> None:
    url = live_server.url
    with (
        person(browser, **device) as (_, bob, errors),
        person(browser, **DESKTOP) as (_, ann, _),
        person(browser, **DESKTOP) as (_, cat, _),
    ):
        sign_up(ann, url, "ann", "Ann Lee")
        sign_up(cat, url, "cat", "Cat Moss")
        sign_up(bob, url, "bob", "Bob Stone")
        open_chat_with(cat, "bob")
        send(cat, "Hi Bob, Cat here")
        expect(conversation_item(bob, "cat")).to_be_visible()
        bob.evaluate("document.activeElement?.blur()")
        keys = Keyboard(bob)
        html = bob.locator("html")

        # The account menu: opened on its first item, arrows move, Enter chooses, Escape closes;
        # focus returns to its button each time.
        keys.tab_to("[data-testid=account-menu-button]")
        keys.press("Enter")
        expect(bob.get_by_role("menu", name="Account")).to_be_visible()
        assert is_focused(bob, "[data-testid=password-button]")
        while not is_focused(bob, "[data-testid=theme-dark]"):
            assert len(keys.path) < 20, keys.trail()
            keys.press("ArrowDown")
        keys.press("Enter")
        expect(html).to_have_attribute("data-theme", "dark")
        expect(bob.get_by_role("menu")).to_have_count(0)
        assert is_focused(bob, "[data-testid=account-menu-button]")
        keys.press("ArrowUp")  # opens on the last item
        assert is_focused(bob, "[data-testid=logout-button]")
        keys.press("Escape")
        expect(bob.get_by_role("menu")).to_have_count(0)
        assert is_focused(bob, "[data-testid=account-menu-button]")

        # Search, pick a person, write to them.
        keys.tab_to("[data-testid=search-input]")
        bob.keyboard.type("an")
        expect(bob.get_by_test_id("search-result")).to_have_count(1)
        keys.tab_to("[data-testid=search-result][data-username=ann]")
        keys.press("Enter")
        expect(bob.get_by_test_id("peer-name")).to_have_text("Ann Lee")
        keys.focused()  # not lost on <body>: the conversation's name
        keys.tab_to("[data-testid=message-input]")
        bob.keyboard.type("Hello Ann, typed without a mouse")
        bob.keyboard.press("Enter")
        expect(bubbles(bob, "typed without a mouse")).to_have_attribute("data-state", ACKED)
        expect(conversation_item(ann, "bob")).to_be_visible()

        # Back to the list (on a phone it is the other screen), then Cat's conversation from it.
        if device is PHONE:
            keys.tab_to("[data-testid=back-button]", back=True)
            keys.press("Enter")
            expect(bob.get_by_role("list", name="Conversations")).to_be_visible()
            # focus is on the conversation just left, not on <body>
            assert is_focused(bob, "[data-testid=conversation-item][data-username=ann]")
            keys.focused()
            keys.tab_to("[data-testid=conversation-item][data-username=cat]")  # below Ann's
        else:
            keys.tab_to("[data-testid=conversation-item][data-username=cat]", back=True)
        keys.press("Enter")
        expect(bob.get_by_test_id("peer-name")).to_have_text("Cat Moss")
        keys.focused()

        # The block dialog: focus moves in and stays in; Escape closes it, focus back on Block.
        keys.tab_to("[data-testid=block-button]")
        keys.press("Enter")
        dialog = bob.get_by_role("dialog", name="Block Cat Moss?")
        expect(dialog).to_be_visible()
        assert is_focused(bob, "[data-testid=block-cancel]")
        for _ in range(3):
            keys.press("Tab")
            assert dialog.evaluate("(d) => d.contains(document.activeElement)"), keys.trail()
        keys.press("Escape")
        expect(dialog).to_have_count(0)
        assert is_focused(bob, "[data-testid=block-button]")
        expect(bob.get_by_test_id("block-button")).to_have_text("Block")

        # And back to the list.
        if device is PHONE:
            keys.tab_to("[data-testid=back-button]", back=True)
            keys.press("Enter")
            expect(bob.get_by_role("list", name="Conversations")).to_be_visible()
            assert is_focused(bob, "[data-testid=conversation-item][data-username=cat]")
        else:
            keys.tab_to("[data-testid=conversation-item][data-username=cat]", back=True)
        keys.assert_focus_always_shown()
        assert errors == []


@UI_ONLY
@DEVICES
def test_new_messages_in_the_open_conversation_are_announced(
    live_server, settings: Settings, browser: Browser, device: dict
) -> None:
    url = live_server.url
    with (
        person(browser, **device) as (_, bob, errors),
        person(browser, **DESKTOP) as (_, ann, _),
    ):
        sign_up(bob, url, "bob", "Bob Stone")
        sign_up(ann, url, "ann", "Ann Lee")
        start = datetime.now(UTC) - timedelta(days=1)
        history = [(start + timedelta(minutes=i), f"history {i}") for i in range(70)]
        seed_messages(settings, user_id(ann, url), user_id(bob, url), history)
        bob.reload()
        conversation_item(bob, "ann").click()
        expect(bubbles(bob, "history 69")).to_have_count(1)
        region = bob.get_by_test_id("message-announcer")
        expect(region).to_have_attribute("aria-live", "polite")
        assert region.text_content() == ""  # the first page is history, not news

        # The list itself is no live region; an older page loaded above is not read out either.
        messages = bob.get_by_test_id("message-list")
        assert messages.get_attribute("aria-live") is None
        assert messages.get_attribute("role") != "log"  # role=log implies aria-live=polite
        messages.evaluate("(el) => { el.scrollTop = 0 }")
        expect(bubbles(bob, "history 0")).to_have_count(1)
        assert region.text_content() == ""

        # One's own message is not announced; the other member's are, with their name.
        send(bob, "Reading you")
        expect(bubbles(bob, "Reading you")).to_have_attribute("data-state", ACKED)
        assert region.text_content() == ""
        ann.reload()
        conversation_item(ann, "bob").click()
        send(ann, "Hello Bob")
        expect(region).to_have_text("Ann Lee: Hello Bob")
        send(ann, "Still there?")
        expect(region).to_contain_text("Ann Lee: Still there?")
        assert "Reading you" not in (region.text_content() or "")
        assert errors == []


@UI_ONLY
def test_account_menu_leaves_the_name_its_room_on_a_phone(live_server, browser: Browser) -> None:
    with person(browser, **PHONE) as (_, page, errors):
        sign_up(page, live_server.url, "alexandra", "Alexandra Whitaker")
        name = page.get_by_test_id("current-user")
        expect(name).to_have_text("Alexandra Whitaker")
        assert name.evaluate("(el) => el.scrollWidth <= el.clientWidth"), "the name is cut"

        button = page.get_by_role("button", name="Account menu")
        expect(button).to_have_attribute("aria-haspopup", "menu")
        expect(button).to_have_attribute("aria-expanded", "false")
        button.click()
        menu = page.get_by_role("menu", name="Account")
        expect(button).to_have_attribute("aria-expanded", "true")
        expect(menu.get_by_role("menuitem", name="Change password")).to_be_focused()
        for theme in ("Light", "Dark", "System"):
            expect(menu.get_by_role("menuitemradio", name=theme)).to_be_visible()
        expect(menu.get_by_role("menuitemradio", name="System")).to_have_attribute(
            "aria-checked", "true"
        )
        for item in menu.locator("[role^=menuitem]").all():
            box = item.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
        page.keyboard.press("Escape")
        expect(menu).to_have_count(0)
        expect(button).to_be_focused()

        button.click()
        page.get_by_role("menuitem", name="Log out").click()
        expect(page).to_have_url(live_server.url + "/login")
        assert errors == []


@UI_ONLY
@DEVICES
def test_group_screens_have_no_serious_axe_violations(
    live_server, browser: Browser, device: dict, screenshot: Screenshot
) -> None:
    url = live_server.url
    with (
        person(browser, **device) as (_, bob, errors),
        person(browser, **DESKTOP) as (_, ann, _),
        person(browser, **DESKTOP) as (_, cat, _),
    ):
        screens = Screens(bob, screenshot)
        sign_up(ann, url, "ann", "Ann Lee")
        sign_up(cat, url, "cat", "Cat Moss")
        sign_up(bob, url, "bob", "Bob Stone")

        bob.get_by_test_id("new-group-button").click()
        dialog = bob.get_by_role("dialog", name="New group")
        dialog.get_by_test_id("create-group").click()  # nothing filled in: the errors show
        expect(dialog.get_by_test_id("field-error")).to_have_count(2)
        dialog.get_by_test_id("group-title-input").fill("Weekend trip")
        pick_people(bob, "member_ids", ["ann"])
        bob.get_by_test_id("member_ids-search").fill("ca")
        expect(dialog.get_by_test_id("picker-result")).to_have_count(1)
        screens.check("new-group-dialog")
        dialog.get_by_test_id("picker-result").click()
        dialog.get_by_test_id("create-group").click()
        expect(bob.get_by_test_id("conversation-title")).to_have_text("Weekend trip")

        for page in (ann, cat):
            page.locator('[data-testid=conversation-item][data-title="Weekend trip"]').click()
        send(ann, "Saturday or Sunday?")
        send(ann, "I can do both")
        send(cat, "Sunday")
        send(bob, "Sunday it is")
        expect(bubbles(bob, "Sunday it is")).to_have_attribute("data-state", "read")
        cat.get_by_test_id("message-input").fill("I will bring")
        expect(bob.get_by_test_id("typing-indicator")).to_have_text("Cat is typing…")
        screens.check("group-conversation")

        bubbles(bob, "Sunday it is").get_by_test_id("readers-button").click()
        expect(bob.get_by_test_id("readers-read")).to_contain_text("Ann Lee")
        screens.check("group-readers")
        bob.get_by_test_id("readers-button").click()

        bob.get_by_test_id("group-info-button").click()
        expect(bob.get_by_role("dialog", name="Group info")).to_be_visible()
        screens.check("group-info-dialog")
        bob.get_by_test_id("leave-group").click()
        expect(bob.get_by_test_id("leave-confirm")).to_be_visible()
        screens.check("group-leave-confirm")
        bob.get_by_test_id("leave-confirm").click()
        expect(bob.get_by_test_id("left-notice")).to_be_visible()
        screens.check("group-left")

        if device is PHONE:
            bob.get_by_test_id("back-button").click()
        expect(
            bob.locator('[data-testid=conversation-item][data-title="Weekend trip"]')
        ).to_be_visible()
        screens.check("chat-list-with-group")

        open_account_menu(bob)
        bob.get_by_test_id("privacy-button").click()
        expect(bob.get_by_test_id("setting-share_typing")).to_be_checked()
        screens.check("privacy-dialog")
        bob.keyboard.press("Escape")

        screens.assert_none()
        assert errors == []


@UI_ONLY
@DEVICES
def test_message_action_screens_have_no_serious_axe_violations(
    live_server, browser: Browser, device: dict, screenshot: Screenshot
) -> None:
    url, touch = live_server.url, device is PHONE
    with (
        person(browser, **device) as (_, bob, errors),
        person(browser, **DESKTOP) as (_, ann, _),
    ):
        screens = Screens(bob, screenshot)
        sign_up(ann, url, "ann", "Ann Lee")
        sign_up(bob, url, "bob", "Bob Stone")
        open_chat_with(ann, "bob")
        send(ann, "Are we still on for lunch?")
        send(ann, "Noon at the usual place")
        conversation_item(bob, "ann").click()
        question, place = bubbles(bob, "still on for lunch"), bubbles(bob, "usual place")
        expect(place).to_have_count(1)

        open_actions(bob, place, touch)
        screens.check("message-actions-menu")
        emoji_option(bob.get_by_role("menu"), "👍").click()
        reaction(bubbles(ann, "usual place"), "👍").click()
        expect(reaction(place, "👍")).to_contain_text("2")
        screens.check("message-reactions")

        open_actions(bob, question, touch).get_by_test_id("action-reply").click()
        expect(bob.get_by_test_id("reply-bar")).to_be_visible()
        screens.check("reply-bar")
        send(bob, "Yes, see you there")
        expect(bubbles(bob, "see you there").get_by_test_id("reply-quote")).to_be_visible()
        # ↑ edits the last *stored* message of ours: wait for the ack (slow on busy cores).
        expect(bubbles(bob, "see you there")).to_have_attribute("data-state", ACKED)

        bob.get_by_test_id("message-input").press("ArrowUp")
        expect(bob.get_by_test_id("edit-bar")).to_be_visible()
        screens.check("edit-mode")
        bob.get_by_test_id("message-input").press("Escape")

        open_actions(bob, bubbles(bob, "see you there"), touch).get_by_test_id(
            "action-delete"
        ).click()
        expect(bob.get_by_role("dialog", name="Delete message?")).to_be_visible()
        screens.check("delete-message-dialog")
        bob.get_by_test_id("delete-cancel").click()

        ann_question = ann.get_by_test_id("message").first
        open_actions(ann, ann_question, False).get_by_test_id("action-delete").click()
        ann.get_by_test_id("delete-confirm").click()
        expect(bob.locator("[data-testid=message][data-deleted=true]")).to_have_count(1)
        expect(bubbles(bob, "see you there").get_by_test_id("reply-quote")).to_contain_text(
            "Original message deleted"
        )
        screens.check("deleted-message")

        # A group: "@" offers its members; a mention shows as a badge in the list.
        if touch:
            bob.get_by_test_id("back-button").click()
        create_group(bob, "Lunch club", ["ann"])
        bob.get_by_test_id("message-input").fill("Ask @")
        expect(bob.get_by_test_id("mention-option").first).to_be_visible()
        screens.check("mention-autocomplete")
        bob.get_by_test_id("message-input").fill("")
        if touch:
            bob.get_by_test_id("back-button").click()
        else:
            conversation_item(bob, "ann").click()
        ann.locator('[data-testid=conversation-item][data-title="Lunch club"]').click()
        send(ann, "@bob are you coming?")
        badge = bob.locator('[data-testid=conversation-item][data-title="Lunch club"]')
        expect(badge.get_by_test_id("mention-badge")).to_be_visible()
        screens.check("mention-badge")

        screens.assert_none()
        assert errors == []
