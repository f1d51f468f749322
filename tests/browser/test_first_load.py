"""The first load in a real browser: Chromium receives the client's script brotli-compressed."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Response, expect

from tests.live import LiveServer


@pytest.mark.parametrize("backend", ["sqlite"])
def test_chromium_receives_the_main_script_and_stylesheet_as_brotli(
    live_server: LiveServer, browser: Browser
) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        responses: list[Response] = []
        page.on("response", lambda response: responses.append(response))
        page.goto(live_server.url + "/")
        page.wait_for_load_state("load")
        assets = {r.url.rsplit(".", 1)[-1]: r for r in responses if "/assets/" in r.url}
        assert {"js", "css"} <= assets.keys(), [r.url for r in responses]
        for kind in ("js", "css"):
            headers = assets[kind].all_headers()
            assert headers.get("content-encoding") == "br", (kind, headers)
            assert "accept-encoding" in headers.get("vary", "").lower(), (kind, headers)
        expect(page.locator("#root > *").first).to_be_attached()  # the decoded script ran
    finally:
        context.close()
