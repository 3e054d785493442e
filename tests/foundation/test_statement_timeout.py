"""A statement timeout in production, and a friendly page when PostgreSQL cancels a statement: a slow
department record answers 503 "busy" with Retry-After (and a log line), never a traceback."""

import json
import os

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.conftest import require_component

from .test_settings import PRODUCTION_ENV, manage

PRINT_OPTIONS = ("from django.conf import settings; import json; "
                 "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))")
POSTGRES = "postgres://user:secret@127.0.0.1:5432/anything"


def options(env):
    result = manage("shell", "-c", PRINT_OPTIONS, env_extra={"DATABASE_URL": POSTGRES, **env},
                    drop=("DATABASE_STATEMENT_TIMEOUT_MS",))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sets_a_statement_timeout_from_the_environment():
    assert "statement_timeout=30000" in options(PRODUCTION_ENV)["options"]
    assert "statement_timeout=5000" in options({**PRODUCTION_ENV, "DATABASE_STATEMENT_TIMEOUT_MS": "5000"})["options"]
    assert "options" not in options({**PRODUCTION_ENV, "DATABASE_STATEMENT_TIMEOUT_MS": "0"})
    assert "options" not in options({"DEBUG": "1"})  # development: no timeout unless asked


@pytest.fixture
def slow_record(monkeypatch):
    """The department record's query takes 2 s; the session's statement timeout is 100 ms."""
    require_component("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL to PostgreSQL")
    from departments import selectors

    def sleepy(department, page=1):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(2)")
        return {}

    monkeypatch.setattr(selectors, "department_record", sleepy)
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 100")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET statement_timeout")


@pytest.mark.django_db(transaction=True)
def test_a_cancelled_statement_shows_the_busy_page(slow_record, caplog, settings):
    settings.DEBUG = False
    department = factories.DepartmentFactory()
    client = Client(raise_request_exception=False)
    response = client.get(reverse("departments:detail", args=[department.slug]))
    text = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "网站繁忙" in text and "Traceback" not in text and "pg_sleep" not in text
    assert any("statement cancelled" in record.getMessage() for record in caplog.records)
    # the connection is usable again for the next request
    assert client.get(reverse("departments:list")).status_code == 200


@pytest.mark.django_db
def test_any_other_error_gets_the_friendly_500_page(monkeypatch, settings):
    settings.DEBUG = False
    from departments import selectors

    def broken(department, page=1):
        raise RuntimeError("a bug")

    monkeypatch.setattr(selectors, "department_record", broken)
    department = factories.DepartmentFactory()
    response = Client(raise_request_exception=False).get(reverse("departments:detail", args=[department.slug]))
    assert response.status_code == 500
    assert "出错了" in response.content.decode() and "a bug" not in response.content.decode()


def test_the_env_table_documents_it():
    readme = open(os.path.join(os.path.dirname(__file__), "..", "..", "README.md"), encoding="utf-8").read()
    assert "DATABASE_STATEMENT_TIMEOUT_MS" in readme
