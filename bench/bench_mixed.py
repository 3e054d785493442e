"""Mixed load: 200 anonymous onlookers read while 20 members speak and comment, for a bounded time.

Loopback only; it stops by itself after MIXED_SECONDS (default 120) or MAX_READS reads. Afterwards every
write is checked: stored (the database has it), counted (each speech's comment count equals its comments)
and shown (the speech page, followed through its "more comments" links, carries it; a new speech has its
page). Runs on the consultation of bench_pages (generated there if missing).
"""

import concurrent.futures
import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

from bench.bench_pages import SLUG
from bench.http_load import PRODUCTION_ENV, ROOT, gunicorn, measure

TITLE = "Mixed load: 200 onlookers reading while 20 members speak and comment"
READERS = 200
WRITERS = 20
SECONDS = float(os.environ.get("MIXED_SECONDS", "120"))
MAX_READS = 200_000
WORKERS = 4


def prepare() -> dict:
    """Sessions for WRITERS members and the speeches they will comment on (few comments each)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import User
    from meetings.models import Consultation

    consultation = Consultation.objects.get(slug=SLUG)
    sessions = []
    for member in User.objects.filter(username__startswith="bench-").exclude(username="bench-leader")[:WRITERS]:
        session = SessionStore()
        session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(member.pk), "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = member.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
    targets = list(consultation.posts.filter(comment_count__lte=4, is_hidden=False).order_by("pk")
                   .values_list("pk", flat=True)[:200])
    return {"sessions": sessions, "targets": targets, "subtopic": consultation.subtopics.first().pk}


def verify(run_id: str, speeches: list, comments: list) -> dict:
    """Stored and counted, from the database."""
    from django.db.models import Count, F

    from meetings.models import Comment, Post

    stored_comments = set(Comment.objects.filter(body__startswith=f"mixed-{run_id}-").values_list("body", flat=True))
    stored_speeches = dict(Post.objects.filter(title__startswith=f"mixed-{run_id}-").values_list("title", "pk"))
    touched = {c["post"] for c in comments}
    miscounted = Post.objects.filter(pk__in=touched).annotate(n=Count("comments")).exclude(comment_count=F("n"))
    return {
        "comments_stored": sum(c["body"] in stored_comments for c in comments),
        "speeches_stored": sum(s["title"] in stored_speeches for s in speeches),
        "miscounted": miscounted.count(),
        "speech_pages": {title: pk for title, pk in stored_speeches.items()},
    }


def _request(port, method, path, *, session=None, body=None, token=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": "127.0.0.1", "Accept-Language": "zh-CN"}
    if session:
        headers["Cookie"] = f"sessionid={session}; csrftoken={token}"
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["X-CSRFToken"] = token
        body = urllib.parse.urlencode(body)
    started = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    content = response.read()
    conn.close()
    return time.perf_counter() - started, response.status, content


def run() -> str:
    database = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if not database:
        return "Skipped: needs DATABASE_URL (PostgreSQL) and REDIS_URL."
    env = {**os.environ, "DATABASE_URL": database, "SECRET_KEY": PRODUCTION_ENV["SECRET_KEY"]}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "-m", "bench.bench_pages", "generate"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    made = subprocess.run([sys.executable, "-m", "bench.bench_mixed", "prepare"], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True)
    info = json.loads(made.stdout.strip().splitlines()[-1])
    run_id = f"{int(time.time())}"
    page = f"/c/{SLUG}/"
    token = "mixedbenchcsrftoken0123456789ABC"  # a CSRF secret the writers bring as cookie and header
    reads, writes, errors, lock = [], {"speeches": [], "comments": []}, [], threading.Lock()
    stop = threading.Event()

    # Each writer comments about once a second, faster than the per-person posting limits let a person
    # (20 comments a minute, 5 speeches in 10 minutes): they are off here, to load the writes.
    with gunicorn({"DATABASE_URL": database, "RATE_LIMIT_COMMENTS": "", "RATE_LIMIT_SPEECHES": ""},
                  workers=WORKERS) as port:
        baseline = measure(port, "/healthz", requests=400, concurrency=8)

        def reader(n):
            rng = random.Random(n)
            while not stop.is_set():
                choice = rng.random()
                if choice < 0.1:
                    path = "/healthz"
                elif choice < 0.5:
                    path = page
                elif choice < 0.6:
                    path = page + "?sort=liked"
                else:
                    path = f"/c/{SLUG}/posts/{rng.choice(info['targets'])}/"
                try:
                    latency, status, _ = _request(port, "GET", path)
                except OSError as error:
                    latency, status = 0.0, repr(error)
                with lock:
                    reads.append((path == "/healthz", latency, status))
                    if status != 200:
                        errors.append(f"GET {path}: {status}")
                    if len(reads) >= MAX_READS:
                        stop.set()

        def writer(n):
            rng = random.Random(1000 + n)
            session = info["sessions"][n]
            count = 0
            while not stop.is_set():
                count += 1
                if count % 10 == 0:
                    title = f"mixed-{run_id}-{n}-{count}"
                    form = {"subtopic": info["subtopic"], "title": title, "body": "混合负载下的发言。"}
                    _latency, status, _ = _request(port, "POST", f"/c/{SLUG}/speak/", session=session, body=form,
                                                   token=token)
                    record = ("speeches", {"title": title, "status": status})
                else:
                    post = rng.choice(info["targets"])
                    body = f"mixed-{run_id}-{n}-{count}"
                    _latency, status, _ = _request(port, "POST", f"/c/{SLUG}/posts/{post}/comments/",
                                                   session=session, body={"body": body}, token=token)
                    record = ("comments", {"body": body, "post": post, "status": status})
                with lock:
                    writes[record[0]].append(record[1])
                    if status != 302:
                        errors.append(f"POST {record[0]}: {status}")
                stop.wait(rng.uniform(0.5, 1.5))

        started = time.monotonic()
        timer = threading.Timer(SECONDS, stop.set)
        timer.start()
        with concurrent.futures.ThreadPoolExecutor(READERS + WRITERS) as pool:
            futures = [pool.submit(reader, n) for n in range(READERS)]
            futures += [pool.submit(writer, n) for n in range(WRITERS)]
            for future in futures:
                future.result()
        timer.cancel()
        elapsed = time.monotonic() - started

        checked = subprocess.run([sys.executable, "-m", "bench.bench_mixed", "verify", run_id],
                                 input=json.dumps(writes), cwd=ROOT, env=env, check=True, capture_output=True,
                                 text=True)
        stored = json.loads(checked.stdout.strip().splitlines()[-1])
        # shown: every speech page that got comments, followed through its "more comments" links
        shown_bodies = set()
        for post in {c["post"] for c in writes["comments"]}:
            path = f"/c/{SLUG}/posts/{post}/"
            for _ in range(100):
                _latency, _status, content = _request(port, "GET", path)
                html = content.decode()
                shown_bodies.update(re.findall(rf"mixed-{run_id}-\d+-\d+", html))
                more = re.search(r'href="([^"]*\?after=\d+)#comment-list"', html)
                if not more:
                    break
                path = more.group(1)
        speeches_shown = sum(
            _request(port, "GET", f"/c/{SLUG}/posts/{pk}/")[1] == 200 for pk in stored["speech_pages"].values())

    page_latencies = sorted(latency for health, latency, status in reads if not health and status == 200)
    health_latencies = sorted(latency for health, latency, status in reads if health and status == 200)

    def p95(values):
        return values[int(len(values) * 0.95) - 1] * 1000 if values else float("nan")

    comments_ok = sum(c["body"] in shown_bodies for c in writes["comments"])
    return (
        f"gunicorn with production settings, {WORKERS} sync workers; {READERS} anonymous onlookers (threads, no "
        f"pause) reading the consultation page (half), the most-liked tab and speech pages, with /healthz mixed in "
        f"(a tenth), while {WRITERS} members each comment about once a second and speak every tenth time, for "
        f"{elapsed:.0f} s, all from this machine (so the clients share its 2 cores with the server). That pace is "
        "above the per-person posting limits (20 comments a minute, 5 speeches in 10 minutes), which are off "
        "for this run.\n\n"
        "| figure | value |\n|---|---|\n"
        f"| reads (pages, /healthz) | {len(page_latencies):,}, {len(health_latencies):,} |\n"
        f"| reads per second | {len(reads) / elapsed:.0f} |\n"
        f"| errors (any status but 200 / 302, or a broken connection) | {len(errors)} |\n"
        f"| comments posted / stored / shown | {len(writes['comments'])} / {stored['comments_stored']} / "
        f"{comments_ok} |\n"
        f"| speeches posted / stored / page shown | {len(writes['speeches'])} / {stored['speeches_stored']} / "
        f"{speeches_shown} |\n"
        f"| speeches whose comment count differs from their comments | {stored['miscounted']} |\n"
        f"| p50 / p95 of page reads under load | {statistics.median(page_latencies) * 1000:.0f} ms / "
        f"{p95(page_latencies):.0f} ms |\n"
        f"| p95 of /healthz under the same load | {p95(health_latencies):.0f} ms |\n"
        f"| p95 of /healthz alone (8 clients), before | {baseline['p99_ms']:.0f} ms (p99) |\n"
        f"| page p95 ÷ /healthz p95 under load | {p95(page_latencies) / p95(health_latencies):.2f} (goal ≤ 4) |\n"
        + (f"\nFirst errors: {'; '.join(errors[:5])}\n" if errors else "")
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consultation.settings")
    import django

    django.setup()
    if sys.argv[1:] == ["prepare"]:
        print(json.dumps(prepare()))
    elif sys.argv[1] == "verify":
        written = json.loads(sys.stdin.read())
        result = verify(sys.argv[2], written["speeches"], written["comments"])
        print(json.dumps(result))
