"""Every project URL × eight roles × GET and POST answers as the matrix says, and a POST changes data only
for the roles the matrix lets write. A new URL pattern without a row fails the first test."""

import functools
import hashlib

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from .conftest import client_as
from .matrix import ROWS
from .urlconf import project_patterns
from .world import ROLES

pytestmark = pytest.mark.django_db

# Counters that reading bumps (views, onlookers) and the sign-in time are not data a refusal could change.
IGNORED = {("meetings", "onlooker"): None, ("meetings", "post"): {"view_count", "last_activity_at"},
           ("meetings", "consultation"): {"onlooker_count"}, ("accounts", "user"): {"last_login"}}


@functools.cache
def _statements() -> dict[str, str]:
    """One plain SELECT per project table (the ORM's overhead, twice per POST, would double the run time)."""
    quote = connection.ops.quote_name
    statements = {}
    for app in ("accounts", "meetings", "departments"):
        for model in apps.get_app_config(app).get_models(include_auto_created=True):
            key = (app, model._meta.model_name)
            if key in IGNORED and IGNORED[key] is None:
                continue
            skip = IGNORED.get(key) or ()
            columns = ", ".join(quote(f.column) for f in model._meta.concrete_fields if f.attname not in skip)
            table, order = quote(model._meta.db_table), quote(model._meta.pk.column)
            statements[table] = f"SELECT {columns} FROM {table} ORDER BY {order}"
    return statements


def snapshot() -> dict[str, str]:
    """A digest of every row of every project table (many-to-many tables included)."""
    digest = {}
    with connection.cursor() as cursor:
        for table, statement in _statements().items():
            cursor.execute(statement)
            digest[table] = hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()
    return digest


def test_every_project_url_pattern_has_a_row_in_the_matrix():
    covered = {row.pattern for row in ROWS}
    missing = sorted(set(project_patterns()) - covered)
    assert not missing, f"add these URL patterns to tests/security/matrix.py: {missing}"


def test_every_matrix_row_names_a_url_pattern_that_exists():
    stale = sorted({row.pattern for row in ROWS} - set(project_patterns()))
    assert not stale, f"these rows name no URL pattern any more: {stale}"
    keys = [row.key for row in ROWS]
    assert len(keys) == len(set(keys)), "a row key appears twice"


def _cases():
    for row in ROWS:
        for role in ROLES:
            for method in ("GET", "POST"):
                yield pytest.param(row, role, method, id=f"{row.key}-{role}-{method}")


@pytest.mark.parametrize(("row", "role", "method"), list(_cases()))
def test_permission_matrix(world, client, row, role, method):
    client_as(client, world, role)
    url = reverse(row.pattern, kwargs=row.kwargs(world))
    if method == "GET":
        response = client.get(url)
    else:
        before = snapshot()
        response = client.post(url, row.data(world, world.people[role]))
        after = snapshot()
    expected = (row.get if method == "GET" else row.post)[role]
    assert response.status_code == expected, f"{method} {url} as {role}: {response.status_code}"
    if method == "POST":
        changed = sorted(table for table in before if before[table] != after[table])
        if role in row.writes:
            assert changed, f"POST {url} as {role} should have changed data"
        else:
            assert not changed, f"POST {url} as {role} changed {changed}"
