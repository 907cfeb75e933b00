"""Publish reproduces the reference SpaceWar.com page (../shared/seed/) from stored parts.

The seed text is AFP's copyright, so it is read at test time and never stored in the repo.
"""

import html
import re
from datetime import UTC, datetime

import pytest
from django.contrib.sites.models import Site

from wiredesk.network.models import AdZone, HeadlineBox, Section
from wiredesk.network.resolver import bump_network_generation
from wiredesk.publish.permalinks import story_url

from .factories import make_site
from .pages import by_class, get, parse, text

SEED_PAGE = "000_99a9fc30c061a1a6.txt"
DATELINE = re.compile(
    r"(?P<place>.+?), (?P<wire>\w{3} \d{1,2}) \((?P<agency>[^)]+)\) (?P<date>\w{3} \d{1,2}, \d{4})"
)


def read_seed(path):
    """The seed page split into its parts (see ../shared/seed/README.md)."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    site_line, headline, dateline = lines[:3]
    ad_at = lines.index("ADVERTISEMENT")
    blocks, current = [], []
    for line in lines[ad_at + 1 :] + [""]:
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    name, tagline = site_line.split(" - ", 1)
    return {
        "name": name,
        "tagline": tagline,
        "headline": headline,
        "dateline": DATELINE.fullmatch(dateline),
        "paragraphs": [line for line in lines[3:ad_at] if line],
        "boxes": blocks[:-1],
        "rights": " ".join(blocks[-1]),
        "visible": [line for line in lines if line],
    }


@pytest.mark.django_db
def test_reference_page_is_reproduced(client, network, afp, make_story, shared_seed):
    seed = read_seed(shared_seed / SEED_PAGE)
    war = network["spacewar"]
    Site.objects.filter(pk=war.site_id).update(name=seed["name"])
    war.refresh_from_db()
    war.tagline = seed["tagline"]
    war.save()
    bump_network_generation()
    AdZone.objects.filter(site=war).update(html="")
    afp.rights_notice = seed["rights"]
    afp.save()
    terra = make_site("terradaily", "TerraDaily.com", position=3)
    space = Section.objects.create(site=war, key="military-space", name="Military Space")
    sources = [
        (network["spacedaily"], None),
        (network["energy"], None),
        (war, space),
        (terra, None),
    ]
    pairs = zip(seed["boxes"], sources, strict=True)
    for position, (box, (source_site, section)) in enumerate(pairs):
        HeadlineBox.objects.create(
            site=war,
            title=box[0],
            source_site=source_site,
            source_section=section,
            count=len(box) - 1,
            position=position,
        )
        for minutes, headline in enumerate(box[1:], start=60 * position + 10):
            make_story(source_site, headline, minutes, section)

    dateline = seed["dateline"]
    published = datetime.strptime(dateline["date"], "%b %d, %Y").replace(hour=18, tzinfo=UTC)
    body = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in seed["paragraphs"])
    article = make_story(
        war,
        seed["headline"],
        section=space,
        published_at=published,
        dated_at=published,
        revision={
            "body_html": body,
            "dateline_place": dateline["place"],
            "dateline_date": dateline["wire"],
        },
    )
    assert article.slug == "Blinken_urges_Iraq_to_pursue_attackers_of_US_forces"

    doc = parse(get(client, story_url(article, war)))
    shown = [
        f"{text(by_class(doc, 'site-name')[0])} - {text(by_class(doc, 'site-tagline')[0])}",
        text(by_class(doc, "headline", "h1")[0]),
        text(by_class(doc, "dateline")[0]),
        *[text(p) for p in by_class(doc, "article-body")[0].iter("p")],
        text(by_class(doc, "ad-label")[0]),
        *[text(e) for box in by_class(doc, "headline-box") for e in box.iter("h2", "li")],
        text(by_class(doc, "rights-notice")[0]),
    ]
    assert shown == seed["visible"]
