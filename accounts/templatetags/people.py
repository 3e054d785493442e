from django import template

register = template.Library()


@register.inclusion_tag("accounts/partials/person.html")
def person(user, department=None):
    """A person's name with their role badge, the same everywhere they appear."""
    return {"person": user, "department": department}


@register.filter
def masked_phone(phone: str) -> str:
    """+8613800138011 → 138****8011: enough for the owner to recognise, not enough to copy."""
    digits = (phone or "").removeprefix("+86")
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 8 else digits
