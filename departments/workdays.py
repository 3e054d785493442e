"""Working days in mainland China: weekends and public holidays off, adjusted working weekends on.

`chinesecalendar` carries the State Council's yearly holiday arrangement; for a year it does not
cover yet, plain Monday-to-Friday is the fallback.
"""

from datetime import date, timedelta

import chinese_calendar


def is_working_day(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (the start day itself does not count)."""
    day = start
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day
