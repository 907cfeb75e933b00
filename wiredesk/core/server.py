"""Run the production WSGI server (gunicorn) with the worker and scheduler beside it."""

import errno
import os
import signal
import socket
import subprocess
import sys
from contextlib import contextmanager

from django.core.management.base import CommandError
from gunicorn.app.base import BaseApplication


def check_port(host: str, port: int) -> None:
    """Fail with a one-line reason when ``host:port`` cannot be listened on."""
    if not 0 < port < 65536:
        raise CommandError(f"port {port} is out of range: choose 1-65535 with --port")
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.bind((host, port))
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise CommandError(
                f"port {port} on {host} is in use: choose another with --port"
            ) from None
        if error.errno == errno.EACCES:
            raise CommandError(
                f"no permission to listen on port {port}: use a port above 1023"
            ) from None
        raise CommandError(f"cannot listen on {host}:{port}: {error.strerror}") from None


class WireDeskServer(BaseApplication):
    """gunicorn configured in code, so ``wiredesk serve`` needs no config file."""

    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from wiredesk.wsgi import application

        return application


def gunicorn_options(host: str, port: int, workers: int, threads: int) -> dict:
    return {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "accesslog": os.environ.get("WIREDESK_ACCESS_LOG") or None,
        "errorlog": "-",
        "loglevel": os.environ.get("WIREDESK_LOG_LEVEL", "warning").lower(),
        "timeout": 60,
        "graceful_timeout": 10,
        "proc_name": "wiredesk",
    }


def run_server(host: str, port: int, workers: int, threads: int) -> None:
    WireDeskServer(gunicorn_options(host, port, workers, threads)).run()


@contextmanager
def background(commands: list[str]):
    """Run ``wiredesk <command>`` for each command as child processes for the block's life."""
    children = [
        subprocess.Popen([sys.executable, "-m", "wiredesk", command], env=os.environ.copy())
        for command in commands
    ]
    try:
        yield children
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
