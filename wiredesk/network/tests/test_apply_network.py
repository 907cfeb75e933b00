"""Applying a network file: everything it declares exists afterwards, loading twice changes
nothing, a failed load writes nothing, and --prune removes what the file no longer names."""

from datetime import UTC, datetime

import pytest
from django.contrib.sites.models import Site
from django.db import connection

from wiredesk.ingest.models import Source
from wiredesk.network import apply as apply_module
from wiredesk.network.apply import NetworkApplyError, apply_network
from wiredesk.network.loader import load_network_file, parse_network
from wiredesk.network.models import AdZone, Agency, HeadlineBox, Section, SiteProfile
from wiredesk.network.resolver import network_generation
from wiredesk.routing.models import Rule
from wiredesk.stories.models import Story

from .conftest import SMALL

pytestmark = pytest.mark.django_db


def db_counts() -> dict[str, int]:
    return {
        "sites": SiteProfile.objects.count(),
        "sections": Section.objects.count(),
        "boxes": HeadlineBox.objects.count(),
        "ad_zones": AdZone.objects.count(),
        "agencies": Agency.objects.count(),
        "sources": Source.objects.count(),
        "rules": Rule.objects.count(),
    }


def snapshot() -> dict:
    """Every row the loader writes, as plain values."""
    models = [Site, SiteProfile, Section, HeadlineBox, AdZone, Agency, Source, Rule]
    return {m.__name__: sorted(map(repr, m.objects.values_list())) for m in models}


def small(tmp_path, text=SMALL):
    return parse_network(text, filename="network.toml", base_dir=tmp_path)


def test_loading_the_demo_network_creates_everything_it_declares(demo_file):
    spec = load_network_file(demo_file)
    report = apply_network(spec)
    declared = spec.counts()
    assert db_counts() == declared
    assert report.created == sum(declared.values())
    assert (report.updated, report.unchanged, report.deleted) == (0, 0, 0)
    assert Site.objects.count() == declared["sites"]
    assert list(SiteProfile.objects.values_list("key", flat=True)) == [s.key for s in spec.sites]
    assert list(SiteProfile.objects.filter(is_default=True).values_list("key", flat=True)) == [
        spec.default_site
    ]
    assert list(Rule.objects.values_list("name", "position")) == [
        (r.name, i) for i, r in enumerate(spec.rules)
    ]
    for source in spec.sources:
        stored = Source.objects.get(name=source.name)
        assert stored.location == source.location
        assert stored.agency.key == source.agency


def test_the_small_network_is_stored_field_for_field(tmp_path):
    apply_network(small(tmp_path))
    alpha = SiteProfile.objects.select_related("site").get(key="alpha")
    beta = SiteProfile.objects.get(key="beta")
    assert (alpha.site.domain, alpha.site.name, alpha.is_default) == (
        "alpha.example.org",
        "Alpha",
        True,
    )
    assert (beta.time_zone, beta.position, beta.is_default) == ("Europe/Paris", 1, False)
    box = beta.boxes.get()
    assert (box.title, box.source_site, box.source_section.key, box.count) == (
        "Alpha news",
        alpha,
        "news",
        5,
    )
    assert alpha.boxes.get().source_section is None
    assert Section.objects.get(site=beta, key="science").keywords == ["telescope", "galaxy"]
    assert AdZone.objects.get(site=alpha, key="top").label == "ADVERTISEMENT"
    rule = Rule.objects.get(name="Science to Beta")
    assert rule.action["site"] == "beta" and rule.match == {"keywords": ["telescope"]}
    assert Source.objects.get().location == str(tmp_path / "wire" / "afp")


def test_summary_line(tmp_path):
    report = apply_network(small(tmp_path))
    assert report.summary() == (
        "Loaded network 'Test Network': 2 sites, 2 sections, 2 boxes, 1 ad zone, 1 agency, "
        "1 source, 2 rules (created 11, updated 0)"
    )


def test_loading_twice_changes_nothing(demo_file):
    spec = load_network_file(demo_file)
    apply_network(spec)
    before = snapshot()
    report = apply_network(load_network_file(demo_file))
    assert (report.created, report.updated, report.deleted, report.disabled) == (0, 0, 0, 0)
    assert report.unchanged == sum(spec.counts().values())
    assert not report.changed
    assert snapshot() == before


def test_changes_are_updates_in_place(tmp_path):
    apply_network(small(tmp_path))
    ids = {p.key: (p.pk, p.site_id) for p in SiteProfile.objects.all()}
    changed = (
        SMALL.replace('name = "Alpha"', 'name = "Alpha!"\ntagline = "New"')
        .replace('domain = "beta.example.org"', 'domain = "www.beta.example.org"')
        .replace('name = "News"', 'name = "World News"')
        .replace("count = 5", "count = 4")
        .replace('default_site = "alpha"', 'default_site = "beta"')
    )
    report = apply_network(small(tmp_path, changed))
    assert (report["sites"].updated, report["sections"].updated, report["boxes"].updated) == (
        2,
        1,
        1,
    )
    assert report.created == 0
    assert {p.key: (p.pk, p.site_id) for p in SiteProfile.objects.all()} == ids
    alpha = SiteProfile.objects.get(key="alpha")
    assert (alpha.site.name, alpha.tagline, alpha.is_default) == ("Alpha!", "New", False)
    assert SiteProfile.objects.get(key="beta").site.domain == "www.beta.example.org"
    assert SiteProfile.objects.get(is_default=True).key == "beta"


def test_rules_are_ordered_as_in_the_file(tmp_path):
    apply_network(small(tmp_path))
    first, second = SMALL.split("[[rules]]")[1:]
    swapped = SMALL.split("[[rules]]")[0] + "[[rules]]" + second + "\n[[rules]]" + first
    apply_network(small(tmp_path, swapped))
    assert list(Rule.objects.values_list("name", flat=True)) == ["Reject sport", "Science to Beta"]


def test_a_sites_boxes_are_replaced_in_order(tmp_path):
    three = SMALL.replace(
        '  [[sites.boxes]]\n  title = "From Beta"\n  site = "beta"\n',
        "".join(
            f'  [[sites.boxes]]\n  title = "Box {n}"\n  site = "beta"\n' for n in ("A", "B", "C")
        ),
    )
    apply_network(small(tmp_path, three))
    alpha = SiteProfile.objects.get(key="alpha")
    assert list(alpha.boxes.values_list("title", "position")) == [
        ("Box A", 0),
        ("Box B", 1),
        ("Box C", 2),
    ]
    one = SMALL.replace('title = "From Beta"', 'title = "Box C"')
    report = apply_network(small(tmp_path, one))
    assert list(alpha.boxes.values_list("title", "position")) == [("Box C", 0)]
    assert (report["boxes"].updated, report["boxes"].deleted) == (1, 2)


def test_a_failed_load_writes_nothing(tmp_path, monkeypatch):
    before = snapshot()

    def explode(self):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(apply_module._Applier, "apply_rules", explode)
    with pytest.raises(RuntimeError):
        apply_network(small(tmp_path))
    assert snapshot() == before
    assert SiteProfile.objects.count() == 0


def test_a_failed_second_load_leaves_the_first_intact(tmp_path, monkeypatch):
    apply_network(small(tmp_path))
    before = snapshot()
    changed = SMALL.replace('name = "Alpha"', 'name = "Changed"').replace(
        'name = "News"', 'name = "Changed"'
    )
    monkeypatch.setattr(
        apply_module._Applier, "apply_sources", lambda self: (_ for _ in ()).throw(OSError("x"))
    )
    with pytest.raises(OSError):
        apply_network(small(tmp_path, changed))
    assert snapshot() == before


def test_a_domain_held_by_a_site_outside_the_file_is_refused(tmp_path):
    other = Site.objects.create(domain="old.example.org", name="Old")
    SiteProfile.objects.create(site=other, key="old")
    before = snapshot()
    text = SMALL.replace("beta.example.org", "old.example.org")
    with pytest.raises(NetworkApplyError) as caught:
        apply_network(small(tmp_path, text))
    assert str(caught.value) == (
        "site 'beta': domain 'old.example.org' belongs to site 'old', which the file does not "
        "name; change that site's domain first"
    )
    assert snapshot() == before


def test_sites_may_swap_domains(tmp_path):
    apply_network(small(tmp_path))
    swapped = (
        SMALL.replace("alpha.example.org", "TMP")
        .replace("beta.example.org", "alpha.example.org")
        .replace("TMP", "beta.example.org")
    )
    apply_network(small(tmp_path, swapped))
    domains = dict(SiteProfile.objects.values_list("key", "site__domain"))
    assert domains == {"alpha": "beta.example.org", "beta": "alpha.example.org"}
    assert Site.objects.count() == 2


def test_a_bare_site_with_the_domain_is_adopted(tmp_path):
    bare = Site.objects.create(domain="alpha.example.org", name="Something")
    apply_network(small(tmp_path))
    assert SiteProfile.objects.get(key="alpha").site_id == bare.pk
    assert Site.objects.get(pk=bare.pk).name == "Alpha"


def test_the_untouched_example_site_is_removed_but_an_edited_one_is_kept(tmp_path):
    Site.objects.all().delete()
    Site.objects.create(domain="example.com", name="example.com")
    apply_network(small(tmp_path))
    assert not Site.objects.filter(domain="example.com").exists()

    Site.objects.create(domain="example.com", name="My test site")
    apply_network(small(tmp_path))
    assert Site.objects.filter(domain="example.com").exists()


def test_exactly_one_default_site(tmp_path):
    stray = Site.objects.create(domain="stray.example.org", name="Stray")
    SiteProfile.objects.create(site=stray, key="stray", is_default=True)
    apply_network(small(tmp_path))
    assert list(SiteProfile.objects.filter(is_default=True).values_list("key", flat=True)) == [
        "alpha"
    ]


def test_loading_bumps_the_network_generation(tmp_path):
    before = network_generation()
    apply_network(small(tmp_path))
    assert network_generation() > before


def test_one_load_is_a_bounded_number_of_queries(demo_file):
    from django.test.utils import CaptureQueriesContext

    spec = load_network_file(demo_file)
    apply_network(spec)
    with CaptureQueriesContext(connection) as queries:
        apply_network(spec)
    assert len(queries) < 150


# -- pruning --------------------------------------------------------------------------------

PRUNED = (
    SMALL.replace('  [[sites.ads]]\n  key = "top"\n', "")
    .replace('  [[sites.sections]]\n  key = "news"\n  name = "News"\n', "")
    .replace('  section = "news"\n', "")
    .replace('[[sources]]\nname = "afp-wire"\nagency = "AFP"\nlocation = "wire/afp"\n', "")
    .replace('[[rules]]\nname = "Reject sport"\nstop = true\n', '[[rules]]\nname = "Sport"\n')
)


def test_without_prune_nothing_is_deleted(tmp_path):
    apply_network(small(tmp_path))
    report = apply_network(small(tmp_path, PRUNED))
    assert report.deleted == 0
    assert Section.objects.filter(key="news").exists()
    assert AdZone.objects.filter(key="top").exists()
    assert Source.objects.filter(name="afp-wire").exists()
    assert Rule.objects.filter(name="Reject sport").exists()


def test_prune_deletes_what_the_file_no_longer_names(tmp_path):
    apply_network(small(tmp_path))
    report = apply_network(small(tmp_path, PRUNED), prune=True)
    assert not Section.objects.filter(key="news").exists()
    assert not AdZone.objects.exists()
    assert not Source.objects.exists()
    assert list(Rule.objects.values_list("name", flat=True)) == ["Science to Beta", "Sport"]
    assert (report["sections"].deleted, report["ad_zones"].deleted) == (1, 1)
    assert (report["sources"].deleted, report["rules"].deleted) == (1, 1)
    assert report.summary().endswith("(created 1, updated 1, deleted 4)")
    assert SiteProfile.objects.count() == 2 and Agency.objects.count() == 1


def test_prune_disables_a_source_that_has_stories(tmp_path):
    apply_network(small(tmp_path))
    source = Source.objects.get(name="afp-wire")
    Story.objects.create(
        source=source,
        external_id="urn:1",
        headline="A story",
        slug="A_story",
        dated_at=datetime(2024, 1, 1, tzinfo=UTC),
    )
    report = apply_network(small(tmp_path, PRUNED), prune=True)
    source.refresh_from_db()
    assert source.enabled is False
    assert (report["sources"].deleted, report["sources"].disabled) == (0, 1)
    assert "disabled 1" in report.summary()
    # Naming it again brings it back.
    apply_network(small(tmp_path))
    source.refresh_from_db()
    assert source.enabled is True


def test_a_moved_source_forgets_its_http_validators(tmp_path):
    apply_network(small(tmp_path))
    Source.objects.update(etag='"abc"', last_modified="Mon, 01 Jan 2024 00:00:00 GMT")
    apply_network(small(tmp_path, SMALL.replace("wire/afp", "https://example.org/afp.xml")))
    source = Source.objects.get()
    assert (source.location, source.etag, source.last_modified) == (
        "https://example.org/afp.xml",
        "",
        "",
    )
