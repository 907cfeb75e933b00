"""The export served by a real nginx with the configuration from docs/deploy.md gives readers
the same bytes as the live server: SSI boxes expanded, feeds with their content types, 410
for a killed story, search proxied to the app server.

Needs Debian's nginx (``apt-get install nginx``); skips saying so when it is absent (CI
installs it)."""

import re
import time

import pytest

from wiredesk.export.nginxconf import Nginx, documented_block, fetch, nginx_binary
from wiredesk.stories.models import Story, StoryState

from .helpers import Exported, add_story, article_url

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def nginx_or_skip(running_in_ci):
    if nginx_binary() is None:
        message = "nginx is not installed (apt-get install nginx)"
        if running_in_ci:
            pytest.fail(f"CI: {message}", pytrace=False)
        pytest.skip(message)


@pytest.fixture
def served(nginx_or_skip, demo_wire, live_server, export_into, tmp_path):
    report = export_into(scheme="http")
    app = live_server.url.removeprefix("http://")
    server = Nginx(report.out, app, tmp_path / "nginx")
    checked = server.check()
    assert checked.returncode == 0, f"docs/deploy.md's nginx block is invalid:\n{checked.stderr}"
    with server:
        yield Exported(report.out, report), server, live_server.url


def test_nginx_and_the_export_answer_what_the_live_server_answers(served):
    exported, nginx, live = served
    compared = 0
    for host, relative, url in exported.pages():
        status, headers, body = fetch(live + url, host)
        assert status == 200, f"live server: {host}{url} answered {status}"
        assert exported.expanded(host, relative) == body, f"{host}{url}: file differs from live"
        got_status, got_headers, got_body = nginx.get(host, url)
        assert got_status == 200, f"nginx: {host}{url} answered {got_status}: {nginx.errors()}"
        assert got_body == body, f"nginx: {host}{url} differs from the live server"
        assert got_headers["Content-Type"] == headers["Content-Type"], f"{host}{url}"
        compared += 1
    assert compared > 150


def test_nginx_expands_ssi_includes_in_article_pages(served):
    exported, nginx, _ = served
    host = "www.spacewar.com"
    article = next(r for h, r, _ in exported.pages() if h == host and r.startswith("reports/"))
    raw = (exported.out / host / article).read_bytes()
    status, _, body = nginx.get(host, "/" + article)
    assert status == 200 and b"<!--#" not in body
    assert b"<!--# include" in raw or b"headline-box" in raw
    assert body.count(b'class="headline-box"') >= 1


def test_fragments_and_error_pages_are_internal(served):
    _, nginx, _ = served
    status, _, body = nginx.get("www.spacewar.com", "/_fragments/spacewar/article-boxes.html")
    assert status == 404 and b"Page not found" in body


def test_search_is_proxied_to_the_app_server(served):
    _, nginx, live = served
    for url in ("/search/?q=mars", "/desk/"):
        direct = fetch(live + url, "www.spacewar.com")
        proxied = nginx.get("www.spacewar.com", url)
        assert proxied[0] == direct[0], url
        if direct[0] == 200:
            assert proxied[2] == direct[2], url


def test_killed_story_answers_410_after_the_next_export(served, export_into):
    exported, nginx, live = served
    story = add_story("spacedaily", "Invented story nginx will forget", "astronomy")
    export_into(scheme="http", incremental=True)
    url = article_url(story, "spacedaily")
    assert nginx.get("www.spacedaily.com", url)[0] == 200
    Story.objects.filter(pk=story.pk).update(state=StoryState.KILLED)
    export_into(scheme="http", incremental=True)
    nginx.reload()
    status, _, body = nginx.get("www.spacedaily.com", url)
    assert status == 410, nginx.errors()
    live_status, _, live_body = fetch(live + url, "www.spacedaily.com")
    # the site's own 410 page; one file serves every gone URL, so only its og:url differs
    assert live_status == 410
    assert b"This story is no longer available" in body
    drop_og_url = lambda text: b"\n".join(  # noqa: E731
        line for line in text.split(b"\n") if b'property="og:url"' not in line
    )
    assert drop_og_url(body) == drop_og_url(live_body)


def test_the_optional_page_store_serves_the_same_bytes(served, tmp_path):
    exported, direct, live = served
    stored = Nginx(exported.out, live.removeprefix("http://"), tmp_path / "store", microcache=True)
    checked = stored.check()
    assert checked.returncode == 0, f"the page store block is invalid:\n{checked.stderr}"
    pages = [(h, u) for h, r, u in exported.pages() if r.startswith(("reports/", "section/"))]
    with stored:
        for host, url in pages[:20]:
            expected = fetch(live + url, host)
            for _ in range(2):  # assembled and stored, then a plain file from the store
                status, headers, body = stored.get(host, url)
                assert status == 200 and body == expected[2], f"{host}{url}"
                assert headers["Content-Type"] == expected[1]["Content-Type"], f"{host}{url}"
                cache_control = direct.get(host, url)[1]["Cache-Control"]
                assert headers["Cache-Control"] == cache_control, f"{host}{url}"
        assert any(stored.store.rglob("*.html")), "no article page was stored"
        article = next(u for h, u in pages if h == "www.spacewar.com" and "/reports/" in u)
        stored.get("www.spacewar.com", article)  # assembled and stored, if it was not yet
        _, headers, _ = stored.get("www.spacewar.com", article)  # sent as a plain file
        assert "Content-Length" in headers and "Transfer-Encoding" not in headers
        assert not any(stored.store.rglob("index.html")), "only article pages are stored"
        assert (
            stored.get("www.spacewar.com", "/search/?q=mars")[0]
            == fetch(live + "/search/?q=mars", "www.spacewar.com")[0]
        )


def test_the_page_store_shows_new_boxes_and_gone_stories_once_emptied(
    served, export_into, tmp_path
):
    """The store is a cache: a stored page keeps its boxes until the documented loop (export,
    reload, empty the store) runs; then the page is assembled again with the new boxes. A
    killed story answers 410 from the reload on, stored or not."""
    exported, _, live = served
    stored = Nginx(exported.out, live.removeprefix("http://"), tmp_path / "store", microcache=True)
    host = "www.spacewar.com"
    with stored:
        victim = add_story("spacewar", "Invented drill story the store will forget", None)
        export_into(scheme="http", incremental=True)
        victim_url = article_url(victim, "spacewar")
        page_url = next(
            "/" + r
            for h, r, _ in exported.pages()
            if h == host and b"<!--# include" in (exported.out / h / r).read_bytes()
        )
        for url in (page_url, victim_url):
            assert stored.get(host, url)[0] == 200
        add_story("spacedaily", "Invented comet story for the stored boxes", "astronomy")
        Story.objects.filter(pk=victim.pk).update(state=StoryState.KILLED)
        export_into(scheme="http", incremental=True)
        assert b"Invented comet story" not in stored.get(host, page_url)[2], "not stored?"
        assert stored.get(host, victim_url)[0] == 200  # stored, and nginx not reloaded yet
        stored.reload()
        assert stored.get(host, victim_url)[0] == 410  # gone.map comes before the store
        assert b"Invented comet story" not in stored.get(host, page_url)[2]  # still stored
        stored.empty_store()
        valid = int(re.search(r"open_file_cache_valid (\d+)s;", documented_block()).group(1))
        started = time.monotonic()
        while b"Invented comet story" not in (body := stored.get(host, page_url)[2]):
            assert time.monotonic() - started < valid + 3, "the new boxes never showed"
            time.sleep(0.25)
        assert body == exported.expanded(host, page_url.lstrip("/"))
        assert stored.get(host, victim_url)[0] == 410


def test_new_boxes_show_without_rewriting_article_pages(served, export_into):
    """One new story on a boxed site rewrites the box fragment, not the article pages that
    include it; nginx shows the new boxes within ``open_file_cache_valid`` (the cached file
    descriptor of the replaced fragment is checked again after that long)."""
    exported, nginx, _ = served
    host = "www.spacewar.com"  # its article boxes show SpaceDaily's newest stories
    including = [
        relative
        for h, relative, _ in exported.pages()
        if h == host
        and relative.startswith("reports/")
        and b"<!--# include" in (exported.out / h / relative).read_bytes()
    ]
    assert including
    before = {r: (exported.out / host / r).stat() for r in including}
    url = "/" + including[0]
    assert nginx.get(host, url)[0] == 200  # nginx now holds the old fragment open
    add_story("spacedaily", "Invented comet story for the headline boxes", "astronomy")
    export_into(scheme="http", incremental=True)
    for relative, stat in before.items():
        now = (exported.out / host / relative).stat()
        assert (now.st_ino, now.st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns), relative
    valid = int(re.search(r"open_file_cache_valid (\d+)s;", documented_block()).group(1))
    started = time.monotonic()
    while b"Invented comet story" not in (body := nginx.get(host, url)[2]):
        assert time.monotonic() - started < valid + 3, "nginx never showed the new boxes"
        time.sleep(0.25)
    assert body == exported.expanded(host, including[0])


def test_ssi_pages_carry_no_validators(served):
    """An assembled page sends no Last-Modified or ETag (no ``ssi_last_modified``): the page
    file's date says nothing about its boxes, so a 304 could keep stale boxes for good."""
    exported, nginx, _ = served
    host = "www.spacewar.com"
    article = next(
        r
        for h, r, _ in exported.pages()
        if h == host and b"<!--# include" in (exported.out / h / r).read_bytes()
    )
    status, headers, _ = nginx.get(host, "/" + article)
    assert status == 200
    assert "Last-Modified" not in headers and "ETag" not in headers
    assert headers["Cache-Control"] == "max-age=60"
    status, headers, _ = nginx.get(host, "/robots.txt")  # a plain file keeps them
    assert status == 200 and "Last-Modified" in headers and "ETag" in headers
