"""``/robots.txt`` keeps crawlers out of the desk and admin and points to the site's sitemaps."""

import pytest

from .pages import get


@pytest.mark.django_db
def test_robots_points_to_the_site_sitemaps(client, network):
    response = get(client, "/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /desk/" in lines and "Disallow: /admin/" in lines
    assert [line for line in lines if line.startswith("Sitemap:")] == [
        "Sitemap: http://spacewar.localhost/sitemap.xml",
        "Sitemap: http://spacewar.localhost/news-sitemap.xml",
    ]


@pytest.mark.django_db
def test_each_site_names_its_own_sitemaps(client, network):
    body = get(client, "/robots.txt", host="www.spacedaily.com").content.decode()
    assert "Sitemap: http://www.spacedaily.com/sitemap.xml" in body
    assert "spacewar" not in body


@pytest.mark.django_db
def test_sitemaps_named_in_robots_exist(client, network):
    body = get(client, "/robots.txt").content.decode()
    for line in body.splitlines():
        if line.startswith("Sitemap: "):
            path = line.removeprefix("Sitemap: http://spacewar.localhost")
            assert get(client, path).status_code == 200, path


@pytest.mark.django_db
def test_network_index_host_has_no_sitemap_lines(client, network):
    response = get(client, "/robots.txt", host="localhost")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Disallow: /desk/" in body
    assert "Sitemap:" not in body
