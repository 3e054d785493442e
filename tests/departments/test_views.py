from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from departments import services
from departments.models import Claim, ClaimState, Disposition, Score
from meetings.models import Visibility
from tests import factories


@pytest.fixture
def claim(post, official, department):
    return services.claim_aspect(official, post, department)


def test_responses_page_shows_the_claim_and_reply_led_by_the_department(client, claim, official, department, post):
    services.publish_reply(official, claim, "已纳入**年度计划**。", Disposition.UNDER_STUDY)
    page = client.get(reverse("departments:post_responses", args=[post.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert f"{department.name} 答复" in text
    assert "研究办理中" in text and "<strong>年度计划</strong>" in text
    assert official.shown_name in text  # the official kept on record
    assert "主办" in text


def test_the_official_on_record_label_takes_a_full_width_colon(client, claim, official, post):
    services.publish_reply(official, claim, "已办理。", Disposition.RESOLVED)
    html = client.get(reverse("departments:post_responses", args=[post.pk])).content.decode()
    assert "经办人：" in html and "经办人:" not in html


def test_official_claims_through_a_plain_form_post(client, post, official, department):
    client.force_login(official)
    response = client.post(reverse("departments:claim", args=[post.pk]),
                           {"department": department.pk, "role": "lead", "next": "/departments/"})
    assert response.status_code == 302 and response["Location"] == "/departments/"
    assert Claim.objects.get().department == department


def test_official_claim_through_htmx_returns_the_fragment(client, post, official, department):
    client.force_login(official)
    response = client.post(reverse("departments:claim", args=[post.pk]),
                           {"department": department.pk, "role": "co"}, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert response.status_code == 200 and 'id="responses"' in text and "<html" not in text
    assert "协办" in text


def test_member_cannot_claim_through_the_view(client, post, member, department):
    client.force_login(member)
    response = client.post(reverse("departments:claim", args=[post.pk]), {"department": department.pk})
    assert response.status_code == 403
    assert not Claim.objects.exists()


def test_losing_claim_shows_a_clear_message(client, claim, post, other_official, other_department, department):
    client.force_login(other_official)
    response = client.post(reverse("departments:claim", args=[post.pk]),
                           {"department": other_department.pk, "role": "lead"}, follow=True)
    assert department.name in response.content.decode()
    assert "协办" in response.content.decode()


def test_reply_follow_up_and_complete_through_views(client, claim, official):
    client.force_login(official)
    client.post(reverse("departments:reply", args=[claim.pk]), {"body": "答复", "disposition": "needs_support"})
    client.post(reverse("departments:follow_up", args=[claim.pk]), {"body": "已报请国家部委支持"})
    client.post(reverse("departments:follow_up", args=[claim.pk]), {"body": "办结", "complete": "1"})
    claim.refresh_from_db()
    assert claim.state == ClaimState.COMPLETED and claim.follow_ups.count() == 2


def test_other_official_cannot_reply_through_the_view(client, claim, other_official):
    client.force_login(other_official)
    response = client.post(reverse("departments:reply", args=[claim.pk]), {"body": "答复", "disposition": "resolved"})
    assert response.status_code == 403


def test_leader_presses_and_author_rates_through_views(client, claim, official, leader, member, post):
    reply = services.publish_reply(official, claim, "答复", Disposition.EXPLAINED)
    client.force_login(leader)
    client.post(reverse("departments:press", args=[claim.pk]), {"note": "请再研究", "reply": reply.pk})
    assert claim.presses.get().reply == reply
    client.force_login(member)
    client.post(reverse("departments:rate", args=[reply.pk]), {"score": Score.UNSATISFIED, "comment": "不满意"})
    claim.refresh_from_db()
    assert claim.state == ClaimState.REOPENED
    text = client.get(reverse("departments:post_responses", args=[post.pk])).content.decode()
    assert "领导督办" in text and "不满意" in text


def test_member_cannot_press_and_leader_cannot_rate(client, claim, official, leader, member):
    reply = services.publish_reply(official, claim, "答复", Disposition.EXPLAINED)
    client.force_login(member)
    assert client.post(reverse("departments:press", args=[claim.pk]), {"note": "快"}).status_code == 403
    client.force_login(leader)
    assert client.post(reverse("departments:rate", args=[reply.pk]), {"score": "satisfied"}).status_code == 403


def test_staff_transfer_through_the_view_and_official_refused(client, claim, staff, official, other_department):
    client.force_login(official)
    assert client.post(reverse("departments:transfer", args=[claim.pk]),
                       {"department": other_department.pk, "note": "转"}).status_code == 403
    client.force_login(staff)
    client.post(reverse("departments:transfer", args=[claim.pk]), {"department": other_department.pk, "note": "转办"})
    claim.refresh_from_db()
    assert claim.state == ClaimState.TRANSFERRED


def test_author_splits_through_the_view(client, post, member):
    client.force_login(member)
    client.post(reverse("departments:split", args=[post.pk]),
                {"title": ["财政投入", "医疗保障", ""], "excerpt": ["加大投入", "", ""]})
    assert list(post.aspects.values_list("title", flat=True)) == ["财政投入", "医疗保障"]


def test_invited_only_responses_are_404_for_outsiders(client, post, public_user):
    post.consultation.visibility = Visibility.INVITED
    post.consultation.save()
    client.force_login(public_user)
    assert client.get(reverse("departments:post_responses", args=[post.pk])).status_code == 404


def test_hidden_speech_responses_are_404_for_the_public(client, post):
    post.is_hidden = True
    post.save()
    assert client.get(reverse("departments:post_responses", args=[post.pk])).status_code == 404


def test_workspace_lists_awaiting_speeches_and_filters_by_keyword(client, post, official, consultation):
    factories.PostFactory(consultation=consultation, title="关于乡村医生待遇的建议")
    client.force_login(official)
    page = client.get(reverse("departments:workspace"))
    text = page.content.decode()
    assert page.status_code == 200 and post.title in text and "乡村医生" in text
    text = client.get(reverse("departments:workspace"), {"q": "乡村医生"}).content.decode()
    assert "乡村医生" in text and post.title not in text


def test_workspace_tabs_count_claims_by_state(client, claim, official, leader):
    services.press_claim(leader, claim, "请加快")
    client.force_login(official)
    page = client.get(reverse("departments:workspace"), {"tab": "pressed"})
    assert page.context["ws"].counts["pressed"] == 1
    assert page.context["ws"].counts["claimed"] == 1
    assert claim.aspect.post.title in page.content.decode()


def test_default_tab_shows_reopened_and_overdue_work_first(client, claim, official, consultation, member):
    overdue = services.claim_aspect(official, factories.PostFactory(consultation=consultation, title="逾期的发言"),
                                    claim.department)
    Claim.objects.filter(pk=overdue.pk).update(due_on=timezone.localdate() - timedelta(days=3))
    Claim.objects.filter(pk=claim.pk).update(state=ClaimState.REOPENED)
    client.force_login(official)
    html = client.get(reverse("departments:workspace")).content.decode()
    attention = html.split('id="attention-heading"')[1].split("</section>")[0]
    assert "逾期的发言" in attention and claim.aspect.post.title in attention
    assert "重新办理" in attention and "逾期" in attention


def test_default_tab_has_no_attention_block_when_nothing_is_late(client, claim, official):
    client.force_login(official)
    assert 'id="attention-heading"' not in client.get(reverse("departments:workspace")).content.decode()


def test_workspace_tabs_wrap_so_all_are_reachable_on_a_phone(client, official):
    client.force_login(official)
    assert 'class="tabs tabs-wrap"' in client.get(reverse("departments:workspace")).content.decode()


def test_workspace_is_for_officials_only(client, member):
    client.force_login(member)
    assert client.get(reverse("departments:workspace")).status_code == 403


def test_nav_shows_the_workspace_with_counts_to_officials_only(client, post, official, member):
    client.force_login(official)
    text = client.get(reverse("departments:list")).content.decode()
    assert reverse("departments:workspace") in text and "nav-count" in text
    client.force_login(member)
    assert reverse("departments:workspace") not in client.get(reverse("departments:list")).content.decode()


def test_staff_see_overdue_claims_and_the_audit_trail(client, claim, staff, official):
    Claim.objects.filter(pk=claim.pk).update(due_on="2020-01-01")
    client.force_login(staff)
    text = client.get(reverse("departments:staff_claims")).content.decode()
    assert claim.aspect.post.title in text
    text = client.get(reverse("departments:audit")).content.decode()
    assert "认领" in text and official.shown_name in text


def test_staff_see_claims_reopened_by_an_unsatisfied_rating(client, claim, staff, official, member):
    reply = services.publish_reply(official, claim, "答复", Disposition.EXPLAINED)
    services.rate_reply(member, reply, Score.UNSATISFIED, "未回应实质问题")
    client.force_login(staff)
    page = client.get(reverse("departments:staff_claims"))
    assert claim in page.context["reopened"]


def test_audit_trail_and_staff_claims_are_staff_only(client, official):
    client.force_login(official)
    assert client.get(reverse("departments:audit")).status_code == 403
    assert client.get(reverse("departments:staff_claims")).status_code == 403


def test_department_page_shows_its_record(client, claim, official, department, member):
    reply = services.publish_reply(official, claim, "答复", Disposition.RESOLVED)
    services.rate_reply(member, reply, Score.BASICALLY)
    text = client.get(department.get_absolute_url()).content.decode()
    assert "首次答复用时中位数" in text and "100%" in text and "已解决/已采纳" in text
