"""Department responses at scale: service calls per second, the reminder sweep, and the public pages.

One consultation of 2,000 speeches, 20 departments and about 1,000 claims with replies, ratings and
presses (bulk_create), plus one speech split into 50 answered aspects. The services (claim, reply)
run in a child process against the same database; pages are served by gunicorn (production settings)
and read by 8 concurrent clients on the same machine.

Run: `python bench/run.py bench_departments` (BENCH_DEPARTMENTS_SPEECHES to change the size).
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.http_load import ROOT, gunicorn, measure, table  # noqa: E402

TITLE = "Departments: claims and replies through the services, reminder sweep, responses and record pages"
SPEECHES = int(os.environ.get("BENCH_DEPARTMENTS_SPEECHES", "2000"))
SERVICE_CALLS = 200
SLUG = "bench-departments"


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consultation.settings")
    import django

    django.setup()


def generate(speeches: int) -> dict:
    """Bulk-create the consultation (idempotent by slug); returns the paths to measure."""
    setup_django()
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import Role, User
    from departments.models import Aspect, Claim, Department, Press, Rating, Reply
    from meetings.models import Consultation, Post, Stage, Status, SubTopic

    consultation = Consultation.objects.filter(slug=SLUG).first()
    if consultation is None:
        now = timezone.now()
        members = User.objects.bulk_create(
            [User(username=f"{SLUG}-m{i}", real_name=f"委员{i}", role=Role.MEMBER, password="!") for i in range(100)])
        officials = User.objects.bulk_create(
            [User(username=f"{SLUG}-o{i}", real_name=f"联络员{i}", role=Role.OFFICIAL, password="!")
             for i in range(20)])
        leader = User.objects.create(username=f"{SLUG}-leader", real_name="领导", role=Role.LEADER, password="!")
        departments = Department.objects.bulk_create(
            [Department(name=f"压测第{i}厅", short_name=f"{i}厅", slug=f"{SLUG}-d{i}") for i in range(20)])
        for department, official in zip(departments, officials, strict=True):
            department.officials.add(official)
        consultation = Consultation.objects.create(
            title="部门回应压力测试", slug=SLUG, theme="压力测试", organizer="省政协", status=Status.PUBLISHED,
            published_at=now)
        consultation.departments.set(departments)
        Stage.objects.create(consultation=consultation, name="部门回应", starts_at=now - timedelta(days=10),
                             ends_at=now + timedelta(days=10), allows_responses=True)
        topic = SubTopic.objects.create(consultation=consultation, title="防返贫监测")
        posts = Post.objects.bulk_create([
            Post(consultation=consultation, subtopic=topic, author=members[i % 100], title=f"压测发言{i}",
                 body="建议加强防返贫动态监测。", body_html="<p>建议加强防返贫动态监测。</p>")
            for i in range(speeches)])
        showcase, answered = posts[0], posts[1:speeches // 2]
        aspects = Aspect.objects.bulk_create(
            [Aspect(post=showcase, order=i, title=f"诉求{i}") for i in range(50)]
            + [Aspect(post=post, is_whole=True) for post in answered])
        claims = Claim.objects.bulk_create([
            Claim(aspect=aspect, department=departments[i % 20], claimed_by=officials[i % 20],
                  claimed_at=now - timedelta(hours=40 + i % 50),
                  due_on=timezone.localdate() + timedelta(days=i % 9 - 3),
                  state="replied" if i % 4 else "claimed",
                  first_replied_at=(now - timedelta(hours=i % 30)) if i % 4 else None)
            for i, aspect in enumerate(aspects)])
        replies = Reply.objects.bulk_create([
            Reply(claim=claim, author=claim.claimed_by, body="已纳入年度工作计划。",
                  body_html="<p>已纳入年度工作计划。</p>",
                  disposition=["resolved", "under_study", "needs_support", "explained"][i % 4])
            for i, claim in enumerate(claims) if claim.state == "replied"])
        Rating.objects.bulk_create([Rating(reply=reply, rater=reply.claim.aspect.post.author,
                                           score=["satisfied", "basically", "unsatisfied"][i % 3])
                                    for i, reply in enumerate(replies) if i % 2 == 0])
        Press.objects.bulk_create([Press(claim=claim, leader=leader, note="请加快办理") for claim in claims[::10]])
        Post.objects.filter(pk__in=[p.pk for p in answered]).update(response_state="answered")
    showcase = Post.objects.filter(consultation=consultation).order_by("pk").first()
    return {"responses": f"/departments/speeches/{showcase.pk}/responses/",
            "record": f"/departments/{SLUG}-d0/"}


def services_timing() -> dict:
    """Claim and reply through the services on unclaimed speeches; then one reminder sweep."""
    setup_django()
    from departments import reminders, services
    from departments.models import Department
    from meetings.models import Post

    department = Department.objects.get(slug=f"{SLUG}-d1")
    official = department.officials.get()
    posts = list(Post.objects.filter(consultation__slug=SLUG, response_state="awaiting", aspects__isnull=True)
                 .select_related("consultation", "author")[:SERVICE_CALLS])
    started = time.perf_counter()
    claims = [services.claim_aspect(official, post, department) for post in posts]
    claimed = time.perf_counter() - started
    started = time.perf_counter()
    for claim in claims:
        services.publish_reply(official, claim, "已会同有关部门研究，**年内出台**实施方案。", "under_study")
    replied = time.perf_counter() - started
    started = time.perf_counter()
    counts = reminders.send_claim_reminders()
    sweep = time.perf_counter() - started
    return {"calls": len(posts), "claim_ms": 1000 * claimed / max(1, len(posts)),
            "reply_ms": 1000 * replied / max(1, len(posts)), "sweep_s": sweep, **counts}


def run() -> str:
    db_path = ROOT / "bench-departments.sqlite3"
    env = {"DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{db_path}"), "LOG_LEVEL": "WARNING"}
    full_env = {**os.environ, **env}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=full_env, check=True)
    started = time.monotonic()
    paths = json.loads(subprocess.run([sys.executable, __file__, "generate", str(SPEECHES)], cwd=ROOT, env=full_env,
                                      check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
    generated = time.monotonic() - started
    timing = json.loads(subprocess.run([sys.executable, __file__, "services"], cwd=ROOT, env=full_env, check=True,
                                       capture_output=True, text=True).stdout.strip().splitlines()[-1])
    with gunicorn(env) as port:
        rows = [measure(port, "/healthz", requests=400), measure(port, paths["responses"], requests=200),
                measure(port, paths["record"], requests=200), measure(port, "/healthz", requests=400)]
    healthz = (rows[0]["rps"] + rows[-1]["rps"]) / 2
    if "sqlite" in env["DATABASE_URL"]:
        db_path.unlink(missing_ok=True)
    return "\n".join([
        f"{SPEECHES:,} speeches, 20 departments, {SPEECHES // 2 + 49:,} claims (three in four answered, a tenth "
        f"pressed, half the replies rated); data made with bulk_create in {generated:.0f} s.",
        "",
        "| service (each one transaction with audit entry and notification rows) | calls | ms per call |",
        "|---|---:|---:|",
        f"| `claim_aspect` (lock, whole-speech aspect, claim, audit, notify, sync state) | {timing['calls']} | "
        f"{timing['claim_ms']:.1f} |",
        f"| `publish_reply` (Markdown, reply, presses answered, audit, notify, sync) | {timing['calls']} | "
        f"{timing['reply_ms']:.1f} |",
        "",
        f"Reminder sweep over every owing claim: {timing['sweep_s']:.2f} s the first time "
        f"({timing['due_soon']} due soon, {timing['overdue']} overdue; each reminder written once).",
        "",
        "Pages (anonymous) under gunicorn, 2 sync workers, 8 concurrent clients: the responses of a speech "
        "split into 50 answered, pressed and rated aspects; a department's public record (about 50 claims); "
        "/healthz first and last in the same run.",
        "",
        table(rows),
        "",
        f"Share of /healthz req/s (the mean of its two runs, {healthz:.0f}): responses page "
        f"**{rows[1]['rps'] / healthz:.2f}** (issue 12's goal: ≥ 0.30), "
        f"department record {rows[2]['rps'] / healthz:.2f}.",
    ])


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        print(json.dumps(generate(int(sys.argv[2]))))
    elif sys.argv[1] == "services":
        print(json.dumps(services_timing()))
