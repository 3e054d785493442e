from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse


def site(request):
    return {"SITE_URL": settings.SITE_URL, "sign_in_url": sign_in_url(request)}


def sign_in_url(request) -> str:
    """The header's "Sign in" link: back to this page afterwards. On the sign-in pages themselves it
    keeps the `next` they already carry (never nesting one in another); from the home page it adds
    none, so each role lands on its own desk."""
    login = reverse("account_login")
    if request.path.startswith(login.rsplit("/login/", 1)[0] + "/"):
        next_url = request.GET.get("next", "")
    elif request.path == reverse("home"):
        next_url = ""
    else:
        next_url = request.get_full_path()
    return f"{login}?{urlencode({'next': next_url})}" if next_url else login
