from django import template

from ..text import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    """Markdown → sanitized HTML, for text not stored pre-rendered (e.g. earlier versions)."""
    return render_markdown(text)


@register.filter
def with_pk(pattern: str, pk) -> str:
    """A URL reversed once with pk 0 (e.g. /c/x/comments/0/like/), made for this pk: no reverse per row."""
    head, _zero, tail = pattern.rpartition("/0/")
    return f"{head}/{pk}/{tail}"
