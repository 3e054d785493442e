"""Short path codes for SMS templates approved with a link variable: /i/<code> leads to the consultation.

The code is the consultation's id and a short keyed digest, so codes cannot be enumerated; it is the
same for everyone (no personal sign-in in an SMS: the invitee signs in with a code sent to the phone).
"""

from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import base36_to_int, int_to_base36

SALT = "meetings.invitations.shortlinks"
DIGEST = 5


def _digest(pk: int) -> str:
    return int_to_base36(int(salted_hmac(SALT, str(pk)).hexdigest()[:16], 16))[:DIGEST]


def short_code(consultation) -> str:
    return f"{int_to_base36(consultation.pk)}{_digest(consultation.pk)}"


def consultation_id(code: str) -> int | None:
    """The consultation a code names, or None for a code we did not make."""
    if not 1 + DIGEST <= len(code) <= 13 + DIGEST or not code.isalnum():
        return None
    try:
        pk = base36_to_int(code[:-DIGEST].lower())
    except ValueError:
        return None
    return pk if constant_time_compare(code[-DIGEST:], _digest(pk)) else None
