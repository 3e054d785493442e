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
from .models import AuditEntry, Claim, ClaimRole, Department, Disposition, Press, Rating, Score

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


# The meetings demo's speeches the story answers, in the story's order (the fallback speeches otherwise).
STORY_SPEECHES = [
    "关于健全防止返贫动态监测机制的建议", "防止因病返贫需要兜住“最后一公里”", "巩固义务教育控辍保学成果的建议",
    "农村低收入群体住房安全动态保障要常态化", "推动脱贫地区特色产业提质增效的几点建议",
]


def _user(username):
    return User.objects.filter(username=username).first()


def _official(slug):
    return User.objects.filter(role=Role.OFFICIAL, departments__slug=slug).first()


def _speeches(consultation) -> list[Post]:
    posts = list(Post.objects.filter(consultation=consultation, is_hidden=False).order_by("created_at", "pk"))
    if len(posts) >= 5:
        by_title = {post.title: post for post in posts}
        story = [by_title[title] for title in STORY_SPEECHES if title in by_title]
        return story + [post for post in posts if post not in story]
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
    medicine_aspect, fund_aspect = aspects.split_post(second.author, second, [
        ("慢性病长期用药纳入门诊保障", "把慢性病长期用药纳入门诊保障范围，减轻长期负担。"),
        ("县级防返贫医疗救助资金池", "在县一级设立“防返贫医疗救助资金池”，对三重保障后负担仍较重的监测户再给予救助。"),
    ])
    health = services.claim_aspect(official["health"], second, departments["health"], aspect=medicine_aspect)
    health_reply = services.publish_reply(
        official["health"], health,
        "将慢性病长期用药纳入门诊保障涉及医保基金测算，我委正会同省医保局**开展专题研究**，预计年内形成方案。",
        Disposition.UNDER_STUDY)
    services.press_claim(leader, health, "请明确研究时限，按季度报告进展。", reply=health_reply)
    services.add_follow_up(official["health"], health, "已完成全省慢性病门诊用药费用测算，方案征求意见中。")
    civil = services.claim_aspect(official["civil-affairs"], second, departments["civil-affairs"],
                                  aspect=fund_aspect)
    services.claim_aspect(official["finance"], second, departments["finance"], aspect=fund_aspect,
                          role=ClaimRole.CO)
    civil_reply = services.publish_reply(
        official["civil-affairs"], civil,
        "设立县级医疗救助资金池需统筹中央和省级医疗救助资金，我厅已会同财政厅向民政部、财政部专题汇报，"
        "争取政策支持。",
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

    # 5. Claimed and overdue.
    fifth = posts[4]
    late = services.claim_aspect(official["agriculture"], fifth, departments["agriculture"])

    # The services wrote everything at this moment: date the story the way it happened, each step some
    # hours after the speech it answers (claim, reply, rating, follow-up, press), never in the future.
    for claim_, hours in [(claim, [20, 44, 60, 80, 100]), (health, [24, 70, 80, 100]), (civil, [30, 79, 90]),
                          (education, [26, 56, 70]), (housing, [40, 96]), (late, [8])]:
        _date_claim(claim_, hours)
    Claim.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    for co in Claim.objects.filter(aspect=fund_aspect, role=ClaimRole.CO):
        _date_claim(co, [32])


ORDER_OF_STEPS = ["reply", "rating", "press", "follow_up"]


def _date_claim(claim: Claim, hours: list[int]) -> None:
    """Spread one claim's steps, in the order they were written, over `hours` after the speech.

    Claimed (or assigned) at the first hour; every later step (reply, rating, follow-up, press, and
    the audit entries that recorded them) at the next hours in turn.
    """
    post = claim.aspect.post
    latest = timezone.now() - timedelta(minutes=5)
    moments = iter([min(post.created_at + timedelta(hours=h), latest) for h in hours])
    claimed_at = next(moments)
    steps = sorted(
        [(r.pk, "reply", r) for r in claim.replies.all()]
        + [(r.pk, "rating", r) for r in Rating.objects.filter(reply__claim=claim)]
        + [(f.pk, "follow_up", f) for f in claim.follow_ups.all()]
        + [(p.pk, "press", p) for p in claim.presses.all()],
        key=lambda step: (step[2].created_at, ORDER_OF_STEPS.index(step[1])),
    )
    when = {}
    for _pk, kind, row in steps:
        when[kind, row.pk] = next(moments, latest)
        type(row).objects.filter(pk=row.pk).update(created_at=when[kind, row.pk])
    replies = [when["reply", r.pk] for r in claim.replies.order_by("round")]
    follow_ups = [when["follow_up", f.pk] for f in claim.follow_ups.order_by("pk")]
    Claim.objects.filter(pk=claim.pk).update(
        claimed_at=claimed_at, first_replied_at=replies[0] if replies else None,
        completed_at=follow_ups[-1] if claim.completed_at else None,
        reopened_at=max(when[k] for k in when if k[0] == "rating") if claim.reopened_at else None,
    )
    for press in claim.presses.all():
        answer = min([t for t in replies + follow_ups if t > when["press", press.pk]], default=None)
        Press.objects.filter(pk=press.pk).update(answered_at=answer if press.answered_at else None)
    # The audit trail tells the same story: each entry takes the time of the step it recorded.
    ratings = {r.pk: when["rating", r.pk] for r in Rating.objects.filter(reply__claim=claim)}
    queues = {
        AuditEntry.Action.CLAIMED: [claimed_at], AuditEntry.Action.ASSIGNED: [claimed_at],
        AuditEntry.Action.REPLIED: replies, AuditEntry.Action.RATED: sorted(ratings.values()),
        AuditEntry.Action.REOPENED: sorted(ratings.values())[-1:],
        AuditEntry.Action.PRESSED: sorted(when[k] for k in when if k[0] == "press"),
    }
    follow_up_queue = iter(follow_ups)
    for entry in AuditEntry.objects.filter(claim=claim).order_by("pk"):
        if entry.action in (AuditEntry.Action.FOLLOWED_UP, AuditEntry.Action.COMPLETED):
            moment = next(follow_up_queue, latest)
        else:
            queue = queues.get(entry.action, [])
            moment = queue.pop(0) if queue else latest
        AuditEntry.objects.filter(pk=entry.pk).update(created_at=moment)
