"""Small helpers the writers share."""

import re
from functools import cache

from django.utils import timezone
from django.utils.dateformat import DateFormat
from django.utils.formats import get_format

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


SPECIFIER = re.compile(r"(?<!\\)([aAbcdDeEfFgGhHiIjlLmMnNoOPrsStTUuwWyYzZ])")
ESCAPED = re.compile(r"\\(.)")


@cache
def compiled(format_string: str) -> tuple[tuple[str, bool], ...]:
    """A Django date format as (piece, is a specifier) pairs, parsed once rather than on every date."""
    return tuple((piece if index % 2 else ESCAPED.sub(r"\1", piece), bool(index % 2))
                 for index, piece in enumerate(SPECIFIER.split(format_string)) if piece)


def when(value) -> str:
    """A datetime in the site's time zone, in the active language's format ('' for none): what
    `date_format` prints, a third of its time (the minutes print some 60,000 of them)."""
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value, format_string = timezone.localtime(value), get_format("DATETIME_FORMAT")
    else:
        format_string = get_format("DATE_FORMAT")
    dated = DateFormat(value)
    return "".join(str(getattr(dated, piece)()) if specifier else piece
                   for piece, specifier in compiled(format_string))


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
