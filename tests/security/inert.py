"""What "inert" means for a rendered page: parsed the way a browser parses it (an HTML5 parser), no script
but the site's own, no event-handler attribute, no script-bearing URL, no element that loads or embeds
something on its own."""

import re
import unicodedata

import lxml.html
import tinyhtml5
from django.conf import settings

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcdoc",
                  "{http://www.w3.org/1999/xlink}href"}
EMBEDDING = {"iframe", "frame", "object", "embed", "base", "applet"}
SCRIPT_SCHEMES = re.compile(r"^(javascript|vbscript|data|livescript):", re.IGNORECASE)
# Bidi controls and invisible characters that let a name or title pose as another (Trojan Source).
INVISIBLE = {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF, 0x034F,
             0x17B4, 0x17B5, 0x180E, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _own_script(element) -> bool:
    src = element.get("src", "")
    return (src.startswith("/" + settings.STATIC_URL.lstrip("/")) and not (element.text or "").strip()) or (
        element.get("nonce") is not None)


def parse(html: str, *, html5: bool):
    """The HTML5 parsing algorithm (tinyhtml5, pure Python) for sanitized Markdown, where a browser's re-parse
    could mutate it (mXSS); libxml2's parser (lxml, fifty times faster) for whole pages."""
    if html5:
        return tinyhtml5.parse(html, namespace_html_elements=False)
    return lxml.html.document_fromstring(html)


def live_markup(html: str, *, html5: bool = True) -> list[str]:
    """Every way this page could run or load something the site did not put there."""
    found = []
    for element in parse(html, html5=html5).iter():
        tag = _local(element.tag)
        if not tag:
            continue
        if tag == "script" and not _own_script(element):
            found.append(f"<script> {(element.get('src') or element.text or '')[:60]!r}")
        if tag in EMBEDDING:
            found.append(f"<{tag}>")
        if tag == "meta" and element.get("http-equiv", "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
        for name, value in element.attrib.items():
            local = _local(name)
            if local.startswith("on"):
                found.append(f"<{tag} {local}=...>")
            if local in URL_ATTRIBUTES or name in URL_ATTRIBUTES:
                plain = "".join(ch for ch in value if not (ch.isspace() or unicodedata.category(ch) == "Cc"))
                if SCRIPT_SCHEMES.match(plain) and not (tag == "img" and plain.lower().startswith("data:image/")):
                    found.append(f"<{tag} {local}={value[:40]!r}>")
    return found


def control_characters(text: str) -> list[str]:
    """C0/C1 controls other than tab, line feed and carriage return (what a textarea submits)."""
    return [f"U+{ord(ch):04X}" for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r"]


def invisible_characters(text: str) -> list[str]:
    return [f"U+{ord(ch):04X}" for ch in text if ord(ch) in INVISIBLE]
