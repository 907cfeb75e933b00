from django.contrib import admin
from django.urls import include, path

from wiredesk.desk.login import admin_login

urlpatterns = [
    path("admin/login/", admin_login),  # the admin's login, under the desk's rate limit
    path("admin/", admin.site.urls),
    path("desk/", include("wiredesk.desk.urls")),
    path("", include("wiredesk.publish.urls")),
]

handler404 = "wiredesk.publish.views.not_found"
