"""Blocking in the browser: a notice replaces the composer, and nothing gets through."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.browser.test_chat import send, sign_up
from tests.browser.test_delivery import ACKED, bubbles, conversation_item, open_chat_with, people


def test_block_stops_messages_until_unblocked(live_server, browser: Browser) -> None:
    with people(browser, 2) as (_, (ann, bob), errors):
        sign_up(ann, live_server.url, "ann", "Ann Lee")
        sign_up(bob, live_server.url, "bob", "Bob Stone")
        open_chat_with(ann, "bob")
        send(ann, "Hi Bob!")
        conversation_item(bob, "ann").click()
        expect(bubbles(bob, "Hi Bob!")).to_have_count(1)
        send(bob, "Hi Ann")
        expect(bubbles(ann, "Hi Ann")).to_have_count(1)

        # Bob blocks Ann: the composer gives way to the notice.
        block = bob.get_by_test_id("block-button")
        expect(block).to_have_text("Block")
        block.click()
        bob.get_by_test_id("block-confirm").click()
        expect(block).to_have_text("Unblock")
        expect(bob.get_by_test_id("blocked-notice")).to_have_text(
            "You blocked this user. Unblock to send messages."
        )
        expect(bob.get_by_test_id("message-input")).to_have_count(0)
        expect(bob.get_by_test_id("toast").filter(has_text="Blocked Ann Lee")).to_be_visible()

        # Ann's next message fails for good, with the server's reason; Bob never sees it.
        send(ann, "Are you there?")
        refused = bubbles(ann, "Are you there?")
        expect(refused).to_have_attribute("data-state", "failed")
        expect(ann.get_by_test_id("toast").filter(has_text="Message not sent")).to_have_attribute(
            "data-kind", "error"
        )
        ann.wait_for_timeout(500)
        expect(bubbles(bob, "Are you there?")).to_have_count(0)
        expect(bob.get_by_test_id("message")).to_have_count(2)

        # After a reload the block comes from the server; the refused message is still nowhere.
        bob.reload()
        conversation_item(bob, "ann").click()
        expect(bob.get_by_test_id("message")).to_have_count(2)
        expect(bubbles(bob, "Are you there?")).to_have_count(0)
        expect(bob.get_by_test_id("blocked-notice")).to_be_visible()
        expect(bob.get_by_test_id("block-button")).to_have_text("Unblock")

        # Bob unblocks: the composer is back and Ann's new message arrives.
        bob.get_by_test_id("block-button").click()
        expect(bob.get_by_test_id("block-button")).to_have_text("Block")
        expect(bob.get_by_test_id("blocked-notice")).to_have_count(0)
        expect(bob.get_by_test_id("toast").filter(has_text="Unblocked Ann Lee")).to_be_visible()
        send(ann, "Back again")
        expect(bubbles(ann, "Back again")).to_have_attribute("data-state", ACKED)
        expect(bubbles(bob, "Back again")).to_have_count(1)
        expect(bubbles(bob, "Are you there?")).to_have_count(0)
        send(bob, "Welcome back")
        expect(bubbles(ann, "Welcome back")).to_have_count(1)
        assert errors == []
