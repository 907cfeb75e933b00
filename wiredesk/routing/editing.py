"""Editors change where a story is placed: add or remove a site, choose the section and the
primary site, or move the story to another site altogether.

Every decision is stored as a :class:`Placement` with ``decided_by="editor:<user name>"`` and
state ``published`` (placed) or ``removed`` (taken off): the classifier learns from these rows,
and ``route_story`` never overwrites them when a newer revision of the story is routed again.
Permission, audit and announcements come from :func:`wiredesk.stories.actions.perform`; each
decision is counted by ``routing.tasks.note_editor_decisions`` (which retrains the classifier
every ``WIREDESK_RETRAIN_EVERY`` decisions).
"""

from wiredesk.network.models import Section, SiteProfile
from wiredesk.stories.actions import ActionError, Actor, perform
from wiredesk.stories.models import Story

from .models import Placement, PlacementState
from .tasks import note_editor_decisions


def find_site(site) -> SiteProfile:
    """A site profile from a profile or its key; an unknown key is an :class:`ActionError`."""
    if isinstance(site, SiteProfile):
        return site
    profile = SiteProfile.objects.filter(key=str(site or "").strip()).first()
    if profile is None:
        raise ActionError(f"site: there is no site {site!r}")
    return profile


def find_section(profile: SiteProfile, section):
    """``profile``'s section from a section or its key (``None`` or ``""`` for none)."""
    if section in (None, ""):
        return None
    if isinstance(section, Section):
        if section.site_id != profile.pk:
            raise ActionError(f"section: {section.key!r} is not a section of {profile.key}")
        return section
    found = Section.objects.filter(site=profile, key=str(section).strip()).first()
    if found is None:
        raise ActionError(f"section: {profile.key} has no section {section!r}")
    return found


def _decide(story, actor, profile, *, state, section=None, keep_section=False, reason=""):
    defaults = {
        "state": state,
        "confidence": 1.0,
        "decided_by": actor.decided_by,
        "reasons": [reason or f"{state} on the desk by {actor.label}"],
    }
    if not keep_section:
        defaults["section"] = section
    placement, _ = Placement.objects.update_or_create(story=story, site=profile, defaults=defaults)
    return placement


def _make_primary(story, profile) -> None:
    Placement.objects.filter(story=story).exclude(site=profile).update(is_primary=False)
    Placement.objects.filter(story=story, site=profile).update(is_primary=True)
    story.primary_site = profile


def _next_primary(story) -> None:
    """After the primary site's placement went, the best remaining one becomes primary."""
    rest = (
        Placement.objects.filter(story=story, state=PlacementState.PUBLISHED)
        .select_related("site")
        .order_by("-priority", "-confidence", "pk")
        .first()
    )
    if rest is None:
        story.primary_site = None
    else:
        _make_primary(story, rest.site)


def place(story: Story, actor: Actor, site, section=None, primary: bool = False) -> Story:
    """Put the story on ``site`` (in ``section``), optionally as its primary site; the first
    site a story gets is its primary site."""

    def change(story, now):
        profile = find_site(site)
        chosen = find_section(profile, section)
        _decide(
            story,
            actor,
            profile,
            state=PlacementState.PUBLISHED,
            section=chosen,
            reason=f"placed on {profile.key}" + (f"/{chosen.key}" if chosen else ""),
        )
        if primary or story.primary_site_id is None:
            _make_primary(story, profile)
        note_editor_decisions(1)

    return perform(story, actor, "place", change)


def _placed_on(story: Story, site, hint: str = ""):
    """``(site profile, its placement)`` of a story on ``site``; an error when it is not there."""
    profile = find_site(site)
    current = Placement.objects.filter(story=story, site=profile).first()
    if current is None or current.state == PlacementState.REMOVED:
        raise ActionError(f"site: the story is not on {profile.key}{hint}")
    return profile, current


def unplace(story: Story, actor: Actor, site) -> Story:
    """Take the story off ``site``; another site becomes primary if that one was."""

    def change(story, now):
        profile, current = _placed_on(story, site)
        _decide(
            story,
            actor,
            profile,
            state=PlacementState.REMOVED,
            keep_section=True,
            reason=f"removed from {profile.key}",
        )
        Placement.objects.filter(pk=current.pk).update(is_primary=False)
        if story.primary_site_id == profile.pk:
            _next_primary(story)
        note_editor_decisions(1)

    return perform(story, actor, "unplace", change)


def set_primary(story: Story, actor: Actor, site) -> Story:
    """Make ``site`` the story's primary site: its canonical URL moves there."""

    def change(story, now):
        profile, _ = _placed_on(story, site, "; place it there first")
        _decide(
            story,
            actor,
            profile,
            state=PlacementState.PUBLISHED,
            keep_section=True,
            reason=f"primary site {profile.key}",
        )
        _make_primary(story, profile)
        note_editor_decisions(1)

    return perform(story, actor, "set_primary", change)


def move(story: Story, actor: Actor, site, section=None) -> Story:
    """Re-route: the story goes to ``site`` (in ``section``) as its primary and only site;
    every other placement is removed."""

    def change(story, now):
        profile = find_site(site)
        chosen = find_section(profile, section)
        others = Placement.objects.filter(story=story).exclude(site=profile)
        removed = list(others.exclude(state=PlacementState.REMOVED).select_related("site"))
        for other in removed:
            _decide(
                story,
                actor,
                other.site,
                state=PlacementState.REMOVED,
                keep_section=True,
                reason=f"moved to {profile.key}",
            )
        _decide(
            story,
            actor,
            profile,
            state=PlacementState.PUBLISHED,
            section=chosen,
            reason=f"moved to {profile.key}" + (f"/{chosen.key}" if chosen else ""),
        )
        _make_primary(story, profile)
        note_editor_decisions(1 + len(removed))

    return perform(story, actor, "move", change)
