"""Signing out clears the speech drafts this browser keeps: the sign-out form tells the page's script
to remove them, and the response tells the browser to clear the site's storage."""

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.access import issue_link

pytestmark = pytest.mark.django_db


def test_the_sign_out_response_clears_the_sites_storage(client, member):
    client.force_login(member)
    page = client.get(reverse("home")).content.decode()
    assert "data-forget-drafts" in page  # the sign-out form in the header
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"storage"'
    assert "_auth_user_id" not in client.session


def test_other_pages_keep_the_storage(client, member):
    client.force_login(member)
    assert "Clear-Site-Data" not in client.get(reverse("home"))
    assert "Clear-Site-Data" not in client.post(reverse("account_login"), {"login": "x", "password": "y"})


def test_an_access_link_that_switches_people_clears_it_too(client, member, other_member):
    client.force_login(other_member)
    link = issue_link(member, "/", purpose="test")
    response = client.post(link.removeprefix(settings.SITE_URL))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"storage"'
