"""System checks: every configured search backend can be loaded and suits the database."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register("search")
def check_search_backends(app_configs, **kwargs):
    from .backends import backend_settings, get_search_backend

    try:
        aliases = list(backend_settings())
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="search.E001")]
    problems = []
    for alias in aliases:
        try:
            backend = get_search_backend(alias)
        except (ImproperlyConfigured, LookupError) as error:
            problems.append(checks.Error(str(error), id="search.E001"))
            continue
        problems += [checks.Error(text, id="search.E002") for text in backend.check()]
    return problems
