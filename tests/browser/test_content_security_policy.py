"""Under the Content-Security-Policy, htmx still works and an injected inline script does not run."""

import pytest

from meetings.models import PostLike
from tests.conftest import watch_csp
from tests.factories import PASSWORD, ConsultationFactory, MemberFactory, PostFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_htmx_works_and_inline_script_is_refused(browser, live_server):
    reader = MemberFactory(username="wangxiuying")
    consultation = ConsultationFactory()
    consultation.participants.add(reader)
    speech = PostFactory(consultation=consultation, author=MemberFactory())
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations = watch_csp(page)

    page.goto("/accounts/login/")
    page.get_by_label("手机号、用户名或邮箱").fill("wangxiuying")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/")
    response = page.goto(speech.get_absolute_url())
    policy = response.headers["content-security-policy"]
    assert "'nonce-" in policy and "unsafe-inline" not in policy

    page.evaluate("window.__stayedOnPage = true")
    page.locator(".speech .like-button").click()
    page.locator('.speech .like-button[aria-pressed="true"]').wait_for()
    assert page.evaluate("window.__stayedOnPage") is True and PostLike.objects.count() == 1
    assert violations == []  # htmx ran, swapped and configured itself without breaking the policy

    page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.__injected = true'; document.body.appendChild(s); }""")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__injected") is None
    assert any("Content Security Policy" in text for text in violations)
    context.close()
