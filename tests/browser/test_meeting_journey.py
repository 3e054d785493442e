"""On a phone: a member posts a speech (the draft survives a reload); another member likes it and
comments and replies in place, without the page reloading."""

import pytest

from meetings.models import Comment, Post, PostLike
from tests.browser.axe import check_page
from tests.factories import PASSWORD, ConsultationFactory, MemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username, next_url):
    page.context.clear_cookies()
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("手机号、用户名或邮箱").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"**{next_url}")


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 375


def test_member_posts_a_speech_and_another_comments_and_likes_in_place(page):
    author = MemberFactory(username="liminghua", real_name="李明华")
    reader = MemberFactory(username="wangxiuying", real_name="王秀英")
    consultation = ConsultationFactory(title="巩固拓展脱贫攻坚成果同乡村振兴有效衔接")
    consultation.participants.add(author, reader)
    home = consultation.get_absolute_url()

    # The author writes a speech; a reload (or a dropped connection) loses nothing.
    sign_in(page, "liminghua", home)
    page.get_by_role("link", name="我要发言").click()
    page.get_by_label("标题").fill("关于健全防返贫监测机制的建议")
    page.get_by_label("发言").fill("建议建立**自动预警**，部门数据按月比对。")
    page.wait_for_timeout(500)  # the draft is saved a moment after typing stops
    page.reload()
    assert page.get_by_text("已恢复您未提交的草稿").is_visible()
    assert page.get_by_label("标题").input_value() == "关于健全防返贫监测机制的建议"
    assert no_horizontal_scroll(page)
    check_page(page, "member writes a speech")
    page.get_by_role("button", name="发布发言").click()
    page.get_by_role("heading", name="关于健全防返贫监测机制的建议").wait_for()
    assert page.locator(".speech strong", has_text="自动预警").is_visible()
    post = Post.objects.get()
    check_page(page, "member published a speech")
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('cc-draft:')).length") == 0

    # Another member likes it and comments, in place.
    sign_in(page, "wangxiuying", post.get_absolute_url())
    page.evaluate("window.__stayedOnPage = true")
    like = page.locator(".speech .like-button")
    like.click()
    page.locator('.speech .like-button[aria-pressed="true"]').wait_for()
    assert like.locator(".like-count").inner_text() == "1"
    page.get_by_label("发表评论").fill("赞同，建议把因灾情形也纳入预警。")
    page.get_by_role("button", name="发表", exact=True).click()
    comment_item = page.locator("#comment-list > li.comment", has_text="因灾情形")
    comment_item.wait_for()
    assert page.get_by_label("发表评论").input_value() == ""
    assert page.evaluate("window.__stayedOnPage") is True  # no reload: htmx did it in place
    assert no_horizontal_scroll(page)
    check_page(page, "another member commented")

    # The author replies to the comment, in place too.
    sign_in(page, "liminghua", post.get_absolute_url())
    page.evaluate("window.__stayedOnPage = true")
    comment_item = page.locator("#comment-list > li.comment", has_text="因灾情形")
    comment_item.get_by_role("link", name="回复").click()
    page.get_by_label("回复 王秀英").fill("谢谢，会补充进建议。")
    page.get_by_role("button", name="回复", exact=True).click()
    comment_item.locator(".thread li.comment", has_text="会补充进建议").wait_for()
    assert page.evaluate("window.__stayedOnPage") is True
    assert no_horizontal_scroll(page)

    assert PostLike.objects.filter(post=post, user=reader).exists()
    assert Comment.objects.filter(post=post).count() == 2
    assert Comment.objects.get(parent__isnull=False).author == author
