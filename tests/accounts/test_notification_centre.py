"""The notification centre, its unread count in the navigation, marking read, and the settings page."""

import pytest
from django.urls import reverse

from accounts.models import Channel, Notification, NotificationPreference, Trigger
from accounts.notifications import notify

pytestmark = pytest.mark.django_db


def tell(person, n=1):
    for i in range(n):
        notify(person, Trigger.COMMENT_REPLIED, key=f"reply:{i}", subject=f"回复{i}", body="有人回复了您")
    return Notification.objects.filter(recipient=person, channel=Channel.IN_APP)


def test_unread_count_shows_in_the_navigation(client, member):
    tell(member, 3)
    client.force_login(member)
    text = client.get(reverse("home")).content.decode()
    assert 'class="nav-count"' in text and ">3</span>" in text


def test_marking_read_with_a_plain_form(client, member):
    row = tell(member).get()
    client.force_login(member)
    response = client.post(reverse("accounts:notification_read", args=[row.pk]))
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.read_at is not None


def test_marking_read_with_htmx_returns_the_item(client, member):
    row = tell(member).get()
    client.force_login(member)
    response = client.post(reverse("accounts:notification_read", args=[row.pk]), HTTP_HX_REQUEST="true")
    assert response["HX-Trigger"] == "notifications-changed"
    assert f'id="notification-{row.pk}"' in response.content.decode() and "标为已读" not in response.content.decode()


def test_nobody_marks_someone_elses_notification(client, member, other_member):
    row = tell(member).get()
    client.force_login(other_member)
    assert client.post(reverse("accounts:notification_read", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.read_at is None


def test_mark_all_read(client, member):
    tell(member, 2)
    client.force_login(member)
    client.post(reverse("accounts:notifications_read_all"))
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()


def test_centre_keeps_its_query_budget_with_10_and_500(client, member, django_assert_max_num_queries):
    client.force_login(member)
    rows = []
    for size in (10, 500):
        rows += [Notification(recipient=member, channel=Channel.IN_APP, trigger=Trigger.COMMENT_REPLIED,
                              key=f"q{size}:{i}", subject="回复", body="…", status="delivered") for i in range(size)]
        Notification.objects.bulk_create(rows[-size:])
        with django_assert_max_num_queries(12):
            assert client.get(reverse("accounts:notifications")).status_code == 200


def test_settings_page_shows_role_defaults_and_saves_choices(client, member):
    client.force_login(member)
    page = client.get(reverse("accounts:notification_settings")).content.decode()
    assert "协商邀请" in page and "认领事项已超期" not in page  # officials' triggers are not a member's
    client.post(reverse("accounts:notification_settings"), {"t_invitation": ["email"], "order": "sms,wechat,email"})
    assert NotificationPreference.objects.get(user=member, trigger=Trigger.INVITATION).channels == ["email"]
    assert NotificationPreference.objects.get(user=member, trigger=Trigger.STAGE_OPENED).channels == []
    assert member.notification_settings.channel_order == ["sms", "wechat", "email"]


def test_settings_page_needs_sign_in(client):
    assert client.get(reverse("accounts:notification_settings")).status_code == 302
