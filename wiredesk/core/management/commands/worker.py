from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run a background task worker (django-tasks-db): source polls, routing and publishing "
        "work queued by the scheduler and the desk. Run as many as you like, on any host that "
        "reaches the database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between queue checks."
        )
        parser.add_argument(
            "--batch", action="store_true", help="Run every queued task, then exit."
        )

    def handle(self, *args, interval, batch, **options):
        call_command(
            "db_worker", interval=interval, batch=batch, no_startup_delay=True, verbosity=0
        )
