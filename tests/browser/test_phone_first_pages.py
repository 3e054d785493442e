"""On a 375×812 phone the consultation page starts its speeches on the first screen."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ConsultationFactory, MemberFactory, PostFactory, StageFactory, SubTopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THEME = ("围绕巩固拓展脱贫攻坚成果同乡村振兴有效衔接，聚焦防止规模性返贫、产业帮扶、就业帮扶、"
         "易地搬迁后续扶持等重点任务，广泛听取委员和各界群众意见建议。")
GUIDE = "## 协商须知\n\n" + "请围绕议题发言，每篇发言不超过两千字。" * 20


def test_speeches_start_within_the_first_screen_and_the_summary_opens_on_tap(browser, live_server):
    consultation = ConsultationFactory(title="巩固拓展脱贫攻坚成果同乡村振兴有效衔接", theme=THEME, guide=GUIDE,
                                       with_stage_and_topic=False)
    now = timezone.now()
    StageFactory(consultation=consultation, name="委员发言", starts_at=now - timedelta(days=1))
    StageFactory(consultation=consultation, name="部门回应", starts_at=now + timedelta(days=7),
                 ends_at=now + timedelta(days=14))
    for title in ("产业帮扶", "就业帮扶", "易地搬迁后续扶持"):
        SubTopicFactory(consultation=consultation, title=title)
    member = MemberFactory()
    PostFactory(consultation=consultation, author=member, title="关于健全防返贫动态监测机制的建议")

    context = browser.new_context(viewport={"width": 375, "height": 812}, base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    page.goto(f"/c/{consultation.slug}/")
    first_speech = page.locator("#feed-list > li").first
    assert first_speech.bounding_box()["y"] < 812  # the top of the first speech is on the first screen
    assert not page.get_by_text("协商须知").is_visible()

    page.locator("details.consultation-about > summary").click()
    assert page.get_by_role("heading", name="阶段").is_visible()
    assert page.get_by_role("heading", name="分享").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_on_a_wide_screen_the_summary_is_open(browser, live_server):
    consultation = ConsultationFactory()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    page.goto(f"/c/{consultation.slug}/")
    assert page.locator("details.consultation-about").get_attribute("open") is not None
    context.close()


def test_admin_stage_and_subtopic_forms_fit_a_phone(page):
    from tests.factories import PASSWORD, StaffFactory

    StaffFactory(username="staff1")
    page.goto("/accounts/login/")
    page.get_by_label("手机号、用户名或邮箱").fill("staff1")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url("**/admin/meetings/consultation/")
    page.goto("/admin/meetings/consultation/add/")
    for group in ("#stages-group", "#subtopics-group"):
        page.locator(f"{group} .add-row a").click()
        width = page.evaluate(f"document.querySelector('{group}').scrollWidth")
        assert width <= 375, (group, width)
