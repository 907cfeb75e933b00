"""URLs of the JSON API (``/api/...``) and the headline widget."""

urlpatterns = []
