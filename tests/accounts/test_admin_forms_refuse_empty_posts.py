"""Posting an empty form to any admin page answers with the form again (or a refusal), never a 500:
access links and notifications are made by the services, so the admin does not offer to add them."""

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from accounts.models import AccessLink, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_access_links_and_notifications_cannot_be_added_by_hand(staff_client):
    for model in (AccessLink, Notification):
        url = reverse(f"admin:accounts_{model._meta.model_name}_add")
        assert staff_client.post(url, {}).status_code == 403
        assert staff_client.get(url).status_code == 403
        assert not model.objects.exists()


def test_no_admin_add_form_fails_on_an_empty_post(staff_client):
    for model in admin.site._registry:
        try:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        except NoReverseMatch:
            continue
        response = staff_client.post(url, {})
        assert response.status_code in (200, 302, 403), f"{model._meta.label}: {response.status_code}"
