"""Serve the app under gunicorn with production settings and measure pages from a second process.

Traffic goes to 127.0.0.1 only; every loop is bounded in count and time.
"""

import concurrent.futures
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-" + "s3cr3t-k3y-for-benchmarks-only" * 2,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SITE_URL": "http://127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "LOG_LEVEL": "WARNING",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(env_extra: dict, workers: int = 2):
    """Run gunicorn on a free loopback port; yields the port."""
    port = free_port()
    env = {**os.environ, **PRODUCTION_ENV, **env_extra}
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "consultation.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers),
         "--access-logfile", "/dev/null", "--error-logfile", "-", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)


def measure(port: int, path: str, requests: int = 400, concurrency: int = 8, timeout_s: float = 120) -> dict:
    """Requests per second and latency percentiles for GET path, `requests` in all."""

    def one(_):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        started = time.perf_counter()
        conn.request("GET", path, headers={"Host": "127.0.0.1", "Accept-Language": "zh-CN"})
        response = conn.getresponse()
        response.read()
        conn.close()
        return time.perf_counter() - started, response.status

    for _ in range(min(20, requests)):  # warm up caches and connections
        one(None)
    deadline = time.monotonic() + timeout_s
    latencies, statuses = [], set()
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        for latency, status in pool.map(one, range(requests)):
            latencies.append(latency)
            statuses.add(status)
            if time.monotonic() > deadline:
                break
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "path": path,
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[max(0, int(len(latencies) * 0.95) - 1)] * 1000,
        "p99_ms": latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000,
        "statuses": sorted(statuses),
    }


def table(rows: list[dict]) -> str:
    lines = ["| page | requests | req/s | p50 ms | p99 ms | HTTP status |", "|---|---:|---:|---:|---:|---|"]
    for r in rows:
        lines.append(f"| `{r['path']}` | {r['requests']} | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
                     f"{', '.join(map(str, r['statuses']))} |")
    return "\n".join(lines)


def cpu_per_request(path: str, person) -> dict:
    """GET path in this process (Django set up; its test client, as `person` or anonymous): queries of one
    request and the median CPU time of 200 (time.process_time: this process only, so other work on the machine
    weighs less than on wall-clock figures)."""
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="zh-CN")
    if person is not None:
        client.force_login(person)
    for _ in range(5):  # the caches warm, the onlooker counted
        assert client.get(path).status_code == 200
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        client.get(path)
    times = []
    for _ in range(200):
        started = time.process_time()
        client.get(path)
        times.append(time.process_time() - started)
    return {"queries": len(queries), "cpu_ms": statistics.median(times) * 1000}


def prepared_data(module: str, database: str) -> tuple[dict, dict, float]:
    """Migrate `database`, collect the static files, and run `python -m <module> generate` there (made once,
    reused after); returns gunicorn's extra environment, the generator's JSON and its seconds."""
    env = {"DATABASE_URL": database}
    full_env = {**os.environ, **PRODUCTION_ENV, **env}  # gunicorn's settings: the session must verify
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=full_env, check=True)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=full_env,
                   check=True)
    started = time.perf_counter()
    made = subprocess.run([sys.executable, "-m", module, "generate"], cwd=ROOT, env=full_env,
                          check=True, capture_output=True, text=True)
    return env, json.loads(made.stdout.strip().splitlines()[-1]), time.perf_counter() - started
