"""Every file is judged by its bytes: what is refused (with the limit named) and what is made safe."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from meetings.attachments.validation import prepare
from meetings.models import AttachmentKind

from . import files
from .files import upload


def refusal(name, content) -> str:
    with pytest.raises(ValidationError) as caught:
        prepare(upload(name, content))
    return " ".join(caught.value.messages)


# --- pictures ------------------------------------------------------------------------------------------


def test_a_phone_photo_loses_its_exif_and_location_and_is_turned_upright():
    # orientation 6: the camera held sideways; stored 400×300, seen 300×400
    prepared = prepare(upload("IMG_0001.JPG", files.photo((400, 300), orientation=6, gps=True), "image/jpeg"))
    assert prepared.kind == AttachmentKind.PICTURE and prepared.content_type == "image/jpeg"
    image = Image.open(io.BytesIO(prepared.content))
    assert image.size == (300, 400) == (prepared.width, prepared.height)
    exif = image.getexif()
    assert not exif.get(0x0112) and not exif.get(0x8825) and not exif.get(0x010F)
    assert b"PhoneMaker" not in prepared.content
    thumbnail = Image.open(io.BytesIO(prepared.thumbnail))
    assert thumbnail.format == "JPEG" and max(thumbnail.size) <= 480


@pytest.mark.parametrize("fmt,mode,expected", [("PNG", "RGBA", "image/png"), ("WEBP", "RGB", "image/jpeg"),
                                               ("PNG", "RGB", "image/jpeg")])
def test_png_and_webp_pictures_are_re_encoded(fmt, mode, expected):
    prepared = prepare(upload(f"chart.{fmt.lower()}", files.photo(fmt=fmt, mode=mode)))
    assert prepared.content_type == expected
    assert Image.open(io.BytesIO(prepared.content)).size == (400, 300)


def test_an_iphone_heic_picture_is_converted_to_jpeg():
    prepared = prepare(upload("IMG_1234.HEIC", files.heic(), "image/heic"))
    assert prepared.content_type == "image/jpeg" and prepared.name == "IMG_1234.jpg"
    assert Image.open(io.BytesIO(prepared.content)).format == "JPEG"


def test_a_very_large_photo_is_scaled_down(settings):
    settings.ATTACHMENT_PICTURE_MAX_SIDE = 1000
    prepared = prepare(upload("wide.jpg", files.photo((3000, 1500))))
    assert (prepared.width, prepared.height) == (1000, 500)


def test_a_decompression_bomb_is_refused_with_the_pixel_limit_named():
    message = refusal("cute-cat.png", files.png_bomb())
    assert "100000 × 100000" in message and "50" in message


def test_a_picture_over_the_configured_pixel_limit_is_refused(settings):
    settings.ATTACHMENT_MAX_MEGAPIXELS = 0.1
    message = refusal("photo.jpg", files.photo((400, 300)))
    assert "400 × 300" in message and "0.1" in message


def test_a_broken_picture_is_refused():
    assert "not a picture" in refusal("photo.jpg", files.photo()[:200]).lower() or "图片" in refusal(
        "photo.jpg", files.photo()[:200])


# --- disguises -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name,content", [
    ("drawing.svg", files.SVG), ("drawing.png", files.SVG), ("photo.jpg", files.HTML),
    ("report.pdf", b"\n  " + files.HTML),
])
def test_markup_is_refused_whatever_it_is_called(name, content):
    assert "SVG" in refusal(name, content)


@pytest.mark.parametrize("name,content", [
    ("photo.jpg", files.SCRIPT), ("voice.m4a", files.JAVASCRIPT), ("notes.txt", "会议纪要".encode()),
    ("report.docx", files._zip({"a.txt": "x"})),
])
def test_unknown_kinds_are_refused_naming_what_is_accepted(name, content):
    message = refusal(name, content)
    assert name in message and "PDF" in message and "JPEG" in message


def test_a_macro_enabled_office_file_renamed_docx_is_refused():
    assert "Office" in refusal("report.docx", files.docm_renamed_docx())


def test_an_empty_file_is_refused():
    assert "empty" in refusal("photo.jpg", b"") or "空" in refusal("photo.jpg", b"")


def test_a_file_over_the_size_limit_is_refused_with_the_limit_named(settings):
    settings.ATTACHMENT_MAX_FILE_MB = 0.001  # about 1 KB
    message = refusal("report.pdf", files.pdf() + b"%" * 2000)
    assert "1.0" in message and "report.pdf" in message


# --- documents ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name,make,content_type", [
    ("report.pdf", files.pdf, "application/pdf"),
    ("调研报告.docx", files.docx_file, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("figures.xlsx", files.xlsx_file, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("slides.pptx", files.pptx_file, "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
])
def test_documents_are_kept_byte_for_byte(name, make, content_type):
    content = make()
    prepared = prepare(upload(name, content))
    assert prepared.kind == AttachmentKind.DOCUMENT and prepared.content == content
    assert prepared.content_type == content_type and prepared.name == name


def test_a_file_name_loses_its_path_controls_and_bidi_tricks():
    prepared = prepare(upload("../../etc/re\u202eport\x00.pdf", files.pdf()))
    assert prepared.name == "report.pdf"


# --- voice -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("make,name", [(files.webm_voice, "voice.webm"), (files.mp4_voice, "voice.mp4"),
                                       (files.mp3_voice, "memo.mp3")])
def test_recordings_from_chrome_safari_and_files_are_accepted_with_their_duration(ffmpeg, make, name):
    prepared = prepare(upload(name, make(2)))
    assert prepared.kind == AttachmentKind.VOICE
    assert prepared.duration == pytest.approx(2, abs=0.2)


def test_a_recording_over_the_length_limit_is_refused_with_the_limit_named(ffmpeg, settings):
    settings.ATTACHMENT_VOICE_MAX_SECONDS = 2
    message = refusal("voice.webm", files.webm_voice(4))
    assert "0:04" in message and "0:02" in message


def test_a_video_is_refused(ffmpeg):
    assert "video" in refusal("voice.mp4", files.video()).lower() or "视频" in refusal("voice.mp4", files.video())


def test_a_broken_recording_is_refused(ffmpeg):
    assert "voice.webm" in refusal("voice.webm", files.webm_voice(1)[:60])


def test_a_container_without_sound_is_refused(ffmpeg, tmp_path):
    subtitles = tmp_path / "s.srt"
    subtitles.write_text("1\n00:00:00,000 --> 00:00:01,000\n你好\n", encoding="utf-8")
    silent = files.ffmpeg("-i", str(subtitles), "-c:s", "srt", suffix="mkv")
    message = refusal("voice.mkv", silent)
    assert "voice.mkv" in message and ("sound" in message or "声音" in message)


def test_something_that_only_starts_like_a_pdf_is_refused():
    assert "PDF" in refusal("report.pdf", b"%PDF" + b"x" * 100)
