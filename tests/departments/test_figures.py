from datetime import timedelta

from django.template.loader import render_to_string

from departments import aspects, selectors, services
from departments.models import Claim, Disposition
from tests import factories


def test_figures_count_aspects_and_departments(consultation, post, member, official, department,
                                               other_official, other_department):
    factories.PostFactory(consultation=consultation)  # unsplit, unclaimed: one aspect awaiting
    split = factories.PostFactory(consultation=consultation, author=member)
    health, elderly, _housing = aspects.split_post(member, split, [("医疗", ""), ("养老", ""), ("住房", "")])
    claim = services.claim_aspect(official, post, department)
    services.claim_aspect(other_official, split, other_department, aspect=health)
    answered = services.claim_aspect(official, split, department, aspect=elderly)
    services.publish_reply(official, answered, "答复", Disposition.RESOLVED)
    services.publish_reply(official, claim, "答复", Disposition.EXPLAINED)
    Claim.objects.filter(pk=claim.pk).update(first_replied_at=claim.claimed_at + timedelta(hours=10))
    Claim.objects.filter(pk=answered.pk).update(first_replied_at=answered.claimed_at + timedelta(hours=30))

    figures = selectors.consultation_figures(consultation)
    assert figures["departments_responded"] == 1
    assert figures["aspects_answered"] == 2
    assert figures["aspects_claimed"] == 1
    assert figures["aspects_awaiting"] == 2  # the housing aspect and the untouched speech
    assert abs(figures["average_first_reply"] - timedelta(hours=20)) < timedelta(seconds=1)
    assert figures["replies"] == 2
    assert figures["response_rate"] == 40  # 2 of 5: three aspects, the unsplit post and the untouched speech
    html = render_to_string("departments/partials/consultation_figures.html", {"consultation": consultation})
    assert "平均首次答复用时" in html and "20小时0分钟" in html
    assert "答复率" in html and "40%" in html


def test_badge_shows_the_response_state_without_queries(post, django_assert_num_queries):
    post.response_state = "answered"
    with django_assert_num_queries(0):
        html = render_to_string("departments/partials/post_badge.html", {"post": post})
    assert "response-answered" in html
