"""Stored XSS in messages and display names, in the real browser under the real CSP: shown as
text, no script runs, no CSP violation; only http(s) links become links, opened safely."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.test_chat import send, sign_up

EVIL_NAME = "<img src=x onerror=window.__xss=1>"
PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    "<svg onload=window.__xss=1>",
    "javascript:window.__xss=1",
    "[x](javascript:window.__xss=1)",
    '<a href="javascript:window.__xss=1">click</a>',
    "<iframe src=javascript:window.__xss=1>",
]
LINK = "http://example.com/page?a=1&b=2"
# Recorded before any page script runs; a violation is also printed to the console.
WATCH_CSP = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def watched_page(context: BrowserContext, problems: list[str]) -> Page:
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    page.on("pageerror", lambda err: problems.append(str(err)))
    page.on(
        "console",
        lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.on(
        "dialog", lambda dialog: (problems.append("dialog: " + dialog.message), dialog.dismiss())
    )
    return page


def assert_no_script_ran(page: Page) -> None:
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("window.__csp") == []
    assert page.locator("[data-testid=message] img, [data-testid=message] script").count() == 0
    assert page.locator("a[href^='javascript:' i], iframe, svg[onload]").count() == 0


def test_stored_xss_in_messages_and_names_renders_as_text_without_csp_violations(
    live_server, browser: Browser
) -> None:
    problems: list[str] = []
    ann_ctx, bob_ctx = browser.new_context(), browser.new_context()
    ann, bob = watched_page(ann_ctx, problems), watched_page(bob_ctx, problems)
    try:
        sign_up(ann, live_server.url, "ann", EVIL_NAME)
        sign_up(bob, live_server.url, "bob", "Bob Stone")
        ann.get_by_test_id("search-input").fill("bo")
        ann.locator("[data-testid=search-result][data-username=bob]").click()
        for text in [*PAYLOADS, f"see {LINK} now"]:
            send(ann, text)
            expect(ann.get_by_test_id("message").filter(has_text=text).first).to_be_visible()

        # Bob sees Ann's name and every message as the very characters she typed.
        item = bob.locator("[data-testid=conversation-item][data-username=ann]")
        expect(item).to_contain_text(EVIL_NAME)
        item.click()
        for text in PAYLOADS:  # the literal characters, so not parsed as markup
            expect(bob.get_by_test_id("message").filter(has_text=text).first).to_be_visible()
        link = bob.get_by_test_id("message").filter(has_text=LINK).locator("a")
        expect(link).to_have_count(1)
        expect(link).to_have_attribute("href", LINK)
        expect(link).to_have_attribute("rel", re.compile(r"\bnoopener\b.*\bnoreferrer\b"))
        expect(link).to_have_attribute("target", "_blank")
        expect(
            bob.get_by_test_id("message").filter(has_text="javascript:").locator("a")
        ).to_have_count(0)

        # A reload renders the history from the API the same way.
        bob.reload()
        bob.locator("[data-testid=conversation-item][data-username=ann]").click()
        expect(bob.get_by_test_id("message")).to_have_count(len(PAYLOADS) + 1)
        for page in (ann, bob):
            assert_no_script_ran(page)
        assert problems == []
    finally:
        ann_ctx.close()
        bob_ctx.close()
