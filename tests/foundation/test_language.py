def test_pages_speak_chinese_by_default(client, db):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "云协商" in html and "网络协商" in html


def test_english_on_request(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Online consultations" in html


def test_htmx_is_served_from_our_static_files_and_csrf_rides_on_body(client, db):
    html = client.get("/").content.decode()
    assert "django_htmx/htmx-2.min.js" in html
    assert 'hx-headers=\'{"X-CSRFToken": "' in html
