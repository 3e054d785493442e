"""Demo speeches, comments, likes and a leader's comments for the poverty-alleviation consultation.

Written through meetings.services (the same rules as the site), then dated back across the speech
stage so the feed looks lived-in. Idempotent: a speech is found by its author and title, a comment
by its speech, author and text.
"""

from datetime import timedelta

from django.db.models import Max
from django.utils import timezone

from accounts.models import User

from .. import services
from ..models import Comment, CommentLike, Consultation, Post, PostLike

# sub-topic index, author username, title, body (Markdown), hours after the speech stage opened
SPEECHES = [
    (0, "member1", "关于健全防止返贫动态监测机制的建议", """\
过渡期以来，我省防止返贫动态监测和帮扶机制总体运行良好，但在基层调研中也发现一些问题：

- **监测发现偏晚**：部分农户因病、因灾致贫后，往往要到年度集中排查才被纳入监测；
- **部门数据不通**：医保、民政、残联、教育等部门的数据尚未与防返贫监测平台实时比对；
- **帮扶措施同质化**：对纳入监测的农户，帮扶措施多以临时救助为主，产业和就业帮扶跟进不够。

为此建议：

1. 建立**医疗费用自付超过一定额度、突发严重困难**等情形的自动预警，由乡镇在 15 日内完成核实；
2. 推动省级部门数据按月共享比对，明确数据安全责任；
3. 对监测对象实行“一户一策”，把产业、就业帮扶作为消除风险的主要手段。""", 6),
    (0, "member5", "防止因病返贫需要兜住“最后一公里”", """\
从民政和医保的实际情况看，**因病**仍是返贫致贫的第一风险因素。

建议在县一级设立“防返贫医疗救助资金池”，对经基本医保、大病保险、医疗救助三重保障后个人负担仍较重的监测户，
按比例再给予救助；同时把**慢性病长期用药**纳入门诊保障范围，减轻长期负担。

另外，村医是发现风险的“前哨”，建议将村医走访情况纳入监测信息来源。""", 20),
    (0, "member4", "用好大数据，让监测从“人找人”变成“数据找人”", """\
目前的监测主要依靠干部走访和农户自主申报，工作量大、时效性不够。

建议依托省级政务数据平台，建设**防返贫监测预警模型**，把用电量骤降、社保断缴、大额医疗支出、
房屋安全鉴定等指标纳入，自动生成风险名单推送到乡镇核实。

需要注意的是，数据比对要**依法依规**，保护好群众个人信息。""", 40),
    (1, "member1", "推动脱贫地区特色产业提质增效的几点建议", """\
脱贫地区的特色产业已经“有没有”的问题基本解决，现在要解决“好不好”“强不强”的问题。

## 一、补齐产业链短板
很多县的产业仍停留在种养环节，**初加工、冷链、仓储**短板明显，产品附加值低。建议衔接资金向产业链后端倾斜。

## 二、健全联农带农机制
对享受扶持政策的龙头企业、合作社，要把带动脱贫户的数量和增收效果作为考核条件。

## 三、防范产业风险
推广特色农产品保险，探索“保险+期货”，避免市场波动让农户“丰产不丰收”。""", 10),
    (1, "member4", "关于稳定脱贫劳动力务工就业的建议", """\
务工收入已占脱贫户收入的六成以上，**稳岗就业就是稳脱贫成果**。

建议：

- 加强省际劳务协作，在主要输入地设立劳务工作站，做好跟踪服务；
- 扩大**以工代赈**在农村基础设施建设中的实施范围，提高劳务报酬发放比例；
- 规范公益性岗位管理，既要兜底安置弱劳力、半劳力，也要防止“养懒汉”。""", 30),
    (1, "member3", "加强职业技能培训，提高脱贫群众就业质量", """\
调研中发现，不少脱贫劳动力仍以体力型、季节性务工为主，收入不稳定。

建议把职业技能培训和**订单、定向、定岗**结合起来，由用工企业参与设计课程；
对参加培训并稳定就业的，按规定给予培训补贴和生活费补助。职业院校可以对脱贫家庭子女实行优先招录。""", 52),
    (2, "member3", "巩固义务教育控辍保学成果的建议", """\
控辍保学是阻断贫困代际传递的关键。当前的主要风险是：**学习困难、厌学**导致的隐性辍学，
以及随迁子女在流入地入学难。

建议：

1. 建立辍学风险学生台账，实行“一生一案”；
2. 加强乡村寄宿制学校的心理健康教育和生活老师配备；
3. 推动流入地落实随迁子女“两为主”政策，做好学籍衔接。""", 14),
    (2, "member2", "关于完善脱贫人口基本医疗保障的建议", """\
过渡期内医保政策要**平稳过渡**，避免待遇“断崖式”下降。

具体建议：

- 继续落实对特困人员、低保对象参保的分类资助；
- 推进县域医共体建设，让常见病、多发病在县域内解决，**县域内就诊率**作为考核指标；
- 落实家庭医生签约服务，重点人群签约后要有实际服务，不能“签而不约”。""", 26),
    (2, "member5", "农村低收入群体住房安全动态保障要常态化", """\
农村危房改造任务基本完成后，要转向**动态监测、常态保障**。

建议每年汛期前后对低收入群体住房开展安全排查，发现新增危房及时纳入改造；
同时推广农房抗震改造，把改造与改善居住条件、村容村貌提升结合起来。""", 60),
    (3, "member2", "关于加强易地扶贫搬迁安置区社区治理的建议", """\
大型安置区群众从农村到城镇，生活方式变化大，社区治理是“稳得住”的基础。

建议：

1. 健全安置区党组织和居委会，配齐社区工作者；
2. 做好搬迁群众**户籍、医保、社保、子女入学**等服务的转接；
3. 建设“社区+就业车间”，让群众在家门口就业，
   同时组织文化活动，帮助搬迁群众融入新社区。""", 18),
    (3, "member4", "发展安置区后续产业，实现“能致富”", """\
调研的几个安置区中，**就业帮扶车间**运营差异很大：有的订单稳定，有的开开停停。

建议对帮扶车间实行分类管理，对吸纳搬迁群众就业多、运营稳定的给予场地租金和用电补贴；
引导东部协作企业在安置区布局劳动密集型产业，配套建设职业技能培训基地。""", 44),
    (3, "member1", "统筹安置区配套设施建设与迁出地资源盘活", """\
一方面，部分安置区的学校、医院、停车等配套跟不上人口增长，需要纳入城镇规划统筹建设；
另一方面，迁出地的耕地、林地、宅基地等资源要**盘活利用**，通过流转、入股等方式让搬迁群众获得财产性收入。

建议开展迁出地资源确权和流转试点，完善收益分配机制。""", 70),
]

# speech title, author, text, index of the comment it replies to (in this speech's list) or None
COMMENTS = {
    "关于健全防止返贫动态监测机制的建议": [
        ("member5", "赞同。建议把**因灾**情形也纳入自动预警，今年汛期有几户就是因灾返贫风险。", None),
        ("leader", "这个建议很实在。请省乡村振兴局牵头，会同医保、民政等部门研究数据共享比对的具体办法。", None),
        ("member1", "谢谢主席。我们调研的县里已经在试点医保数据按月推送，效果不错，可以总结推广。", 1),
        ("member3", "教育部门的资助数据也可以纳入比对，学生资助对象本身就是风险信号。", 2),
    ],
    "防止因病返贫需要兜住“最后一公里”": [
        ("member2", "从医疗界看，县域内就诊率提高后，患者自付费用会明显下降，两项措施可以结合。", None),
        ("member5", "同意，关键是医共体要真正把优质资源下沉。", 0),
    ],
    "推动脱贫地区特色产业提质增效的几点建议": [
        ("leader", "产业是巩固脱贫成果的根本之策。请省农业农村厅对冷链和初加工的短板做一个梳理，"
                   "提出分年度建设计划。", None),
        ("member4", "补充一点：产业项目要防止盲目跟风，同一品种在全省“遍地开花”容易造成滞销。", None),
        ("member1", "非常同意，县域产业规划要错位发展。", 1),
    ],
    "关于稳定脱贫劳动力务工就业的建议": [
        ("member3", "以工代赈的劳务报酬比例建议再提高一些，并且要及时足额发放。", None),
        ("member5", "公益性岗位管理确实要规范，有的地方岗位设置过多，还有“人岗不符”的情况。", None),
    ],
    "巩固义务教育控辍保学成果的建议": [
        ("member2", "心理健康教育很重要，建议卫健部门的心理医生定期到寄宿制学校开展服务。", None),
        ("public1", "我是乡村教师，寄宿制学校的生活老师确实很缺，希望能增加编制。", None),
    ],
    "关于加强易地扶贫搬迁安置区社区治理的建议": [
        ("leader", "安置区既要“搬得出”，更要“稳得住、能致富”。请相关部门重点回应社区服务转接问题。", None),
        ("member4", "社区+就业车间的模式在我们调研的安置区效果很好，可以推广。", None),
        ("member2", "同意，另外老年人和留守儿童的照护服务也要跟上。", 1),
    ],
}

# speech title → usernames who like it
LIKES = {
    "关于健全防止返贫动态监测机制的建议": ["member2", "member3", "member4", "member5", "leader"],
    "推动脱贫地区特色产业提质增效的几点建议": ["member2", "member3", "member5", "leader"],
    "关于稳定脱贫劳动力务工就业的建议": ["member1", "member3"],
    "防止因病返贫需要兜住“最后一公里”": ["member1", "member2", "leader"],
    "关于加强易地扶贫搬迁安置区社区治理的建议": ["member1", "member5", "leader"],
    "巩固义务教育控辍保学成果的建议": ["member2"],
    "用好大数据，让监测从“人找人”变成“数据找人”": ["member1", "member3"],
}


# hours after the speech at which its first, second … comment came: spread over the meeting's days
COMMENT_DELAYS = [4, 21, 29, 46, 70]


def _speech_stage_opened(consultation):
    stage = next((s for s in consultation.stages.all() if s.allows_speeches), None)
    return stage.starts_at if stage else timezone.now() - timedelta(days=3)


def load(consultation: Consultation) -> None:
    people = {user.username: user for user in User.objects.filter(
        username__in=["member1", "member2", "member3", "member4", "member5", "leader", "public1"])}
    subtopics = list(consultation.subtopics.all())
    opened = _speech_stage_opened(consultation)
    now = timezone.now()
    posts = {}
    for index, username, title, body, hours in SPEECHES:
        author = people[username]
        post = Post.objects.filter(consultation=consultation, author=author, title=title).first()
        if post is None:
            post = services.create_post(author, consultation, subtopics[index], title, body)
            post.created_at = min(opened + timedelta(hours=hours), now)  # the comments below date from it
            Post.objects.filter(pk=post.pk).update(created_at=post.created_at, last_activity_at=post.created_at)
            post.history.update(history_date=post.created_at)
        posts[title] = post
    for title, comments in COMMENTS.items():
        post = posts[title]
        made = []
        for offset, (username, text, reply_to) in enumerate(comments):
            author = people[username]
            comment = Comment.objects.filter(post=post, author=author, body=text).first()
            if comment is None:
                parent = made[reply_to] if reply_to is not None else None
                comment = services.add_comment(author, post, text, parent=parent)
                when = min(post.created_at + timedelta(hours=COMMENT_DELAYS[offset]), now)
                Comment.objects.filter(pk=comment.pk).update(created_at=when)
            made.append(comment)
        latest = Comment.objects.filter(post=post).aggregate(latest=Max("created_at"))["latest"]
        Post.objects.filter(pk=post.pk).update(last_activity_at=max(latest, post.created_at))
    for title, usernames in LIKES.items():
        post = posts[title]
        for order, username in enumerate(usernames):
            if not PostLike.objects.filter(post=post, user=people[username]).exists():
                services.toggle_post_like(people[username], post)
                PostLike.objects.filter(post=post, user=people[username]).update(
                    created_at=min(post.created_at + timedelta(hours=2 + 9 * order), now))
    leader_comment = Comment.objects.filter(post__consultation=consultation, author=people["leader"]).first()
    if leader_comment and not CommentLike.objects.filter(comment=leader_comment, user=people["member1"]).exists():
        services.toggle_comment_like(people["member1"], leader_comment)
        CommentLike.objects.filter(comment=leader_comment, user=people["member1"]).update(
            created_at=min(leader_comment.created_at + timedelta(hours=1), now))
