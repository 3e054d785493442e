"""Web addresses made from titles: a Chinese title gives its pinyin (乡村振兴 → xiang-cun-zhen-xing)."""

import secrets

from django.utils.text import slugify
from pypinyin import lazy_pinyin

MAX_LENGTH = 80


def slug_from_title(title: str, max_length: int = MAX_LENGTH) -> str:
    """A readable ASCII slug: pinyin for Chinese characters, letters and digits as they are; a short
    random id when nothing readable remains (a title of only punctuation or emoji)."""
    words = lazy_pinyin(title or "", errors=lambda chars: [chars])
    slug = slugify(" ".join(words))[:max_length].strip("-")
    return slug or f"c-{secrets.token_hex(4)}"


def unique_slug(model, title: str, *, exclude_pk=None, max_length: int = MAX_LENGTH) -> str:
    """`slug_from_title`, with -2, -3 … appended while another row of `model` holds it."""
    base = slug_from_title(title, max_length - 4)
    taken = set(model._default_manager.filter(slug__startswith=base).exclude(pk=exclude_pk)
                .values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
