"""Speech and comment text: Markdown as written, rendered once at write time into safe HTML."""

import unicodedata
from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# Raw HTML in the source is shown as text (html=False); nh3 then removes anything that slipped by.
_markdown = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable(["table", "strikethrough"])

TAGS = {
    "p", "br", "hr", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"},
              "th": {"style"}, "td": {"style"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize(html: str) -> str:
    """Keep only the tags a speech needs; no script, no on* attributes, no javascript: URLs."""
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer ugc",
        filter_style_properties={"text-align"},
    )


def render_markdown(text: str) -> SafeString:
    """Markdown source → sanitized HTML, safe to put on a page as it is."""
    return mark_safe(sanitize(_markdown.render(text or "")))  # noqa: S308 - sanitized by nh3 just above


@lru_cache(maxsize=256)
def render_markdown_cached(text: str) -> SafeString:
    """For text rendered on every request (a consultation's guide): same output, computed once."""
    return render_markdown(text)


def without_control_characters(value: str) -> str:
    """Drop control, format (zero-width, bidi) and private-use characters; keep tabs and newlines."""
    return "".join(ch for ch in value if ch in "\t\n" or unicodedata.category(ch) not in {"Cc", "Cf", "Co", "Cs"})
