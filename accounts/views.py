from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .access import LinkInvalid, find_link, redeem_link
from .forms import NotificationPreferencesForm, ProfileForm
from .models import Notification, NotificationSettings
from .notifications import centre


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


def _safe(request, url: str) -> str:
    return url if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}) else "/"


def access_link(request, token):
    """A personal link from an invitation: confirm (GET, so link scanners cannot use it up), then
    sign in and go to the consultation (POST). A used or expired link leads to the normal sign-in."""
    try:
        link = redeem_link(token) if request.method == "POST" else find_link(token)
    except LinkInvalid as invalid:
        messages.error(request, invalid.message)
        login_url = reverse("account_login")
        if invalid.next_url:
            login_url += "?" + urlencode({"next": _safe(request, invalid.next_url)})
        return redirect(login_url)
    if request.method == "POST":
        if request.user.is_authenticated and request.user.pk != link.user_id:
            logout(request)
        if not request.user.is_authenticated:
            login(request, link.user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(_safe(request, link.next_url))
    return render(request, "accounts/access_link.html", {"link": link, "person": link.user})


@login_required
def notification_centre(request):
    page = Paginator(centre.inbox(request.user).order_by("-created_at", "-pk"), 30).get_page(request.GET.get("page"))
    return render(request, "accounts/notifications.html", {
        "page": page, "unread": centre.unread_count(request.user),
    })


@login_required
@require_POST
def notification_read(request, pk):
    try:
        row = centre.mark_read(request.user, pk)
    except Notification.DoesNotExist as error:
        raise Http404 from error
    if request.htmx:
        response = render(request, "accounts/partials/notification.html", {"notification": row})
        response["HX-Trigger"] = "notifications-changed"
        return response
    return redirect(_safe(request, request.POST.get("next") or reverse("accounts:notifications")))


@login_required
@require_POST
def notifications_read_all(request):
    count = centre.mark_all_read(request.user)
    messages.success(request, _("%(n)d notifications marked read.") % {"n": count})
    return redirect("accounts:notifications")


@login_required
def notification_badge(request):
    """The nav item alone, for htmx to refresh after marking read."""
    return render(request, "accounts/partials/notifications_nav.html",
                  {"unread": centre.unread_count(request.user), "show": True})


@login_required
def notification_settings(request):
    user = request.user
    contact = NotificationSettings.objects.filter(user=user).first()
    form = NotificationPreferencesForm(
        request.POST or None, triggers=centre.triggers_for(user), current=centre.current_preferences(user),
        order=contact.order if contact else None,
    )
    if request.method == "POST" and form.is_valid():
        centre.save_preferences(user, form.choices_by_trigger(), form.cleaned_data["order"].split(","))
        messages.success(request, _("Your notification settings are saved."))
        return redirect("accounts:notification_settings")
    return render(request, "accounts/notification_settings.html", {"form": form, "contact": contact})
