"""A speech's page: posting and editing, threaded comments, likes in place and as plain posts."""

import re

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import Comment, ParticipationMode, Post, PostLike
from meetings.moderation import services as moderation
from tests import factories

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def speak_url(consultation):
    return reverse("meetings:post_create", args=[consultation.slug])


# --- posting and editing ---------------------------------------------------------------------------


def test_member_posts_a_speech_through_the_form(client, consultation, member):
    client.force_login(member)
    form = client.get(speak_url(consultation))
    html = form.content.decode()
    assert form.status_code == 200 and "data-draft=" in html and "js/drafts.js" in html
    response = client.post(speak_url(consultation), {
        "subtopic": consultation.subtopics.first().pk, "title": "稳岗就业的三点建议",
        "body": "## 一、\n\n扩大**以工代赈**。",
    })
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    page = client.get(post.get_absolute_url()).content.decode()
    assert "<h2>一、</h2>" in page and "<strong>以工代赈</strong>" in page
    assert f'data-clear-draft="speech:{consultation.slug}:new"' in page  # the draft is done with
    assert "data-clear-draft" not in client.get(post.get_absolute_url()).content.decode()


def test_the_form_explains_why_a_member_cannot_speak_now(client, consultation, member):
    consultation.stages.update(allows_speeches=False)
    client.force_login(member)
    response = client.get(speak_url(consultation))
    assert response.status_code == 403 and "当前阶段不接受发言" in response.content.decode()
    response = client.post(speak_url(consultation), {"subtopic": consultation.subtopics.first().pk, "title": "t",
                                                     "body": "b"})
    assert response.status_code == 403 and not Post.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in_to_speak(client, consultation):
    response = client.post(speak_url(consultation), {"title": "t", "body": "b"})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert not Post.objects.exists()


def test_a_form_with_errors_keeps_what_was_typed(client, consultation, member):
    client.force_login(member)
    response = client.post(speak_url(consultation), {"subtopic": consultation.subtopics.first().pk, "title": "",
                                                     "body": "写了一半的发言"})
    assert response.status_code == 400 and "写了一半的发言" in response.content.decode()


def test_author_edits_and_everyone_sees_the_edited_mark_staff_see_the_history(client, speech, member, other_member,
                                                                             staff, django_capture_on_commit_callbacks):
    edit_url = reverse("meetings:post_edit", args=[speech.consultation.slug, speech.pk])
    history_url = reverse("meetings:post_history", args=[speech.consultation.slug, speech.pk])
    client.force_login(member)
    assert edit_url in client.get(speech.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the content version moves on after the commit
        response = client.post(edit_url, {"subtopic": speech.subtopic_id, "title": "修改后的标题",
                                          "body": "修改后的正文"})
    assert response.status_code == 302
    client.force_login(other_member)
    page = client.get(speech.get_absolute_url()).content.decode()
    assert "修改后的标题" in page and "已编辑" in page and history_url not in page
    assert client.get(history_url).status_code == 404
    assert client.post(edit_url, {"subtopic": speech.subtopic_id, "title": "x", "body": "y"}).status_code == 403
    client.force_login(member)
    assert client.get(history_url).status_code == 404  # the history is for staff, even the author's own
    client.force_login(staff)
    assert history_url in client.get(speech.get_absolute_url()).content.decode()
    history = client.get(history_url).content.decode()
    assert history.index("修改后的正文") < history.index("防止返贫")  # newest first, first version kept


# --- comments ----------------------------------------------------------------------------------------


def comment_url(post):
    return reverse("meetings:comment_create", args=[post.consultation.slug, post.pk])


def test_comment_in_place_with_htmx(client, speech, other_member):
    client.force_login(other_member)
    response = client.post(comment_url(speech), {"body": "很有见地"}, **HTMX)
    fragment = response.content.decode()
    comment = Comment.objects.get()
    assert response.status_code == 200 and "<html" not in fragment
    assert f'id="comment-{comment.pk}"' in fragment and "很有见地" in fragment
    assert f'id="replies-{comment.pk}"' in fragment  # replies to it go in place too
    assert '<span id="comment-count" class="muted" hx-swap-oob="true">(1)</span>' in fragment  # the heading's count


def test_the_speech_page_heading_counts_comments_in_a_swappable_span(client, speech, other_member):
    services.add_comment(other_member, speech, "同意")
    assert '<span id="comment-count" class="muted">(1)</span>' in client.get(speech.get_absolute_url()).content.decode()


def test_the_reply_form_comes_in_place_or_as_a_small_page(client, speech, member, other_member):
    first = services.add_comment(member, speech, "原评论")
    client.force_login(other_member)
    page = client.get(speech.get_absolute_url()).content.decode()
    assert f'hx-get="{comment_url(speech)}?parent={first.pk}"' in page and f'id="slot-{first.pk}"' in page
    fragment = client.get(comment_url(speech), {"parent": first.pk}, **HTMX).content.decode()
    assert "<html" not in fragment and f'hx-target="#replies-{first.pk}"' in fragment and "autofocus" in fragment
    plain = client.get(comment_url(speech), {"parent": first.pk}).content.decode()
    assert "<html" in plain and "原评论" in plain and 'name="parent"' in plain


def test_the_reply_form_is_refused_where_commenting_is(client, speech, member, public_user):
    first = services.add_comment(member, speech, "原评论")
    client.force_login(public_user)  # the consultation is read-only for the public
    response = client.get(comment_url(speech), {"parent": first.pk}, **HTMX)
    assert response["HX-Retarget"] == "#flash"
    assert client.get(comment_url(speech), {"parent": 999999}).status_code == 404


def test_comment_as_a_plain_form_post(client, speech, other_member):
    client.force_login(other_member)
    response = client.post(comment_url(speech), {"body": "很有见地"})
    comment = Comment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{comment.pk}")
    assert "很有见地" in client.get(speech.get_absolute_url()).content.decode()


def test_a_refused_comment_says_why_in_place(client, speech, other_member):
    speech.consultation.stages.update(allows_comments=False)
    client.force_login(other_member)
    response = client.post(comment_url(speech), {"body": "很有见地"}, **HTMX)
    assert response["HX-Retarget"] == "#flash" and "当前阶段不接受评论" in response.content.decode()
    response = client.post(comment_url(speech), {"body": "很有见地"})
    assert response.status_code == 302 and not Comment.objects.exists()


def test_anonymous_comment_goes_to_sign_in(client, speech):
    response = client.post(comment_url(speech), {"body": "匿名"}, **HTMX)
    assert reverse("account_login") in response["HX-Redirect"]
    response = client.post(comment_url(speech), {"body": "匿名"})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert not Comment.objects.exists()


def test_threads_show_three_levels_then_flatten(client, speech, member, other_member):
    level = None
    chain = []
    for index in range(6):
        level = services.add_comment(member if index % 2 else other_member, speech, f"第{index}层", parent=level)
        chain.append(level)
    response = client.get(speech.get_absolute_url())
    thread = response.context["thread"]
    assert [c.pk for c in thread] == [chain[0].pk]
    second = thread[0].children[0]
    third = second.children[0]
    assert (second.pk, third.pk) == (chain[1].pk, chain[2].pk)
    assert [c.pk for c in third.children] == [c.pk for c in chain[3:]]  # deeper replies: one flat list
    assert all(c.children == [] for c in third.children)
    assert third.children[1].reply_to.pk == chain[3].pk
    html = response.content.decode()
    assert html.count('class="thread thread-flat"') == 1 and "回复" in html
    # a reply to a flattened comment lands in the same flat list
    client.force_login(member)
    fragment = client.post(comment_url(speech), {"body": "再回复", "parent": chain[5].pk}, **HTMX).content.decode()
    assert "回复" in fragment and "replies-" not in fragment.split("</p>")[0]
    form = client.get(comment_url(speech), {"parent": chain[5].pk}, **HTMX).content.decode()
    target = re.search(r'hx-target="#replies-(\d+)"', form)
    assert target and int(target.group(1)) == chain[2].pk
    assert f'name="parent" value="{chain[5].pk}"' in form


def test_a_leaders_comment_stands_out(client, speech, leader):
    services.add_comment(leader, speech, "请乡村振兴局牵头研究。")
    html = client.get(speech.get_absolute_url()).content.decode()
    assert "leader-comment" in html and "领导点评" in html


def test_comments_awaiting_approval_are_seen_by_their_author_and_staff_only(client, speech, public_user, other_member,
                                                                            staff):
    speech.consultation.public_participation = ParticipationMode.MODERATED
    speech.consultation.save()
    client.force_login(public_user)
    fragment = client.post(comment_url(speech), {"body": "公众意见"}, **HTMX).content.decode()
    assert "等待审核" in fragment
    assert "公众意见" in client.get(speech.get_absolute_url()).content.decode()
    client.force_login(other_member)
    assert "公众意见" not in client.get(speech.get_absolute_url()).content.decode()
    client.force_login(staff)
    assert "公众意见" in client.get(speech.get_absolute_url()).content.decode()


def test_hidden_comments_are_staff_only_replies_keep_a_placeholder(client, speech, member, other_member, staff):
    first = services.add_comment(other_member, speech, "不当言论")
    services.add_comment(member, speech, "请注意措辞", parent=first)
    moderation.hide(staff, first, "人身攻击")
    client.force_login(member)
    html = client.get(speech.get_absolute_url()).content.decode()
    assert "不当言论" not in html and "人身攻击" not in html
    assert "这条评论未显示" in html and "请注意措辞" in html
    client.force_login(staff)
    html = client.get(speech.get_absolute_url()).content.decode()
    assert "不当言论" in html and "人身攻击" in html


# --- likes -------------------------------------------------------------------------------------------


def test_like_toggles_in_place(client, speech, other_member):
    url = reverse("meetings:post_like", args=[speech.consultation.slug, speech.pk])
    client.force_login(other_member)
    fragment = client.post(url, **HTMX).content.decode()
    assert 'aria-pressed="true"' in fragment and '<span class="like-count">1</span>' in fragment
    fragment = client.post(url, **HTMX).content.decode()
    assert 'aria-pressed="false"' in fragment and '<span class="like-count">0</span>' in fragment
    response = client.post(url, {"next": speech.get_absolute_url()})  # without JavaScript
    assert response.status_code == 302 and PostLike.objects.count() == 1
    assert response["Location"] == f"{speech.get_absolute_url()}#post-{speech.pk}"  # back where the reader was
    assert 'aria-pressed="true"' in client.get(speech.get_absolute_url()).content.decode()


def test_comment_like_toggles_in_place(client, speech, member, other_member):
    comment = services.add_comment(member, speech, "同意")
    url = reverse("meetings:comment_like", args=[speech.consultation.slug, comment.pk])
    client.force_login(other_member)
    assert '<span class="like-count">1</span>' in client.post(url, **HTMX).content.decode()
    assert '<span class="like-count">0</span>' in client.post(url, **HTMX).content.decode()


def test_anonymous_cannot_like(client, speech):
    url = reverse("meetings:post_like", args=[speech.consultation.slug, speech.pk])
    assert "HX-Redirect" in client.post(url, **HTMX)
    assert client.post(url).status_code == 302
    assert client.get(url).status_code == 405
    assert not PostLike.objects.exists()


def test_likes_in_a_closed_consultation_are_refused(client, speech, other_member):
    speech.consultation.status = "closed"
    speech.consultation.save()
    client.force_login(other_member)
    url = reverse("meetings:post_like", args=[speech.consultation.slug, speech.pk])
    assert client.post(url, **HTMX)["HX-Retarget"] == "#flash"
    assert not PostLike.objects.exists()


# --- the slot for department responses ----------------------------------------------------------------


def test_the_speech_page_has_the_department_responses_block_between_body_and_comments():
    from pathlib import Path

    from django.conf import settings

    source = (Path(settings.BASE_DIR) / "templates/meetings/post_detail.html").read_text()
    block = ('{% block department_responses %}{% include "departments/partials/post_responses.html" %}'
             "{% endblock %}")
    assert source.index('class="prose"') < source.index(block) < source.index('class="comments"')


def test_comment_factory_still_works(speech):
    assert factories.CommentFactory(post=speech).post == speech


def test_comment_like_without_javascript_returns_to_the_comment(client, speech, member, other_member):
    comment = services.add_comment(member, speech, "同意")
    url = reverse("meetings:comment_like", args=[speech.consultation.slug, comment.pk])
    client.force_login(other_member)
    response = client.post(url, {"next": speech.get_absolute_url()})
    assert response["Location"] == f"{speech.get_absolute_url()}#comment-{comment.pk}"


def test_labels_end_with_a_full_width_colon_in_chinese(client, speech, staff):
    speech.is_hidden, speech.hidden_reason = True, "重复发言"
    speech.save()
    client.force_login(staff)
    html = client.get(speech.get_absolute_url()).content.decode()
    assert "已隐藏： 重复发言" in html and "已隐藏:" not in html


def test_the_speech_read_from_the_cache_carries_each_readers_like_and_its_changes(
        client, speech, member, other_member, django_capture_on_commit_callbacks):
    from django.test import Client

    reader = Client()
    reader.force_login(member)
    reader.get(speech.get_absolute_url())  # the speech kept in the cache now
    with django_capture_on_commit_callbacks(execute=True):
        services.toggle_post_like(other_member, speech)
        services.edit_post(member, speech, "改过的标题", speech.body)
    client.force_login(other_member)
    theirs = client.get(speech.get_absolute_url()).content.decode()
    mine = reader.get(speech.get_absolute_url()).content.decode()
    assert "改过的标题" in theirs and "改过的标题" in mine
    like = 'action="{}"'.format(reverse("meetings:post_like", args=[speech.consultation.slug, speech.pk]))
    assert 'aria-pressed="true"' in theirs.split(like)[1][:600] and 'aria-pressed="false"' in mine.split(like)[1][:600]
