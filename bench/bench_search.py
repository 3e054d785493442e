"""Search over 100,000 speeches and 300,000 comments on PostgreSQL: the query alone, the search page
under gunicorn beside /healthz in the same run, and what indexing adds to writing a speech.

Needs PostgreSQL (BENCH_DATABASE_URL, else DATABASE_URL); elsewhere it says so and measures nothing.
The generated consultation (slug "bench-search") is kept and reused. Speeches and comments are
bulk-inserted; their index documents are made by the production code (`search_index.post_document`,
`comment_document`) and loaded with COPY, PostgreSQL computing each tsvector as the row goes in.
"""

import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from urllib.parse import quote

from bench.bench_pages import measure_signed_in
from bench.http_load import PRODUCTION_ENV, ROOT, gunicorn, measure

TITLE = "Search: 100,000 speeches and 300,000 comments on PostgreSQL"
SLUG = "bench-search"
SPEECHES = 100_000
COMMENTS = 300_000
MEMBERS = 1_000
QUERIES = ["扶贫", "扶贫资金", "乡村医生 待遇", "数字经济", "王建国", "建议"]
SENTENCES = [
    "坚持产业扶贫，因地制宜发展特色种养业。", "加强扶贫资金使用管理，确保专款专用。",
    "完善防止返贫动态监测和帮扶机制。", "提高乡村医生待遇，稳定基层卫生队伍。",
    "推进县域医共体建设，方便群众就近看病。", "发展普惠托育服务，减轻家庭养育负担。",
    "完善居家社区养老服务网络。", "扩大职业技能培训，促进农民工稳岗就业。",
    "推动数字经济和实体经济深度融合。", "加大农村公路养护投入，提升通行条件。",
    "强化耕地保护，严守粮食安全底线。", "推进义务教育优质均衡发展。",
    "加强生态环境保护，持续改善空气质量。", "优化营商环境，支持民营企业发展。",
    "完善住房保障体系，解决新市民住房困难。", "推进城乡供水一体化。",
    "加强消费者权益保护。", "支持科技型中小企业创新。",
    "推动文化和旅游融合发展。", "健全社会救助体系，兜牢民生底线。",
    "调研发现，部分地区存在部门数据不通、发现偏晚等问题。", "建议建立跨部门协同机制。",
]
COMMENT_PHRASES = ["赞同这个建议。", "补充一点：要重视落实。", "扶贫车间的经验值得推广。", "希望有关部门尽快回应。",
                   "数据共享确实是难点。", "建议加强监督检查。", "乡村医生的问题很突出。", "支持！"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["建国", "海燕", "志强", "秀英", "国华", "丽娟", "明辉", "春梅", "卫东", "晓明",
         "玉兰", "建华", "红霞", "文博", "子涵", "立新", "桂芳", "永刚", "静怡", "浩然",
         "振华", "淑珍", "宏伟", "雪梅", "德胜", "美玲", "家豪", "晨曦", "正阳", "思远",
         "婉婷", "天佑", "嘉欣", "俊杰", "慧敏", "鹏飞", "欣怡", "凯文", "若曦", "长青",
         "秋菊", "晓峰", "雅琴", "国庆", "冬梅", "少华", "兰芳", "志伟", "晓燕", "亚军"]


def percentile(values: list[float], share: float) -> float:
    values = sorted(values)
    return values[max(0, int(len(values) * share) - 1)]


def generate() -> dict:
    """Build the consultation and its index (idempotent: an existing complete one is reused)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import Role, User
    from meetings.models import Comment, Consultation, Post, SearchDocument, Stage, Status, SubTopic
    from meetings.search_index import comment_document, post_document

    consultation = Consultation.objects.filter(slug=SLUG).first()
    built = consultation is None or SearchDocument.objects.filter(consultation=consultation).count() < (
        SPEECHES + COMMENTS)
    started = time.perf_counter()
    indexing_s = 0.0
    if built:
        rng = random.Random(2026)
        now = timezone.now()
        with transaction.atomic():
            if consultation is not None:  # a partial earlier run: plain DELETEs, not the ORM's cascade in memory
                with connection.cursor() as cursor:
                    cursor.execute("DELETE FROM meetings_searchdocument WHERE consultation_id = %s", [consultation.pk])
                    cursor.execute("DELETE FROM meetings_comment WHERE post_id IN "
                                   "(SELECT id FROM meetings_post WHERE consultation_id = %s)", [consultation.pk])
                    cursor.execute("DELETE FROM meetings_post WHERE consultation_id = %s", [consultation.pk])
                consultation.delete()
            User.objects.filter(username__startswith="bsearch-").delete()
            consultation = Consultation.objects.create(
                slug=SLUG, title="基准测试：检索", theme="十万条发言、三十万条评论。", organizer="省政协",
                status=Status.PUBLISHED, published_at=now - timedelta(days=30))
            Stage.objects.create(consultation=consultation, name="委员发言", starts_at=now - timedelta(days=30),
                                 ends_at=now + timedelta(days=30), allows_speeches=True, allows_comments=True)
            topics = SubTopic.objects.bulk_create([
                SubTopic(consultation=consultation, order=i, title=f"子议题{i + 1}") for i in range(5)])
            names = [f"{surname}{given}" for given in GIVEN for surname in SURNAMES][:MEMBERS]
            members = User.objects.bulk_create([
                User(username=f"bsearch-{i}", real_name=name, role=Role.MEMBER) for i, name in enumerate(names)])
            posts = []
            for i in range(SPEECHES):
                body = "".join(rng.sample(SENTENCES, rng.randint(3, 7)))
                posts.append(Post(consultation=consultation, subtopic=topics[i % 5], author=members[i % MEMBERS],
                                  title=rng.choice(SENTENCES)[:-1][:30], body=body, body_html=f"<p>{body}</p>",
                                  created_at=now - timedelta(minutes=SPEECHES - i)))
            posts = Post.objects.bulk_create(posts, batch_size=5000)
            comments = Comment.objects.bulk_create([
                Comment(post=posts[rng.randrange(SPEECHES)], author=members[n % MEMBERS], author_role="member",
                        body=(text := rng.choice(COMMENT_PHRASES) + rng.choice(SENTENCES)), body_html=f"<p>{text}</p>")
                for n in range(COMMENTS)], batch_size=5000)
            index_started = time.perf_counter()
            documents = [post_document(post) for post in posts]  # the consultation's own: indexed on save
            by_pk = {post.pk: post for post in posts}
            documents += [comment_document(comment, by_pk[comment.post_id]) for comment in comments]
            columns = ["kind", "object_id", "consultation_id", "post_id", "subtopic_id", "author_id", "author_role",
                       "author_name", "department_id", "disposition", "is_hidden", "post_hidden", "is_approved",
                       "created_at", "title", "body", "words"]
            with connection.cursor() as cursor:
                with cursor.cursor.copy(f"COPY meetings_searchdocument ({', '.join(columns)}) FROM STDIN") as copy:
                    for document in documents:
                        copy.write_row([getattr(document, column) for column in columns])
            indexing_s = time.perf_counter() - index_started
        with connection.cursor() as cursor:  # as autovacuum would: the GIN pending list merged, statistics taken
            cursor.execute("VACUUM ANALYZE meetings_searchdocument")
            cursor.execute("ANALYZE")
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    member, session = User.objects.get(username="bsearch-1"), SessionStore()
    session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(member.pk), "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = member.get_session_auth_hash()
    session.create()
    return {"built": built, "seconds": time.perf_counter() - started, "indexing_s": indexing_s,
            "documents": SearchDocument.objects.filter(consultation=consultation).count(),
            "session": session.session_key}


def query_latencies() -> dict:
    """The selector alone (one SQL query and the snippets), anonymous and as a member, per query."""
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from meetings.models import SearchDocument
    from meetings.search.selectors import COMMON, index_statistics, search
    from meetings.search_index import query_terms

    member = User.objects.get(username="bsearch-1")
    rows = {}
    for query in QUERIES:
        terms = query_terms(query)
        matches = SearchDocument.objects.filter(words__matches=terms).count()
        shares = index_statistics().shares
        walked = len(terms) > 1 and min(shares.get(term, 0.0) for term in terms) >= COMMON
        plan = "date walk (every word common)" if walked else "planner's choice"
        timings = []
        for round_ in range(40):
            user = AnonymousUser() if round_ % 2 else member
            started = time.perf_counter()
            search(user, query)
            timings.append((time.perf_counter() - started) * 1000)
        rows[query] = {"matches": matches, "p50": statistics.median(timings), "p95": percentile(timings, 0.95),
                       "plan": plan}
    return rows


def index_cost() -> dict:
    """Writing a speech through the service, with and without its index document (rolled back)."""
    from django.db import transaction
    from django.db.models.signals import post_save
    from django.test import override_settings

    from accounts.models import User
    from meetings import search_index, services
    from meetings.models import Consultation, Post

    consultation = Consultation.objects.get(slug=SLUG)
    subtopic = consultation.subtopics.first()
    member = User.objects.get(username="bsearch-2")
    body = "".join(SENTENCES[:6])

    @override_settings(POSTING_RATE_LIMITS={})  # one member writing hundreds of speeches a second
    def write(count: int) -> float:
        started = time.perf_counter()
        with transaction.atomic():
            for i in range(count):
                services.create_post(member, consultation, subtopic, f"检索成本{i}", body)
            transaction.set_rollback(True)
        return (time.perf_counter() - started) * 1000 / count

    write(20)  # warm up
    with_index = statistics.median(write(100) for _ in range(3))
    post_save.disconnect(sender=Post, dispatch_uid="search:post")
    try:
        without = statistics.median(write(100) for _ in range(3))
    finally:
        search_index.connect()
    started = time.perf_counter()
    for _ in range(1000):
        search_index.words_of("关于产业扶贫的建议", body)
    segment_ms = (time.perf_counter() - started)
    return {"with": with_index, "without": without, "segment_ms": segment_ms, "chars": len(body)}


def run() -> str:
    database = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    if not database.startswith("postgres"):
        return "Not measured: set DATABASE_URL (or BENCH_DATABASE_URL) to a PostgreSQL database."
    env = {"DATABASE_URL": database}
    full_env = {**os.environ, **env, "SECRET_KEY": PRODUCTION_ENV["SECRET_KEY"]}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=full_env, check=True)
    made = subprocess.run([sys.executable, "-m", "bench.bench_search", "generate"], cwd=ROOT, env=full_env,
                          capture_output=True, text=True, timeout=1200)
    if made.returncode:
        raise RuntimeError(f"generating the data failed:\n{made.stderr[-3000:]}")
    info = json.loads(made.stdout.strip().splitlines()[-1])
    pages = [f"/search/?q={quote(query)}" for query in (*QUERIES[:4], "王建国")] + [
        f"/search/?q={quote('扶贫')}&kind=comment&page=3"]
    load_before = os.getloadavg()
    with gunicorn(env) as port:
        rows = [measure(port, "/healthz", requests=400)]
        rows += [measure(port, path, requests=200, timeout_s=90) for path in pages]  # onlookers share pages
        rows += [measure_signed_in(port, path, info["session"]) for path in pages]  # a member's are their own
        rows.append({**measure(port, "/healthz", requests=400), "path": "/healthz (again, last)"})
    load_after = os.getloadavg()
    health_p95 = (rows[0]["p95_ms"] + rows[-1]["p95_ms"]) / 2
    page_lines = ["| page | requests | req/s | p50 ms | p95 ms | p95 vs /healthz p95 | HTTP status |",
                  "|---|---:|---:|---:|---:|---:|---|"]
    for row in rows:
        page_lines.append(f"| `{row['path']}` | {row['requests']} | {row['rps']:.0f} | {row['p50_ms']:.1f} | "
                          f"{row['p95_ms']:.1f} | {row['p95_ms'] / health_p95:.1f}× | "
                          f"{', '.join(map(str, row['statuses']))} |")
    query_lines = ["| query | matching documents | p50 ms | p95 ms | how the newest 1,000 were found |",
                   "|---|---:|---:|---:|---|"]
    for query, row in info["queries"].items():
        query_lines.append(f"| {query} | {row['matches']:,} | {row['p50']:.1f} | {row['p95']:.1f} | {row['plan']} |")
    cost = info["cost"]
    load = (f"built and indexed in {info['seconds']:.0f} s, of which {info['indexing_s']:.0f} s segmenting and "
            f"COPYing the documents" if info["built"] else "already there, reused")
    loads = " / ".join(f"{a:.1f}, {b:.1f}, {c:.1f}" for a, b, c in (load_before, load_after))
    return (
        f"{info['documents']:,} documents (one consultation, {SPEECHES:,} speeches, {COMMENTS:,} comments; {load}). "
        "Words cut by rjieba in search mode, a generated tsvector column with a GIN index, ranked by ts_rank; "
        "every query also applies the visibility rules (consultation visible to the person, hidden and pending "
        "content excluded). The newest 1,000 matches are ranked (the 50 pages a reader can reach).\n\n"
        "**The query** (`meetings.search.selectors.search`: the newest 1,000 matches, their ranking and the "
        "snippets of 20 results; 40 runs each, alternating anonymous and a signed-in member):\n\n"
        + "\n".join(query_lines) + "\n\n"
        "**The page** under gunicorn with production settings (DEBUG=0), 2 sync workers, 8 concurrent clients "
        "on the same machine, first as onlookers without a session (who share the page of a query while the index "
        "is unchanged: the first request of each query makes it), then as a signed-in member (every page "
        "made for them); /healthz first and last in the same run, the ratio taken to the mean of their "
        f"p95 ({health_p95:.1f} ms); load average (1, 5, 15 min) before / after the pages: {loads}:\n\n"
        + "\n".join(page_lines) + "\n\n"
        f"**Index cost per speech written** (`services.create_post`, 100 speeches of {cost['chars']} characters in "
        f"one rolled-back transaction, median of 3, posting limits off): {cost['with']:.2f} ms with its index "
        f"document, {cost['without']:.2f} ms without, so indexing adds {cost['with'] - cost['without']:.2f} ms "
        f"(segmenting alone: {cost['segment_ms']:.3f} ms).\n\n"
        "Reading the figures. PostgreSQL finds the newest matches either by walking the `created_at` index and "
        "testing each document (cheap when matches are common) or by reading every match through the GIN index "
        "(cheap when they are rare), and guesses which from its statistics. For several words it multiplies "
        "their frequencies as if they were independent; the words of a phrase come together (乡村医生 待遇: "
        "1,420 matches expected, 40,032 found), so it read all 40,000 matches from the wide table: 25,486 heap "
        "blocks, 165-315 ms in EXPLAIN (ANALYZE, BUFFERS). Now, when every word of a query is common by "
        "ANALYZE's own word frequencies (`pg_stats`, in 1 document of 25 or more), the newest ~50,000 "
        "documents (cut from the `created_at` histogram) are walked in date order with the GIN scan switched "
        "off for that one statement, each match ranked as it is found: 1,000 matches there are exactly the "
        "newest ones (22,000 rows walked for 乡村医生 待遇, whose comments hold it 1 time in 22), and only the "
        "page's 21 documents are fetched after; fewer, and the planner's own way follows. Single words and "
        "rare words keep the planner's choice, which its statistics get right. Plain words go to PostgreSQL "
        "as a tsquery constant: a filter calls plainto_tsquery again for every row it tests (that walk: 20 ms "
        "with the call, 12 ms with the constant). "
        "The page adds to the query the frame, the filters (consultations with their sub-topics in one query, "
        "the departments in another, written as plain `<select>`s in Python: 1 ms where the widget templates "
        "and three server-side cursors took 8) and 20 highlighted results. Every figure here is taken on 2 "
        "cores shared with other benchmarks and test runs (the load average above): the ratio to /healthz in "
        "the same run is what to read."
    )


if __name__ == "__main__":
    if sys.argv[1:] == ["generate"]:
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consultation.settings")
        import django

        django.setup()
        result = generate()
        result["queries"] = query_latencies()
        result["cost"] = index_cost()
        print(json.dumps(result))
