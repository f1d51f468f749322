"""Message actions in the browser, between two people at phone and desktop widths: react, edit
(from the menu and with ↑), reply (the quote leads to the answered message) and delete (after a
confirmation), each seen live by the other and still there after a reload; a reaction made
offline waits, pending, and goes when the connection is back. In a group, @ offers the members,
the named one gets a mention badge and sees their name stand out.

On a phone the actions menu opens with a long press on the bubble (a real touch held through the
DevTools protocol); on a desktop with the "More actions" button that shows on hover."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.test_chat import send, sign_up
from tests.browser.test_delivery import (
    ACKED,
    bubbles,
    conversation_item,
    open_chat_with,
    sign_up_ann_and_bob,
)
from tests.browser.test_groups import create_group, group_item, open_group, people

UI_ONLY = pytest.mark.parametrize("backend", ["sqlite"])
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
DEVICES = pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["375px", "1280px"])
# socket.io backs off up to 5 s between attempts; the first one after coming back may wait as long.
RECONNECT_MS = 15_000


def long_press(page: Page, target: Locator) -> None:
    """Hold a finger on the middle of `target` for a second, as a person would."""
    box = target.bounding_box()
    assert box is not None
    point = {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2}
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [point]})
        page.wait_for_timeout(1000)
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    finally:
        cdp.detach()


def open_actions(page: Page, message: Locator, touch: bool) -> Locator:
    """Open a message's actions menu: a long press on a phone, hover and the button on a desktop."""
    bubble = message.get_by_test_id("bubble")
    if touch:
        long_press(page, bubble)
    else:
        bubble.hover()
        button = message.get_by_test_id("message-actions-button")
        expect(button).to_have_css("opacity", "1")
        button.click()
    menu = page.get_by_role("menu", name="Message actions")
    expect(menu).to_be_visible()
    return menu


def emoji_option(menu: Locator, emoji: str) -> Locator:
    return menu.locator(f'[data-testid=react-option][data-emoji="{emoji}"]')


def reaction(message: Locator, emoji: str) -> Locator:
    return message.locator(f'[data-testid=reaction][data-emoji="{emoji}"]')


def open_with(page: Page, username: str, phone: bool) -> None:
    """Open the conversation with `username` from the list (back to it first on a phone)."""
    if phone and page.get_by_test_id("back-button").is_visible():
        page.get_by_test_id("back-button").click()
    conversation_item(page, username).click()
    expect(page.get_by_test_id("peer-name")).to_be_visible()


@UI_ONLY
@DEVICES
def test_react_edit_reply_and_delete_live_and_after_reload(
    live_server, browser: Browser, device: dict
) -> None:
    url, touch = live_server.url, device is PHONE
    with people(browser, 2, **device) as ((ann_ctx, _), (ann, bob), errors):
        sign_up_ann_and_bob(ann, bob, url)
        open_chat_with(ann, "bob")
        send(ann, "Hello Bob")
        send(ann, "Lunch at noon?")
        expect(bubbles(ann, "Lunch at noon?")).to_have_attribute("data-state", ACKED)
        open_with(bob, "ann", touch)
        hello, lunch = bubbles(bob, "Hello Bob"), bubbles(bob, "Lunch at noon?")
        expect(lunch).to_have_count(1)

        # Bob reacts from the menu; Ann sees it live and adds hers by clicking the reaction.
        emoji_option(open_actions(bob, lunch, touch), "👍").click()
        expect(bob.get_by_role("menu")).to_have_count(0)
        expect(reaction(lunch, "👍")).to_have_attribute("data-mine", "true")
        ann_lunch = bubbles(ann, "Lunch at noon?")
        expect(reaction(ann_lunch, "👍")).to_have_attribute("data-mine", "false")
        expect(reaction(ann_lunch, "👍")).to_contain_text("1")
        reaction(ann_lunch, "👍").click()
        expect(reaction(ann_lunch, "👍")).to_have_attribute("aria-pressed", "true")
        expect(reaction(lunch, "👍")).to_contain_text("2")
        # A second emoji from the larger picker.
        menu = open_actions(bob, lunch, touch)
        menu.get_by_test_id("more-emoji").click()
        emoji_option(menu, "🎉").click()
        expect(reaction(ann_lunch, "🎉")).to_contain_text("1")

        # Ann edits her message from the menu: the composer says so; Enter saves.
        open_actions(ann, ann_lunch, touch).get_by_test_id("action-edit").click()
        expect(ann.get_by_test_id("edit-bar")).to_contain_text("Editing")
        field = ann.get_by_test_id("message-input")
        expect(field).to_have_value("Lunch at noon?")
        field.fill("Lunch at one?")
        field.press("Enter")
        expect(ann.get_by_test_id("edit-bar")).to_have_count(0)
        edited = bubbles(bob, "Lunch at one?")
        expect(edited.get_by_test_id("edited-marker")).to_have_text("edited")
        expect(reaction(edited, "👍")).to_contain_text("2")  # reactions stay with the edit
        expect(bubbles(bob, "Lunch at noon?")).to_have_count(0)

        # ↑ in the empty composer edits her last message; Esc leaves it unchanged.
        field.press("ArrowUp")
        expect(ann.get_by_test_id("edit-bar")).to_be_visible()
        expect(field).to_have_value("Lunch at one?")
        field.press("Escape")
        expect(ann.get_by_test_id("edit-bar")).to_have_count(0)
        expect(field).to_have_value("")

        # Bob replies to the first message; both see the quote; clicking it goes there.
        open_actions(bob, lunch_now := bubbles(bob, "Lunch at one?"), touch).get_by_test_id(
            "action-reply"
        ).click()
        expect(bob.get_by_test_id("reply-bar")).to_contain_text("Lunch at one?")
        bob.get_by_test_id("message-input").press("Escape")  # changed his mind
        expect(bob.get_by_test_id("reply-bar")).to_have_count(0)
        assert lunch_now.get_by_test_id("reply-quote").count() == 0
        open_actions(bob, hello, touch).get_by_test_id("action-reply").click()
        expect(bob.get_by_test_id("reply-bar")).to_contain_text("Replying to Ann Lee")
        send(bob, "Hi Ann, yes!")
        expect(bob.get_by_test_id("reply-bar")).to_have_count(0)
        for page, author in ((ann, "You"), (bob, "Ann Lee")):
            quote = bubbles(page, "Hi Ann, yes!").get_by_test_id("reply-quote")
            expect(quote).to_contain_text(author)
            expect(quote).to_contain_text("Hello Bob")
        bubbles(ann, "Hi Ann, yes!").get_by_test_id("reply-quote").click()
        first = ann.get_by_test_id("message").first  # the reply quotes its text too
        expect(first).to_contain_text("Hello Bob")
        expect(first).to_be_focused()

        # Ann deletes her first message, after confirming: a tombstone on both sides, no menu.
        open_actions(ann, first, touch).get_by_test_id("action-delete").click()
        dialog = ann.get_by_role("dialog", name="Delete message?")
        expect(dialog).to_be_visible()
        dialog.get_by_test_id("delete-confirm").click()
        expect(dialog).to_have_count(0)
        for page in (ann, bob):
            expect(bubbles(page, "Hello Bob")).to_have_count(0)
            tombstone = page.locator("[data-testid=message][data-deleted=true]")
            expect(tombstone.get_by_test_id("tombstone")).to_have_text("This message was deleted")
            expect(tombstone.get_by_test_id("message-actions-button")).to_have_count(0)
            quote = bubbles(page, "Hi Ann, yes!").get_by_test_id("reply-quote")
            expect(quote).to_contain_text("Original message deleted")

        # Offline, Ann's reaction waits (pending), then goes when she is back.
        ann_ctx.set_offline(True)
        expect(ann.get_by_test_id("connection-banner")).to_have_attribute("data-status", "offline")
        menu = open_actions(ann, bubbles(ann, "Hi Ann, yes!"), touch)
        emoji_option(menu, "❤️").click()
        pending = reaction(bubbles(ann, "Hi Ann, yes!"), "❤️")
        expect(pending).to_have_attribute("data-pending", "true")
        ann_ctx.set_offline(False)
        expect(reaction(bubbles(bob, "Hi Ann, yes!"), "❤️")).to_be_visible(timeout=RECONNECT_MS)
        expect(pending).not_to_have_attribute("data-pending", "true")

        # Bob is offline while Ann edits again and takes her 👍 back: he catches up on return.
        bob.context.set_offline(True)
        expect(bob.get_by_test_id("connection-banner")).to_have_attribute("data-status", "offline")
        open_actions(ann, bubbles(ann, "Lunch at one?"), touch).get_by_test_id(
            "action-edit"
        ).click()
        field.fill("Lunch at two?")
        field.press("Enter")
        reaction(bubbles(ann, "Lunch at two?"), "👍").click()
        expect(reaction(bubbles(ann, "Lunch at two?"), "👍")).to_contain_text("1")
        expect(bubbles(ann, "Lunch at two?")).not_to_have_attribute("data-changing", "true")
        bob.context.set_offline(False)
        edited = bubbles(bob, "Lunch at two?")
        expect(edited).to_have_count(1, timeout=RECONNECT_MS)
        expect(reaction(edited, "👍")).to_contain_text("1")
        expect(reaction(edited, "👍")).to_have_attribute("data-mine", "true")

        # After a reload (the conversation stays open: its URL) both see the same as before.
        for page in (ann, bob):
            page.reload()
            expect(page.get_by_test_id("peer-name")).to_be_visible()
            expect(page.locator("[data-testid=message][data-deleted=true]")).to_have_count(1)
            edited = bubbles(page, "Lunch at two?")
            expect(edited.get_by_test_id("edited-marker")).to_be_visible()
            expect(reaction(edited, "👍")).to_contain_text("1")
            expect(reaction(edited, "🎉")).to_contain_text("1")
            reply = bubbles(page, "Hi Ann, yes!")
            expect(reply.get_by_test_id("reply-quote")).to_contain_text("Original message deleted")
            expect(reaction(reply, "❤️")).to_have_attribute(
                "data-mine", "true" if page is ann else "false"
            )
        assert errors == []


@UI_ONLY
@DEVICES
def test_mentions_autocomplete_badge_and_highlight(
    live_server, browser: Browser, device: dict
) -> None:
    url = live_server.url
    with people(browser, 3, **device) as (_, (ann, bob, cat), errors):
        sign_up_ann_and_bob(ann, bob, url)
        sign_up(cat, url, "cat", "Cat Moss")
        create_group(ann, "Trip", ["bob", "cat"])
        expect(group_item(bob, "Trip")).to_be_visible()

        # "@" offers the other members; arrows and Enter pick one, Esc closes the list.
        field = ann.get_by_test_id("message-input")
        field.fill("Ask @")
        options = ann.get_by_test_id("mention-option")
        expect(options.first).to_be_visible()
        usernames = [o.get_attribute("data-username") for o in options.all()]
        assert usernames == ["all", "bob", "cat"]  # the owner may call everyone
        field.press_sequentially("b")
        expect(options).to_have_count(1)
        field.press("Escape")
        expect(ann.get_by_test_id("mention-list")).to_have_count(0)
        field.fill("Ask @c")
        expect(options).to_have_count(1)
        field.press("Backspace")
        expect(options).to_have_count(3)
        field.press("ArrowDown")
        field.press("ArrowDown")
        expect(options.nth(2)).to_have_attribute("aria-selected", "true")
        field.press("ArrowUp")
        field.press("Enter")
        expect(field).to_have_value("Ask @bob ")
        field.press_sequentially("about the trains")
        field.press("Enter")

        # Bob, who is in another screen, gets the mention badge; reading clears it.
        badge = group_item(bob, "Trip").get_by_test_id("mention-badge")
        expect(badge).to_have_text("@")
        expect(group_item(cat, "Trip").get_by_test_id("mention-badge")).to_have_count(0)
        open_group(bob, "Trip")
        mention = bubbles(bob, "about the trains").get_by_test_id("mention")
        expect(mention).to_have_text("@bob")
        expect(mention).to_have_attribute("data-self", "true")
        expect(bubbles(ann, "about the trains").get_by_test_id("mention")).to_have_text("@bob")
        if device is PHONE:
            bob.get_by_test_id("back-button").click()
        expect(badge).to_have_count(0)
        assert errors == []


@UI_ONLY
def test_actions_menu_by_keyboard(live_server, browser: Browser) -> None:
    url = live_server.url
    with people(browser, 2, **DESKTOP) as (_, (ann, bob), errors):
        sign_up_ann_and_bob(ann, bob, url)
        open_chat_with(ann, "bob")
        send(ann, "Keyboard only?")
        open_with(bob, "ann", False)
        bob.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
        message = bubbles(bob, "Keyboard only?")
        field = bob.get_by_test_id("message-input")
        field.focus()

        # From the composer back to the message's "More actions" button, which shows on focus.
        bob.keyboard.press("Shift+Tab")
        button = message.get_by_test_id("message-actions-button")
        expect(button).to_be_focused()
        expect(button).to_have_css("opacity", "1")
        bob.keyboard.press("Enter")
        menu = bob.get_by_role("menu", name="Message actions")
        expect(emoji_option(menu, "👍")).to_be_focused()
        bob.keyboard.press("ArrowRight")
        expect(emoji_option(menu, "❤️")).to_be_focused()
        bob.keyboard.press("Enter")
        expect(menu).to_have_count(0)
        expect(button).to_be_focused()
        expect(reaction(message, "❤️")).to_have_attribute("aria-pressed", "true")

        # Reply from the menu; Escape in the composer leaves the reply; Escape closes the menu.
        bob.keyboard.press("ArrowDown")
        expect(menu).to_be_visible()
        bob.keyboard.press("End")
        expect(menu.get_by_test_id("action-copy")).to_be_focused()
        bob.keyboard.press("Enter")
        expect(bob.get_by_test_id("toast")).to_contain_text("Copied")
        assert bob.evaluate("navigator.clipboard.readText()") == "Keyboard only?"
        expect(button).to_be_focused()
        bob.keyboard.press("ArrowUp")  # opens the menu on its last item
        expect(menu.get_by_test_id("action-copy")).to_be_focused()
        bob.keyboard.press("ArrowUp")
        expect(menu.get_by_test_id("action-reply")).to_be_focused()
        bob.keyboard.press("Enter")
        expect(bob.get_by_test_id("reply-bar")).to_be_visible()
        expect(field).to_be_focused()
        bob.keyboard.press("Escape")
        expect(bob.get_by_test_id("reply-bar")).to_have_count(0)
        button.focus()
        bob.keyboard.press("Enter")
        bob.keyboard.press("Escape")
        expect(menu).to_have_count(0)
        expect(button).to_be_focused()
        assert errors == []


@UI_ONLY
def test_a_quote_leads_to_its_message_through_older_pages(
    live_server, settings, browser: Browser
) -> None:
    # Imported here: test_accessibility imports this module's helpers.
    from tests.browser.test_accessibility import seed_messages, user_id

    url = live_server.url
    with people(browser, 2, **DESKTOP) as (_, (ann, bob), errors):
        sign_up_ann_and_bob(ann, bob, url)
        start = datetime.now(UTC) - timedelta(hours=2)
        history = [(start + timedelta(minutes=i), f"history {i}") for i in range(70)]
        seed_messages(settings, user_id(ann, url), user_id(bob, url), history)
        bob.reload()
        open_with(bob, "ann", False)
        expect(bubbles(bob, "history 69")).to_have_count(1)
        bob.get_by_test_id("message-list").evaluate("(el) => { el.scrollTop = 0 }")
        oldest = bob.get_by_test_id("message").first
        expect(oldest).to_contain_text("history 0")
        open_actions(bob, oldest, False).get_by_test_id("action-reply").click()
        send(bob, "Still true?")

        # A fresh load holds only the newest page: the quote loads older ones to get there.
        bob.reload()
        expect(bubbles(bob, "Still true?")).to_have_count(1)
        expect(bob.get_by_test_id("message").filter(has_text="history 1")).to_have_count(0)
        bubbles(bob, "Still true?").get_by_test_id("reply-quote").click()
        target = bob.get_by_test_id("message").first
        expect(target).to_contain_text("history 0")
        expect(target).to_be_focused()
        expect(target).to_be_in_viewport()
        assert errors == []
