"""An editor and a contributor at the desk in a real browser, against a real server.

The server is `wiredesk serve` on a port from 8765 up, on a data dir set up by `wiredesk demo
--no-serve` (the demo network and its sample wire) with two desk users made by `wiredesk desk
user`. The editor watches a new wire item arrive in the live queue, places and publishes it,
re-routes a story to another site, corrects one and kills one; after each action the public
pages, feeds and old URLs (410 for the killed story) are checked over HTTP. A contributor's
publish is refused (403) and the refusal shows in the audit log. Screenshots go to
docs/screenshots/desk-*.png (used by docs/desk.md).
"""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from wiredesk.core.tests.conftest import DEMO_ENV_DROP

pytestmark = pytest.mark.browser

PORTS = range(8765, 8800)
DESKTOP = {"width": 1366, "height": 860}
PHONE = {"width": 390, "height": 844}
EDITOR = ("ed", "editor-password-1")
CONTRIBUTOR = ("carl", "contributor-password-1")
NEW_ITEM_HEADLINE = "Village bakery wins regional bread contest"
NEW_ITEM = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test wire</title><link>https://wire.example/</link>
<description>Invented items for the desk's browser test</description>
<item><title>{NEW_ITEM_HEADLINE}</title><link>https://wire.example/bread-1</link>
<guid>urn:wiredesk-test:bread-1</guid><pubDate>Sat, 28 Nov 2026 09:00:00 GMT</pubDate>
<description>&lt;p&gt;A small village bakery took first prize at the regional bread contest on
Saturday, the judges said.&lt;/p&gt;&lt;p&gt;The winning loaf used an old family
recipe.&lt;/p&gt;</description></item></channel></rss>
"""


def free_port_in_range() -> int:
    for port in PORTS:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.fail(f"no free port in {PORTS.start}-{PORTS.stop - 1}", pytrace=False)


@dataclass
class Server:
    port: int
    env: dict
    log: Path
    data: Path

    @property
    def desk(self) -> str:
        return f"http://127.0.0.1:{self.port}/desk/"

    def site(self, key: str) -> str:
        return f"http://{key}.localhost:{self.port}"

    def get(self, key: str, path: str) -> tuple[int, str]:
        """GET ``path`` on site ``key`` over HTTP (no browser, no cache of ours)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            conn.request("GET", path, headers={"Host": f"{key}.localhost:{self.port}"})
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def wiredesk(self, *args, stdin: str = "") -> str:
        result = subprocess.run(
            [sys.executable, "-m", "wiredesk", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=self.env,
            timeout=300,
        )
        assert result.returncode == 0, f"wiredesk {' '.join(args)}: {result.stderr[-2000:]}"
        return result.stdout


def _database(process_database_url: str):
    """On PostgreSQL, a database of this module's own (the demo test module has another)."""
    if not process_database_url:
        return "", None
    import psycopg
    from psycopg import sql

    base, _, _ = process_database_url.rpartition("/")
    name = f"wiredesk_desk_browser_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def drop():
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    return f"{base}/{name}", drop


@pytest.fixture(scope="module")
def server(tmp_path_factory, process_database_url):
    base = tmp_path_factory.mktemp("desk-browser")
    database_url, drop = _database(process_database_url)
    env = {k: v for k, v in os.environ.items() if k not in DEMO_ENV_DROP}
    env.update(PYTHONUNBUFFERED="1", WIREDESK_DATA_DIR=str(base / "data"))
    if database_url:
        env["DATABASE_URL"] = database_url
    port = free_port_in_range()
    srv = Server(port=port, env=env, log=base / "serve.log", data=base / "data")
    process = None
    try:
        srv.wiredesk("demo", "--no-serve", "--data-dir", str(srv.data))
        for username, password in (EDITOR, CONTRIBUTOR):
            role = "editor" if username == EDITOR[0] else "contributor"
            srv.wiredesk(
                "desk", "user", username, "--role", role, "--password-stdin", stdin=password
            )
        with open(srv.log, "wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "wiredesk", "serve", "--host", "127.0.0.1"]
                + ["--port", str(port), "--no-worker", "--no-scheduler", "--workers", "2"],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert process.poll() is None, "wiredesk serve exited:\n" + srv.log.read_text()[-3000:]
            try:
                if srv.get("spacewar", "/")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.3)
        else:
            pytest.fail("wiredesk serve did not answer:\n" + srv.log.read_text()[-3000:])
        yield srv
    finally:
        if process is not None:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(process.pid, sig)
                    process.wait(timeout=10)
                    break
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    continue
        if drop:
            drop()


class Desk:
    """One person's browser context on the desk; collects JavaScript errors."""

    def __init__(self, browser, server, credentials, **options):
        self.server = server
        self.context = browser.new_context(viewport=DESKTOP, **options)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", lambda dialog: dialog.accept())
        self.login(*credentials)

    def login(self, username, password):
        page = self.page
        page.goto(self.server.desk + "login/?next=/desk/%3Frefresh%3D2")
        page.fill('input[name="username"]', username)
        page.fill('input[name="password"]', password)
        with page.expect_navigation():
            page.click('button[type="submit"]')
        assert page.url.startswith(self.server.desk), page.url

    def story(self, story_id: int):
        response = self.page.goto(f"{self.server.desk}story/{story_id}/")
        assert response.status == 200
        return self.page

    def submit(self, form_selector: str, button="button[type=submit]"):
        with self.page.expect_navigation():
            self.page.locator(form_selector).locator(button).first.click()
        self.flash_ok()

    def flash_ok(self):
        errors = self.page.locator(".message.error")
        assert errors.count() == 0, errors.first.inner_text()

    def close(self):
        assert self.errors == [], f"JavaScript errors: {self.errors}"
        self.context.close()


@pytest.fixture
def editor(browser, server):
    desk = Desk(browser, server, EDITOR)
    yield desk
    desk.close()


def feed_items(server, key) -> list[tuple[str, str]]:
    """``[(headline, link)]`` of site ``key``'s RSS feed."""
    status, xml = server.get(key, f"/{key}.xml")
    assert status == 200
    return re.findall(r"<item><title>(.*?)</title><link>(.*?)</link>", xml)


def pick_story(server, key, skip=0) -> tuple[int, str, str]:
    """A story on site ``key`` (its id, headline and path), from the site's own feed."""
    headline, link = feed_items(server, key)[skip]
    match = re.search(r"//[^/]+(/.*_(\d+)\.html)$", link)
    assert match, link
    return int(match.group(2)), headline.replace("&#x27;", "'"), match.group(1)


def json_ld(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def test_editor_publishes_a_new_held_story_from_the_live_queue(editor, server, screenshots_dir):
    page = editor.page
    assert page.locator("#live-status").is_visible()
    assert page.locator("#queue-rows tr.row", has_text=NEW_ITEM_HEADLINE).count() == 0
    item = server.data.parent / "bread.xml"
    item.write_text(NEW_ITEM, encoding="utf-8")
    server.wiredesk("ingest", str(item), "--source", "afp-wire")
    row = page.locator("#queue-rows tr.row", has_text=NEW_ITEM_HEADLINE)
    row.wait_for(timeout=15_000)  # arrives by the live refresh, without a reload
    assert "held" in row.inner_text().lower()
    assert "not placed" in row.inner_text()
    assert "updated" in page.locator("#live-status").inner_text()
    page.screenshot(path=screenshots_dir / "desk-queue.png")

    row.locator("a.headline").click()
    page.wait_for_url(re.compile(r"/desk/story/\d+/"))
    story_id = int(re.search(r"/story/(\d+)/", page.url).group(1))
    page.select_option("#place-site", "terradaily")
    page.locator('.place-form select[name="section"]').select_option("environment")
    editor.submit(".place-form")
    with page.expect_navigation():
        page.keyboard.press("p")  # the publish shortcut
    editor.flash_ok()
    assert page.locator("#story-state").text_content().strip() == "published"
    page.screenshot(path=screenshots_dir / "desk-story.png", full_page=True)

    link = page.locator('.public-links a[data-site="terradaily"]').get_attribute("href")
    path = re.sub(r"^https?://[^/]+", "", link)
    assert path.endswith(f"_{story_id}.html")
    status, html = server.get("terradaily", path)
    assert status == 200 and NEW_ITEM_HEADLINE in html
    assert NEW_ITEM_HEADLINE in server.get("terradaily", "/")[1]
    assert NEW_ITEM_HEADLINE in [h for h, _ in feed_items(server, "terradaily")]
    assert NEW_ITEM_HEADLINE not in server.get("spacewar", "/spacewar.xml")[1]


def test_editor_reroutes_a_story_to_another_site(editor, server):
    story_id, headline, old_path = pick_story(server, "spacewar")
    assert server.get("spacewar", old_path)[0] == 200
    page = editor.story(story_id)
    page.select_option("#move-site", "spacedaily")
    editor.submit(".move-form")
    assert page.locator('.public-links a[data-site="spacedaily"]').count() == 1
    assert page.locator('.public-links a[data-site="spacewar"]').count() == 0
    assert "editor:ed" in page.locator(".placement-table").inner_text()

    assert headline in [h for h, _ in feed_items(server, "spacedaily")]
    assert headline not in [h for h, _ in feed_items(server, "spacewar")]
    assert server.get("spacewar", old_path)[0] == 404
    new_url = page.locator('.public-links a[data-site="spacedaily"]').get_attribute("href")
    assert new_url.startswith(server.site("spacedaily"))
    status, html = server.get("spacedaily", new_url.removeprefix(server.site("spacedaily")))
    assert status == 200 and headline in html
    assert f'<link rel="canonical" href="{new_url}">' in html  # the canonical URL moved too


def test_editor_corrects_a_story(editor, server, screenshots_dir):
    story_id, headline, path = pick_story(server, "spacewar", skip=1)
    before = json_ld(server.get("spacewar", path)[1])["dateModified"]
    page = editor.story(story_id)
    note = "An earlier version of this story misstated the date of the test."
    page.fill("#note", note)
    editor.submit('form[action$="/correct/"]')
    assert note in page.locator(".notice.correction").inner_text()
    page.screenshot(path=screenshots_dir / "desk-correction.png")

    status, html = server.get("spacewar", path)
    assert status == 200, "a correction keeps the same URL"
    after = json_ld(html)
    assert after["dateModified"] > before
    template = Path(__file__).resolve().parents[2] / "publish/jinja2/publish/article.html"
    if "story.correction" in template.read_text():  # once the article template shows it
        assert note in html
        assert note in json.dumps(after.get("correction", ""))


def test_editor_kills_a_story(editor, server):
    story_id, headline, path = pick_story(server, "spacewar", skip=2)
    page = editor.story(story_id)
    page.fill("#reason", "withdrawn by the agency")
    editor.submit('form[action$="/kill/"]')
    assert page.locator("#story-state").text_content().strip() == "killed"
    assert server.get("spacewar", path)[0] == 410
    assert headline not in [h for h, _ in feed_items(server, "spacewar")]
    assert headline not in server.get("spacewar", "/")[1]
    assert f"_{story_id}.html" not in server.get("spacewar", "/news-sitemap.xml")[1]


def test_contributor_cannot_publish_and_the_refusal_is_logged(
    browser, editor, server, screenshots_dir
):
    story_id, headline, path = pick_story(server, "spacewar", skip=3)
    server.wiredesk("desk", "story", str(story_id), "hold")  # the command line is audited too
    assert server.get("spacewar", path)[0] == 404
    contributor = Desk(browser, server, CONTRIBUTOR)
    try:
        page = contributor.page
        assert page.locator('#bulk button[value="publish"]').count() == 0
        contributor.story(story_id)
        assert page.locator('form[action$="/publish/"]').count() == 0
        # the server refuses even a hand-made request
        with page.expect_navigation() as navigation:
            page.evaluate(
                """(url) => {
                    const form = document.createElement("form");
                    form.method = "post"; form.action = url;
                    const token = document.querySelector("[name=csrfmiddlewaretoken]").cloneNode();
                    form.appendChild(token); document.body.appendChild(form); form.submit();
                }""",
                f"/desk/story/{story_id}/publish/",
            )
        assert navigation.value.status == 403
        assert "carl may not publish" in page.locator(".denied").inner_text()
        page.screenshot(path=screenshots_dir / "desk-refused.png")
    finally:
        contributor.close()
    assert server.get("spacewar", path)[0] == 404, "the story is still held"

    page = editor.page
    page.goto(editor.server.desk + "audit/")
    refused = page.locator("tr.refused", has_text="carl")
    assert refused.count() == 1 and "refused:publish" in refused.inner_text()
    for action in ("publish", "place", "move", "correct", "kill", "hold"):
        assert page.locator("td code", has_text=re.compile(f"^{action}$")).count() >= 1, action
    page.screenshot(path=screenshots_dir / "desk-audit.png")


def test_keyboard_bulk_hold_and_phone_layout(editor, browser, server, screenshots_dir):
    page = editor.page
    page.goto(editor.server.desk + "?state=published&refresh=600")
    page.keyboard.press("?")
    assert page.locator("#keys").is_visible()
    page.screenshot(path=screenshots_dir / "desk-keys.png")
    page.keyboard.press("Escape")
    rows = page.locator("#queue-rows tr.row")
    first, second = rows.nth(0).get_attribute("data-id"), rows.nth(1).get_attribute("data-id")
    for key in ("j", "x", "j", "x"):
        page.keyboard.press(key)
    assert page.locator("#selected-count").inner_text() == "2 selected"
    with page.expect_navigation():
        page.keyboard.press("h")
    assert "Hold: 2 of 2 done." in page.locator(".messages").inner_text()
    for story_id in (first, second):
        assert page.locator(f'#queue-rows tr.row[data-id="{story_id}"]').count() == 0

    phone = browser.new_context(viewport=PHONE, device_scale_factor=2)
    try:
        mobile = phone.new_page()
        mobile.goto(editor.server.desk + "login/")
        mobile.fill('input[name="username"]', EDITOR[0])
        mobile.fill('input[name="password"]', EDITOR[1])
        with mobile.expect_navigation():
            mobile.click('button[type="submit"]')
        widths = mobile.evaluate(
            "() => ({scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth})"
        )
        assert widths["scroll"] <= widths["inner"], f"the queue scrolls sideways: {widths}"
        mobile.screenshot(path=screenshots_dir / "desk-phone.png")
    finally:
        phone.close()
