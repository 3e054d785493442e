"""The PDF of the minutes: volumes laid out by WeasyPrint in parallel processes, joined by pypdf.

WeasyPrint keeps every page of a document in memory and lays out a few tens of pages a second, so
the minutes are never one WeasyPrint document. This process walks the records once and writes the
speeches as volumes of at most MINUTES_PDF_VOLUME_SPEECHES (each sub-topic opens a volume), and
MINUTES_PDF_PROCESSES layout processes without Django (writers/pdf_layout.py) lay them out, one
volume at a time each, so no process ever holds more than one volume. The appendices are one more
volume; the front matter (cover, contents with the page numbers now known, summary)
is laid out last, in parts. pypdf joins the volumes, numbers the pages (the front matter in roman
numerals, the body from 1 to the end) and writes the bookmarks (summary, sub-topics with their
speeches, appendices).

A speech is set from its own lean template (templates/meetings/minutes/pdf/speech.html: bold runs for
marks, no lists or spans per name), not from the printable page's blocks (html_parts.speech_html):
laid out from those, the 10,000-speech meeting took 250 s of CPU against 186 s (bench_minutes_pdf).
"""

import contextlib
import json
import logging
import os
import queue
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.template.loader import get_template

from ...insight.charts import chart_svg
from .. import figures
from ..document import Minutes
from ..i18n import t
from .common import balanced_lines, chinese_date, chinese_numeral
from .pdf_join import join_volumes

logger = logging.getLogger(__name__)
TEMPLATES = "meetings/minutes/pdf/"
# Run as a script, with -P so that this folder (whose html.py would shadow the standard library's) is
# not on its path.
LAYOUT_SCRIPT = Path(__file__).with_name("pdf_layout.py")
COVER_TITLE_CHARACTERS = 20  # per line of the cover title at 20 pt on A4
# A layout process whose resident memory stays above this after a volume is replaced by a fresh one.
RETIRE_MIB = 400
CONTENTS_ENTRIES = 2000  # lines of the contents per volume: about 40 pages, 300 MiB to lay out


@dataclass
class Volume:
    """One WeasyPrint document of the minutes, and what the join needs to know about it."""

    html: Path
    bookmarks: list[tuple[int, str, str]] = field(default_factory=list)  # (level, title, anchor)
    pages: int = 0
    anchors: dict[str, int] = field(default_factory=dict)  # anchor → page index in the volume
    peak_mib: float = 0.0

    @property
    def pdf(self) -> Path:
        return self.html.with_suffix(".pdf")


def write_pdf(minutes: Minutes, path: Path) -> None:
    """Body volumes are laid out while the records are still being read, then the appendices, cover
    and summary; the contents last, in parts, once every body page number is known; then the join."""
    folder_context = tempfile.TemporaryDirectory(dir=path.parent, prefix=f".{path.stem}-volumes-")
    with folder_context as name, LayoutWorkers(max(1, settings.MINUTES_PDF_PROCESSES)) as workers:
        folder, started = Path(name), time.perf_counter()
        body, laid_out = [], []
        for volume in body_volumes(minutes, folder):
            body.append(volume)
            laid_out.append(workers.submit(volume))
        body.append(appendix_volume(minutes, folder))
        cover = front_volume(minutes, folder, "cover", [])
        summary = front_volume(minutes, folder, "summary", [(1, t("Summary"), "summary")])
        laid_out += [workers.submit(volume) for volume in (body[-1], cover, summary)]
        for result in laid_out:
            result.result()
        contents = contents_volumes(minutes, folder, body)
        for result in [workers.submit(volume) for volume in contents]:
            result.result()
        join_volumes([cover, *contents, summary], body, path)
        logger.info("PDF minutes: %d volumes, %d pages in %.0f s", len(body) + len(contents) + 2,
                    sum(v.pages for v in [cover, *contents, summary, *body]), time.perf_counter() - started)


def body_volumes(minutes: Minutes, folder: Path):
    """The speeches, a sub-topic at a time, cut into volumes; each is yielded once its HTML is written."""
    head, speech, tail = (get_template(f"{TEMPLATES}{name}.html") for name in ("volume_head", "speech", "volume_tail"))
    per_volume, internal, cover = max(1, settings.MINUTES_PDF_VOLUME_SPEECHES), minutes.internal, minutes.cover()
    for subtopic in minutes.subtopics():
        numeral = chinese_numeral(subtopic.number)
        volume = Volume(folder / f"body-{subtopic.number}-0.html",
                        [(1, f"{numeral}、{subtopic.title}", f"subtopic-{subtopic.number}")])
        out = open(volume.html, "w", encoding="utf-8")
        out.write(head.render({"cover": cover, "subtopic": subtopic, "numeral": numeral}))
        count = 0
        for entry in subtopic.speeches:
            if count and count % per_volume == 0:
                out.write(tail.render({}))
                out.close()
                yield volume
                volume = Volume(folder / f"body-{subtopic.number}-{count}.html")
                out = open(volume.html, "w", encoding="utf-8")
                out.write(head.render({"cover": cover}))
            count += 1
            mark = f"【{t('Hidden')}】" if entry.hidden else ""
            volume.bookmarks.append((2, mark + entry.title, f"speech-{entry.number}"))
            out.write(speech.render({"speech": entry, "internal": internal}))
        out.write(tail.render({"empty": not count}))
        out.close()
        yield volume


def appendix_volume(minutes: Minutes, folder: Path) -> Volume:
    cover = minutes.cover()
    volume = Volume(folder / "appendices.html", [
        (1, t("Appendix 1: Participants by role"), "appendix-participants"),
        (1, t("Appendix 2: Aspects and department responses"), "appendix-aspects"),
        (1, t("Appendix 3: Hot words"), "appendix-hot-words"),
    ])
    with open(volume.html, "w", encoding="utf-8") as out:
        out.write(get_template(f"{TEMPLATES}appendices.html").render({
            "cover": cover, "signed_on": chinese_date(cover.compiled_at),
            "participants": figures.participants_by_role(minutes), "rows": figures.aspect_rows(minutes),
            "hot_words": minutes.top_hot_words(),
        }))
    return volume


def front_volume(minutes: Minutes, folder: Path, part: str, bookmarks: list) -> Volume:
    """The cover or the summary (figures and charts)."""
    cover = minutes.cover()
    context = {"cover": cover}
    if part == "cover":
        context["title_lines"] = balanced_lines(cover.title, COVER_TITLE_CHARACTERS)
    else:
        context["figures"] = figures.summary_figures(minutes)
        context["charts"] = [(chart, chart_svg(chart)) for chart in figures.charts(minutes)]
    volume = Volume(folder / f"{part}.html", bookmarks)
    volume.html.write_text(get_template(f"{TEMPLATES}{part}.html").render(context), encoding="utf-8")
    return volume


def contents_volumes(minutes: Minutes, folder: Path, body: list[Volume]) -> list[Volume]:
    """The contents, with each entry's page in the numbering of the body, cut in parts of
    CONTENTS_ENTRIES so they are laid out side by side (a 10,000-speech meeting has 186 pages of them)."""
    entries, first_page = [], 1
    for volume in body:
        for level, title, anchor in volume.bookmarks:
            entries.append({"level": level, "title": title, "page": first_page + volume.anchors.get(anchor, 0)})
        first_page += volume.pages
    cover, contents = minutes.cover(), get_template(f"{TEMPLATES}contents.html")
    volumes = []
    for start in range(0, len(entries), CONTENTS_ENTRIES):
        volume = Volume(folder / f"contents-{start}.html")
        volume.html.write_text(contents.render({
            "cover": cover, "first": start == 0, "toc": entries[start:start + CONTENTS_ENTRIES]}), encoding="utf-8")
        volumes.append(volume)
    return volumes


class LayoutWorkers:
    """`count` layout processes (writers/pdf_layout.py), each fed one volume at a time by a thread."""

    def __init__(self, count: int):
        font = cjk_font()
        self.options = json.dumps({
            "font": font, "roots": [str(settings.MEDIA_ROOT)] + ([str(Path(font).parent)] if font else []),
            "media_url": settings.MEDIA_URL, "media_root": str(settings.MEDIA_ROOT), "retire_mib": RETIRE_MIB,
        })
        self.idle = queue.SimpleQueue()
        self.processes = []
        for _ in range(count):
            self.idle.put(self.start())
        self.threads = ThreadPoolExecutor(count, thread_name_prefix="pdf-layout")

    def start(self) -> subprocess.Popen:
        process = subprocess.Popen([sys.executable, "-P", str(LAYOUT_SCRIPT), self.options], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, text=True, encoding="utf-8")
        self.processes.append(process)
        return process

    def submit(self, volume: Volume):
        return self.threads.submit(self.lay_out, volume)

    def lay_out(self, volume: Volume) -> None:
        process = self.idle.get()
        try:
            process.stdin.write(f"{volume.html}\n")
            process.stdin.flush()
            answer = json.loads(process.stdout.readline() or '{"error": "the layout process ended"}')
            if answer.get("retiring"):
                process.wait()
                process = self.start()
        finally:
            self.idle.put(process)
        if "error" in answer:
            raise RuntimeError(f"PDF layout of {volume.html.name}: {answer['error']}")
        volume.pages, volume.anchors, volume.peak_mib = answer["pages"], answer["anchors"], answer["peak_mib"]
        logger.info("PDF volume %s: %d pages; layout process at most %.0f MiB", volume.html.stem, volume.pages,
                    volume.peak_mib)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.threads.shutdown(cancel_futures=True)
        for process in self.processes:
            with contextlib.suppress(OSError):  # a process that died has closed its end
                process.stdin.close()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def cjk_font() -> str | None:
    """A font file the operator names (MINUTES_PDF_FONT) to set the whole PDF in; by default the
    stylesheet's font stacks pick the open CJK faces installed with the project (.ci/run)."""
    configured = settings.MINUTES_PDF_FONT
    return configured if configured and os.path.exists(configured) else None
