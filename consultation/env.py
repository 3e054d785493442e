"""Reading settings from the environment, with loud, named errors for what production needs."""

import os

from django.core.exceptions import ImproperlyConfigured


class MissingSetting(ImproperlyConfigured):
    """A variable that production requires is not set; the message names it."""


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no; got {raw!r}.")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_required(name: str, *, when: bool, default: str) -> str:
    """The variable's value; when `when` holds (production), it must be set and non-empty."""
    raw = os.environ.get(name, "").strip()
    if raw:
        return raw
    if when:
        raise MissingSetting(
            f"{name} must be set when DEBUG is off (production). "
            f"Set it in the environment, e.g. export {name}=..."
        )
    return default
