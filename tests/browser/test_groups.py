"""Groups in the browser: three people make one, talk live, see each other type, read receipts
"by all", manage it (rename, roles), and one of them leaves — at phone and desktop widths."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.test_chat import send, sign_up
from tests.browser.test_delivery import bubbles, people

UI_ONLY = pytest.mark.parametrize("backend", ["sqlite"])
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
DEVICES = pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["375px", "1280px"])
# Typing shows for 6 s after the last typing event; allow for a slow, shared machine.
TYPING_GONE_MS = 12_000


def group_item(page: Page, title: str) -> Locator:
    return page.locator(f'[data-testid=conversation-item][data-title="{title}"]')


def pick_people(page: Page, field: str, usernames: list[str]) -> None:
    """Choose people in a dialog's user picker (`field`: member_ids or user_ids)."""
    search = page.get_by_test_id(f"{field}-search")
    for username in usernames:
        search.fill(username[:2])
        page.locator(f"[data-testid=picker-result][data-username={username}]").click()
        expect(
            page.locator(f"[data-testid=picked-person][data-username={username}]")
        ).to_be_visible()


def create_group(page: Page, title: str, usernames: list[str]) -> None:
    """Make a group through the "New group" dialog; it opens at its own URL."""
    page.get_by_test_id("new-group-button").click()
    dialog = page.get_by_role("dialog", name="New group")
    expect(dialog).to_be_visible()
    dialog.get_by_test_id("group-title-input").fill(title)
    pick_people(page, "member_ids", usernames)
    dialog.get_by_test_id("create-group").click()
    expect(dialog).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/c/[^/]+$"))
    expect(page.get_by_test_id("conversation-title")).to_have_text(title)


def open_group(page: Page, title: str) -> None:
    """From the list (the screen a phone shows first), open the group."""
    group_item(page, title).click()
    expect(page.get_by_test_id("conversation-title")).to_have_text(title)


def notes(page: Page) -> Locator:
    return page.get_by_test_id("system-message")


@UI_ONLY
@DEVICES
def test_three_people_talk_type_and_one_leaves(live_server, browser: Browser, device: dict) -> None:
    url = live_server.url
    with people(browser, 3, **device) as (_, (ann, bob, cat), errors):
        sign_up(ann, url, "ann", "Ann Lee")
        sign_up(bob, url, "bob", "Bob Stone")
        sign_up(cat, url, "cat", "Cat Moss")

        create_group(ann, "Trip", ["bob", "cat"])
        expect(ann.get_by_test_id("member-count")).to_contain_text("3 members")
        expect(notes(ann)).to_have_text(["You created the group “Trip”"])

        # Bob and Cat never reload: the group reaches their lists over the socket.
        for page in (bob, cat):
            expect(group_item(page, "Trip")).to_be_visible()
            expect(group_item(page, "Trip").get_by_test_id("conversation-preview")).to_have_text(
                "Ann Lee created the group “Trip”"
            )
            open_group(page, "Trip")
            expect(notes(page)).to_have_text(["Ann Lee created the group “Trip”"])

        # Everyone sees everyone's messages live, with the sender's name above others' runs.
        send(ann, "Hello group")
        send(ann, "Where shall we go?")
        for page in (bob, cat):
            expect(bubbles(page, "Where shall we go?")).to_have_count(1)
            expect(page.get_by_test_id("message-sender")).to_have_text(["Ann Lee"])

        # Both have the group open: Ann's messages are read by all, and she can see by whom.
        own = bubbles(ann, "Where shall we go?")
        expect(own).to_have_attribute("data-state", "read")
        own.get_by_test_id("readers-button").click()
        expect(own.get_by_test_id("readers-read")).to_contain_text("Bob Stone")
        expect(own.get_by_test_id("readers-read")).to_contain_text("Cat Moss")

        send(bob, "The coast")
        expect(bubbles(cat, "The coast").get_by_test_id("message-sender")).to_have_text("Bob Stone")
        expect(bubbles(ann, "The coast")).to_have_attribute("data-own", "false")

        # Bob types: Ann and Cat see it, never Bob himself; it goes when he stops…
        bob.get_by_test_id("message-input").fill("Let me check the tr")
        for page in (ann, cat):
            expect(page.get_by_test_id("typing-indicator")).to_have_text("Bob is typing…")
        assert bob.get_by_test_id("typing-indicator").text_content() == ""
        for page in (ann, cat):
            expect(page.get_by_test_id("typing-indicator")).to_have_text("", timeout=TYPING_GONE_MS)
        # …and as soon as his message arrives.
        bob.get_by_test_id("message-input").fill("Let me check the trains")
        expect(ann.get_by_test_id("typing-indicator")).to_have_text("Bob is typing…")
        bob.get_by_test_id("message-input").press("Enter")
        expect(bubbles(ann, "check the trains")).to_have_count(1)
        assert ann.get_by_test_id("typing-indicator").text_content() == ""

        # Cat leaves (after confirming): read-only from then on, and she gets nothing more.
        cat.get_by_test_id("group-info-button").click()
        cat.get_by_test_id("leave-group").click()
        cat.get_by_test_id("leave-confirm").click()
        expect(cat.get_by_role("dialog")).to_have_count(0)
        expect(cat.get_by_test_id("left-notice")).to_contain_text("You left this group")
        expect(cat.get_by_test_id("message-input")).to_have_count(0)
        expect(notes(cat).last).to_have_text("You left")
        for page in (ann, bob):
            expect(notes(page).last).to_have_text("Cat Moss left")
            expect(page.get_by_test_id("member-count")).to_contain_text("2 members")

        send(ann, "After Cat left")
        expect(bubbles(bob, "After Cat left")).to_have_count(1)
        cat.wait_for_timeout(1500)  # long enough for a message to reach her, were it going to
        expect(bubbles(cat, "After Cat left")).to_have_count(0)
        if device is PHONE:
            cat.get_by_test_id("back-button").click()
        expect(group_item(cat, "Trip").get_by_test_id("conversation-preview")).to_have_text(
            "You left"
        )
        assert errors == []


@UI_ONLY
def test_owner_renames_and_promotes_and_refusals_show_in_the_dialogs(
    live_server, browser: Browser
) -> None:
    url = live_server.url
    with people(browser, 3, **DESKTOP) as (_, (ann, bob, cat), errors):
        sign_up(ann, url, "ann", "Ann Lee")
        sign_up(bob, url, "bob", "Bob Stone")
        sign_up(cat, url, "cat", "Cat Moss")

        # Nothing chosen: the dialog says what is missing, under its fields.
        ann.get_by_test_id("new-group-button").click()
        dialog = ann.get_by_role("dialog", name="New group")
        dialog.get_by_test_id("create-group").click()
        expect(dialog.get_by_test_id("field-error")).to_have_text(
            ["Enter a name for the group", "Add at least one person"]
        )
        # Cat blocked Ann: the server refuses her, and says so under the members field.
        ann_id = ann.request.get(url + "/api/auth/me").json()["user"]["id"]
        csrf = next(c["value"] for c in cat.context.cookies() if c["name"] == "csrf_access_token")
        blocked = cat.request.put(f"{url}/api/users/{ann_id}/block", headers={"X-CSRF-TOKEN": csrf})
        assert blocked.ok
        dialog.get_by_test_id("group-title-input").fill("Book club")
        pick_people(ann, "member_ids", ["bob", "cat"])
        dialog.get_by_test_id("create-group").click()
        expect(dialog.locator("[data-testid=field-error][data-field=member_ids]")).to_contain_text(
            "Cannot be added by you"
        )
        # Take Cat out again (her chip's remove button) and make it.
        dialog.get_by_role("button", name="Remove Cat Moss").click()
        expect(dialog.get_by_test_id("picked-person")).to_have_count(1)
        dialog.get_by_test_id("create-group").click()
        expect(ann.get_by_test_id("conversation-title")).to_have_text("Book club")
        expect(ann.get_by_test_id("member-count")).to_contain_text("2 members")

        open_group(bob, "Book club")
        # A member sees the members, but neither rename nor remove.
        bob.get_by_test_id("group-info-button").click()
        info = bob.get_by_role("dialog", name="Group info")
        expect(info.get_by_test_id("member")).to_have_count(2)
        expect(info.locator("[data-testid=member][data-username=ann]")).to_contain_text("Owner")
        expect(info.get_by_test_id("rename-input")).to_have_count(0)
        expect(info.get_by_test_id("remove-member")).to_have_count(0)
        bob.keyboard.press("Escape")

        # The owner renames it and makes Bob an admin: Bob's header and notes follow live.
        ann.get_by_test_id("group-info-button").click()
        info = ann.get_by_role("dialog", name="Group info")
        info.get_by_test_id("rename-input").fill("Reading circle")
        info.get_by_test_id("rename-save").click()
        expect(bob.get_by_test_id("conversation-title")).to_have_text("Reading circle")
        expect(notes(bob).last).to_have_text("Ann Lee renamed the group to “Reading circle”")
        info.get_by_role("combobox", name="Role of Bob Stone").select_option("admin")
        expect(notes(bob).last).to_have_text("Ann Lee made you an admin")
        expect(notes(ann).last).to_have_text("You made Bob Stone an admin")

        # Now an admin, Bob adds Cat back? She blocked Ann, not Bob: he may.
        bob.get_by_test_id("group-info-button").click()
        info = bob.get_by_role("dialog", name="Group info")
        pick_people(bob, "user_ids", ["cat"])
        info.get_by_test_id("add-members").click()
        expect(info.get_by_test_id("member")).to_have_count(3)
        expect(notes(ann).last).to_have_text("Bob Stone added Cat Moss")
        expect(group_item(cat, "Reading circle")).to_be_visible()
        # An admin cannot remove the owner: no button for Ann.
        expect(
            info.locator("[data-testid=member][data-username=ann] [data-testid=remove-member]")
        ).to_have_count(0)
        info.locator("[data-testid=member][data-username=cat] [data-testid=remove-member]").click()
        expect(info.get_by_test_id("member")).to_have_count(2)
        bob.keyboard.press("Escape")
        expect(notes(ann).last).to_have_text("Bob Stone removed Cat Moss")
        open_group(cat, "Reading circle")
        expect(cat.get_by_test_id("left-notice")).to_contain_text(
            "You were removed from this group"
        )
        assert errors == []
