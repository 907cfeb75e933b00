"""``/search/``: each site's search page, with the site's chrome around it."""

from wiredesk.network.models import Agency, Section
from wiredesk.publish.context import site_chrome
from wiredesk.publish.views import not_found, render_page

from .backends import get_search_backend
from .params import read_params

PAGE_SIZE = 10


def search(request):
    """Results for ``?q=`` on this site, filtered by section, agency and dates, 10 a page."""
    profile = request.network_site
    if profile is None:
        return not_found(request)
    chrome = site_chrome(request)
    params = read_params(request.GET, profile)
    results = None
    if params.q:
        date_from, date_to = params.window(chrome["tz"])
        results = get_search_backend().search(
            params.q,
            site=profile,
            section=params.section,
            agency=params.agency,
            date_from=date_from,
            date_to=date_to,
            page=params.page,
            limit=PAGE_SIZE,
            order=params.sort,
        )
    context = {
        "params": params,
        "results": results,
        "search_query": params.q,
        "search_sections": Section.objects.filter(site=profile),
        "search_agencies": Agency.objects.all(),
        "current_section": None,
    }
    response = render_page(request, "search.html", context, chrome=chrome)
    response["X-Robots-Tag"] = "noindex"
    return response
