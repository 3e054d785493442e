"""What people upload, checked by content and never by file name, then made safe to serve.

The type is sniffed from the bytes (`filetype`); markup (HTML, SVG, XML) and scripts are refused
whatever they are called; pictures are re-encoded with Pillow (EXIF and location gone, orientation
applied, a thumbnail made); Office files must hold the OOXML part their type promises; voice must
be sound (ffprobe) within the length limit. Every refusal names the file and the limit.
"""

import hashlib
import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

import filetype
import pillow_heif
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from ..models.attachment import NAME_MAX, AttachmentKind
from . import voice

pillow_heif.register_heif_opener()

PICTURES = {"image/jpeg", "image/png", "image/webp", "image/heic"}
PICTURE_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF"}
OOXML = {  # sniffed type → the main part [Content_Types].xml must declare
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation":
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
DOCUMENTS = {"application/pdf", *OOXML}
# MediaRecorder writes WebM (Chrome, Android WeChat) or MP4 (Safari, iOS WeChat); phones also keep
# M4A, MP3, AMR (older WeChat voice), OGG, WAV, AAC. ffprobe then proves they hold sound, not video.
SOUNDS = {"audio/aac", "audio/mpeg", "audio/mp4", "audio/ogg", "audio/x-wav", "audio/amr", "audio/x-flac",
          "video/webm", "video/mp4", "video/3gpp", "video/quicktime", "video/x-matroska"}
MARKUP = re.compile(rb"^\s*<(\?xml|!doctype|!--|html|head|body|svg|script|iframe|object|embed|a\s|div|img|meta)",
                    re.IGNORECASE)
UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff/\\:*?\"<>|]")
MAX_UNZIPPED_RATIO = 20  # an Office file that inflates beyond 20× the file limit is a zip bomb


@dataclass
class Prepared:
    """A checked upload, ready to store: `content` is what readers get."""

    kind: str
    name: str
    content_type: str
    extension: str
    content: bytes
    thumbnail: bytes | None = None
    width: int | None = None
    height: int | None = None
    duration: float | None = None

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def megabytes(value: float) -> int:
    return int(value * 1024 * 1024)


def file_limit() -> int:
    return megabytes(settings.ATTACHMENT_MAX_FILE_MB)


def total_limit() -> int:
    return megabytes(settings.ATTACHMENT_MAX_TOTAL_MB)


def clean_name(name: str) -> str:
    """The person's file name, for display and download only: no paths, controls or bidi tricks."""
    name = unicodedata.normalize("NFC", (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1])
    name = UNSAFE_NAME.sub("", name).strip(" .") or _("file")
    if len(name) > NAME_MAX:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[: NAME_MAX - len(suffix) - 1] + dot + suffix) if dot and len(suffix) < 10 else name[:NAME_MAX]
    return name


def with_extension(name: str, extension: str) -> str:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem}.{extension}"


def prepare(upload) -> Prepared:
    """Check one uploaded file and return it ready to store, or raise ValidationError."""
    name = clean_name(getattr(upload, "name", ""))
    limit = file_limit()
    if upload.size > limit:
        raise ValidationError(_("“%(name)s” is %(size)s; a file may be at most %(limit)s.") % {
            "name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)})
    upload.seek(0)
    content = upload.read(limit + 1)
    if not content:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
    if MARKUP.match(content[:1024].lstrip(b"\xef\xbb\xbf\x00")):
        raise ValidationError(_("“%(name)s” is a web page, SVG or XML file; these are not accepted.") % {"name": name})
    sniffed = filetype.guess(content)
    mime = sniffed.mime if sniffed else ""
    if mime in PICTURES:
        return picture(name, content)
    if mime in DOCUMENTS:
        return document(name, content, mime, sniffed.extension)
    if mime in SOUNDS:
        return sound(name, content, mime, sniffed.extension)
    raise ValidationError(
        _("“%(name)s” is not a kind of file accepted here. Attach pictures (JPEG, PNG, WebP, HEIC), "
          "documents (PDF, Word, Excel, PowerPoint) or voice.") % {"name": name})


def check_totals(existing_sizes: list[int], prepared: list[Prepared]) -> None:
    """Per speech (comment, reply): at most ATTACHMENT_MAX_FILES files and ATTACHMENT_MAX_TOTAL_MB together."""
    count = len(existing_sizes) + len(prepared)
    if count > settings.ATTACHMENT_MAX_FILES:
        raise ValidationError(_("At most %(limit)d files may be attached; this would make %(count)d.") % {
            "limit": settings.ATTACHMENT_MAX_FILES, "count": count})
    total = sum(existing_sizes) + sum(p.size for p in prepared)
    if total > total_limit():
        raise ValidationError(_("Attachments may take %(limit)s together; these take %(size)s.") % {
            "limit": filesizeformat(total_limit()), "size": filesizeformat(total)})


# --- pictures ----------------------------------------------------------------------------------------


def _too_many_pixels(name: str, width: int, height: int) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is %(width)d × %(height)d pixels; a picture may have at most %(limit)s megapixels.") % {
            "name": name, "width": width, "height": height, "limit": f"{settings.ATTACHMENT_MAX_MEGAPIXELS:g}"})


def _encode(image: Image.Image, icc) -> tuple[bytes, str, str]:
    out = io.BytesIO()
    if image.mode in {"RGBA", "LA"} or (image.mode == "P" and "transparency" in image.info):
        image.convert("RGBA").save(out, "PNG", optimize=True, icc_profile=icc)
        return out.getvalue(), "image/png", "png"
    # no optimize/progressive passes: they cost 5× the plain encoding of a phone photo for ~10 % size
    image.convert("RGB").save(out, "JPEG", quality=85, icc_profile=icc)
    return out.getvalue(), "image/jpeg", "jpg"


def _thumbnail(image: Image.Image) -> bytes:
    side = settings.ATTACHMENT_THUMBNAIL_SIDE
    thumb = image.copy()
    thumb.thumbnail((side, side), Image.Resampling.LANCZOS)
    if thumb.mode in {"RGBA", "LA", "P"}:
        background = Image.new("RGB", thumb.size, "white")
        background.paste(thumb.convert("RGBA"), mask=thumb.convert("RGBA").getchannel("A"))
        thumb = background
    out = io.BytesIO()
    thumb.convert("RGB").save(out, "JPEG", quality=80, optimize=True)
    return out.getvalue()


def picture(name: str, content: bytes) -> Prepared:
    """Re-encode: only pixels survive (no EXIF, GPS or comments), turned upright, within the size limits."""
    max_pixels = int(settings.ATTACHMENT_MAX_MEGAPIXELS * 1_000_000)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))  # reads the header only: the size is known, nothing decoded
            if image.format not in PICTURE_FORMATS:
                raise UnidentifiedImageError(image.format)
            width, height = image.size
            if width * height > max_pixels:
                raise _too_many_pixels(name, width, height)
            image.seek(0)  # an animation keeps its first frame
            image = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels(name, *_declared_size(content)) from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise ValidationError(_("“%(name)s” is not a picture that can be read.") % {"name": name}) from error
    icc = image.info.get("icc_profile")
    side = settings.ATTACHMENT_PICTURE_MAX_SIDE
    if max(image.size) > side:
        image.thumbnail((side, side), Image.Resampling.BICUBIC)
    encoded, content_type, extension = _encode(image, icc)
    return Prepared(kind=AttachmentKind.PICTURE, name=with_extension(name, extension), content_type=content_type,
                    extension=extension, content=encoded, thumbnail=_thumbnail(image),
                    width=image.width, height=image.height)


def _declared_size(content: bytes) -> tuple[int, int]:
    previous = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None  # only to read the header for the message; nothing is decoded
    try:
        return Image.open(io.BytesIO(content)).size
    except Exception:  # noqa: BLE001 - the message can do without the numbers
        return 0, 0
    finally:
        Image.MAX_IMAGE_PIXELS = previous


# --- documents -------------------------------------------------------------------------------------


def document(name: str, content: bytes, mime: str, extension: str) -> Prepared:
    if mime in OOXML:
        _check_ooxml(name, content, OOXML[mime])
    elif not content.startswith(b"%PDF-"):
        raise ValidationError(_("“%(name)s” is not a PDF that can be read.") % {"name": name})
    return Prepared(kind=AttachmentKind.DOCUMENT, name=with_extension(name, extension), content_type=mime,
                    extension=extension, content=content)


def _check_ooxml(name: str, content: bytes, main_part: str) -> None:
    unreadable = ValidationError(_("“%(name)s” is not an Office document that can be read.") % {"name": name})
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_RATIO * file_limit():
                raise unreadable
            types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise unreadable from error
    if f'ContentType="{main_part}"'.encode() not in types:
        # e.g. a macro-enabled .docm renamed .docx, or a zip that only looks like Office
        raise unreadable


# --- voice -------------------------------------------------------------------------------------------


def sound(name: str, content: bytes, mime: str, extension: str) -> Prepared:
    """Sound only (no video), not longer than ATTACHMENT_VOICE_MAX_SECONDS; transcoded later by a task."""
    try:
        probe = voice.probe_bytes(content)
    except voice.VoiceError as error:
        raise ValidationError(_("“%(name)s” is not a recording that can be played.") % {"name": name}) from error
    if probe.has_video:
        raise ValidationError(_("“%(name)s” is a video; only voice recordings are accepted.") % {"name": name})
    if not probe.has_audio:
        raise ValidationError(_("“%(name)s” holds no sound.") % {"name": name})
    limit = settings.ATTACHMENT_VOICE_MAX_SECONDS
    if probe.duration > limit:
        raise ValidationError(_("“%(name)s” lasts %(length)s; a recording may last at most %(limit)s.") % {
            "name": name, "length": voice.clock(probe.duration), "limit": voice.clock(limit)})
    content_type = "audio/webm" if mime == "video/webm" else "audio/mp4" if mime in {"video/mp4", "audio/mp4"} else mime
    return Prepared(kind=AttachmentKind.VOICE, name=with_extension(name, extension), content_type=content_type,
                    extension=extension, content=content, duration=probe.duration)
