"""Place stories on sites and sections by the network's rules, recording who decided and why."""

from django.utils import timezone

from wiredesk.core import generations
from wiredesk.ingest.normalize.sanitize import html_to_text
from wiredesk.network.models import Section, SiteProfile
from wiredesk.stories.models import Story, StoryState
from wiredesk.stories.signals import story_changed

from .models import Placement, PlacementState, Rule
from .rules import CompiledRule, Decision, StoryFacts, evaluate

_compiled = {"generation": None, "rules": []}


def rules_changed() -> None:
    """Call after rules change so every process recompiles them."""
    generations.bump("rules")
    _compiled["generation"] = None


def compiled_rules() -> list[CompiledRule]:
    generation = generations.current("rules")
    if _compiled["generation"] != generation:
        _compiled["rules"] = [
            CompiledRule(r.name, r.match, r.action, r.stop)
            for r in Rule.objects.filter(enabled=True)
        ]
        _compiled["generation"] = generation
    return _compiled["rules"]


def story_facts(story: Story, revision) -> StoryFacts:
    return StoryFacts(
        headline=revision.headline,
        body_text=html_to_text(revision.body_html),
        agency=story.agency.key if story.agency else "",
        source=story.source.name,
        subjects=tuple(revision.subjects),
        language=revision.language,
        place=revision.dateline_place,
    )


def decide(story: Story, revision=None) -> Decision:
    """What the rules would do with ``story``, without changing anything."""
    revision = revision or story.current
    return evaluate(compiled_rules(), story_facts(story, revision))


_network = {"generation": None, "sites": {}, "sections": {}}


def network_maps() -> tuple[dict, dict]:
    """Sites by key and sections by (site key, section key), rebuilt when the network changes."""
    generation = generations.current("network")
    if _network["generation"] != generation:
        sites = {p.key: p for p in SiteProfile.objects.all()}
        by_pk = {p.pk: p for p in sites.values()}
        _network["sites"] = sites
        _network["sections"] = {
            (by_pk[s.site_id].key, s.key): s for s in Section.objects.all() if s.site_id in by_pk
        }
        _network["generation"] = generation
    return _network["sites"], _network["sections"]


def route_story(story: Story, revision=None, *, new: bool = False) -> Decision:
    """Apply the rules' decision: placements, primary site and the story's state.

    ``new`` says the story was just created, so it has no placements to keep or update.
    """
    decision = decide(story, revision)
    if story.state not in (StoryState.INCOMING, StoryState.HELD):
        return decision
    sites, sections = network_maps()
    placement_state = PlacementState.SUGGESTED if decision.hold else PlacementState.PUBLISHED
    editor_sites = (
        set()
        if new
        else set(
            story.placements.filter(decided_by__startswith="editor:").values_list(
                "site__key", flat=True
            )
        )
    )
    placements = []
    for hit in decision.placements:
        site = sites.get(hit.site)
        if site is None or hit.site in editor_sites:
            continue
        placements.append(
            Placement(
                story=story,
                site=site,
                section=sections.get((hit.site, hit.section)),
                is_primary=hit.site == decision.primary_site,
                state=placement_state,
                confidence=1.0,
                decided_by=f"rule:{hit.rule}",
                reasons=list(hit.reasons),
                priority=hit.priority,
            )
        )
    if new:
        Placement.objects.bulk_create(placements)
    else:
        for placement in placements:
            Placement.objects.update_or_create(
                story=story,
                site=placement.site,
                defaults={
                    field: getattr(placement, field)
                    for field in (
                        "section",
                        "is_primary",
                        "state",
                        "confidence",
                        "decided_by",
                        "reasons",
                        "priority",
                    )
                },
            )
    now = timezone.now()
    if decision.reject:
        story.state = StoryState.REJECTED
    elif decision.hold or not decision.placements:
        story.state = StoryState.HELD
    else:
        story.state = StoryState.PUBLISHED
        story.published_at = story.published_at or min(story.dated_at, now)
    story.primary_site = sites.get(decision.primary_site)
    story.save(update_fields=["state", "published_at", "primary_site"])
    story_changed.send(sender=Story, story=story, action=story.state)
    return decision
