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


def chinese_date(value) -> str:
    """2026-11-28 → 二〇二六年十一月二十八日, as official documents date themselves."""
    if hasattr(value, "hour"):
        value = timezone.localtime(value).date()
    year = "".join("〇一二三四五六七八九"[int(d)] for d in str(value.year))
    return f"{year}年{chinese_numeral(value.month)}月{chinese_numeral(value.day)}日"


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


BREAK_BEFORE = "同与和及暨"  # a title reads best broken before a conjunction


def balanced_lines(title: str, per_line: int) -> list[str]:
    """A title in lines of nearly equal length, never a lone character on the last line: the fewest
    lines that fit `per_line` characters, each break moved (by up to two characters) to fall before a
    conjunction or after punctuation when one is near."""
    count = -(-len(title) // per_line) if title else 1
    if count <= 1:
        return [title]
    lines, start = [], 0
    for index in range(1, count):
        cut = round(len(title) * index / count)
        for shift in (0, 1, -1, 2, -2):
            at = cut + shift
            if start < at < len(title) and (title[at] in BREAK_BEFORE or title[at - 1] in "，、：；"):
                cut = at
                break
        lines.append(title[start:cut])
        start = cut
    lines.append(title[start:])
    return lines
