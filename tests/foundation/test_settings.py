"""The app runs from the environment: production values pass `check --deploy`, missing ones fail loudly."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-" + "x7Qp9vLm2sRt8wYz4bNc6dFg1hJk5" * 2,
    "ALLOWED_HOSTS": "xieshang.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://xieshang.example.org",
    "SITE_URL": "https://xieshang.example.org",
}


def manage(*args, env_extra=None, drop=()):
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_is_clean_with_production_values():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env_extra=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_secret_key_names_the_variable_without_a_traceback():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", env_extra=env, drop=("SECRET_KEY",))
    assert result.returncode == 2
    assert "SECRET_KEY must be set" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_without_allowed_hosts_names_the_variable():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "ALLOWED_HOSTS"}
    result = manage("check", env_extra=env, drop=("ALLOWED_HOSTS",))
    assert result.returncode == 2
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_a_nonsense_boolean_is_refused_by_name():
    result = manage("check", env_extra={"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_production_without_site_url_names_the_variable():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SITE_URL"}
    result = manage("check", env_extra=env, drop=("SITE_URL",))
    assert result.returncode == 2
    assert "SITE_URL must be set" in result.stderr and "Traceback" not in result.stderr


def test_make_run_gives_messages_the_address_it_serves():
    result = subprocess.run(["make", "-n", "run", "PORT=8123"], cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    serve = [line for line in result.stdout.splitlines() if "runserver" in line]
    assert serve and "SITE_URL=${SITE_URL:-http://127.0.0.1:8123}" in serve[0]  # an explicit SITE_URL wins
