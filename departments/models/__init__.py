from .aspect import Aspect
from .attachment import ResponseAttachment
from .audit import AuditEntry
from .claim import ACTIVE_STATES, OWING_STATES, Claim, ClaimRole, ClaimState
from .department import Department
from .press import Press
from .rating import Rating, Score
from .reply import Disposition, FollowUp, Reply

__all__ = [
    "ACTIVE_STATES",
    "OWING_STATES",
    "Aspect",
    "AuditEntry",
    "Claim",
    "ClaimRole",
    "ClaimState",
    "Department",
    "Disposition",
    "FollowUp",
    "Press",
    "Rating",
    "Reply",
    "ResponseAttachment",
    "Score",
]
