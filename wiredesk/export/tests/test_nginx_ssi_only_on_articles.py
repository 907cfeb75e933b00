"""nginx assembles (SSI) article pages only: fronts, section pages and feeds are sent as the
plain files they are (with a length and validators, through ``sendfile``), and the 410/301
look-ups happen in the article location, where gone and moved URLs are.

Needs Debian's nginx (``apt-get install nginx``); skips saying so when it is absent (CI
installs it)."""

import pytest

from wiredesk.export.nginxconf import ARTICLE_LOCATION, Nginx, documented_block, nginx_binary

pytestmark = pytest.mark.django_db


@pytest.fixture
def nginx(exported, running_in_ci, tmp_path):
    if nginx_binary() is None:
        if running_in_ci:
            pytest.fail("CI: nginx is not installed (apt-get install nginx)", pytrace=False)
        pytest.skip("nginx is not installed (apt-get install nginx)")
    with Nginx(exported.out, "127.0.0.1:9", tmp_path / "nginx") as server:  # nothing proxied
        yield exported, server


def test_only_article_pages_are_assembled(nginx):
    exported, server = nginx
    host = "www.spacewar.com"
    files = [(r, u) for h, r, u in exported.pages() if h == host]
    articles = [u for r, u in files if b"<!--# include" in (exported.out / host / r).read_bytes()]
    others = [u for r, u in files if not r.startswith("reports/")]
    assert articles and any(u == "/" for u in others) and any("/section/" in u for u in others)
    for url in articles:
        status, headers, body = server.get(host, url)
        assert status == 200 and b"<!--#" not in body, url
        assert headers.get("Transfer-Encoding") == "chunked", url
    for url in others:
        status, headers, body = server.get(host, url)
        assert status == 200, url
        assert "Transfer-Encoding" not in headers, f"{url} went through SSI"
        assert int(headers["Content-Length"]) == len(body) and "ETag" in headers, url


def test_gone_and_moved_are_checked_in_the_article_location_only():
    server = documented_block()
    start = server.index(ARTICLE_LOCATION)
    head, article = server[:start], server[start:]
    assert "if ($wiredesk_gone)" not in head and "if ($wiredesk_moved)" not in head
    assert "if ($wiredesk_gone)" in article.split("\n    }\n")[0]
    assert "ssi on;" not in head, "SSI is switched on for the whole server"
