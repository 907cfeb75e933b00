import signal

from django.core.management.base import BaseCommand

from wiredesk.core import scheduler


class Command(BaseCommand):
    help = (
        "Enqueue a poll for every source when its interval has passed. Safe to start on several "
        "hosts: only the one holding the database lease acts, the others stand by."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--tick", type=float, default=scheduler.TICK_SECONDS, help="Seconds between checks."
        )
        parser.add_argument(
            "--once", action="store_true", help="Enqueue what is due now, then exit."
        )

    def handle(self, *args, tick, once, **options):
        if once:
            self.stdout.write(f"enqueued {scheduler.enqueue_due()} source polls")
            return
        stopping = {"now": False}

        def stop(*_):
            stopping["now"] = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        scheduler.run(stop=lambda: stopping["now"], tick=tick, log=self.stdout.write)
