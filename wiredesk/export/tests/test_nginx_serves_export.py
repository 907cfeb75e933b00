"""The export served by a real nginx with the configuration from docs/deploy.md gives readers
the same bytes as the live server: SSI boxes expanded, feeds with their content types, 410
for a killed story, search proxied to the app server.

Needs Debian's nginx (``apt-get install nginx``); skips saying so when it is absent (CI
installs it)."""

import pytest

from wiredesk.export.nginxconf import Nginx, fetch, nginx_binary
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


def test_the_optional_microcache_serves_the_same_bytes(served, tmp_path):
    exported, _, live = served
    cached = Nginx(exported.out, live.removeprefix("http://"), tmp_path / "cached", microcache=True)
    checked = cached.check()
    assert checked.returncode == 0, f"the microcache block is invalid:\n{checked.stderr}"
    pages = [(h, u) for h, r, u in exported.pages() if r.startswith(("reports/", "section/"))]
    with cached:
        for host, url in pages[:20]:
            expected = fetch(live + url, host)
            for _ in range(2):  # a miss, then a hit
                status, _, body = cached.get(host, url)
                assert status == 200 and body == expected[2], f"{host}{url}"
        assert (
            cached.get("www.spacewar.com", "/search/?q=mars")[0]
            == fetch(live + "/search/?q=mars", "www.spacewar.com")[0]
        )
