"""The desk's roles, as Django groups with permissions, enforced on the server.

- ``viewer``: reads the queue, the stories and the audit log.
- ``contributor``: also edits story text (a new revision) of stories that are not live.
- ``editor``: every desk action: publish, schedule, embargo, hold, unpublish, correct, kill,
  change placements, choose a cluster's version, edit live stories.
- ``admin``: an editor who also configures the network (sites, sections, boxes, agencies,
  sources, rules) in the admin; give the person ``is_staff`` too. Superusers are admins.

:func:`ensure_roles` creates the groups after every ``migrate`` (``post_migrate``), adding the
permissions each role needs and keeping any an administrator added.
"""

from django.contrib.auth.models import Group, Permission

VIEWER = ["stories.view_story", "desk.view_auditentry", "routing.view_placement"]
CONTRIBUTOR = [*VIEWER, "stories.edit_text"]
EDITOR = [*CONTRIBUTOR, "stories.publish", "stories.correct", "stories.kill", "stories.route"]
# apps whose every permission (add, change, delete, view) an admin has
ADMIN_APPS = ["network", "routing", "ingest", "sites"]

ROLES = {"viewer": VIEWER, "contributor": CONTRIBUTOR, "editor": EDITOR, "admin": EDITOR}
ORDER = ["admin", "editor", "contributor", "viewer"]


def role_permissions(role: str):
    """The ``Permission`` rows of ``role``."""
    names = ROLES[role]
    pairs = [name.split(".", 1) for name in names]
    query = Permission.objects.none()
    for app_label, codename in pairs:
        query = query | Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        )
    if role == "admin":
        query = query | Permission.objects.filter(content_type__app_label__in=ADMIN_APPS)
    return query


def ensure_roles(**kwargs) -> dict[str, Group]:
    """Create the four groups and give each its permissions (never taking any away)."""
    groups = {}
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*role_permissions(role))
        groups[role] = group
    return groups


def role_of(user) -> str:
    """The highest role ``user`` has: a group name, ``admin`` for superusers, else ``""``."""
    if not user.is_authenticated or not user.is_active:
        return ""
    if user.is_superuser:
        return "admin"
    names = set(user.groups.values_list("name", flat=True))
    return next((role for role in ORDER if role in names), "")


def grant(user, role: str) -> None:
    """Put ``user`` in ``role``'s group (and only that one of the four)."""
    if role not in ROLES:
        raise ValueError(f"role: choose one of {', '.join(ORDER)}")
    groups = ensure_roles()
    user.groups.remove(*[g for name, g in groups.items() if name != role])
    user.groups.add(groups[role])
