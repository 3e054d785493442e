"""The permission matrix: for every project URL pattern, what each role gets for GET and for POST, and who
may change data with the POST.

A row is `R(pattern, kwargs, get=E(...), post=E(...), writes=(...), data=...)`:
- `E(default, role=status, ...)` gives a status for every role in world.ROLES, the default plus overrides.
- `writes` are the roles whose POST (with `data`, a valid form for the row) must change data; every other
  POST must leave every row of the project's tables as it was (the refused ones and the idle ones alike).
- A pattern may have several rows, one per kind of object (`name@variant`): hidden, pending, invited-only.
Statuses: 200 shown, 302 sent elsewhere (sign in, or back with a message), 403 refused, 404 not there for
this person (invited-only, hidden, pending and staff pages never admit they exist), 405 wrong method.
"""

from dataclasses import dataclass, field

from .world import ROLES


def E(default: int, **overrides: int) -> dict[str, int]:
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: overrides.get(role, default) for role in ROLES}


SIGNED_IN = tuple(role for role in ROLES if role != "anon")
PARTICIPANTS = ("member", "other", "leader")


@dataclass(frozen=True)
class R:
    key: str  # "namespace:name" or "namespace:name@variant"
    kwargs: object  # world -> URL kwargs
    get: dict
    post: dict
    writes: tuple = ()
    data: object = field(default=lambda w, person: {})  # (world, person) -> POST data

    @property
    def pattern(self) -> str:
        return self.key.split("@", 1)[0]


def c(w):
    return {"slug": w.consultation.slug}


def cp(name):
    return lambda w: {"slug": getattr(w, name).consultation.slug, "pk": getattr(w, name).pk}


def cc(name):
    return lambda w: {"slug": w.consultation.slug, "pk": getattr(w, name).pk}


def pk(name):
    return lambda w: {"pk": getattr(w, name).pk}


def speech_form(w, person):
    return {"subtopic": w.consultation.subtopics.first().pk, "title": "矩阵里的新发言", "body": "矩阵里的内容。"}


STAFF_PAGE = E(404, staff=200)  # staff-only pages answer 404 to everyone else
STAFF_LOGIN_403 = E(403, anon=302, staff=200)
STAFF_LOGIN_404 = E(404, anon=302, staff=200)  # the minutes and charts: signed-in non-staff find nothing there
INVITED = E(404, member=200, official=200, staff=200)  # the invited member, the invited department, staff

ROWS = [
    # --- project-level pages ---
    R("healthz", lambda w: {}, get=E(200), post=E(200)),
    R("home", lambda w: {}, get=E(200), post=E(200)),
    # --- consultations ---
    R("meetings:consultation", c, get=E(200), post=E(200)),
    R("meetings:consultation@invited", lambda w: {"slug": w.invited.slug}, get=INVITED, post=INVITED),
    R("meetings:consultation@draft", lambda w: {"slug": w.draft.slug}, get=E(404, staff=200), post=E(404, staff=200)),
    R("meetings:figures", c, get=E(200), post=E(200)),
    R("meetings:figures@invited", lambda w: {"slug": w.invited.slug}, get=INVITED, post=INVITED),
    R("meetings:qr", c, get=E(200), post=E(200)),
    R("meetings:qr_png", c, get=E(200), post=E(200)),
    R("meetings:poster", c, get=E(200), post=E(200)),
    R("meetings:qr@invited", lambda w: {"slug": w.invited.slug}, get=INVITED, post=INVITED),
    R("meetings:post_create", c, get=E(403, anon=302, member=200, other=200),
      post=E(403, anon=302, member=302, other=302), writes=("member", "other"), data=speech_form),
    R("meetings:post_create@invited", lambda w: {"slug": w.invited.slug},
      get=E(404, member=200, official=403, staff=403), post=E(404, member=302, official=403, staff=403),
      writes=("member",),
      data=lambda w, p: {**speech_form(w, p), "subtopic": w.invited.subtopics.first().pk}),
    # --- speeches ---
    R("meetings:post", cc("post"), get=E(200), post=E(200)),
    R("meetings:post@hidden", cc("hidden_post"), get=STAFF_PAGE, post=STAFF_PAGE),
    R("meetings:post@invited", cp("invited_post"), get=INVITED, post=INVITED),
    R("meetings:post_edit", cc("post"), get=E(403, anon=302, member=200), post=E(403, anon=302, member=302),
      writes=("member",), data=speech_form),
    R("meetings:post_edit@hidden", cc("hidden_post"), get=E(404, staff=403), post=E(404, staff=403),
      data=speech_form),
    R("meetings:post_history", cc("post"), get=STAFF_PAGE, post=STAFF_PAGE),
    R("meetings:post_like", cc("post"), get=E(405), post=E(302), writes=SIGNED_IN),
    R("meetings:post_like@hidden", cc("hidden_post"), get=E(405), post=E(404, staff=302)),
    R("meetings:post_report", cc("post"), get=E(200, anon=302), post=E(302), writes=SIGNED_IN,
      data=lambda w, p: {"reason": "内容不实"}),
    R("meetings:post_report@hidden", cc("hidden_post"), get=E(404, staff=200), post=E(404, staff=302),
      writes=("staff",), data=lambda w, p: {"reason": "内容不实"}),
    R("meetings:post_moderate", cc("post"), get=E(405), post=E(404, staff=302), writes=("staff",),
      data=lambda w, p: {"action": "hide", "reason": "违反规则"}),
    R("meetings:post_moderate@hidden", cc("hidden_post"), get=E(405), post=E(404, staff=302), writes=("staff",),
      data=lambda w, p: {"action": "unhide", "reason": "误判"}),
    # --- comments ---
    R("meetings:comment_create", cc("post"), get=E(200, anon=302), post=E(302), writes=SIGNED_IN,
      data=lambda w, p: {"body": "矩阵里的评论。"}),
    R("meetings:comment_create@hidden", cc("hidden_post"), get=E(404, staff=200), post=E(404, staff=302),
      writes=("staff",), data=lambda w, p: {"body": "矩阵里的评论。"}),
    R("meetings:comment_like", cc("comment"), get=E(405), post=E(302), writes=SIGNED_IN),
    R("meetings:comment_like@pending", cc("pending_comment"), get=E(405), post=E(404, public=302, staff=302)),
    R("meetings:comment_like@hidden", cc("hidden_comment"), get=E(405), post=E(404, staff=302)),
    R("meetings:comment_report", cc("comment"), get=E(200, anon=302), post=E(302), writes=SIGNED_IN,
      data=lambda w, p: {"reason": "人身攻击"}),
    R("meetings:comment_report@pending", cc("pending_comment"), get=E(404, public=200, staff=200),
      post=E(404, public=302, staff=302), writes=("public", "staff"), data=lambda w, p: {"reason": "人身攻击"}),
    R("meetings:comment_report@hidden", cc("hidden_comment"), get=E(404, staff=200), post=E(404, staff=302),
      writes=("staff",), data=lambda w, p: {"reason": "人身攻击"}),
    R("meetings:comment_moderate", cc("comment"), get=E(405), post=E(404, staff=302), writes=("staff",),
      data=lambda w, p: {"action": "hide", "reason": "违反规则"}),
    R("meetings:comment_moderate@pending", cc("pending_comment"), get=E(405), post=E(404, staff=302),
      writes=("staff",), data=lambda w, p: {"action": "approve"}),
    # --- moderation ---
    R("meetings:moderation", lambda w: {}, get=STAFF_PAGE, post=STAFF_PAGE),
    R("meetings:report_dismiss", pk("report"), get=E(405), post=E(404, staff=302), writes=("staff",)),
    # --- invitations (staff) ---
    R("meetings:invitations", c, get=STAFF_LOGIN_403, post=E(403, anon=302, staff=302), writes=("staff",),
      data=lambda w, p: {"members": [w.people["other"].pk], "channels": ["email"], "send": "1"}),
    R("meetings:invitations_resend", c, get=E(405, anon=302), post=E(403, anon=302, staff=302)),
    R("meetings:invitations_remind", c, get=E(405, anon=302), post=E(403, anon=302, staff=302), writes=("staff",)),
    # --- minutes (staff) ---
    R("meetings:minutes", c, get=STAFF_LOGIN_404, post=E(404, anon=302, staff=302), writes=("staff",),
      data=lambda w, p: {"format": "csv", "edition": "public"}),
    R("meetings:minutes_progress", cc("compilation"), get=E(404, anon=302, staff=302), post=E(405)),
    R("meetings:minutes_download", cc("compilation"), get=STAFF_LOGIN_404, post=E(405)),
    # --- search: anyone searches what they may read ---
    R("meetings:search", lambda w: {}, get=E(200), post=E(405)),
    # --- the staff's charts ---
    R("meetings:insight", c, get=STAFF_LOGIN_404, post=E(405)),
    R("meetings:insight_csv", lambda w: {"slug": w.consultation.slug, "chart": "subtopics"}, get=STAFF_LOGIN_404,
      post=E(405)),
    # --- attachments: served through the visibility rule of their speech ---
    R("meetings:attachment", pk("picture"), get=E(200), post=E(405)),
    R("meetings:attachment@hidden", pk("hidden_picture"), get=STAFF_PAGE, post=E(405)),
    R("meetings:attachment_variant", lambda w: {"pk": w.picture.pk, "variant": "thumbnail"}, get=E(200),
      post=E(405)),
    R("meetings:attachment_variant@hidden", lambda w: {"pk": w.hidden_picture.pk, "variant": "thumbnail"},
      get=STAFF_PAGE, post=E(405)),
    # --- invitations: progress (staff) and the short link an SMS may carry ---
    R("meetings:invitations_progress", c, get=STAFF_LOGIN_403, post=E(405)),
    R("meetings:short_link", lambda w: {"code": w.short_code}, get=E(302), post=E(302)),
    # --- providers' delivery receipts: without the configured token, nothing is there ---
    R("receipts:delivery_receipt", lambda w: {"provider": "aliyun", "token": "guessed"}, get=E(404),
      post=E(404)),
    # --- the project's own admin views (staff) ---
    R("admin:meetings_consultation_publish", lambda w: {"pk": w.draft.pk}, get=E(302, staff=405),
      post=E(302), writes=("staff",)),
    R("admin:meetings_consultation_close", pk("consultation"), get=E(302, staff=405), post=E(302), writes=("staff",)),
    R("admin:meetings_consultation_archive", pk("consultation"), get=E(302, staff=405), post=E(302)),
    # --- accounts ---
    R("accounts:profile", lambda w: {}, get=E(200, anon=302), post=E(302), writes=SIGNED_IN,
      data=lambda w, p: {"real_name": "改过的名字", "phone": p.phone if p and p.phone else "", "email": ""}),
    R("accounts:access_link", lambda w: {"token": w.link_token}, get=E(200), post=E(302), writes=ROLES),
    R("accounts:notifications", lambda w: {}, get=E(200, anon=302), post=E(200, anon=302)),
    R("accounts:notification_badge", lambda w: {}, get=E(200, anon=302), post=E(200, anon=302)),
    R("accounts:notifications_read_all", lambda w: {}, get=E(405, anon=302), post=E(302), writes=("member", "leader")),
    R("accounts:notification_settings", lambda w: {}, get=E(200, anon=302), post=E(302), writes=SIGNED_IN,
      data=lambda w, p: {"order": "sms,wechat,email"}),
    R("accounts:notification_read", pk("notification"), get=E(405, anon=302), post=E(404, anon=302, member=302),
      writes=("member",)),
    # --- departments: public pages, the workspace, staff pages ---
    R("departments:list", lambda w: {}, get=E(200), post=E(200)),
    R("departments:detail", lambda w: {"slug": w.department.slug}, get=E(200), post=E(200)),
    R("departments:workspace", lambda w: {}, get=E(403, anon=302, official=200, other_official=200),
      post=E(403, anon=302, official=200, other_official=200)),
    R("departments:staff_claims", lambda w: {}, get=STAFF_LOGIN_403, post=STAFF_LOGIN_403),
    R("departments:audit", lambda w: {}, get=STAFF_LOGIN_403, post=STAFF_LOGIN_403),
    R("departments:tracker", lambda w: {}, get=E(200), post=E(405)),
    R("departments:tracker_export", lambda w: {}, get=E(200), post=E(405)),
    R("departments:post_responses", pk("post"), get=E(200), post=E(200)),
    R("departments:post_responses@hidden", pk("hidden_post"), get=STAFF_PAGE, post=STAFF_PAGE),
    R("departments:post_responses@invited", pk("invited_post"), get=INVITED, post=INVITED),
    # --- departments: the response actions ---
    R("departments:claim", pk("unclaimed_post"), get=E(405), post=E(403, anon=302, official=302), writes=("official",),
      data=lambda w, p: {"department": w.department.pk, "role": "lead"}),
    R("departments:claim@hidden", pk("hidden_post"), get=E(405), post=E(404, anon=302, staff=403),
      data=lambda w, p: {"department": w.department.pk, "role": "lead"}),
    R("departments:assign", pk("unclaimed_post"), get=E(405), post=E(403, anon=302, staff=302), writes=("staff",),
      data=lambda w, p: {"department": w.department.pk, "role": "lead"}),
    R("departments:split", pk("unclaimed_post"), get=E(405),
      post=E(403, anon=302, member=302, official=302, other_official=302, staff=302),
      writes=("member", "official", "other_official", "staff"),
      data=lambda w, p: {"title": ["其一", "其二"], "excerpt": ["甲", "乙"]}),
    R("departments:unsplit", pk("split_post"), get=E(405), post=E(403, anon=302, staff=302), writes=("staff",)),
    R("departments:hand_back", pk("open_claim"), get=E(405), post=E(403, anon=302, official=302),
      writes=("official",), data=lambda w, p: {"reason": "不属于本厅职责"}),
    R("departments:transfer", pk("open_claim"), get=E(405), post=E(403, anon=302, staff=302), writes=("staff",),
      data=lambda w, p: {"department": w.other_department.pk, "note": "请教育厅办理"}),
    R("departments:reply", pk("open_claim"), get=E(405), post=E(403, anon=302, official=302), writes=("official",),
      data=lambda w, p: {"body": "已纳入计划。", "disposition": "resolved"}),
    R("departments:follow_up", pk("replied_claim"), get=E(405), post=E(403, anon=302, official=302),
      writes=("official",), data=lambda w, p: {"body": "已经落实。"}),
    R("departments:press", pk("open_claim"), get=E(405), post=E(403, anon=302, leader=302), writes=("leader",),
      data=lambda w, p: {"note": "请尽快答复。"}),
    R("departments:rate", pk("reply"), get=E(405), post=E(403, anon=302, member=302), writes=("member",),
      data=lambda w, p: {"score": "satisfied", "comment": "答复具体。"}),
]
