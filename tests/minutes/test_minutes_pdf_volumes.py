"""The PDF of a large meeting is laid out in volumes and joined: a reader sees one document, its body
numbered page after page, its contents and bookmarks leading to the page where each speech starts."""

import re

from pypdf import PdfReader

from meetings.minutes.document import Minutes
from meetings.minutes.writers import WRITERS
from meetings.models import SubTopic


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def compiled_in_volumes(meeting, tmp_path, settings, internal=False) -> PdfReader:
    settings.MINUTES_PDF_VOLUME_SPEECHES = 1  # every speech a volume of its own
    path = tmp_path / "minutes.pdf"
    WRITERS["pdf"](Minutes(meeting.consultation, internal=internal), path)
    return PdfReader(str(path))


def test_the_body_is_numbered_continuously_across_volumes(meeting, tmp_path, settings):
    reader = compiled_in_volumes(meeting, tmp_path, settings)
    texts = [page.extract_text() for page in reader.pages]
    first_body = next(i for i, text in enumerate(texts) if "— 1 —" in text)
    assert first_body > 1  # cover and contents come before the body
    for number, text in enumerate(texts[first_body:], start=1):
        assert f"— {number} —" in text


def test_contents_and_bookmarks_lead_to_each_speech(meeting, tmp_path, settings):
    reader = compiled_in_volumes(meeting, tmp_path, settings)
    contents = squash(reader.pages[1].extract_text())
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert [item.title for item in top][:1] == ["概览"] and top[-1].title.startswith("附录三")
    speeches = [item for group in reader.outline if isinstance(group, list) for item in group]
    assert [item.title for item in speeches] == [speech.title for speech in meeting.speeches]
    for bookmark, speech in zip(speeches, meeting.speeches, strict=True):
        page = reader.get_destination_page_number(bookmark)
        assert squash(speech.title) in squash(reader.pages[page].extract_text())
        number = re.search(r"— (\d+) —", reader.pages[page].extract_text()).group(1)
        assert re.search(re.escape(squash(speech.title)) + r"\.*" + number, contents), (speech.title, number)


def test_the_internal_edition_bookmarks_a_hidden_speech_as_hidden(meeting, tmp_path, settings):
    reader = compiled_in_volumes(meeting, tmp_path, settings, internal=True)
    speeches = [item.title for group in reader.outline if isinstance(group, list) for item in group]
    assert f"【已隐藏】{meeting.hidden_speech.title}" in speeches


def test_a_sub_topic_without_speeches_says_so(meeting, tmp_path, settings):
    SubTopic.objects.create(consultation=meeting.consultation, order=9, title="乡村人才振兴")
    reader = compiled_in_volumes(meeting, tmp_path, settings)
    text = squash("".join(page.extract_text() for page in reader.pages))
    assert "乡村人才振兴该子议题下暂无发言。" in text
