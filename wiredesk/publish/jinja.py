"""The Jinja2 environment for public templates (fast; Django's own template engine serves admin)."""

from django.templatetags.static import static
from django.urls import reverse
from jinja2 import Environment


def environment(**options) -> Environment:
    env = Environment(**options)
    env.globals.update(static=static, url=reverse)
    return env
