"""Error pages that say what happened without a traceback.

A statement that PostgreSQL cancels (the statement timeout of settings.DATABASE_STATEMENT_TIMEOUT_MS,
or an operator's pg_cancel_backend) is not a bug in the page: the person gets the 503 "busy" page
with Retry-After, and the log gets the request and the error. Everything else unhandled gets
Django's 500 with templates/500.html.
"""

import logging

from django.db import OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("consultation.errors")

try:
    from psycopg.errors import QueryCanceled
except ImportError:  # pragma: no cover - psycopg is in requirements.txt; SQLite-only installs may lack it
    QueryCanceled = None

RETRY_AFTER_SECONDS = 30


def is_query_canceled(error: BaseException) -> bool:
    if QueryCanceled is None:
        return False
    if isinstance(error, QueryCanceled):
        return True
    return isinstance(error, OperationalError) and isinstance(error.__cause__, QueryCanceled)


def busy_response() -> HttpResponse:
    """The 503 page, rendered without the request: no database, session or user is needed to show it."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseBusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_query_canceled(exception):
            return None
        logger.error("statement cancelled (timeout) on %s %s: %s", request.method, request.path, exception)
        return busy_response()
