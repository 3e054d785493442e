"""Telling people things. Other apps call `notify`; this package never imports them back.

routing: which channels a person gets for a trigger, and the outbox rows written in the caller's
transaction. delivery: claiming a row and sending it through its transport, retries, the sweeper.
"""

from .routing import Message, notify, notify_many, reachable_channels

__all__ = ["Message", "notify", "notify_many", "reachable_channels"]
