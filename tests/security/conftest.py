"""The security nets share one world, built once per module inside a transaction that is rolled back at
the end (like TestCase.setUpTestData); each test runs in a savepoint inside it."""

import pytest
from django.db import transaction
from django.test import override_settings

from .world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(
        MEDIA_ROOT=media, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    ):
        with transaction.atomic():
            yield build_world()
            transaction.set_rollback(True)


def client_as(client, world, role):
    """The test client signed in as `role` (anonymous stays signed out)."""
    person = world.people[role]
    if person is not None:
        client.force_login(person)
    return client
