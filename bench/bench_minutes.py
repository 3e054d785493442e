"""Minutes of a large consultation in every format but PDF: seconds, peak memory and queries per format.

The data (10,000 speeches, 30,000 comments, likes, aspects, claims, replies, ratings, follow-ups,
presses, with edit history) is made with bulk_create in a bench database (`ensure_dataset`, which
bench_minutes_pdf reuses). Each format is compiled in a fresh child process; its peak resident memory
comes from the kernel (wait4's ru_maxrss), its queries from a counter on the connection. The PDF is
measured by bench_minutes_pdf.

Run: `python bench/run.py bench_minutes` (BENCH_MINUTES_SPEECHES / _COMMENTS to change).
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
FORMATS = ["html", "docx", "xlsx", "csv", "json"]
GOALS = {"html": (30, None), "docx": (60, 400)}  # issue 12: seconds, peak MB at 10,000 speeches
DB_PATH = ROOT / "bench-minutes.sqlite3"
BEFORE = """Before issue 12's work (commit dd86877, the same data on PostgreSQL, load 9–12 on this 2-core
machine): html 68.6 s / 371 MiB, docx 219.7 s / 742 MiB, xlsx 11.3 s / 282 MiB, csv 5.5 s / 281 MiB,
json 10.3 s / 280 MiB. What cProfile showed, and what changed:

- **Reading the meeting** (every writer): on 10,000 speeches `prefetch_related_objects` took 22.0 s of
  62.0 (cProfile of write_html), of which `_apply_rel_filters` 7.4 s (52,005 querysets cloned, one per
  prefetched instance), `Model.__init__` 5.5 s (149,882 instances), `_get_FIELD_display` + `gettext`
  5.2 s. Each chunk of 200 speeches is now read as plain rows, one query per kind of row, with the
  author's name in the same query; a Person per user and a label per choice made once. The aspects
  table (9.2 s for 6,000 rows) likewise, 500 aspects a round trip.
- **Hot words**: `HotWords.feed` 5.4 s of 17.9 on 1,000 speeches (jieba's cut in Python, its prefix
  dictionary 1.6 s) and 2.7 s to import `jieba.analyse`; now rjieba (the same dictionary in Rust) and
  jieba's IDF table read directly.
- **HTML**: Django templates 4.6 s of 17.9 on 1,000 speeches (1,623 renders, 98,502 variable lookups)
  for the repeated speech and aspects-row blocks; now format strings with the same escaping.
- **Word**: python-docx's element building 8.8 s of 32.9 on 1,000 speeches (`_add_child` 151,511 calls,
  `first_child_found_in` 4.5 s, `qn` 1.9 s), and the whole lxml tree in memory (742 MiB at 10,000).
  The body is now WordprocessingML text in the markup python-docx produced, streamed to a temporary
  file and spliced into word/document.xml; python-docx keeps the package, styles and the cover.
- **Dates**: `when()` 3.9 s for 56,750 dates (`date_format` parsing the format each time); the format is
  parsed once. `strip_tags` 2.9 s for 48,500 texts; sanitized HTML is stripped by one regular expression.
"""

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


def ensure_dataset(speeches: int = 10_000, comments: int = 30_000) -> str:
    """The slug of a bench consultation of this size in the database DATABASE_URL names (by default
    bench-minutes.sqlite3 here), migrated and made on first use, reused after. Sets up Django in the
    calling process."""
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{DB_PATH}")
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    slug = f"bench-minutes-{speeches}-{comments}"
    generate(slug, speeches, comments)
    return slug


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
    batch = 5000
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
    posts = bulk_create_with_history(posts, Post, batch_size=batch)
    posts = list(Post.objects.filter(consultation=consultation).order_by("pk").only("pk"))
    top = []
    for i in range(comments * 2 // 3):
        author = rng.choice(leaders) if i % 25 == 0 else rng.choice(members)
        text = sentence(rng, rng.randint(1, 3))
        top.append(Comment(post=posts[i % len(posts)], author=author, body=text, body_html=f"<p>{text}</p>",
                           author_role=author.role, is_hidden=i % 101 == 0))
    bulk_create_with_history(top, Comment, batch_size=batch)
    top = list(Comment.objects.filter(post__consultation=consultation).order_by("pk").only("pk", "post_id"))
    replies = []
    for i in range(comments - len(top)):
        parent = top[(i * 7) % len(top)]
        text = sentence(rng, 1)
        replies.append(Comment(post_id=parent.post_id, parent_id=parent.pk, depth=1, author=rng.choice(members),
                               body=text, body_html=f"<p>{text}</p>", author_role="member"))
    bulk_create_with_history(replies, Comment, batch_size=batch)
    PostLike.objects.bulk_create([PostLike(post=posts[i % len(posts)], user=members[(i * 13) % len(members)])
                                  for i in range(min(speeches * 2, len(posts) * len(members)))],
                                 ignore_conflicts=True, batch_size=batch)

    aspects = Aspect.objects.bulk_create([
        Aspect(post=post, is_whole=True) for i, post in enumerate(posts) if i % 5 < 3],
        batch_size=batch)
    claims = Claim.objects.bulk_create([
        Claim(aspect=aspect, department=departments[i % 20], role="lead", state="replied", claimed_by=officials[i % 40],
              claimed_at=now, due_on=now.date(), first_replied_at=now + timedelta(hours=30))
        for i, aspect in enumerate(aspects) if i % 6 < 5], batch_size=batch)
    answers = Reply.objects.bulk_create([
        Reply(claim=claim, author=claim.claimed_by, body=sentence(rng, 4), body_html=f"<p>{sentence(rng, 4)}</p>",
              disposition=("resolved", "under_study", "needs_support", "explained")[i % 4])
        for i, claim in enumerate(claims) if i % 5 < 4], batch_size=batch)
    Rating.objects.bulk_create([
        Rating(reply=reply, rater=members[i % len(members)], score=("satisfied", "basically", "unsatisfied")[i % 3])
        for i, reply in enumerate(answers) if i % 2 == 0], batch_size=batch)
    FollowUp.objects.bulk_create([
        FollowUp(claim=claim, author=claim.claimed_by, body="已按计划推进。", body_html="<p>已按计划推进。</p>")
        for i, claim in enumerate(claims) if i % 10 == 0], batch_size=batch)
    Press.objects.bulk_create([
        Press(claim=claim, leader=leaders[i % len(leaders)], note="请加快办理进度。")
        for i, claim in enumerate(claims) if i % 20 == 0], batch_size=batch)


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


def measure(env: dict, slug: str, fmt: str, folder: Path) -> dict:
    out = folder / f"{slug}.{fmt}"
    load = os.getloadavg()[0]
    with open(folder / "stdout", "w+") as stdout, open(folder / "stderr", "w+") as stderr:
        process = subprocess.Popen([sys.executable, __file__, "compile", slug, fmt, str(out)], cwd=ROOT, env=env,
                                   stdout=stdout, stderr=stderr)
        _pid, status, usage = os.wait4(process.pid, 0)  # the child's own peak memory
        stdout.seek(0)
        stderr.seek(0)
        printed, errors = stdout.read(), stderr.read()
    out.unlink(missing_ok=True)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{fmt} failed:\n{errors[-3000:]}")
    return {**json.loads(printed.strip().splitlines()[-1]), "peak_mib": usage.ru_maxrss / 1024,
            "load": (load + os.getloadavg()[0]) / 2}


def goal(fmt: str, result: dict) -> str:
    if fmt not in GOALS:
        return ""
    seconds, megabytes = GOALS[fmt]
    verdicts = [f"≤ {seconds} s: {'met' if result['seconds'] <= seconds else 'missed'}"]
    if megabytes:
        peak_mb = result["peak_mib"] * 2**20 / 10**6
        verdicts.append(f"≤ {megabytes} MB: {'met' if peak_mb <= megabytes else 'missed'}")
    return "; ".join(verdicts)


def run() -> str:
    import tempfile

    env = {**os.environ, "LOG_LEVEL": "WARNING"}
    env.setdefault("DATABASE_URL", f"sqlite:///{DB_PATH}")
    started = time.monotonic()
    slug = subprocess.run([sys.executable, __file__, "generate", str(SPEECHES), str(COMMENTS)], cwd=ROOT, env=env,
                          check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    generated = time.monotonic() - started
    with tempfile.TemporaryDirectory() as folder:
        rows = [(fmt, measure(env, slug, fmt, Path(folder))) for fmt in FORMATS]
    if "sqlite" in env["DATABASE_URL"]:
        DB_PATH.unlink(missing_ok=True)
    lines = [
        f"One consultation of {SPEECHES:,} speeches and {COMMENTS:,} comments (a third of them replies), "
        f"{SPEECHES * 3 // 5:,} aspects, about {SPEECHES // 2:,} claims and {SPEECHES * 2 // 5:,} replies with "
        f"ratings, follow-ups and presses; internal edition. Data made (or found) with bulk_create in "
        f"{generated:.0f} s. Each format compiled in its own process; peak memory is that process's maximum "
        "resident set (Python, Django and the libraries included); load is the machine's 1-minute load average "
        "around the run (2 cores, shared with other work: above 2, the figures are pessimistic).",
        "",
        "| format | seconds | peak memory (MiB) | queries | file size (MiB) | load | issue 12 goal |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, result in rows:
        lines.append(f"| {name} | {result['seconds']:.1f} | {result['peak_mib']:.0f} | {result['queries']} | "
                     f"{result['size'] / 2**20:.1f} | {result['load']:.1f} | {goal(name, result)} |")
    lines += [
        "",
        "Queries grow with the number of 200-speech chunks (each chunk: speeches, comments, aspects, claims, "
        "replies, follow-ups, presses, files, as plain rows), never per row. Every writer streams: one chunk "
        "of speeches is in memory at a time; the Word body is written as WordprocessingML text to a temporary "
        "file and spliced into the package, the HTML page is written block by block.",
        "",
        BEFORE,
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "generate":
        print(ensure_dataset(int(args[0]), int(args[1])))
    elif command == "compile":
        compile_one(*args)
