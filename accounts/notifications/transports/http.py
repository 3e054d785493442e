"""One pooled HTTP client per process, with errors sorted by whether the request could have arrived.

That distinction decides between retrying (safe: nothing went out) and marking the outcome
unknown (a retry could send a second SMS).
"""

import threading

import httpx
from django.conf import settings

from .base import Result

_local = threading.local()


class NotSent(Exception):
    """The request never reached the provider (no connection): safe to retry."""


class MaybeSent(Exception):
    """The request may have reached the provider, but no answer came back."""


def client() -> httpx.Client:
    # One client per thread: httpx clients are thread-safe, but a fork (prefork workers) must not
    # inherit a pool from the parent, and a thread-local created lazily never is.
    existing = getattr(_local, "client", None)
    if existing is None:
        timeout = httpx.Timeout(settings.NOTIFY_HTTP_TIMEOUT, connect=min(5.0, settings.NOTIFY_HTTP_TIMEOUT))
        existing = _local.client = httpx.Client(timeout=timeout, trust_env=False)
    return existing


def request(method: str, url: str, **kwargs) -> httpx.Response:
    try:
        return client().request(method, url, **kwargs)
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol) as error:
        raise NotSent(f"{type(error).__name__}: {error}") from error
    except httpx.HTTPError as error:
        raise MaybeSent(f"{type(error).__name__}: {error}") from error


def outcome_of_http_status(response: httpx.Response):
    """None when the body should be read; else ('retry'|'unknown', text) for gateway-level errors."""
    if response.status_code in (429, 503):
        return "retry", f"HTTP {response.status_code}"
    if response.status_code >= 500:
        return "unknown", f"HTTP {response.status_code}"
    return None


def call_provider(method: str, url: str, *, gateway_errors: bool = True, **kwargs):
    """(response, None) when the provider's answer should be read; else (None, the Result to return).

    No connection → retry; no answer → unknown (never retried); with `gateway_errors`, a gateway
    status (429/503 → retry, other 5xx → unknown) ends the call too.
    """
    try:
        response = request(method, url, **kwargs)
    except NotSent as error:
        return None, Result.retry(str(error))
    except MaybeSent as error:
        return None, Result.unknown(str(error))
    if gateway_errors and (gateway := outcome_of_http_status(response)):
        return None, Result(gateway[0], error=gateway[1])
    return response, None
