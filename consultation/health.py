"""/healthz: is the database reachable, and Redis when it is configured."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_redis() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    import redis

    redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
    return "ok"


@never_cache
def healthz(request):
    checks, healthy = {}, True
    for name, check in (("database", check_database), ("redis", check_redis)):
        try:
            checks[name] = check()
        except Exception as error:  # noqa: BLE001 - any failure means unhealthy; report it
            checks[name] = f"error: {error.__class__.__name__}"
            healthy = False
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)
