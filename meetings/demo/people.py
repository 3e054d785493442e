from accounts.models import Role, User
from departments.models import Department

DEMO_PASSWORD = "yunxieshang-2026"

DEPARTMENTS = [
    # slug, name, short name, description
    ("rural-revitalization", "省乡村振兴局（省扶贫办）", "乡村振兴局",
     "负责巩固拓展脱贫攻坚成果、防止返贫动态监测和帮扶。"),
    ("education", "省教育厅", "教育厅", "负责控辍保学、学生资助和乡村教师队伍建设。"),
    ("civil-affairs", "省民政厅", "民政厅", "负责农村低保、特困人员供养和临时救助。"),
    ("finance", "省财政厅", "财政厅", "负责衔接推进乡村振兴补助资金的安排与监管。"),
    ("housing", "省住房和城乡建设厅", "住建厅", "负责农村危房改造和农房抗震改造。"),
    ("agriculture", "省农业农村厅", "农业农村厅", "负责乡村产业发展、农业技术推广和高标准农田建设。"),
    ("health", "省卫生健康委员会", "卫健委", "负责脱贫人口基本医疗保障、家庭医生签约和大病专项救治。"),
]

PEOPLE = [
    # username, real name, role, phone, title
    ("staff", "周文静", Role.STAFF, "13800138000", "省政协办公厅 信息中心"),
    ("leader", "陈志国", Role.LEADER, "13800138001", "省政协副主席"),
    ("member1", "李明华", Role.MEMBER, "13800138011", "省政协委员，农业界"),
    ("member2", "王秀英", Role.MEMBER, "13800138012", "省政协委员，医药卫生界"),
    ("member3", "张建军", Role.MEMBER, "13800138013", "省政协委员，教育界"),
    ("member4", "刘晓燕", Role.MEMBER, "13800138014", "省政协委员，经济界"),
    ("member5", "赵国强", Role.MEMBER, "13800138015", "省政协委员，社会福利和社会保障界"),
    ("public1", "孙立新", Role.PUBLIC, "13800138099", ""),
]

OFFICIAL_NAMES = ["黄海涛", "吴丽娟", "郑志远", "冯雪梅", "何建平", "许晓东", "曹玉兰"]


def _user(username, real_name, role, phone, title, created):
    user, made = User.objects.get_or_create(
        username=username,
        defaults={"real_name": real_name, "role": role, "phone": "+86" + phone, "phone_verified": True,
                  "title": title},
    )
    if made:
        user.set_password(DEMO_PASSWORD)
        user.is_staff = role == Role.STAFF
        user.is_superuser = role == Role.STAFF
        user.save()
    created.append((user.get_role_display(), username, user.phone or ""))
    return user


def load() -> list[tuple[str, str, str]]:
    accounts: list = []
    for username, real_name, role, phone, title in PEOPLE:
        _user(username, real_name, role, phone, title, accounts)
    for index, (slug, name, short, description) in enumerate(DEPARTMENTS):
        department, _made = Department.objects.get_or_create(
            slug=slug, defaults={"name": name, "short_name": short, "description": description,
                                 "contact": f"0871-6{index + 1:03d}0000"}
        )
        official = _user(f"official-{slug}", OFFICIAL_NAMES[index], Role.OFFICIAL,
                         f"139001390{index + 1:02d}", f"{short} 联络员", accounts)
        department.officials.add(official)
    return accounts
