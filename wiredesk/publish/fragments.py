"""Shared page fragments: a site's article headline boxes as one file for every article.

Every article page of a site shows the same boxes (the newest stories of its sister sites),
except that a page never lists its own story. So the boxes are rendered once per site at
``/_fragments/<site>/article-boxes.html``. The live server still inlines them in each page;
the static export (``wiredesk.export``) writes the fragment once and has each article page
include it with nginx SSI, so one new story rewrites one fragment per site, not every page.

An article whose own story is among the fragment's headlines cannot use it (it would list
itself): its page keeps the boxes inline, with its story left out. Leaving out a story that
the shared selection does not show changes nothing (see :func:`shared_headlines`), so for
every other article the fragment is exactly what the page would inline.
"""

from django.shortcuts import render
from django.urls import reverse
from markupsafe import Markup

from . import queries

ARTICLE = "article"


def shared_boxes(profile, page_type=ARTICLE):
    """``[(box, stories)]`` of the site's boxes on ``page_type``, leaving nothing out."""
    return queries.headline_boxes(profile, page_type, exclude_ids=())


def shared_headlines(boxes) -> set:
    """The ids of the stories ``boxes`` show.

    ``select_unique`` picks each box's first unseen candidates; a story it did not pick was
    never reached, or was already seen, so excluding it up front picks the same stories.
    """
    return {story.pk for _, stories in boxes for story in stories}


def fragment_url(profile, page_type=ARTICLE) -> str:
    return reverse("fragment-boxes", kwargs={"sitekey": profile.key, "page_type": page_type})


def boxes_fragment(request, sitekey, page_type):
    """``/_fragments/<site>/<page type>-boxes.html``: the site's shared headline boxes, as the
    pages of that type inline them (``publish/_boxes.html``)."""
    from .views import not_found

    profile = getattr(request, "network_site", None)
    if profile is None or profile.key != sitekey or page_type != ARTICLE:
        return not_found(request)
    response = render(request, "publish/_boxes.html", {"boxes": shared_boxes(profile, page_type)})
    response["X-Robots-Tag"] = "noindex"
    return response


class SSIIncludes:
    """Set as ``request.wiredesk_ssi`` by the static export (never by the live server):
    ``article.html`` then asks :meth:`article_boxes` for an SSI directive to write where it
    would inline the boxes.

    ``selections`` memoises each site's shared selection for a whole export run; ``inlined``
    records whether the page kept its boxes inline (the export then knows the page depends on
    the box sources).
    """

    def __init__(self, selections: dict | None = None, include=None):
        self.selections = {} if selections is None else selections
        self.include = include
        self.inlined = False

    def selection(self, profile) -> tuple[set, str]:
        """The story ids the site's shared boxes show, and the directive that includes them."""
        if profile.pk not in self.selections:
            shown = shared_headlines(shared_boxes(profile))
            self.selections[profile.pk] = (shown, Markup(self.include(fragment_url(profile))))
        return self.selections[profile.pk]

    def article_boxes(self, profile, story):
        """The SSI directive for the site's article boxes, or None to inline them."""
        shown, directive = self.selection(profile)
        if story.pk in shown:
            self.inlined = True
            return None
        return directive
