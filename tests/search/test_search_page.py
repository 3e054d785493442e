"""The search page: what each role finds, the filters, the validation, htmx, and a fixed query budget."""

import pytest
from django.urls import reverse

from accounts.models import Role, User
from departments import services as department_services
from meetings import services
from meetings.models import Comment, Post, Visibility
from meetings.moderation import services as moderation
from meetings.search.services import rebuild_index
from tests import factories

pytestmark = pytest.mark.django_db
URL = reverse("meetings:search")


def kinds(client, **params) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return [hit.document.kind for hit in response.context["results"].hits]


def texts(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def content(consultation, member, subtopic, staff, official, department):
    """In the public consultation: a shown speech, a hidden one, a pending public comment and a reply;
    in an invited-only one: a speech only its participants may find."""
    consultation.public_participation = "moderated"
    consultation.save()
    shown = services.create_post(member, consultation, subtopic, "公开的扶贫发言", "扶贫甲")
    hidden = services.create_post(member, consultation, subtopic, "被隐藏的扶贫发言", "扶贫乙")
    moderation.hide(staff, hidden, "违规")
    writer = factories.UserFactory()
    pending = services.add_comment(writer, shown, "待审核的扶贫评论")
    secret = factories.ConsultationFactory(visibility=Visibility.INVITED)
    insider = factories.MemberFactory()
    secret.participants.add(insider)
    secret.departments.add(department)
    invited = services.create_post(insider, secret, secret.subtopics.first(), "邀请制的扶贫发言", "扶贫丙")
    return {"shown": shown, "hidden": hidden, "pending": pending, "writer": writer, "invited": invited,
            "insider": insider}


def seen(client, user, content):
    if user is not None:
        client.force_login(user)
    response = client.get(URL, {"q": "扶贫"})
    assert response.status_code == 200
    found = {(hit.document.kind, hit.document.object_id) for hit in response.context["results"].hits}
    kinds = {"shown": "speech", "hidden": "speech", "pending": "comment", "invited": "speech"}
    return {name for name, kind in kinds.items() if (kind, content[name].pk) in found}


def test_anonymous_readers_find_only_shown_public_content(client, content):
    assert seen(client, None, content) == {"shown"}


def test_the_public_find_neither_hidden_nor_pending_nor_invited_only_content(client, content, public_user):
    assert seen(client, public_user, content) == {"shown"}


def test_a_public_commenter_finds_their_own_pending_comment(client, content):
    assert seen(client, content["writer"], content) == {"shown", "pending"}


def test_a_member_not_invited_elsewhere_does_not_find_invited_only_content(client, content, member):
    assert seen(client, member, content) == {"shown"}


def test_an_invited_member_finds_the_invited_only_consultation(client, content):
    assert seen(client, content["insider"], content) == {"shown", "invited"}


def test_an_outsider_official_does_not_find_invited_only_content(client, content):
    outsider = factories.OfficialFactory()
    factories.DepartmentFactory().officials.add(outsider)
    assert seen(client, outsider, content) == {"shown"}


def test_an_official_of_an_invited_department_finds_invited_only_content(client, content, official):
    assert seen(client, official, content) == {"shown", "invited"}


def test_staff_find_everything_marked_as_it_is(client, content, staff):
    assert seen(client, staff, content) == {"shown", "hidden", "pending", "invited"}


def test_matches_are_highlighted_and_everything_else_escaped(client, consultation, member, subtopic):
    services.create_post(member, consultation, subtopic, "<b>标题</b>", "前文<script>x</script>扶贫后文")
    page = texts(client, q="扶贫")
    assert "<mark>扶贫</mark>" in page
    assert "<script>x</script>" not in page and "&lt;b&gt;标题&lt;/b&gt;" in page


def test_filters_narrow_the_results(client, consultation, member, subtopic, leader):
    services.create_post(member, consultation, subtopic, "委员的扶贫发言", "扶贫")
    speech = Post.objects.get()
    services.add_comment(leader, speech, "领导的扶贫评论")
    assert kinds(client, q="扶贫", role=Role.LEADER) == ["comment"]
    assert kinds(client, q="扶贫", kind="speech", consultation=consultation.slug, subtopic=subtopic.pk) == ["speech"]
    assert kinds(client, **{"q": "扶贫", "from": "2000-01-01", "to": "2000-12-31"}) == []


def test_a_department_and_a_disposition_narrow_the_results_to_its_replies(client, speech, official, department):
    claim = department_services.claim_aspect(official, speech, department)
    reply = department_services.publish_reply(official, claim, "扶贫资金已经下达。", "resolved")
    found = client.get(URL, {"q": "扶贫", "department": department.slug, "disposition": "resolved"}).context["results"]
    assert [(hit.document.kind, hit.document.object_id) for hit in found.hits] == [("reply", reply.pk)]
    assert not client.get(URL, {"q": "扶贫", "department": department.slug, "disposition": "declined"}).context[
        "results"].hits


def test_a_sub_topic_of_another_consultation_is_refused(client, consultation, subtopic, settings):
    settings.LANGUAGE_CODE = "en"
    other = factories.ConsultationFactory()
    response = client.get(URL, {"q": "扶贫", "consultation": other.slug, "subtopic": subtopic.pk},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert "This sub-topic belongs to another consultation." in response.content.decode()
    assert not response.context["results"].hits


def test_the_filters_offer_what_the_reader_may_see_and_keep_the_choice(client, consultation, subtopic):
    secret = factories.ConsultationFactory(visibility=Visibility.INVITED, title="闭门协商")
    page = texts(client, q="扶贫", consultation=consultation.slug)
    assert f'<option value="{consultation.slug}" selected>' in page and secret.title not in page
    assert f'<option value="{subtopic.pk}">{consultation.title} · {subtopic.title}</option>' in page


@pytest.mark.parametrize("params, message", [
    ({"q": "扶" * 101}, "100"),
    ({"q": "？！，"}, "Type at least one word"),
    ({"q": "扶贫", "from": "2026-02-01", "to": "2026-01-01"}, "end date comes before"),
    ({"q": "扶贫", "consultation": "no-such-thing"}, "Select a valid choice"),
    ({"q": "扶贫", "page": "0"}, "greater than or equal to 1"),
])
def test_bad_input_gets_a_clear_message(client, params, message, settings):
    settings.LANGUAGE_CODE = "en"
    page = client.get(URL, params, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert message in page


def test_control_characters_are_stripped_from_the_query(client, consultation, member, subtopic):
    services.create_post(member, consultation, subtopic, "扶贫发言", "扶贫")
    assert "<mark>扶贫</mark>" in texts(client, q="扶\u200b贫\u202e")


def test_a_nul_character_is_stripped_and_the_search_runs(client, content):
    response = client.get(URL, {"q": "扶贫\x00"})  # the project-wide input cleaner drops it before the form
    assert response.status_code == 200
    assert response.context["form"].cleaned_data["q"] == "扶贫" and response.context["results"].hits


def test_an_invited_only_consultation_cannot_be_named_in_the_filter_by_outsiders(client, content, public_user,
                                                                                 settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(public_user)
    response = client.get(URL, {"q": "扶贫", "consultation": content["invited"].consultation.slug})
    assert "Select a valid choice" in response.content.decode() and not response.context["results"].hits


def test_htmx_gets_the_results_alone_and_the_plain_page_has_the_form(client, consultation, member, subtopic):
    services.create_post(member, consultation, subtopic, "扶贫发言", "扶贫")
    fragment = client.get(URL, {"q": "扶贫"}, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<section id="search-results"') and "<html" not in fragment
    page = texts(client, q="扶贫")
    assert 'action="/search/"' in page and 'id="search-results"' in page


def test_every_page_has_the_search_box(client):
    assert 'id="site-search-q"' in client.get(reverse("home")).content.decode()


def test_results_come_in_pages(client, consultation, member, subtopic):
    for i in range(25):
        factories.PostFactory(consultation=consultation, subtopic=subtopic, author=member, title=f"扶贫发言{i}",
                              body="扶贫")
    first = client.get(URL, {"q": "扶贫", "kind": "speech"})
    assert len(first.context["results"].hits) == 20 and first.context["next_query"]
    second = client.get(URL + "?" + first.context["next_query"])
    assert len(second.context["results"].hits) == 5 and not second.context["next_query"]


def fill(consultation, subtopic, count: int):
    people = User.objects.bulk_create(
        [User(username=f"searcher{count}-{i}", role=Role.MEMBER, real_name=f"委员{i}") for i in range(count)])
    posts = Post.objects.bulk_create([
        Post(consultation=consultation, subtopic=subtopic, author=person, title=f"扶贫发言{i}", body="产业扶贫",
             body_html="<p>产业扶贫</p>") for i, person in enumerate(people)])
    Comment.objects.bulk_create([Comment(post=post, author=post.author, body="扶贫评论", body_html="<p>扶贫评论</p>",
                                         author_role=Role.MEMBER) for post in posts])
    rebuild_index()


@pytest.mark.parametrize("count", [10, 200])
@pytest.mark.parametrize("who", ["anonymous", "member", "staff"])
def test_the_search_page_has_a_fixed_query_budget(client, consultation, subtopic, count, who, member, staff,
                                                  django_assert_max_num_queries):
    fill(consultation, subtopic, count)
    if who != "anonymous":
        client.force_login(member if who == "member" else staff)
    # session, user, the frame's counts (notifications; overdue claims for staff); the results; the
    # consultations with their sub-topics, and the departments, listed in the filters
    with django_assert_max_num_queries(7):
        response = client.get(URL, {"q": "扶贫", "consultation": consultation.slug})
    assert len(response.context["results"].hits) == min(20, 2 * count)


def test_onlookers_share_a_search_page_that_follows_every_change_of_the_index(
        client, consultation, member, subtopic, staff, django_capture_on_commit_callbacks, django_assert_num_queries):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.create_post(member, consultation, subtopic, "产业扶贫的发言甲", "扶贫正文一")
    assert "的发言甲" in texts(client, q="扶贫")
    with django_assert_num_queries(0):  # the next onlooker gets the same page, made once
        assert "的发言甲" in texts(client, q="扶贫")

    with django_capture_on_commit_callbacks(execute=True):
        services.create_post(member, consultation, subtopic, "扶贫资金的发言乙", "扶贫正文二")
    assert "的发言乙" in texts(client, q="扶贫")  # a new speech shows at once
    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide(staff, first, "违规")
    assert "的发言甲" not in texts(client, q="扶贫")  # and a hidden one goes at once


def test_a_signed_in_reader_never_gets_the_page_onlookers_share(client, consultation, member, subtopic,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.create_post(member, consultation, subtopic, "产业扶贫的发言", "扶贫正文")
    texts(client, q="扶贫")
    client.force_login(member)
    response = client.get(URL, {"q": "扶贫"})
    assert response.context is not None and response.context["results"].hits  # rendered for them
