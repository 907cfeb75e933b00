"""``wiredesk desk roles|user|story``: the desk's roles and users, and every editorial action
from the command line (the same business rules, permissions and audit log as the web desk)."""

import getpass
import sys
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils import timezone

from wiredesk.core.commands import ActionCommand
from wiredesk.desk.roles import ORDER, ROLES, ensure_roles, grant
from wiredesk.routing import editing
from wiredesk.stories import actions
from wiredesk.stories.actions import ActionError, ActionRefused, Actor
from wiredesk.stories.models import Story

EPILOG = """\
Roles are Django groups: viewer (reads), contributor (edits text of stories not live),
editor (every desk action), admin (an editor who also configures the network).
Run 'wiredesk desk ACTION --help' for each action's options.

examples:
  wiredesk desk roles
  echo 'a-long-password' | wiredesk desk user ana --role editor --password-stdin
  wiredesk desk story 42 publish
  wiredesk desk story 42 schedule --at 2026-12-01T06:00Z
  wiredesk desk story 42 move --site spacedaily --section launch-industry
  wiredesk desk story 42 correct --note "An earlier version misstated the launch date."
  wiredesk desk story 42 kill --reason "legal" --as ana

Every story action is written to the audit log. See docs/desk.md.
"""

STORY_ACTIONS = [
    "publish",
    "schedule",
    "embargo",
    "hold",
    "unpublish",
    "kill",
    "correct",
    "edit",
    "use-version",
    "place",
    "unplace",
    "set-primary",
    "move",
]


def parse_time(value: str) -> datetime:
    """An ISO 8601 time; without an offset it is read as UTC."""
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise CommandError(
            f"{value!r} is not a time: use ISO 8601, like 2026-12-01T06:00Z"
        ) from None
    return when if timezone.is_aware(when) else when.replace(tzinfo=UTC)


class Command(ActionCommand):
    help = "Desk roles and users, and editorial actions on stories (audited)."
    epilog = EPILOG

    def add_arguments(self, parser):
        sub = self.add_actions(parser)
        sub.add_parser(
            "roles",
            help="list the roles, their permissions and members",
            description="List the desk's roles (groups), their permissions and members.",
        )
        user = sub.add_parser(
            "user",
            help="create or update a desk user and give them a role",
            description="Create the user if needed and put them in exactly one desk role.",
        )
        user.add_argument("username")
        user.add_argument("--role", required=True, choices=ORDER)
        user.add_argument(
            "--password-stdin", action="store_true", help="read the password from stdin"
        )
        user.add_argument("--staff", action="store_true", help="may also open the admin")
        story = sub.add_parser(
            "story",
            help="run an editorial action on a story",
            description="Run an editorial action on a story by its id, as the operator or "
            "--as a desk user (whose permissions are then checked).",
        )
        story.add_argument("story_id", type=int, metavar="ID")
        story.add_argument(
            "story_action", choices=STORY_ACTIONS, metavar="ACTION", help=", ".join(STORY_ACTIONS)
        )
        story.add_argument("--as", dest="as_user", metavar="USER", help="act as this desk user")
        story.add_argument("--at", help="schedule: when to publish (ISO 8601, UTC if no zone)")
        story.add_argument("--until", help="embargo: hold until (ISO 8601, UTC if no zone)")
        story.add_argument("--note", help="correct: the public correction note")
        story.add_argument("--reason", default="", help="kill: why (for the audit log)")
        story.add_argument("--site", help="place, unplace, set-primary, move: the site key")
        story.add_argument("--section", help="place, move: the section key")
        story.add_argument("--primary", action="store_true", help="place: as the primary site")
        story.add_argument("--headline", help="edit: the new headline")
        story.add_argument("--byline", help="edit: the new byline")
        story.add_argument("--dateline-place", help="edit: the new dateline place")
        story.add_argument("--body-file", help="edit: a file with the new body (HTML)")

    def handle(self, *args, action, **options):
        if action == "roles":
            return self._roles()
        if action == "user":
            return self._user(options)
        return self._story(options)

    def _roles(self):
        groups = ensure_roles()
        for role in ORDER:
            group = groups[role]
            members = ", ".join(
                group.user_set.order_by("username").values_list("username", flat=True)
            )
            extra = (
                " + every network, routing, ingest and sites permission" if role == "admin" else ""
            )
            self.stdout.write(f"{role}: {', '.join(ROLES[role])}{extra}")
            self.stdout.write(f"  members: {members or '-'}")

    def _user(self, options):
        model = get_user_model()
        username = options["username"].strip()
        if not username:
            raise CommandError("username: it cannot be empty")
        user, created = model.objects.get_or_create(username=username)
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
            if len(password) < 8:
                raise CommandError("password: at least 8 characters")
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        if options["staff"]:
            user.is_staff = True
        user.save()
        grant(user, options["role"])
        verb = "created" if created else "updated"
        self.stdout.write(f"{username}: {verb}, role {options['role']}")

    def _actor(self, username):
        if not username:
            return Actor(f"cli:{getpass.getuser()}")
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"--as: there is no active user {username!r}")
        return Actor.of(user)

    def _story(self, options):
        story = Story.objects.filter(pk=options["story_id"]).first()
        if story is None:
            raise CommandError(f"there is no story {options['story_id']}")
        who = self._actor(options["as_user"])
        name = options["story_action"]
        try:
            story = self._run(name, story, who, options)
        except (ActionError, ActionRefused) as error:
            raise CommandError(f"{name}: {error}") from None
        primary = story.primary_site.key if story.primary_site else "-"
        self.stdout.write(f"story {story.pk}: {name} done; state {story.state}, primary {primary}")

    def _run(self, name, story, who, o):
        def need(key, flag):
            if not o.get(key):
                raise CommandError(f"{name}: give {flag}")
            return o[key]

        if name == "publish":
            return actions.publish(story, who)
        if name == "schedule":
            return actions.schedule(story, who, parse_time(need("at", "--at")))
        if name == "embargo":
            return actions.embargo(story, who, parse_time(need("until", "--until")))
        if name == "hold":
            return actions.hold(story, who)
        if name == "unpublish":
            return actions.unpublish(story, who)
        if name == "kill":
            return actions.kill(story, who, o["reason"])
        if name == "correct":
            return actions.correct(story, who, need("note", "--note"))
        if name == "use-version":
            return actions.use_version(story, who)
        if name == "edit":
            return actions.edit(story, who, **self._edits(o))
        site = need("site", "--site")
        if name == "place":
            return editing.place(story, who, site, o["section"], primary=o["primary"])
        if name == "unplace":
            return editing.unplace(story, who, site)
        if name == "set-primary":
            return editing.set_primary(story, who, site)
        return editing.move(story, who, site, o["section"])

    def _edits(self, o):
        changes = {
            "headline": o["headline"],
            "byline": o["byline"],
            "dateline_place": o["dateline_place"],
        }
        if o["body_file"]:
            try:
                with open(o["body_file"], encoding="utf-8") as handle:
                    changes["body_html"] = handle.read()
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"--body-file: cannot read {o['body_file']}: {error}") from None
        changes = {k: v for k, v in changes.items() if v is not None}
        if not changes:
            raise CommandError("edit: give --headline, --byline, --dateline-place or --body-file")
        return changes
