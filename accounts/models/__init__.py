from .access import AccessLink
from .names import ReservedNameWord
from .notification import Channel, Failure, Notification, Trigger
from .preferences import NotificationPreference, NotificationSettings
from .user import Role, User

__all__ = [
    "AccessLink",
    "Channel",
    "Failure",
    "Notification",
    "NotificationPreference",
    "NotificationSettings",
    "ReservedNameWord",
    "Role",
    "Trigger",
    "User",
]
