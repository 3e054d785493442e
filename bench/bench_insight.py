"""The staff's pictures of a meeting at meeting scale: the charts page of the 5,000-speech, 20,000-comment
consultation of bench_pages, and the follow-up tracker, signed in as staff, beside /healthz in the same
run (gunicorn, production settings). The goal is a charts page in under 4× /healthz's latency once the
charts are drawn for the current content version; the first, cold request is timed on its own.
"""

import http.client
import json
import os
import subprocess
import sys
import time

from bench.bench_pages import SLUG, measure_signed_in
from bench.http_load import PRODUCTION_ENV, ROOT, gunicorn, measure, table

TITLE = "Pictures of the meeting: the staff's charts page and the follow-up tracker at 5,000 speeches"


def staff_session() -> dict:
    """The bench_pages consultation (built if missing) and a signed-in committee staff session."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import Role, User
    from bench.bench_pages import generate

    info = generate()
    staff, _made = User.objects.get_or_create(username="bench-staff", defaults={"role": Role.STAFF,
                                                                              "real_name": "基准工作人员"})
    session = SessionStore()
    session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(staff.pk), "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = staff.get_session_auth_hash()
    session.create()
    return {"speeches": info["speeches"], "comments": info["comments"], "session": session.session_key}


def cold_request(port: int, path: str, session: str) -> float:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Host": "127.0.0.1", "Cookie": f"sessionid={session}"})
    response = connection.getresponse()
    response.read()
    assert response.status == 200, response.status
    return time.perf_counter() - started


def run() -> str:
    db_path = ROOT / "bench-pages.sqlite3"
    database = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or f"sqlite:///{db_path}"
    env = {"DATABASE_URL": database}
    full_env = {**os.environ, **env, "SECRET_KEY": PRODUCTION_ENV["SECRET_KEY"]}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=full_env, check=True)
    made = subprocess.run([sys.executable, "-m", "bench.bench_insight", "session"], cwd=ROOT, env=full_env,
                          check=True, capture_output=True, text=True)
    info = json.loads(made.stdout.strip().splitlines()[-1])
    charts = f"/c/{SLUG}/insight/"
    with gunicorn(env) as port:
        cold_s = cold_request(port, charts, info["session"])
        rows = [
            measure(port, "/healthz", requests=200),
            measure_signed_in(port, charts, info["session"], requests=100),
            measure_signed_in(port, "/departments/tracker/", info["session"], requests=100),
        ]
    db_path.unlink(missing_ok=True)
    base = rows[0]
    ratios = "\n".join(
        f"| {name} | {row['rps']:.0f} | {row['p50_ms']:.0f} | {row['p50_ms'] / base['p50_ms']:.1f}× |"
        for name, row in zip(["/healthz", "charts page (staff)", "follow-up tracker (staff)"], rows, strict=True)
    )
    return (
        f"{info['speeches']:,} speeches, {info['comments']:,} comments; "
        f"{'PostgreSQL' if database.startswith('postgres') else 'SQLite'}; gunicorn, 2 workers, 8 clients. "
        f"The first request after a change draws the seven charts: **{cold_s:.1f} s**; later requests read them "
        "from the cache under the content version (hot words: at most every 15 minutes).\n\n"
        + table(rows)
        + "\n\n| page | req/s | p50 ms | p50 vs /healthz |\n|---|---:|---:|---:|\n" + ratios
    )


if __name__ == "__main__":
    if sys.argv[1:] == ["session"]:
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consultation.settings")
        import django

        django.setup()
        print(json.dumps(staff_session()))
