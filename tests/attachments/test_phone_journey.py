"""On a phone: a member attaches several pictures and records voice with the speech, sees the upload
go through, taps a thumbnail to open the picture; a failed upload keeps everything written."""

import os

import pytest

from meetings.models import Attachment, Post
from tests.conftest import CHROMIUM, require_component
from tests.factories import PASSWORD, ConsultationFactory, MemberFactory

from . import files

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(ffmpeg, live_server):
    """A phone-sized Chromium whose microphone is a fake device that beeps (and is allowed)."""
    require_component("Chromium", os.path.exists(CHROMIUM), "apt-get install chromium")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream", "--autoplay-policy=no-user-gesture-required"])
        context = browser.new_context(viewport={"width": 375, "height": 740}, base_url=live_server.url,
                                      locale="zh-CN", permissions=["microphone"])
        tab = context.new_page()
        tab.set_default_timeout(20_000)
        yield tab
        context.close()
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def sign_in(page, username, next_url):
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("手机号、用户名或邮箱").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"**{next_url}")


def pictures():
    return [{"name": "IMG_0001.JPG", "mimeType": "image/jpeg", "buffer": files.photo((800, 600), gps=True)},
            {"name": "截图.png", "mimeType": "image/png", "buffer": files.photo((600, 800), fmt="PNG")}]


def test_member_attaches_pictures_and_voice_and_a_failed_upload_keeps_the_text(phone):
    member = MemberFactory(username="liminghua", real_name="李明华")
    consultation = ConsultationFactory(title="巩固拓展脱贫攻坚成果")
    consultation.participants.add(member)
    speak = f"/c/{consultation.slug}/speak/"
    sign_in(phone, "liminghua", speak)

    # The connection drops while sending: the reason is shown, nothing typed or chosen is lost.
    phone.get_by_label("标题").fill("关于产业帮扶的建议")
    phone.get_by_label("发言").fill("附上两张现场照片和一段语音说明。")
    phone.locator("input[type=file][name=files]").set_input_files(pictures())
    phone.context.set_offline(True)
    phone.get_by_role("button", name="发布发言").click()
    phone.locator("[data-upload-status]", has_text="上传没有成功").wait_for()
    assert phone.get_by_label("标题").input_value() == "关于产业帮扶的建议"
    assert phone.locator("input[type=file][name=files]").evaluate("i => i.files.length") == 2
    assert not Post.objects.exists()
    phone.context.set_offline(False)

    # Voice from the microphone joins the chosen pictures; the upload shows its progress, then the speech.
    phone.get_by_role("button", name="录音").click()
    phone.wait_for_timeout(1500)
    phone.get_by_role("button", name="停止录音").click()
    phone.locator("[data-record-status]", has_text="录音已添加").wait_for()
    assert phone.locator("input[type=file][name=files]").evaluate("i => i.files.length") == 3
    phone.evaluate("""() => { const bar = document.querySelector('[data-upload-progress]');
        new MutationObserver(() => { if (!bar.hidden && bar.value > 0) sessionStorage.setItem('progress', bar.value); })
          .observe(bar, {attributes: true}); }""")
    phone.get_by_role("button", name="发布发言").click()
    phone.get_by_role("heading", name="关于产业帮扶的建议").wait_for()
    post = Post.objects.get()
    kinds = sorted(a.kind for a in Attachment.objects.filter(post=post))
    assert kinds == ["picture", "picture", "voice"]
    thumbnails = phone.locator(".speech .attachment-pictures img")
    assert thumbnails.count() == 2
    phone.wait_for_function("[...document.querySelectorAll('.speech .attachment-pictures img')]"
                            ".every(i => i.complete && i.naturalWidth > 0)")
    assert phone.locator(".speech audio[controls]").count() == 1
    assert int(phone.evaluate("sessionStorage.getItem('progress')") or 0) > 0  # the bar moved while sending

    # A tap on a thumbnail opens the whole picture.
    with phone.expect_popup() as opened:
        thumbnails.first.click()
    picture = opened.value
    picture.wait_for_load_state()
    assert picture.evaluate("document.contentType") in {"image/jpeg", "image/png"}
