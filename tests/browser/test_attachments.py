"""Sending an image and a file: one user attaches them (button, paste, drop), the other sees the
thumbnail in the bubble, opens it full size, and downloads the file; on a phone and a desktop."""

from __future__ import annotations

import base64

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_chat import open_account_menu, send, sign_up
from tests.browser.test_delivery import ACKED, open_chat_with
from tests.browser.test_groups import people
from tests.files import image_bytes

UI_ONLY = pytest.mark.parametrize("backend", ["sqlite"])
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
DEVICES = pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["375px", "1280px"])
NOTES = b"Minutes of the meeting\n" * 50


def hand_over(page: Page, event: str, name: str, data: bytes, mime: str) -> None:
    """A file pasted into the message field, or dropped on the composer, as a browser does."""
    page.evaluate(
        """([event, name, data, mime]) => {
            const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0))
            const transfer = new DataTransfer()
            transfer.items.add(new File([bytes], name, { type: mime }))
            const target = document.querySelector(
                event === 'paste' ? '[data-testid=message-input]' : '[data-testid=composer]')
            const init = { bubbles: true, cancelable: true }
            const e = event === 'paste'
                ? new ClipboardEvent('paste', { ...init, clipboardData: transfer })
                : new DragEvent(event, { ...init, dataTransfer: transfer })
            target.dispatchEvent(e)
        }""",
        [event, name, base64.b64encode(data).decode(), mime],
    )


def natural_width(page: Page, test_id: str) -> int:
    return page.get_by_test_id(test_id).first.evaluate("img => img.complete ? img.naturalWidth : 0")


@UI_ONLY
@DEVICES
def test_an_image_and_a_file_reach_the_other_user(
    live_server, browser: Browser, device: dict, screenshot
) -> None:
    with people(browser, 2, **device) as (_, (ann, bob), errors):
        sign_up(ann, live_server.url, "ann", "Ann Lee")
        sign_up(bob, live_server.url, "bob", "Bob Stone")
        open_chat_with(ann, "bob")
        expect(ann.get_by_test_id("attach-button")).to_have_count(0)  # no conversation yet
        send(ann, "Photos from the trip")
        expect(ann.get_by_test_id("attach-button")).to_be_visible()

        photo = {"name": "beach.png", "mimeType": "image/png", "buffer": image_bytes("PNG")}
        notes = {"name": "notes.txt", "mimeType": "text/plain", "buffer": NOTES}
        ann.get_by_test_id("attach-input").set_input_files([photo, notes])
        expect(ann.get_by_test_id("staged-file")).to_have_count(2)
        if device is DESKTOP:  # pasted and dropped files join them
            hand_over(ann, "paste", "pasted.png", image_bytes("PNG", (40, 40)), "image/png")
            hand_over(ann, "drop", "dropped.txt", b"dropped", "text/plain")
            expect(ann.get_by_test_id("staged-file")).to_have_count(4)
            ann.get_by_role("button", name="Remove pasted.png").click()
            ann.get_by_role("button", name="Remove dropped.txt").click()
        expect(ann.get_by_test_id("staged-file")).to_have_count(2)
        ann.get_by_test_id("send-button").click()
        expect(ann.get_by_test_id("staged-file")).to_have_count(0)

        sent = ann.get_by_test_id("message").filter(has=ann.get_by_test_id("attachments"))
        expect(sent).to_have_attribute("data-state", ACKED)
        expect(sent.get_by_test_id("attachment-thumbnail")).to_be_visible()

        bob.locator("[data-testid=conversation-item][data-username=ann]").click()
        received = bob.get_by_test_id("message").filter(has=bob.get_by_test_id("attachments"))
        thumbnail = received.get_by_test_id("attachment-thumbnail")
        expect(thumbnail).to_be_visible()
        bob.wait_for_function(
            "() => document.querySelector('[data-testid=attachment-thumbnail]')?.naturalWidth > 0"
        )
        assert natural_width(bob, "attachment-thumbnail") == 320
        chip = received.get_by_test_id("file-chip")
        expect(chip).to_contain_text("notes.txt")
        expect(chip).to_contain_text("1 KB")
        expect(chip).to_have_attribute("download", "notes.txt")
        download = bob.request.get(live_server.url + chip.get_attribute("href"))
        assert download.body() == NOTES
        assert download.headers["content-disposition"].startswith("attachment;")
        screenshot(bob, "received")

        received.get_by_test_id("attachment-image").click()
        viewer = bob.get_by_test_id("image-viewer")
        expect(viewer).to_be_visible()
        bob.wait_for_function(
            "() => document.querySelector('[data-testid=full-image]')?.naturalWidth > 0"
        )
        assert natural_width(bob, "full-image") == 640
        box = bob.get_by_test_id("full-image").bounding_box()
        assert (
            box is not None
            and box["x"] >= 0
            and box["x"] + box["width"] <= device["viewport"]["width"]
        )
        screenshot(bob, "viewer")
        bob.get_by_test_id("image-viewer-close").click()
        expect(viewer).to_have_count(0)
        assert errors == []


@UI_ONLY
def test_a_new_profile_picture_shows_at_once(live_server, browser: Browser) -> None:
    with people(browser, 1, **DESKTOP) as (_, (ann,), errors):
        sign_up(ann, live_server.url, "ann", "Ann Lee")
        expect(ann.get_by_test_id("avatar-picture")).to_have_count(0)  # initials until then
        photo = {"name": "me.jpg", "mimeType": "image/jpeg", "buffer": image_bytes("JPEG")}
        open_account_menu(ann)
        with ann.expect_file_chooser() as chooser:
            ann.get_by_test_id("picture-button").click()
        chooser.value.set_files([photo])
        picture = ann.get_by_test_id("avatar-picture").first
        expect(picture).to_be_visible()
        ann.wait_for_function(
            "() => document.querySelector('[data-testid=avatar-picture]')?.naturalWidth === 256"
        )
        assert errors == []


@UI_ONLY
def test_a_failed_upload_waits_in_the_outbox_and_a_refused_one_says_why(
    live_server, browser: Browser
) -> None:
    with people(browser, 2, **DESKTOP) as (_, (ann, bob), errors):
        sign_up(ann, live_server.url, "ann", "Ann Lee")
        sign_up(bob, live_server.url, "bob", "Bob Stone")
        open_chat_with(ann, "bob")
        send(ann, "Here it comes")
        expect(ann.get_by_test_id("attach-button")).to_be_visible()

        dropped = []

        def drop_first(route) -> None:  # the network fails under the first upload
            if not dropped:
                dropped.append(route.request.url)
                route.abort("connectionreset")
            else:
                route.continue_()

        ann.route("**/api/conversations/*/attachments", drop_first)
        notes = {"name": "notes.txt", "mimeType": "text/plain", "buffer": NOTES}
        ann.get_by_test_id("attach-input").set_input_files([notes])
        ann.get_by_test_id("send-button").click()
        sent = ann.get_by_test_id("message").filter(has_text="notes.txt")
        expect(sent).to_have_attribute("data-state", ACKED, timeout=10_000)  # tried again
        assert len(dropped) == 1
        expect(bob.locator("[data-testid=conversation-item][data-username=ann]")).to_contain_text(
            "Attachment"
        )

        too_big = {"name": "huge.bin", "mimeType": "application/octet-stream"}
        too_big["buffer"] = b"\0" * (10 * 1024 * 1024 + 1)
        ann.get_by_test_id("attach-input").set_input_files([too_big])
        ann.get_by_test_id("send-button").click()
        failed = ann.get_by_test_id("message").filter(has_text="huge.bin")
        expect(failed).to_have_attribute("data-state", "failed")
        expect(ann.get_by_test_id("toast").last).to_contain_text("at most 10 MB")
        assert errors == []
