"""Small helpers the writers share."""

from django.utils import timezone
from django.utils.formats import date_format

DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (sub-topic numbers in official documents)."""
    if n < 10:
        return DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return (DIGITS[tens] if tens > 1 else "") + "十" + (DIGITS[ones] if ones else "")
    return str(n)


def when(value) -> str:
    """A datetime in the site's time zone, in the active language's format ('' for none)."""
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    return date_format(value, "DATE_FORMAT")


def hot_word_sizes(words: list[tuple[str, float]]) -> list[tuple[str, str]]:
    """Weights scaled to font sizes between 1 and 2 em, for the hot-words appendix."""
    if not words:
        return []
    top = words[0][1] or 1
    return [(word, f"{1 + weight / top:.2f}") for word, weight in words]
