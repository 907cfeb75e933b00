"""Place stories on sites and sections by the network's rules, recording who decided and why."""

from django.db import connection
from django.utils import timezone

from wiredesk.core import bulk, generations
from wiredesk.ingest.normalize.sanitize import html_to_text
from wiredesk.network.models import Section, SiteProfile
from wiredesk.stories.models import Story, StoryState
from wiredesk.stories.signals import stories_changed, story_changed

from .models import Placement, PlacementState, Rule
from .rules import CompiledRule, Decision, StoryFacts, evaluate
from .suggest import after_rules, site_thresholds, suggest

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
        # ingest hands over the text it already extracted; otherwise extract it here
        body_text=getattr(revision, "body_text", None) or html_to_text(revision.body_html),
        agency=story.agency.key if story.agency else "",
        source=story.source.name,
        subjects=tuple(revision.subjects),
        language=revision.language,
        place=revision.dateline_place,
        known_words=getattr(revision, "text_words", None),
    )


def decide_ahead(item, agency: str, source: str) -> tuple:
    """The rules' decision for a prepared ingest item, made before it is stored (in an
    ingest worker process, with the rules this process compiled): ``(rules generation,
    decision)``. Routing uses it if the rules have not changed since."""
    facts = StoryFacts(
        headline=item.headline,
        body_text=item.body_text,
        agency=agency,
        source=source,
        subjects=tuple(item.subjects),
        language=item.language,
        place=item.place,
        known_words=item.text_words,
    )
    return _compiled["generation"], evaluate(_compiled["rules"], facts)


def _decision(rules, facts: StoryFacts, revision) -> Decision:
    """The rules' decision: the one made ahead for this revision if the rules are the same."""
    ahead = getattr(revision, "decision", None)
    generation = _compiled["generation"]
    if ahead is not None and generation is not None and ahead[0] == generation:
        return ahead[1]
    return evaluate(rules, facts)


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
    """Apply the rules' decision, then the classifier's suggestions for the sites the rules
    left alone: placements, primary site and the story's state.

    ``new`` says the story was just created, so it has no placements to keep or update.
    """
    revision = revision or story.current
    facts = story_facts(story, revision)
    decision = evaluate(compiled_rules(), facts)
    if story.state not in (StoryState.INCOMING, StoryState.HELD):
        return decision
    sites, sections = network_maps()
    editor_sites = (
        set()
        if new
        else set(
            story.placements.filter(decided_by__startswith="editor:").values_list(
                "site__key", flat=True
            )
        )
    )
    publish, review = after_rules(decision, suggest([facts])[0], site_thresholds())
    placements = _placements(story, decision, sites, sections, editor_sites)
    placements += _classifier_placements(
        story, decision, publish, review, sites, sections, editor_sites
    )
    if new:
        Placement.objects.bulk_create(placements)
    else:
        for placement in placements:
            Placement.objects.update_or_create(
                story=story,
                site=placement.site,
                defaults={field: getattr(placement, field) for field in _PLACEMENT_FIELDS},
            )
    _settle(story, decision, sites, timezone.now(), publish)
    story.save(update_fields=_SETTLED_FIELDS)
    story_changed.send(sender=Story, story=story, action=story.state)
    return decision


def route_new_stories(received) -> list[Decision | None]:
    """Route stories just created together (``[(story, revision)]``): the rules for each,
    the classifier for all of them at once, one insert for every placement and one update
    per resulting state."""
    sites, sections = network_maps()
    rules = compiled_rules()
    limits = site_thresholds()
    now = timezone.now()
    # a duplicate, or a story killed on arrival, has nothing to place
    routable = [
        (story, revision, story_facts(story, revision))
        for story, revision in received
        if story.state in (StoryState.INCOMING, StoryState.HELD)
    ]
    suggestions = suggest([facts for _, _, facts in routable]) if routable else []
    placements, decisions = [], {}
    for (story, revision, facts), suggested in zip(routable, suggestions, strict=True):
        decision = _decision(rules, facts, revision)
        decisions[story.pk] = decision
        publish, review = after_rules(decision, suggested, limits)
        placements += _placements(story, decision, sites, sections, set())
        placements += _classifier_placements(story, decision, publish, review, sites, sections, ())
        _settle(story, decision, sites, now, publish)
    bulk.insert(placements)
    routed = [story for story, _, _ in routable]
    _save_settled(routed, now)
    if routed:
        placed_on = {placement.site_id for placement in placements}
        stories_changed.send(sender=Story, stories=routed, action="routed", sites=placed_on)
    return [decisions.get(story.pk) for story, _ in received]


_PLACEMENT_FIELDS = ("section", "is_primary", "state", "confidence", "decided_by", "reasons")
_PLACEMENT_FIELDS += ("priority",)
_SETTLED_FIELDS = ["state", "published_at", "primary_site"]
_SETTLED_COLUMNS = ("id", "state", "primary_site", "published_at", "dated_at")


def _placements(story, decision: Decision, sites, sections, editor_sites) -> list[Placement]:
    """Unsaved placements for the decision's hits, leaving sites an editor decided alone."""
    state = PlacementState.SUGGESTED if decision.hold else PlacementState.PUBLISHED
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
                state=state,
                confidence=1.0,
                decided_by=f"rule:{hit.rule}",
                reasons=list(hit.reasons),
                priority=hit.priority,
            )
        )
    return placements


def _save_settled(stories: list[Story], now) -> None:
    """Write the settled fields of new stories: one UPDATE per (state, primary site), far
    cheaper than a row-by-row ``bulk_update``. New stories have no publication time yet, so a
    published one gets ``min(dated_at, now)``, as :func:`_settle` set in memory."""
    groups: dict[tuple, list[int]] = {}
    for story in stories:
        groups.setdefault((story.state, story.primary_site_id), []).append(story.pk)
    table, column = bulk.quoted(Story, *_SETTLED_COLUMNS)
    earlier = "MIN" if connection.vendor == "sqlite" else "LEAST"
    moment = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:  # plain SQL: the ORM's update cost more than the query
        for (state, primary_site_id), ids in groups.items():
            published = state == StoryState.PUBLISHED
            cursor.execute(
                f"UPDATE {table} SET {column['state']} = %s, "
                f"{column['primary_site']} = %s, {column['published_at']} = "
                + (f"{earlier}({column['dated_at']}, %s)" if published else "NULL")
                + f" WHERE {column['id']} IN ({', '.join(['%s'] * len(ids))})",
                [str(state), primary_site_id, *([moment] if published else []), *ids],
            )


def _classifier_placements(
    story, decision: Decision, publish, review, sites, sections, editor_sites
) -> list[Placement]:
    """Unsaved placements for the classifier's suggestions: published at or above the site's
    auto-publish threshold, suggested (the desk queue) from its review threshold up."""
    primary = decision.primary_site or (publish[0].site if publish else "")
    placements = []
    for state, group in ((PlacementState.PUBLISHED, publish), (PlacementState.SUGGESTED, review)):
        for suggestion in group:
            site = sites.get(suggestion.site)
            if site is None or suggestion.site in editor_sites:
                continue
            placements.append(
                Placement(
                    story=story,
                    site=site,
                    section=sections.get((suggestion.site, suggestion.section)),
                    is_primary=suggestion.site == primary,
                    state=state,
                    confidence=suggestion.probability,
                    decided_by=suggestion.decided_by,
                    reasons=list(suggestion.reasons),
                )
            )
    return placements


def _settle(story: Story, decision: Decision, sites, now, publish=()) -> None:
    """Set the story's state, publication time and primary site from the rules' decision and
    the classifier's sites to publish on."""
    if decision.reject:
        story.state = StoryState.REJECTED
    elif decision.hold or not (decision.placements or publish):
        story.state = StoryState.HELD
    else:
        story.state = StoryState.PUBLISHED
        story.published_at = story.published_at or min(story.dated_at, now)
    story.primary_site = sites.get(decision.primary_site or (publish[0].site if publish else ""))
