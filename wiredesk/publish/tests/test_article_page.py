"""The article page shows the reference page's elements in its order, with no story twice."""

from datetime import timedelta

import pytest

from wiredesk.network.models import HeadlineBox
from wiredesk.publish.permalinks import story_url

from .factories import BASE_TIME
from .pages import by_class, document_order, get, parse, text


@pytest.fixture
def article_page(client, network, make_story):
    spacewar, spacedaily, energy = network["spacewar"], network["spacedaily"], network["energy"]
    article = make_story(spacewar, "Envoy urges allies to guard bases", 0, network["military"])
    daily = [make_story(spacedaily, f"Space story {n}", 10 + n) for n in range(5)]
    power = [make_story(energy, f"Energy story {n}", 20 + n) for n in range(5)]
    war = [
        make_story(spacewar, f"Military story {n}", 30 + n, network["military"]) for n in range(5)
    ]
    for n in range(2):
        make_story(spacewar, f"Nuclear story {n}", 40 + n, network["nuclear"])
    boxes = [
        ("Space News from SpaceDaily.com", spacedaily, None),
        ("24/7 Energy News Coverage", energy, None),
        ("Military Space News", spacewar, network["military"]),
        ("24/7 News Coverage", spacewar, None),
    ]
    for position, (title, source_site, source_section) in enumerate(boxes):
        HeadlineBox.objects.create(
            site=spacewar,
            title=title,
            source_site=source_site,
            source_section=source_section,
            count=3,
            position=position,
        )
    response = get(client, story_url(article, spacewar))
    return {
        "response": response,
        "doc": parse(response),
        "article": article,
        "daily": daily,
        "power": power,
        "war": war,
    }


@pytest.mark.django_db
def test_elements_appear_in_reference_order(article_page):
    assert article_page["response"].status_code == 200
    doc = article_page["doc"]
    elements = [
        by_class(doc, "site-name")[0],
        by_class(doc, "site-tagline")[0],
        by_class(doc, "headline", "h1")[0],
        by_class(doc, "dateline")[0],
        by_class(doc, "article-body")[0],
        by_class(doc, "ad-zone")[0],
        by_class(doc, "headline-boxes")[0],
        doc.xpath("//footer//*[contains(@class, 'rights-notice')]")[0],
    ]
    positions = document_order(doc, elements)
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_article_texts(article_page):
    doc = article_page["doc"]
    assert text(by_class(doc, "site-name")[0]) == "SpaceWar.com"
    assert text(by_class(doc, "site-tagline")[0]) == "Your World At War"
    assert doc.findtext(".//title") == "Envoy urges allies to guard bases - SpaceWar.com"
    assert text(by_class(doc, "headline", "h1")[0]) == "Envoy urges allies to guard bases"
    # 18:00 UTC is still Oct 24 in New York, SpaceWar's zone
    assert text(by_class(doc, "dateline")[0]) == "Washington, Oct 24 (AFP) Oct 24, 2023"
    assert text(by_class(doc, "byline")[0]) == "by AFP Staff Writers"
    assert not by_class(doc, "updated")
    assert len(by_class(doc, "article-body")[0].findall("p")) == 2
    assert text(by_class(doc, "ad-label")[0]) == "ADVERTISEMENT"
    assert by_class(doc, "test-ad"), "the ad zone's trusted HTML is rendered as HTML"
    notice = text(by_class(doc, "rights-notice")[0])
    assert notice == "Test rights notice for Agence France-Presse copy."


@pytest.mark.django_db
def test_page_head_and_chrome(article_page):
    doc = article_page["doc"]
    article = article_page["article"]
    canonical = doc.xpath("//link[@rel='canonical']/@href")
    assert canonical == [f"http://spacewar.localhost/reports/{article.slug}_{article.pk}.html"]
    assert doc.xpath("//meta[@name='viewport']")
    assert doc.get("lang") == "en"
    nav = [text(a) for a in doc.xpath("//nav[@aria-label='Sections']//a")]
    assert nav == ["Home", "Military", "Nuclear"]
    sisters = [text(a) for a in doc.xpath("//nav[@aria-label='Sister sites']//a")]
    assert sisters == ["SpaceDaily.com", "Energy-Daily.com"]


@pytest.mark.django_db
def test_boxes_in_order_full_newest_first_and_never_repeat(article_page):
    doc = article_page["doc"]
    boxes = by_class(doc, "headline-box", "section")
    titles = [text(box.find("h2")) for box in boxes]
    assert titles == [
        "Space News from SpaceDaily.com",
        "24/7 Energy News Coverage",
        "Military Space News",
        "24/7 News Coverage",
    ]
    links = [[(text(a), a.get("href")) for a in box.iter("a")] for box in boxes]
    assert all(len(box) == 3 for box in links)
    headlines = [headline for box in links for headline, _ in box]
    assert len(headlines) == len(set(headlines))
    assert "Envoy urges allies to guard bases" not in headlines
    assert [h for h, _ in links[0]] == ["Space story 0", "Space story 1", "Space story 2"]
    assert [h for h, _ in links[2]] == ["Military story 0", "Military story 1", "Military story 2"]
    # the general SpaceWar box skips the article and the military box's stories
    assert [h for h, _ in links[3]] == ["Military story 3", "Military story 4", "Nuclear story 0"]
    daily = article_page["daily"][0]
    assert links[0][0][1] == f"http://spacedaily.localhost/reports/{daily.slug}_{daily.pk}.html"


@pytest.mark.django_db
def test_updated_story_shows_marker_and_date(client, network, make_story):
    story = make_story(
        network["spacewar"],
        "Revised story",
        revision_count=2,
        modified_at=BASE_TIME + timedelta(days=1),
    )
    doc = parse(get(client, story_url(story, network["spacewar"])))
    updated = by_class(doc, "updated")
    assert updated and text(updated[0]) == "Updated Oct 25, 2023"
