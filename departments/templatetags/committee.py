from django import template
from django.core.cache import cache

from ..tracker.selectors import committee_totals

register = template.Library()

TOTALS_SECONDS = 300


@register.inclusion_tag("departments/partials/committee_totals.html")
def committee_record():
    """The home page's totals: suggestions handled, answered, completed, and satisfaction (cached 5 minutes)."""
    totals = cache.get_or_set("departments:committee-totals", committee_totals, TOTALS_SECONDS)
    return {"totals": totals}
