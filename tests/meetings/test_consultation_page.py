"""The home page and a consultation's page: phases, timeline, figures, tabs, the feed and its pages."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings import page_cache, services
from meetings.models import Post, ResponseState, Status, Visibility
from meetings.moderation import services as moderation
from tests import factories

pytestmark = pytest.mark.django_db


def page_of(consultation):
    return reverse("meetings:consultation", args=[consultation.slug])


def test_home_lists_ongoing_upcoming_and_past(client):
    ongoing = factories.ConsultationFactory(title="正在进行的协商")
    upcoming = factories.ConsultationFactory(title="即将开始的协商", with_stage_and_topic=False)
    factories.StageFactory(consultation=upcoming, starts_at=timezone.now() + timedelta(days=3),
                           ends_at=timezone.now() + timedelta(days=9))
    factories.ConsultationFactory(title="已结束的协商", status=Status.CLOSED)
    factories.ConsultationFactory(title="草稿协商", status=Status.DRAFT)
    html = client.get("/").content.decode()
    assert html.index("正在进行的协商") < html.index("即将开始的协商") < html.index("已结束的协商")
    assert "草稿协商" not in html
    assert ongoing.get_absolute_url() in html and upcoming.get_absolute_url() in html


def test_consultation_page_shows_theme_timeline_figures_and_tabs(client, consultation, speech):
    factories.StageFactory(consultation=consultation, name="协商总结", order=5,
                           starts_at=timezone.now() + timedelta(days=10), ends_at=timezone.now() + timedelta(days=12))
    html = client.get(page_of(consultation)).content.decode()
    assert consultation.theme in html
    assert 'aria-current="step"' in html and "进行中" in html  # the current stage stands out
    assert "协商总结" in html
    assert "围观" in html and "发言人" in html and "评论" in html
    assert consultation.subtopics.first().title in html
    assert speech.title in html
    assert f'hx-get="{reverse("meetings:figures", args=[consultation.slug])}"' in html
    assert 'hx-trigger="every 20s"' in html


def test_figures_refresh_on_their_own(client, consultation, speech, other_member):
    services.add_comment(other_member, speech, "赞同")
    html = client.get(reverse("meetings:figures", args=[consultation.slug])).content.decode()
    assert '<section id="figures"' in html and "<dd>1</dd>" in html


def test_members_see_a_speak_button_others_do_not(client, consultation, member, leader):
    client.force_login(member)
    assert "我要发言" in client.get(page_of(consultation)).content.decode()
    client.force_login(leader)
    assert "我要发言" not in client.get(page_of(consultation)).content.decode()


@pytest.mark.parametrize("who", [None, "other_member", "public_user"])
def test_invited_only_consultations_are_404_to_outsiders(client, consultation, speech, request, who):
    consultation.visibility = Visibility.INVITED
    consultation.save()
    if who:
        client.force_login(request.getfixturevalue(who))
    slug = consultation.slug
    for url in (page_of(consultation), reverse("meetings:figures", args=[slug]), reverse("meetings:qr", args=[slug]),
                reverse("meetings:poster", args=[slug]), speech.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 404
        assert consultation.title not in response.content.decode()
    assert consultation.title not in client.get("/").content.decode()


def test_invited_only_consultations_open_to_the_invited(client, consultation, member, official):
    consultation.visibility = Visibility.INVITED
    consultation.save()
    for person in (member, official):
        client.force_login(person)
        assert client.get(page_of(consultation)).status_code == 200


def test_drafts_are_404_to_everyone_but_staff(client, member, staff):
    draft = factories.ConsultationFactory(status=Status.DRAFT)
    client.force_login(member)
    assert client.get(page_of(draft)).status_code == 404
    client.force_login(staff)
    assert client.get(page_of(draft)).status_code == 200


def titles(response):
    return [post.title for post in response.context["feed"].posts]


def test_feed_sorts_by_newest_most_liked_and_most_discussed(client, consultation):
    quiet = factories.PostFactory(consultation=consultation, title="冷门", like_count=0, comment_count=9)
    liked = factories.PostFactory(consultation=consultation, title="热门", like_count=7, comment_count=1)
    newest = factories.PostFactory(consultation=consultation, title="最新", like_count=1, comment_count=0)
    url = page_of(consultation)
    assert titles(client.get(url)) == [newest.title, liked.title, quiet.title]
    assert titles(client.get(url, {"sort": "liked"})) == [liked.title, newest.title, quiet.title]
    assert titles(client.get(url, {"sort": "discussed"})) == [quiet.title, liked.title, newest.title]


def test_feed_filters_by_subtopic_and_department_response(client, consultation):
    other_topic = factories.SubTopicFactory(consultation=consultation, title="产业帮扶")
    factories.PostFactory(consultation=consultation, title="监测", response_state=ResponseState.AWAITING)
    factories.PostFactory(consultation=consultation, title="产业", subtopic=other_topic,
                          response_state=ResponseState.ANSWERED)
    factories.PostFactory(consultation=consultation, title="认领中", response_state=ResponseState.CLAIMED)
    url = page_of(consultation)
    assert titles(client.get(url, {"subtopic": other_topic.pk})) == ["产业"]
    assert titles(client.get(url, {"state": "answered"})) == ["产业"]
    assert titles(client.get(url, {"state": "awaiting"})) == ["认领中", "监测"]
    html = client.get(url, {"subtopic": other_topic.pk}).content.decode()
    assert f'?subtopic={other_topic.pk}" hx-get' in html and 'aria-current="page">产业帮扶' in html


@pytest.mark.parametrize("sort", ["new", "liked", "discussed"])
def test_load_more_pages_through_every_speech_by_keyset_not_offset(client, consultation, sort):
    for index in range(45):
        factories.PostFactory(consultation=consultation, like_count=index % 4, comment_count=index % 3)
    seen, query, pages = [], {"sort": sort}, 0
    while True:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page_of(consultation), query, HTTP_HX_REQUEST="true",
                                  HTTP_HX_TARGET="load-more" if pages else "feed")
        assert not any(" OFFSET " in q["sql"].upper() for q in queries.captured_queries)
        feed = response.context["feed"]
        seen += [post.pk for post in feed.posts]
        pages += 1
        if not feed.next_cursor:
            break
        query = {"sort": sort, "after": feed.next_cursor}
    assert pages == 3 and len(seen) == 45 and len(set(seen)) == 45


def test_load_more_for_htmx_returns_the_next_items_and_button_only(client, consultation, make_posts):
    make_posts(25)
    first = client.get(page_of(consultation))
    html = first.content.decode()
    assert 'id="load-more"' in html and "加载更多" in html
    cursor = first.context["feed"].next_cursor
    more = client.get(page_of(consultation), {"after": cursor}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="load-more")
    fragment = more.content.decode()
    assert "<html" not in fragment and fragment.count('class="card feed-item') == 5
    assert 'id="load-more"' not in fragment
    plain = client.get(page_of(consultation), {"after": cursor})  # without JavaScript: the next page
    assert "<html" in plain.content.decode() and len(plain.context["feed"].posts) == 5


def test_hidden_speeches_are_for_staff_only(client, consultation, speech, staff, member, other_member):
    moderation.hide(staff, speech, "与议题无关")
    for person in (None, other_member, member):  # even the author
        if person:
            client.force_login(person)
        assert speech.title not in client.get(page_of(consultation)).content.decode()
        assert client.get(speech.get_absolute_url()).status_code == 404
    client.force_login(staff)
    html = client.get(page_of(consultation)).content.decode()
    assert speech.title in html and "与议题无关" in html
    assert client.get(speech.get_absolute_url()).status_code == 200


def test_staff_tools_are_for_staff(client, consultation, member, staff):
    client.force_login(member)
    assert "工作人员工具" not in client.get(page_of(consultation)).content.decode()
    client.force_login(staff)
    html = client.get(page_of(consultation)).content.decode()
    assert "工作人员工具" in html and reverse("meetings:moderation") in html
    assert reverse("meetings:minutes", args=[consultation.slug]) in html
    assert reverse("meetings:invitations", args=[consultation.slug]) in html


def test_feed_counts_posts_from_the_database(consultation):
    assert Post.objects.count() == 0


def test_anonymous_readers_get_cached_fragments_that_change_with_the_content(
        client, consultation, speech, member, other_member, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(page_cache, "STALE_SECONDS", -1)  # the whole shared page may lag 2 s: as if they passed
    first = client.get(page_of(consultation)).content.decode()
    assert speech.title in first
    client.get(speech.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        services.create_post(other_member, consultation, consultation.subtopics.first(), "新的发言", "正文")
        services.add_comment(other_member, speech, "新的评论")
    assert "新的发言" in client.get(page_of(consultation)).content.decode()
    assert "新的评论" in client.get(speech.get_absolute_url()).content.decode()


def test_members_share_the_main_part_yet_each_sees_their_own_speaking_line_and_header(
        consultation, member, other_member, leader, staff):
    from django.test import Client

    readers = {person: Client() for person in (member, other_member, leader, staff)}
    for person, reader in readers.items():
        reader.force_login(person)
    for reader in readers.values():
        reader.get(page_of(consultation))  # every onlooker counted: the figures, and so the shared part, hold now
    again = {person: reader.get(page_of(consultation)).content.decode() for person, reader in readers.items()}
    assert "我要发言" in again[member] and "我要发言" in again[other_member] and "我要发言" not in again[leader]
    assert member.shown_name in again[member] and member.shown_name not in again[other_member]
    assert "工作人员工具" in again[staff] and "工作人员工具" not in again[member]
    main = again[member].split('<div id="flash"')[1]
    assert main == again[other_member].split('<div id="flash"')[1]  # one rendering for both members


def test_members_see_a_new_speech_at_once_once_the_content_version_moves(
        client, consultation, member, other_member, django_capture_on_commit_callbacks):
    client.force_login(member)
    assert "刚发表的发言" not in client.get(page_of(consultation)).content.decode()  # the main part shared now
    with django_capture_on_commit_callbacks(execute=True):
        services.create_post(other_member, consultation, consultation.subtopics.first(), "刚发表的发言", "正文")
    assert "刚发表的发言" in client.get(page_of(consultation)).content.decode()
