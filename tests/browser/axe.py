"""axe-core in the page under test: the client's own devDependency (client/node_modules), so
nothing is downloaded while tests run. It is served to the page from a routed same-origin URL: the
app's Content Security Policy (script-src 'self') refuses an inline <script>, and stays on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page, Route

AXE_JS = Path(__file__).resolve().parents[2] / "client" / "node_modules" / "axe-core" / "axe.min.js"
AXE_URL = "/__test__/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = ("serious", "critical")

RUN_JS = """async (tags) => {
  const result = await window.axe.run(document, {
    runOnly: { type: 'tag', values: tags },
    resultTypes: ['violations'],
  })
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
  }))
}"""


def violations(page: Page) -> list[dict[str, Any]]:
    """Every WCAG 2.x A/AA violation axe finds in the page as it is now."""
    if not AXE_JS.exists():
        raise AssertionError(f"{AXE_JS} is missing: cd client && npm ci")
    if not page.evaluate("typeof window.axe === 'object'"):
        inject(page)
    return page.evaluate(RUN_JS, WCAG_TAGS)


def inject(page: Page) -> None:
    """Load axe.min.js into the page from a URL routed to the file, for this one request."""

    def serve(route: Route) -> None:
        route.fulfill(path=AXE_JS, content_type="text/javascript")

    page.route("**" + AXE_URL, serve)
    try:
        page.add_script_tag(url=AXE_URL)
    finally:
        page.unroute("**" + AXE_URL, serve)


def describe(found: list[dict[str, Any]]) -> str:
    """One paragraph per rule: id, impact, help, then each element's selector and why."""
    lines = []
    for v in found:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            why = " ".join(node["summary"].split()) if node["summary"] else ""
            lines.append(f"    {node['target']}  — {why}")
    return "\n".join(lines)


def serious(page: Page) -> list[dict[str, Any]]:
    """The serious and critical violations only."""
    return [v for v in violations(page) if v["impact"] in BLOCKING]
