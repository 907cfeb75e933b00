"""A story ingested through the whole pipeline shows on its site's cached front page.

Routing names the sites it placed a chunk's stories on, so the cache is invalidated from
those sites without asking the database which sites the stories are on; this checks that
the front page a reader gets from the cache still changes, and that a site the story was not
placed on keeps its cached page.
"""

import pytest

from wiredesk.ingest.models import Source
from wiredesk.ingest.pipeline import ingest_files
from wiredesk.stories.models import Story, StoryState

pytestmark = pytest.mark.usefixtures("page_cache")

FEED = b"""<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Wire</title>
<item><title>Army deploys new missile defense troops along the northern border</title>
<guid isPermaLink='false'>cache-test-1</guid><pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate>
<description>WASHINGTON (AFP) - The army moved missile defense troops and weapons north, the
Pentagon said, in the largest military deployment of the year.</description></item>
</channel></rss>"""


def test_an_ingested_story_changes_the_cached_front_page_of_its_site(
    client, demo_network, tmp_path
):
    war, energy = "www.spacewar.com", "www.energy-daily.com"
    before = client.get("/", HTTP_HOST=war).content.decode()
    energy_before = client.get("/", HTTP_HOST=energy).content
    assert "northern border" not in before

    path = tmp_path / "wire.xml"
    path.write_bytes(FEED)
    source = Source.objects.create(name="cache-wire", location="", enabled=False)
    report = ingest_files(source, [path])
    assert report.new == 1
    story = Story.objects.get(external_id="cache-test-1")
    assert story.state == StoryState.PUBLISHED and story.primary_site.key == "spacewar"

    assert "northern border" in client.get("/", HTTP_HOST=war).content.decode()
    assert not story.placements.filter(site__key="energydaily").exists()
    assert client.get("/", HTTP_HOST=energy).content == energy_before
