from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import Notification, Trigger
from consultation.celery import app as celery_app
from departments import services, tasks
from departments.models import Claim, Disposition
from departments.workdays import add_working_days
from tests import factories


@pytest.fixture
def claim(post, official, department):
    return services.claim_aspect(official, post, department)


def _rows(trigger):
    return Notification.objects.filter(trigger=trigger, channel="in_app")


def test_reminder_before_the_due_date_is_sent_once(claim, official):
    Claim.objects.filter(pk=claim.pk).update(due_on=add_working_days(timezone.localdate(), 1))
    assert tasks.send_claim_reminders.delay().get() == {"due_soon": 1, "overdue": 0}
    tasks.send_claim_reminders.delay().get()
    assert _rows(Trigger.CLAIM_DUE_SOON).filter(recipient=official).count() == 1
    assert not _rows(Trigger.CLAIM_OVERDUE).exists()


def test_overdue_reminder_is_sent_once_and_urgent(claim, official):
    Claim.objects.filter(pk=claim.pk).update(due_on=timezone.localdate() - timedelta(days=3))
    tasks.send_claim_reminders.delay().get()
    tasks.send_claim_reminders.delay().get()
    row = _rows(Trigger.CLAIM_OVERDUE).get(recipient=official)
    assert row.urgent


def test_answered_claims_get_no_reminders(claim, official):
    services.publish_reply(official, claim, "答复", Disposition.RESOLVED)
    Claim.objects.filter(pk=claim.pk).update(due_on=timezone.localdate() - timedelta(days=3))
    assert tasks.send_claim_reminders.delay().get() == {"due_soon": 0, "overdue": 0}


def test_claims_far_from_due_get_no_reminder(claim):
    Claim.objects.filter(pk=claim.pk).update(due_on=timezone.localdate() + timedelta(days=30))
    assert tasks.send_claim_reminders.delay().get() == {"due_soon": 0, "overdue": 0}


def test_reminders_are_on_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["departments-claim-reminders"]
    assert entry["task"] == tasks.send_claim_reminders.name


@pytest.mark.real_services
def test_a_real_worker_sends_the_reminders(transactional_db, redis_url):
    from celery.contrib.testing.worker import start_worker

    official = factories.OfficialFactory()
    department = factories.DepartmentFactory(officials=[official])
    claim = factories.ClaimFactory(department=department, due_on=timezone.localdate() - timedelta(days=1))
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, perform_ping_check=False, pool="solo"):
            result = tasks.send_claim_reminders.delay().get(timeout=60)
    finally:
        celery_app.conf.task_always_eager = True
    assert result["overdue"] == 1
    assert _rows(Trigger.CLAIM_OVERDUE).filter(recipient=official, key__contains=f"claim:{claim.pk}:").exists()
