"""Reads the meeting pages need, with their joins in one place."""

from django.db.models import Max, Min
from django.http import Http404
from django.utils import timezone

from .models import Consultation, Status


def consultation_for(user, slug) -> Consultation:
    """The consultation if this person may see it; 404 otherwise, so titles never leak."""
    consultation = Consultation.objects.visible_to(user).filter(slug=slug).prefetch_related("stages", "subtopics").first()
    if consultation is None:
        raise Http404
    return consultation


def consultations_by_phase(user) -> dict:
    """Ongoing, upcoming and past consultations that this person may see."""
    now = timezone.now()
    consultations = (
        Consultation.objects.visible_to(user)
        .exclude(status=Status.DRAFT)
        .annotate(opens_at=Min("stages__starts_at"), closes_at=Max("stages__ends_at"))
        .order_by("opens_at")
    )
    phases = {"ongoing": [], "upcoming": [], "past": []}
    for consultation in consultations:
        if consultation.status != Status.PUBLISHED or (consultation.closes_at and consultation.closes_at <= now):
            phases["past"].append(consultation)
        elif consultation.opens_at and consultation.opens_at > now:
            phases["upcoming"].append(consultation)
        else:
            phases["ongoing"].append(consultation)
    phases["past"].reverse()
    return phases
