"""Public URLs. Article paths follow each site's permalink pattern, ``/PREFIX/{slug}_{id}.html``
or ``/{slug}_{id}.html``; the view checks that the prefix is the site's own."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.front, name="front"),
    path("section/<slug:key>/", views.section, name="section"),
    path("<str:prefix>/<str:slug>_<int:id>.html", views.article, name="article"),
    path("<str:slug>_<int:id>.html", views.article, name="article-root"),
]
