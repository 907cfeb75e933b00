"""Who may open the desk, and the answers for those who may not (login, 403)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from wiredesk.stories.actions import Actor

VIEW_PERMISSION = "stories.view_story"


def denied(request, message: str, status: int = 403):
    return render(request, "desk/denied.html", {"message": message}, status=status)


def desk_page(permission: str = VIEW_PERMISSION):
    """Login required (a redirect to the desk's login), then ``permission`` (else 403)."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(VIEW_PERMISSION):
                return denied(
                    request,
                    "Your account has no desk role yet: ask an administrator to put it in the "
                    "viewer, contributor, editor or admin group.",
                )
            if not request.user.has_perm(permission):
                return denied(request, f"Your role does not allow this (needs {permission}).")
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def actor(request) -> Actor:
    return Actor.of(request.user)


def permissions(user) -> dict:
    """What the templates may offer: ``{"publish": bool, ...}`` for every desk action."""
    from wiredesk.stories.actions import PERMISSIONS

    return {name: user.has_perm(perm) for name, perm in PERMISSIONS.items()}
