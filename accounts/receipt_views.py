"""The callback URLs the SMS providers push delivery receipts to.

Authenticated by a secret token in the path (NOTIFY_RECEIPT_TOKEN; the providers' consoles take a URL,
not custom headers), compared in constant time. Anything unauthenticated is a 404 and changes nothing.
"""

import json

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt

from .notifications.receipts import ANSWERS, PARSERS, apply_receipts


@csrf_exempt
def delivery_receipt(request, provider: str, token: str):
    expected = settings.NOTIFY_RECEIPT_TOKEN
    if not expected or provider not in PARSERS or not constant_time_compare(token, expected):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    limit = settings.NOTIFY_RECEIPT_MAX_BYTES
    if int(request.META.get("CONTENT_LENGTH") or 0) > limit:
        return HttpResponse("Too large", status=413, content_type="text/plain")
    body = request.read(limit + 1)
    if len(body) > limit:
        return HttpResponse("Too large", status=413, content_type="text/plain")
    try:
        receipts = PARSERS[provider](json.loads(body))
    except ValueError as error:  # not JSON, or not the provider's shape
        return HttpResponse(f"Bad report: {error}", status=400, content_type="text/plain")
    apply_receipts(receipts)
    return JsonResponse(ANSWERS[provider], json_dumps_params={"ensure_ascii": False})
