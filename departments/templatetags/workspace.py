from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("departments/partials/workspace_nav.html", takes_context=True)
def workspace_nav(context):
    """Officials: the link to their workspace with awaiting / due soon / overdue counts.
    Committee staff: the link to overdue and reopened claims, with the overdue count."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    if user.is_official:
        ids = selectors.user_department_ids(user)
        return {"official": True, "counts": selectors.workspace_counts(ids) if ids else {}}
    if user.is_committee_staff:
        return {"staff": True, "overdue": selectors.overdue_claims().count()}
    return {}
