import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from wiredesk.core.progress import progress_bar
from wiredesk.ingest.models import Source
from wiredesk.ingest.polling import poll
from wiredesk.network.models import SiteProfile
from wiredesk.routing.training import ensure_model

from .serve import add_server_arguments, serve

DEMO_NETWORK = Path(__file__).resolve().parents[3] / "demo" / "network.toml"
DESK_USER = "editor"


class Command(BaseCommand):
    help = (
        "Run the demo network: create the data dir, migrate, load the demo network and its "
        "bundled sample wire, route and publish it, then serve every site with a worker and the "
        "scheduler. Prints one URL per site and a desk login.\n\n"
        "Example: wiredesk demo --port 8000 --data-dir ./wiredesk-data"
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        add_server_arguments(parser)
        parser.add_argument(
            "--data-dir",
            help="Where the database, cache and exports live (default $WIREDESK_DATA_DIR or "
            "./wiredesk-data). Read by the wiredesk command before anything starts.",
        )
        parser.add_argument("--no-serve", action="store_true", help="Set everything up, then exit.")

    def handle(self, *args, **options):
        from wiredesk.core.server import check_port

        if not options["no_serve"]:
            check_port(options["host"], options["port"])
        if not DEMO_NETWORK.is_file():
            raise CommandError(
                f"the demo network file is missing: {DEMO_NETWORK} (reinstall wiredesk)"
            )
        self.stdout.write(f"Data dir: {settings.DATA_DIR}")
        call_command("migrate", verbosity=0, interactive=False)
        call_command("network", "load", str(DEMO_NETWORK), stdout=self.stdout)
        # a first classifier version from the network file's descriptions and keywords, so
        # stories no rule places are routed (or queued for the desk) from the start
        ensure_model(trigger="demo")
        self._ingest_sample_wire()
        password = self._desk_login()
        self._print_urls(options["host"], options["port"], password)
        if not options["no_serve"]:
            self.stdout.write("Serving; press Ctrl+C to stop.")
            self.stdout.flush()
            serve(options)

    def _ingest_sample_wire(self):
        sources = list(Source.objects.filter(enabled=True).exclude(location__startswith="http"))
        totals = {}
        with progress_bar(len(sources), "sample wire", enabled=self.stdout.isatty()) as advance:
            for source in sources:
                report = poll(source)
                for name in report.COUNTS:
                    totals[name] = totals.get(name, 0) + getattr(report, name)
                for origin, reason in report.problems:
                    self.stderr.write(f"{origin}: {reason}")
                advance()
        self.stdout.write("Sample wire: " + ", ".join(f"{v} {k}" for k, v in totals.items()))

    def _desk_login(self) -> str:
        password = secrets.token_urlsafe(9)
        user, _ = get_user_model().objects.get_or_create(username=DESK_USER)
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        return password

    def _print_urls(self, host: str, port: int, password: str):
        suffix = settings.WIREDESK_DEV_HOST_SUFFIX
        shown = "127.0.0.1" if host in {"0.0.0.0", "::"} else host
        self.stdout.write("")
        self.stdout.write(f"Network index: http://{shown}:{port}/")
        for profile in SiteProfile.objects.select_related("site"):
            self.stdout.write(f"  {profile.site.name:<20} http://{profile.key}.{suffix}:{port}/")
        self.stdout.write(f"Desk:  http://{shown}:{port}/desk/   login: {DESK_USER} / {password}")
        self.stdout.write(f"Admin: http://{shown}:{port}/admin/")
        self.stdout.flush()
