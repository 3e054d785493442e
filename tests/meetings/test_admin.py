"""Staff set a consultation up on one admin page, and publish or close it through the services."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Consultation, Status
from tests import factories

pytestmark = pytest.mark.django_db


def inline_management(prefix, total=0):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000"}


def test_staff_create_a_consultation_with_stages_subtopics_and_participants_on_one_page(client, staff, member, leader,
                                                                                        department):
    client.force_login(staff)
    add_url = reverse("admin:meetings_consultation_add")
    page = client.get(add_url).content.decode()
    assert "stages-TOTAL_FORMS" in page and "subtopics-TOTAL_FORMS" in page
    assert "admin-autocomplete" in page  # people and departments are picked by typing
    start = timezone.localtime() + timedelta(days=1)
    data = {
        "title": "推进乡村产业振兴", "slug": "rural-industry", "organizer": "省政协经济委员会",
        "theme": "围绕乡村特色产业发展协商。", "guide": "", "visibility": "public", "public_participation": "read_only",
        "participants": [member.pk, leader.pk], "departments": [department.pk], "response_days": "5",
        **inline_management("stages", 1), **inline_management("subtopics", 1),
        "stages-0-order": "0", "stages-0-name": "委员发言", "stages-0-allows_speeches": "on",
        "stages-0-allows_comments": "on",
        "stages-0-starts_at_0": start.strftime("%Y-%m-%d"), "stages-0-starts_at_1": "09:00:00",
        "stages-0-ends_at_0": (start + timedelta(days=7)).strftime("%Y-%m-%d"), "stages-0-ends_at_1": "18:00:00",
        "subtopics-0-order": "0", "subtopics-0-title": "特色产业", "subtopics-0-brief": "如何提质增效",
    }
    response = client.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    consultation = Consultation.objects.get(slug="rural-industry")
    assert consultation.status == Status.DRAFT and consultation.created_by == staff
    assert consultation.stages.get().name == "委员发言" and consultation.subtopics.get().title == "特色产业"
    assert set(consultation.participants.all()) == {member, leader}


def test_the_change_page_links_to_the_preview_and_to_minutes_when_they_exist(client, staff, consultation):
    client.force_login(staff)
    page = client.get(reverse("admin:meetings_consultation_change", args=[consultation.pk])).content.decode()
    assert consultation.get_absolute_url() in page and "预览" in page
    assert reverse("meetings:moderation") in page
    assert reverse("meetings:minutes", args=[consultation.slug]) in page


def test_publishing_without_a_stage_or_subtopic_is_refused_with_a_clear_message(client, staff):
    draft = factories.ConsultationFactory(status=Status.DRAFT, with_stage_and_topic=False)
    client.force_login(staff)
    changelist = reverse("admin:meetings_consultation_changelist")
    response = client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]}, follow=True)
    assert "至少要有一个阶段和一个子议题" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    response = client.post(reverse("admin:meetings_consultation_publish", args=[draft.pk]), follow=True)
    assert "至少要有一个阶段和一个子议题" in response.content.decode()


def test_publish_and_close_from_the_change_page_and_the_list(client, staff):
    draft = factories.ConsultationFactory(status=Status.DRAFT)
    client.force_login(staff)
    client.post(reverse("admin:meetings_consultation_publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED and draft.published_at
    changelist = reverse("admin:meetings_consultation_changelist")
    client.post(changelist, {"action": "close", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Status.CLOSED


def test_the_status_cannot_be_typed_in(client, staff):
    draft = factories.ConsultationFactory(status=Status.DRAFT, with_stage_and_topic=False)
    client.force_login(staff)
    page = client.get(reverse("admin:meetings_consultation_change", args=[draft.pk])).content.decode()
    assert 'name="status"' not in page


def test_members_do_not_get_into_the_admin(client, member, consultation):
    client.force_login(member)
    response = client.post(reverse("admin:meetings_consultation_publish", args=[consultation.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_staff_read_speeches_and_their_versions_in_the_admin(client, staff, speech):
    client.force_login(staff)
    assert client.get(reverse("admin:meetings_post_changelist")).status_code == 200
    assert client.get(reverse("admin:meetings_post_history", args=[speech.pk])).status_code == 200
    assert client.get(reverse("admin:meetings_comment_changelist")).status_code == 200
    assert client.get(reverse("admin:meetings_report_changelist")).status_code == 200


def _minimal_consultation(title, slug=""):
    return {"title": title, "slug": slug, "organizer": "省政协经济委员会", "theme": "围绕乡村特色产业发展协商。",
            "guide": "", "visibility": "public", "public_participation": "read_only", "response_days": "5",
            **inline_management("stages"), **inline_management("subtopics")}


def test_a_chinese_title_alone_makes_a_pinyin_address_on_first_save(client, staff):
    client.force_login(staff)
    add_url = reverse("admin:meetings_consultation_add")
    response = client.post(add_url, _minimal_consultation("推进乡村产业振兴"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Consultation.objects.get(title="推进乡村产业振兴").slug == "tui-jin-xiang-cun-chan-ye-zhen-xing"
    client.post(add_url, _minimal_consultation("推进乡村产业振兴"))
    assert Consultation.objects.filter(slug="tui-jin-xiang-cun-chan-ye-zhen-xing-2").exists()  # unique


def test_a_title_without_readable_characters_gets_a_short_id():
    from meetings.slugs import slug_from_title

    assert slug_from_title("？！……").startswith("c-") and len(slug_from_title("？！……")) == 10
    assert slug_from_title("2026年 Rural 振兴") == "2026-nian-rural-zhen-xing"


def test_a_chosen_address_is_kept(client, staff):
    client.force_login(staff)
    client.post(reverse("admin:meetings_consultation_add"), _minimal_consultation("推进乡村产业振兴", "rural"))
    assert Consultation.objects.filter(slug="rural").exists()


def test_admin_labels_are_in_chinese_and_view_site_appears_once(client, staff, consultation):
    client.force_login(staff)
    page = client.get(reverse("admin:meetings_consultation_change", args=[consultation.pk])).content.decode()
    assert "Created by" not in page and "创建人" in page
    assert page.count("查看站点") == 1


def test_stages_are_stacked_so_the_inline_fits_a_phone(client, staff):
    client.force_login(staff)
    page = client.get(reverse("admin:meetings_consultation_add")).content.decode()
    stages = page.split('id="stages-group"')[1].split('id="subtopics-group"')[0]
    assert "tabular" not in stages and "stacked" in stages
