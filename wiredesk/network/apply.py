"""Write a checked network file (a ``NetworkSpec``) to the database, all or nothing.

Everything is matched by its natural key, so loading the same file twice changes nothing:
a site by its key (its ``contrib.sites`` Site is created or its domain and name updated),
a section by (site, key), an ad zone by (site, key), an agency by key, a source and a rule by
name. A site's headline boxes are a list: the file's list replaces the site's boxes in order.
With ``prune=True`` sections, ad zones, sources and rules that the file no longer names are
deleted (a source that has stories is disabled instead). Sites and agencies are never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.sites.models import Site
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError

from .loader import NetworkSpec
from .models import AdZone, Agency, HeadlineBox, Section, SiteProfile
from .resolver import bump_network_generation

KINDS = ("sites", "sections", "boxes", "ad_zones", "agencies", "sources", "rules")
KIND_NAMES = {
    "sites": ("site", "sites"),
    "sections": ("section", "sections"),
    "boxes": ("box", "boxes"),
    "ad_zones": ("ad zone", "ad zones"),
    "agencies": ("agency", "agencies"),
    "sources": ("source", "sources"),
    "rules": ("rule", "rules"),
}


class NetworkApplyError(Exception):
    """The database holds something the file cannot be applied over (one line)."""


@dataclass
class KindReport:
    declared: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    disabled: int = 0


@dataclass
class ApplyReport:
    """What ``apply_network`` did, per kind (``KINDS``) and in total."""

    network: str = ""
    pruned: bool = False
    kinds: dict[str, KindReport] = field(default_factory=lambda: {k: KindReport() for k in KINDS})

    def __getitem__(self, kind: str) -> KindReport:
        return self.kinds[kind]

    def _total(self, attr: str) -> int:
        return sum(getattr(k, attr) for k in self.kinds.values())

    @property
    def created(self) -> int:
        return self._total("created")

    @property
    def updated(self) -> int:
        return self._total("updated")

    @property
    def unchanged(self) -> int:
        return self._total("unchanged")

    @property
    def deleted(self) -> int:
        return self._total("deleted")

    @property
    def disabled(self) -> int:
        return self._total("disabled")

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted or self.disabled)

    def summary(self) -> str:
        """One line: ``Loaded network 'X': 6 sites, ... (created 70, updated 0)``."""
        parts = describe_counts({k: self.kinds[k].declared for k in KINDS})
        changes = f"created {self.created}, updated {self.updated}"
        if self.deleted:
            changes += f", deleted {self.deleted}"
        if self.disabled:
            changes += f", disabled {self.disabled}"
        return f"Loaded network '{self.network}': {parts} ({changes})"


def plural(n: int, singular: str, many: str) -> str:
    return f"{n} {singular if n == 1 else many}"


def describe_counts(counts: dict[str, int]) -> str:
    """``6 sites, 17 sections, ...`` for a dict keyed by ``KINDS``."""
    return ", ".join(plural(counts[k], *KIND_NAMES[k]) for k in KINDS if k in counts)


def apply_network(spec: NetworkSpec, *, prune: bool = False) -> ApplyReport:
    """Create or update everything ``spec`` declares, in one transaction."""
    report = ApplyReport(network=spec.name, pruned=prune)
    for kind, n in spec.counts().items():
        report[kind].declared = n
    with transaction.atomic():
        _Applier(spec, report, prune).run()
    Site.objects.clear_cache()
    bump_network_generation()
    return report


def _sync(model, lookup: dict, values: dict, counts: KindReport, obj=None):
    """Create ``model(**lookup, **values)``, or update the fields of the existing object
    (``obj``, else found by ``lookup``) that differ; count what happened."""
    if obj is None:
        obj = model.objects.filter(**lookup).first()
    if obj is None:
        counts.created += 1
        return model.objects.create(**lookup, **values)
    if _update(obj, values):
        counts.updated += 1
    else:
        counts.unchanged += 1
    return obj


class _Applier:
    def __init__(self, spec: NetworkSpec, report: ApplyReport, prune: bool):
        self.spec = spec
        self.report = report
        self.prune = prune
        self.profiles: dict[str, SiteProfile] = {}
        self.sections: dict[tuple[str, str], Section] = {}
        self.agencies: dict[str, Agency] = {}

    def run(self) -> None:
        self.apply_agencies()
        self.apply_sites()
        self.apply_sections()
        self.apply_ad_zones()
        self.apply_boxes()
        if self.prune:
            self.prune_sections()
        self.apply_sources()
        self.apply_rules()

    # -- agencies ------------------------------------------------------------------------

    def apply_agencies(self) -> None:
        for agency in self.spec.agencies:
            values = {
                "name": agency.name,
                "byline": agency.byline,
                "aliases": list(agency.aliases),
                "rights_notice": agency.rights_notice,
                "preference": agency.preference,
                "licence_days": agency.licence_days,
                "outputs": list(agency.outputs),
            }
            self.agencies[agency.key] = _sync(
                Agency, {"key": agency.key}, values, self.report["agencies"]
            )

    # -- sites ---------------------------------------------------------------------------

    def apply_sites(self) -> None:
        keys = [s.key for s in self.spec.sites]
        existing = {
            p.key: p for p in SiteProfile.objects.select_related("site").filter(key__in=keys)
        }
        self._free_domains(existing)
        for position, site in enumerate(self.spec.sites):
            counts = self.report["sites"]
            profile = existing.get(site.key)
            values = {
                "tagline": site.tagline,
                "description": site.description,
                "keywords": list(site.keywords),
                "subjects": list(site.subjects),
                "auto_publish_threshold": site.thresholds.auto_publish,
                "review_threshold": site.thresholds.review,
                "time_zone": site.time_zone,
                "language": site.language,
                "permalink": site.permalink,
                "theme": dict(site.theme),
                "position": position,
                "is_default": site.key == self.spec.default_site,
            }
            if profile is None:
                django_site = self._site_for_new_profile(site.domain, site.name)
                profile = SiteProfile.objects.create(site=django_site, key=site.key, **values)
                counts.created += 1
            else:
                site_changed = _update(profile.site, {"domain": site.domain, "name": site.name})
                if _update(profile, values) or site_changed:
                    counts.updated += 1
                else:
                    counts.unchanged += 1
            self.profiles[site.key] = profile
        SiteProfile.objects.filter(is_default=True).exclude(key=self.spec.default_site).update(
            is_default=False
        )
        untouched = Site.objects.filter(
            domain="example.com", name="example.com", profile__isnull=True
        )
        untouched.delete()

    def _free_domains(self, existing: dict[str, SiteProfile]) -> None:
        """Check that every domain is free for its site, and park the domains of sites that
        change theirs, so that sites may swap domains within one file."""
        wanted = {s.domain: s.key for s in self.spec.sites}
        holders = Site.objects.filter(domain__in=list(wanted)).select_related("profile")
        for holder in holders:
            key = wanted[holder.domain]
            profile = getattr(holder, "profile", None)
            if profile is None:
                if key in existing:
                    raise NetworkApplyError(
                        f"site '{key}': domain '{holder.domain}' is taken by Site #{holder.pk} "
                        f"'{holder.name}' (no wiredesk site); delete it or choose another domain"
                    )
            elif profile.key != key and profile.key not in wanted.values():
                raise NetworkApplyError(
                    f"site '{key}': domain '{holder.domain}' belongs to site '{profile.key}', "
                    "which the file does not name; change that site's domain first"
                )
        for site in self.spec.sites:
            profile = existing.get(site.key)
            if profile is not None and profile.site.domain != site.domain:
                profile.site.domain = f"renaming-{profile.site.pk}.wiredesk.invalid"
                profile.site.save(update_fields=["domain"])

    def _site_for_new_profile(self, domain: str, name: str) -> Site:
        """A new Site, or the bare Site (no wiredesk site) that already has the domain."""
        site = Site.objects.filter(domain=domain).first()
        if site is None:
            return Site.objects.create(domain=domain, name=name)
        _update(site, {"name": name})
        return site

    # -- sections, ad zones, boxes -------------------------------------------------------

    def apply_sections(self) -> None:
        counts = self.report["sections"]
        for site in self.spec.sites:
            profile = self.profiles[site.key]
            existing = {s.key: s for s in Section.objects.filter(site=profile)}
            for position, section in enumerate(site.sections):
                values = {
                    "name": section.name,
                    "description": section.description,
                    "keywords": list(section.keywords),
                    "subjects": list(section.subjects),
                    "position": position,
                }
                lookup = {"site": profile, "key": section.key}
                obj = _sync(Section, lookup, values, counts, obj=existing.get(section.key))
                self.sections[(site.key, section.key)] = obj

    def prune_sections(self) -> None:
        for site in self.spec.sites:
            keep = [s.key for s in site.sections]
            stale = Section.objects.filter(site=self.profiles[site.key]).exclude(key__in=keep)
            self.report["sections"].deleted += stale.delete()[1].get(Section._meta.label, 0)

    def apply_ad_zones(self) -> None:
        counts = self.report["ad_zones"]
        for site in self.spec.sites:
            profile = self.profiles[site.key]
            for ad in site.ads:
                values = {"label": ad.label, "html": ad.html}
                _sync(AdZone, {"site": profile, "key": ad.key}, values, counts)
            if self.prune:
                stale = AdZone.objects.filter(site=profile).exclude(
                    key__in=[a.key for a in site.ads]
                )
                counts.deleted += stale.delete()[1].get(AdZone._meta.label, 0)

    def apply_boxes(self) -> None:
        counts = self.report["boxes"]
        for site in self.spec.sites:
            profile = self.profiles[site.key]
            existing = list(HeadlineBox.objects.filter(site=profile).order_by("position", "pk"))
            for position, box in enumerate(site.boxes):
                section = self.sections[(box.site, box.section)] if box.section else None
                values = {
                    "title": box.title,
                    "source_site_id": self.profiles[box.site].pk,
                    "source_section_id": section.pk if section else None,
                    "count": box.count,
                    "page_type": box.page_type,
                    "position": position,
                }
                if position < len(existing):
                    _sync(HeadlineBox, {}, values, counts, obj=existing[position])
                else:
                    HeadlineBox.objects.create(site=profile, **values)
                    counts.created += 1
            extra = existing[len(site.boxes) :]
            if extra:
                HeadlineBox.objects.filter(pk__in=[b.pk for b in extra]).delete()
                counts.deleted += len(extra)

    # -- sources and rules ---------------------------------------------------------------

    def apply_sources(self) -> None:
        source_model = apps.get_model("ingest", "Source")
        counts = self.report["sources"]
        names = [s.name for s in self.spec.sources]
        existing = {s.name: s for s in source_model.objects.filter(name__in=names)}
        for source in self.spec.sources:
            values = {
                "agency_id": self.agencies[source.agency].pk if source.agency else None,
                "location": source.location,
                "format": source.format,
                "interval": source.interval,
                "enabled": source.enabled,
                "hot_folder": source.hot_folder,
                "category": source.category,
                "homepage": source.homepage,
            }
            obj = existing.get(source.name)
            if obj is not None and obj.location != source.location:
                # HTTP validators belong to the old location.
                values.update(etag="", last_modified="", next_poll_at=None)
            _sync(source_model, {"name": source.name}, values, counts, obj=obj)
        if self.prune:
            for stale in source_model.objects.exclude(name__in=names):
                try:
                    with transaction.atomic():
                        stale.delete()
                    counts.deleted += 1
                except (ProtectedError, RestrictedError):
                    if stale.enabled:
                        stale.enabled = False
                        stale.save(update_fields=["enabled"])
                        counts.disabled += 1

    def apply_rules(self) -> None:
        rule_model = apps.get_model("routing", "Rule")
        counts = self.report["rules"]
        names = [r.name for r in self.spec.rules]
        existing = {r.name: r for r in rule_model.objects.filter(name__in=names)}
        for position, rule in enumerate(self.spec.rules):
            values = {
                "position": position,
                "enabled": rule.enabled,
                "stop": rule.stop,
                "match": dict(rule.match),
                "action": dict(rule.action),
            }
            obj = existing.get(rule.name)
            _sync(rule_model, {"name": rule.name}, values, counts, obj=obj)
        if self.prune:
            stale = rule_model.objects.exclude(name__in=names)
            counts.deleted += stale.delete()[1].get(rule_model._meta.label, 0)


def _update(obj, values: dict) -> bool:
    """Set and save the fields of ``obj`` that differ from ``values``; True if any did."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    return bool(changed)
