"""Demo data: a provincial committee's online consultation, built from public facts.

Every loader is idempotent: it finds what an earlier run made and adds only what is missing.
"""

from django.db import transaction

from . import consultation, people, speeches


@transaction.atomic
def load() -> list[tuple[str, str, str]]:
    """Load everything; returns the demo accounts as (role, username, phone)."""
    accounts = people.load()
    meeting = consultation.load()
    speeches.load(meeting)
    return accounts
