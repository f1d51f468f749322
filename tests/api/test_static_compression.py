"""The client is served from its build-time .br/.gz copies: each answer decodes to exactly the
built file, and a browser's first load stays within the budget README states."""

from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from pathlib import Path

import brotli
import pytest
from werkzeug.test import TestResponse

from chat.spa import STATIC_DIR
from chat.static_files import choose_encoding

README = Path(__file__).parents[2] / "README.md"
SUFFIX = {"br": ".br", "gzip": ".gz", None: ""}  # the build's copy for each coding
BROWSER = "gzip, deflate, br, zstd"  # what Chromium sends, over http too

# Accept-Encoding → the coding the answer must use (None: the file as built).
NEGOTIATION = [
    (BROWSER, "br"),
    ("gzip, deflate, br", "br"),
    ("gzip", "gzip"),
    ("x-gzip", "gzip"),
    ("deflate", None),
    ("", None),
    ("identity", None),
    ("br;q=0.5, gzip", "gzip"),
    ("br;q=0.9, gzip;q=0.8", "br"),
    ("*", "br"),
    ("*, br;q=0", "gzip"),
    ("*;q=0.5, gzip", "gzip"),
    ("br;q=0, gzip;q=0", None),
    ("br, gzip, *;q=0", "br"),
    ("gzip;q=0.5, identity", None),
    ("GZIP", "gzip"),
    ("br;q=nonsense, gzip", "gzip"),
]

SQLITE_ONLY = pytest.mark.parametrize("backend", ["sqlite"])  # no storage involved


class References(HTMLParser):
    """The script, stylesheets and module preloads a page makes the browser fetch at once."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        rel = (a.get("rel") or "").split()
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"] or "")
        elif tag == "link" and {"stylesheet", "modulepreload"} & set(rel) and a.get("href"):
            self.urls.append(a["href"] or "")


def referenced(index_html: str) -> list[str]:
    parser = References()
    parser.feed(index_html)
    return parser.urls


@pytest.fixture
def built() -> list[str]:
    """The URLs index.html references that the build compressed: its script and stylesheets."""
    index = STATIC_DIR / "index.html"
    if not index.is_file():
        pytest.fail("the client is not built: make client")
    urls = [u for u in referenced(index.read_text()) if copies(on_disk(u))]
    assert any(u.endswith(".js") for u in urls) and any(u.endswith(".css") for u in urls), urls
    for url in ["/", *urls]:
        assert copies(on_disk(url)) == ["br", "gzip"], url
    return urls


def copies(file: Path) -> list[str]:
    """The codings the build wrote a copy of file in (none for a file too small to gain)."""
    return [c for c in ("br", "gzip") if file.with_name(file.name + SUFFIX[c]).is_file()]


def decode(response: TestResponse) -> bytes:
    coding = response.headers.get("Content-Encoding")
    body = response.get_data()
    if coding == "br":
        return brotli.decompress(body)
    if coding == "gzip":
        return gzip.decompress(body)
    assert coding is None, coding
    return body


def on_disk(url: str) -> Path:
    return STATIC_DIR / ("index.html" if url in ("/", "/c/some-conversation") else url.lstrip("/"))


@SQLITE_ONLY
@pytest.mark.parametrize(("accept", "expected"), NEGOTIATION)
def test_every_answer_decodes_to_exactly_the_built_file(client, built, accept, expected) -> None:
    for url in [*built, "/", "/c/some-conversation"]:
        file = on_disk(url)
        response = client.get(url, headers={"Accept-Encoding": accept})
        assert response.status_code == 200, url
        assert response.headers.get("Content-Encoding") == expected, (url, accept)
        assert "Accept-Encoding" in response.headers.get("Vary", ""), url
        assert response.content_type == client.get(url).content_type, url  # the original's
        assert int(response.headers["Content-Length"]) == len(response.get_data()), url
        sent = file.with_name(file.name + SUFFIX[expected])
        assert response.get_data() == sent.read_bytes(), url  # the build's copy, not recompressed
        assert decode(response) == file.read_bytes(), url


@SQLITE_ONLY
def test_types_and_cache_rules_are_those_of_the_original(client, built) -> None:
    script = next(u for u in built if u.startswith("/assets/") and u.endswith(".js"))  # hashed
    for accept in (BROWSER, "identity"):
        headers = {"Accept-Encoding": accept}
        asset = client.get(script, headers=headers)
        assert asset.mimetype == "text/javascript"
        assert "max-age=31536000" in asset.headers["Cache-Control"]
        page = client.get("/c/some-conversation", headers=headers)
        assert page.mimetype == "text/html"
        assert page.headers["Cache-Control"] == "no-cache"


@SQLITE_ONLY
def test_head_answers_the_headers_of_the_get_without_a_body(client, built) -> None:
    for url in [*built, "/"]:
        for accept in (BROWSER, "gzip", "identity"):
            get = client.get(url, headers={"Accept-Encoding": accept})
            head = client.head(url, headers={"Accept-Encoding": accept})
            assert head.status_code == 200 and head.get_data() == b""
            for name in ("Content-Encoding", "Content-Length", "Content-Type", "ETag", "Vary"):
                assert head.headers.get(name) == get.headers.get(name), (url, accept, name)


@SQLITE_ONLY
def test_each_encoding_has_its_own_etag_and_revalidates_only_against_it(client, built) -> None:
    for url in [*built, "/"]:
        etags = {}
        for accept in (BROWSER, "gzip", "identity"):
            first = client.get(url, headers={"Accept-Encoding": accept})
            etags[accept] = first.headers["ETag"]
            again = client.get(
                url, headers={"Accept-Encoding": accept, "If-None-Match": first.headers["ETag"]}
            )
            assert again.status_code == 304 and again.get_data() == b"", (url, accept)
            assert "Accept-Encoding" in again.headers["Vary"]
            assert again.headers["ETag"] == first.headers["ETag"]
        assert len(set(etags.values())) == 3, (url, etags)
        # A cached brotli copy does not validate a gzip answer: the full gzip body comes back.
        other = client.get(
            url, headers={"Accept-Encoding": "gzip", "If-None-Match": etags[BROWSER]}
        )
        assert other.status_code == 200 and other.headers["Content-Encoding"] == "gzip"
        assert decode(other) == on_disk(url).read_bytes()


@SQLITE_ONLY
def test_the_compressed_copies_are_not_files_of_the_site(client, built) -> None:
    script = next(u for u in built if u.endswith(".js"))
    response = client.get(script + ".br", headers={"Accept-Encoding": "identity"})
    assert response.mimetype == "text/html" and b'id="root"' in response.get_data()


def first_load_budget() -> int:
    """The budget README states, in bytes (kB = 1,000 bytes, as Vite reports sizes)."""
    found = re.search(r"first-load budget: (\d+) kB", README.read_text())
    assert found, "README's Performance section must state 'first-load budget: N kB'"
    return int(found.group(1)) * 1000


@SQLITE_ONLY
def test_first_load_with_brotli_stays_within_the_budget_in_readme(client, built) -> None:
    """What a browser downloads before the app renders: the page, its script and stylesheets."""
    page = client.get("/", headers={"Accept-Encoding": "gzip, deflate, br"})
    transferred = len(page.get_data())
    for url in referenced(decode(page).decode()):
        asset = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
        assert asset.status_code == 200, url
        assert asset.headers.get("Content-Encoding") == ("br" if copies(on_disk(url)) else None)
        transferred += len(asset.get_data())
    budget = first_load_budget()
    assert transferred <= budget, f"first load {transferred} bytes > budget {budget} (README)"


@pytest.mark.parametrize(("accept", "expected"), NEGOTIATION)
def test_choose_encoding(accept: str, expected: str | None) -> None:
    assert choose_encoding(accept, ["br", "gzip"]) == expected


def test_choose_encoding_only_offers_the_copies_that_exist() -> None:
    assert choose_encoding(BROWSER, ["gzip"]) == "gzip"
    assert choose_encoding("br", ["gzip"]) is None
    assert choose_encoding(BROWSER, []) is None
