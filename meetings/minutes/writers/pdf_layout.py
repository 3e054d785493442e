"""A layout worker for the PDF minutes: run as a script (`python pdf_layout.py '<json options>'`), it
reads the path of one volume's HTML per line on stdin, writes the PDF beside it and answers one JSON
line: {"pages", "anchors" (anchor → page index), "peak_mib", "retiring"} or {"error", …}.

It imports WeasyPrint and the standard library only, never Django or the project (about 60 MiB
before the first volume instead of the 270 MiB of a Django process), and is started by
`writers.pdf` with the options that Django's settings decide: the font, the folders WeasyPrint may
read and where uploaded media live.
"""

import json
import logging
import resource
import sys
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

for name in ("weasyprint", "weasyprint.progress", "fontTools"):
    logging.getLogger(name).setLevel(logging.ERROR)


def local_fetcher(allowed: list[Path], media_url: str, media_root: Path):
    """WeasyPrint may read our font and uploaded media, and nothing else: a speech's image link to
    another host must not make the worker fetch it (no server-side requests on a member's behalf)."""
    from weasyprint.urls import URLFetcher

    media_prefix = "/" + media_url.strip("/") + "/"
    roots = [p.resolve() for p in allowed]

    class LocalOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if not url.startswith("file:"):
                raise ValueError(f"not fetched: {url[:80]}")
            local = Path(url2pathname(urlsplit(url).path))
            if str(local).startswith(media_prefix):
                local = media_root / str(local)[len(media_prefix):]
            local = local.resolve()
            if not any(local.is_relative_to(root) for root in roots):
                raise ValueError(f"not fetched: {url[:80]}")
            return super().fetch(local.as_uri(), headers)

    return LocalOnly(timeout=5)


# The elements the minutes' print templates use, and nothing else: WeasyPrint matches every element
# against its user-agent stylesheet (forms, lists, tables, 40 counter styles…), which was a quarter
# of the layout time of a volume. The print stylesheet sets the rest.
USER_AGENT_CSS = """
html, body, header, nav, section, article, div, p, h1, h2, h3, figure, figcaption, ul, ol { display: block }
head, style, title, meta, script, [hidden] { display: none }
li { display: list-item }
b { font-weight: bold }
img, svg { overflow: hidden }
br::before { content: "\\A"; white-space: pre-line }
"""


def lay_out(html: Path, font: str | None, fetcher) -> dict:
    """One volume's HTML to the PDF beside it; the HTML is removed once laid out."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    class PrintHTML(HTML):
        def _ua_stylesheets(self, forms=False):  # WeasyPrint 70's hook for its default stylesheet
            return [CSS(string=USER_AGENT_CSS)]

    fonts = FontConfiguration()
    stylesheets = []
    if font:  # one embedded CJK face for every text style, so no character falls back to a box
        stylesheets.append(CSS(string=(
            f'@font-face {{ font-family: "Minutes CJK"; src: url("{Path(font).as_uri()}"); }}'
            'html, h1, h2, h3, .title, .organizer { font-family: "Minutes CJK", sans-serif; }'
        ), font_config=fonts, url_fetcher=fetcher))
    document = PrintHTML(filename=str(html), encoding="utf-8", url_fetcher=fetcher).render(
        stylesheets=stylesheets, font_config=fonts)
    anchors = {name: index for index, page in enumerate(document.pages) for name in page.anchors}
    document.write_pdf(str(html.with_suffix(".pdf")), uncompressed_pdf=False)
    html.unlink(missing_ok=True)
    return {"pages": len(document.pages), "anchors": anchors}


def serve(options: dict) -> None:
    font = options.get("font")
    allowed = [Path(p) for p in options["roots"]]
    for line in sys.stdin:
        html = Path(line.strip())
        fetcher = local_fetcher([html.parent, *allowed], options["media_url"], Path(options["media_root"]))
        try:
            answer = lay_out(html, font, fetcher)
        except Exception as error:  # noqa: BLE001 - reported to the compilation, which fails with it
            answer = {"error": f"{type(error).__name__}: {error}"[:2000]}
        answer["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # Freed layouts are not all given back to the system, and what stays adds up from volume to
        # volume: past the limit the process ends after answering, and a fresh one takes its place.
        answer["retiring"] = resident_mib() > options["retire_mib"]
        print(json.dumps(answer), flush=True)
        if answer["retiring"]:
            return


def resident_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


if __name__ == "__main__":
    serve(json.loads(sys.argv[1]))
