"""Template tags the meetings pages use to show department responses (meetings never imports us)."""

from django import template
from django.utils.translation import gettext as _

from meetings.selectors import content_version

from .. import aspects, selectors, services

register = template.Library()

LIMITS = {"note": services.NOTE_MAX, "reply": services.REPLY_MAX, "follow_up": services.FOLLOW_UP_MAX,
          "excerpt": aspects.EXCERPT_LIMIT, "aspect_title": aspects.TITLE_LIMIT}


@register.simple_tag
def limit(name):
    """`{% limit "note" %}`: how many characters a field of the workflow takes (the forms' limit)."""
    return LIMITS[name]


@register.simple_tag(takes_context=True)
def responses_for(context, post):
    """`{% responses_for post as data %}`: the speech's aspects, claims, replies, follow-ups, presses,
    ratings and what the person looking may do, in a fixed number of queries."""
    return selectors.responses_for_post(post, context["request"].user)


@register.simple_tag(takes_context=True)
def responses_shared_key(context, post):
    """`{% responses_shared_key post as key %}`: the cache key of the block every reader without an action
    sees, or "" for those who may act (officials, leaders, staff, the speech's author) or get messages."""
    request = context["request"]
    if request.htmx or not selectors.responses_are_shared(post, request.user):
        return ""
    return f"{post.pk}:{content_version(post.consultation_id)}:{selectors.today().isoformat()}"


@register.simple_tag
def figures_for(consultation):
    """`{% figures_for consultation as figures %}`: the consultation's response figures."""
    return selectors.consultation_figures(consultation)


@register.filter
def duration(value):
    """A timedelta as days and hours, e.g. 2天3小时 / 2 days 3 hours."""
    if value is None:
        return "—"
    hours = int(value.total_seconds() // 3600)
    days, hours = divmod(hours, 24)
    if days:
        return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    minutes = int(value.total_seconds() // 60) % 60
    if not hours:
        return _("%(minutes)d min") % {"minutes": minutes}
    return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
