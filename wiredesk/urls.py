from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("desk/", include("wiredesk.desk.urls")),
    path("", include("wiredesk.publish.urls")),
]

handler404 = "wiredesk.publish.views.not_found"
