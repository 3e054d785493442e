"""Demo data for the response workflow: claims, replies of every disposition, follow-ups, presses, ratings.

Runs after the meetings demo and goes through the services, so the audit trail and notifications are
real. Idempotent: once the demo consultation has claims it changes nothing.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from meetings.models import Consultation, Post
from meetings.text import render_markdown

from . import aspects, services
from .models import Claim, ClaimRole, Department, Disposition, Score

CONSULTATION_SLUG = "consolidate-poverty-alleviation"

# Used only when the meetings demo has no speeches yet: title, body, sub-topic index.
FALLBACK_SPEECHES = [
    ("关于健全防止返贫动态监测帮扶机制的建议",
     "建议将**农户收入监测**与医保、民政、教育数据联动，做到早发现、早干预、早帮扶。", 0),
    ("关于脱贫人口大病救治和慢病管理的建议",
     "一是扩大大病专项救治病种；二是提高家庭医生签约服务质量；三是关注农村老年贫困人口。", 2),
    ("关于控辍保学和乡村教师队伍建设的建议", "建议完善控辍保学动态监测，提高乡村教师生活补助标准。", 2),
    ("关于农村危房动态清零的建议", "建议建立农村住房安全常态化排查机制，对新增危房及时纳入改造。", 2),
    ("关于发展脱贫地区特色产业的建议", "建议加大特色产业技术推广和冷链物流投入，帮助脱贫群众稳定增收。", 1),
    ("关于易地扶贫搬迁安置区就业帮扶的建议", "建议在大型安置区建设帮扶车间，开展订单式技能培训。", 3),
]


def _user(username):
    return User.objects.filter(username=username).first()


def _official(slug):
    return User.objects.filter(role=Role.OFFICIAL, departments__slug=slug).first()


def _speeches(consultation) -> list[Post]:
    posts = list(Post.objects.filter(consultation=consultation, is_hidden=False).order_by("created_at", "pk"))
    if len(posts) >= 5:
        return posts
    members = list(User.objects.filter(role=Role.MEMBER).order_by("username"))
    subtopics = list(consultation.subtopics.all())
    if not members or not subtopics:
        return posts
    for index, (title, body, topic) in enumerate(FALLBACK_SPEECHES):
        post, _made = Post.objects.get_or_create(
            consultation=consultation, title=title,
            defaults={"author": members[index % len(members)], "subtopic": subtopics[min(topic, len(subtopics) - 1)],
                      "body": body, "body_html": render_markdown(body)},
        )
        if post not in posts:
            posts.append(post)
    return posts


@transaction.atomic
def load() -> None:
    consultation = Consultation.objects.filter(slug=CONSULTATION_SLUG).first()
    if consultation is None or Claim.objects.filter(aspect__post__consultation=consultation).exists():
        return
    departments = {d.slug: d for d in Department.objects.filter(consultations=consultation)}
    needed = ["rural-revitalization", "health", "civil-affairs", "finance", "education", "housing", "agriculture"]
    staff, leader = _user("staff"), _user("leader")
    if any(slug not in departments or _official(slug) is None for slug in needed) or not (staff and leader):
        return
    posts = _speeches(consultation)
    if len(posts) < 5:
        return
    official = {slug: _official(slug) for slug in needed}

    # 1. Claimed, answered (resolved), rated satisfied, followed up and completed.
    first = posts[0]
    claim = services.claim_aspect(official["rural-revitalization"], first, departments["rural-revitalization"])
    reply = services.publish_reply(
        official["rural-revitalization"], claim,
        "感谢委员的建议。我局已会同医保、民政、教育等部门建立**防返贫监测数据共享机制**，"
        "每月比对预警信息，对监测对象实行“一户一策”精准帮扶。", Disposition.RESOLVED)
    services.rate_reply(first.author, reply, Score.SATISFIED, "答复具体，措施有力。")
    services.add_follow_up(official["rural-revitalization"], claim, "数据共享平台已上线运行，覆盖全省 16 个州市。")
    services.complete_claim(official["rural-revitalization"], claim, "相关工作已纳入常态化机制，本件办结。")

    # 2. Split into aspects: health leads one (under study, pressed, followed up), civil affairs leads the
    #    other with finance co-handling (needs higher-level support), rated basically satisfied.
    second = posts[1]
    health_aspect, elderly_aspect = aspects.split_post(second.author, second, [
        ("大病专项救治和家庭医生签约", "扩大大病专项救治病种，提高家庭医生签约服务质量。"),
        ("农村老年贫困人口保障", "关注农村老年贫困人口。"),
    ])
    health = services.claim_aspect(official["health"], second, departments["health"], aspect=health_aspect)
    health_reply = services.publish_reply(
        official["health"], health,
        "扩大大病专项救治病种涉及医保基金测算，我委正会同省医保局**开展专题研究**，预计年内形成方案。",
        Disposition.UNDER_STUDY)
    services.press_claim(leader, health, "请明确研究时限，按季度报告进展。", reply=health_reply)
    services.add_follow_up(official["health"], health, "已完成全省大病救治病种费用测算，方案征求意见中。")
    civil = services.claim_aspect(official["civil-affairs"], second, departments["civil-affairs"],
                                  aspect=elderly_aspect)
    services.claim_aspect(official["finance"], second, departments["finance"], aspect=elderly_aspect,
                          role=ClaimRole.CO)
    civil_reply = services.publish_reply(
        official["civil-affairs"], civil,
        "提高农村特困人员供养标准需中央财政转移支付支持，我厅已会同财政厅向民政部、财政部专题汇报。",
        Disposition.NEEDS_SUPPORT)
    services.rate_reply(second.author, civil_reply, Score.BASICALLY, "希望尽快争取到位。")

    # 3. Explained, rated unsatisfied: reopened for a second reply.
    third = posts[2]
    education = services.claim_aspect(official["education"], third, departments["education"])
    education_reply = services.publish_reply(
        official["education"], education,
        "乡村教师生活补助标准由各县按财力确定，省级**暂不具备统一提高的条件**，原因是各地财力差异较大。",
        Disposition.EXPLAINED)
    services.rate_reply(third.author, education_reply, Score.UNSATISFIED, "没有回应控辍保学监测的问题。")

    # 4. Assigned by staff, then pressed by a leader (open: no reply yet).
    fourth = posts[3]
    housing = services.assign_aspect(staff, fourth, departments["housing"], note="请住建厅牵头办理。")
    services.press_claim(leader, housing, "农村住房安全事关群众切身利益，请尽快答复。")

    # Spread the story over the last two weeks, so times to first reply look like real ones.
    for hours_ago, hours_to_reply, claim_ in [(300, 26, claim), (260, 70, health), (250, 49, civil),
                                              (200, 30, education), (90, None, housing)]:
        claimed_at = timezone.now() - timedelta(hours=hours_ago)
        replied_at = claimed_at + timedelta(hours=hours_to_reply) if hours_to_reply else None
        Claim.objects.filter(pk=claim_.pk).update(claimed_at=claimed_at, first_replied_at=replied_at)
        if replied_at:
            claim_.replies.filter(round=1).update(created_at=replied_at)

    # 5. Claimed and overdue.
    fifth = posts[4]
    late = services.claim_aspect(official["agriculture"], fifth, departments["agriculture"])
    Claim.objects.filter(pk=late.pk).update(claimed_at=timezone.now() - timedelta(days=12),
                                            due_on=timezone.localdate() - timedelta(days=3))
