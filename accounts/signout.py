"""Signing out leaves nothing of the person in the browser.

Speech drafts live in the browser's localStorage (static/js/drafts.js), so on a shared or borrowed
phone the next person could read them. Two things clear them on every sign-out (allauth's, the
admin's, an access link that switches people):

- the sign-out form carries `data-forget-drafts`, and static/js/site.js removes every draft when it is
  submitted;
- the response that signs the person out carries `Clear-Site-Data: "storage"`, which the browser
  honours on HTTPS (and localhost) even where the script did not run.
"""

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver


@receiver(user_logged_out)
def _signed_out(sender, request=None, **kwargs):
    if request is not None:
        request.clear_site_storage = True


class ClearSiteDataMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "clear_site_storage", False):
            response["Clear-Site-Data"] = '"storage"'
        return response
