from datetime import timedelta

from django.utils import timezone

from accounts.models import Role, User
from departments.models import Department
from meetings.models import Consultation, ParticipationMode, Status, Visibility

SLUG = "consolidate-poverty-alleviation"

STAGES = [
    # name, days from now (start, end), speeches, comments, responses
    ("调研准备", (-20, -6), False, True, False),
    ("委员发言", (-6, 8), True, True, False),
    ("部门回应", (-5, 15), False, True, True),
    ("协商总结", (15, 22), False, True, True),
]

SUBTOPICS = [
    ("防止规模性返贫动态监测和帮扶", "如何做到早发现、早干预、早帮扶，守住不发生规模性返贫的底线。"),
    ("产业帮扶与稳岗就业", "脱贫地区特色产业提质增效，脱贫劳动力稳岗就业和增收。"),
    ("教育、医疗和住房安全保障", "控辍保学、大病救治与慢病签约服务、农村危房动态清零。"),
    ("易地扶贫搬迁后续扶持", "安置区配套设施、社区治理和搬迁群众就业。"),
]


def load() -> Consultation:
    consultation, made = Consultation.objects.get_or_create(
        slug=SLUG,
        defaults={
            "title": "巩固拓展脱贫攻坚成果同乡村振兴有效衔接",
            "theme": "围绕巩固拓展脱贫攻坚成果、守住不发生规模性返贫底线，"
            "推动脱贫地区乡村全面振兴，开展网络议政远程协商。",
            "guide": "过渡期内保持主要帮扶政策总体稳定。请各位委员结合调研，"
            "就**防返贫监测**、**产业就业**、**三保障**和**搬迁后续扶持**建言献策。",
            "organizer": "省政协农业和农村委员会",
            "status": Status.PUBLISHED,
            "visibility": Visibility.PUBLIC,
            "public_participation": ParticipationMode.MODERATED,
            "published_at": timezone.now() - timedelta(days=20),
        },
    )
    if made:
        now = timezone.now()
        for order, (name, (start, end), speeches, comments, responses) in enumerate(STAGES):
            consultation.stages.create(
                order=order, name=name, starts_at=now + timedelta(days=start), ends_at=now + timedelta(days=end),
                allows_speeches=speeches, allows_comments=comments, allows_responses=responses,
            )
        for order, (title, brief) in enumerate(SUBTOPICS):
            consultation.subtopics.create(order=order, title=title, brief=brief)
        consultation.participants.set(User.objects.filter(role__in=[Role.MEMBER, Role.LEADER]))
        consultation.departments.set(Department.objects.all())
    return consultation
