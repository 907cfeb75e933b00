from django.contrib.auth import views as auth_views
from django.urls import path

from . import posts, views
from .login import login

app_name = "desk"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("rows/", views.queue_rows, name="rows"),
    path("audit/", views.audit, name="audit"),
    path("bulk/", posts.bulk, name="bulk"),
    path("story/<int:pk>/", views.story, name="story"),
    path("story/<int:pk>/edit/", views.edit, name="edit"),
    path("story/<int:pk>/<slug:action>/", posts.story_action, name="action"),
    path("login/", login, name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="desk:login"), name="logout"),
]
