"""Sources in the network file can be hot folders, with a category and a homepage."""

import pytest

from wiredesk.network.loader import NetworkFileError, parse_network

BASE = """
[network]
name = "N"
default_site = "a"

[[sites]]
key = "a"
domain = "a.example"
name = "A"

[[sources]]
name = "drop"
location = "{location}"
{extra}
"""


def test_hot_folder_category_and_homepage(tmp_path):
    spec = parse_network(
        BASE.format(
            location="drop",
            extra='hot_folder = true\ncategory = "agencies"\nhomepage = "https://example.com/"',
        ),
        base_dir=tmp_path,
    )
    (source,) = spec.sources
    assert source.hot_folder is True
    assert source.category == "agencies"
    assert source.homepage == "https://example.com/"


@pytest.mark.parametrize(
    "location,extra,message",
    [
        ("https://example.com/feed", "hot_folder = true", "only a folder can be a hot folder"),
        ("drop", 'homepage = "ftp://example.com"', r"is not an http\(s\) URL"),
    ],
)
def test_bad_source_options(tmp_path, location, extra, message):
    with pytest.raises(NetworkFileError, match=message):
        parse_network(BASE.format(location=location, extra=extra), base_dir=tmp_path)


@pytest.mark.parametrize("key", ["atom", "sitemap", "news-sitemap", "sitemap-stories"])
def test_site_keys_that_would_shadow_outputs_are_refused(tmp_path, key):
    text = BASE.format(location="drop", extra="").replace('key = "a"', f'key = "{key}"')
    text = text.replace('default_site = "a"', f'default_site = "{key}"')
    with pytest.raises(NetworkFileError, match="is reserved"):
        parse_network(text, base_dir=tmp_path)
