"""The project's fields for a message, and fitting each value to a template variable's kind and limit.

SMS templates (Tencent Cloud, Alibaba Cloud) and WeChat official account templates are approved by
the provider with typed variables: a title that is too long, a line break or a link in a variable
gets the whole message refused. So values are fitted here, not cut blindly at the transport.
"""

import datetime
import re
import unicodedata

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ELLIPSIS = "…"
# What the providers treat as a link: a scheme, "www.", or a dotted host name with a common TLD.
URL = re.compile(
    r"(?i)\b(?:[a-z][a-z0-9+.-]*://\S+|www\.\S+|(?:[a-z0-9-]+\.)+(?:cn|com|net|org|gov|edu|top|xyz|info|io|cc|me)"
    r"(?:[/:?#]\S*)?)"
)
SPACES = re.compile(r"\s+")

# The project's fields a template variable can be mapped to.
FIELDS = ("title", "name", "organizer", "time", "deadline", "status", "code", "sign_in_code")
TIME_FIELDS = {"time", "deadline"}

# A status word per trigger, short enough for a WeChat "phrase" keyword (≤ 5 characters).
STATUS_WORDS = {
    "invitation": gettext_lazy("Invited"),
    "stage_opened": gettext_lazy("Stage open"),
    "speech_claimed": gettext_lazy("Claimed"),
    "speech_answered": gettext_lazy("Answered"),
    "comment_replied": gettext_lazy("New reply"),
    "department_pressed": gettext_lazy("Pressed"),
    "claim_assigned": gettext_lazy("Assigned"),
    "claim_due_soon": gettext_lazy("Due soon"),
    "claim_overdue": gettext_lazy("Overdue"),
    "reply_rated": gettext_lazy("Rated"),
    "minutes_ready": gettext_lazy("Minutes out"),
}


def message_fields(notification) -> dict:
    """The values a template may show, from what the caller stored in `params` and the row itself."""
    params = notification.params or {}
    created = notification.created_at or timezone.now()
    deadline = parse_datetime(str(params.get("deadline") or "")) or created
    return {
        "title": str(params.get("title") or notification.subject),
        "name": str(params.get("name") or notification.recipient.shown_name),
        "organizer": str(params.get("organizer") or _("The committee")),
        "time": created,
        "deadline": deadline,
        "status": str(params.get("status") or STATUS_WORDS.get(notification.trigger, "")),
        "code": str(params.get("code") or ""),
        "sign_in_code": str(params.get("sign_in_code") or ""),
    }


def plain(value) -> str:
    """One line of text: control and format characters out, any whitespace run one space."""
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in str(value))
    return SPACES.sub(" ", text).strip()


def without_links(text: str) -> str:
    return SPACES.sub(" ", URL.sub("", text)).strip()


def has_link(text: str) -> bool:
    return bool(URL.search(text))


def shorten(text: str, limit: int | None, ellipsis: bool = True) -> str:
    """At most `limit` characters; a cut text ends with "…", which counts toward the limit."""
    if not limit or len(text) <= limit:
        return text
    if not ellipsis or limit < 2:
        return text[:limit]
    return text[:limit - 1].rstrip() + ELLIPSIS


TIME_FORMATS = ("%Y年%m月%d日 %H:%M", "%Y-%m-%d %H:%M", "%m月%d日%H:%M", "%m-%d %H:%M", "%m月%d日", "%m-%d")


def fit_time(value, limit: int | None, formats=TIME_FORMATS) -> str:
    """The longest of the usual Chinese renderings of a local time that fits the limit."""
    if not isinstance(value, datetime.datetime):
        return shorten(plain(value), limit, ellipsis=False)
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    rendered = [local.strftime(fmt) for fmt in formats]
    return next((text for text in rendered if not limit or len(text) <= limit), rendered[-1][:limit])


def fit(value, kind: str, limit: int | None) -> str:
    """`value` as a variable of `kind` accepts it: one line, no link unless it is a link kind, cut to
    `limit` (titles with "…", names and words without)."""
    if kind in ("time", "date"):
        return fit_time(value, limit, TIME_FORMATS[-2:] if kind == "date" and limit and limit < 8 else TIME_FORMATS)
    text = plain(value)
    if kind == "link":  # a path code after the approved address: letters, digits, - and _
        return re.sub(r"[^A-Za-z0-9_-]", "", text)[:limit]
    text = without_links(text).replace("【", "[").replace("】", "]")
    if kind == "number":
        return re.sub(r"\D", "", text)[:limit]
    if kind in ("character_string", "letter", "symbol"):
        return re.sub(r"[^\x21-\x7e]", "", text)[:limit]
    return shorten(text, limit, ellipsis=kind not in ("name", "phrase"))
