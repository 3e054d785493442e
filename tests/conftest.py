"""Fixtures shared by every test: people by role, a consultation, real components, a browser."""

import os
import shutil

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from consultation.celery import app as celery_app

from . import factories

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def require_component(name: str, available: bool, why: str = "") -> None:
    """Skip where a real component cannot exist on this machine; under CI=true that is a failure."""
    if available:
        return
    message = f"{name} is not available{': ' + why if why else ''}"
    if IN_CI:
        pytest.fail(f"CI must exercise real components: {message}")
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _fresh_cache_and_eager_tasks():
    # Tasks run in-process unless a test asks for a real worker (the `celery_worker` fixture).
    celery_app.conf.task_always_eager = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _private_files_in_a_temporary_folder(tmp_path_factory):
    # Compilations go to the private storage (consultation/storage.py): never the project folder in tests,
    # from the session's start, so module-wide fixtures (tests/security's world) write there too.
    override = override_settings(PRIVATE_MEDIA_ROOT=tmp_path_factory.mktemp("private"))
    override.enable()
    yield
    override.disable()


@pytest.fixture(autouse=True)
def _no_posting_limits(settings):
    # Tests that write many speeches or comments as one person are about something else; the pace
    # limits have their own tests (tests/meetings/test_posting_limits.py), which turn them on.
    settings.POSTING_RATE_LIMITS = {"speech": "", "comment": ""}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Factories set a password for every person; the production hasher takes ~0.5 s each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def redis_url():
    require_component("Redis", bool(settings.REDIS_URL), "set REDIS_URL")
    return settings.REDIS_URL


@pytest.fixture
def real_broker(redis_url):
    """Tasks go through Redis to a worker process the test starts (tests/fakes/worker.py); the
    worker reads the test database, so it must be PostgreSQL."""
    require_component("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL to PostgreSQL")
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()
    yield redis_url
    celery_app.control.purge()
    celery_app.conf.task_always_eager = True


@pytest.fixture
def member(db):
    return factories.MemberFactory()


@pytest.fixture
def other_member(db):
    return factories.MemberFactory()


@pytest.fixture
def leader(db):
    return factories.LeaderFactory()


@pytest.fixture
def staff(db):
    return factories.StaffFactory()


@pytest.fixture
def public_user(db):
    return factories.UserFactory()


@pytest.fixture
def department(db):
    return factories.DepartmentFactory()


@pytest.fixture
def official(db, department):
    person = factories.OfficialFactory()
    department.officials.add(person)
    return person


@pytest.fixture
def consultation(db, member, leader, department):
    meeting = factories.ConsultationFactory()
    meeting.participants.add(member, leader)
    meeting.departments.add(department)
    return meeting


@pytest.fixture
def browser():
    require_component("Chromium", os.path.exists(CHROMIUM), "apt-get install chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls the test makes are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield chromium
        chromium.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser, live_server):
    """A phone-sized page on the live server, as a Chinese phone asks for it (most arrive on a phone)."""
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, base_url=live_server.url, locale="zh-CN"
    )
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    violations = watch_csp(tab)
    yield tab
    context.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"


def watch_csp(tab) -> list[str]:
    """Every journey runs under the site's Content-Security-Policy: Chromium reports each violation on
    the console, and the page fixture fails the test on any."""
    violations: list[str] = []
    tab.on("console", lambda message: violations.append(f"{message.text} at {message.location} on {tab.url}")
           if "Content Security Policy" in message.text else None)
    return violations
