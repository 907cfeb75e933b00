from django.core.management.base import BaseCommand

from wiredesk.core.server import background, check_port, run_server


def add_server_arguments(parser, default_port: int = 8000) -> None:
    parser.add_argument(
        "--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1)."
    )
    parser.add_argument(
        "--port", type=int, default=default_port, help=f"Port (default {default_port})."
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn worker processes (default 2)."
    )
    parser.add_argument("--threads", type=int, default=4, help="Threads per worker (default 4).")
    parser.add_argument(
        "--no-worker", action="store_true", help="Do not run a task worker beside the server."
    )
    parser.add_argument(
        "--no-scheduler", action="store_true", help="Do not run the scheduler beside the server."
    )


def serve(options: dict) -> None:
    commands = []
    if not options["no_worker"]:
        commands.append("worker")
    if not options["no_scheduler"]:
        commands.append("scheduler")
    with background(commands):
        run_server(options["host"], options["port"], options["workers"], options["threads"])


class Command(BaseCommand):
    help = (
        "Serve every site, the desk and the admin with gunicorn (a production WSGI server), "
        "with a task worker and the scheduler running beside it. Behind a reverse proxy in "
        "production; see docs/deploy.md."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        add_server_arguments(parser)

    def handle(self, *args, **options):
        check_port(options["host"], options["port"])
        serve(options)
