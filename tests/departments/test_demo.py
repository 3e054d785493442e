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


def test_demo_story_happens_after_each_speech_spread_over_the_meeting_days(db):
    from meetings.models import Comment

    call_command("load_demo", stdout=StringIO())
    for claim in Claim.objects.select_related("aspect__post"):
        spoken = claim.aspect.post.created_at
        assert claim.claimed_at > spoken
        steps = ([r.created_at for r in claim.replies.all()] + [f.created_at for f in claim.follow_ups.all()]
                 + [p.created_at for p in claim.presses.all()]
                 + list(Rating.objects.filter(reply__claim=claim).values_list("created_at", flat=True)))
        assert all(step > claim.claimed_at for step in steps)
        if claim.first_replied_at:
            assert claim.first_replied_at > spoken
    for comment in Comment.objects.select_related("post"):
        assert comment.created_at > comment.post.created_at
    days = {c.created_at.date() for c in Comment.objects.all()}
    assert len(days) >= 3
    assert len({r.created_at for r in Reply.objects.all()}) == Reply.objects.count()
    assert not AuditEntry.objects.filter(created_at__lt=Claim.objects.order_by("claimed_at")[0].claimed_at,
                                         action="replied").exists()
