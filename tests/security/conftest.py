"""The browser fixture of tests/browser, for the stored-XSS test."""

from tests.browser.conftest import browser

__all__ = ["browser"]
