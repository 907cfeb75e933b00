"""After one new story, ``--incremental`` rewrites a small, bounded set of files (the story's
page, the lists it joins, the box fragments it enters), and the export still equals the
server everywhere."""

from collections import Counter

from wiredesk.export import ssi
from wiredesk.network.models import SiteProfile
from wiredesk.publish import fragments

from .helpers import Exported, add_story, article_url, server_get


def assert_export_equals_server(out):
    exported = Exported(out, None)
    for host, relative, url in exported.pages():
        assert exported.expanded(host, relative) == server_get(host, url).content, (
            f"{host}{url} differs from the server after the incremental run"
        )


def snapshot(out):
    return {
        p.relative_to(out).as_posix(): p.stat().st_mtime_ns
        for p in out.rglob("*")
        if p.is_file() and ".wiredesk-export" not in p.parts
    }


def test_nothing_changed_nothing_written(exported, export_into):
    report = export_into(incremental=True)
    assert report.mode == "incremental"
    assert report.written == 0 and report.removed == 0
    assert report.rendered < 60, "only the clock-bound files and their groups are rendered"


def test_one_new_story_rewrites_a_bounded_set(exported, export_into):
    out = exported.out
    before = snapshot(out)
    story = add_story("spacedaily", "Invented probe reaches an invented moon", "astronomy")
    report = export_into(incremental=True)
    after = snapshot(out)
    changed = {path for path, mtime in after.items() if before.get(path) != mtime}
    total_files = len(after)
    assert report.mode == "incremental"
    assert f"www.spacedaily.com{article_url(story, 'spacedaily')}" in changed
    assert "www.spacedaily.com/index.html" in changed
    assert "www.spacedaily.com/spacedaily.xml" in changed
    # every other site boxing SpaceDaily gets a new fragment, not new article pages
    box_files = {p for p in changed if "/_fragments/" in p}
    assert len(box_files) >= 4, changed
    # article pages rewritten: the new one, and those whose story its own site's boxes show
    # (they inline the boxes, leaving themselves out); bounded by the boxes' sizes
    articles = {p for p in changed if "/reports/" in p}
    boxed = {
        f"{profile.domain}{article_url(s, profile.key)}"
        for profile in SiteProfile.objects.all()
        for _, stories in fragments.shared_boxes(profile)
        for s in stories
    }
    new_page = f"www.spacedaily.com{article_url(story, 'spacedaily')}"
    assert articles - boxed - {new_page} == set(), sorted(articles - boxed)
    assert len(changed) <= 50 and len(changed) < total_files / 4, sorted(changed)
    assert report.written == len(changed)
    kinds = Counter(p.split("/", 1)[1].split("/", 1)[0] for p in changed)
    assert kinds, kinds
    assert_export_equals_server(out)


def test_an_article_shown_in_its_own_sites_boxes_is_inlined_and_follows_them(exported, export_into):
    # SpaceWar boxes its own military-space section: a new story there enters SpaceWar's box
    older = add_story("spacewar", "Invented satellite alert one", "military-space", 5)
    export_into(incremental=True)
    page = exported.file("www.spacewar.com", article_url(older, "spacewar")).read_bytes()
    assert not ssi.includes(page), "a story in its own site's boxes cannot use the fragment"
    for number in range(3):
        add_story("spacewar", f"Invented satellite alert {number + 2}", "military-space")
    export_into(incremental=True)
    page = exported.file("www.spacewar.com", article_url(older, "spacewar")).read_bytes()
    assert ssi.includes(page), "pushed out of the boxes, the page uses the fragment again"
    assert_export_equals_server(exported.out)


def test_a_section_that_grows_a_page(exported, export_into):
    for number in range(21):
        add_story("spacedaily", f"Invented launch report {number}", "astronomy", minutes_ago=number)
    export_into(incremental=True)
    assert exported.file("www.spacedaily.com", "/section/astronomy/?page=2").is_file()
    assert_export_equals_server(exported.out)
