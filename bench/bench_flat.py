"""The consultation page at 500, 5,000 and 50,000 speeches: is its cost flat in the size of the meeting?

Three generated consultations (about 4 comments a speech, 60 % of them top-level, and likes), built
once with large bulk inserts and reused (slugs "bench-flat-<speeches>"), in BENCH_DATABASE_URL or
DATABASE_URL (PostgreSQL expected: 50,000 speeches are too many for a throwaway SQLite file). The
page is measured under gunicorn with production settings, anonymous and for a signed-in member, in
six passes (small to large, then large to small, three times) beside /healthz in the same run.
"""

import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta

from bench.bench_pages import measure_signed_in
from bench.http_load import ROOT, cpu_per_request, gunicorn, measure, prepared_data

TITLE = "Flat in meeting size: the consultation page at 500, 5,000 and 50,000 speeches"
SIZES = (500, 5_000, 50_000)
COMMENTS_PER_SPEECH = 4
MEMBERS = 400
BATCH = 5_000


def _slug(speeches: int) -> str:
    return f"bench-flat-{speeches}"


def _build(speeches: int, members: list) -> None:
    """One consultation of `speeches` speeches, its comments and likes, with counters set as the
    services would have kept them."""
    from django.db import connection, transaction
    from django.utils import timezone

    from meetings.models import Comment, Consultation, Post, PostLike, Stage, Status, SubTopic
    from meetings.text import render_markdown

    rng = random.Random(speeches)
    now = timezone.now()
    with transaction.atomic():
        Consultation.objects.filter(slug=_slug(speeches)).delete()
        consultation = Consultation.objects.create(
            slug=_slug(speeches), title=f"规模测试：{speeches}条发言的协商", theme="同一页面，不同规模。",
            guide="请围绕**乡村振兴**建言。", organizer="省政协", status=Status.PUBLISHED,
            published_at=now - timedelta(days=10),
        )
        Stage.objects.create(consultation=consultation, name="委员发言", starts_at=now - timedelta(days=10),
                             ends_at=now + timedelta(days=10), allows_speeches=True, allows_comments=True)
        topics = SubTopic.objects.bulk_create([
            SubTopic(consultation=consultation, order=i, title=f"子议题{i + 1}", brief="说明") for i in range(4)
        ])
        # comments per speech: 0 to 8, about COMMENTS_PER_SPEECH on average; likes: few for most, many for some
        comment_counts = [rng.randint(0, 2 * COMMENTS_PER_SPEECH) for _ in range(speeches)]
        like_counts = [min(int(rng.paretovariate(1.2)), 60) for _ in range(speeches)]
        body = "调研发现，**农村养老**服务存在床位闲置、护理人员不足等问题。建议整合资源，发展互助养老。"
        html = render_markdown(body)
        posts = Post.objects.bulk_create([
            Post(consultation=consultation, subtopic=topics[i % 4], author=members[i % MEMBERS],
                 title=f"关于农村养老服务的建议（{i + 1}）", body=body, body_html=html,
                 response_state=["awaiting", "claimed", "answered"][i % 3],
                 comment_count=comment_counts[i], like_count=like_counts[i])
            for i in range(speeches)
        ], batch_size=BATCH)
        with connection.cursor() as cursor:  # one speech a minute, the last one now
            cursor.execute(
                "UPDATE meetings_post SET created_at = %s - (%s - id) * interval '1 minute' "
                "WHERE consultation_id = %s", [now, posts[-1].pk, consultation.pk])
        roots = []
        for i, post in enumerate(posts):
            for n in range((comment_counts[i] * 6 + 9) // 10):
                roots.append(Comment(post=post, author=members[(i + n) % MEMBERS], body=f"评论{n}",
                                     body_html=f"<p>评论{n}：赞同。</p>", author_role="member"))
        roots = Comment.objects.bulk_create(roots, batch_size=BATCH)
        by_post: dict = {}
        for root in roots:
            by_post.setdefault(root.post_id, []).append(root)
        replies = []
        for i, post in enumerate(posts):
            under = by_post.get(post.pk, [])
            for n in range(comment_counts[i] - len(under)):
                replies.append(Comment(post=post, parent=rng.choice(under), depth=1,
                                       author=members[(i * 7 + n) % MEMBERS], body=f"回复{n}",
                                       body_html=f"<p>回复{n}：补充意见。</p>", author_role="member"))
        Comment.objects.bulk_create(replies, batch_size=BATCH)
        likes = [PostLike(post=post, user=members[m]) for i, post in enumerate(posts)
                 for m in rng.sample(range(MEMBERS), like_counts[i])]
        PostLike.objects.bulk_create(likes, batch_size=BATCH)


def generate() -> dict:
    """Build whichever of the three consultations is missing (or incomplete); report what is there."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection

    from accounts.models import Role, User
    from meetings.models import Comment, Consultation, Post, PostLike

    members = list(User.objects.filter(username__startswith="flat-").order_by("pk"))
    if len(members) < MEMBERS:
        User.objects.filter(username__startswith="flat-").delete()
        members = User.objects.bulk_create([
            User(username=f"flat-{i}", real_name=f"委员{i}", role=Role.MEMBER) for i in range(MEMBERS)
        ])
    built = {}
    for speeches in SIZES:
        consultation = Consultation.objects.filter(slug=_slug(speeches)).first()
        if consultation is None or consultation.posts.count() != speeches:
            started = time.perf_counter()
            _build(speeches, members)
            built[speeches] = time.perf_counter() - started
    if built and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    member = members[1]
    session = SessionStore()
    session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(member.pk), "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = member.get_session_auth_hash()
    session.create()
    sizes = []
    for speeches in SIZES:
        consultation = Consultation.objects.get(slug=_slug(speeches))
        sizes.append({
            "speeches": Post.objects.filter(consultation=consultation).count(),
            "comments": Comment.objects.filter(post__consultation=consultation).count(),
            "likes": PostLike.objects.filter(post__consultation=consultation).count(),
            "figures_ms": _figures_ms(consultation),
            "department_figures_ms": _department_figures_ms(consultation),

            "built_s": built.get(speeches),
        })
    # the worker's CPU a request, sizes in turn (three rounds, alternating order), the median of the rounds
    rounds: dict = {speeches: {"anonymous": [], "member": []} for speeches in SIZES}
    for number in range(3):
        for speeches in SIZES if number % 2 == 0 else tuple(reversed(SIZES)):
            for who, person in (("anonymous", None), ("member", member)):
                rounds[speeches][who].append(cpu_per_request(f"/c/{_slug(speeches)}/", person))
    for speeches, size in zip(SIZES, sizes, strict=True):
        for who, measured in rounds[speeches].items():
            size[who] = {"queries": max(m["queries"] for m in measured),
                         "cpu_ms": statistics.median(m["cpu_ms"] for m in measured)}
    return {"sizes": sizes, "session": session.session_key}


def _figures_ms(consultation) -> float:
    """The one count over the whole meeting (selectors.figures: made at most every 2 s under writes,
    kept 15 s otherwise): its execution time by EXPLAIN ANALYZE."""
    from django.db import connection
    from django.db.models import Count, Sum

    from meetings.models import Post

    if connection.vendor != "postgresql":
        return 0.0
    query = Post.objects.filter(consultation=consultation, is_hidden=False).values("consultation").annotate(
        speeches=Count("id"), speakers=Count("author", distinct=True), comments=Sum("comment_count"),
        likes=Sum("like_count"))
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        return cursor.fetchone()[0][0]["Execution Time"]


def _department_figures_ms(consultation) -> float:
    """The departments' figures of the consultation page (departments.selectors.consultation_figures, three
    queries over the meeting, cached 15 s): wall time of one computation."""
    from departments.selectors import consultation_figures

    started = time.perf_counter()
    consultation_figures(consultation)
    return (time.perf_counter() - started) * 1000


def _spread(values: list[float]) -> float:
    """How far apart the figures are: (largest - smallest) / largest, in %."""
    return 100 * (max(values) - min(values)) / max(values)


PASSES = 6
SIGNED_IN_REQUESTS = 150


def run() -> str:
    database = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if not (database or "").startswith("postgres"):
        return "Not measured: this bench needs PostgreSQL (BENCH_DATABASE_URL or DATABASE_URL)."
    env, info, checked_s = prepared_data("bench.bench_flat", database)
    load_before = os.getloadavg()
    anonymous: dict = {n: [] for n in SIZES}
    member: dict = {n: [] for n in SIZES}
    healthz = []
    with gunicorn(env) as port:
        for number in range(PASSES):  # small to large, then large to small: a drift in the machine's load evens out
            healthz.append(measure(port, "/healthz")["rps"])
            for speeches in SIZES if number % 2 == 0 else tuple(reversed(SIZES)):
                anonymous[speeches].append(measure(port, f"/c/{_slug(speeches)}/")["rps"])
                member[speeches].append(measure_signed_in(port, f"/c/{_slug(speeches)}/", info["session"],
                                                          requests=SIGNED_IN_REQUESTS)["rps"])
        healthz.append(measure(port, "/healthz")["rps"])
    load_after = os.getloadavg()
    base = statistics.median(healthz)
    lines = [
        "| speeches | comments | likes | speech figures (ms, EXPLAIN ANALYZE) | department figures (ms) | "
        "anonymous req/s | ÷ /healthz | signed-in req/s | ÷ /healthz | queries anonymous / signed in | "
        "CPU ms a request, anonymous / signed in |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for speeches, size in zip(SIZES, info["sizes"], strict=True):
        anon, mine = statistics.median(anonymous[speeches]), statistics.median(member[speeches])
        lines.append(f"| {size['speeches']:,} | {size['comments']:,} | {size['likes']:,} | {size['figures_ms']:.1f} | "
                     f"{size['department_figures_ms']:.0f} | {anon:.0f} | {anon / base:.2f} | {mine:.0f} | "
                     f"{mine / base:.2f} | {size['anonymous']['queries']} / {size['member']['queries']} | "
                     f"{size['anonymous']['cpu_ms']:.1f} / {size['member']['cpu_ms']:.1f} |")
    spread_anon = _spread([statistics.median(anonymous[n]) for n in SIZES])
    spread_member = _spread([statistics.median(member[n]) for n in SIZES])
    passes = "; ".join(
        f"{n:,}: anonymous {', '.join(f'{r:.0f}' for r in anonymous[n])}, signed in "
        f"{', '.join(f'{r:.0f}' for r in member[n])}" for n in SIZES
    )
    built = ", ".join(f"{s['speeches']:,} in {s['built_s']:.0f} s" for s in info["sizes"] if s["built_s"])
    return (
        f"Three generated consultations ({'built: ' + built if built else 'already there'}; checked in "
        f"{checked_s:.0f} s). PostgreSQL, Redis; gunicorn with production settings (DEBUG=0), 2 sync workers, "
        f"8 concurrent clients on the same machine. Each figure is the median of {PASSES} passes (small to large, "
        f"then large to small, and so on), 400 anonymous and {SIGNED_IN_REQUESTS} signed-in requests a page a pass; "
        "/healthz "
        f"measured before each pass and at the end: {', '.join(f'{r:.0f}' for r in healthz)} req/s "
        f"(median {base:.0f}). Load average {load_before[0]:.1f} / {load_before[1]:.1f} / {load_before[2]:.1f} "
        f"before, {load_after[0]:.1f} / {load_after[1]:.1f} / {load_after[2]:.1f} after.\n\n"
        + "\n".join(lines)
        + "\n\nThe last two columns are measured in one process with Django's test client (same settings), the "
        "sizes in turn, median of three rounds of 200 requests: the web worker's own work, without the clients, "
        "PostgreSQL and Redis that share the cores. What a request does is the same at every size: no query "
        "for an anonymous reader (the shared page), three for a member (session, user, unread notifications), a "
        "fixed number of cache reads. The only counts over the whole meeting (speech figures, department "
        "figures) run at most once every 2 s while writes come and every 15 s otherwise, not per request."
        + f"\n\nSpread of the medians ((largest − smallest) ÷ largest): anonymous **{spread_anon:.0f} %**, "
        f"signed-in member **{spread_member:.0f} %** (goal: within 20 %). Every pass (req/s): {passes}."
    )


if __name__ == "__main__":
    if sys.argv[1:] == ["generate"]:
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consultation.settings")
        import django

        django.setup()
        print(json.dumps(generate()))
