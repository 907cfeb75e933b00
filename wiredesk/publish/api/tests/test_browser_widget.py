"""The headline widget on a partner's page, in a real Chromium: the script tag, loaded from a
running `wiredesk demo`, fills a box on a page of another origin; the iframe fallback shows
the same headlines with JavaScript switched off. The screenshot illustrates docs/api.md:
docs/screenshots/widget.png, rewritten on every run."""

import functools
import http.server
import json
import threading
import urllib.request

import pytest

from wiredesk.core.tests.conftest import start_demo, stop_demo

pytestmark = pytest.mark.browser

PARTNER_PORTS = range(8865, 8875)
PARTNER_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A partner's page</title>
<style>
  body {{ font: 16px/1.5 Georgia, serif; margin: 2em; max-width: 60em; color: #222; }}
  .columns {{ display: flex; gap: 2em; align-items: flex-start; }}
  main {{ flex: 2; }} aside {{ flex: 1; min-width: 18em; }}
  iframe {{ border: 0; width: 100%; height: 19.5em; }}
</style></head>
<body>
<h1>Orbital Hobbyist Monthly</h1>
<div class="columns">
  <main>
    <p>A partner site about amateur satellite tracking. Its sidebar shows the newest space
    headlines from the network with one script tag, and, below it, the same box as an
    iframe for pages that cannot run scripts.</p>
  </main>
  <aside>
    <script src="{base}/api/widget.js" data-site="spacedaily" data-section="" data-count="5"
      async></script>
    <h2 style="font-size:1em">Without JavaScript</h2>
    <iframe title="Headlines" src="{base}/api/widget/spacewar/?count=4"></iframe>
  </aside>
</div>
</body></html>
"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def demo(tmp_path_factory, process_database_url):
    base = tmp_path_factory.mktemp("widget-demo")
    server = start_demo(base / "data", base / "demo.log", process_database_url)
    try:
        yield server
    finally:
        stop_demo(server)


@pytest.fixture(scope="module")
def partner(tmp_path_factory, demo):
    """A partner's site on another origin (a plain http.server on 8865-8874)."""
    root = tmp_path_factory.mktemp("partner")
    base = f"http://spacedaily.localhost:{demo.port}"
    (root / "index.html").write_text(PARTNER_PAGE.format(base=base))
    handler = functools.partial(Quiet, directory=str(root))
    for port in PARTNER_PORTS:
        try:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
            break
        except OSError:
            continue
    else:
        pytest.skip(f"no free port in {PARTNER_PORTS}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}/index.html"
    server.shutdown()
    server.server_close()


def api_headlines(demo, site, count):
    """What the API says, asked as the browser asks: on the site's development host."""
    url = f"http://127.0.0.1:{demo.port}/api/sites/{site}/headlines/?count={count}"
    request = urllib.request.Request(url, headers={"Host": f"{site}.localhost:{demo.port}"})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=10) as response:
        return json.load(response)


def test_script_tag_renders_the_box_on_a_partner_page(browser, demo, partner, screenshots_dir):
    expected = api_headlines(demo, "spacedaily", 5)
    assert expected["headlines"], "the demo published nothing on SpaceDaily"
    context = browser.new_context(viewport={"width": 1100, "height": 860})
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda r: (
            r.status >= 400
            and not r.url.endswith("/favicon.ico")
            and problems.append(f"HTTP {r.status} for {r.url}")
        ),
    )
    try:
        page.goto(partner)
        box = page.locator(".wiredesk-widget .box")  # Playwright pierces the open shadow root
        box.locator("li a").first.wait_for(timeout=15000)
        assert expected["title"] == "Space News from SpaceDaily.com"  # the network's box title
        assert box.locator("h2").inner_text() == expected["title"]
        links = box.locator("li a")
        assert links.count() == len(expected["headlines"])
        for i, item in enumerate(expected["headlines"]):
            assert links.nth(i).inner_text() == item["headline"]
            assert links.nth(i).get_attribute("href") == item["url"]
        assert box.locator(".credit a").inner_text() == "SpaceDaily.com"

        frame = page.frame_locator("iframe[title=Headlines]")
        frame.locator("li a").first.wait_for(timeout=15000)
        assert frame.locator("li a").count() == 4
        page.screenshot(path=screenshots_dir / "widget.png")
        assert problems == []
    finally:
        context.close()


def test_iframe_works_without_javascript(browser, demo, partner):
    expected = api_headlines(demo, "spacewar", 4)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(partner)
        frame = page.frame_locator("iframe[title=Headlines]")
        links = frame.locator("li a")
        links.first.wait_for(timeout=15000)
        assert [links.nth(i).inner_text() for i in range(links.count())] == [
            item["headline"] for item in expected["headlines"]
        ]
        assert page.locator(".wiredesk-widget").count() == 0, "no script ran, no box"
    finally:
        context.close()
