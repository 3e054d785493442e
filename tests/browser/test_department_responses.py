"""An official claims a speech from the workspace and replies as the department; the author rates it."""

import pytest

from departments.models import Claim, ClaimState
from tests.browser.axe import check_page
from tests.factories import (
    PASSWORD,
    ConsultationFactory,
    DepartmentFactory,
    MemberFactory,
    OfficialFactory,
    PostFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(tab, username):
    tab.goto("/accounts/login/")
    tab.get_by_label("手机号、用户名或邮箱").fill(username)
    tab.get_by_label("密码").fill(PASSWORD)
    tab.get_by_role("button", name="登录").click()
    tab.wait_for_load_state()


def test_official_claims_and_replies_then_the_author_rates_unsatisfied(page, browser, live_server):
    author = MemberFactory(username="author", real_name="王秀英")
    official = OfficialFactory(username="health-official", real_name="曹玉兰")
    department = DepartmentFactory(name="省卫生健康委员会", short_name="卫健委", officials=[official])
    consultation = ConsultationFactory()
    consultation.departments.add(department)
    post = PostFactory(consultation=consultation, author=author, title="关于脱贫人口大病救治的建议")

    _sign_in(page, "health-official")
    page.get_by_role("link", name="工作台").click()
    page.get_by_role("heading", name="部门工作台").wait_for()
    check_page(page, "official workspace")
    page.get_by_role("link", name=post.title).click()

    responses = page.locator("#responses")
    responses.get_by_role("button", name="主办认领").click()
    responses.get_by_text("认领成功，已通知发言人。").wait_for()
    assert responses.get_by_text("主办", exact=True).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    check_page(page, "official claimed a speech")

    responses.get_by_text("发布答复").click()
    responses.get_by_label("答复内容（支持 Markdown）").fill("我委正会同省医保局**开展专题研究**。")
    responses.get_by_label("办理结果").select_option("under_study")
    responses.get_by_role("button", name="发布", exact=True).click()
    responses.get_by_text("省卫生健康委员会 答复").wait_for()
    assert responses.locator("strong", has_text="开展专题研究").is_visible()
    check_page(page, "official replied")

    context = browser.new_context(viewport={"width": 375, "height": 740}, base_url=live_server.url, locale="zh-CN")
    author_tab = context.new_page()
    author_tab.set_default_timeout(10_000)
    _sign_in(author_tab, "author")
    author_tab.goto(post.get_absolute_url())
    rating = author_tab.locator("#responses form.rate-form")
    rating.get_by_label("不满意").check()
    rating.get_by_label("意见（可选）").fill("没有给出时限。")
    rating.get_by_role("button", name="提交评价").click()
    author_tab.locator("#responses").get_by_text("感谢您的评价。").wait_for()
    assert author_tab.locator(".badge-state-reopened").is_visible()
    assert author_tab.evaluate("document.documentElement.scrollWidth") <= 375
    check_page(author_tab, "author rated the reply")
    context.close()
    assert Claim.objects.get().state == ClaimState.REOPENED
