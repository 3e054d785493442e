"""The one question every app asks about a person: is this committee staff?"""


def is_committee_staff(user) -> bool:
    """Committee staff (the staff role, or a superuser) run consultations, moderate and see everything."""
    return bool(user.is_authenticated and user.is_committee_staff)
