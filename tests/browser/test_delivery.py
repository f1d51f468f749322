"""Delivery in the browser: unread badges, read receipts, the outbox across offline and reloads."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, BrowserContext, Page, WebSocketRoute, expect

from tests.browser.test_chat import send, sign_up

ACKED = re.compile(r"^(sent|delivered|read)$")
# socket.io backs off up to 5 s between attempts; the first one after coming back may wait as long.
RECONNECT_MS = 15_000


@contextmanager
def people(
    browser: Browser, count: int, **options
) -> Iterator[tuple[list[BrowserContext], list[Page], list[str]]]:
    """`count` browser contexts (one person each, with `options`) and the page errors they raise."""
    contexts = [browser.new_context(**options) for _ in range(count)]
    pages = [ctx.new_page() for ctx in contexts]
    errors: list[str] = []
    for page in pages:
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.on(  # a CSP violation is reported on the console
            "console",
            lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None,
        )
    try:
        yield contexts, pages, errors
    finally:
        for ctx in contexts:
            ctx.close()


def sign_up_ann_and_bob(ann: Page, bob: Page, url: str) -> None:
    """Ann Lee and Bob Stone sign up, each in their own page."""
    sign_up(ann, url, "ann", "Ann Lee")
    sign_up(bob, url, "bob", "Bob Stone")


def open_chat_with(page: Page, username: str) -> None:
    """Open the conversation with `username` through search (it may not exist yet)."""
    page.get_by_test_id("search-input").fill(username[:2])
    page.locator(f"[data-testid=search-result][data-username={username}]").click()
    expect(page.get_by_test_id("peer-name")).to_be_visible()


def conversation_item(page: Page, username: str):
    return page.locator(f"[data-testid=conversation-item][data-username={username}]")


def bubbles(page: Page, text: str):
    return page.get_by_test_id("message").filter(has_text=text)


def test_unread_badge_title_and_read_receipts(live_server, browser: Browser) -> None:
    with people(browser, 3) as (_, (ann, bob, cat), errors):
        sign_up(ann, live_server.url, "ann", "Ann Lee")
        sign_up(bob, live_server.url, "bob", "Bob Stone")
        sign_up(cat, live_server.url, "cat", "Cat Moss")

        open_chat_with(ann, "bob")
        send(ann, "Hi Bob!")
        conversation_item(bob, "ann").click()
        expect(bubbles(bob, "Hi Bob!")).to_have_count(1)
        expect(bubbles(ann, "Hi Bob!")).to_have_attribute("data-state", "read")

        # Bob talks to Cat while Ann writes three more.
        open_chat_with(bob, "cat")
        send(bob, "Hi Cat")
        expect(bubbles(bob, "Hi Cat")).to_have_attribute("data-state", ACKED)
        for text in ("one", "two", "three"):
            send(ann, f"Ann says {text}")
        for text in ("one", "two", "three"):
            expect(bubbles(ann, f"Ann says {text}")).to_have_attribute("data-state", "delivered")

        badge = conversation_item(bob, "ann").get_by_test_id("unread-badge")
        expect(badge).to_have_text("3")
        expect(bob).to_have_title(re.compile(r"^\(3\) "))
        expect(conversation_item(bob, "cat").get_by_test_id("unread-badge")).to_have_count(0)

        conversation_item(bob, "ann").click()
        expect(bob.get_by_test_id("new-messages-divider")).to_be_visible()
        expect(badge).to_have_count(0)
        expect(bob).to_have_title("Chat")
        for text in ("one", "two", "three"):
            expect(bubbles(ann, f"Ann says {text}")).to_have_attribute("data-state", "read")
        assert errors == []


def test_message_sent_offline_arrives_once(live_server, browser: Browser) -> None:
    with people(browser, 2) as ((ann_ctx, _), (ann, bob), errors):
        sign_up(ann, live_server.url, "ann", "Ann Lee")
        sign_up(bob, live_server.url, "bob", "Bob Stone")
        open_chat_with(ann, "bob")
        send(ann, "Before the tunnel")
        conversation_item(bob, "ann").click()
        expect(bubbles(bob, "Before the tunnel")).to_have_count(1)

        ann_ctx.set_offline(True)
        banner = ann.get_by_test_id("connection-banner")
        expect(banner).to_have_attribute("data-status", "offline")
        send(ann, "Typed in the tunnel")
        typed = bubbles(ann, "Typed in the tunnel")
        expect(typed).to_have_attribute("data-state", "pending")
        # Long enough for a send to reach Bob, were it going anywhere.
        ann.wait_for_timeout(1000)
        expect(typed).to_have_attribute("data-state", "pending")
        expect(bubbles(bob, "Typed in the tunnel")).to_have_count(0)

        ann_ctx.set_offline(False)
        expect(typed).to_have_attribute("data-state", ACKED, timeout=RECONNECT_MS)
        expect(banner).to_have_attribute("data-status", "online")
        expect(bubbles(bob, "Typed in the tunnel")).to_have_count(1)
        expect(typed).to_have_attribute("data-state", "read")

        bob.reload()
        conversation_item(bob, "ann").click()
        expect(bob.get_by_test_id("message")).to_have_count(2)
        expect(bubbles(bob, "Typed in the tunnel")).to_have_count(1)
        texts = bob.get_by_test_id("message").all_inner_texts()
        assert "Before the tunnel" in texts[0] and "Typed in the tunnel" in texts[1]
        assert outbox_keys(ann) == []
        assert errors == []


def test_reconnect_catches_up_without_gap_or_duplicate(live_server, browser: Browser) -> None:
    with people(browser, 2) as ((_, bob_ctx), (ann, bob), errors):
        sign_up(ann, live_server.url, "ann", "Ann Lee")
        sign_up(bob, live_server.url, "bob", "Bob Stone")
        open_chat_with(ann, "bob")
        send(ann, "Message 0")
        conversation_item(bob, "ann").click()
        expect(bubbles(bob, "Message 0")).to_have_count(1)

        bob_ctx.set_offline(True)
        expect(bob.get_by_test_id("connection-banner")).to_have_attribute("data-status", "offline")
        for i in range(1, 6):
            send(ann, f"Message {i}")
        expect(bubbles(ann, "Message 5")).to_have_attribute("data-state", "sent")

        bob_ctx.set_offline(False)
        banner = bob.get_by_test_id("connection-banner")
        expect(banner).to_have_attribute("data-status", "online", timeout=RECONNECT_MS)
        expect(banner).to_have_text("Back online")
        expect(bob.get_by_test_id("message")).to_have_count(6)
        texts = bob.get_by_test_id("message").all_inner_texts()
        assert [t.splitlines()[0] for t in texts] == [f"Message {i}" for i in range(6)]
        expect(bubbles(ann, "Message 5")).to_have_attribute("data-state", "read")
        expect(banner).to_have_count(0)
        assert errors == []


def test_pending_message_survives_a_reload(live_server, browser: Browser) -> None:
    with people(browser, 2) as ((ann_ctx, _), (ann, bob), errors):
        # Ann's socket goes through a switch (set before any page loads, so every socket is routed).
        blocked = {"on": False}

        def socket_route(ws: WebSocketRoute) -> None:
            if blocked["on"]:
                ws.close()
            else:
                ws.connect_to_server()

        ann_ctx.route_web_socket(re.compile(r"/socket\.io/"), socket_route)
        sign_up(ann, live_server.url, "ann", "Ann Lee")
        sign_up(bob, live_server.url, "bob", "Bob Stone")
        open_chat_with(ann, "bob")
        send(ann, "Hello")
        conversation_item(bob, "ann").click()
        expect(bubbles(bob, "Hello")).to_have_count(1)

        # The socket cannot get through, the page itself still loads: the send waits in the outbox.
        blocked["on"] = True
        ann_ctx.set_offline(True)
        send(ann, "Kept across a reload")
        expect(bubbles(ann, "Kept across a reload")).to_have_attribute("data-state", "pending")
        assert outbox_keys(ann) != []
        ann_ctx.set_offline(False)

        ann.reload()
        conversation_item(ann, "bob").click()
        kept = bubbles(ann, "Kept across a reload")
        expect(kept).to_have_attribute("data-state", "pending")
        expect(ann.get_by_test_id("message").last).to_contain_text("Kept across a reload")
        expect(bubbles(bob, "Kept across a reload")).to_have_count(0)

        # A socket closed before it opened, without an error, is retried by socket.io only after its
        # 20 s connect timeout; the browser's "online" event makes the client retry at once.
        blocked["on"] = False
        ann_ctx.set_offline(True)
        ann_ctx.set_offline(False)
        expect(kept).to_have_attribute("data-state", ACKED, timeout=RECONNECT_MS)
        expect(bubbles(bob, "Kept across a reload")).to_have_count(1)
        expect(kept).to_have_count(1)
        assert outbox_keys(ann) == []
        assert errors == []


def outbox_keys(page: Page) -> list[str]:
    """Outbox entries saved in the page's localStorage."""
    return page.evaluate(
        "Object.keys(localStorage).filter((k) => k.startsWith('chat.outbox') && "
        "JSON.parse(localStorage.getItem(k)).length > 0)"
    )
