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
