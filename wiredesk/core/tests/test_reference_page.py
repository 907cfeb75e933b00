"""The reference page of ../shared/seed, rebuilt from its AFP wire item through the real path.

The test reads the page text at run time (it is AFP's copyright and never enters the repo),
writes the NewsML-G2 item AFP would have sent, ingests it into the demo network with the
``ingest`` command, and checks that the story went to SpaceWar and that its article page shows
the seven elements of ../shared/seed/README.md in order, each box filled from its sister site.
"""

import re
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from django.core.management import call_command
from lxml import html

from wiredesk.stories.models import Story

SEED = Path(__file__).resolve().parents[3] / ".." / "shared" / "seed" / "000_99a9fc30c061a1a6.txt"
# which site (and section) must feed each box of the reference page, in order
BOX_FEEDS = [
    ("Space News from SpaceDaily.com", "spacedaily", None),
    ("24/7 Energy News Coverage", "energydaily", None),
    ("Military Space News, Nuclear Weapons, Missile Defense", "spacewar", "military-space"),
    ("24/7 News Coverage", "terradaily", None),
]

pytestmark = pytest.mark.skipif(
    not SEED.is_file(),
    reason="../shared/seed is absent (a fresh clone has no ../shared); CI has it",
)


def read_seed() -> dict:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    site_line, headline, dateline = lines[0].strip(), lines[1].strip(), lines[2].strip()
    ad_at = next(i for i, line in enumerate(lines) if line.strip() == "ADVERTISEMENT")
    paragraphs = [line.strip() for line in lines[3:ad_at] if line.strip()]
    rights = next(line.strip() for line in reversed(lines) if line.strip())
    box_titles = [title for title, _, _ in BOX_FEEDS if title in lines[ad_at:]]
    return {
        "site_line": site_line,
        "headline": headline,
        "dateline": dateline,
        "paragraphs": paragraphs,
        "rights": rights,
        "box_titles": box_titles,
    }


def newsml_g2_item(seed: dict) -> str:
    """The AFP NewsML-G2 news item behind the page: dateline and date as on the page."""
    place_and_date = seed["dateline"].split(" (AFP)")[0]  # "Washington, Oct 24"
    body = "".join(f"<p>{escape(p)}</p>" for p in seed["paragraphs"])
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"
  guid="urn:newsml:afp.com:20231024:reference-page" version="1"
  standard="NewsML-G2" standardversion="2.29" xml:lang="en">
  <rightsInfo>
    <copyrightHolder literal="AFP"><name>Agence France-Presse</name></copyrightHolder>
  </rightsInfo>
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider qcode="nprov:AFP"><name>AFP</name></provider>
    <versionCreated>2023-10-24T15:02:00Z</versionCreated>
    <firstCreated>2023-10-24T15:00:00Z</firstCreated>
    <pubStatus qcode="stat:usable"/>
  </itemMeta>
  <contentMeta>
    <urgency>4</urgency>
    <language tag="en"/>
    <headline>{escape(seed["headline"])}</headline>
    <by>AFP Staff Writers</by>
    <dateline>{escape(place_and_date)} (AFP)</dateline>
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/xhtml+xml">
      <html xmlns="http://www.w3.org/1999/xhtml"><head><title/></head><body>{body}</body></html>
    </inlineXML>
  </contentSet>
</newsItem>
"""


def text_of(element) -> str:
    return " ".join(element.text_content().split())


def test_reference_page_is_rebuilt_from_its_wire_item(demo_wire, tmp_path, client):
    seed = read_seed()
    assert len(seed["paragraphs"]) == 5 and len(seed["box_titles"]) == 4
    item = tmp_path / "afp-reference.xml"
    item.write_text(newsml_g2_item(seed), encoding="utf-8")

    call_command("ingest", str(item), "--source", "afp-wire")

    story = Story.objects.get(external_id="urn:newsml:afp.com:20231024:reference-page")
    assert story.state == "published"
    assert story.primary_site.key == "spacewar"
    assert story.agency.key == "AFP"

    path = f"/reports/{story.slug}_{story.pk}.html"
    assert story.slug == re.sub(r"[^\w ]", "", seed["headline"]).replace(" ", "_")
    response = client.get(path, HTTP_HOST="spacewar.localhost")
    assert response.status_code == 200
    page = html.fromstring(response.content)

    def one(selector):
        found = page.cssselect(selector)
        assert len(found) == 1, f"expected one {selector}, found {len(found)}"
        return found[0]

    elements = {
        "site": one(".site-name"),
        "headline": one("h1.headline"),
        "dateline": one(".dateline"),
        "body": one(".article-body"),
        "ad": one(".ad-zone"),
        "boxes": one(".headline-boxes"),
        "rights": one(".rights-notice"),
    }
    # 1 site name and tagline
    site_name, tagline = seed["site_line"].split(" - ", 1)
    assert text_of(elements["site"]) == site_name
    assert text_of(one(".site-tagline")) == tagline
    # 2 headline, 3 dateline, 4 body
    assert text_of(elements["headline"]) == seed["headline"]
    assert text_of(elements["dateline"]).startswith(seed["dateline"])
    body_paragraphs = [text_of(p) for p in elements["body"].cssselect("p")]
    assert body_paragraphs == seed["paragraphs"]
    # 5 ad slot
    assert "ADVERTISEMENT" in text_of(elements["ad"])
    # 6 boxes: titles in order, three headlines each, from the right sister site or section
    boxes = elements["boxes"].cssselect("section.headline-box")
    assert [text_of(box.cssselect("h2")[0]) for box in boxes] == seed["box_titles"]
    shown_ids = [story.pk]
    for box, (title, site_key, section_key) in zip(boxes, BOX_FEEDS, strict=True):
        links = box.cssselect("a")
        assert len(links) == 3, f"box {title!r} has {len(links)} headlines"
        for link in links:
            story_id = int(re.search(r"_(\d+)\.html$", link.get("href")).group(1))
            shown_ids.append(story_id)
            boxed = Story.objects.get(pk=story_id)
            placement = boxed.placements.get(site__key=site_key)
            assert placement.state == "published"
            if section_key:
                assert placement.section.key == section_key
            assert text_of(link) == boxed.headline
        dates = [
            Story.objects.get(
                pk=int(re.search(r"_(\d+)\.html$", a.get("href")).group(1))
            ).published_at
            for a in links
        ]
        assert dates == sorted(dates, reverse=True), f"box {title!r} is not newest first"
    assert len(shown_ids) == len(set(shown_ids)), "a story appears twice on the page"
    # 7 rights notice
    assert text_of(elements["rights"]).startswith(
        "All rights reserved. Copyright Agence France-Presse."
    )

    # and all seven in the page's order
    order = {el: i for i, el in enumerate(page.iter())}
    positions = [
        order[elements[name]]
        for name in ("site", "headline", "dateline", "body", "ad", "boxes", "rights")
    ]
    assert positions == sorted(positions)
