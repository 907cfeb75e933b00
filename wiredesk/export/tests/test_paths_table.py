"""URL to file names in the export, and back (a table; no database)."""

import pytest

from wiredesk.export.paths import UnmappableURL, file_for, resolve_href, url_of

TABLE = [
    ("/", "index.html"),
    ("/section/nuclear/", "section/nuclear/index.html"),
    ("/section/nuclear/?page=1", "section/nuclear/page-1.html"),
    ("/section/nuclear/?page=12", "section/nuclear/page-12.html"),
    ("/reports/Some_story_42.html", "reports/Some_story_42.html"),
    ("/Some_story_42.html", "Some_story_42.html"),
    ("/spacewar.xml", "spacewar.xml"),
    ("/section/nuclear/feed.json", "section/nuclear/feed.json"),
    ("/sitemap-stories.xml", "sitemap-stories.xml"),
    ("/sitemap-stories.xml?p=2", "sitemap-stories-p2.xml"),
    ("/_fragments/spacewar/article-boxes.html", "_fragments/spacewar/article-boxes.html"),
]


@pytest.mark.parametrize(("url", "file"), TABLE)
def test_file_for(url, file):
    assert file_for(url) == file


@pytest.mark.parametrize(("url", "file"), TABLE)
def test_url_of_is_the_inverse(url, file):
    assert url_of(file) == url


@pytest.mark.parametrize(
    "url",
    [
        "/section/x/?page=0",
        "/section/x/?page=abc",
        "/x.html?q=mars",
        "/a/../b.html",
        "/x?p=1&page=2",
    ],
)
def test_urls_without_a_file_form(url):
    with pytest.raises(UnmappableURL):
        file_for(url)


HOSTS = {"www.spacewar.com", "www.spacedaily.com"}


@pytest.mark.parametrize(
    ("page", "href", "expected"),
    [
        ("/", "/section/nuclear/", ("www.spacewar.com", "/section/nuclear/")),
        ("/section/nuclear/", "?page=2", ("www.spacewar.com", "/section/nuclear/?page=2")),
        ("/reports/a_1.html", "b_2.html", ("www.spacewar.com", "/reports/b_2.html")),
        ("/", "https://www.spacedaily.com/", ("www.spacedaily.com", "/")),
        ("/", "https://www.spacedaily.com", ("www.spacedaily.com", "/")),
        ("/", "https://example.org/x", None),
        ("/", "mailto:desk@example.org", None),
        ("/", "#main", None),
    ],
)
def test_resolve_href(page, href, expected):
    assert resolve_href("www.spacewar.com", page, href, HOSTS) == expected
