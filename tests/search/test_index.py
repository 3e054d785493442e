"""The index: segmentation, every kind of content kept current on its writes, and the rebuild."""

import pytest
from django.core.management import call_command

from departments import services as department_services
from meetings import services
from meetings.models import DocumentKind, SearchDocument
from meetings.moderation import services as moderation
from meetings.search.selectors import search
from meetings.search_index import query_terms, segment
from tests import factories

pytestmark = pytest.mark.django_db


def found(user, query, **filters):
    return [(hit.document.kind, hit.document.object_id) for hit in search(user, query, **filters).hits]


def test_compound_words_also_index_their_parts():
    assert {"产业", "扶贫"} <= set(segment("产业扶贫"))
    assert {"扶贫", "资金"} <= set(segment("扶贫资金的使用"))
    assert query_terms("  扶贫，资金！ ") == ["扶贫", "资金"]


def test_searching_a_word_finds_speeches_that_use_it_inside_longer_words(staff, consultation, member, subtopic):
    one = services.create_post(member, consultation, subtopic, "发展产业", "坚持产业扶贫。")
    two = services.create_post(member, consultation, subtopic, "管好资金", "扶贫资金要专款专用。")
    other = services.create_post(member, consultation, subtopic, "教育", "办好乡村学校。")
    hits = found(staff, "扶贫")
    assert ("speech", one.pk) in hits and ("speech", two.pk) in hits and ("speech", other.pk) not in hits


def test_a_members_name_finds_their_speeches(staff, consultation, subtopic):
    author = factories.MemberFactory(real_name="王建国")
    speech = services.create_post(author, consultation, subtopic, "标题", "正文内容。")
    consultation.participants.add(author)
    assert ("speech", speech.pk) in found(staff, "王建国")


def test_an_edit_replaces_the_indexed_words(member, speech, staff):
    services.edit_post(member, speech, "新标题", "加强医疗保障。")
    assert found(staff, "医疗") == [("speech", speech.pk)]
    assert ("speech", speech.pk) not in found(staff, "扶贫")


def test_comments_are_indexed_with_their_approval(consultation, speech, public_user, staff):
    consultation.public_participation = "moderated"
    consultation.save()
    comment = services.add_comment(public_user, speech, "希望关注留守儿童。")
    document = SearchDocument.objects.get(kind=DocumentKind.COMMENT, object_id=comment.pk)
    assert not document.is_approved
    moderation.approve_comment(staff, comment)
    document.refresh_from_db()
    assert document.is_approved


def test_hiding_a_speech_hides_its_thread_in_the_index(speech, member, staff):
    comment = services.add_comment(member, speech, "补充扶贫意见。")
    moderation.hide(staff, speech, "不当内容")
    assert set(SearchDocument.objects.filter(post=speech).values_list("post_hidden", flat=True)) == {True}
    moderation.unhide(staff, speech)
    assert not SearchDocument.objects.get(kind=DocumentKind.COMMENT, object_id=comment.pk).post_hidden


def test_a_departments_name_finds_its_replies_and_follow_ups(speech, official, department, staff):
    department.name, department.short_name = "省农业农村厅", "农业农村厅"
    department.save()
    claim = department_services.claim_aspect(official, speech, department)
    reply = department_services.publish_reply(official, claim, "已安排专项资金。", "resolved")
    follow_up = department_services.add_follow_up(official, claim, "资金已经下达。")
    hits = found(staff, "农业农村厅")
    assert ("reply", reply.pk) in hits and ("follow_up", follow_up.pk) in hits
    assert found(staff, "农业农村厅", department=department, disposition="resolved") == [("reply", reply.pk)]


def test_the_rebuild_indexes_everything_anew(speech, staff, consultation):
    factories.CommentFactory(post=speech, body="扶贫车间")
    SearchDocument.objects.all().delete()
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))
    kinds = set(SearchDocument.objects.values_list("kind", flat=True))
    assert kinds == {"consultation", "speech", "comment"}
    assert ("speech", speech.pk) in found(staff, "扶贫")


def test_the_workspace_keyword_uses_the_index(client, official, consultation, member, subtopic):
    services.create_post(member, consultation, subtopic, "产业发展", "发展产业扶贫车间。")
    services.create_post(member, consultation, subtopic, "乡村医生", "提高乡村医生待遇。")
    client.force_login(official)
    rows = client.get("/departments/workspace/", {"q": "扶贫\u200b"}).context["ws"].page.object_list
    assert [post.title for post in rows] == ["产业发展"]


def test_the_workspace_keyword_finds_claimed_speeches_through_the_index(client, official, department, speech):
    department_services.claim_aspect(official, speech, department)
    client.force_login(official)
    rows = client.get("/departments/workspace/", {"tab": "claimed", "q": "扶贫"}).context["ws"].page.object_list
    assert [claim.aspect.post_id for claim in rows] == [speech.pk]
    assert not client.get("/departments/workspace/", {"tab": "claimed", "q": "医疗"}).context["ws"].page.object_list


def test_an_imported_consultation_is_searchable(speech, staff, tmp_path):
    from meetings.minutes.archive import export_consultation
    from meetings.minutes.restore import restore_consultation

    path = tmp_path / "archive.json"
    export_consultation(speech.consultation, path)
    copy = restore_consultation(path, slug="imported-copy")
    assert SearchDocument.objects.filter(consultation=copy, kind=DocumentKind.SPEECH).count() == 1
    assert len(found(staff, "扶贫", consultation=copy)) == 1


def test_a_deleted_comment_leaves_the_index(speech, member):
    comment = services.add_comment(member, speech, "扶贫车间")
    pk = comment.pk
    assert SearchDocument.objects.filter(kind=DocumentKind.COMMENT, object_id=pk).exists()
    comment.delete()
    assert not SearchDocument.objects.filter(kind=DocumentKind.COMMENT, object_id=pk).exists()
