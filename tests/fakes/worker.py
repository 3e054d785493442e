"""Start and stop a real Celery worker process on the same database and Redis as the caller."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
# `python -m celery`, not the bin/celery script: a copied virtualenv keeps its old shebang
CELERY = [sys.executable, "-m", "celery"]


def database_url(settings_dict: dict) -> str:
    user = quote(settings_dict.get("USER") or "")
    password = f":{quote(settings_dict['PASSWORD'])}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{settings_dict['NAME']}"


def provider_env(channel: str, name: str, config: dict) -> dict:
    """Environment variables that point the worker's `channel` at a fake provider's `config`."""
    prefix = {"aliyun": "ALIYUN_SMS_", "tencent": "TENCENT_SMS_", "wecom": "WECOM_", "wechat_mp": "WECHAT_MP_"}[name]
    env = {f"NOTIFY_{channel.upper()}_TRANSPORT": name}
    for key, value in config.items():
        if key == "templates":
            env |= template_env(name, prefix, value)
        else:
            env[prefix + key.upper()] = ",".join(value) if isinstance(value, list) else str(value)
    return env


def template_env(name: str, prefix: str, templates: dict) -> dict:
    """The settings' template environment variables (…_TEMPLATE_ID / …_INVITATION_TEMPLATE_PARAMS …)."""
    id_name = "TEMPLATE_CODE" if name == "aliyun" else "TEMPLATE_ID"
    items_name, items_key = ("TEMPLATE_KEYS", "keys") if name == "wechat_mp" else ("TEMPLATE_PARAMS", "variables")
    env = {}
    for purpose, template in templates.items():
        lead = prefix if purpose == "default" else f"{prefix}{purpose.upper()}_"
        env[lead + id_name] = template["id"]
        env[lead + items_name] = ",".join(template[items_key])
    return env


def start_worker(database: str, redis_url: str, extra_env: dict, *, concurrency: int = 1, pool: str = "threads",
                 log_path: str | None = None) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database, "REDIS_URL": redis_url,
           "DJANGO_SETTINGS_MODULE": "consultation.settings", "LOG_LEVEL": "WARNING", **extra_env}
    log = open(log_path or os.devnull, "ab")  # noqa: SIM115 - handed to the child
    return subprocess.Popen(
        [*CELERY, "-A", "consultation", "worker", f"--pool={pool}", f"--concurrency={concurrency}",
         "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )


def kill(process: subprocess.Popen) -> None:
    """SIGKILL: the worker dies at once, mid-send, with no chance to tidy up."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def stop(process: subprocess.Popen, timeout: float = 60) -> None:
    """SIGTERM to the main process only: Celery's warm shutdown, finishing the tasks it has started
    (its pool children must not get the signal themselves, or they die mid-send)."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill(process)


def wait_for(predicate, timeout: float = 60, every: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return predicate()
