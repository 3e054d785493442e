"""Speech and comment text: Markdown as written, rendered once at write time into safe HTML."""

import re
from functools import lru_cache

import nh3
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML

# Raw HTML in the source is shown as text (html=False); nh3 then removes anything that slipped by.
_markdown = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable(["table", "strikethrough"])

# Only pictures the site stores are shown (an outside picture is a tracking pixel: it tells its host who
# reads what, and when): a path on this site, not "//host" nor "/\\host", which browsers read as a host.
_OWN_PATH = re.compile(r"^/(?![/\\])[^\s\\]*$")


def is_own_image(src: str) -> bool:
    src = (src or "").strip()
    site = settings.SITE_URL.rstrip("/") + "/"
    if src.startswith(site):
        src = src[len(site) - 1:]
    return bool(_OWN_PATH.match(src))


def _image(renderer, tokens, index, options, env):
    """An outside picture becomes a plain link to it, labelled with its description."""
    token = tokens[index]
    src = token.attrGet("src") or ""
    if is_own_image(src):
        return RendererHTML.image(renderer, tokens, index, options, env)
    label = escapeHtml(renderer.renderInlineAsText(token.children or [], options, env) or src)
    return f'<a href="{escapeHtml(src)}">{label}</a>' if _markdown.validateLink(src) else label


def _table_cell(renderer, tokens, index, options, env):
    """Column alignment as a class, not a style attribute (the Content-Security-Policy allows no inline style)."""
    token = tokens[index]
    style = token.attrGet("style") or ""
    if style.startswith("text-align:"):
        token.attrs.pop("style")
        token.attrSet("class", "align-" + style.split(":", 1)[1].strip())
    return renderer.renderToken(tokens, index, options, env)


_markdown.add_render_rule("image", _image)
_markdown.add_render_rule("th_open", _table_cell)
_markdown.add_render_rule("td_open", _table_cell)

TAGS = {
    "p", "br", "hr", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
ALIGNMENTS = {"align-left", "align-center", "align-right"}
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
        allowed_classes={"th": ALIGNMENTS, "td": ALIGNMENTS},
        attribute_filter=_own_images_only,
    )


def _own_images_only(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not is_own_image(value):
        return None
    return value


def render_markdown(text: str) -> SafeString:
    """Markdown source → sanitized HTML, safe to put on a page as it is."""
    return mark_safe(sanitize(_markdown.render(text or "")))  # noqa: S308 - sanitized by nh3 just above


@lru_cache(maxsize=256)
def render_markdown_cached(text: str) -> SafeString:
    """For text rendered on every request (a consultation's guide): same output, computed once."""
    return render_markdown(text)

