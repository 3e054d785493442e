"""What every meeting view needs: where to go back to, and how to refuse."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget


def back_to(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def sign_in_first(request, back: str):
    if request.htmx:
        return HttpResponseClientRedirect(f"{reverse('account_login')}?{urlencode({'next': back})}")
    return redirect_to_login(back)


def message_of(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You cannot do that here.")


def form_refusal(form) -> ValidationError:
    """A refused form's messages as one refusal, for `refused`."""
    return ValidationError([str(message) for errors in form.errors.values() for message in errors])


def refused(request, error, back: str):
    """Tell the person why, in place for htmx (the page's #flash region), or on the page they came from."""
    message = message_of(error)
    if request.htmx:
        response = render(request, "meetings/partials/flash.html", {"flash": message})
        return reswap(retarget(response, "#flash"), "innerHTML")
    messages.error(request, message)
    return redirect(back)
