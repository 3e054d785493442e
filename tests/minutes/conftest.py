"""A fixture meeting with everything the minutes show: threads, a leader's comment, hidden content,
aspects claimed by a lead and a co-handling department, replies in two rounds, ratings, follow-ups
and a press. Times are fixed and increasing, so "in order" has one meaning."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest

from departments.models import Aspect, Claim, FollowUp, Press, Rating, Reply
from meetings.models import CommentLike, PostLike, SubTopic
from tests import factories

START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return START + timedelta(minutes=minutes)


@dataclass
class Meeting:
    consultation: object
    speeches: list = field(default_factory=list)  # shown, in minutes order
    comments: list = field(default_factory=list)  # shown, in thread order
    replies: list = field(default_factory=list)
    hidden_speech: object = None
    hidden_comment: object = None
    reply_to_hidden: object = None
    leader_comment: object = None
    people: dict = field(default_factory=dict)
    departments: list = field(default_factory=list)  # lead, co-handling


def stamp(obj, **times):
    type(obj).objects.filter(pk=obj.pk).update(**times)
    for name, value in times.items():
        setattr(obj, name, value)
    return obj


@pytest.fixture
def meeting(db, consultation, member, other_member, leader, official, department, staff) -> Meeting:
    second_department = factories.DepartmentFactory(name="省教育厅", short_name="教育厅")
    second_official = factories.OfficialFactory(real_name="教育厅办公室")
    second_department.officials.add(second_official)
    consultation.departments.add(second_department)
    consultation.title = "巩固拓展脱贫攻坚成果同乡村振兴有效衔接"
    consultation.save()
    first_topic = consultation.subtopics.get()
    first_topic.title = "防止规模性返贫动态监测"
    first_topic.save()
    second_topic = SubTopic.objects.create(consultation=consultation, order=5, title="产业帮扶与稳岗就业")
    member.real_name, other_member.real_name, leader.real_name = "张委员", "李委员", "王主席"
    for person in (member, other_member, leader):
        person.save()
    m = Meeting(consultation, people={"member": member, "other": other_member, "leader": leader,
                                      "official": official, "staff": staff, "second_official": second_official},
                departments=[department, second_department])

    def speech(topic, author, title, body, minute, **extra):
        post = factories.PostFactory(consultation=consultation, subtopic=topic, author=author, title=title,
                                     body=body, body_html=f"<p>{body}</p>", **extra)
        return stamp(post, created_at=at(minute), last_activity_at=at(minute))

    def comment(post, author, body, minute, parent=None, **extra):
        c = factories.CommentFactory(post=post, author=author, body=body, body_html=f"<p>{body}</p>",
                                     parent=parent, depth=(parent.depth + 1) if parent else 0, **extra)
        return stamp(c, created_at=at(minute))

    s1 = speech(first_topic, member, "关于健全防返贫动态监测机制的建议",
                "建议把农户家庭收入变化纳入监测预警指标。", 10)
    s2 = speech(first_topic, other_member, "关于发挥驻村工作队作用的建议", "驻村工作队要常态化走访脱贫户。", 20)
    s3 = speech(second_topic, member, "关于培育特色产业带动增收的建议", "支持脱贫县发展食用菌和茶叶产业。", 30)
    m.hidden_speech = speech(first_topic, other_member, "已被隐藏的发言标题", "这条发言包含不当内容应当隐藏。", 25,
                             is_hidden=True)
    # Minutes order: sub-topic order, then time; the hidden speech sits between s2 and s3.
    m.speeches = [s1, s2, s3]

    c1 = comment(s1, other_member, "赞同，收入监测要和医保数据联动。", 40)
    c3 = comment(s1, leader, "这个建议很有针对性，请民政厅研究吸收。", 45, author_role="leader")
    c2 = comment(s1, member, "谢谢，医保数据共享正在推进。", 50, parent=c1)
    m.hidden_comment = comment(s1, other_member, "这条评论被管理员隐藏了。", 55, is_hidden=True)
    m.reply_to_hidden = comment(s1, member, "回复那条被隐藏的评论。", 60, parent=m.hidden_comment)
    comment(s2, factories.UserFactory(real_name="公众甲"), "尚待审核的公众评论。", 62, is_approved=False)
    c4 = comment(s2, member, "驻村工作队还应加强培训。", 65)
    c5 = comment(s3, leader, "请农业农村厅抓紧答复产业问题。", 70, author_role="leader")
    m.comments = [c1, c2, c3, c4, c5]
    m.leader_comment = c3
    PostLike.objects.create(post=s1, user=other_member)
    PostLike.objects.create(post=s1, user=leader)
    CommentLike.objects.create(comment=c1, user=member)

    whole = Aspect.objects.create(post=s1, title=s1.title, is_whole=True)
    part = Aspect.objects.create(post=s3, order=1, title="食用菌产业扶持资金", excerpt="支持脱贫县发展食用菌")
    Aspect.objects.create(post=s3, order=2, title="茶叶品牌建设")  # nobody claimed it
    lead = Claim.objects.create(aspect=whole, department=department, role="lead", state="completed",
                                claimed_by=official, claimed_at=at(100), due_on=date(2026, 3, 9),
                                first_replied_at=at(200), completed_at=at(400))
    co = Claim.objects.create(aspect=whole, department=second_department, role="co", state="replied",
                              claimed_by=second_official, claimed_at=at(110), due_on=date(2026, 3, 9),
                              first_replied_at=at(210))
    lead3 = Claim.objects.create(aspect=part, department=department, role="lead", state="reopened",
                                 claimed_by=official, claimed_at=at(120), due_on=date(2026, 3, 10),
                                 first_replied_at=at(220), reopened_at=at(260))

    def reply(claim, author, body, disposition, minute, round=1):
        r = Reply.objects.create(claim=claim, author=author, body=body, body_html=f"<p>{body}</p>",
                                 disposition=disposition, round=round)
        return stamp(r, created_at=at(minute))

    r1 = reply(lead, official, "民政厅已将家庭收入变化纳入监测指标，按月比对。", "resolved", 200)
    r2 = reply(co, second_official, "教育厅将把控辍保学数据接入监测平台。", "under_study", 210)
    r3 = reply(lead3, official, "食用菌产业扶持资金正在测算，需省财政支持。", "needs_support", 220)
    r4 = reply(lead3, official, "经协调，省财政安排专项资金两千万元。", "resolved", 300, round=2)
    m.replies = [r1, r2, r3, r4]
    stamp(Rating.objects.create(reply=r1, rater=member, score="satisfied", comment="答复具体可行。"),
          created_at=at(230))
    stamp(Rating.objects.create(reply=r3, rater=member, score="unsatisfied", comment="资金没有落实。"),
          created_at=at(260))
    stamp(FollowUp.objects.create(claim=lead, author=official, body="监测系统已上线运行。",
                                  body_html="<p>监测系统已上线运行。</p>", completes=True), created_at=at(400))
    stamp(Press.objects.create(claim=lead3, reply=r3, leader=leader, note="请尽快落实资金，两周内反馈。",
                               answered_at=at(300)), created_at=at(270))
    return m
