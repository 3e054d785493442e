"""Personal sign-in links: issued by a service (an invitation), redeemed once by their person."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .bulk import insert_new
from .models import AccessLink
from .models.access import hash_token, new_token

SALT = "accounts.access-link"
PLACEHOLDER = "__token__"


class LinkInvalid(Exception):
    """The link cannot sign anyone in; `message` says why, `next_url` where it was meant to lead."""

    def __init__(self, message: str, next_url: str = ""):
        super().__init__(message)
        self.message, self.next_url = message, next_url


def issue_link(user, next_url: str, *, purpose: str = "", days: int | None = None) -> str:
    """A new personal link for `user` to `next_url`: the absolute URL to put in a message."""
    return issue_links([user], next_url, purpose=purpose, days=days)[0]


def issue_links(users, next_url: str, *, purpose: str = "", days: int | None = None) -> list[str]:
    """One new personal link per user (in order), written in one COPY (an invitation makes thousands)."""
    expires = timezone.now() + timedelta(days=days or settings.ACCESS_LINK_DAYS)
    signer = signing.Signer(salt=SALT)
    raws = [new_token() for _ in users]
    insert_new([AccessLink(user=user, token_hash=hash_token(raw), next_url=next_url, purpose=purpose,
                           expires_at=expires) for user, raw in zip(users, raws, strict=True)], "token_hash")
    # The path once, the tokens put in: reverse() per link was a tenth of an invitation's writing.
    path = reverse("accounts:access_link", args=[PLACEHOLDER])
    return [f"{settings.SITE_URL}{path.replace(PLACEHOLDER, signer.sign(raw))}" for raw in raws]


def find_link(token: str) -> AccessLink:
    """The link a token names, if it can still be used; raises LinkInvalid with the reason."""
    try:
        raw = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature as error:
        raise LinkInvalid(_("This sign-in link is not valid. Please sign in.")) from error
    link = AccessLink.objects.select_related("user").filter(token_hash=hash_token(raw)).first()
    if link is None:
        raise LinkInvalid(_("This sign-in link is not valid. Please sign in."))
    if link.used_at:
        raise LinkInvalid(_("This sign-in link has already been used. Please sign in."), link.next_url)
    if link.expires_at <= timezone.now():
        raise LinkInvalid(_("This sign-in link has expired. Please sign in."), link.next_url)
    if not link.user.is_active:
        raise LinkInvalid(_("This account is not active."), link.next_url)
    return link


def redeem_link(token: str) -> AccessLink:
    """Use the link: it signs in only once, even when two requests race (one UPDATE wins)."""
    link = find_link(token)
    with transaction.atomic():
        used = AccessLink.objects.filter(pk=link.pk, used_at__isnull=True, expires_at__gt=timezone.now()).update(
            used_at=timezone.now())
    if not used:
        raise LinkInvalid(_("This sign-in link has already been used. Please sign in."), link.next_url)
    return link
