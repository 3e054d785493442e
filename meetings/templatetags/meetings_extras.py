from django import template
from django.template import TemplateDoesNotExist

from ..text import render_markdown

register = template.Library()


@register.simple_tag(takes_context=True)
def optional_include(context, template_name: str):
    """Render a template with the current context if it exists, nothing otherwise.

    Lets another app plug into a meetings page (e.g. departments' responses on a speech) without
    meetings importing that app or breaking before it exists.
    """
    engine = context.template.engine
    try:
        included = engine.get_template(template_name)
    except TemplateDoesNotExist:
        return ""
    with context.push():
        return included.render(context)


@register.filter
def markdown(text: str):
    """Markdown → sanitized HTML, for text not stored pre-rendered (e.g. earlier versions)."""
    return render_markdown(text)


@register.filter
def with_pk(pattern: str, pk) -> str:
    """A URL reversed once with pk 0 (e.g. /c/x/comments/0/like/), made for this pk: no reverse per row."""
    head, _zero, tail = pattern.rpartition("/0/")
    return f"{head}/{pk}/{tail}"
