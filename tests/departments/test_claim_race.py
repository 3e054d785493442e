"""Two departments claim the same aspect at the same moment, each in its own transaction and connection."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from departments import services
from departments.models import Claim, ClaimRole
from tests import factories
from tests.conftest import require_component

ROUNDS = 5


def _claim_together(post, contenders, aspect=None):
    """Each contender (official, department) claims in its own thread; returns (claims, refusals)."""
    barrier = threading.Barrier(len(contenders))
    claims, refusals, errors = [], [], []

    def run(official, department):
        try:
            barrier.wait(timeout=10)
            claims.append(services.claim_aspect(official, post, department, aspect=aspect))
        except ValidationError as refusal:
            refusals.append(refusal)
        except Exception as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=contender) for contender in contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return claims, refusals


@pytest.fixture
def contenders(transactional_db):
    require_component("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL to a PostgreSQL database")
    consultation = factories.ConsultationFactory()
    people = []
    for _ in range(3):
        official = factories.OfficialFactory()
        department = factories.DepartmentFactory(officials=[official])
        consultation.departments.add(department)
        people.append((official, department))
    return consultation, people


def test_simultaneous_claims_on_an_unsplit_speech_end_with_one_lead(contenders):
    consultation, people = contenders
    for _ in range(ROUNDS):
        post = factories.PostFactory(consultation=consultation)
        claims, refusals = _claim_together(post, people)
        assert len(claims) == 1 and len(refusals) == len(people) - 1
        assert Claim.objects.filter(aspect__post=post, role=ClaimRole.LEAD).count() == 1
        assert post.aspects.count() == 1
        lead = claims[0].department.name
        for refusal in refusals:
            assert lead in str(refusal) or "刚刚" in str(refusal) or "moment ago" in str(refusal)


def test_simultaneous_claims_on_one_aspect_end_with_one_lead(contenders):
    consultation, people = contenders
    for _ in range(ROUNDS):
        aspect = factories.AspectFactory(post=factories.PostFactory(consultation=consultation))
        claims, refusals = _claim_together(aspect.post, people, aspect=aspect)
        assert len(claims) == 1 and len(refusals) == len(people) - 1
        assert Claim.objects.filter(aspect=aspect, role=ClaimRole.LEAD).count() == 1
