"""Minutes of a large consultation in every format: seconds, peak memory and queries per format.

The data (10,000 speeches, 30,000 comments, likes, aspects, claims, replies, ratings, follow-ups,
presses, with edit history) is made with bulk_create in a bench database. Each format is compiled in
a fresh child process; its peak resident memory comes from the kernel (wait4's ru_maxrss), its
queries from a counter on the connection. PDF layout (WeasyPrint) is much slower than the other
writers: it is measured on a tenth of the meeting, and on the whole meeting only within a time cap.

Run: `python bench/run.py bench_minutes` (BENCH_MINUTES_SPEECHES / _COMMENTS / _PDF_CAP to change).
"""

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TITLE = "Minutes: compiling a 10,000-speech, 30,000-comment consultation in every format"
SPEECHES = int(os.environ.get("BENCH_MINUTES_SPEECHES", "10000"))
COMMENTS = int(os.environ.get("BENCH_MINUTES_COMMENTS", "30000"))
PDF_CAP = int(os.environ.get("BENCH_MINUTES_PDF_CAP", "120"))  # seconds allowed for the full-size PDF (0: skip)
FORMATS = ["html", "docx", "xlsx", "csv", "json", "pdf"]

PHRASES = [
    "建议进一步健全防止返贫动态监测和帮扶机制", "把农户家庭收入变化纳入监测预警指标",
    "加强医保、民政、教育等部门数据共享",
    "支持脱贫县发展特色优势产业", "推动食用菌、茶叶、中药材等产业提质增效", "稳定脱贫劳动力外出务工规模",
    "完善易地扶贫搬迁安置区配套设施", "加强驻村工作队培训和管理", "落实控辍保学责任", "做好大病救治和慢病签约服务",
    "农村危房改造要动态清零", "发挥消费帮扶作用", "加大小额信贷支持力度", "强化就业技能培训", "推进乡村治理现代化",
]


def sentence(rng: random.Random, n: int) -> str:
    return "，".join(rng.choice(PHRASES) for _ in range(n)) + "。"


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consultation.settings")
    import django

    django.setup()


def generate(slug: str, speeches: int, comments: int) -> None:
    """Bulk-create one consultation of the given size (idempotent: an existing slug is kept)."""
    setup_django()
    from datetime import timedelta

    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from accounts.models import Role, User
    from departments.models import Aspect, Claim, Department, FollowUp, Press, Rating, Reply
    from meetings.models import Comment, Consultation, Post, PostLike, Stage, Status, SubTopic

    if Consultation.objects.filter(slug=slug).exists():
        return
    rng = random.Random(slug)
    now = timezone.now()
    people = {}
    for role, count in ((Role.MEMBER, 300), (Role.LEADER, 20), (Role.OFFICIAL, 40)):
        people[role] = User.objects.bulk_create([
            User(username=f"{slug}-{role}-{i}", real_name=f"{role}{i}", role=role, password="!")
            for i in range(count)
        ])
    departments = Department.objects.bulk_create([
        Department(name=f"{slug}第{i}厅", short_name=f"{i}厅", slug=f"{slug}-d{i}") for i in range(20)])
    consultation = Consultation.objects.create(
        title="巩固拓展脱贫攻坚成果同乡村振兴有效衔接（压力测试）", slug=slug, theme=sentence(rng, 3),
        organizer="省政协农业和农村委员会", status=Status.PUBLISHED, published_at=now)
    consultation.departments.set(departments)
    consultation.participants.set(people[Role.MEMBER] + people[Role.LEADER])
    Stage.objects.create(consultation=consultation, name="委员发言", starts_at=now - timedelta(days=10),
                         ends_at=now + timedelta(days=10), allows_speeches=True)
    topics = SubTopic.objects.bulk_create([
        SubTopic(consultation=consultation, order=i, title=f"子议题{i + 1}：{PHRASES[i]}") for i in range(10)])
    members, leaders, officials = people[Role.MEMBER], people[Role.LEADER], people[Role.OFFICIAL]

    posts = []
    for i in range(speeches):
        body = "\n\n".join(sentence(rng, rng.randint(3, 6)) for _ in range(rng.randint(2, 4)))
        posts.append(Post(
            consultation=consultation, subtopic=topics[i % 10], author=rng.choice(members),
            title=f"关于{rng.choice(PHRASES)}的建议（{i + 1}）", body=body,
            body_html="".join(f"<p>{p}</p>" for p in body.split("\n\n")), is_hidden=i % 97 == 0,
        ))
    posts = bulk_create_with_history(posts, Post, batch_size=2000)
    posts = list(Post.objects.filter(consultation=consultation).order_by("pk").only("pk"))
    top = []
    for i in range(comments * 2 // 3):
        author = rng.choice(leaders) if i % 25 == 0 else rng.choice(members)
        text = sentence(rng, rng.randint(1, 3))
        top.append(Comment(post=posts[i % len(posts)], author=author, body=text, body_html=f"<p>{text}</p>",
                           author_role=author.role, is_hidden=i % 101 == 0))
    bulk_create_with_history(top, Comment, batch_size=2000)
    top = list(Comment.objects.filter(post__consultation=consultation).order_by("pk").only("pk", "post_id"))
    replies = []
    for i in range(comments - len(top)):
        parent = top[(i * 7) % len(top)]
        text = sentence(rng, 1)
        replies.append(Comment(post_id=parent.post_id, parent_id=parent.pk, depth=1, author=rng.choice(members),
                               body=text, body_html=f"<p>{text}</p>", author_role="member"))
    bulk_create_with_history(replies, Comment, batch_size=2000)
    PostLike.objects.bulk_create([PostLike(post=posts[i % len(posts)], user=members[(i * 13) % len(members)])
                                  for i in range(min(speeches * 2, len(posts) * len(members)))],
                                 ignore_conflicts=True, batch_size=5000)

    aspects = Aspect.objects.bulk_create([
        Aspect(post=post, is_whole=True) for i, post in enumerate(posts) if i % 5 < 3],
        batch_size=5000)
    claims = Claim.objects.bulk_create([
        Claim(aspect=aspect, department=departments[i % 20], role="lead", state="replied", claimed_by=officials[i % 40],
              claimed_at=now, due_on=now.date(), first_replied_at=now + timedelta(hours=30))
        for i, aspect in enumerate(aspects) if i % 6 < 5], batch_size=5000)
    answers = Reply.objects.bulk_create([
        Reply(claim=claim, author=claim.claimed_by, body=sentence(rng, 4), body_html=f"<p>{sentence(rng, 4)}</p>",
              disposition=("resolved", "under_study", "needs_support", "explained")[i % 4])
        for i, claim in enumerate(claims) if i % 5 < 4], batch_size=5000)
    Rating.objects.bulk_create([
        Rating(reply=reply, rater=members[i % len(members)], score=("satisfied", "basically", "unsatisfied")[i % 3])
        for i, reply in enumerate(answers) if i % 2 == 0], batch_size=5000)
    FollowUp.objects.bulk_create([
        FollowUp(claim=claim, author=claim.claimed_by, body="已按计划推进。", body_html="<p>已按计划推进。</p>")
        for i, claim in enumerate(claims) if i % 10 == 0], batch_size=5000)
    Press.objects.bulk_create([
        Press(claim=claim, leader=leaders[i % len(leaders)], note="请加快办理进度。")
        for i, claim in enumerate(claims) if i % 20 == 0], batch_size=5000)


def compile_one(slug: str, fmt: str, out: str) -> None:
    """Child process: compile one format, print seconds, queries and size as JSON."""
    setup_django()
    from django.db import connection

    from meetings.minutes.archive import export_consultation
    from meetings.minutes.document import Minutes
    from meetings.minutes.writers import WRITERS
    from meetings.models import Consultation

    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    consultation = Consultation.objects.get(slug=slug)
    started = time.perf_counter()
    with connection.execute_wrapper(count):
        if fmt == "json":
            export_consultation(consultation, Path(out))
        else:
            WRITERS[fmt](Minutes(consultation, internal=True), Path(out))
    print(json.dumps({"seconds": time.perf_counter() - started, "queries": queries[0],
                      "size": Path(out).stat().st_size}))


def measure(env: dict, slug: str, fmt: str, folder: Path, cap: int | None = None) -> dict:
    out = folder / f"{slug}.{fmt}"
    process = subprocess.Popen([sys.executable, __file__, "compile", slug, fmt, str(out)], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    started = time.monotonic()
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if cap and time.monotonic() - started > cap:
            process.kill()
            _pid, _status, usage = os.wait4(process.pid, 0)
            return {"timeout": cap, "peak_mib": usage.ru_maxrss / 1024}
        time.sleep(0.2)
    stdout, stderr = process.stdout.read(), process.stderr.read()
    pages = {}
    if fmt == "pdf" and out.exists():
        from pypdf import PdfReader

        pages = {"pages": len(PdfReader(str(out)).pages)}
    out.unlink(missing_ok=True)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{fmt} failed:\n{stderr[-3000:]}")
    return {**json.loads(stdout.strip().splitlines()[-1]), "peak_mib": usage.ru_maxrss / 1024, **pages}


def run() -> str:
    import tempfile

    db_path = ROOT / "bench-minutes.sqlite3"
    env = {**os.environ, "LOG_LEVEL": "WARNING"}
    env.setdefault("DATABASE_URL", f"sqlite:///{db_path}")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    full, small = f"bench-minutes-{SPEECHES}", f"bench-minutes-{SPEECHES // 10}"
    started = time.monotonic()
    subprocess.run([sys.executable, __file__, "generate", full, str(SPEECHES), str(COMMENTS)], cwd=ROOT, env=env,
                   check=True)
    subprocess.run([sys.executable, __file__, "generate", small, str(SPEECHES // 10), str(COMMENTS // 10)],
                   cwd=ROOT, env=env, check=True)
    generated = time.monotonic() - started
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for fmt in FORMATS:
            if fmt == "pdf":
                rows.append((f"pdf ({SPEECHES // 10:,} speeches, {COMMENTS // 10:,} comments)",
                             measure(env, small, fmt, Path(folder))))
                if PDF_CAP:
                    rows.append((f"pdf ({SPEECHES:,} speeches, {COMMENTS:,} comments)",
                                 measure(env, full, fmt, Path(folder), cap=PDF_CAP)))
            else:
                rows.append((fmt, measure(env, full, fmt, Path(folder))))
    if "sqlite" in env["DATABASE_URL"]:
        db_path.unlink(missing_ok=True)
    lines = [
        f"One consultation of {SPEECHES:,} speeches and {COMMENTS:,} comments (a third of them replies), "
        f"{SPEECHES * 3 // 5:,} aspects, about {SPEECHES // 2:,} claims and {SPEECHES * 2 // 5:,} replies with "
        f"ratings, follow-ups and presses; internal edition. Data made with bulk_create in {generated:.0f} s. "
        "Each format compiled in its own process; peak memory is that process's maximum resident set "
        "(Python, Django and the libraries included).",
        "",
        "| format | seconds | peak memory (MiB) | queries | file size (MiB) | pages |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, result in rows:
        if "timeout" in result:
            lines.append(f"| {name} | stopped after {result['timeout']} s | ≥ {result['peak_mib']:.0f} | — | — | — |")
        else:
            lines.append(f"| {name} | {result['seconds']:.1f} | {result['peak_mib']:.0f} | {result['queries']} | "
                         f"{result['size'] / 2**20:.1f} | {result.get('pages', '')} |")
    small_pdf = next((r for n, r in rows if n.startswith("pdf (") and "seconds" in r and "pages" in r), None)
    if small_pdf:
        lines += ["", f"PDF layout runs at about {small_pdf['pages'] / small_pdf['seconds']:.0f} pages a second here; "
                  f"the whole meeting is about {small_pdf['pages'] * 10:,} pages, so roughly "
                  f"{small_pdf['seconds'] * 10 / 60:.0f} minutes and several GiB of memory in one worker: for a "
                  "meeting this size the DOCX (or the HTML page, printed from a browser) is the practical route, "
                  "and the minutes page refuses a PDF above MINUTES_PDF_MAX_SPEECHES (3,000 by default)."]
    lines += [
        "",
        "Queries grow with the number of 200-speech chunks (each chunk: speeches, comments, aspects, claims, "
        "replies, follow-ups, presses), never per row. DOCX and PDF hold their whole document in memory by "
        "the nature of python-docx and WeasyPrint layout; HTML, XLSX (openpyxl write-only), CSV and JSON stream "
        "to disk.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "generate":
        generate(args[0], int(args[1]), int(args[2]))
    elif command == "compile":
        compile_one(*args)
