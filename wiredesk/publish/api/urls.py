"""URLs of the JSON API (``/api/...``) and the headline widget."""

from django.urls import path

from . import openapi, views, widget

urlpatterns = [
    path("", views.index, name="api-index"),
    path("openapi.json", openapi.openapi_json, name="api-openapi"),
    path("sites/", views.sites, name="api-sites"),
    path("sites/<slug:key>/", views.site, name="api-site"),
    path("sites/<slug:key>/sections/", views.sections, name="api-sections"),
    path("sites/<slug:key>/headlines/", views.headlines, name="api-headlines"),
    path("stories/", views.stories, name="api-stories"),
    path("stories/<int:id>/", views.story, name="api-story"),
    path("widget.js", widget.widget_js, name="api-widget-js"),
    path("widget/<slug:key>/", widget.widget_frame, name="api-widget"),
]
