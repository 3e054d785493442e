from .notification import Channel, Notification, Trigger
from .user import Role, User

__all__ = ["Channel", "Notification", "Role", "Trigger", "User"]
