"""Every text the response workflow takes goes through a form with a limit: an oversized reply, press,
rating, excerpt or note is refused with a plain message and changes nothing; control characters (NUL,
bidi overrides, zero-width) are stripped, so a NUL byte is never a 500 on PostgreSQL."""

import pytest
from django.urls import reverse

from departments import aspects, services
from departments.models import Aspect, AuditEntry, Claim, ClaimState, FollowUp, Press, Rating, Reply

pytestmark = pytest.mark.django_db

MEGABYTE = "x" * 1_000_000  # 1 MB, under the request size limit (DATA_UPLOAD_MAX_MEMORY_SIZE)
DIRTY = "答复\x00内容\u202e倒序\u200b零宽\ufeff\x07"
CLEAN = "答复内容倒序零宽"


@pytest.fixture
def claim(post, official, department):
    return services.claim_aspect(official, post, department)


@pytest.fixture
def replied(claim, official):
    services.publish_reply(official, claim, "已纳入年度计划。", "under_study")
    claim.refresh_from_db()
    return claim


def snapshot():
    return {
        "replies": list(Reply.objects.values_list("pk", "body")),
        "presses": list(Press.objects.values_list("pk", "note")),
        "ratings": list(Rating.objects.values_list("pk", "comment")),
        "follow_ups": list(FollowUp.objects.values_list("pk", "body")),
        "aspects": list(Aspect.objects.values_list("pk", "title", "excerpt")),
        "claims": list(Claim.objects.order_by("pk").values_list("pk", "state", "note", "end_reason")),
        "audit": AuditEntry.objects.count(),
    }


def refused_with_a_message(client, url, data, limit):
    before = snapshot()
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert f"请控制在 {limit} 字以内" in response.content.decode()
    assert len(response.content) < 500_000  # the refused megabyte is not echoed back
    assert snapshot() == before


def test_an_oversized_reply_or_follow_up_is_refused(client, claim, official):
    client.force_login(official)
    refused_with_a_message(client, reverse("departments:reply", args=[claim.pk]),
                           {"body": MEGABYTE, "disposition": "resolved"}, services.REPLY_MAX)
    client.post(reverse("departments:reply", args=[claim.pk]), {"body": "答复", "disposition": "resolved"})
    refused_with_a_message(client, reverse("departments:follow_up", args=[claim.pk]),
                           {"body": MEGABYTE, "complete": "1"}, services.FOLLOW_UP_MAX)


def test_an_oversized_hand_back_note_is_refused(client, claim, official):
    client.force_login(official)
    refused_with_a_message(client, reverse("departments:hand_back", args=[claim.pk]), {"reason": MEGABYTE},
                           services.NOTE_MAX)


def test_oversized_staff_notes_are_refused(client, post, claim, staff, other_department):
    client.force_login(staff)
    refused_with_a_message(client, reverse("departments:transfer", args=[claim.pk]),
                           {"department": other_department.pk, "note": MEGABYTE}, services.NOTE_MAX)
    refused_with_a_message(client, reverse("departments:assign", args=[post.pk]),
                           {"department": other_department.pk, "role": "co", "note": MEGABYTE}, services.NOTE_MAX)


def test_an_oversized_press_is_refused(client, replied, leader):
    client.force_login(leader)
    refused_with_a_message(client, reverse("departments:press", args=[replied.pk]), {"note": MEGABYTE},
                           services.NOTE_MAX)


def test_an_oversized_rating_comment_is_refused(client, replied, member):
    client.force_login(member)
    reply = replied.replies.get()
    refused_with_a_message(client, reverse("departments:rate", args=[reply.pk]),
                           {"score": "unsatisfied", "comment": MEGABYTE}, services.NOTE_MAX)
    replied.refresh_from_db()
    assert replied.state == ClaimState.REPLIED  # not reopened


def test_an_oversized_excerpt_or_too_many_aspects_are_refused(client, post, member):
    client.force_login(member)
    url = reverse("departments:split", args=[post.pk])
    before = snapshot()
    response = client.post(url, {"title": ["住房"], "excerpt": [MEGABYTE]}, follow=True)
    assert f"诉求对应的发言内容最多 {aspects.EXCERPT_LIMIT} 个字" in response.content.decode() and snapshot() == before
    response = client.post(url, {"title": [f"诉求{n}" for n in range(aspects.MAX_PARTS + 1)]}, follow=True)
    assert "一次最多拆分出" in response.content.decode() and snapshot() == before


def test_text_at_the_limit_is_taken(client, claim, official):
    client.force_login(official)
    body = "答" * services.REPLY_MAX
    client.post(reverse("departments:reply", args=[claim.pk]), {"body": body, "disposition": "resolved"})
    assert Reply.objects.get().body == body


def test_control_characters_are_stripped_and_a_nul_is_no_error(client, post, claim, official, leader, member,
                                                               staff, other_department):
    client.force_login(official)
    assert client.post(reverse("departments:reply", args=[claim.pk]),
                       {"body": DIRTY, "disposition": "resolved\x00"}).status_code == 302
    client.post(reverse("departments:follow_up", args=[claim.pk]), {"body": DIRTY})
    client.force_login(leader)
    client.post(reverse("departments:press", args=[claim.pk]), {"note": DIRTY})
    client.force_login(member)
    client.post(reverse("departments:rate", args=[Reply.objects.get().pk]), {"score": "satisfied", "comment": DIRTY})
    client.force_login(staff)
    client.post(reverse("departments:assign", args=[post.pk]),
                {"department": other_department.pk, "role": "co", "note": DIRTY})
    client.post(reverse("departments:split", args=[post.pk]), {"title": [DIRTY], "excerpt": [DIRTY]})
    assert Reply.objects.get().body == CLEAN and Reply.objects.get().disposition == "resolved"
    assert FollowUp.objects.get().body == CLEAN
    assert Press.objects.get().note == CLEAN
    assert Rating.objects.get().comment == CLEAN
    assert Aspect.objects.filter(is_whole=False).get().title == CLEAN
    assert Claim.objects.filter(department=other_department).get().note == CLEAN


def test_a_nul_byte_in_every_text_field_is_no_500(client, post, claim, official, leader, member, staff,
                                                  other_department):
    """On PostgreSQL a NUL in a text column is a database error: none reaches it."""
    nul = "\x00"
    posts = [
        (official, reverse("departments:hand_back", args=[claim.pk]), {"reason": nul}),
        (official, reverse("departments:reply", args=[claim.pk]), {"body": nul, "disposition": nul}),
        (official, reverse("departments:claim", args=[post.pk]), {"department": nul, "role": nul, "aspect": nul}),
        (leader, reverse("departments:press", args=[claim.pk]), {"note": nul, "reply": nul}),
        (member, reverse("departments:split", args=[post.pk]), {"title": nul, "excerpt": nul}),
        (staff, reverse("departments:transfer", args=[claim.pk]), {"department": nul, "note": nul}),
        (staff, reverse("departments:assign", args=[post.pk]), {"department": nul, "note": nul}),
    ]
    for person, url, data in posts:
        client.force_login(person)
        response = client.post(url, data)
        assert response.status_code in (302, 403, 404), url
    client.force_login(official)
    response = client.get(reverse("departments:workspace"), {"q": "监测\x00", "tab": "claimed\x00"})
    assert response.status_code == 200


def test_the_meetings_forms_and_services_strip_them_too(client, consultation, member):
    from meetings.models import Post

    client.force_login(member)
    response = client.post(reverse("meetings:post_create", args=[consultation.slug]), {
        "subtopic": consultation.subtopics.get().pk, "title": "标题\x00\u202e", "body": "正文\u200b\x00内容"})
    assert response.status_code == 302
    speech = Post.objects.get()
    assert (speech.title, speech.body) == ("标题", "正文内容")
    response = client.post(reverse("meetings:comment_create", args=[consultation.slug, speech.pk]),
                           {"body": "评论\x00\u2066内容"})
    assert speech.comments.get().body == "评论内容"
    response = client.get(reverse("meetings:consultation", args=[consultation.slug]), {"sort": "\x00", "after": "\x00"})
    assert response.status_code == 200


def test_profile_and_admin_text_are_cleaned(client, member, staff):
    client.force_login(member)
    client.post(reverse("accounts:profile"), {"real_name": "张\x00三", "display_name": "\u202e张三", "title": "\x00",
                                              "email": "", "phone": ""})
    member.refresh_from_db()
    assert (member.real_name, member.display_name) == ("张三", "张三")
    client.force_login(staff)
    response = client.post(reverse("admin:departments_department_add"), {
        "name": "民政厅\x00", "short_name": "\u200b民政", "slug": "civil", "description": "\x00", "contact": ""})
    assert response.status_code == 302
    from departments.models import Department

    department = Department.objects.get(slug="civil")
    assert (department.name, department.short_name) == ("民政厅", "民政")
    assert client.get(reverse("admin:departments_department_changelist"), {"q": "\x00"}).status_code == 200


def test_the_cleaner_keeps_what_people_mean():
    from accounts.text import clean_input

    assert clean_input("第一行\r\n第二行\r第三行\n\t缩进") == "第一行\n第二行\n第三行\n\t缩进"
    assert clean_input("emoji 👍 and 中文，标点。") == "emoji 👍 and 中文，标点。"
    assert clean_input("a\x00b\x1bc\x7fd\x85e\u2067f\u200fg\u2060h\u061ci") == "abcdefghi"
    assert clean_input(None) is None and clean_input(5) == 5


def test_an_official_of_another_department_is_refused_whatever_they_send(client, claim, other_official):
    client.force_login(other_official)
    response = client.post(reverse("departments:reply", args=[claim.pk]), {"body": MEGABYTE})
    assert response.status_code == 403
    assert not Reply.objects.exists()


def test_the_forms_show_the_limits(client, claim, official, post):
    client.force_login(official)
    html = client.get(reverse("departments:post_responses", args=[post.pk])).content.decode()
    assert f'maxlength="{services.REPLY_MAX}"' in html and f'maxlength="{services.NOTE_MAX}"' in html
