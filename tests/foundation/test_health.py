import pytest
from django.test import override_settings


def test_healthz_reports_the_database_and_redis(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["redis"] in {"ok", "not configured"}


def test_healthz_checks_real_redis_when_configured(client, db, redis_url):
    assert client.get("/healthz").json()["checks"]["redis"] == "ok"


@pytest.mark.django_db
@override_settings(REDIS_URL="redis://127.0.0.1:1/0")
def test_healthz_fails_when_redis_is_unreachable(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"].startswith("error")
