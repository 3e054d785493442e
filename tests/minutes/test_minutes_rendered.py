"""The demo consultation's minutes, rendered by real office software and read back as a reader sees them.

LibreOffice (headless) turns the compiled DOCX and XLSX into PDF; WeasyPrint's PDF is read the same
way. Each text must list the sub-topics in its contents, print every speech title, show no English
word of the interface in the Chinese edition and no negative duration, on a sane number of pages.
"""

import io
import re
import shutil
import subprocess

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from pypdf import PdfReader

from meetings.minutes.document import Minutes
from meetings.minutes.writers import WRITERS
from meetings.models import Consultation
from tests.conftest import require_component

pytestmark = pytest.mark.django_db

NEGATIVE_DURATION = re.compile(r"[-−]\s*\d+\s*(天|小时|d\b|h\b)")
CATALOG = settings.BASE_DIR / "meetings/minutes/locale/zh_Hans/LC_MESSAGES/django.po"


def english_ui_words() -> list[str]:
    """The minutes' English msgids (placeholders removed) and the departments' "Whole speech"."""
    words = {"Whole speech", "Department responses", "Unclaimed"}
    for entry in polib.pofile(str(CATALOG)):
        if entry.msgctxt == "minutes":
            plain = re.sub(r"%\(\w+\)\w|[%:()]", " ", entry.msgid).strip()
            words |= {part.strip() for part in plain.split("  ") if len(part.strip()) >= 4}
    return sorted(words)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pages_text(path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    consultation = Consultation.objects.get(slug="consolidate-poverty-alleviation")
    subtopics = list(consultation.subtopics.order_by("order").values_list("title", flat=True))
    speeches = list(consultation.posts.filter(is_hidden=False).values_list("title", flat=True))
    return consultation, subtopics, speeches


def soffice_to_pdf(sources, out_dir, profile_dir) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require_component("LibreOffice", bool(soffice), "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui")
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile_dir}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, sources)],
        check=True, capture_output=True, timeout=240,
    )


def assert_reads_right(pages: list[str], speeches: list[str], pages_between: tuple[int, int]) -> None:
    text = "\n".join(pages)
    flat = squash(text)
    for title in speeches:
        assert squash(title) in flat, f"speech {title!r} missing"
    for word in english_ui_words():
        assert word not in text, f"English UI words {word!r} in the Chinese edition"
    assert not NEGATIVE_DURATION.search(text), NEGATIVE_DURATION.search(text)
    low, high = pages_between
    assert low <= len(pages) <= high, f"{len(pages)} pages"


def test_docx_and_xlsx_read_right_in_libreoffice(demo, tmp_path):
    consultation, subtopics, speeches = demo
    docx, xlsx = tmp_path / "minutes.docx", tmp_path / "aspects.xlsx"
    WRITERS["docx"](Minutes(consultation), docx)
    WRITERS["xlsx"](Minutes(consultation), xlsx)
    soffice_to_pdf([docx, xlsx], tmp_path / "pdf", tmp_path / "lo-profile")

    pages = pages_text(tmp_path / "pdf" / "minutes.pdf")
    assert_reads_right(pages, speeches, (8, 60))
    contents = squash(pages[1])  # the page after the cover
    assert "目录" in contents
    numerals = "一二三四五六七八九"
    for number, title in enumerate(subtopics):
        assert squash(f"{numerals[number]}、{title}") in contents
    assert "附录一" in contents and "附录三" in contents
    assert "— 1 —" in pages[1] or "—1—" in contents  # numbered from the page after the cover
    assert "整篇发言" in "".join(pages) or "部门回应" in "".join(pages)
    assert "人点赞" in "".join(pages)

    sheet = pages_text(tmp_path / "pdf" / "aspects.pdf")
    answered = list(consultation.posts.filter(aspects__isnull=False).distinct().values_list("title", flat=True))
    assert_reads_right(sheet, answered, (1, 20))
    assert squash("办理状态") in squash(sheet[0]) and "整篇发言" in squash("".join(sheet))


def test_weasyprint_pdf_reads_right(demo, tmp_path):
    consultation, subtopics, speeches = demo
    path = tmp_path / "minutes.pdf"
    WRITERS["pdf"](Minutes(consultation), path)
    pages = pages_text(path)
    assert_reads_right(pages, speeches, (8, 60))
    contents = squash(pages[1])
    numerals = "一二三四五六七八九"
    for number, title in enumerate(subtopics):
        assert squash(f"{numerals[number]}、{title}") in contents
    assert re.search(r"附录一参会人员（按角色）\.*\d+", contents)  # with its page number
    reader = PdfReader(str(path))
    bookmarks = [item.title for item in reader.outline if not isinstance(item, list)]
    assert bookmarks[0] == "概览" and bookmarks[-1].startswith("附录三")
