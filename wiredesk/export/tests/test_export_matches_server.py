"""Every exported page, feed and sitemap, with its SSI includes expanded, is byte for byte
what the server renders for the same URL."""

from wiredesk.export import ssi

from .helpers import server_get


def test_every_exported_file_equals_the_server_response(exported):
    compared = 0
    for host, relative, url in exported.pages():
        response = server_get(host, url)
        assert response.status_code == 200, f"{host}{url} answered {response.status_code}"
        assert exported.expanded(host, relative) == response.content, f"{host}{url} differs"
        compared += 1
    assert compared > 150


def test_article_pages_include_the_shared_boxes_with_ssi(exported):
    articles = [(h, r) for h, r, _ in exported.pages() if "/reports/" in f"/{r}"]
    with_ssi = [(h, r) for h, r in articles if ssi.includes((exported.out / h / r).read_bytes())]
    assert len(articles) > 40
    # most articles share their site's fragment; the few that its boxes show inline them
    assert len(with_ssi) >= 0.7 * len(articles)
    for host, relative in with_ssi:
        (url,) = ssi.includes((exported.out / host / relative).read_bytes())
        assert url.endswith("/article-boxes.html") and url.startswith("/_fragments/")
        assert exported.file(host, url).is_file()


def test_the_server_serves_the_fragment_it_inlines(exported):
    response = server_get("www.spacewar.com", "/_fragments/spacewar/article-boxes.html")
    assert response.status_code == 200
    assert b'class="headline-box"' in response.content
    assert (
        response.content
        == exported.file("www.spacewar.com", "/_fragments/spacewar/article-boxes.html").read_bytes()
    )
    assert (
        server_get("www.spacewar.com", "/_fragments/spacedaily/article-boxes.html").status_code
        == 404
    )


def test_every_site_has_its_feeds_sitemaps_and_robots(exported):
    for host, key in (("www.spacewar.com", "spacewar"), ("www.spacedaily.com", "spacedaily")):
        for url in (
            "/",
            f"/{key}.xml",
            "/atom.xml",
            "/feed.json",
            "/robots.txt",
            "/sitemap.xml",
            "/sitemap-stories.xml",
            "/sitemap-pages.xml",
            "/news-sitemap.xml",
        ):
            assert exported.file(host, url).is_file(), f"{host}{url} was not exported"
    assert exported.file("localhost", "/").is_file(), "the network index"
