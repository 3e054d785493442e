"""Invitation SMS carry no personal link: the template text holds the site's address, or an approved
link variable a short code /i/<code> that leads to the consultation (whose page decides who may see it)."""

import pytest
from django.urls import reverse

from accounts.models import Channel, Notification
from meetings.invitations import services
from meetings.invitations.shortlinks import consultation_id, short_code

pytestmark = pytest.mark.django_db


def test_a_short_code_leads_anyone_to_the_consultation_page(client, consultation):
    response = client.get(reverse("meetings:short_link", args=[short_code(consultation)]))
    assert response.status_code == 302 and response["Location"] == consultation.get_absolute_url()


@pytest.mark.parametrize("who", [None, "member", "public_user"])
def test_the_consultation_page_still_decides_who_may_see_it(client, consultation, request, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    via_code = client.get(reverse("meetings:short_link", args=[short_code(consultation)]), follow=True)
    direct = client.get(consultation.get_absolute_url(), follow=True)
    assert via_code.status_code == direct.status_code
    assert via_code.redirect_chain[1:] == direct.redirect_chain


@pytest.mark.parametrize("mangle", [lambda c: c[:-1] + ("a" if c[-1] != "a" else "b"), lambda c: "1" + c,
                                    lambda c: c[:-5], lambda c: c + "x", lambda c: "zz-top"])
def test_a_code_we_did_not_make_is_not_found(client, consultation, mangle):
    code = mangle(short_code(consultation))
    assert consultation_id(code) is None
    assert client.get(reverse("meetings:short_link", args=[code])).status_code == 404


def test_the_code_of_a_deleted_consultation_is_not_found(client, consultation):
    code = short_code(consultation)
    consultation.delete()
    assert client.get(reverse("meetings:short_link", args=[code])).status_code == 404


def test_an_invitation_gives_the_sms_its_fields_and_no_personal_link(staff, consultation, member, no_quiet_hours,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_invitations(staff, consultation, people=[member], channels=[Channel.SMS])
    row = Notification.objects.get(recipient=member, channel=Channel.SMS)
    assert row.params["code"] == short_code(consultation) and row.params["name"] == member.shown_name
    assert row.params["title"] == consultation.title and "link" not in row.params
    assert "/me/link/" in row.body  # email and WeChat keep the personal link in the text
