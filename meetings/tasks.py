"""Celery tasks of the meetings app (autodiscovered from here)."""

from .minutes.tasks import compile_minutes

__all__ = ["compile_minutes"]
