"""What a reader and an editor see in a real browser when they run `wiredesk demo`.

Starts the demo as a user would (its own process, a fresh data dir, a free port), then drives
Debian's Chromium through Playwright. The screenshots it takes illustrate the README and are
committed: docs/screenshots/*.png, rewritten on every run.
"""

import re
import urllib.parse

import pytest

pytestmark = pytest.mark.browser

SITE_COUNT = 6
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


class Tab:
    """A page in its own browser context that notes what went wrong while it was open."""

    def __init__(self, browser, **context_options):
        self.context = browser.new_context(**context_options)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("pageerror", lambda error: self.problems.append(f"JavaScript error: {error}"))
        self.page.on("requestfailed", self._failed)
        self.page.on("response", self._response)

    def _failed(self, request):
        self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response):
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            self.problems.append(f"HTTP {response.status} for {response.url}")

    def goto(self, url: str):
        response = self.page.goto(url)
        assert response is not None and response.status == 200, (
            f"{url} answered {response.status if response else 'nothing'}"
        )
        return response

    def assert_clean(self):
        assert self.problems == [], "problems while loading the page:\n" + "\n".join(self.problems)

    def close(self):
        self.context.close()


@pytest.fixture
def tab(browser):
    tab = Tab(browser, viewport=DESKTOP)
    yield tab
    tab.close()


@pytest.fixture(scope="module")
def printed(demo):
    """The site URLs, desk URL and login that the demo printed."""
    return demo.output()


@pytest.fixture(scope="module")
def spacewar_url(demo, printed):
    url = printed.site_urls.get("spacewar")
    assert url, (
        f"the demo printed no http://spacewar.localhost:{demo.port}/ URL; "
        f"sites it printed: {printed.site_urls}\n{demo.describe()}"
    )
    return url


def box_top(locator) -> float:
    box = locator.bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 0, f"{locator} has no size"
    return box["y"]


def open_first_article(tab: Tab, front_url: str) -> str:
    """Open a site's front page and click the first article link of its lead story."""
    tab.goto(front_url)
    link = tab.page.locator(".lead-story a[href]").first
    assert link.count() == 1, f"no article link in .lead-story on {front_url}"
    with tab.page.expect_navigation() as navigation:
        link.click()
    response = navigation.value
    assert response is not None and response.status == 200, f"article answered {response}"
    return tab.page.url


def test_network_index_lists_six_sites(tab, demo, printed):
    assert len(printed.site_urls) == SITE_COUNT, (
        f"expected {SITE_COUNT} site URLs printed, got {printed.site_urls}\n{demo.describe()}"
    )
    tab.goto(demo.index_url)
    hrefs = tab.page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    linked = {
        urllib.parse.urlsplit(href).hostname
        for href in hrefs
        if (urllib.parse.urlsplit(href).hostname or "").endswith(".localhost")
    }
    printed_hosts = {urllib.parse.urlsplit(url).hostname for url in printed.site_urls.values()}
    assert linked == printed_hosts, (
        f"index links to {sorted(linked)}, printed {sorted(printed_hosts)}"
    )
    tab.assert_clean()


def test_front_page_shows_site_name_tagline_and_lead_story(tab, spacewar_url, screenshots_dir):
    tab.goto(spacewar_url)
    page = tab.page
    site_name = page.locator(".site-name").first
    assert site_name.is_visible()
    assert "spacewar" in site_name.inner_text().lower()
    tagline = page.locator(".tagline").first
    assert tagline.is_visible() and tagline.inner_text().strip(), "no visible .tagline"
    lead = page.locator(".lead-story").first
    assert lead.is_visible(), "no visible .lead-story"
    lead_link = lead.locator("a[href]").first
    assert lead_link.is_visible() and lead_link.inner_text().strip(), "lead story has no link"
    page.screenshot(path=screenshots_dir / "front-spacewar.png")
    tab.assert_clean()


def test_article_page_reads_like_the_reference_page(tab, spacewar_url, screenshots_dir):
    open_first_article(tab, spacewar_url)
    page = tab.page

    parts = {}
    for name, selector in [
        ("site name", ".site-name"),
        ("headline", "h1.headline"),
        ("dateline", ".dateline"),
        ("body", ".article-body"),
    ]:
        parts[name] = page.locator(selector).first
        assert parts[name].is_visible(), f"{selector} is not visible on {page.url}"
        assert parts[name].inner_text().strip(), f"{selector} is empty on {page.url}"

    ads = page.locator(".ad-zone", has_text="ADVERTISEMENT")
    body_top = box_top(parts["body"])
    below_body = [
        ads.nth(i)
        for i in range(ads.count())
        if ads.nth(i).is_visible() and box_top(ads.nth(i)) > body_top
    ]
    ad = below_body[0] if below_body else None
    assert ad is not None, "no visible .ad-zone labelled ADVERTISEMENT below the article body"
    parts["ad"] = ad

    boxes = page.locator("section.headline-box")
    assert boxes.count() == 4, f"expected 4 section.headline-box, found {boxes.count()}"
    box_tops = []
    for i in range(4):
        box = boxes.nth(i)
        assert box.is_visible(), f"headline box {i + 1} is not visible"
        headlines = box.evaluate(
            "box => [...box.querySelectorAll('a[href]')]"
            ".filter(a => !a.closest('h1,h2,h3,h4,h5,h6,header'))"
            ".map(a => a.textContent.trim())"
        )
        assert len(headlines) == 3 and all(headlines), f"box {i + 1} headline links: {headlines}"
        box_tops.append(box_top(box))

    rights = page.locator(".rights-notice").first
    assert rights.is_visible() and rights.inner_text().strip(), "no visible .rights-notice"

    order = [(name, box_top(part)) for name, part in parts.items()]
    for (before, y1), (after, y2) in zip(order, order[1:], strict=False):
        assert y1 < y2, f"{before} (y={y1}) should come above {after} (y={y2})"
    assert min(box_tops) > order[-1][1], "headline boxes should come below the ad slot"
    assert box_top(rights) > max(box_tops), "the rights notice should come below the headline boxes"

    page.screenshot(path=screenshots_dir / "article-spacewar.png", full_page=True)
    tab.assert_clean()


def test_article_fits_a_phone_screen(browser, spacewar_url, screenshots_dir):
    phone = Tab(browser, viewport=PHONE, device_scale_factor=2)
    try:
        open_first_article(phone, spacewar_url)
        page = phone.page
        meta = page.locator('meta[name="viewport"]')
        content = meta.first.get_attribute("content") if meta.count() else None
        assert content and "width=device-width" in content, f"meta viewport is {content!r}"
        widths = page.evaluate(
            "() => ({scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth})"
        )
        assert widths["scroll"] <= widths["inner"], f"page scrolls sideways on a phone: {widths}"
        page.screenshot(path=screenshots_dir / "article-phone.png")
        phone.assert_clean()
    finally:
        phone.close()


def test_desk_asks_for_login_then_shows_the_desk(tab, demo, printed):
    assert printed.desk_url, f"the demo printed no desk URL\n{demo.describe()}"
    assert printed.username and printed.password, f"the demo printed no login\n{demo.describe()}"
    page = tab.page
    response = page.goto(printed.desk_url)
    status = response.status if response else None
    assert status == 200, f"{printed.desk_url} led to {page.url}, which answered {status}"
    password = page.locator('input[name="password"]')
    assert password.is_visible(), f"{printed.desk_url} did not ask for a login (at {page.url})"
    page.locator('input[name="username"]').fill(printed.username)
    password.fill(printed.password)
    with page.expect_navigation():
        password.press("Enter")
    assert not page.locator('input[name="password"]').is_visible(), (
        f"still on a login form after logging in as {printed.username!r} ({page.url})"
    )
    assert re.search("desk", page.title(), re.IGNORECASE), f"title {page.title()!r} at {page.url}"
    tab.assert_clean()
