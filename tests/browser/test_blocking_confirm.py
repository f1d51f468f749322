"""Blocking asks first, in an accessible dialog; a message refused by a block can be sent again
with a finger-sized Retry once the block is lifted."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.test_chat import send, sign_up
from tests.browser.test_delivery import ACKED, bubbles, conversation_item, open_chat_with
from tests.browser.test_forms_and_toasts import DEVICES, device_page


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("device", DEVICES)
def test_block_asks_first_and_retry_is_finger_sized(
    live_server, browser: Browser, device: str
) -> None:
    with device_page(browser, device) as (ann, errors), device_page(browser, device) as (bob, _):
        sign_up(ann, live_server.url, "ann", "Ann Lee")
        sign_up(bob, live_server.url, "bob", "Bob Stone")
        open_chat_with(ann, "bob")
        send(ann, "Hi Bob!")
        conversation_item(bob, "ann").click()
        expect(bubbles(bob, "Hi Bob!")).to_have_count(1)

        # Block opens a dialog; focus moves into it; Esc cancels and gives focus back.
        block = bob.get_by_test_id("block-button")
        block.click()
        dialog = bob.get_by_role("dialog", name="Block Ann Lee?")
        expect(dialog).to_be_visible()
        expect(dialog).to_contain_text("You can unblock them at any time.")
        expect(bob.get_by_test_id("block-cancel")).to_be_focused()
        bob.keyboard.press("Escape")
        expect(dialog).to_have_count(0)
        expect(block).to_be_focused()
        expect(block).to_have_text("Block")

        # Cancel changes nothing either.
        block.click()
        expect(dialog).to_be_visible()
        bob.get_by_test_id("block-cancel").click()
        expect(dialog).to_have_count(0)
        expect(block).to_have_text("Block")
        send(ann, "Still friends?")
        expect(bubbles(bob, "Still friends?")).to_have_count(1)

        # Confirmed: blocked, and focus is back on the button, now Unblock.
        block.click()
        bob.get_by_test_id("block-confirm").click()
        expect(dialog).to_have_count(0)
        expect(block).to_have_text("Unblock")
        expect(block).to_be_focused()

        send(ann, "Are you there?")
        refused = bubbles(ann, "Are you there?")
        expect(refused).to_have_attribute("data-state", "failed")
        retry = refused.get_by_test_id("retry-button")
        size = retry.bounding_box()
        assert size is not None
        if device == "phone":  # WCAG 2.5.5: at least 44 by 44 CSS pixels under a finger
            assert size["width"] >= 44 and size["height"] >= 44, size
        else:  # beside the time, as small as the text around it
            assert size["height"] <= 32, size

        # Unblocking needs no confirmation; Retry then delivers the refused message.
        block.click()
        expect(block).to_have_text("Block")
        retry.click()
        expect(refused).to_have_attribute("data-state", ACKED)
        expect(bubbles(bob, "Are you there?")).to_have_count(1)
        assert errors == []
