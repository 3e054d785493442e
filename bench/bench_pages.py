"""Meeting pages under gunicorn with production settings, on a consultation of 5,000 speeches and
20,000 comments, side by side with /healthz (a trivial Django view) in the same run.

The database is BENCH_DATABASE_URL, else DATABASE_URL (the generated consultation, slug
"bench-pages", is added to it and reused), else a SQLite file deleted afterwards. REDIS_URL, when
set, is passed on (cache and onlookers).
"""

import concurrent.futures
import http.client
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta

from bench.http_load import ROOT, cpu_per_request, gunicorn, measure, prepared_data, table

TITLE = "Meeting pages: consultation and speech pages with 5,000 speeches and 20,000 comments"
SLUG = "bench-pages"
SPEECHES = 5_000
COMMENTS = 20_000
POST_LIKES = 25_000
MEMBERS = 400


def generate() -> dict:
    """Build the consultation with bulk inserts (idempotent: an existing one is reused)."""
    from django.db import connection, transaction
    from django.db.models import Count
    from django.utils import timezone

    from accounts.models import Role, User
    from meetings.models import Comment, Consultation, Post, PostLike, Stage, Status, SubTopic
    from meetings.text import render_markdown

    consultation = Consultation.objects.filter(slug=SLUG).first()
    built = consultation is None or consultation.posts.count() < SPEECHES
    if built:
        rng = random.Random(2026)
        now = timezone.now()
        with transaction.atomic():
            Consultation.objects.filter(slug=SLUG).delete()
            User.objects.filter(username__startswith="bench-").delete()
            consultation = Consultation.objects.create(
                slug=SLUG, title="基准测试：巩固拓展脱贫攻坚成果", theme="五千条发言、两万条评论的协商。",
                guide="请围绕**防返贫监测**、**产业就业**建言。", organizer="省政协", status=Status.PUBLISHED,
                published_at=now - timedelta(days=10),
            )
            Stage.objects.create(consultation=consultation, name="委员发言", starts_at=now - timedelta(days=10),
                                 ends_at=now + timedelta(days=10), allows_speeches=True, allows_comments=True)
            Stage.objects.create(consultation=consultation, order=1, name="部门回应", starts_at=now - timedelta(days=5),
                                 ends_at=now + timedelta(days=20), allows_responses=True)
            topics = SubTopic.objects.bulk_create([
                SubTopic(consultation=consultation, order=i, title=f"子议题{i + 1}", brief="说明") for i in range(4)
            ])
            members = User.objects.bulk_create([
                User(username=f"bench-{i}", real_name=f"委员{i}", role=Role.MEMBER) for i in range(MEMBERS)
            ])
            leader = User.objects.create(username="bench-leader", real_name="领导", role=Role.LEADER)
            bodies = [
                (body, render_markdown(body)) for body in (
                    "## 问题\n\n调研发现，**防止返贫**监测存在发现偏晚、部门数据不通等问题。" * 3
                    + "\n\n## 建议\n\n1. 建立自动预警；\n2. 推动数据共享；\n3. 一户一策。",
                    "务工收入已占脱贫户收入的六成以上，**稳岗就业就是稳脱贫成果**。" * 5,
                    "控辍保学是阻断贫困代际传递的关键。\n\n- 建立台账\n- 心理健康教育\n- 随迁子女入学" * 2,
                )
            ]
            posts = []
            for i in range(SPEECHES):
                body, html = bodies[i % len(bodies)]
                posts.append(Post(
                    consultation=consultation, subtopic=topics[i % 4], author=members[i % MEMBERS],
                    title=f"关于巩固脱贫成果的建议（{i + 1}）", body=body, body_html=html,
                    response_state=["awaiting", "claimed", "answered"][i % 3],
                ))
            posts = Post.objects.bulk_create(posts, batch_size=1000)
            Post.objects.filter(consultation=consultation).update(created_at=now)  # then spread below
            for start in range(0, SPEECHES, 1000):
                for offset, post in enumerate(posts[start:start + 1000]):
                    post.created_at = now - timedelta(minutes=SPEECHES - start - offset)
                Post.objects.bulk_update(posts[start:start + 1000], ["created_at"])
            # comments: about 60% top-level, the rest replies, spread unevenly over the speeches
            weights = [1 / (1 + (i % 97)) for i in range(SPEECHES)]
            targets = rng.choices(range(SPEECHES), weights=weights, k=COMMENTS)
            top_level, replies = targets[: COMMENTS * 6 // 10], targets[COMMENTS * 6 // 10:]
            roots = Comment.objects.bulk_create([
                Comment(post=posts[t], author=members[(t + n) % MEMBERS] if n % 25 else leader, body=f"评论{n}",
                        body_html=f"<p>评论{n}：赞同这个建议。</p>", author_role="member" if n % 25 else "leader")
                for n, t in enumerate(top_level)
            ], batch_size=2000)
            by_post: dict = {}
            for root in roots:
                by_post.setdefault(root.post_id, []).append(root)
            reply_rows = []
            for n, t in enumerate(replies):
                candidates = by_post.get(posts[t].pk)
                parent = rng.choice(candidates) if candidates else None
                reply_rows.append(Comment(
                    post=posts[t], parent=parent, depth=1 if parent else 0, author=members[(t * 7 + n) % MEMBERS],
                    body=f"回复{n}", body_html=f"<p>回复{n}：补充一点意见。</p>", author_role="member",
                ))
            Comment.objects.bulk_create(reply_rows, batch_size=2000)
            like_rows, seen = [], set()
            while len(like_rows) < POST_LIKES:
                post_index = min(int(rng.paretovariate(0.9)) - 1, SPEECHES - 1)
                member_index = rng.randrange(MEMBERS)
                if (post_index, member_index) not in seen:
                    seen.add((post_index, member_index))
                    like_rows.append(PostLike(post=posts[post_index], user=members[member_index]))
            PostLike.objects.bulk_create(like_rows, batch_size=5000)
            counted = Post.objects.filter(consultation=consultation).annotate(
                n_comments=Count("comments", distinct=True), n_likes=Count("likes", distinct=True))
            updates = []
            for post in counted.only("pk"):
                post.comment_count, post.like_count = post.n_comments, post.n_likes
                updates.append(post)
            Post.objects.bulk_update(updates, ["comment_count", "like_count"], batch_size=2000)
            Consultation.objects.filter(pk=consultation.pk).update(onlooker_count=12_345)
    long_post = long_discussion(consultation)
    if connection.vendor == "postgresql":  # what autovacuum does soon after a bulk load in production
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    member = User.objects.get(username="bench-1")
    session = SessionStore()
    session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(member.pk), "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = member.get_session_auth_hash()
    session.create()
    busiest = consultation.posts.order_by("-comment_count", "pk").first()
    typical = consultation.posts.filter(comment_count=4).order_by("pk").first() or consultation.posts.last()
    page = consultation.get_absolute_url()
    cpu = [  # (what, path, signed in)
        ("/healthz", "/healthz", None), ("consultation page", page, None),
        ("consultation page, signed-in member", page, member),
        (f"speech page, {typical.comment_count} comments, signed-in member", typical.get_absolute_url(), member),
        (f"speech page, {busiest.comment_count} comments, signed-in member", busiest.get_absolute_url(), member),
    ]
    return {
        "cpu": [{"name": name, **cpu_per_request(path, person)} for name, path, person in cpu],
        "speeches": consultation.posts.count(),
        "comments": Comment.objects.filter(post__consultation=consultation).count(),
        "likes": PostLike.objects.filter(post__consultation=consultation).count(),
        "busiest": busiest.get_absolute_url(), "busiest_comments": busiest.comment_count,
        "typical": typical.get_absolute_url(), "typical_comments": typical.comment_count,
        "session": session.session_key, "built": built,
        "long": long_post.get_absolute_url(), "long_comments": long_post.comments.count(),
    }


LONG_TITLE = "关于防返贫监测的建议（五百条评论）"


def long_discussion(consultation):
    """A speech with 500 comments: 125 threads of root, reply, reply to the reply (three levels) and a
    second reply; a member liked every seventh comment. Made once, reused."""
    from accounts.models import User
    from meetings.models import Comment, CommentLike, Post

    post = Post.objects.filter(consultation=consultation, title=LONG_TITLE).first()
    if post is not None:
        return post
    members = list(User.objects.filter(username__startswith="bench-").exclude(username="bench-leader")
                   .order_by("pk")[:50])
    first = consultation.posts.order_by("pk").first()
    post = Post.objects.create(consultation=consultation, subtopic=first.subtopic, author=members[0], title=LONG_TITLE,
                               body=first.body, body_html=first.body_html, comment_count=500)
    comments = []
    for t in range(125):
        root = Comment.objects.create(post=post, author=members[t % 50], body=f"主题{t}",
                                      body_html=f"<p>主题{t}：这个建议很有针对性，建议细化措施。</p>")
        reply = Comment.objects.create(post=post, parent=root, depth=1, author=members[(t + 1) % 50], body="回复",
                                       body_html="<p>同意，补充一点：要加强部门协同。</p>")
        deeper = Comment.objects.create(post=post, parent=reply, depth=2, author=members[(t + 2) % 50],
                                        body="回复", body_html="<p>数据共享是关键。</p>")
        other = Comment.objects.create(post=post, parent=root, depth=1, author=members[(t + 3) % 50], body="回复",
                                       body_html="<p>基层反映的情况也是如此。</p>")
        comments += [root, reply, deeper, other]
    liked = comments[::7]
    CommentLike.objects.bulk_create([CommentLike(comment=c, user=members[1]) for c in liked])
    Comment.objects.filter(pk__in=[c.pk for c in liked]).update(like_count=1)
    return post


def measure_signed_in(port: int, path: str, session: str, requests: int = 200, concurrency: int = 8) -> dict:
    """Like http_load.measure, with a member's session cookie (every response is personal: no shared cache)."""

    def one(_):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        started = time.perf_counter()
        conn.request("GET", path, headers={"Host": "127.0.0.1", "Accept-Language": "zh-CN",
                                           "Cookie": f"sessionid={session}"})
        response = conn.getresponse()
        body = response.read()
        conn.close()
        return time.perf_counter() - started, response.status, b"/accounts/logout/" in body

    for _ in range(10):
        one(None)
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(one, range(requests)))
    elapsed = time.perf_counter() - started
    latencies = sorted(latency for latency, _status, _me in results)
    assert all(me for _latency, _status, me in results), "the session did not sign the member in"
    return {
        "path": path + " (signed in)", "requests": len(latencies), "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[max(0, int(len(latencies) * 0.95) - 1)] * 1000,
        "p99_ms": latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000,
        "statuses": sorted({status for _latency, status, _me in results}),
    }


PASSES = 2
PROFILE_NOTE = """\
What a signed-in member's request still pays (cProfile with time.process_time in-process, 200 requests,
after this round): on the speech page with 500 comments, template rendering 44 % of the CPU (the site
frame with its notification and workspace tags, the speech, the comment form; the cards come shared),
cache calls 20 % (of which 7 % is Django's RedisCache building a redis client object for every call,
`redis/client.py:128(__init__)`), session and user 11 %, the unread count 6 %; on the consultation page,
whose part below the site header members now share, rendering the site frame 44 % (unread count included),
session and user 18 %, cache calls 17 %. Before this round the speech page also paid the narrow query
over all 500 comments with a visibility check per row (`selectors.comment_page`, 30,480
`is_committee_staff` calls for 60 requests), the speech and its files (2 queries) and an ORM UNION for
the likes (15 % of its CPU); the consultation page rendered its whole template for every member."""


def run() -> str:
    db_path = ROOT / "bench-pages.sqlite3"
    database = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or f"sqlite:///{db_path}"
    env, info, generated_s = prepared_data("bench.bench_pages", database)
    page = f"/c/{SLUG}/"
    pages = [  # (name, path, signed in)
        ("consultation page, newest first", page, False),
        ("consultation page, most liked", page + "?sort=liked", False),
        ("consultation page, most discussed, awaiting a response", page + "?sort=discussed&state=awaiting", False),
        (f"speech page, {info['typical_comments']} comments", info["typical"], False),
        (f"speech page, {info['busiest_comments']} comments (the busiest)", info["busiest"], False),
        ("consultation page, signed-in member", page, True),
        (f"speech page, {info['typical_comments']} comments, signed-in member", info["typical"], True),
        (f"speech page, {info['busiest_comments']} comments, signed-in member", info["busiest"], True),
    ]
    runs: dict = {name: [] for name, _path, _signed in pages}
    load_before = os.getloadavg()
    with gunicorn(env) as port:
        for number in range(PASSES):  # each page right after its own /healthz: the machine's load drifts
            for name, path, signed_in in pages if number % 2 == 0 else list(reversed(pages)):
                healthz = measure(port, "/healthz", requests=200)
                row = measure_signed_in(port, path, info["session"]) if signed_in else measure(port, path)
                runs[name].append((row, healthz))
    load_after = os.getloadavg()
    db_path.unlink(missing_ok=True)
    rows, ratios = [], []
    for name, _path, _signed in pages:
        measured = runs[name]
        row = dict(measured[0][0])
        row["requests"] = sum(r["requests"] for r, _h in measured)
        row["rps"] = statistics.median(r["rps"] for r, _h in measured)
        row["p50_ms"] = statistics.median(r["p50_ms"] for r, _h in measured)
        row["p99_ms"] = max(r["p99_ms"] for r, _h in measured)
        row["statuses"] = sorted({s for r, _h in measured for s in r["statuses"]})
        rows.append(row)
        healthz = statistics.median(h["rps"] for _r, h in measured)
        share = statistics.median(r["rps"] / h["rps"] for r, h in measured)
        passes = ", ".join(f"{r['rps'] / h['rps']:.2f}" for r, h in measured)
        ratios.append(f"| {name} | {row['rps']:.0f} | {healthz:.0f} | **{share:.2f}** ({passes}) |")
    engine = "PostgreSQL" if database.startswith("postgres") else "SQLite"
    cache = ("Redis cache and onlookers" if os.environ.get("REDIS_URL")
             else "local-memory cache, onlookers in the database")
    return (
        f"Generated consultation: {info['speeches']:,} speeches, {info['comments']:,} comments, "
        f"{info['likes']:,} likes ({'built in' if info['built'] else 'already there, checked in'} "
        f"{generated_s:.0f} s). {engine}; "
        f"{cache}. "
        "gunicorn with production settings (DEBUG=0), 2 sync workers, 8 concurrent clients "
        "from a thread pool on the same machine: anonymous onlookers (who share cached pages), and a "
        "signed-in member. Each page runs a fixed number of queries "
        "(tests/meetings/test_query_counts.py); the feed pages by keyset, never OFFSET. "
        f"{PASSES} passes (the second in reverse order); each page is measured right after 200 requests to "
        "/healthz, and its share is its req/s over that /healthz's, the median of the passes. "
        f"Load average {load_before[0]:.1f} / {load_before[1]:.1f} / {load_before[2]:.1f} before, "
        f"{load_after[0]:.1f} / {load_after[1]:.1f} / {load_after[2]:.1f} after.\n\n"
        + table(rows)
        + "\n\n| page | req/s | /healthz req/s just before | share of /healthz req/s (each pass) |\n"
        "|---|---:|---:|---:|\n"
        + "\n".join(ratios)
        + "\n\nThe web worker's own work, in one process with Django's test client and the same settings "
        "(CPU time by time.process_time, median of 200 requests; PostgreSQL, Redis and the clients not counted): "
        "a figure the machine's other load disturbs far less than req/s, and a pessimistic reading of the share "
        "(gunicorn's and the clients' own work per request, the same for every page, is left out).\n\n"
        "| page | queries | CPU ms a request | /healthz CPU ÷ page CPU |\n|---|---:|---:|---:|\n"
        + "\n".join(f"| {c['name']} | {c['queries']} | {c['cpu_ms']:.1f} | "
                     f"{info['cpu'][0]['cpu_ms'] / c['cpu_ms']:.2f} |" for c in info["cpu"])
        + "\n\n" + " ".join(PROFILE_NOTE.split("\n"))
    )


if __name__ == "__main__":
    if sys.argv[1:] == ["generate"]:
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consultation.settings")
        import django

        django.setup()
        print(json.dumps(generate()))
