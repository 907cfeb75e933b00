"""The desk's login page, and the admin's, with the login rate limit (see ratelimit.py)."""

from django.contrib import admin
from django.contrib.auth.views import LoginView
from django.shortcuts import render

from . import ratelimit


def too_many(request, form=None):
    """The 429 answer: the login form again, saying how long to wait."""
    wait = ratelimit.retry_after(request, request.POST.get("username", ""))
    minutes = max(1, round(wait / 60))
    response = render(
        request,
        "desk/login.html",
        {
            "form": form,
            "next": request.POST.get("next", "") or request.GET.get("next", ""),
            "blocked": f"Too many failed logins. Try again in about {minutes} "
            f"minute{'s' if minutes != 1 else ''}.",
        },
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


def blocked(request) -> bool:
    return request.method == "POST" and bool(
        ratelimit.retry_after(request, request.POST.get("username", ""))
    )


class DeskLoginView(LoginView):
    template_name = "desk/login.html"

    def post(self, request, *args, **kwargs):
        if blocked(request):
            return too_many(request, self.get_form())
        return super().post(request, *args, **kwargs)


login = DeskLoginView.as_view()


def admin_login(request, extra_context=None):
    """The admin's login with the same limit (route ``admin/login/`` here, before the admin)."""
    if blocked(request):
        return too_many(request)
    return admin.site.login(request, extra_context)
