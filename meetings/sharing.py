"""Sharing a consultation: a QR code (SVG for posters, PNG for link previews) and a printable poster.

The Open Graph tags that make a pasted link show a title, summary and picture are in
templates/meetings/partials/open_graph.html.
"""

import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from . import selectors

DAY = 24 * 3600


def public_url(consultation) -> str:
    return f"{settings.SITE_URL}{consultation.get_absolute_url()}"


def qr_image(url: str, kind: str) -> bytes:
    """The QR code for a URL, as SVG or PNG bytes (cached: the same URL always gives the same code)."""
    key = f"meetings:qr:{kind}:{url}"
    data = cache.get(key)
    if data is None:
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, box_size=10)
        code.add_data(url)
        code.make(fit=True)
        out = io.BytesIO()
        if kind == "svg":
            code.make_image(image_factory=qrcode.image.svg.SvgPathImage).save(out)
        else:
            code.make_image().save(out, format="PNG")
        data = out.getvalue()
        cache.set(key, data, DAY)
    return data


@cache_control(max_age=DAY)
def qr_svg(request, slug):
    consultation = selectors.consultation_for(request.user, slug)
    return HttpResponse(qr_image(public_url(consultation), "svg"), content_type="image/svg+xml")


@cache_control(max_age=DAY)
def qr_png(request, slug):
    consultation = selectors.consultation_for(request.user, slug)
    return HttpResponse(qr_image(public_url(consultation), "png"), content_type="image/png")


def poster(request, slug):
    """A printable page with the title, theme, dates and a large QR code."""
    consultation = selectors.consultation_for(request.user, slug)
    stages = list(consultation.stages.all())
    return render(request, "meetings/poster.html", {
        "consultation": consultation, "url": public_url(consultation),
        "opens_at": stages[0].starts_at if stages else None,
        "closes_at": max((stage.ends_at for stage in stages), default=None),
    })
