"""Quiet hours: no SMS or WeChat at night (local time) unless a message is urgent."""

import datetime

from django.conf import settings
from django.utils import timezone

QUIET_CHANNELS = {"sms", "wechat"}


def quiet_window() -> tuple[datetime.time, datetime.time] | None:
    text = (settings.NOTIFY_QUIET_HOURS or "").strip()
    if not text:
        return None
    start, end = (datetime.time.fromisoformat(part.strip()) for part in text.split("-"))
    return start, end


def release_time(now: datetime.datetime | None = None) -> datetime.datetime | None:
    """When a non-urgent SMS/WeChat message written at `now` may go out: None if right away."""
    window = quiet_window()
    if window is None:
        return None
    start, end = window
    local = timezone.localtime(now or timezone.now())
    clock = local.time()
    in_window = (start <= clock or clock < end) if start > end else (start <= clock < end)
    if not in_window:
        return None
    release = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    if release <= local:
        release += datetime.timedelta(days=1)
    return release
