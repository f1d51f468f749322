"""Every conversation has a URL: Back returns to the list, a reload keeps it, a link opens it in
another tab, and an id that is not yours says so. Presence shows only where the client knows it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_chat import send, sign_up
from tests.browser.test_delivery import bubbles, conversation_item, open_chat_with, people
from tests.helpers import PASSWORD

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
CONVERSATION_URL = re.compile(r"/c/[^/]+$")


def path_of(page: Page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def list_shows(page: Page) -> None:
    expect(page.get_by_role("list", name="Conversations")).to_be_visible()


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["375px", "1280px"])
def test_conversation_urls_back_reload_and_other_tabs(
    live_server, browser: Browser, device: dict
) -> None:
    with people(browser, 0) as (contexts, _, errors):
        ann_ctx, bob_ctx = browser.new_context(**device), browser.new_context(**device)
        contexts += [ann_ctx, bob_ctx]
        ann, bob = ann_ctx.new_page(), bob_ctx.new_page()
        for page in (ann, bob):
            page.on("pageerror", lambda err: errors.append(str(err)))
        sign_up(ann, live_server.url, "ann", "Ann Lee")
        sign_up(bob, live_server.url, "bob", "Bob Stone")
        assert path_of(ann) == "/"

        # Someone new: a draft URL, which becomes the conversation's once the first message is in.
        open_chat_with(ann, "bob")
        expect(ann).to_have_url(re.compile(r"/u/[^/]+$"))
        send(ann, "Hi Bob!")
        expect(ann).to_have_url(CONVERSATION_URL)
        conversation_path = path_of(ann)

        # Back returns to the list (on the phone the list alone), Forward to the conversation.
        ann.go_back()
        expect(ann).to_have_url(live_server.url + "/")
        list_shows(ann)
        expect(conversation_item(ann, "bob")).to_be_visible()
        if device is PHONE:
            expect(ann.get_by_test_id("peer-name")).to_be_hidden()
        ann.go_forward()
        expect(ann.get_by_test_id("peer-name")).to_have_text("Bob Stone")

        # A reload keeps the open conversation.
        ann.reload()
        expect(ann.get_by_test_id("peer-name")).to_have_text("Bob Stone")
        expect(bubbles(ann, "Hi Bob!")).to_have_count(1)
        assert path_of(ann) == conversation_path

        # The header's back button (phone) agrees with the browser's Back.
        if device is PHONE:
            ann.get_by_test_id("back-button").click()
            expect(ann).to_have_url(live_server.url + "/")
            list_shows(ann)
            conversation_item(ann, "bob").click()
            expect(ann).to_have_url(live_server.url + conversation_path)

        # The same link opens the conversation in another tab of the same person; opened straight
        # from a link, Back still lands on the list instead of leaving the app.
        tab = ann_ctx.new_page()
        tab.goto(live_server.url + conversation_path)
        expect(tab.get_by_test_id("peer-name")).to_have_text("Bob Stone")
        expect(bubbles(tab, "Hi Bob!")).to_have_count(1)
        tab.go_back()
        expect(tab).to_have_url(live_server.url + "/")
        list_shows(tab)

        # The other member opens it by the same URL.
        bob.goto(live_server.url + conversation_path)
        expect(bob.get_by_test_id("peer-name")).to_have_text("Ann Lee")
        send(bob, "Hello Ann")
        expect(bubbles(ann, "Hello Ann")).to_have_count(1)
        assert errors == []


@pytest.mark.parametrize("backend", ["sqlite"])
def test_an_id_that_is_not_yours_says_not_found(live_server, browser: Browser) -> None:
    with people(browser, 3) as (_, (ann, bob, eve), errors):
        sign_up(ann, live_server.url, "ann", "Ann Lee")
        sign_up(bob, live_server.url, "bob", "Bob Stone")
        sign_up(eve, live_server.url, "eve", "Eve Dark")
        open_chat_with(ann, "bob")
        send(ann, "private")
        expect(ann).to_have_url(CONVERSATION_URL)
        private_path = path_of(ann)

        for path, title in (
            (private_path, "Conversation not found"),
            ("/c/999999", "Conversation not found"),
            ("/c/not-an-id", "Conversation not found"),
            ("/u/999999", "Person not found"),
        ):
            eve.goto(live_server.url + path)
            notice = eve.get_by_test_id("conversation-not-found")
            expect(notice).to_contain_text(title)
            expect(eve.get_by_test_id("message")).to_have_count(0)
            assert "private" not in eve.content()
            eve.get_by_test_id("back-to-list").click()
            expect(eve).to_have_url(live_server.url + "/")
        assert errors == []


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_conversation_link_survives_signing_in(live_server, browser: Browser) -> None:
    with people(browser, 3) as (_, (ann, bob, laptop), errors):
        sign_up(ann, live_server.url, "ann", "Ann Lee")
        sign_up(bob, live_server.url, "bob", "Bob Stone")
        open_chat_with(bob, "ann")
        send(bob, "see this")
        expect(bob).to_have_url(CONVERSATION_URL)
        link = live_server.url + path_of(bob)

        laptop.goto(link)  # Ann, signed out on this browser
        expect(laptop).to_have_url(re.compile(r"/login\?next="))
        laptop.get_by_test_id("username").fill("ann")
        laptop.get_by_test_id("password").fill(PASSWORD)
        laptop.get_by_test_id("submit").click()
        expect(laptop).to_have_url(link)
        expect(bubbles(laptop, "see this")).to_have_count(1)
        assert errors == []


@pytest.mark.parametrize("backend", ["sqlite"])
def test_presence_shows_only_what_the_client_knows(live_server, browser: Browser) -> None:
    with people(browser, 3) as ((_, _, cat_ctx), (ann, bob, cat), errors):
        sign_up(ann, live_server.url, "ann", "Ann Lee")
        sign_up(bob, live_server.url, "bob", "Bob Stone")
        sign_up(cat, live_server.url, "cat", "Cat Moss")

        # Cat is online but not Ann's contact: no dot in the results, no status in the draft.
        ann.get_by_test_id("search-input").fill("ca")
        result = ann.locator("[data-testid=search-result][data-username=cat]")
        expect(result).to_be_visible()
        expect(result.get_by_test_id("online-dot")).to_have_count(0)
        result.click()
        expect(ann.get_by_test_id("peer-name")).to_have_text("Cat Moss")
        expect(ann.get_by_test_id("peer-status")).to_have_count(0)
        expect(ann.get_by_text("Offline")).to_have_count(0)

        # The first message makes them contacts: now the status is known.
        send(ann, "Hi Cat")
        expect(ann.get_by_test_id("peer-status")).to_have_text("Online")
        conversation_item(cat, "ann").click()
        expect(cat.get_by_test_id("peer-status")).to_have_text("Online")

        # Cat leaves: Ann sees when, not a bare "Offline".
        cat_ctx.close()
        expect(ann.get_by_test_id("peer-status")).to_have_text("Last seen just now")
        ann.reload()
        expect(ann.get_by_test_id("peer-status")).to_have_text("Last seen just now")

        # A block hides presence both ways.
        open_chat_with(bob, "ann")
        send(bob, "Hi Ann")
        expect(bob.get_by_test_id("peer-status")).to_have_text("Online")
        conversation_item(ann, "bob").click()
        ann.get_by_test_id("block-button").click()
        ann.get_by_test_id("block-confirm").click()
        expect(ann.get_by_test_id("peer-status")).to_have_count(0)
        bob.reload()
        expect(bob.get_by_test_id("peer-name")).to_have_text("Ann Lee")
        expect(bob.get_by_test_id("peer-status")).to_have_count(0)
        assert errors == []
