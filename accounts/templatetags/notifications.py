from django import template

from ..notifications.centre import unread_count

register = template.Library()


@register.inclusion_tag("accounts/partials/notifications_nav.html", takes_context=True)
def notifications_nav(context):
    """The navigation item for the notification centre, with the unread count (one COUNT query)."""
    user = context["request"].user
    return {"unread": unread_count(user) if user.is_authenticated else 0, "show": user.is_authenticated}
