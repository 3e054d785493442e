"""Every page carries a Content-Security-Policy with a per-response nonce and no inline script, a
Permissions-Policy, and the visitor cookie is Secure in production."""

import re
from html.parser import HTMLParser

import pytest

from meetings.onlookers import COOKIE
from tests import factories

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


class Inline(HTMLParser):
    """Inline script, inline event handlers and style attributes: what the policy would refuse."""

    def __init__(self):
        super().__init__()
        self.found, self.nonces, self._in_script = [], set(), False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.found += [f"{tag} {name}" for name in attrs if name.startswith("on") or name == "style"]
        if tag == "script":
            self.nonces.add(attrs.get("nonce"))
            self._in_script = "src" not in attrs and attrs.get("type") != "application/json"

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append("inline script")

    def handle_endtag(self, tag):
        self._in_script = False


def test_pages_have_a_nonce_policy_without_unsafe_inline_and_no_inline_script(client, consultation, member):
    speech = factories.PostFactory(consultation=consultation, author=member)
    client.force_login(member)
    for url in ["/", consultation.get_absolute_url(), speech.get_absolute_url(),
                f"/c/{consultation.slug}/speak/", f"/c/{consultation.slug}/poster/"]:
        response = client.get(url)
        policy = directives(response)
        nonce = re.fullmatch(r"'nonce-([A-Za-z0-9+/=]+)'", policy["script-src"][-1])
        assert nonce and policy["script-src"] == ["'self'", f"'nonce-{nonce[1]}'"], url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert policy["img-src"] == ["'self'", "data:"] and policy["frame-ancestors"] == ["'none'"]
        page = Inline()
        page.feed(response.content.decode())
        assert page.found == [] and page.nonces == {nonce[1]}, url
        assert '<meta name="htmx-config"' in response.content.decode()


def test_each_response_gets_its_own_nonce(client, db):
    assert directives(client.get("/"))["script-src"] != directives(client.get("/"))["script-src"]


def test_the_admin_pages_carry_the_policy_too(client, staff):
    client.force_login(staff)
    response = client.get("/admin/meetings/consultation/")
    assert response.status_code == 200 and "'nonce-" in response["Content-Security-Policy"]


def test_permissions_policy_turns_off_camera_and_location_and_keeps_the_microphone_for_this_site(client, db):
    header = client.get("/")["Permissions-Policy"]
    assert "camera=()" in header and "geolocation=()" in header
    assert "microphone=(self)" in header  # voice recordings for speeches, never for another site


def test_the_visitor_cookie_is_secure_in_production(client, consultation, settings):
    settings.SESSION_COOKIE_SECURE = True  # as in production (DEBUG=0), also behind a proxy that hides https
    response = client.get(consultation.get_absolute_url())
    assert response.cookies[COOKIE]["secure"] and response.cookies[COOKIE]["httponly"]
