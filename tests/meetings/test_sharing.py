"""Sharing: a pasted link shows a title, summary and picture; a poster carries the QR code."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

pytestmark = pytest.mark.django_db


def meta(html, prop):
    found = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    return found and found.group(1)


def test_open_graph_tags_give_title_summary_picture_and_address(client, consultation, settings):
    html = client.get(consultation.get_absolute_url()).content.decode()
    assert meta(html, "og:title") == consultation.title
    assert meta(html, "og:description") == consultation.theme
    assert meta(html, "og:url") == f"{settings.SITE_URL}{consultation.get_absolute_url()}"
    assert meta(html, "og:image") == f"{settings.SITE_URL}{reverse('meetings:qr_png', args=[consultation.slug])}"


def test_the_cover_picture_is_the_preview_picture_when_there_is_one(client, consultation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.BytesIO()
    Image.new("RGB", (120, 60), "red").save(out, format="PNG")
    consultation.cover = SimpleUploadedFile("cover.png", out.getvalue(), content_type="image/png")
    consultation.save()
    html = client.get(consultation.get_absolute_url()).content.decode()
    assert meta(html, "og:image").startswith(f"{settings.SITE_URL}/media/covers/cover")


def test_qr_codes_come_as_svg_and_png(client, consultation):
    svg = client.get(reverse("meetings:qr", args=[consultation.slug]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content and "max-age" in svg["Cache-Control"]
    png = client.get(reverse("meetings:qr_png", args=[consultation.slug]))
    image = Image.open(io.BytesIO(png.content))
    assert png["Content-Type"] == "image/png" and image.width == image.height >= 200


def test_the_poster_carries_title_theme_and_code(client, consultation, settings):
    html = client.get(reverse("meetings:poster", args=[consultation.slug])).content.decode()
    assert consultation.title in html and consultation.theme in html
    assert reverse("meetings:qr", args=[consultation.slug]) in html
    assert f"{settings.SITE_URL}{consultation.get_absolute_url()}" in html
