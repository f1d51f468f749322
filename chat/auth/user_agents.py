"""A short name for the device of a session ("Chrome on Linux", "Safari on iPhone") from its
user agent, with ua-parser's rules (kept up to date in ua-parser-builtins)."""

from __future__ import annotations

from functools import lru_cache

import ua_parser

UNKNOWN = "Unknown device"
# Browser names without the platform ua-parser folds into some of them ("Chrome Mobile iOS").
BROWSER_SUFFIXES = (" Mobile iOS", " Mobile WebView", " Mobile", " iOS")
BROWSERS = {
    "Mobile Safari": "Safari",
    "Mobile Safari UI/WKWebView": "Safari",
    "HeadlessChrome": "Headless Chrome",
}
PLATFORMS = {"Mac OS X": "macOS"}
NAMED_DEVICES = ("iPhone", "iPad")  # say which Apple device; others go by their system


@lru_cache(maxsize=1024)
def describe(user_agent: str) -> str:
    """'<browser> on <system or iPhone/iPad>', whichever half is known, else 'Unknown device'.

    The first call in a process loads the rules (about 0.1 s); results are cached.
    """
    if not user_agent:
        return UNKNOWN
    result = ua_parser.parse(user_agent)
    browser = _browser(result.user_agent.family if result.user_agent else None)
    platform = _platform(
        result.os.family if result.os else None, result.device.family if result.device else None
    )
    if browser and platform:
        return f"{browser} on {platform}"
    return browser or platform or UNKNOWN


def _browser(family: str | None) -> str | None:
    if not family or family == "Other":
        return None
    if family in BROWSERS:
        return BROWSERS[family]
    for suffix in BROWSER_SUFFIXES:
        family = family.removesuffix(suffix)
    return family


def _platform(os_family: str | None, device_family: str | None) -> str | None:
    if device_family in NAMED_DEVICES:
        return device_family
    if not os_family or os_family == "Other":
        return None
    return PLATFORMS.get(os_family, os_family)
