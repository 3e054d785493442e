"""Serving attachments to those who may see them (selectors.attachment_for), from private storage.

Pictures and voice are shown inline (an <img>, an <audio>); everything else is a download with a
safe RFC 6266 file name. Every answer carries nosniff and a sandboxing CSP, and is private to the
person (no shared cache). Voice answers byte ranges: Safari and WeChat on iOS play nothing without.
"""

import re

from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from .. import selectors
from ..models import AttachmentKind

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
VARIANTS = {"thumbnail", "playable"}


def _harden(response, *, etag: str = ""):
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if etag:
        response["ETag"] = f'"{etag}"'
    patch_cache_control(response, private=True, max_age=3600)
    return response


def _ranged(request, field, content_type: str):
    """One byte range (what media players ask for), else the whole file."""
    size = field.size
    match = RANGE.match(request.headers.get("Range", "").strip())
    if not match or not (match[1] or match[2]):
        response = FileResponse(field.open("rb"), content_type=content_type)
        response["Accept-Ranges"] = "bytes"
        return response
    if match[1]:
        start = int(match[1])
        end = min(int(match[2]), size - 1) if match[2] else size - 1
    else:  # the last N bytes
        start, end = max(size - int(match[2]), 0), size - 1
    if start >= size or start > end:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    with field.open("rb") as source:
        source.seek(start)
        body = source.read(end - start + 1)
    response = HttpResponse(body, status=206, content_type=content_type)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    return response


@require_GET
def download(request, pk, variant: str = ""):
    attachment = selectors.attachment_for(request.user, pk)
    if variant and variant not in VARIANTS:
        raise Http404
    if variant == "thumbnail":
        if not attachment.thumbnail:
            raise Http404
        return _harden(FileResponse(attachment.thumbnail.open("rb"), content_type="image/jpeg"),
                       etag=f"{attachment.sha256[:32]}-t")
    if variant == "playable":
        if not attachment.playable:
            raise Http404
        return _harden(_ranged(request, attachment.playable, "audio/mp4"), etag=f"{attachment.sha256[:32]}-p")
    if attachment.kind == AttachmentKind.PICTURE and "download" not in request.GET:
        response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    elif attachment.kind == AttachmentKind.VOICE and "download" not in request.GET:
        response = _ranged(request, attachment.file, attachment.content_type)
    else:
        response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type,
                                as_attachment=True, filename=attachment.name)
    return _harden(response, etag=attachment.sha256[:32])
