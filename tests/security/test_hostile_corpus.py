"""Every payload of the hostile corpus through every text field a role can write: never a 500, never a
live script on the pages that show it, control characters never stored, 1 MB never stored whole, and
invisible/bidi characters never stored in a name or title.

One case per (write path, payload group); each payload runs in its own savepoint, so they do not pile up.
"""

from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from accounts.models import Notification, User
from departments.models import Aspect, Claim, FollowUp, Press, Rating, Reply
from meetings.models import Comment, ModerationAction, Post, Report

from .corpus import GROUPS
from .inert import control_characters, invisible_characters, live_markup

pytestmark = pytest.mark.django_db
HUGE_LIMIT = 100_000  # a stored value this long came through whole: no field has a limit that high


@dataclass(frozen=True)
class WritePath:
    key: str
    role: str  # who writes
    url: object  # world -> URL
    data: object  # (world, payload) -> POST data
    stored: object  # world -> the values this field holds now (newest row)
    views: tuple = ()  # (role, world -> URL): other pages that show the value
    identity: bool = False  # a name or a title: invisible and bidi characters must not be stored
    rendered: object = None  # world -> the sanitized HTML stored for Markdown, parsed as a browser would (HTML5)


def _post_url(name, attr):
    return lambda w: reverse(f"departments:{name}", args=[getattr(w, attr).pk])


def _speech(w):
    return w.post.get_absolute_url()


def _newest(model, *fields):
    def read(w):
        row = model.objects.order_by("-pk").values_list(*fields).first() or ()
        return [value for value in row if isinstance(value, str)]
    return read


def _speech_form(w, title, body):
    return {"subtopic": w.consultation.subtopics.first().pk, "title": title, "body": body}


MODERATION = ("staff", lambda w: reverse("meetings:moderation"))
AUDIT = ("staff", lambda w: reverse("departments:audit"))
PATHS = [
    WritePath("speech title", "member", lambda w: reverse("meetings:post_create", args=[w.consultation.slug]),
              lambda w, p: _speech_form(w, p, "正文。"), _newest(Post, "title"),
              views=(("other", lambda w: w.consultation.get_absolute_url()),), identity=True),
    WritePath("speech body", "member", lambda w: reverse("meetings:post_create", args=[w.consultation.slug]),
              lambda w, p: _speech_form(w, "标题", p), _newest(Post, "body"),
              rendered=_newest(Post, "body_html")),
    WritePath("speech edit", "member", lambda w: reverse("meetings:post_edit", args=[w.consultation.slug, w.post.pk]),
              lambda w, p: _speech_form(w, p, p), lambda w: list(Post.objects.filter(pk=w.post.pk)
                                                                  .values_list("title", "body").get()),
              views=(("other", _speech), ("staff", lambda w: reverse("meetings:post_history",
                                                                       args=[w.consultation.slug, w.post.pk]))),
              rendered=lambda w: list(Post.objects.filter(pk=w.post.pk).values_list("body_html").get())),
    WritePath("comment", "other", lambda w: reverse("meetings:comment_create", args=[w.consultation.slug, w.post.pk]),
              lambda w, p: {"body": p}, _newest(Comment, "body"),
              rendered=_newest(Comment, "body_html")),
    WritePath("report reason", "other",
              lambda w: reverse("meetings:post_report", args=[w.consultation.slug, w.post.pk]),
              lambda w, p: {"reason": p}, _newest(Report, "reason"), views=(MODERATION,)),
    WritePath("moderation reason", "staff",
              lambda w: reverse("meetings:post_moderate", args=[w.consultation.slug, w.post.pk]),
              lambda w, p: {"action": "hide", "reason": p}, _newest(ModerationAction, "reason"), views=(MODERATION,)),
    WritePath("profile names", "member", lambda w: reverse("accounts:profile"),
              lambda w, p: {"real_name": p, "display_name": p, "title": p, "phone": w.people["member"].phone,
                            "email": ""},
              lambda w: list(User.objects.filter(pk=w.people["member"].pk)
                             .values_list("real_name", "display_name", "title").get()),
              views=(("other", _speech),), identity=True),
    WritePath("department reply", "official", _post_url("reply", "open_claim"),
              lambda w, p: {"body": p, "disposition": "resolved"}, _newest(Reply, "body"),
              rendered=_newest(Reply, "body_html")),
    WritePath("follow-up", "official", _post_url("follow_up", "replied_claim"), lambda w, p: {"body": p},
              _newest(FollowUp, "body"), views=(("other", lambda w: w.replied_post.get_absolute_url()),),
              rendered=_newest(FollowUp, "body_html")),
    WritePath("press note", "leader", _post_url("press", "open_claim"), lambda w, p: {"note": p},
              _newest(Press, "note"), views=(("official", lambda w: reverse("departments:workspace")),)),
    WritePath("rating comment", "member", _post_url("rate", "reply"),
              lambda w, p: {"score": "unsatisfied", "comment": p},
              _newest(Rating, "comment"), views=(("official", lambda w: w.replied_post.get_absolute_url()),)),
    WritePath("aspect title and excerpt", "member", _post_url("split", "unclaimed_post"),
              lambda w, p: {"title": [p], "excerpt": [p]}, _newest(Aspect, "title", "excerpt"),
              views=(("official", lambda w: w.unclaimed_post.get_absolute_url()),), identity=True),
    WritePath("hand-back reason", "official", _post_url("hand_back", "open_claim"), lambda w, p: {"reason": p},
              lambda w: [Claim.objects.get(pk=w.open_claim.pk).end_reason], views=(AUDIT,)),
    WritePath("transfer note", "staff", _post_url("transfer", "open_claim"),
              lambda w, p: {"department": w.other_department.pk, "note": p},
              lambda w: [*_newest(Claim, "note")(w), Claim.objects.get(pk=w.open_claim.pk).end_reason],
              views=(AUDIT, ("other_official", lambda w: reverse("departments:workspace")))),
    WritePath("assign note", "staff", _post_url("assign", "unclaimed_post"),
              lambda w, p: {"department": w.department.pk, "role": "lead", "note": p}, _newest(Claim, "note"),
              views=(AUDIT,)),
    WritePath("invitation note", "staff", lambda w: reverse("meetings:invitations", args=[w.consultation.slug]),
              lambda w, p: {"members": [w.people["other"].pk], "channels": ["email"], "note": p},
              lambda w: []),
    WritePath("reminder note", "staff", lambda w: reverse("meetings:invitations_remind", args=[w.consultation.slug]),
              lambda w, p: {"note": p}, _newest(Notification, "body"),
              views=(("leader", lambda w: reverse("accounts:notifications")),)),
]

def _cases():
    for path in PATHS:
        for group in GROUPS:
            yield pytest.param(path, group, id=f"{path.key}-{group}")


def _signed_in(world, role) -> Client:
    client = Client()
    client.force_login(world.people[role])
    return client


def _check_page(response, where: str, parse: bool) -> list[str]:
    if response.status_code >= 500:
        return [f"{where}: {response.status_code}"]
    if parse and response.content.strip() and "html" in response.get("Content-Type", ""):
        return [f"{where}: {found}" for found in live_markup(response.content.decode(), html5=False)]
    return []


@pytest.mark.parametrize(("path", "group"), list(_cases()))
def test_hostile_input_is_refused_or_kept_inert(world, path, group):
    writer = _signed_in(world, path.role)
    viewers = {role: _signed_in(world, role) for role, _url in path.views}
    parse = group != "huge"  # 1 MB pages are checked for their status and what was stored
    failures = []
    for number, payload in enumerate(GROUPS[group]):
        label = f"{group}[{number}] {payload[:40]!r}"
        with transaction.atomic():
            # Without other pages to look at, the page the form leads back to is where the text shows.
            response = writer.post(path.url(world), path.data(world, payload), follow=not path.views)
            failures += _check_page(response, f"{label} POST", parse)
            for role, url in path.views:
                failures += _check_page(viewers[role].get(url(world)), f"{label} GET as {role}", parse)
            for html in (path.rendered(world) if path.rendered and parse else []):
                failures += [f"{label} stored HTML: {found}" for found in live_markup(f"<!doctype html><body>{html}")]
            for value in path.stored(world):
                if group == "huge" and len(value) > HUGE_LIMIT:
                    failures.append(f"{label}: stored whole ({len(value)} characters)")
                if control_characters(value):
                    failures.append(f"{label}: stored control characters {control_characters(value)[:3]}")
                if group == "invisible" and path.identity and invisible_characters(value):
                    failures.append(f"{label}: stored invisible characters {invisible_characters(value)[:3]}")
            transaction.set_rollback(True)
    assert not failures, f"{path.key}:\n" + "\n".join(failures[:30])
