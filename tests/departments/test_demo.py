from io import StringIO

from django.core.management import call_command

from departments.models import AuditEntry, Claim, ClaimState, Disposition, Press, Rating, Reply, Score


def test_demo_has_claims_replies_of_every_disposition_a_press_and_ratings(db):
    call_command("load_demo", stdout=StringIO())
    counts = (Claim.objects.count(), Reply.objects.count(), Press.objects.count(), Rating.objects.count(),
              AuditEntry.objects.count())
    assert set(Reply.objects.values_list("disposition", flat=True)) == set(Disposition.values)
    assert Press.objects.filter(answered_at__isnull=True).exists() and Press.objects.count() >= 2
    assert set(Rating.objects.values_list("score", flat=True)) == set(Score.values)
    assert Claim.objects.filter(state=ClaimState.REOPENED).exists()
    assert Claim.objects.filter(state=ClaimState.COMPLETED).exists()
    assert Claim.objects.filter(role="co").exists()

    call_command("load_demo", stdout=StringIO())
    assert counts == (Claim.objects.count(), Reply.objects.count(), Press.objects.count(), Rating.objects.count(),
                      AuditEntry.objects.count())
