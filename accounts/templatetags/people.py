from django import template

register = template.Library()


@register.inclusion_tag("accounts/partials/person.html")
def person(user, department=None):
    """A person's name with their role badge, the same everywhere they appear."""
    return {"person": user, "department": department}
