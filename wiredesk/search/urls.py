"""The public search page of each site (``/search/``)."""

urlpatterns = []
