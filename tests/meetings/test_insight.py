"""Staff look at a consultation as charts with their numbers; nobody else sees them."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.insight import charts, figures
from tests import factories


@pytest.fixture
def meeting(consultation, member, other_member, leader):
    subtopic = consultation.subtopics.get()
    first = services.create_post(member, consultation, subtopic, "产业扶贫要稳", "发展扶贫产业，用好扶贫资金。")
    services.create_post(other_member, consultation, subtopic, "=HYPERLINK(\"x\")", "乡村振兴 产业扶贫 扶贫资金")
    services.add_comment(leader, first, "赞同，扶贫资金要用在刀刃上。")
    factories.ReplyFactory(claim=factories.ClaimFactory(aspect=factories.AspectFactory(post=first), state="replied",
                                                        first_replied_at=timezone.now()))
    return consultation


def insight_url(consultation):
    return reverse("meetings:insight", args=[consultation.slug])


def test_staff_see_every_chart_with_its_numbers(client, staff, meeting):
    client.force_login(staff)
    html = client.get(insight_url(meeting)).content.decode()
    for title in ["活跃度走势", "各子议题活跃度", "各阶段活跃度", "参与者构成", "部门答复", "答复办理意见分布", "热词"]:
        assert title in html
    assert html.count('role="img"') >= 5  # every chart with data is drawn
    assert "扶贫" in html  # the hot words table


@pytest.mark.parametrize("who", ["anonymous", "member", "leader", "official"])
def test_nobody_but_staff_sees_the_charts(client, meeting, who, member, leader, official):
    person = {"member": member, "leader": leader, "official": official}.get(who)
    if person:
        client.force_login(person)
    response = client.get(insight_url(meeting))
    assert response.status_code == (302 if who == "anonymous" else 404)  # staff pages are not there for others
    csv_url = reverse("meetings:insight_csv", args=[meeting.slug, "subtopics"])
    assert client.get(csv_url).status_code == (302 if who == "anonymous" else 404)


def test_a_chart_is_an_svg_labelled_for_screen_readers_with_chinese_drawn_as_outlines(meeting):
    chart = figures.by_subtopic(meeting)
    svg = charts.chart_svg(chart)
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    title = root.find("{http://www.w3.org/2000/svg}title")
    assert title is not None and title.text == chart.title
    assert "<text" not in svg  # glyphs are paths: no reader's font can turn them into boxes
    assert "style=" not in svg and "<style" not in svg  # the Content-Security-Policy refuses inline style
    assert charts.cjk_family()[0] != "DejaVu Sans"  # a CJK font was found on this server


def test_a_chart_is_also_a_png_for_documents(meeting):
    png = charts.chart_png(figures.dispositions(meeting))
    assert png.startswith(b"\x89PNG")


def test_the_numbers_download_as_csv_without_formulas(client, staff, meeting):
    client.force_login(staff)
    response = client.get(reverse("meetings:insight_csv", args=[meeting.slug, "activity"]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][1:] == ["委员发言", "评论", "部门答复"]
    assert sum(int(row[1]) for row in rows[1:]) == 2


def test_the_funnel_counts_claimed_replied_and_rated(meeting):
    funnel, summary = figures.response_funnel(meeting)
    assert [count for _label, count in funnel.rows] == [2, 1, 1, 0]  # two speeches, one claimed and replied
    assert summary["departments"] == 1 and summary["median_first_reply"] is not None


def test_an_unknown_chart_is_not_found(client, staff, meeting):
    client.force_login(staff)
    assert client.get(reverse("meetings:insight_csv", args=[meeting.slug, "nothing"])).status_code == 404


@pytest.mark.parametrize("extra", [0, 40])
def test_the_charts_cost_the_same_queries_however_big_the_meeting(client, staff, meeting, member, extra,
                                                                 django_assert_max_num_queries):
    subtopic = meeting.subtopics.get()
    for number in range(extra):
        services.create_post(member, meeting, subtopic, f"发言{number}", "加强基层治理。")
    client.force_login(staff)
    with django_assert_max_num_queries(40):
        assert client.get(insight_url(meeting)).status_code == 200


def test_a_live_meeting_redraws_its_charts_at_most_once_a_minute(meeting, member, monkeypatch,
                                                                  django_capture_on_commit_callbacks):
    from meetings.insight import selectors as insight

    def speeches_drawn():
        [chart] = [chart for chart, _svg in insight.insight(meeting)["charts"] if chart.slug == "subtopics"]
        return chart.rows[0][1]

    assert speeches_drawn() == 2
    with django_capture_on_commit_callbacks(execute=True):  # the write bumps the content version
        services.create_post(member, meeting, meeting.subtopics.get(), "又一条发言", "内容。")
    assert speeches_drawn() == 2  # drawn seconds ago: the staff see the same pictures, with their time
    monkeypatch.setattr(insight, "REDRAW_SECONDS", 0)
    assert speeches_drawn() == 3  # the content changed and the drawing is old enough: drawn again
