"""What a newcomer notices: www. links, phone-sized fields, day separators, readable incoming
bubbles in both themes, and a theme that can be chosen."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from chat.config import Settings
from chat.storage import open_store
from chat.storage.models import SealedMessage
from chat.storage.sealing import seal
from tests.browser.test_chat import open_account_menu, sign_up
from tests.conftest import ring

UI_ONLY = pytest.mark.parametrize("backend", ["sqlite"])
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}

# WCAG 2.x relative luminance and contrast ratio of two CSS colours, computed in the page: the
# theme's colours are oklch() and color-mix(), which a 1x1 canvas turns into sRGB bytes.
CONTRAST_JS = """
(() => {
  const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true })
  const rgb = (css) => {
    ctx.clearRect(0, 0, 1, 1)
    ctx.fillStyle = '#000'
    ctx.fillStyle = css
    ctx.fillRect(0, 0, 1, 1)
    return Array.from(ctx.getImageData(0, 0, 1, 1).data)
  }
  const channel = (c) => {
    const s = c / 255
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  }
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(rgb(a)), luminance(rgb(b))].sort((x, y) => y - x)
    return (hi + 0.05) / (lo + 0.05)
  }
  const opaque = (css) => rgb(css)[3] === 255
  /** The colour behind an element: the first opaque background among its ancestors. */
  const backdrop = (el) => {
    for (let e = el.parentElement; e; e = e.parentElement) {
      const bg = getComputedStyle(e).backgroundColor
      if (opaque(bg)) return bg
    }
    return 'white'
  }
  window.__contrast = { ratio, opaque, backdrop }
})()
"""


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


def my_id(page: Page, base_url: str) -> str:
    return page.request.get(base_url + "/api/auth/me").json()["user"]["id"]


def seed_history(settings: Settings, to_id: str, history: list[tuple[datetime, str]]) -> None:
    """A conversation from Ann (created in the store; she never signs in) to `to_id` with
    messages stored at the given times, as an import writes them."""
    keys = ring(settings)
    store = open_store(settings.mongo_db_uri, settings.data_dir, keys)
    try:
        ann = store.users.create("ann", "Ann Lee", "not-a-password-hash")
        conv = store.conversations.get_or_create_direct(ann.id, to_id)
        sealed = []
        for seq, (at, text) in enumerate(history, start=1):
            client_id = f"seeded-{seq}"
            blob, key_id = seal(keys, text, client_id)
            sealed.append(SealedMessage("", conv.id, seq, ann.id, client_id, blob, key_id, at))
        assert store.messages.insert_sealed(sealed) == 0
        store.conversations.refresh_last_message(conv.id)
    finally:
        store.close()


def open_ann(page: Page) -> None:
    """Reload (the conversation was stored behind the server's back) and open it."""
    page.reload()
    page.locator("[data-testid=conversation-item][data-username=ann]").click()
    expect(page.get_by_test_id("peer-name")).to_have_text("Ann Lee")


@UI_ONLY
def test_bare_www_hosts_become_https_links(live_server, settings, browser: Browser) -> None:
    with person(browser, **DESKTOP) as (_, bob, errors):
        sign_up(bob, live_server.url, "bob", "Bob Stone")
        text = "try www.example.org. or https://example.net/x — not www. nor awww.example.org"
        seed_history(settings, my_id(bob, live_server.url), [(datetime.now(UTC), text)])
        open_ann(bob)
        links = bob.get_by_test_id("message").locator("a")
        expect(links).to_have_count(2)
        expect(links.first).to_have_text("www.example.org")
        expect(links.first).to_have_attribute("href", "https://www.example.org/")
        expect(links.nth(1)).to_have_attribute("href", "https://example.net/x")
        assert errors == []


def small_fields(page: Page) -> list[str]:
    """Visible inputs, textareas and selects whose text is under 16 px (iOS zooms into them)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('input, textarea, select')]
            .filter((el) => el.offsetParent !== null && el.type !== 'hidden')
            .map((el) => [el.id || el.tagName, parseFloat(getComputedStyle(el).fontSize)])
            .filter(([, px]) => px < 16)
            .map(([name, px]) => `${name}: ${px}px`)"""
    )


@UI_ONLY
def test_no_field_under_16px_on_a_phone(live_server, settings, browser: Browser) -> None:
    with person(browser, **PHONE) as (_, bob, errors):
        for path in ("/login", "/signup"):
            bob.goto(live_server.url + path)
            expect(bob.get_by_test_id("username")).to_be_visible()
            assert small_fields(bob) == [], path
        sign_up(bob, live_server.url, "bob", "Bob Stone")
        assert small_fields(bob) == [], "chat list"
        search = bob.get_by_test_id("search-input")
        assert search.evaluate("el => parseFloat(getComputedStyle(el).fontSize)") >= 16

        open_account_menu(bob)
        bob.get_by_test_id("password-button").click()
        expect(bob.locator("#password-title")).to_be_visible()
        assert small_fields(bob) == [], "password form"

        seed_history(settings, my_id(bob, live_server.url), [(datetime.now(UTC), "hi")])
        open_ann(bob)
        expect(bob.get_by_test_id("message-input")).to_be_visible()
        assert small_fields(bob) == [], "conversation"
        assert errors == []


def rows(page: Page) -> list[str]:
    """Day separators and message texts, in the order shown (messages marked with '· ')."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=day-separator],[data-testid=message]')]
            .map((el) => el.dataset.testid === 'day-separator'
                ? el.textContent.trim()
                : '· ' + el.querySelector('.chat-bubble').textContent.trim())"""
    )


@UI_ONLY
def test_day_separators_in_the_viewers_time_zone(live_server, settings, browser: Browser) -> None:
    zone = ZoneInfo("Asia/Tokyo")
    today = datetime.now(zone).date()

    def at(day: date, hour: int, minute: int) -> datetime:
        return datetime.combine(day, time(hour, minute), zone).astimezone(UTC)

    last_year = today.replace(year=today.year - 1, day=min(today.day, 28))
    three_days_ago, yesterday = today - timedelta(days=3), today - timedelta(days=1)
    history = [
        (at(last_year, 12, 0), "a year ago"),
        (at(three_days_ago, 9, 0), "three days ago"),
        (at(three_days_ago, 18, 0), "later that day"),
        (at(yesterday, 23, 30), "late yesterday"),
        (at(today, 0, 30), "just after midnight"),
    ]
    # The same day in UTC: only the viewer's time zone puts a separator between them.
    assert history[3][0].date() == history[4][0].date()

    with person(browser, **DESKTOP, locale="en-GB", timezone_id="Asia/Tokyo") as (_, bob, errors):
        sign_up(bob, live_server.url, "bob", "Bob Stone")
        seed_history(settings, my_id(bob, live_server.url), history)
        open_ann(bob)
        expect(bob.get_by_test_id("message")).to_have_count(5)
        # the time under a bubble, without the day its separator already names
        expect(bob.get_by_test_id("message").first.locator("time")).to_have_text("12:00")
        assert rows(bob) == [
            f"{last_year:%a}, {last_year.day} {last_year:%B %Y}",  # en-GB: "Sat, 2 November 2024"
            "· a year ago",
            f"{three_days_ago:%A}",
            "· three days ago",
            "· later that day",
            "Yesterday",
            "· late yesterday",
            "Today",
            "· just after midnight",
        ]

        bob.get_by_test_id("message-input").fill("and now")
        bob.get_by_test_id("message-input").press("Enter")
        expect(bob.get_by_test_id("message")).to_have_count(6)
        assert rows(bob)[-3:] == ["Today", "· just after midnight", "· and now"]
        assert errors == []


def choose_theme(page: Page, choice: str) -> None:
    """With the theme button of the sign-in page, or the chat header's account menu."""
    in_chat = page.get_by_test_id("account-menu-button").count() > 0
    if in_chat:
        open_account_menu(page)
    else:
        page.get_by_test_id("theme-button").click()
    page.get_by_test_id(f"theme-{choice}").click()
    if not in_chat:
        expect(page.get_by_test_id("theme-button")).to_have_attribute("data-theme-choice", choice)
    if choice != "system":
        expect(page.locator("html")).to_have_attribute("data-theme", choice)


@UI_ONLY
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_incoming_bubbles_are_readable_and_stand_out(
    live_server, settings, browser: Browser, theme: str
) -> None:
    with person(browser, **DESKTOP) as (_, bob, errors):
        sign_up(bob, live_server.url, "bob", "Bob Stone")
        seed_history(settings, my_id(bob, live_server.url), [(datetime.now(UTC), "Hello Bob")])
        open_ann(bob)
        choose_theme(bob, theme)
        bubble = bob.get_by_test_id("message").filter(has_text="Hello Bob").locator(".chat-bubble")
        bob.evaluate(CONTRAST_JS)
        measured = bubble.evaluate(
            """(bubble) => {
                const { ratio, opaque, backdrop } = window.__contrast
                const style = getComputedStyle(bubble)
                const page = backdrop(bubble)
                const fill = opaque(style.backgroundColor) ? style.backgroundColor : page
                const sides = ['Top', 'Right', 'Bottom', 'Left']
                const bordered = sides.every((s) => parseFloat(style[`border${s}Width`]) >= 1)
                const edges = sides.map((s) => ratio(style[`border${s}Color`], page))
                const tail = getComputedStyle(bubble, '::after')
                return {
                    text: ratio(style.color, fill),
                    fill: ratio(fill, page),
                    edge: bordered ? Math.min(...edges) : 1,
                    tailEdge: tail.content !== 'none' ? ratio(tail.backgroundColor, page) : 1,
                }
            }"""
        )
        assert measured["text"] >= 4.5, measured  # WCAG 1.4.3
        assert max(measured["fill"], measured["edge"]) >= 3, measured  # WCAG 1.4.11
        if measured["fill"] < 3:  # the edge goes round the tail too
            assert measured["tailEdge"] >= 3, measured
        assert errors == []


# Records data-theme when <body> appears: before it, nothing can be painted; the app's module
# scripts run only after the whole document is parsed.
THEME_AT_BODY_JS = """
new MutationObserver((_, observer) => {
  if (!document.body) return
  window.__themeAtBody = document.documentElement.getAttribute('data-theme')
  observer.disconnect()
}).observe(document, { childList: true, subtree: true })
"""


@UI_ONLY
def test_theme_is_chosen_remembered_and_follows_the_system(live_server, browser: Browser) -> None:
    with person(browser, **PHONE, color_scheme="light") as (_, page, errors):
        page.add_init_script(THEME_AT_BODY_JS)
        html = page.locator("html")
        page.goto(live_server.url + "/login")
        expect(html).to_have_attribute("data-theme", "light")
        choose_theme(page, "dark")
        assert page.evaluate("getComputedStyle(document.documentElement).colorScheme") == "dark"

        page.reload()
        expect(page.get_by_test_id("username")).to_be_visible()
        assert page.evaluate("window.__themeAtBody") == "dark"  # no light flash
        expect(html).to_have_attribute("data-theme", "dark")
        expect(page.get_by_test_id("theme-button")).to_have_attribute("data-theme-choice", "dark")

        choose_theme(page, "system")  # the emulated system is light
        expect(html).to_have_attribute("data-theme", "light")
        page.emulate_media(color_scheme="dark")
        expect(html).to_have_attribute("data-theme", "dark")
        page.emulate_media(color_scheme="light")
        expect(html).to_have_attribute("data-theme", "light")

        # In the chat header's account menu too, which still fits a phone.
        sign_up(page, live_server.url, "bob", "Bob Stone")
        open_account_menu(page)
        for control in ("theme-dark", "password-button", "logout-button"):
            box = page.get_by_test_id(control).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375, control
        page.get_by_test_id("theme-dark").click()
        expect(html).to_have_attribute("data-theme", "dark")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.reload()
        expect(page.get_by_test_id("search-input")).to_be_visible()
        assert page.evaluate("window.__themeAtBody") == "dark"
        assert errors == []
