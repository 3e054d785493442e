from django.core.management import call_command

from accounts.models import Role, User
from departments.models import Department
from meetings.models import Consultation


def test_load_demo_builds_the_poverty_alleviation_consultation_once(db, capsys):
    call_command("load_demo")
    call_command("load_demo")  # idempotent: a second run adds nothing
    consultation = Consultation.objects.get(slug="consolidate-poverty-alleviation")
    assert "脱贫攻坚" in consultation.title
    assert consultation.stages.count() == 4 and consultation.subtopics.count() == 4
    assert Department.objects.count() == 7
    assert Department.objects.filter(officials__isnull=True).count() == 0
    assert User.objects.filter(role=Role.LEADER).count() == 1
    assert User.objects.filter(role=Role.MEMBER).count() >= 5
    printed = capsys.readouterr().out
    assert "member1" in printed and "+8613800138011" in printed and "password" in printed.lower()
