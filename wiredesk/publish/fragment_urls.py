"""Shared page fragments (headline boxes) that pages include at the edge with SSI."""

urlpatterns = []
