"""Long discussions: a speech's first screen holds the first 50 comments (whole threads), the rest come on
demand, in place with htmx or as a page without JavaScript, under the same visibility rules."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from meetings import services
from meetings.models import Comment, CommentLike, ParticipationMode, Post
from meetings.moderation import services as moderation
from meetings.selectors import COMMENT_PAGE_SIZE
from tests import factories

pytestmark = pytest.mark.django_db

MORE = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "comments-more"}


def discuss(speech, people, threads: int) -> list:
    """`threads` threads of five comments, three levels deep and one flattened below: root, reply,
    reply to the reply, and two answers below that. Returns the roots."""
    roots = []
    for t in range(threads):
        root = Comment.objects.create(post=speech, author=people[t % len(people)], body=f"主题{t}",
                                      body_html=f"<p>主题{t}号</p>")
        second = Comment.objects.create(post=speech, parent=root, depth=1, author=people[(t + 1) % len(people)],
                                        body="回复", body_html=f"<p>二层{t}号</p>")
        third = Comment.objects.create(post=speech, parent=second, depth=2, author=people[t % len(people)],
                                       body="回复", body_html=f"<p>三层{t}号</p>")
        for n in range(2):
            Comment.objects.create(post=speech, parent=third, depth=3, author=people[n], body="回复",
                                   body_html=f"<p>四层{t}-{n}号</p>")
        roots.append(root)
    Post.objects.filter(pk=speech.pk).update(comment_count=speech.comments.count())  # as add_comment keeps it
    return roots


def shown_comments(html: str) -> int:
    return len(re.findall(r'<li id="comment-\d+"', html))


@pytest.fixture
def people(consultation):
    return list(consultation.participants.all()[:3]) or [factories.MemberFactory() for _ in range(3)]


def test_the_first_screen_shows_the_first_fifty_comments_and_a_link_to_the_rest(client, speech, member, people):
    roots = discuss(speech, people, 30)  # 150 comments
    client.force_login(member)
    html = client.get(speech.get_absolute_url()).content.decode()
    assert shown_comments(html) == COMMENT_PAGE_SIZE == 50
    assert "主题9号" in html and "四层9-1号" in html and "主题10号" not in html
    link = f"{speech.get_absolute_url()}?after={roots[9].pk}"
    assert f'href="{link}#comment-list"' in html and f'hx-get="{link}"' in html
    assert "还有 100 条评论" in html


def test_more_comments_come_in_place_with_htmx(client, speech, member, people):
    roots = discuss(speech, people, 30)
    client.force_login(member)
    fragment = client.get(speech.get_absolute_url(), {"after": roots[9].pk}, **MORE).content.decode()
    assert "<html" not in fragment and "comments-heading" not in fragment
    assert shown_comments(fragment) == 50 and "主题10号" in fragment and "主题19号" in fragment
    assert "主题9号" not in fragment and "主题20号" not in fragment
    last = client.get(speech.get_absolute_url(), {"after": roots[19].pk}, **MORE).content.decode()
    assert shown_comments(last) == 50 and "主题29号" in last and "comments-more" not in last  # nothing more


def test_more_comments_work_without_javascript_as_a_page(client, speech, people):
    roots = discuss(speech, people, 12)
    html = client.get(speech.get_absolute_url(), {"after": roots[9].pk}).content.decode()  # anonymous, no htmx
    assert "<html" in html and speech.title in html
    assert shown_comments(html) == 10 and "主题10号" in html and "主题9号" not in html
    assert f'href="{speech.get_absolute_url()}#comment-list"' in html  # back to the first comments
    assert "comments-more" not in html


def test_a_thread_longer_than_a_batch_comes_whole(client, speech, people):
    root = Comment.objects.create(post=speech, author=people[0], body="长", body_html="<p>长讨论</p>")
    Comment.objects.bulk_create([Comment(post=speech, parent=root, depth=1, author=people[1], body="回",
                                         body_html="<p>回</p>") for _ in range(60)])
    Comment.objects.create(post=speech, author=people[0], body="后", body_html="<p>后来的主题</p>")
    html = client.get(speech.get_absolute_url()).content.decode()
    assert shown_comments(html) == 61 and "后来的主题" not in html and "还有 1 条评论" in html


def test_hidden_and_pending_comments_follow_the_rules_in_every_batch(client, speech, member, other_member, staff,
                                                                     people):
    roots = discuss(speech, people, 12)
    moderation.hide(staff, roots[10], "人身攻击")  # its replies stay, under a placeholder
    pending = Comment.objects.create(post=speech, author=other_member, body="待审", body_html="<p>待审意见</p>",
                                     is_approved=False)
    client.force_login(member)
    html = client.get(speech.get_absolute_url(), {"after": roots[9].pk}, **MORE).content.decode()
    assert "主题10号" not in html and "人身攻击" not in html and "这条评论未显示" in html and "二层10号" in html
    assert "待审意见" not in html and shown_comments(html) == 10
    client.force_login(other_member)
    assert "待审意见" in client.get(speech.get_absolute_url(), {"after": roots[9].pk}, **MORE).content.decode()
    client.force_login(staff)
    html = client.get(speech.get_absolute_url(), {"after": roots[9].pk}, **MORE).content.decode()
    assert "主题10号" in html and "待审意见" in html and pending.pk


def test_likes_by_me_are_marked_in_later_batches(client, speech, member, people):
    roots = discuss(speech, people, 12)
    CommentLike.objects.create(comment=roots[11], user=member)
    Comment.objects.filter(pk=roots[11].pk).update(like_count=1)
    client.force_login(member)
    html = client.get(speech.get_absolute_url(), {"after": roots[9].pk}, **MORE).content.decode()
    assert html.count('aria-pressed="true"') == 1


def test_a_hidden_speech_has_no_comment_batches_for_readers(client, speech, member, staff, people):
    roots = discuss(speech, people, 12)
    moderation.hide(staff, speech, "违规")
    client.force_login(member)
    assert client.get(speech.get_absolute_url(), {"after": roots[9].pk}, **MORE).status_code == 404
    client.force_login(staff)
    assert client.get(speech.get_absolute_url(), {"after": roots[9].pk}, **MORE).status_code == 200


@pytest.mark.parametrize("threads", [2, 100])
def test_a_batch_of_comments_has_a_fixed_query_budget(client, speech, member, people, threads,
                                                      django_assert_max_num_queries):
    roots = discuss(speech, people, threads)
    client.force_login(member)
    url = speech.get_absolute_url()
    # session, user, consultation, stages, sub-topics, speech and its files, the threads, their rows and
    # files, my likes
    with django_assert_max_num_queries(11):
        response = client.get(url, {"after": roots[0].pk}, **MORE)
    assert response.status_code == 200
    with django_assert_max_num_queries(8):  # threads and cards shared by every member now: no rows to load
        again = client.get(url, {"after": roots[0].pk}, **MORE).content.decode()
    assert shown_comments(again) == shown_comments(response.content.decode()) > 0


def test_shared_cards_carry_each_members_likes_reports_and_token(speech, member, other_member, people):
    roots = discuss(speech, [member, other_member], 2)
    CommentLike.objects.create(comment=roots[1], user=other_member)
    first, second = Client(), Client(enforce_csrf_checks=True)
    first.force_login(member)
    second.force_login(other_member)
    mine = first.get(speech.get_absolute_url()).content.decode()  # renders the shared cards
    theirs = second.get(speech.get_absolute_url()).content.decode()  # from the shared cards
    report = reverse("meetings:comment_report", args=[speech.consultation.slug, roots[0].pk])
    assert f'href="{report}"' not in mine and f'href="{report}"' in theirs  # roots[0] is the member's own
    assert mine.count('aria-pressed="true"') == 0 and theirs.count('aria-pressed="true"') == 1
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', theirs.split('id="comment-list"')[1]).group(1)
    like = reverse("meetings:comment_like", args=[speech.consultation.slug, roots[0].pk])
    assert second.post(like, {"csrfmiddlewaretoken": token}).status_code == 302  # the token is theirs


def test_a_new_comment_shows_at_once_for_its_author_and_for_others(client, speech, member, other_member, people,
                                                                   django_capture_on_commit_callbacks):
    discuss(speech, people, 3)
    reader = Client()
    reader.force_login(member)
    assert "刚写的评论" not in reader.get(speech.get_absolute_url()).content.decode()  # threads and cards cached
    with django_capture_on_commit_callbacks(execute=True):  # the content version moves on after the commit
        services.add_comment(other_member, speech, "刚写的评论")
    client.force_login(other_member)
    assert "刚写的评论" in client.get(speech.get_absolute_url()).content.decode()
    assert "刚写的评论" in reader.get(speech.get_absolute_url()).content.decode()


def test_a_comment_awaiting_approval_shows_at_once_for_its_author_only(client, speech, member, public_user, people,
                                                                       django_capture_on_commit_callbacks):
    speech.consultation.public_participation = ParticipationMode.MODERATED
    speech.consultation.save()
    discuss(speech, people, 3)
    reader = Client()
    reader.force_login(member)
    reader.get(speech.get_absolute_url())  # threads and cards cached for every member
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(public_user, speech, "公众的待审意见")
    client.force_login(public_user)
    assert "公众的待审意见" in client.get(speech.get_absolute_url()).content.decode()
    assert "公众的待审意见" not in reader.get(speech.get_absolute_url()).content.decode()
    assert "公众的待审意见" not in Client().get(speech.get_absolute_url()).content.decode()
