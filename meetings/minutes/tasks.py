from celery import shared_task

from .services import run_compilation


@shared_task(acks_late=True, ignore_result=True)
def compile_minutes(compilation_id: int) -> None:
    """Compile one requested version of the minutes or an export (see services.run_compilation)."""
    run_compilation(compilation_id)
