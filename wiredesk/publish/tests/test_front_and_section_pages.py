"""A site's front page (lead, sections, latest, no story twice) and its paginated sections."""

import pytest

from wiredesk.publish.views import SECTION_PAGE_SIZE

from .pages import by_class, get, parse, text


@pytest.mark.django_db
def test_front_page_lead_sections_and_latest(client, network, make_story):
    war = network["spacewar"]
    make_story(war, "Newest of all", 0, network["nuclear"])
    for n in range(7):
        make_story(war, f"Military {n}", 10 + n, network["military"])
    make_story(war, "Unsectioned", 50)
    make_story(network["spacedaily"], "Other site", 1)
    doc = parse(get(client, "/"))
    assert text(doc.xpath("//h2[@class='lead-headline']")[0]) == "Newest of all"
    assert text(by_class(doc, "lead-summary")[0]) == "An invented summary."
    blocks = {
        text(block.find("h2")): [text(a) for a in block.iter("a")][1:]
        for block in by_class(doc, "section-block")
    }
    assert list(blocks) == ["Military"], "empty sections (Nuclear after the lead) are left out"
    assert blocks["Military"] == [f"Military {n}" for n in range(5)]
    latest = [text(a) for a in by_class(doc, "latest")[0].iter("a")]
    assert latest == ["Military 5", "Military 6", "Unsectioned"]
    body = get(client, "/").content.decode()
    assert "Other site" not in body


@pytest.mark.django_db
def test_section_page_paginates_newest_first(client, network, make_story):
    for n in range(SECTION_PAGE_SIZE + 3):
        make_story(network["spacewar"], f"Military item {n}", n, network["military"])
    make_story(network["spacewar"], "Nuclear item", 0, network["nuclear"])
    first = parse(get(client, "/section/military/"))
    items = [text(a) for a in by_class(first, "story-list")[0].iter("a")]
    assert items == [f"Military item {n}" for n in range(SECTION_PAGE_SIZE)]
    assert first.xpath("//nav[@aria-label='Sections']//a[@aria-current='page']")[0].text == (
        "Military"
    )
    second = parse(get(client, "/section/military/?page=2"))
    items = [text(a) for a in by_class(second, "story-list")[0].iter("a")]
    assert items == [f"Military item {n}" for n in range(SECTION_PAGE_SIZE, SECTION_PAGE_SIZE + 3)]
    assert get(client, "/section/military/?page=9").status_code == 404
    assert get(client, "/section/nowhere/").status_code == 404
