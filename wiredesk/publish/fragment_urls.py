"""Shared page fragments (headline boxes) that pages include at the edge with SSI."""

from django.urls import path

from . import fragments

urlpatterns = [
    path(
        "<slug:sitekey>/<slug:page_type>-boxes.html",
        fragments.boxes_fragment,
        name="fragment-boxes",
    ),
]
