"""Message search in the browser, at phone and desktop widths: a word typed in the sidebar's search
finds an old message (accents and case ignored, the last word a prefix), its words are marked,
and a click opens the conversation at that message, older pages loaded to get there."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from playwright.sync_api import Browser, expect

from tests.browser.test_chat import sign_up
from tests.browser.test_delivery import bubbles
from tests.browser.test_groups import people
from tests.browser.test_message_actions import DESKTOP, DEVICES, PHONE, UI_ONLY

OLD = "The blue héron lands at dawn"


@UI_ONLY
@DEVICES
def test_search_finds_a_message_and_jumps_to_it(
    live_server, settings, browser: Browser, device: dict
) -> None:
    from tests.browser.test_accessibility import seed_messages, user_id

    url = live_server.url
    with people(browser, 2, **device) as (_, (ann, bob), errors):
        sign_up(ann, url, "ann", "Ann Lee")
        sign_up(bob, url, "bob", "Bob Stone")
        start = datetime.now(UTC) - timedelta(hours=2)
        texts = [f"history {i}" for i in range(70)]
        texts[3] = OLD  # far above the newest page
        history = [(start + timedelta(minutes=i), t) for i, t in enumerate(texts)]
        seed_messages(settings, user_id(ann, url), user_id(bob, url), history)
        bob.reload()

        bob.get_by_test_id("search-input").fill("HERON daw")
        result = bob.get_by_test_id("message-result")
        expect(result).to_have_count(1)
        expect(result).to_contain_text(OLD)
        expect(result).to_contain_text("Ann Lee")
        expect(result.get_by_test_id("search-match")).to_have_text(["héron", "dawn"])
        bob.get_by_test_id("search-input").fill("heron dusk")
        expect(bob.get_by_test_id("message-search-empty")).to_be_visible()
        bob.get_by_test_id("search-input").fill("heron daw")
        expect(result).to_have_count(1)

        result.click()
        expect(bob.get_by_test_id("peer-name")).to_be_visible()
        target = bubbles(bob, OLD)
        expect(target).to_be_focused()
        expect(target).to_be_in_viewport()
        expect(bubbles(bob, "history 69")).to_have_count(1)  # in context: the thread around it
        if device is PHONE:
            expect(bob.get_by_test_id("search-input")).not_to_be_visible()
        if device is DESKTOP:
            expect(result).to_be_visible()  # the results stay beside the conversation
        assert errors == []
