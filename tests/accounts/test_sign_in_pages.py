"""Sign-in, sign-out and password reset pages work in the site's frame, in both languages."""

from django.core import mail

from tests.factories import MemberFactory


def test_sign_in_page_is_in_the_site_frame_and_in_chinese(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert 'class="site-header"' in html
    assert "手机号、用户名或邮箱" in html


def test_sign_out_is_a_post(client, db):
    member = MemberFactory()
    client.force_login(member)
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/me/profile/").status_code == 302  # signed out: profile asks to sign in


def test_password_reset_mails_a_link_to_a_known_address(client, db):
    MemberFactory(email="li@example.org")
    response = client.post("/accounts/password/reset/", {"email": "li@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_admin_is_branded_for_the_committee(client, db):
    from tests.factories import StaffFactory

    client.force_login(StaffFactory())
    html = client.get("/admin/").content.decode()
    assert "云协商 · 政协管理后台" in html


def test_admin_is_closed_to_members(client, db):
    client.force_login(MemberFactory())
    assert client.get("/admin/").status_code == 302


def test_staff_find_the_moderation_queue_in_the_navigation(client, db):
    from tests.factories import StaffFactory

    client.force_login(StaffFactory())
    assert 'href="/moderation/"' in client.get("/").content.decode()


def test_members_see_no_moderation_link(client, db):
    client.force_login(MemberFactory())
    assert 'href="/moderation/"' not in client.get("/").content.decode()


def test_the_sign_in_pages_own_sign_in_link_never_nests_next(client, db):
    html = client.get("/accounts/login/?next=/c/abc/").content.decode()
    assert 'href="/accounts/login/?next=%2Fc%2Fabc%2F">登录</a>' in html
    assert "%253F" not in html and "next%3D" not in html


def test_sign_in_link_from_the_home_page_carries_no_next(client, db):
    assert 'href="/accounts/login/">登录</a>' in client.get("/").content.decode()


def test_sign_in_link_elsewhere_returns_to_the_page(client, db):
    html = client.get("/departments/").content.decode()
    assert 'href="/accounts/login/?next=%2Fdepartments%2F">登录</a>' in html


def test_profile_calls_the_title_a_position(client, db):
    client.force_login(MemberFactory())
    html = client.get("/me/profile/").content.decode()
    assert "职务" in html and ">标题<" not in html


def test_sign_in_page_labels_have_no_ascii_colon(client, db):
    assert "手机号、用户名或邮箱:" not in client.get("/accounts/login/").content.decode()
