"""A reader searches a demo site in a real browser: `wiredesk demo` ingests its sample wire,
its worker runs the index tasks, and the search form finds a story with the words marked."""

import time

import pytest

from wiredesk.core.tests.conftest import (  # noqa: F401  (fixtures)
    browser,
    chromium_executable,
    start_demo,
    stop_demo,
)

pytestmark = pytest.mark.browser

# a word from the headline of the demo wire's Ariane 6 story (routed to SpaceDaily)
WORD = "Ariane"
SITE = "spacedaily"


@pytest.fixture(scope="module")
def demo(tmp_path_factory, process_database_url):
    base = tmp_path_factory.mktemp("search-demo")
    server = start_demo(base / "data", base / "demo.log", process_database_url)
    try:
        yield server
    finally:
        stop_demo(server)


def test_a_reader_searches_and_sees_marked_results(browser, demo):  # noqa: F811
    site_url = demo.output().site_urls.get(SITE)
    assert site_url, f"the demo printed no URL for {SITE}\n{demo.describe()}"
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        # the worker indexes the wire in the background: wait for it (up to a minute)
        deadline = time.monotonic() + 60
        while True:
            response = page.goto(site_url + "search/")
            assert response.status == 200
            page.fill("#search-q", f"{WORD.lower()} -zeppelin")
            page.press("#search-q", "Enter")
            page.wait_for_load_state()
            if page.locator(".search-result").count() or time.monotonic() > deadline:
                break
            time.sleep(2)
        assert "q=ariane" in page.url
        results = page.locator(".search-result")
        assert results.count() >= 1, page.content()
        first = results.first
        assert WORD in first.locator("h2").inner_text()
        marks = [text.lower() for text in first.locator("mark").all_inner_texts()]
        assert "ariane" in marks
        first.locator("h2 a").click()
        page.wait_for_load_state()
        assert WORD in page.locator("h1").first.inner_text()
    finally:
        context.close()
