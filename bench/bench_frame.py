"""The site frame under gunicorn: the home page and /healthz, on the demo data."""

import os
import subprocess
import sys

from bench.http_load import ROOT, gunicorn, measure, table

TITLE = "Site frame: home page and /healthz under gunicorn (production settings)"


def run() -> str:
    db_path = ROOT / "bench-frame.sqlite3"
    env = {"DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{db_path}")}
    full_env = {**os.environ, **env}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=full_env, check=True)
    subprocess.run([sys.executable, "manage.py", "load_demo"], cwd=ROOT, env=full_env, check=True,
                   capture_output=True)
    with gunicorn(env) as port:
        rows = [measure(port, "/healthz"), measure(port, "/")]
    db_path.unlink(missing_ok=True)
    return ("gunicorn, 2 sync workers, 8 concurrent clients from a thread pool on the same machine.\n\n"
            + table(rows))
