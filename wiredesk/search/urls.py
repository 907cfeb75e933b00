"""The public search page of each site (``/search/``)."""

from django.urls import path

from . import views

urlpatterns = [path("", views.search, name="search")]
